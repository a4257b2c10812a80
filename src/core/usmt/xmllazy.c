/*
 * libxml2, loaded the first time it is used rather than when usmtwiz
 * starts.  The shared libxml2 brings ICU and the C++ runtime with it;
 * loading and relocating them is most of the time usmtwiz takes to start,
 * and the wizard's first screen, `explain`, `attach` and reading hives
 * never parse XML.
 *
 * This file defines the libxml2 functions usmtwiz calls (and the xmlFree
 * hook): each looks the real function up once, from libxml2 opened with
 * the shared library on first use (sys_lib_symbol), and calls it.  Linked
 * with --as-needed, a program whose every libxml2 call is here then does
 * not load libxml2 at start.  A libxml2 call that is not listed here still
 * works: the linker takes it from libxml2 itself, which then loads at
 * start again (the wizard first-screen bench shows it).  Built only when
 * the Makefile defines WIZ_LAZY_XML (POSIX, LAZY_XML=yes); the Windows
 * build links libxml2 in.
 */
#ifdef WIZ_LAZY_XML

#include <stdlib.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "base/xalloc.h"
#include "platform/sys.h"

#ifndef WIZ_LIBXML2_SONAME
#define WIZ_LIBXML2_SONAME "libxml2.so.2"
#endif

/* The address of libxml2's NAME; usmtwiz cannot go on without it. */
static void *xml_sym(const char *name)
{
    char why[256];
    void *p = sys_lib_symbol(WIZ_LIBXML2_SONAME, name, why, sizeof(why));

    if (!p)
        die("libxml2, which reads USMT's XML files, cannot be used: %s", why);
    return p;
}

/*
 * XML_FN(return type, name, (parameters), (arguments)): NAME forwarding
 * to libxml2's NAME, looked up once.  The parameter lists are checked
 * against libxml2's own declarations (the headers above).
 */
#define XML_FN(ret, name, params, args)                                     \
    ret name params                                                         \
    {                                                                       \
        static ret (*fn) params;                                            \
        if (!fn)                                                            \
            *(void **)&fn = xml_sym(#name);                                 \
        return fn args;                                                     \
    }

#define XML_VOID_FN(name, params, args)                                     \
    void name params                                                        \
    {                                                                       \
        static void (*fn) params;                                           \
        if (!fn)                                                            \
            *(void **)&fn = xml_sym(#name);                                 \
        fn args;                                                            \
    }

/* parser */
XML_VOID_FN(xmlInitParser, (void), ())
XML_FN(xmlParserCtxtPtr, xmlNewParserCtxt, (void), ())
XML_VOID_FN(xmlFreeParserCtxt, (xmlParserCtxtPtr ctxt), (ctxt))
XML_VOID_FN(xmlStopParser, (xmlParserCtxtPtr ctxt), (ctxt))
XML_FN(xmlDocPtr, xmlCtxtReadMemory,
       (xmlParserCtxtPtr ctxt, const char *buffer, int size, const char *URL,
        const char *encoding, int options),
       (ctxt, buffer, size, URL, encoding, options))
XML_FN(xmlDocPtr, xmlReadMemory,
       (const char *buffer, int size, const char *URL, const char *encoding,
        int options),
       (buffer, size, URL, encoding, options))

/* error hooks (per thread: libxml2 is built with threads) */
XML_FN(xmlGenericErrorFunc *, __xmlGenericError, (void), ())
XML_FN(void **, __xmlGenericErrorContext, (void), ())
XML_FN(xmlStructuredErrorFunc *, __xmlStructuredError, (void), ())
XML_FN(void **, __xmlStructuredErrorContext, (void), ())
XML_VOID_FN(xmlSetGenericErrorFunc, (void *ctx, xmlGenericErrorFunc handler),
            (ctx, handler))
XML_VOID_FN(xmlSetStructuredErrorFunc,
            (void *ctx, xmlStructuredErrorFunc handler), (ctx, handler))

/* tree */
XML_VOID_FN(xmlFreeDoc, (xmlDocPtr cur), (cur))
XML_FN(xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *doc), (doc))
XML_FN(long, xmlGetLineNo, (const xmlNode *node), (node))
XML_FN(xmlChar *, xmlGetProp, (const xmlNode *node, const xmlChar *name),
       (node, name))
XML_FN(xmlAttrPtr, xmlSetProp,
       (xmlNodePtr node, const xmlChar *name, const xmlChar *value),
       (node, name, value))
XML_FN(xmlChar *, xmlNodeGetContent, (const xmlNode *cur), (cur))
XML_FN(xmlChar *, xmlNodeListGetString,
       (xmlDocPtr doc, const xmlNode *list, int inLine), (doc, list, inLine))
XML_VOID_FN(xmlDocDumpMemoryEnc,
            (xmlDocPtr out_doc, xmlChar **doc_txt_ptr, int *doc_txt_len,
             const char *txt_encoding),
            (out_doc, doc_txt_ptr, doc_txt_len, txt_encoding))

/* buffers */
XML_FN(xmlBufferPtr, xmlBufferCreate, (void), ())
XML_VOID_FN(xmlBufferFree, (xmlBufferPtr buf), (buf))
XML_FN(const xmlChar *, xmlBufferContent, (const xmlBuffer *buf), (buf))
XML_FN(int, xmlBufferLength, (const xmlBuffer *buf), (buf))

/* writer */
XML_FN(xmlTextWriterPtr, xmlNewTextWriterMemory,
       (xmlBufferPtr buf, int compression), (buf, compression))
XML_VOID_FN(xmlFreeTextWriter, (xmlTextWriterPtr writer), (writer))
XML_FN(int, xmlTextWriterSetIndent, (xmlTextWriterPtr writer, int indent),
       (writer, indent))
XML_FN(int, xmlTextWriterSetIndentString,
       (xmlTextWriterPtr writer, const xmlChar *str), (writer, str))
XML_FN(int, xmlTextWriterStartDocument,
       (xmlTextWriterPtr writer, const char *version, const char *encoding,
        const char *standalone),
       (writer, version, encoding, standalone))
XML_FN(int, xmlTextWriterEndDocument, (xmlTextWriterPtr writer), (writer))
XML_FN(int, xmlTextWriterStartElement,
       (xmlTextWriterPtr writer, const xmlChar *name), (writer, name))
XML_FN(int, xmlTextWriterEndElement, (xmlTextWriterPtr writer), (writer))
XML_FN(int, xmlTextWriterWriteAttribute,
       (xmlTextWriterPtr writer, const xmlChar *name, const xmlChar *content),
       (writer, name, content))
XML_FN(int, xmlTextWriterWriteElement,
       (xmlTextWriterPtr writer, const xmlChar *name, const xmlChar *content),
       (writer, name, content))
XML_FN(int, xmlTextWriterWriteString,
       (xmlTextWriterPtr writer, const xmlChar *content), (writer, content))

/*
 * xmlFree is a variable libxml2 exports (the function that frees what it
 * allocated).  Ours frees through libxml2's own, so that a program that
 * changes libxml2's allocator (xmlMemSetup) is still right.
 */
static void lazy_xml_free(void *mem)
{
    static xmlFreeFunc *real;

    if (!mem)
        return;
    if (!real)
        real = xml_sym("xmlFree");
    (*real)(mem);
}

xmlFreeFunc xmlFree = lazy_xml_free;

#else
typedef int wiz_lazy_xml_off;
#endif

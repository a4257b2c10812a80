#include "core/usmt/xmlload.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include "base/err.h"
#include "base/xalloc.h"


/* Where libxml2's complaints go while one document is parsed. */
struct sink {
    bool have;          /* first error kept */
    bool dtd;           /* a document type declaration was seen */
    long dtd_line;
    long line;
    char msg[256];
};

#if LIBXML_VERSION >= 21200
static void on_structured_error(void *data, const xmlError *e)
#else
static void on_structured_error(void *data, xmlErrorPtr e)
#endif
{
    xmlParserCtxtPtr ctxt = data;
    struct sink *s = ctxt ? ctxt->_private : NULL;
    size_t n;

    if (!s || !e || s->have || e->level < XML_ERR_ERROR) {
        return;
    }
    s->have = true;
    s->line = e->line;
    snprintf(s->msg, sizeof(s->msg), "%s", e->message ? e->message : "");
    n = strlen(s->msg);
    while (n && (s->msg[n - 1] == '\n' || s->msg[n - 1] == ' ')) {
        s->msg[--n] = '\0';
    }
}

static void on_generic_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* SAX hook: a DOCTYPE stops the parse before any of it is read. */
static void on_internal_subset(void *data, const xmlChar *name,
                               const xmlChar *external_id,
                               const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = data;
    struct sink *s = ctxt->_private;

    (void)name;
    (void)external_id;
    (void)system_id;
    s->dtd = true;
    s->dtd_line = ctxt->input ? (long)ctxt->input->line : 0;
    xmlStopParser(ctxt);
}

/* libxml2 keeps its error hooks per thread; we put them back after use. */
struct saved_handlers {
    xmlStructuredErrorFunc serror;
    void *serror_ctx;
    xmlGenericErrorFunc generic;
    void *generic_ctx;
};

static void handlers_take(struct saved_handlers *h, void *ctx)
{
    h->serror = xmlStructuredError;
    h->serror_ctx = xmlStructuredErrorContext;
    h->generic = xmlGenericError;
    h->generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(ctx, on_structured_error);
    xmlSetGenericErrorFunc(NULL, on_generic_error);
}

static void handlers_restore(const struct saved_handlers *h)
{
    xmlSetStructuredErrorFunc(h->serror_ctx, h->serror);
    xmlSetGenericErrorFunc(h->generic_ctx, h->generic);
}

xmlDocPtr xmlload_memory(const char *data, size_t len, const char *name,
                         size_t max, struct wiz_err *err)
{
    struct saved_handlers saved;
    struct sink sink;
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;

    if (len > max || len > INT_MAX) {
        err_set(err, WIZ_ELIMIT, "cannot parse '%s': larger than %zu bytes",
                name, max);
        return NULL;
    }
    memset(&sink, 0, sizeof(sink));
    xmlInitParser();
    ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        die("out of memory");
    }
    ctxt->_private = &sink;
    ctxt->sax->serror = on_structured_error;
    ctxt->sax->internalSubset = on_internal_subset;
    handlers_take(&saved, ctxt);
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, options);
    handlers_restore(&saved);
    if (sink.dtd) {
        err_set(err, WIZ_EFORMAT,
                "cannot parse '%s': line %ld: a document type declaration "
                "(<!DOCTYPE>) is not allowed: DTDs and entities are refused",
                name, sink.dtd_line);
    } else if (!doc || !ctxt->wellFormed) {
        if (sink.have) {
            err_set(err, WIZ_EFORMAT, "cannot parse '%s': line %ld: %s",
                    name, sink.line, sink.msg);
        } else {
            err_set(err, WIZ_EFORMAT, "cannot parse '%s': not well-formed",
                    name);
        }
    } else if (!xmlDocGetRootElement(doc)) {
        err_set(err, WIZ_EFORMAT, "cannot parse '%s': no root element",
                name);
    } else {
        xmlFreeParserCtxt(ctxt);
        return doc;
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return NULL;
}

#include "core/usmt/usmtxml.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/usmt/xmlload.h"
#include "platform/fs.h"

/* Every file through the one safe loader. */
static xmlDocPtr load_doc(const char *data, size_t len, const char *name,
                          struct wiz_err *err)
{
    return xmlload_memory(data, len, name, USMTXML_MAX_BYTES, err);
}

/* ---- the plain tree ---- */

static size_t count_elements(xmlNodePtr first)
{
    size_t n = 0;

    for (xmlNodePtr c = first; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            n++;
        }
    }
    return n;
}

static void copy_elem(xmlNodePtr node, struct usmtxml_elem *e)
{
    struct strbuf text = STRBUF_INIT;
    size_t n_attrs = 0;
    size_t i = 0;

    memset(e, 0, sizeof(*e));
    e->name = xstrdup((const char *)node->name);
    e->line = (long)xmlGetLineNo(node);
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        n_attrs++;
    }
    if (n_attrs) {
        e->attrs = xcalloc(n_attrs, sizeof(*e->attrs));
    }
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        xmlChar *v = xmlNodeListGetString(node->doc, a->children, 1);

        e->attrs[i].name = xstrdup((const char *)a->name);
        e->attrs[i].value = xstrdup(v ? (const char *)v : "");
        xmlFree(v);
        i++;
    }
    e->n_attrs = n_attrs;
    e->n_children = count_elements(node->children);
    if (e->n_children) {
        e->children = xcalloc(e->n_children, sizeof(*e->children));
    }
    strbuf_init(&text);
    i = 0;
    for (xmlNodePtr c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            copy_elem(c, &e->children[i++]);
        } else if ((c->type == XML_TEXT_NODE ||
                    c->type == XML_CDATA_SECTION_NODE) && c->content) {
            strbuf_adds(&text, (const char *)c->content);
        }
    }
    e->text = strbuf_detach(&text, NULL);
}

static void release_elem(struct usmtxml_elem *e)
{
    for (size_t i = 0; i < e->n_attrs; i++) {
        free(e->attrs[i].name);
        free(e->attrs[i].value);
    }
    free(e->attrs);
    for (size_t i = 0; i < e->n_children; i++) {
        release_elem(&e->children[i]);
    }
    free(e->children);
    free(e->name);
    free(e->text);
}

void usmtxml_elem_free(struct usmtxml_elem *root)
{
    if (root) {
        release_elem(root);
        free(root);
    }
}

int usmtxml_parse_tree(const char *data, size_t len, const char *name,
                       struct usmtxml_elem **out, struct wiz_err *err)
{
    xmlDocPtr doc = load_doc(data, len, name, err);

    *out = NULL;
    if (!doc) {
        return -1;
    }
    *out = xmalloc(sizeof(**out));
    copy_elem(xmlDocGetRootElement(doc), *out);
    xmlFreeDoc(doc);
    return 0;
}

const char *usmtxml_elem_attr(const struct usmtxml_elem *e, const char *name)
{
    for (size_t i = 0; i < e->n_attrs; i++) {
        if (strcmp(e->attrs[i].name, name) == 0) {
            return e->attrs[i].value;
        }
    }
    return NULL;
}

/* ---- documents and components ---- */

struct usmtxml_doc {
    xmlDocPtr xml;
    char *path;                 /* the file it came from, or NULL */
    enum usmtxml_kind kind;
    char *root_name;
    char *urlid;
    struct usmtxml_component *comps;
    xmlNodePtr *nodes;          /* the element of each component */
    size_t n;
    size_t alloc;
};

static bool name_is(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE &&
           str_ieq((const char *)node->name, name);
}

/* Attribute by name, any case; a new string or NULL. */
static char *attr_ci(xmlNodePtr node, const char *name)
{
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        if (str_ieq((const char *)a->name, name)) {
            xmlChar *v = xmlNodeListGetString(node->doc, a->children, 1);
            char *s = xstrdup(v ? (const char *)v : "");

            xmlFree(v);
            return s;
        }
    }
    return NULL;
}

static char *trimmed_content(xmlNodePtr node)
{
    xmlChar *v = xmlNodeGetContent(node);
    const char *s = v ? (const char *)v : "";
    size_t len;
    char *out;

    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
        s++;
    }
    len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                   s[len - 1] == '\r' || s[len - 1] == '\n')) {
        len--;
    }
    out = xstrndup(s, len);
    xmlFree(v);
    return out;
}

static enum usmtxml_migrate parse_migrate(const char *v)
{
    if (!v) {
        return USMTXML_MIGRATE_NONE;
    }
    if (str_ieq(v, "yes")) {
        return USMTXML_MIGRATE_YES;
    }
    if (str_ieq(v, "no")) {
        return USMTXML_MIGRATE_NO;
    }
    return USMTXML_MIGRATE_OTHER;
}

static char *display_name(struct usmtxml_doc *d, xmlNodePtr node)
{
    char *name;

    if (d->kind == USMTXML_CONFIG) {
        name = attr_ci(node, "displayname");
        return name ? name : xstrdup("");
    }
    for (xmlNodePtr c = node->children; c; c = c->next) {
        if (name_is(c, "displayName")) {
            return trimmed_content(c);
        }
    }
    return xstrdup("");
}

static void add_component(struct usmtxml_doc *d, xmlNodePtr node,
                          int parent, int depth, const char *section)
{
    struct usmtxml_component *c;
    char *migrate;

    XGROW(d->comps, d->alloc, d->n + 1);
    d->nodes = xreallocarray(d->nodes, d->alloc, sizeof(*d->nodes));
    c = &d->comps[d->n];
    memset(c, 0, sizeof(*c));
    c->name = display_name(d, node);
    c->id = d->kind == USMTXML_CONFIG ? attr_ci(node, "ID") : NULL;
    c->type = d->kind == USMTXML_CONFIG ? NULL : attr_ci(node, "type");
    c->section = section ? xstrdup(section) : NULL;
    c->parent = parent;
    c->depth = depth;
    c->top_level = node->parent == (xmlNodePtr)xmlDocGetRootElement(d->xml);
    migrate = attr_ci(node, "migrate");
    c->migrate = parse_migrate(migrate);
    free(migrate);
    c->line = (long)xmlGetLineNo(node);
    d->nodes[d->n] = node;
    d->n++;
}

/* Pre-order walk collecting <component> elements. */
static void collect(struct usmtxml_doc *d, xmlNodePtr node, int parent,
                    int depth, const char *section)
{
    for (xmlNodePtr c = node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (str_ieq((const char *)c->name, "component")) {
            int me = (int)d->n;

            add_component(d, c, parent, depth, section);
            collect(d, c, me, depth + 1, section);
        } else if (!section && d->kind == USMTXML_CONFIG &&
                   node == xmlDocGetRootElement(d->xml)) {
            collect(d, c, parent, depth, (const char *)c->name);
        } else {
            collect(d, c, parent, depth, section);
        }
    }
}

static enum usmtxml_kind classify(const char *root)
{
    if (strcmp(root, "migration") == 0) {
        return USMTXML_MIGRATION;
    }
    if (strcmp(root, "Configuration") == 0) {
        return USMTXML_CONFIG;
    }
    if (str_ieq(root, "offline")) {
        return USMTXML_OFFLINE;
    }
    return USMTXML_OTHER;
}

int usmtxml_parse(const char *data, size_t len, const char *name,
                  struct usmtxml_doc **out, struct wiz_err *err)
{
    xmlDocPtr xml = load_doc(data, len, name, err);
    struct usmtxml_doc *d;
    xmlNodePtr root;

    *out = NULL;
    if (!xml) {
        return -1;
    }
    d = xcalloc(1, sizeof(*d));
    d->xml = xml;
    root = xmlDocGetRootElement(xml);
    d->root_name = xstrdup((const char *)root->name);
    d->kind = classify(d->root_name);
    if (d->kind == USMTXML_MIGRATION) {
        d->urlid = attr_ci(root, "urlid");
    }
    collect(d, root, -1, 0, NULL);
    *out = d;
    return 0;
}

int usmtxml_load(const char *path, struct usmtxml_doc **out,
                 struct wiz_err *err)
{
    char *data;
    size_t len;
    int ret;

    *out = NULL;
    if (fs_read_file(path, USMTXML_MAX_BYTES, &data, &len, err) < 0) {
        return -1;
    }
    ret = usmtxml_parse(data, len, path, out, err);
    free(data);
    if (ret == 0) {
        (*out)->path = xstrdup(path);
    }
    return ret;
}

void usmtxml_free(struct usmtxml_doc *doc)
{
    if (!doc) {
        return;
    }
    for (size_t i = 0; i < doc->n; i++) {
        free(doc->comps[i].name);
        free(doc->comps[i].id);
        free(doc->comps[i].type);
        free(doc->comps[i].section);
    }
    free(doc->comps);
    free(doc->nodes);
    free(doc->root_name);
    free(doc->urlid);
    free(doc->path);
    xmlFreeDoc(doc->xml);
    free(doc);
}

enum usmtxml_kind usmtxml_kind(const struct usmtxml_doc *doc)
{
    return doc->kind;
}

const char *usmtxml_root_name(const struct usmtxml_doc *doc)
{
    return doc->root_name;
}

const char *usmtxml_urlid(const struct usmtxml_doc *doc)
{
    return doc->urlid;
}

const char *usmtxml_urlid_name(const struct usmtxml_doc *doc)
{
    const char *slash;

    if (!doc->urlid) {
        return NULL;
    }
    slash = strrchr(doc->urlid, '/');
    return slash ? slash + 1 : doc->urlid;
}

const char *usmtxml_kind_name(enum usmtxml_kind kind)
{
    switch (kind) {
    case USMTXML_MIGRATION:
        return "migration rules";
    case USMTXML_CONFIG:
        return "Config.xml";
    case USMTXML_OFFLINE:
        return "offline.xml";
    case USMTXML_OTHER:
        break;
    }
    return "other XML";
}

size_t usmtxml_component_count(const struct usmtxml_doc *doc)
{
    return doc->n;
}

const struct usmtxml_component *usmtxml_component(
    const struct usmtxml_doc *doc, size_t i)
{
    return i < doc->n ? &doc->comps[i] : NULL;
}

size_t usmtxml_top_level_count(const struct usmtxml_doc *doc)
{
    size_t n = 0;

    for (size_t i = 0; i < doc->n; i++) {
        if (doc->comps[i].top_level) {
            n++;
        }
    }
    return n;
}

static void set_one(struct usmtxml_doc *doc, size_t i, bool yes)
{
    xmlSetProp(doc->nodes[i], (const xmlChar *)"migrate",
               (const xmlChar *)(yes ? "yes" : "no"));
    doc->comps[i].migrate = yes ? USMTXML_MIGRATE_YES : USMTXML_MIGRATE_NO;
}

int usmtxml_set_migrate(struct usmtxml_doc *doc, size_t i, bool yes,
                        bool recursive, struct wiz_err *err)
{
    if (doc->kind != USMTXML_CONFIG) {
        return err_set(err, WIZ_EUSAGE,
                       "cannot change components: '%s' is not a Config.xml",
                       doc->path ? doc->path : doc->root_name);
    }
    if (i >= doc->n) {
        return err_set(err, WIZ_EUSAGE, "no component number %zu", i);
    }
    set_one(doc, i, yes);
    if (!recursive) {
        return 0;
    }
    /* pre-order: the descendants follow i until depth drops back */
    for (size_t j = i + 1; j < doc->n && doc->comps[j].depth >
                                         doc->comps[i].depth; j++) {
        set_one(doc, j, yes);
    }
    return 0;
}

static bool same_file(const char *a, const char *b)
{
    struct fs_stat sa;
    struct fs_stat sb;
    char *abs_a = fs_absolute(a);
    char *abs_b = fs_absolute(b);
    bool same = strcmp(abs_a, abs_b) == 0;

    free(abs_a);
    free(abs_b);
    if (!same && fs_stat_follow(a, &sa, NULL) == 0 &&
        fs_stat_follow(b, &sb, NULL) == 0 && sa.type != FS_NONE &&
        sb.type != FS_NONE) {
        same = sa.dev == sb.dev && sa.ino == sb.ino;
    }
    return same;
}

int usmtxml_save_as(const struct usmtxml_doc *doc, const char *path,
                    bool replace, struct wiz_err *err)
{
    xmlChar *mem = NULL;
    int size = 0;
    int ret;

    if (doc->path && same_file(doc->path, path)) {
        return err_set(err, WIZ_EUSAGE,
                       "cannot save over '%s': choose a new file name",
                       path);
    }
    if (!replace && fs_exists(path)) {
        return err_set(err, WIZ_EEXIST, "cannot save '%s': it already exists",
                       path);
    }
    xmlDocDumpMemoryEnc(doc->xml, &mem, &size, "UTF-8");
    if (!mem || size < 0) {
        xmlFree(mem);
        return err_set(err, WIZ_EIO, "cannot save '%s': serialising failed",
                       path);
    }
    ret = fs_write_file_atomic(path, mem, (size_t)size, false, err);
    xmlFree(mem);
    return ret;
}

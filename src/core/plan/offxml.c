#include "core/plan/offxml.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "base/err.h"
#include "base/str.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/usmt/usmtxml.h"
#include "platform/fs.h"

void offxml_init(struct offxml *x)
{
    memset(x, 0, sizeof(*x));
    x->fail_on_multiple = OFFXML_UNSET;
}

void offxml_release(struct offxml *x)
{
    plan_strv_release(&x->windirs);
    plan_strv_release(&x->mappings);
    plan_strv_release(&x->problems);
    offxml_init(x);
}

void offxml_from_plan(struct offxml *x, const struct plan *plan)
{
    if (plan->offline_windir && *plan->offline_windir) {
        plan_strv_push(&x->windirs, plan->offline_windir);
    }
    for (size_t i = 0; i < plan->extra_windirs.n; i++) {
        plan_strv_push(&x->windirs, plan->extra_windirs.items[i]);
    }
    for (size_t i = 0; i < plan->offline_mappings.n; i++) {
        plan_strv_push(&x->mappings, plan->offline_mappings.items[i]);
    }
    if (plan->fail_on_multiple_windir) {
        x->fail_on_multiple = 1;
    }
}

static int check_path(const char *what, const char *p, struct wiz_err *err)
{
    if (!*p) {
        return err_set(err, WIZ_EUSAGE, "cannot write offline.xml: empty %s",
                       what);
    }
    if (!utf8_is_valid(p, strlen(p))) {
        return err_set(err, WIZ_EUSAGE,
                       "cannot write offline.xml: %s is not UTF-8", what);
    }
    for (const unsigned char *s = (const unsigned char *)p; *s; s++) {
        if (*s < 0x20 || *s == 0x7f) {
            return err_set(err, WIZ_EUSAGE,
                           "cannot write offline.xml: %s '%s' holds a "
                           "control character", what, p);
        }
    }
    return 0;
}

static int check_all(const struct offxml *x, struct wiz_err *err)
{
    if (!x->windirs.n) {
        return err_set(err, WIZ_EUSAGE,
                       "cannot write offline.xml: no Windows folder");
    }
    for (size_t i = 0; i < x->windirs.n; i++) {
        if (check_path("Windows folder", x->windirs.items[i], err) < 0) {
            return -1;
        }
    }
    for (size_t i = 0; i < x->mappings.n; i++) {
        if (check_path("mapping", x->mappings.items[i], err) < 0) {
            return -1;
        }
    }
    return 0;
}

static int write_paths(xmlTextWriterPtr w, const char *parent,
                       const struct plan_strv *v)
{
    int rc = xmlTextWriterStartElement(w, (const xmlChar *)parent);

    for (size_t i = 0; rc >= 0 && i < v->n; i++) {
        rc = xmlTextWriterWriteElement(w, (const xmlChar *)"path",
                                       (const xmlChar *)v->items[i]);
    }
    if (rc >= 0) {
        rc = xmlTextWriterEndElement(w);
    }
    return rc;
}

static int write_doc(xmlTextWriterPtr w, const struct offxml *x)
{
    int rc;

    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
    rc = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    if (rc >= 0) {
        rc = xmlTextWriterStartElement(w, (const xmlChar *)"offline");
    }
    if (rc >= 0) {
        rc = write_paths(w, "winDir", &x->windirs);
    }
    if (rc >= 0 && x->mappings.n) {
        rc = write_paths(w, "mappings", &x->mappings);
    }
    if (rc >= 0 && (x->fail_on_multiple == 0 || x->fail_on_multiple == 1)) {
        rc = xmlTextWriterWriteElement(
            w, (const xmlChar *)"failOnMultipleWinDir",
            (const xmlChar *)(x->fail_on_multiple ? "1" : "0"));
    }
    if (rc >= 0) {
        rc = xmlTextWriterEndDocument(w);
    }
    return rc;
}

int offxml_to_string(const struct offxml *x, char **out, size_t *len,
                     struct wiz_err *err)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    int rc;

    *out = NULL;
    if (len) {
        *len = 0;
    }
    if (check_all(x, err) < 0) {
        return -1;
    }
    buf = xmlBufferCreate();
    if (!buf) {
        die("out of memory");
    }
    w = xmlNewTextWriterMemory(buf, 0);
    if (!w) {
        die("out of memory");
    }
    rc = write_doc(w, x);
    xmlFreeTextWriter(w);
    if (rc < 0) {
        xmlBufferFree(buf);
        return err_set(err, WIZ_EIO, "cannot write offline.xml");
    }
    *out = xstrndup((const char *)xmlBufferContent(buf),
                    (size_t)xmlBufferLength(buf));
    if (len) {
        *len = (size_t)xmlBufferLength(buf);
    }
    xmlBufferFree(buf);
    return 0;
}

int offxml_write(const char *path, const struct offxml *x,
                 struct wiz_err *err)
{
    char *text;
    size_t len;
    int ret;

    if (offxml_to_string(x, &text, &len, err) < 0) {
        return err_prefix(err, "'%s'", path);
    }
    ret = fs_write_file_atomic(path, text, len, false, err);
    free(text);
    return ret;
}

/* ---- reading ---- */

static void problem(struct offxml *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct offxml *x, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = xvasprintf(fmt, ap);
    va_end(ap);
    plan_strv_push(&x->problems, msg);
    free(msg);
}

/* True when e is called want, any case; reports a wrong case. */
static bool named(struct offxml *x, const struct usmtxml_elem *e,
                  const char *want)
{
    if (strcmp(e->name, want) == 0) {
        return true;
    }
    if (str_ieq(e->name, want)) {
        problem(x, "line %ld: element <%s> should be written <%s> "
                   "(element names are case-sensitive)", e->line, e->name,
                want);
        return true;
    }
    return false;
}

static char *trim(const char *s)
{
    size_t len;

    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
        s++;
    }
    len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                   s[len - 1] == '\r' || s[len - 1] == '\n')) {
        len--;
    }
    return xstrndup(s, len);
}

static void read_paths(struct offxml *x, const struct usmtxml_elem *parent,
                       struct plan_strv *into)
{
    size_t found = 0;

    for (size_t i = 0; i < parent->n_children; i++) {
        const struct usmtxml_elem *c = &parent->children[i];
        char *p;

        if (!named(x, c, "path")) {
            problem(x, "line %ld: unknown element <%s> in <%s>", c->line,
                    c->name, parent->name);
            continue;
        }
        p = trim(c->text);
        if (!*p) {
            problem(x, "line %ld: empty <path> in <%s>", c->line,
                    parent->name);
        } else {
            plan_strv_push(into, p);
            found++;
        }
        free(p);
    }
    if (!found) {
        problem(x, "line %ld: <%s> has no <path>", parent->line,
                parent->name);
    }
}

static void read_fail(struct offxml *x, const struct usmtxml_elem *e)
{
    char *v = trim(e->text);

    if (strcmp(v, "1") == 0) {
        x->fail_on_multiple = 1;
    } else if (strcmp(v, "0") == 0) {
        x->fail_on_multiple = 0;
    } else {
        x->fail_on_multiple = PLAN_INVALID;
        problem(x, "line %ld: <failOnMultipleWinDir> is '%s' (use 0 or 1)",
                e->line, v);
    }
    free(v);
}

int offxml_parse(const char *data, size_t len, const char *name,
                 struct offxml *x, struct wiz_err *err)
{
    struct usmtxml_elem *root;
    bool have_windir = false;

    if (usmtxml_parse_tree(data, len, name, &root, err) < 0) {
        return -1;
    }
    if (!str_ieq(root->name, "offline")) {
        err_set(err, WIZ_EFORMAT,
                "'%s' is not an offline.xml: its root element is <%s>",
                name, root->name);
        usmtxml_elem_free(root);
        return -1;
    }
    named(x, root, "offline");
    for (size_t i = 0; i < root->n_children; i++) {
        const struct usmtxml_elem *c = &root->children[i];

        if (named(x, c, "winDir")) {
            have_windir = true;
            read_paths(x, c, &x->windirs);
        } else if (named(x, c, "mappings")) {
            read_paths(x, c, &x->mappings);
        } else if (named(x, c, "failOnMultipleWinDir")) {
            read_fail(x, c);
        } else {
            problem(x, "line %ld: unknown element <%s> in <offline>",
                    c->line, c->name);
        }
    }
    if (!have_windir) {
        problem(x, "no <winDir> element: scanstate needs at least one "
                   "Windows folder");
    }
    usmtxml_elem_free(root);
    return 0;
}

int offxml_read(const char *path, struct offxml *x, struct wiz_err *err)
{
    char *data;
    size_t len;
    int ret;

    if (fs_read_file(path, USMTXML_MAX_BYTES, &data, &len, err) < 0) {
        return -1;
    }
    ret = offxml_parse(data, len, path, x, err);
    free(data);
    return ret;
}

#include "lab/regimport.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "lab/regf.h"
#include "platform/fs.h"

/*
 * A .reg file is read as a sequence of logical lines (continuations
 * joined).  Value lines are collected per key section and written with one
 * hive_replace_values call when the section ends, because hivex rewrites
 * every value of a key each time one of them is set.  Keys met during the
 * import are remembered in a hash table keyed by their case-folded path,
 * so a file with many keys does not search sibling lists again and again.
 */

enum { REG_FILE_MAX = 1u << 30 };

/* ---- key cache --------------------------------------------------------- */

struct key_entry {
    char *path;         /* case-folded, relative to the root; NULL = free */
    size_t node;
    bool created;       /* made by this import: its children are all ours */
};

struct key_cache {
    struct key_entry *slots;
    size_t cap;         /* power of two */
    size_t used;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static char *fold(const char *s, size_t n)
{
    char *out = xstrndup(s, n);

    for (char *p = out; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    }
    return out;
}

static struct key_entry *cache_slot(struct key_cache *c, const char *path)
{
    size_t i = (size_t)hash_str(path) & (c->cap - 1);

    while (c->slots[i].path && strcmp(c->slots[i].path, path) != 0)
        i = (i + 1) & (c->cap - 1);
    return &c->slots[i];
}

static void cache_init(struct key_cache *c)
{
    c->cap = 1024;
    c->used = 0;
    c->slots = xcalloc(c->cap, sizeof(*c->slots));
}

static void cache_release(struct key_cache *c)
{
    for (size_t i = 0; i < c->cap; i++)
        free(c->slots[i].path);
    free(c->slots);
    c->slots = NULL;
    c->cap = c->used = 0;
}

static void cache_put_owned(struct key_cache *c, char *path, size_t node,
                            bool created);

static void cache_grow(struct key_cache *c, size_t cap)
{
    struct key_entry *old = c->slots;
    size_t old_cap = c->cap;

    c->cap = cap;
    c->used = 0;
    c->slots = xcalloc(c->cap, sizeof(*c->slots));
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].path)
            cache_put_owned(c, old[i].path, old[i].node, old[i].created);
    }
    free(old);
}

/* Insert; takes ownership of path (which must not be there yet). */
static void cache_put_owned(struct key_cache *c, char *path, size_t node,
                            bool created)
{
    struct key_entry *e;

    if ((c->used + 1) * 2 > c->cap)
        cache_grow(c, c->cap * 2);
    e = cache_slot(c, path);
    e->path = path;
    e->node = node;
    e->created = created;
    c->used++;
}

static struct key_entry *cache_get(struct key_cache *c, const char *path)
{
    struct key_entry *e = cache_slot(c, path);

    return e->path ? e : NULL;
}

/* Forget path and everything below it (after the key was deleted). */
static void cache_forget_tree(struct key_cache *c, const char *path)
{
    size_t n = strlen(path);
    struct key_entry *old = c->slots;
    size_t old_cap = c->cap;

    c->slots = xcalloc(c->cap, sizeof(*c->slots));
    c->used = 0;
    for (size_t i = 0; i < old_cap; i++) {
        char *p = old[i].path;

        if (!p)
            continue;
        if (strncmp(p, path, n) == 0 && (p[n] == '\0' || p[n] == '\\')) {
            free(p);
            continue;
        }
        cache_put_owned(c, p, old[i].node, old[i].created);
    }
    free(old);
}

/* ---- import state ------------------------------------------------------ */

struct value_op {
    char *name;
    char *folded;
    bool remove;
    uint32_t type;
    unsigned char *data;
    size_t len;
    size_t seq;
};

struct importer {
    struct hive *h;             /* write through hivex, or */
    struct regf_key *mem;       /* build a tree in memory (then h is NULL) */
    const char *name;
    const char *strip;
    bool regedit4;
    struct key_cache cache;
    /* the current section */
    bool in_key;            /* a [key] section is open */
    size_t node;
    size_t section_line;
    struct value_op *ops;
    size_t nops, ops_alloc;
};

static int line_err(struct importer *im, size_t line, enum wiz_err_code code,
                    struct wiz_err *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int line_err(struct importer *im, size_t line, enum wiz_err_code code,
                    struct wiz_err *err, const char *fmt, ...)
{
    char msg[WIZ_ERR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return err_set(err, code, "%s:%zu: %s", im->name, line, msg);
}

static void ops_clear(struct importer *im)
{
    for (size_t i = 0; i < im->nops; i++) {
        free(im->ops[i].name);
        free(im->ops[i].folded);
        free(im->ops[i].data);
    }
    im->nops = 0;
}

static int cmp_by_name_then_seq(const void *a, const void *b)
{
    const struct value_op *x = a, *y = b;
    int c = strcmp(x->folded, y->folded);

    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_by_seq(const void *a, const void *b)
{
    const struct value_op *x = a, *y = b;

    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void ops_add(struct importer *im, char *name, bool remove,
                    uint32_t type, unsigned char *data, size_t len)
{
    struct value_op *op;

    XGROW(im->ops, im->ops_alloc, im->nops + 1);
    op = &im->ops[im->nops];
    op->name = name;
    op->folded = fold(name, strlen(name));
    op->remove = remove;
    op->type = type;
    op->data = data;
    op->len = len;
    op->seq = im->nops;
    im->nops++;
}

/* ---- the two back ends: a hive through hive.h, or a tree in memory -- */

static struct regf_key *mem_key(size_t node)
{
    return (struct regf_key *)(uintptr_t)node;
}

static size_t be_root(struct importer *im)
{
    return im->mem ? (size_t)(uintptr_t)im->mem : hive_root(im->h);
}

/* The child of parent called name, 0 when there is none. */
static int be_lookup(struct importer *im, size_t parent, const char *name,
                     size_t *child, struct wiz_err *err)
{
    if (!im->mem)
        return hive_lookup(im->h, parent, name, child, err);
    *child = 0;
    for (size_t i = 0; i < mem_key(parent)->nkids; i++) {
        if (str_ieq(mem_key(parent)->kids[i]->name, name)) {
            *child = (size_t)(uintptr_t)mem_key(parent)->kids[i];
            break;
        }
    }
    return 0;
}

static int be_add_child(struct importer *im, size_t parent, const char *name,
                        size_t *child, struct wiz_err *err)
{
    if (!im->mem)
        return hive_add_child(im->h, parent, name, child, err);
    *child = (size_t)(uintptr_t)regf_key_new(name, mem_key(parent));
    return 0;
}

static int be_delete(struct importer *im, size_t node, struct wiz_err *err)
{
    if (!im->mem)
        return hive_delete_child(im->h, node, err);
    regf_key_free(mem_key(node));
    return 0;
}

/* Append the values node has now to ops (*n of them, owned copies). */
static int be_read_values(struct importer *im, size_t node,
                          struct value_op **ops, size_t *n, size_t *alloc,
                          struct wiz_err *err)
{
    size_t *vals = NULL, nvals = 0;

    if (im->mem) {
        struct regf_key *k = mem_key(node);

        XGROW(*ops, *alloc, *n + k->nvals + 1);
        for (size_t i = 0; i < k->nvals; i++) {
            struct value_op *op = &(*ops)[*n];

            op->name = xstrdup(k->vals[i].name);
            op->folded = fold(op->name, strlen(op->name));
            op->remove = false;
            op->type = k->vals[i].type;
            op->len = k->vals[i].len;
            op->data = NULL;
            if (op->len) {
                op->data = xmalloc(op->len);
                memcpy(op->data, k->vals[i].data, op->len);
            }
            op->seq = (*n)++;
        }
        return 0;
    }
    if (hive_values(im->h, node, &vals, &nvals, err) < 0)
        return -1;
    XGROW(*ops, *alloc, *n + nvals + 1);
    for (size_t i = 0; i < nvals; i++) {
        struct hive_value v;
        struct value_op *op = &(*ops)[*n];

        if (hive_value_read(im->h, vals[i], &v, err) < 0) {
            free(vals);
            return -1;
        }
        op->name = hive_value_name(im->h, vals[i]);
        op->folded = fold(op->name, strlen(op->name));
        op->remove = false;
        op->type = v.type;
        op->data = v.data;
        op->len = v.len;
        op->seq = (*n)++;
    }
    free(vals);
    return 0;
}

static int be_replace_values(struct importer *im, size_t node,
                             const struct hive_value_set *set, size_t n,
                             struct wiz_err *err)
{
    struct regf_key *k;

    if (!im->mem)
        return hive_replace_values(im->h, node, set, n, err);
    k = mem_key(node);
    for (size_t i = 0; i < k->nvals; i++) {
        free(k->vals[i].name);
        free(k->vals[i].data);
    }
    free(k->vals);
    k->vals = xcalloc(n ? n : 1, sizeof(*k->vals));
    k->nvals = n;
    for (size_t i = 0; i < n; i++) {
        k->vals[i].name = xstrdup(set[i].name);
        k->vals[i].type = set[i].type;
        k->vals[i].len = set[i].len;
        if (set[i].len) {
            k->vals[i].data = xmalloc(set[i].len);
            memcpy(k->vals[i].data, set[i].data, set[i].len);
        }
    }
    return 0;
}

/*
 * Write the values collected for the current key: existing values first
 * (in their order), then the file's, the last word per name winning.
 */
static int flush_section(struct importer *im, struct wiz_err *err)
{
    struct value_op *all = NULL;
    size_t nvals = 0, nall = 0, alloc = 0, kept = 0;
    struct hive_value_set *set = NULL;
    int ret = -1;

    if (!im->in_key || im->nops == 0) {
        ops_clear(im);
        return 0;
    }
    if (be_read_values(im, im->node, &all, &nall, &alloc, err) < 0)
        goto out;
    nvals = nall;
    XGROW(all, alloc, nall + im->nops + 1);
    for (size_t i = 0; i < im->nops; i++) {
        all[nall] = im->ops[i];
        all[nall].seq = nvals + i;
        nall++;
    }
    im->nops = 0;   /* the ops now belong to all[] */

    /* keep the last word per name, in the place of its first */
    qsort(all, nall, sizeof(*all), cmp_by_name_then_seq);
    for (size_t i = 0, first = 0; i < nall; i++) {
        bool last = i + 1 == nall || strcmp(all[i].folded,
                                            all[i + 1].folded) != 0;

        if (last && !all[i].remove) {
            struct value_op tmp = all[kept];

            all[i].seq = all[first].seq;
            all[kept] = all[i];
            all[i] = tmp;
            kept++;
        }
        if (last)
            first = i + 1;
    }
    qsort(all, kept, sizeof(*all), cmp_by_seq);
    set = xcalloc(kept ? kept : 1, sizeof(*set));
    for (size_t i = 0; i < kept; i++) {
        set[i].name = all[i].name;
        set[i].type = all[i].type;
        set[i].data = all[i].data;
        set[i].len = all[i].len;
    }
    ret = be_replace_values(im, im->node, set, kept, err);
    if (ret < 0)
        err_prefix(err, "%s:%zu", im->name, im->section_line);
out:
    for (size_t i = 0; i < nall; i++) {
        free(all[i].name);
        free(all[i].folded);
        free(all[i].data);
    }
    free(all);
    free(set);
    ops_clear(im);
    return ret;
}

/*
 * Find or create the key at path (folded form in fpath, both relative to
 * the root; "" is the root).
 */
static int make_key(struct importer *im, const char *path, size_t *node,
                    bool *created, struct wiz_err *err)
{
    char *fpath = fold(path, strlen(path));
    struct key_entry *e = cache_get(&im->cache, fpath);
    const char *slash;
    size_t parent, child = 0;
    bool parent_created = false;

    if (e) {
        *node = e->node;
        *created = e->created;
        free(fpath);
        return 0;
    }
    if (!*path) {
        /* a tree in memory starts empty: nothing to look up below it */
        *node = be_root(im);
        *created = im->mem != NULL;
        cache_put_owned(&im->cache, fpath, *node, *created);
        return 0;
    }
    slash = strrchr(path, '\\');
    if (slash) {
        char *ppath = xstrndup(path, (size_t)(slash - path));
        int r = make_key(im, ppath, &parent, &parent_created, err);

        free(ppath);
        if (r < 0) {
            free(fpath);
            return -1;
        }
        slash++;
    } else {
        bool root_created;

        if (make_key(im, "", &parent, &root_created, err) < 0) {
            free(fpath);
            return -1;
        }
        parent_created = root_created;
        slash = path;
    }
    if (!*slash) {
        free(fpath);
        return err_set(err, WIZ_EFORMAT, "key path '%s' has an empty part",
                       path);
    }
    if (!parent_created && be_lookup(im, parent, slash, &child, err) < 0) {
        free(fpath);
        return -1;
    }
    *created = false;
    if (!child) {
        if (be_add_child(im, parent, slash, &child, err) < 0) {
            free(fpath);
            return -1;
        }
        *created = true;
    }
    *node = child;
    cache_put_owned(&im->cache, fpath, child, *created);
    return 0;
}

/* Key path relative to the root, or NULL when outside strip (new string). */
static char *relative_path(struct importer *im, const char *full)
{
    size_t n;

    if (!im->strip || !*im->strip)
        return xstrdup(full);
    n = strlen(im->strip);
    while (n > 0 && im->strip[n - 1] == '\\')
        n--;
    if (str_ncasecmp(full, im->strip, n) != 0)
        return NULL;
    if (full[n] == '\0')
        return xstrdup("");
    if (full[n] != '\\')
        return NULL;
    return xstrdup(full + n + 1);
}

static int key_line(struct importer *im, const char *line, size_t lineno,
                    struct wiz_err *err)
{
    const char *end = strrchr(line, ']');
    bool remove = line[1] == '-';
    const char *start = line + (remove ? 2 : 1);
    char *full, *rel;
    int ret = 0;

    if (flush_section(im, err) < 0)
        return -1;
    im->in_key = false;
    if (!end || end < start)
        return line_err(im, lineno, WIZ_EFORMAT, err,
                        "key line has no closing ']'");
    for (const char *p = end + 1; *p; p++) {
        if (*p != ' ' && *p != '\t')
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "unexpected text after ']'");
    }
    full = xstrndup(start, (size_t)(end - start));
    /* regedit never writes these; be lenient with a trailing backslash */
    while (full[0] && full[strlen(full) - 1] == '\\')
        full[strlen(full) - 1] = '\0';
    if (!*full) {
        free(full);
        return line_err(im, lineno, WIZ_EFORMAT, err, "empty key name");
    }
    rel = relative_path(im, full);
    if (!rel) {
        ret = line_err(im, lineno, WIZ_EUSAGE, err,
                       "key '%s' is outside '%s'", full, im->strip);
        free(full);
        return ret;
    }
    if (remove) {
        char *frel = fold(rel, strlen(rel));
        struct key_entry *e = cache_get(&im->cache, frel);
        size_t node = e ? e->node : 0;

        if (!*rel) {
            ret = line_err(im, lineno, WIZ_EUSAGE, err,
                           "cannot delete the root key '%s'", full);
        } else if (!e && !im->mem &&
                   hive_lookup(im->h, 0, rel, &node, err) < 0) {
            ret = err_prefix(err, "%s:%zu", im->name, lineno);
        } else if (node && be_delete(im, node, err) < 0) {
            ret = err_prefix(err, "%s:%zu", im->name, lineno);
        } else {
            cache_forget_tree(&im->cache, frel);
        }
        free(frel);
    } else {
        bool created;

        if (make_key(im, rel, &im->node, &created, err) < 0) {
            ret = err_prefix(err, "%s:%zu", im->name, lineno);
        } else {
            im->in_key = true;
            im->section_line = lineno;
        }
    }
    free(rel);
    free(full);
    return ret;
}

static bool is_blank_or_comment(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return *p == '\0' || *p == ';';
}

/*
 * Parse a quoted string at *pp (which points at the opening quote) with
 * the escapes \\ and \"; returns a new string and moves *pp past the
 * closing quote, or NULL when there is none.
 */
static char *parse_quoted(const char **pp)
{
    const char *p = *pp + 1;
    struct strbuf sb;

    strbuf_init(&sb);
    while (*p && *p != '"') {
        if (*p == '\\' && (p[1] == '\\' || p[1] == '"')) {
            strbuf_addch(&sb, p[1]);
            p += 2;
        } else {
            strbuf_addch(&sb, *p++);
        }
    }
    if (*p != '"') {
        strbuf_release(&sb);
        return NULL;
    }
    *pp = p + 1;
    return strbuf_detach(&sb, NULL);
}


/* 1..max hex digits up to the end (blanks and a comment allowed after). */
static int parse_hex_number(const char *p, size_t max, uint64_t *out)
{
    size_t n = 0;
    uint64_t v = 0;

    while (str_hexval(p[n]) >= 0) {
        v = v << 4 | (uint64_t)str_hexval(p[n]);
        n++;
    }
    if (n == 0 || n > max || !is_blank_or_comment(p + n))
        return -1;
    *out = v;
    return 0;
}

static int parse_hex_bytes(struct importer *im, size_t lineno, const char *p,
                           unsigned char **data, size_t *len,
                           struct wiz_err *err)
{
    unsigned char *out = xmalloc(strlen(p) / 2 + 1);
    size_t n = 0;

    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == ';')
            break;
        if (str_hexval(p[0]) < 0 || str_hexval(p[1]) < 0 ||
            (p[2] != ',' && p[2] != ' ' && p[2] != '\t' && p[2] != '\0' &&
             p[2] != ';')) {
            const char *q = p;

            while (*q && *q != ',')
                q++;
            free(out);
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "bad hex byte '%.*s' (expected two hex digits)",
                            (int)(q - p > 16 ? 16 : q - p), p);
        }
        out[n++] = (unsigned char)(str_hexval(p[0]) << 4 | str_hexval(p[1]));
        p += 2;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ',')
            p++;
    }
    *data = out;
    *len = n;
    return 0;
}

/* REGEDIT4 keeps REG_EXPAND_SZ and REG_MULTI_SZ bytes in the ANSI code
 * page; widen them byte by byte. */
static void widen_ansi(unsigned char **data, size_t *len)
{
    unsigned char *w = xmalloc(*len * 2 + 1);

    for (size_t i = 0; i < *len; i++) {
        w[2 * i] = (*data)[i];
        w[2 * i + 1] = 0;
    }
    free(*data);
    *data = w;
    *len *= 2;
}

static int value_line(struct importer *im, const char *line, size_t lineno,
                      struct wiz_err *err)
{
    const char *p = line;
    char *name;
    unsigned char *data = NULL;
    size_t len = 0;
    uint32_t type;
    uint64_t num;

    if (*p == '@') {
        name = xstrdup("");
        p++;
    } else {
        name = parse_quoted(&p);
        if (!name)
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "value name has no closing quote");
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '=') {
        free(name);
        return line_err(im, lineno, WIZ_EFORMAT, err,
                        "expected '=' after the value name");
    }
    p++;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!im->in_key) {
        free(name);
        return line_err(im, lineno, WIZ_EFORMAT, err,
                        "value line outside a [key] section");
    }

    if (*p == '-' && is_blank_or_comment(p + 1)) {
        ops_add(im, name, true, 0, NULL, 0);
        return 0;
    }
    if (*p == '"') {
        char *s = parse_quoted(&p);

        if (!s) {
            free(name);
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "string value has no closing quote");
        }
        if (!is_blank_or_comment(p)) {
            free(s);
            free(name);
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "unexpected text after the closing quote");
        }
        data = utf8_to_utf16le(s, strlen(s), &len);
        len += 2;   /* keep the terminator, as regedit does */
        free(s);
        ops_add(im, name, false, HIVE_REG_SZ, data, len);
        return 0;
    }
    if (str_istarts_with(p, "str(")) {
        /* hivexregedit's form: a string stored with any type number */
        const char *close = strchr(p, ')');
        char *num_text, *str;

        if (!close || close[1] != ':' || close[2] != '"') {
            free(name);
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "'str(' needs a type and '):\"'");
        }
        num_text = xstrndup(p + 4, (size_t)(close - p - 4));
        if (parse_hex_number(num_text, 8, &num) < 0) {
            free(num_text);
            free(name);
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "the type in 'str(...)' must be 1 to 8 hex "
                            "digits");
        }
        free(num_text);
        p = close + 2;
        str = parse_quoted(&p);
        if (!str || !is_blank_or_comment(p)) {
            free(str);
            free(name);
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            str ? "unexpected text after the closing quote"
                                : "string value has no closing quote");
        }
        data = utf8_to_utf16le(str, strlen(str), &len);
        free(str);
        ops_add(im, name, false, (uint32_t)num, data, len + 2);
        return 0;
    }
    if (str_istarts_with(p, "dword:")) {
        if (parse_hex_number(p + 6, 8, &num) < 0) {
            free(name);
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "'dword:' needs 8 hex digits");
        }
        data = xmalloc(4);
        for (int i = 0; i < 4; i++)
            data[i] = (unsigned char)(num >> (8 * i));
        ops_add(im, name, false, HIVE_REG_DWORD, data, 4);
        return 0;
    }
    if (str_istarts_with(p, "qword:")) {
        if (parse_hex_number(p + 6, 16, &num) < 0) {
            free(name);
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "'qword:' needs 16 hex digits");
        }
        data = xmalloc(8);
        for (int i = 0; i < 8; i++)
            data[i] = (unsigned char)(num >> (8 * i));
        ops_add(im, name, false, HIVE_REG_QWORD, data, 8);
        return 0;
    }
    if (str_istarts_with(p, "hex:")) {
        type = HIVE_REG_BINARY;
        p += 4;
    } else if (str_istarts_with(p, "hex(")) {
        const char *close = strchr(p, ')');
        char *num_text;

        if (!close || close[1] != ':') {
            free(name);
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "'hex(' needs a type and '):'");
        }
        num_text = xstrndup(p + 4, (size_t)(close - p - 4));
        if (parse_hex_number(num_text, 8, &num) < 0) {
            free(num_text);
            free(name);
            return line_err(im, lineno, WIZ_EFORMAT, err,
                            "the type in 'hex(...)' must be 1 to 8 hex "
                            "digits");
        }
        free(num_text);
        type = (uint32_t)num;
        p = close + 2;
    } else {
        char *shown = utf8_escape_for_terminal(p);
        int r = line_err(im, lineno, WIZ_EFORMAT, err,
                         "cannot understand the value data '%.40s'", shown);

        free(shown);
        free(name);
        return r;
    }
    if (parse_hex_bytes(im, lineno, p, &data, &len, err) < 0) {
        free(name);
        return -1;
    }
    if (im->regedit4 &&
        (type == HIVE_REG_EXPAND_SZ || type == HIVE_REG_MULTI_SZ))
        widen_ansi(&data, &len);
    ops_add(im, name, false, type, data, len);
    return 0;
}

/* ---- lines ------------------------------------------------------------- */

/*
 * The text as UTF-8 without BOM (new buffer).  Fails on UTF-16BE, which
 * regedit never writes.
 */
static int decode_text(struct importer *im, const char *data, size_t len,
                       char **out, size_t *out_len, struct wiz_err *err)
{
    const unsigned char *u = (const unsigned char *)data;

    if (len >= 2 && u[0] == 0xff && u[1] == 0xfe) {
        *out = utf16le_to_utf8(u + 2, len - 2, true, out_len);
        return 0;
    }
    if (len >= 2 && u[0] == 0xfe && u[1] == 0xff)
        return err_set(err, WIZ_EFORMAT, "%s: UTF-16 big-endian text is "
                       "not supported (save it as UTF-16LE or UTF-8)",
                       im->name);
    /* UTF-16LE without a BOM: the header starts with an ASCII letter */
    if (len >= 4 && u[0] != 0 && u[1] == 0 && u[2] != 0 && u[3] == 0) {
        *out = utf16le_to_utf8(u, len, true, out_len);
        return 0;
    }
    if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
        u += 3;
        len -= 3;
    }
    /* not xstrndup: a NUL inside must not shorten the text */
    *out = xmalloc(len + 1);
    memcpy(*out, u, len);
    (*out)[len] = '\0';
    *out_len = len;
    return 0;
}

static void trim_right(struct strbuf *sb)
{
    while (sb->len > 0 && (sb->buf[sb->len - 1] == ' ' ||
                           sb->buf[sb->len - 1] == '\t' ||
                           sb->buf[sb->len - 1] == '\r'))
        strbuf_setlen(sb, sb->len - 1);
}

/* Copy the physical line at *pp into sb (no newline); advance *pp. */
static bool next_line(const char **pp, const char *end, struct strbuf *sb)
{
    const char *p = *pp, *nl;

    if (p >= end)
        return false;
    nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
        nl = end;
    strbuf_add(sb, p, (size_t)(nl - p));
    *pp = nl < end ? nl + 1 : end;
    return true;
}

/* REGEDIT4 text is in the ANSI code page: take its bytes as Latin-1. */
static void latin1_to_utf8(struct strbuf *sb)
{
    struct strbuf out;

    strbuf_init(&out);
    for (size_t i = 0; i < sb->len; i++) {
        char buf[4];

        strbuf_add(&out, buf, utf8_encode((unsigned char)sb->buf[i], buf));
    }
    strbuf_reset(sb);
    strbuf_add(sb, out.buf, out.len);
    strbuf_release(&out);
}

static bool is_hex_value_line(const char *s)
{
    const char *eq;

    if (*s != '"' && *s != '@')
        return false;
    eq = strstr(s, "=hex");
    if (!eq)
        eq = strstr(s, "= hex");
    return eq != NULL;
}

static int import_text(struct importer *im, const char *text, size_t len,
                       struct wiz_err *err)
{
    const char *p = text, *end = text + len;
    struct strbuf line;
    size_t lineno = 0, start;
    bool header = false;
    int ret = 0;

    strbuf_init(&line);
    while (ret == 0) {
        strbuf_reset(&line);
        if (!next_line(&p, end, &line))
            break;
        start = ++lineno;
        trim_right(&line);
        /* a trailing backslash continues hex data on the next line */
        while (line.len > 0 && line.buf[line.len - 1] == '\\' &&
               is_hex_value_line(line.buf)) {
            struct strbuf more;

            strbuf_setlen(&line, line.len - 1);
            strbuf_init(&more);
            if (!next_line(&p, end, &more)) {
                strbuf_release(&more);
                break;
            }
            lineno++;
            trim_right(&more);
            const char *m = more.buf;

            while (*m == ' ' || *m == '\t')
                m++;
            strbuf_adds(&line, m);
            strbuf_release(&more);
        }
        if (memchr(line.buf, '\0', line.len)) {
            ret = line_err(im, start, WIZ_EFORMAT, err,
                           "line contains a NUL character");
            break;
        }
        if (!utf8_is_valid(line.buf, line.len)) {
            if (!im->regedit4) {
                ret = line_err(im, start, WIZ_EFORMAT, err,
                               "text is not valid UTF-8 (save the file as "
                               "UTF-16LE or UTF-8)");
                break;
            }
            latin1_to_utf8(&line);
        }
        const char *s = line.buf;

        while (*s == ' ' || *s == '\t')
            s++;
        if (!header) {
            if (!*s)
                continue;
            if (strcmp(s, "Windows Registry Editor Version 5.00") == 0) {
                header = true;
            } else if (strcmp(s, "REGEDIT4") == 0) {
                header = true;
                im->regedit4 = true;
            } else if (*s == '[') {
                /* hivexregedit writes no header line: go on with keys */
                header = true;
                ret = key_line(im, s, start, err);
            } else {
                ret = line_err(im, start, WIZ_EFORMAT, err,
                               "not a .reg file (expected 'Windows Registry "
                               "Editor Version 5.00', 'REGEDIT4' or a "
                               "[key] line)");
            }
            continue;
        }
        if (*s == '\0' || *s == ';')
            continue;
        if (*s == '[')
            ret = key_line(im, s, start, err);
        else if (*s == '"' || *s == '@')
            ret = value_line(im, s, start, err);
        else
            ret = line_err(im, start, WIZ_EFORMAT, err,
                           "expected '[key]', a value line or a comment");
    }
    if (ret == 0 && !header)
        ret = err_set(err, WIZ_EFORMAT, "%s: not a .reg file (it is empty)",
                      im->name);
    if (ret == 0)
        ret = flush_section(im, err);
    strbuf_release(&line);
    return ret;
}

static int import_one(struct importer *im, const char *name,
                      const char *data, size_t len, struct wiz_err *err)
{
    char *text = NULL;
    size_t text_len = 0;
    int ret;

    im->name = name;
    im->in_key = false;
    im->regedit4 = false;
    if (decode_text(im, data, len, &text, &text_len, err) < 0)
        return -1;
    ret = import_text(im, text, text_len, err);
    ops_clear(im);
    free(text);
    return ret;
}

static void importer_release(struct importer *im)
{
    ops_clear(im);
    free(im->ops);
    cache_release(&im->cache);
}

int regimport_buffer(struct hive *h, const char *name, const char *data,
                     unsigned long len, const char *strip,
                     struct wiz_err *err)
{
    struct importer im;
    int ret;

    memset(&im, 0, sizeof(im));
    im.h = h;
    im.strip = strip;
    cache_init(&im.cache);
    ret = import_one(&im, name, data, len, err);
    importer_release(&im);
    return ret;
}

int regimport_file(struct hive *h, const char *reg_path, const char *strip,
                   struct wiz_err *err)
{
    char *data;
    size_t len;
    int ret;

    if (fs_read_file(reg_path, REG_FILE_MAX, &data, &len, err) < 0)
        return -1;
    ret = regimport_buffer(h, reg_path, data, len, strip, err);
    free(data);
    return ret;
}

int regimport_new_hive(const char *hive_path, const char *root_name,
                       int64_t mtime, const char *const *reg_paths, size_t n,
                       const char *strip, struct wiz_err *err)
{
    struct importer im;
    int ret = 0;

    if (fs_exists(hive_path))
        return err_set(err, WIZ_EEXIST, "cannot create hive '%s': it "
                       "already exists", hive_path);
    if (!root_name || !*root_name)
        return err_set(err, WIZ_EUSAGE, "cannot create hive '%s': the root "
                       "key needs a name", hive_path);
    memset(&im, 0, sizeof(im));
    im.mem = regf_key_new(root_name, NULL);
    im.strip = strip;
    cache_init(&im.cache);
    for (size_t i = 0; i < n && ret == 0; i++) {
        char *data;
        size_t len;

        ret = fs_read_file(reg_paths[i], REG_FILE_MAX, &data, &len, err);
        if (ret == 0) {
            ret = import_one(&im, reg_paths[i], data, len, err);
            free(data);
        }
    }
    if (ret == 0)
        ret = regf_write_tree(hive_path, im.mem, mtime, err);
    importer_release(&im);
    regf_key_free(im.mem);
    return ret;
}

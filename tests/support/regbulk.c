#include "regbulk.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 4096, HBIN_HDR = 32 };

static void die_msg(const char *what)
{
    fprintf(stderr, "regbulk: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void *xmalloc_or_die(size_t n)
{
    void *p = calloc(1, n ? n : 1);

    if (!p)
        die_msg("out of memory");
    return p;
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc_or_die(n);

    memcpy(p, s, n);
    return p;
}

static int regbulk_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = toupper((unsigned char)*a);
        int y = toupper((unsigned char)*b);

        if (x != y || !x)
            return x - y;
    }
}

/* ---- the in-memory tree ------------------------------------------------- */

struct val {
    char *name;
    uint32_t type;
    unsigned char *data;
    uint32_t len;
};

struct key {
    char *name;
    struct key **kids;
    size_t nkids, akids;
    struct val *vals;
    size_t nvals, avals;
};

struct key *key_new(const char *name)
{
    struct key *k = xmalloc_or_die(sizeof(*k));

    k->name = dupstr(name);
    return k;
}

/* Child by name (ASCII case-insensitive), created when missing. */
struct key *key_child(struct key *k, const char *name)
{
    /* the last child is the usual hit while generating in order */
    for (size_t i = k->nkids; i > 0; i--) {
        if (!regbulk_casecmp(k->kids[i - 1]->name, name))
            return k->kids[i - 1];
        if (k->nkids - i > 4)
            break;
    }
    if (k->nkids == k->akids) {
        k->akids = k->akids ? 2 * k->akids : 4;
        k->kids = realloc(k->kids, k->akids * sizeof(*k->kids));
        if (!k->kids)
            die_msg("out of memory");
    }
    struct key *c = key_new(name);

    k->kids[k->nkids++] = c;
    return c;
}

struct key *key_path(struct key *root, const char *path)
{
    char buf[1024];
    struct key *k = root;
    char *p = buf;

    snprintf(buf, sizeof(buf), "%s", path);
    while (*p) {
        char *sep = strchr(p, '\\');

        if (sep)
            *sep = '\0';
        if (*p)
            k = key_child(k, p);
        if (!sep)
            break;
        p = sep + 1;
    }
    return k;
}

void key_val(struct key *k, const char *name, uint32_t type,
                    const void *data, uint32_t len)
{
    if (k->nvals == k->avals) {
        k->avals = k->avals ? 2 * k->avals : 4;
        k->vals = realloc(k->vals, k->avals * sizeof(*k->vals));
        if (!k->vals)
            die_msg("out of memory");
    }
    struct val *v = &k->vals[k->nvals++];

    v->name = dupstr(name);
    v->type = type;
    v->len = len;
    v->data = xmalloc_or_die(len);
    memcpy(v->data, data, len);
}

void set_sz(struct key *root, const char *path, const char *name,
                   uint32_t type, const char *s)
{
    size_t n = strlen(s);
    unsigned char *w = xmalloc_or_die(2 * n + 2);

    for (size_t i = 0; i < n; i++)
        w[2 * i] = (unsigned char)s[i];     /* ASCII only here */
    key_val(key_path(root, path), name, type, w, (uint32_t)(2 * n + 2));
    free(w);
}

void set_dword(struct key *root, const char *path, const char *name,
                      uint32_t v)
{
    unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                           (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24) };

    key_val(key_path(root, path), name, 4, b, 4);
}

/* ---- regf serialisation ------------------------------------------------- */

struct out {
    unsigned char *buf;
    size_t len, alloc;      /* bytes of hbins written so far */
    size_t bin_start;       /* offset of the current hbin */
    size_t bin_end;
    uint32_t sk_off;
    uint32_t nkeys;
};

static void put16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

static void grow(struct out *o, size_t need)
{
    if (need <= o->alloc)
        return;
    size_t a = o->alloc ? o->alloc : (1 << 20);

    while (a < need)
        a *= 2;
    o->buf = realloc(o->buf, a);
    if (!o->buf)
        die_msg("out of memory");
    memset(o->buf + o->alloc, 0, a - o->alloc);
    o->alloc = a;
}

static void close_bin(struct out *o)
{
    if (o->bin_end > o->len)
        put32(o->buf + o->len, (uint32_t)(o->bin_end - o->len));
    o->len = o->bin_end;
}

static void open_bin(struct out *o, size_t size)
{
    size = (size + BLOCK - 1) / BLOCK * BLOCK;
    grow(o, o->len + size);
    o->bin_start = o->len;
    o->bin_end = o->len + size;
    memcpy(o->buf + o->bin_start, "hbin", 4);
    put32(o->buf + o->bin_start + 4, (uint32_t)o->bin_start);
    put32(o->buf + o->bin_start + 8, (uint32_t)size);
    o->len += HBIN_HDR;
}

/* A new allocated cell of data size n; returns its offset. */
static uint32_t cell(struct out *o, size_t n)
{
    size_t size = (n + 4 + 7) & ~(size_t)7;

    if (o->len + size > o->bin_end) {
        close_bin(o);
        open_bin(o, size + HBIN_HDR > BLOCK ? size + HBIN_HDR : BLOCK);
    }
    uint32_t off = (uint32_t)o->len;

    put32(o->buf + off, (uint32_t) - (int32_t)size);
    o->len += size;
    return off;
}

static uint32_t lh_hash(const char *name)
{
    uint32_t h = 0;

    for (const char *p = name; *p; p++)
        h = h * 37 + (uint32_t)toupper((unsigned char)*p);
    return h;
}

static int cmp_key(const void *a, const void *b)
{
    const struct key *x = *(struct key *const *)a;
    const struct key *y = *(struct key *const *)b;

    return regbulk_casecmp(x->name, y->name);
}

static uint32_t write_key(struct out *o, struct key *k, uint32_t parent,
                          int root);

static uint32_t write_values(struct out *o, struct key *k, uint32_t *maxname,
                             uint32_t *maxdata)
{
    uint32_t list = cell(o, 4 * k->nvals);

    for (size_t i = 0; i < k->nvals; i++) {
        struct val *v = &k->vals[i];
        size_t nl = strlen(v->name);
        uint32_t vk = cell(o, 20 + nl);
        unsigned char *p = o->buf + vk + 4;

        memcpy(p, "vk", 2);
        put16(p + 2, (uint32_t)nl);
        if (v->len <= 4) {
            put32(p + 4, v->len | 0x80000000u);
            memcpy(p + 8, v->data, v->len);
        } else {
            uint32_t d = cell(o, v->len);

            p = o->buf + vk + 4;    /* cell() may have moved the buffer */
            memcpy(o->buf + d + 4, v->data, v->len);
            put32(p + 4, v->len);
            put32(p + 8, d);
        }
        put32(p + 12, v->type);
        put16(p + 16, 1);           /* ASCII name */
        memcpy(p + 20, v->name, nl);
        put32(o->buf + list + 4 + 4 * i, vk);
        if (2 * nl > *maxname)
            *maxname = (uint32_t)(2 * nl);
        if (v->len > *maxdata)
            *maxdata = v->len;
    }
    return list;
}

/* Subkey index: one lh list, or an ri of lh lists of at most 512. */
static uint32_t write_index(struct out *o, struct key *k,
                            const uint32_t *offs)
{
    enum { CHUNK = 512 };

    if (k->nkids <= CHUNK) {
        uint32_t lh = cell(o, 4 + 8 * k->nkids);
        unsigned char *p = o->buf + lh + 4;

        memcpy(p, "lh", 2);
        put16(p + 2, (uint32_t)k->nkids);
        for (size_t i = 0; i < k->nkids; i++) {
            put32(p + 4 + 8 * i, offs[i]);
            put32(p + 8 + 8 * i, lh_hash(k->kids[i]->name));
        }
        return lh;
    }
    size_t nchunks = (k->nkids + CHUNK - 1) / CHUNK;
    uint32_t *lists = xmalloc_or_die(nchunks * sizeof(*lists));

    for (size_t c = 0; c < nchunks; c++) {
        size_t from = c * CHUNK;
        size_t n = k->nkids - from < CHUNK ? k->nkids - from : CHUNK;
        uint32_t lh = cell(o, 4 + 8 * n);
        unsigned char *p = o->buf + lh + 4;

        memcpy(p, "lh", 2);
        put16(p + 2, (uint32_t)n);
        for (size_t i = 0; i < n; i++) {
            put32(p + 4 + 8 * i, offs[from + i]);
            put32(p + 8 + 8 * i, lh_hash(k->kids[from + i]->name));
        }
        lists[c] = lh;
    }
    uint32_t ri = cell(o, 4 + 4 * nchunks);
    unsigned char *p = o->buf + ri + 4;

    memcpy(p, "ri", 2);
    put16(p + 2, (uint32_t)nchunks);
    for (size_t c = 0; c < nchunks; c++)
        put32(p + 4 + 4 * c, lists[c]);
    free(lists);
    return ri;
}

static uint32_t write_key(struct out *o, struct key *k, uint32_t parent,
                          int root)
{
    size_t nl = strlen(k->name);
    uint32_t nk = cell(o, 76 + nl);
    uint32_t maxname = 0, maxdata = 0, maxsub = 0;
    uint32_t vlist = 0xffffffffu, slist = 0xffffffffu;

    o->nkeys++;
    if (k->nvals)
        vlist = write_values(o, k, &maxname, &maxdata);
    if (k->nkids) {
        uint32_t *offs = xmalloc_or_die(k->nkids * sizeof(*offs));

        qsort(k->kids, k->nkids, sizeof(*k->kids), cmp_key);
        for (size_t i = 0; i < k->nkids; i++) {
            offs[i] = write_key(o, k->kids[i], nk, 0);
            if (2 * strlen(k->kids[i]->name) > maxsub)
                maxsub = (uint32_t)(2 * strlen(k->kids[i]->name));
        }
        slist = write_index(o, k, offs);
        free(offs);
    }
    unsigned char *p = o->buf + nk + 4;

    memcpy(p, "nk", 2);
    put16(p + 2, 0x20 | (root ? 0x0c : 0));
    put32(p + 4, 0xd53e8000u);              /* a plausible FILETIME */
    put32(p + 8, 0x01d9a000u);
    put32(p + 16, root ? 0xffffffffu : parent);
    put32(p + 20, (uint32_t)k->nkids);
    put32(p + 28, slist);
    put32(p + 32, 0xffffffffu);
    put32(p + 36, (uint32_t)k->nvals);
    put32(p + 40, vlist);
    put32(p + 44, o->sk_off);
    put32(p + 48, 0xffffffffu);
    put32(p + 52, maxsub);
    put32(p + 60, maxname);
    put32(p + 64, maxdata);
    put16(p + 72, (uint32_t)nl);
    memcpy(p + 76, k->name, nl);
    return nk;
}

/* One security cell shared by every key: owner and group Administrators. */
static void write_sk(struct out *o)
{
    static const unsigned char sd[] = {
        1, 0, 0x04, 0x80, 20, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0, 52, 0, 0, 0,
        /* owner S-1-5-32-544 */
        1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0,
        /* group S-1-5-32-544 */
        1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0,
        /* DACL: one ACE, Everyone full access */
        2, 0, 28, 0, 1, 0, 0, 0,
        0, 2, 20, 0, 0x3f, 0, 0x0f, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    };
    uint32_t sk = cell(o, 20 + sizeof(sd));
    unsigned char *p = o->buf + sk + 4;

    memcpy(p, "sk", 2);
    put32(p + 4, sk);
    put32(p + 8, sk);
    put32(p + 12, 1);
    put32(p + 16, sizeof(sd));
    memcpy(p + 20, sd, sizeof(sd));
    o->sk_off = sk;
}

void write_hive(const char *path, struct key *root)
{
    struct out o;
    unsigned char base[BLOCK];

    memset(&o, 0, sizeof(o));
    open_bin(&o, BLOCK);
    write_sk(&o);
    uint32_t rootoff = write_key(&o, root, 0, 1);

    /* sk reference count = every key */
    put32(o.buf + o.sk_off + 4 + 12, o.nkeys);
    close_bin(&o);
    memset(base, 0, sizeof(base));
    memcpy(base, "regf", 4);
    put32(base + 4, 7);
    put32(base + 8, 7);
    put32(base + 12, 0xd53e8000u);
    put32(base + 16, 0x01d9a000u);
    put32(base + 20, 1);
    put32(base + 24, 5);
    put32(base + 32, 1);
    put32(base + 36, rootoff);
    put32(base + 40, (uint32_t)o.len);
    put32(base + 44, 1);
    uint32_t sum = 0;

    for (int i = 0; i < 0x1fc; i += 4)
        sum ^= (uint32_t)base[i] | (uint32_t)base[i + 1] << 8 |
               (uint32_t)base[i + 2] << 16 | (uint32_t)base[i + 3] << 24;
    put32(base + 0x1fc, sum);
    FILE *f = fopen(path, "wb");

    if (!f || fwrite(base, 1, BLOCK, f) != BLOCK ||
        fwrite(o.buf, 1, o.len, f) != o.len || fclose(f) != 0)
        die_msg(path);
    free(o.buf);
}

void key_free(struct key *k)
{
    for (size_t i = 0; i < k->nkids; i++)
        key_free(k->kids[i]);
    for (size_t i = 0; i < k->nvals; i++) {
        free(k->vals[i].name);
        free(k->vals[i].data);
    }
    free(k->kids);
    free(k->vals);
    free(k->name);
    free(k);
}


#include "lab/regf.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "platform/fs.h"

/*
 * Layout of what we write (offsets of cells are relative to the first hbin,
 * as everywhere in the format):
 *
 *   0x0000  base block (4096 bytes)
 *   0x1000  hbin header (32 bytes)
 *   0x1020  root nk cell
 *   ....    sk cell shared by every key
 *   ....    one free cell up to the end of the 4096-byte bin
 */

enum {
    REGF_BLOCK = 4096,
    HBIN_HEADER = 32,
    NK_FIXED = 0x4c,
    SK_FIXED = 0x14,
    CHECKSUM_AT = 0x1fc,
    NAME_AT = 0x30,
    NAME_BYTES = 64,
};

enum nk_flags {
    NK_HIVE_ENTRY = 0x0004,
    NK_NO_DELETE = 0x0008,
    NK_COMP_NAME = 0x0020,
};

static void put16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)((v >> 8) & 0xff);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}

static void put64(unsigned char *p, uint64_t v)
{
    put32(p, (uint32_t)(v & 0xffffffffu));
    put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t unix_to_filetime(int64_t t)
{
    if (t <= -11644473600LL)
        return 0;
    return (uint64_t)(t + 11644473600LL) * 10000000u;
}


/* Append the binary form of S-1-<auth>-<subs...> at p; returns its size. */
static size_t put_sid(unsigned char *p, uint8_t auth, const uint32_t *subs,
                      size_t nsubs)
{
    p[0] = 1;
    p[1] = (unsigned char)nsubs;
    memset(p + 2, 0, 5);
    p[7] = auth;
    for (size_t i = 0; i < nsubs; i++)
        put32(p + 8 + 4 * i, subs[i]);
    return 8 + 4 * nsubs;
}

static size_t put_ace(unsigned char *p, uint32_t mask, uint8_t auth,
                      const uint32_t *subs, size_t nsubs)
{
    size_t n;

    p[0] = 0;       /* ACCESS_ALLOWED_ACE_TYPE */
    p[1] = 0x02;    /* CONTAINER_INHERIT_ACE: subkeys inherit it */
    put32(p + 4, mask);
    n = 8 + put_sid(p + 8, auth, subs, nsubs);
    put16(p + 2, (uint32_t)n);
    return n;
}

/*
 * Self-relative security descriptor: owner and group BUILTIN\Administrators,
 * DACL: SYSTEM and Administrators full control, Everyone read.
 */
static size_t build_security_descriptor(unsigned char *sd)
{
    static const uint32_t system_sid[] = { 18 };
    static const uint32_t admins_sid[] = { 32, 544 };
    static const uint32_t everyone_sid[] = { 0 };
    const uint32_t key_all_access = 0x000f003f;
    const uint32_t key_read = 0x00020019;
    size_t off = 20, acl = off, n;

    sd[0] = 1;
    sd[1] = 0;
    put16(sd + 2, 0x8004);  /* SE_SELF_RELATIVE | SE_DACL_PRESENT */
    put32(sd + 12, 0);      /* no SACL */
    put32(sd + 16, (uint32_t)acl);

    off = acl + 8;
    off += put_ace(sd + off, key_all_access, 5, system_sid, 1);
    off += put_ace(sd + off, key_all_access, 5, admins_sid, 2);
    off += put_ace(sd + off, key_read, 1, everyone_sid, 1);
    sd[acl] = 2;            /* ACL_REVISION */
    sd[acl + 1] = 0;
    put16(sd + acl + 2, (uint32_t)(off - acl));
    put16(sd + acl + 4, 3);
    put16(sd + acl + 6, 0);

    put32(sd + 4, (uint32_t)off);
    n = put_sid(sd + off, 5, admins_sid, 2);
    off += n;
    put32(sd + 8, (uint32_t)off);
    off += put_sid(sd + off, 5, admins_sid, 2);
    return off;
}

/*
 * The key name as stored: Latin-1 with KEY_COMP_NAME when every character
 * fits, else UTF-16LE.  Returns a new buffer.
 */
static unsigned char *encode_key_name(const char *name, size_t *len,
                                      bool *compressed)
{
    size_t n = strlen(name), out = 0;
    unsigned char *latin = xmalloc(n + 1);
    uint32_t cp;

    for (size_t i = 0; i < n;) {
        i += utf8_decode(name + i, n - i, &cp);
        if (cp > 0xff) {
            free(latin);
            *compressed = false;
            return utf8_to_utf16le(name, n, len);
        }
        latin[out++] = (unsigned char)cp;
    }
    *compressed = true;
    *len = out;
    return latin;
}

/* The last 31 UTF-16 units of path, as Windows keeps in the header. */
static void put_embedded_name(unsigned char *dst, const char *path)
{
    size_t len;
    unsigned char *u = utf8_to_utf16le(path, strlen(path), &len);
    size_t keep = len > NAME_BYTES - 2 ? NAME_BYTES - 2 : len;

    memcpy(dst, u + (len - keep), keep);
    free(u);
}

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

int regf_create_empty(const char *path, const char *root_name, int64_t mtime,
                      struct wiz_err *err)
{
    unsigned char sd[256];
    size_t sd_len = build_security_descriptor(sd);
    size_t name_len;
    bool compressed;
    unsigned char *name;
    unsigned char *file, *base, *bin, *nk, *sk;
    uint64_t ft = unix_to_filetime(mtime);
    size_t nk_size, sk_size, nk_off, sk_off, free_off;
    struct wiz_err fs_err;
    int ret;

    if (!root_name || !*root_name)
        return err_set(err, WIZ_EUSAGE,
                       "cannot create hive '%s': the root key needs a name",
                       path);
    name = encode_key_name(root_name, &name_len, &compressed);
    nk_size = align8(4 + NK_FIXED + name_len);
    sk_size = align8(4 + SK_FIXED + sd_len);
    if (HBIN_HEADER + nk_size + sk_size + 8 > REGF_BLOCK) {
        free(name);
        return err_set(err, WIZ_EUSAGE,
                       "cannot create hive '%s': root key name is too long",
                       path);
    }

    file = xcalloc(1, 2 * REGF_BLOCK);
    base = file;
    bin = file + REGF_BLOCK;
    nk_off = HBIN_HEADER;
    sk_off = nk_off + nk_size;
    free_off = sk_off + sk_size;

    memcpy(base, "regf", 4);
    put32(base + 0x04, 1);
    put32(base + 0x08, 1);
    put64(base + 0x0c, ft);
    put32(base + 0x14, 1);
    put32(base + 0x18, 3);
    put32(base + 0x1c, 0);
    put32(base + 0x20, 1);
    put32(base + 0x24, (uint32_t)nk_off);
    put32(base + 0x28, REGF_BLOCK);
    put32(base + 0x2c, 1);
    put_embedded_name(base + NAME_AT, path);
    put32(base + CHECKSUM_AT, hive_header_checksum(base));

    memcpy(bin, "hbin", 4);
    put32(bin + 0x04, 0);
    put32(bin + 0x08, REGF_BLOCK);
    put64(bin + 0x14, ft);

    nk = bin + nk_off;
    put32(nk, (uint32_t)-(int32_t)nk_size);
    nk += 4;
    memcpy(nk, "nk", 2);
    put16(nk + 0x02, NK_HIVE_ENTRY | NK_NO_DELETE |
                     (compressed ? NK_COMP_NAME : 0));
    put64(nk + 0x04, ft);
    put32(nk + 0x10, 0xffffffffu);  /* the root has no parent */
    put32(nk + 0x1c, 0xffffffffu);
    put32(nk + 0x20, 0xffffffffu);
    put32(nk + 0x28, 0xffffffffu);
    put32(nk + 0x2c, (uint32_t)sk_off);
    put32(nk + 0x30, 0xffffffffu);
    put16(nk + 0x48, (uint32_t)name_len);
    memcpy(nk + NK_FIXED, name, name_len);
    free(name);

    sk = bin + sk_off;
    put32(sk, (uint32_t)-(int32_t)sk_size);
    sk += 4;
    memcpy(sk, "sk", 2);
    put32(sk + 0x04, (uint32_t)sk_off);
    put32(sk + 0x08, (uint32_t)sk_off);
    put32(sk + 0x0c, 1);
    put32(sk + 0x10, (uint32_t)sd_len);
    memcpy(sk + SK_FIXED, sd, sd_len);

    put32(bin + free_off, (uint32_t)(REGF_BLOCK - free_off));

    ret = fs_write_file_new(path, file, 2 * REGF_BLOCK, &fs_err);
    free(file);
    if (ret < 0 && fs_err.code == WIZ_EEXIST)
        return err_set(err, WIZ_EEXIST,
                       "cannot create hive '%s': it already exists", path);
    if (ret < 0)
        return err_set(err, fs_err.code, "%s", fs_err.msg);
    return 0;
}

/* ---- writing a whole tree ------------------------------------------ */

struct regf_key *regf_key_new(const char *name, struct regf_key *parent)
{
    struct regf_key *k = xcalloc(1, sizeof(*k));

    k->name = xstrdup(name);
    k->parent = parent;
    if (parent) {
        XGROW(parent->kids, parent->kids_alloc, parent->nkids + 1);
        parent->kids[parent->nkids++] = k;
    }
    return k;
}

static void key_free_tree(struct regf_key *k)
{
    for (size_t i = 0; i < k->nkids; i++)
        key_free_tree(k->kids[i]);
    for (size_t i = 0; i < k->nvals; i++) {
        free(k->vals[i].name);
        free(k->vals[i].data);
    }
    free(k->vals);
    free(k->kids);
    free(k->name);
    free(k);
}

void regf_key_free(struct regf_key *k)
{
    struct regf_key *p;

    if (!k)
        return;
    p = k->parent;
    if (p) {
        for (size_t i = 0; i < p->nkids; i++) {
            if (p->kids[i] == k) {
                memmove(p->kids + i, p->kids + i + 1,
                        (p->nkids - i - 1) * sizeof(*p->kids));
                p->nkids--;
                break;
            }
        }
    }
    key_free_tree(k);
}

enum {
    LF_CHUNK = 512,     /* subkeys per lf list below an ri index */
    VK_FIXED = 0x14,
    VALUE_COMP_NAME = 0x0001,
};

struct regf_out {
    unsigned char *buf;
    size_t len, alloc;
    size_t bin_end;     /* file offset where the current bin ends */
    uint32_t sk;        /* offset of the shared sk cell */
    uint64_t ft;
};

static void out_reserve(struct regf_out *o, size_t need)
{
    if (need > o->alloc) {
        size_t n = o->alloc ? o->alloc : 65536;

        while (n < need)
            n *= 2;
        o->buf = xrealloc(o->buf, n);
        memset(o->buf + o->alloc, 0, n - o->alloc);
        o->alloc = n;
    }
}

/* Close the current bin: what is left becomes one free cell. */
static void out_close_bin(struct regf_out *o)
{
    if (o->len < o->bin_end) {
        put32(o->buf + o->len, (uint32_t)(o->bin_end - o->len));
        o->len = o->bin_end;
    }
}

static void out_open_bin(struct regf_out *o, size_t min_cell)
{
    size_t size = REGF_BLOCK;
    unsigned char *bin;

    while (size < min_cell + HBIN_HEADER)
        size += REGF_BLOCK;
    out_reserve(o, o->len + size);
    bin = o->buf + o->len;
    memcpy(bin, "hbin", 4);
    put32(bin + 4, (uint32_t)(o->len - REGF_BLOCK));
    put32(bin + 8, (uint32_t)size);
    put64(bin + 0x14, o->ft);
    o->bin_end = o->len + size;
    o->len += HBIN_HEADER;
}

/* A new allocated cell with room for payload bytes; returns its offset
 * (relative to the first bin, as the format counts). */
static uint32_t out_cell(struct regf_out *o, size_t payload)
{
    size_t size = align8(4 + payload);
    size_t at;

    if (o->len + size > o->bin_end) {
        out_close_bin(o);
        out_open_bin(o, size);
    }
    at = o->len;
    put32(o->buf + at, (uint32_t)-(int32_t)size);
    o->len += size;
    return (uint32_t)(at - REGF_BLOCK);
}

/* Payload of the cell at offset off (valid until the next out_cell). */
static unsigned char *cell_at(struct regf_out *o, uint32_t off)
{
    return o->buf + REGF_BLOCK + off + 4;
}

static int upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int cmp_key_names(const void *a, const void *b)
{
    const unsigned char *x =
        (const unsigned char *)(*(struct regf_key *const *)a)->name;
    const unsigned char *y =
        (const unsigned char *)(*(struct regf_key *const *)b)->name;

    while (*x && upper(*x) == upper(*y)) {
        x++;
        y++;
    }
    return upper(*x) - upper(*y);
}

/* Name length as Windows counts it for the nk "largest" fields. */
static size_t utf16_bytes(const char *s)
{
    size_t n = 0, len = strlen(s);
    uint32_t cp;

    for (size_t i = 0; i < len;) {
        i += utf8_decode(s + i, len - i, &cp);
        n += cp > 0xffff ? 4 : 2;
    }
    return n;
}

static uint32_t write_value(struct regf_out *o, const struct regf_value *v)
{
    size_t name_len;
    bool compressed;
    unsigned char *name = encode_key_name(v->name, &name_len, &compressed);
    uint32_t data_off = 0, data_len = (uint32_t)v->len;
    uint32_t vk;
    unsigned char *p;

    if (!*v->name)
        compressed = false;
    if (v->len > 4) {
        data_off = out_cell(o, v->len);
        memcpy(cell_at(o, data_off), v->data, v->len);
    } else {
        unsigned char inl[4] = { 0, 0, 0, 0 };

        if (v->len)
            memcpy(inl, v->data, v->len);
        data_off = get32(inl);
        data_len |= 0x80000000u;
    }
    vk = out_cell(o, VK_FIXED + name_len);
    p = cell_at(o, vk);
    memcpy(p, "vk", 2);
    put16(p + 2, (uint32_t)name_len);
    put32(p + 4, data_len);
    put32(p + 8, data_off);
    put32(p + 12, v->type);
    put16(p + 16, compressed ? VALUE_COMP_NAME : 0);
    memcpy(p + VK_FIXED, name, name_len);
    free(name);
    return vk;
}

/* An lf list of n subkeys; hint = the first four name characters. */
static uint32_t write_lf(struct regf_out *o, struct regf_key *const *kids,
                         const uint32_t *offs, size_t n)
{
    uint32_t lf = out_cell(o, 4 + 8 * n);
    unsigned char *p = cell_at(o, lf);

    memcpy(p, "lf", 2);
    put16(p + 2, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        const char *name = kids[i]->name;

        put32(p + 4 + 8 * i, offs[i]);
        for (size_t j = 0; j < 4 && name[j]; j++)
            p[8 + 8 * i + j] = (unsigned char)name[j];
    }
    return lf;
}

static uint32_t write_key(struct regf_out *o, const struct regf_key *k,
                          uint32_t parent, bool root)
{
    size_t name_len;
    bool compressed;
    unsigned char *name = encode_key_name(k->name, &name_len, &compressed);
    uint32_t nk = out_cell(o, NK_FIXED + name_len);
    unsigned char *p = cell_at(o, nk);
    size_t max_vname = 0, max_vdata = 0, max_kname = 0;

    memcpy(p, "nk", 2);
    put16(p + 0x02, (root ? NK_HIVE_ENTRY | NK_NO_DELETE : 0) |
                    (compressed ? NK_COMP_NAME : 0));
    put64(p + 0x04, o->ft);
    put32(p + 0x10, parent);
    put32(p + 0x1c, 0xffffffffu);
    put32(p + 0x20, 0xffffffffu);
    put32(p + 0x28, 0xffffffffu);
    put32(p + 0x2c, o->sk);
    put32(p + 0x30, 0xffffffffu);
    put16(p + 0x48, (uint32_t)name_len);
    memcpy(p + NK_FIXED, name, name_len);
    free(name);

    if (k->nvals) {
        uint32_t *vks = xcalloc(k->nvals, sizeof(*vks));
        uint32_t list;

        for (size_t i = 0; i < k->nvals; i++) {
            size_t nl = utf16_bytes(k->vals[i].name);

            vks[i] = write_value(o, &k->vals[i]);
            if (nl > max_vname)
                max_vname = nl;
            if (k->vals[i].len > max_vdata)
                max_vdata = k->vals[i].len;
        }
        list = out_cell(o, 4 * k->nvals);
        for (size_t i = 0; i < k->nvals; i++)
            put32(cell_at(o, list) + 4 * i, vks[i]);
        p = cell_at(o, nk);
        put32(p + 0x24, (uint32_t)k->nvals);
        put32(p + 0x28, list);
        put32(p + 0x3c, (uint32_t)max_vname);
        put32(p + 0x40, (uint32_t)max_vdata);
        free(vks);
    }

    if (k->nkids) {
        struct regf_key **kids = xcalloc(k->nkids, sizeof(*kids));
        uint32_t *offs = xcalloc(k->nkids, sizeof(*offs));
        uint32_t list;

        memcpy(kids, k->kids, k->nkids * sizeof(*kids));
        qsort(kids, k->nkids, sizeof(*kids), cmp_key_names);
        for (size_t i = 0; i < k->nkids; i++) {
            size_t nl = utf16_bytes(kids[i]->name);

            offs[i] = write_key(o, kids[i], nk, false);
            if (nl > max_kname)
                max_kname = nl;
        }
        if (k->nkids <= LF_CHUNK) {
            list = write_lf(o, kids, offs, k->nkids);
        } else {
            size_t nlists = (k->nkids + LF_CHUNK - 1) / LF_CHUNK;
            uint32_t *lfs = xcalloc(nlists, sizeof(*lfs));

            for (size_t i = 0; i < nlists; i++) {
                size_t from = i * LF_CHUNK;
                size_t n = k->nkids - from < LF_CHUNK ? k->nkids - from
                                                      : LF_CHUNK;

                lfs[i] = write_lf(o, kids + from, offs + from, n);
            }
            list = out_cell(o, 4 + 4 * nlists);
            memcpy(cell_at(o, list), "ri", 2);
            put16(cell_at(o, list) + 2, (uint32_t)nlists);
            for (size_t i = 0; i < nlists; i++)
                put32(cell_at(o, list) + 4 + 4 * i, lfs[i]);
            free(lfs);
        }
        p = cell_at(o, nk);
        put32(p + 0x14, (uint32_t)k->nkids);
        put32(p + 0x1c, list);
        put32(p + 0x34, (uint32_t)max_kname);
        free(offs);
        free(kids);
    }
    return nk;
}

static size_t count_keys(const struct regf_key *k)
{
    size_t n = 1;

    for (size_t i = 0; i < k->nkids; i++)
        n += count_keys(k->kids[i]);
    return n;
}

int regf_write_tree(const char *path, const struct regf_key *root,
                    int64_t mtime, struct wiz_err *err)
{
    struct regf_out o;
    unsigned char sd[256];
    size_t sd_len = build_security_descriptor(sd);
    struct wiz_err fs_err;
    uint32_t root_off;
    unsigned char *p;
    int ret;

    if (!root->name || !*root->name)
        return err_set(err, WIZ_EUSAGE,
                       "cannot create hive '%s': the root key needs a name",
                       path);
    memset(&o, 0, sizeof(o));
    o.ft = unix_to_filetime(mtime);
    out_reserve(&o, REGF_BLOCK);
    o.len = REGF_BLOCK;
    out_open_bin(&o, 0);

    o.sk = out_cell(&o, SK_FIXED + sd_len);
    p = cell_at(&o, o.sk);
    memcpy(p, "sk", 2);
    put32(p + 0x04, o.sk);
    put32(p + 0x08, o.sk);
    put32(p + 0x0c, (uint32_t)count_keys(root));
    put32(p + 0x10, (uint32_t)sd_len);
    memcpy(p + SK_FIXED, sd, sd_len);

    root_off = write_key(&o, root, 0xffffffffu, true);
    out_close_bin(&o);

    p = o.buf;
    memcpy(p, "regf", 4);
    put32(p + 0x04, 1);
    put32(p + 0x08, 1);
    put64(p + 0x0c, o.ft);
    put32(p + 0x14, 1);
    put32(p + 0x18, 3);
    put32(p + 0x20, 1);
    put32(p + 0x24, root_off);
    put32(p + 0x28, (uint32_t)(o.len - REGF_BLOCK));
    put32(p + 0x2c, 1);
    put_embedded_name(p + NAME_AT, path);
    put32(p + CHECKSUM_AT, hive_header_checksum(p));

    ret = fs_write_file_new(path, o.buf, o.len, &fs_err);
    free(o.buf);
    if (ret < 0 && fs_err.code == WIZ_EEXIST)
        return err_set(err, WIZ_EEXIST,
                       "cannot create hive '%s': it already exists", path);
    if (ret < 0)
        return err_set(err, fs_err.code, "%s", fs_err.msg);
    return 0;
}

#include "lab/migstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "platform/fs.h"

static const unsigned char head_magic[8] = { 'W', 'Z', 'M', 'I', 'G',
                                             '\r', '\n', 0x1a };
static const char tail_magic[8] = { 'W', 'Z', 'M', 'I', 'G', 'E', 'N', 'D' };
#define TRAILER_SIZE 32
#define CHUNK_HEAD 12
#define CATALOG_MAX (512u * 1024u * 1024u)
#define METHOD_STORED 0
#define METHOD_LZ 1

/* ---- little-endian helpers -------------------------------------------- */

static void put_u16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint16_t get_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* ---- checksums and the key stream --------------------------------------- */

/* CRC-32 (IEEE), eight bytes a step with eight tables ("slicing-by-8"). */
uint32_t migstore_crc32(uint32_t crc, const void *data, size_t n)
{
    static uint32_t table[8][256];
    static bool ready;
    const unsigned char *p = data;

    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;

            for (int k = 0; k < 8; k++)
                c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            table[0][i] = c;
        }
        for (uint32_t i = 0; i < 256; i++) {
            for (int t = 1; t < 8; t++)
                table[t][i] = (table[t - 1][i] >> 8) ^
                              table[0][table[t - 1][i] & 0xff];
        }
        ready = true;
    }
    crc = ~crc;
    while (n >= 8) {
        uint32_t a = crc ^ get_u32(p);
        uint32_t b = get_u32(p + 4);

        crc = table[7][a & 0xff] ^ table[6][(a >> 8) & 0xff] ^
              table[5][(a >> 16) & 0xff] ^ table[4][a >> 24] ^
              table[3][b & 0xff] ^ table[2][(b >> 8) & 0xff] ^
              table[1][(b >> 16) & 0xff] ^ table[0][b >> 24];
        p += 8;
        n -= 8;
    }
    while (n--)
        crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint64_t key_fingerprint(const char *key)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    /* never 0: 0 means "no key" in the catalog */
    return h ? h : 1;
}

static void key_xor(uint64_t fp, uint64_t chunk_offset, unsigned char *p,
                    size_t n)
{
    uint64_t s = fp ^ (chunk_offset * 0x9e3779b97f4a7c15ull);

    if (!s)
        s = 1;
    for (size_t i = 0; i < n; i += 8) {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        uint64_t k = s * 0x2545f4914f6cdd1dull;

        for (size_t j = 0; j < 8 && i + j < n; j++)
            p[i + j] ^= (unsigned char)(k >> (8 * j));
    }
}

/* ---- LZ ---------------------------------------------------------------- */

size_t migstore_lz_bound(size_t n)
{
    return n + n / 255 + 16;
}

static unsigned char *put_len(unsigned char *o, size_t extra)
{
    while (extra >= 255) {
        *o++ = 255;
        extra -= 255;
    }
    *o++ = (unsigned char)extra;
    return o;
}

static unsigned char *emit(unsigned char *o, const unsigned char *lit,
                           size_t nlit, size_t offset, size_t mlen)
{
    unsigned char *token = o++;
    size_t ml = mlen ? mlen - 4 : 0;

    *token = (unsigned char)((nlit < 15 ? nlit : 15) << 4 |
                             (ml < 15 ? ml : 15));
    if (nlit >= 15)
        o = put_len(o, nlit - 15);
    memcpy(o, lit, nlit);
    o += nlit;
    if (!mlen)
        return o;
    put_u16(o, (uint16_t)offset);
    o += 2;
    if (ml >= 15)
        o = put_len(o, ml - 15);
    return o;
}

size_t migstore_lz_compress(const unsigned char *src, size_t n,
                            unsigned char *dst)
{
    enum { HASH_BITS = 13 };
    uint32_t *table = xcalloc((size_t)1 << HASH_BITS, sizeof(*table));
    unsigned char *o = dst;
    size_t anchor = 0;
    size_t i = 0;

    while (i + 4 <= n) {
        uint32_t v = get_u32(src + i);
        uint32_t h = (v * 2654435761u) >> (32 - HASH_BITS);
        size_t cand = table[h];

        table[h] = (uint32_t)(i + 1);
        if (cand && i - (cand - 1) <= 65535 && i + 1 <= UINT32_MAX &&
            get_u32(src + cand - 1) == v) {
            size_t c = cand - 1;
            size_t ml = 4;

            /* extend the match a word at a time, then byte by byte */
            while (i + ml + 8 <= n) {
                uint64_t x;
                uint64_t y;

                memcpy(&x, src + c + ml, 8);
                memcpy(&y, src + i + ml, 8);
                if (x != y)
                    break;
                ml += 8;
            }
            while (i + ml < n && src[c + ml] == src[i + ml])
                ml++;
            o = emit(o, src + anchor, i - anchor, i - c, ml);
            i += ml;
            anchor = i;
        } else {
            i++;
        }
    }
    o = emit(o, src + anchor, n - anchor, 0, 0);
    free(table);
    return (size_t)(o - dst);
}

static int get_len(const unsigned char **p, const unsigned char *end,
                   size_t *len)
{
    unsigned char b;

    do {
        if (*p >= end)
            return -1;
        b = *(*p)++;
        *len += b;
    } while (b == 255);
    return 0;
}

int migstore_lz_decompress(const unsigned char *src, size_t n,
                           unsigned char *dst, size_t raw_len)
{
    const unsigned char *p = src;
    const unsigned char *end = src + n;
    size_t out = 0;

    while (p < end) {
        unsigned char token = *p++;
        size_t nlit = token >> 4;
        size_t ml = token & 15;

        if (nlit == 15 && get_len(&p, end, &nlit) < 0)
            return -1;
        if (nlit > (size_t)(end - p) || nlit > raw_len - out)
            return -1;
        memcpy(dst + out, p, nlit);
        p += nlit;
        out += nlit;
        if (p == end)
            break;
        if (end - p < 2)
            return -1;
        size_t off = get_u16(p);

        p += 2;
        if (ml == 15 && get_len(&p, end, &ml) < 0)
            return -1;
        ml += 4;
        if (!off || off > out || ml > raw_len - out)
            return -1;
        for (size_t k = 0; k < ml; k++, out++)
            dst[out] = dst[out - off];
    }
    return out == raw_len ? 0 : -1;
}

/* ---- writer ------------------------------------------------------------ */

struct migstore_writer {
    char *path;
    FILE *f;
    uint64_t pos;
    uint64_t fp;
    uint32_t flags;
    struct migstore_entry *e;
    size_t n, alloc;
    unsigned char *raw;
    unsigned char *packed;
};

static int wr(struct migstore_writer *w, const void *data, size_t n,
              struct wiz_err *err)
{
    if (n && fwrite(data, 1, n, w->f) != n)
        return err_set(err, WIZ_EIO, "cannot write store '%s'", w->path);
    w->pos += n;
    return 0;
}

int migstore_create(const char *path, const char *key,
                    struct migstore_writer **out, struct wiz_err *err)
{
    *out = NULL;
    if (fs_exists(path))
        return err_set(err, WIZ_EEXIST, "cannot create store '%s': it "
                       "exists", path);
    FILE *f = fs_fopen(path, "wb");

    if (!f)
        return err_set(err, WIZ_EIO, "cannot create store '%s'", path);
    struct migstore_writer *w = xcalloc(1, sizeof(*w));
    unsigned char head[24];
    size_t hn = 16;

    w->path = xstrdup(path);
    w->f = f;
    w->raw = xmalloc(MIGSTORE_CHUNK_MAX);
    w->packed = xmalloc(migstore_lz_bound(MIGSTORE_CHUNK_MAX));
    if (key) {
        w->flags |= MIGSTORE_FLAG_ENCRYPTED;
        w->fp = key_fingerprint(key);
    }
    memcpy(head, head_magic, 8);
    put_u32(head + 8, 1);
    put_u32(head + 12, w->flags);
    if (key) {
        put_u64(head + 16, w->fp);
        hn = 24;
    }
    if (wr(w, head, hn, err) < 0) {
        migstore_abort(w);
        return -1;
    }
    *out = w;
    return 0;
}

static int write_chunk(struct migstore_writer *w, size_t n,
                       struct wiz_err *err)
{
    unsigned char head[CHUNK_HEAD] = { 0 };
    size_t packed = migstore_lz_compress(w->raw, n, w->packed);
    const unsigned char *payload = w->packed;
    int method = METHOD_LZ;

    if (packed >= n) {
        memcpy(w->packed, w->raw, n);
        packed = n;
        method = METHOD_STORED;
    }
    if (w->flags & MIGSTORE_FLAG_ENCRYPTED)
        key_xor(w->fp, w->pos, w->packed, packed);
    put_u32(head, (uint32_t)n);
    put_u32(head + 4, (uint32_t)packed);
    head[8] = (unsigned char)method;
    if (wr(w, head, sizeof(head), err) < 0)
        return -1;
    return wr(w, payload, packed, err);
}

static struct migstore_entry *new_entry(struct migstore_writer *w,
                                        const char *name, int64_t mtime,
                                        uint32_t attributes)
{
    XGROW(w->e, w->alloc, w->n + 1);
    struct migstore_entry *e = &w->e[w->n++];

    memset(e, 0, sizeof(*e));
    e->name = xstrdup(name);
    e->mtime = mtime;
    e->attributes = attributes;
    e->data_offset = w->pos;
    return e;
}

static int check_name(const char *name, struct wiz_err *err)
{
    size_t n = strlen(name);

    if (!n || n > MIGSTORE_NAME_MAX)
        return err_set(err, WIZ_EUSAGE, "cannot store '%s': bad name length",
                       name);
    return 0;
}

int migstore_add_data(struct migstore_writer *w, const char *name,
                      const void *data, size_t len, int64_t mtime,
                      uint32_t attributes, struct wiz_err *err)
{
    if (check_name(name, err) < 0)
        return -1;
    struct migstore_entry *e = new_entry(w, name, mtime, attributes);
    const unsigned char *p = data;
    uint32_t crc = 0;

    for (size_t done = 0; done < len;) {
        size_t n = len - done < MIGSTORE_CHUNK_MAX ? len - done
                                                   : MIGSTORE_CHUNK_MAX;

        memcpy(w->raw, p + done, n);
        crc = migstore_crc32(crc, w->raw, n);
        if (write_chunk(w, n, err) < 0)
            return -1;
        done += n;
    }
    e->size = len;
    e->crc = crc;
    e->data_length = w->pos - e->data_offset;
    return 0;
}

int migstore_add_file(struct migstore_writer *w, const char *name,
                      const char *src, int64_t mtime, uint32_t attributes,
                      struct wiz_err *err)
{
    if (check_name(name, err) < 0)
        return -1;
    FILE *in = fs_fopen(src, "rb");

    if (!in)
        return err_set(err, WIZ_EIO, "cannot read '%s'", src);
    struct migstore_entry *e = new_entry(w, name, mtime, attributes);
    uint32_t crc = 0;
    uint64_t size = 0;
    size_t n;

    while ((n = fread(w->raw, 1, MIGSTORE_CHUNK_MAX, in)) > 0) {
        crc = migstore_crc32(crc, w->raw, n);
        size += n;
        if (write_chunk(w, n, err) < 0) {
            fclose(in);
            return -1;
        }
    }
    bool bad = ferror(in) != 0;

    fclose(in);
    if (bad)
        return err_set(err, WIZ_EIO, "cannot read '%s'", src);
    e->size = size;
    e->crc = crc;
    e->data_length = w->pos - e->data_offset;
    return 0;
}

static void writer_free(struct migstore_writer *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->e[i].name);
    free(w->e);
    free(w->raw);
    free(w->packed);
    free(w->path);
    free(w);
}

void migstore_abort(struct migstore_writer *w)
{
    if (!w)
        return;
    if (w->f)
        fclose(w->f);
    fs_remove(w->path, NULL);
    writer_free(w);
}

int migstore_finish(struct migstore_writer *w, struct wiz_err *err)
{
    struct strbuf cat;
    unsigned char b[64];
    int ret = -1;

    strbuf_init(&cat);
    strbuf_add(&cat, "CTLG", 4);
    put_u32(b, (uint32_t)w->n);
    strbuf_add(&cat, b, 4);
    for (size_t i = 0; i < w->n; i++) {
        const struct migstore_entry *e = &w->e[i];
        size_t nl = strlen(e->name);

        put_u16(b, (uint16_t)nl);
        strbuf_add(&cat, b, 2);
        strbuf_add(&cat, e->name, nl);
        put_u64(b, e->size);
        put_u64(b + 8, (uint64_t)e->mtime);
        put_u32(b + 16, e->attributes);
        put_u64(b + 20, e->data_offset);
        put_u64(b + 28, e->data_length);
        put_u32(b + 36, e->crc);
        strbuf_add(&cat, b, 40);
    }
    uint64_t cat_off = w->pos;

    if (wr(w, cat.buf, cat.len, err) < 0)
        goto out;
    put_u64(b, cat_off);
    put_u64(b + 8, cat.len);
    put_u32(b + 16, migstore_crc32(0, cat.buf, cat.len));
    put_u32(b + 20, w->flags);
    memcpy(b + 24, tail_magic, 8);
    if (wr(w, b, TRAILER_SIZE, err) < 0)
        goto out;
    if (fflush(w->f) != 0) {
        err_set(err, WIZ_EIO, "cannot write store '%s'", w->path);
        goto out;
    }
    ret = 0;
out:
    strbuf_release(&cat);
    if (fclose(w->f) != 0 && ret == 0)
        ret = err_set(err, WIZ_EIO, "cannot write store '%s'", w->path);
    w->f = NULL;
    if (ret < 0)
        fs_remove(w->path, NULL);
    writer_free(w);
    return ret;
}

/* ---- reader ------------------------------------------------------------ */

static int rd(FILE *f, void *buf, size_t n, const char *path,
              struct wiz_err *err)
{
    if (fread(buf, 1, n, f) != n)
        return err_set(err, WIZ_EFORMAT, "store '%s' is truncated", path);
    return 0;
}

void migstore_catalog_release(struct migstore_catalog *cat)
{
    for (size_t i = 0; i < cat->n; i++)
        free(cat->e[i].name);
    free(cat->e);
    memset(cat, 0, sizeof(*cat));
}

static int parse_catalog(const unsigned char *p, size_t len,
                         struct migstore_catalog *cat, uint64_t data_end,
                         const char *path, struct wiz_err *err)
{
    const unsigned char *end = p + len;

    if (len < 8 || memcmp(p, "CTLG", 4) != 0)
        return err_set(err, WIZ_EFORMAT, "store '%s' has no catalog", path);
    uint32_t count = get_u32(p + 4);

    p += 8;
    if (count > len / 42)
        return err_set(err, WIZ_EFORMAT, "store '%s': bad catalog count",
                       path);
    cat->e = xcalloc(count ? count : 1, sizeof(*cat->e));
    for (uint32_t i = 0; i < count; i++) {
        if (end - p < 2)
            goto bad;
        size_t nl = get_u16(p);

        p += 2;
        if (!nl || (size_t)(end - p) < nl + 40)
            goto bad;
        struct migstore_entry *e = &cat->e[cat->n++];

        e->name = xstrndup((const char *)p, nl);
        p += nl;
        e->size = get_u64(p);
        e->mtime = (int64_t)get_u64(p + 8);
        e->attributes = get_u32(p + 16);
        e->data_offset = get_u64(p + 20);
        e->data_length = get_u64(p + 28);
        e->crc = get_u32(p + 36);
        p += 40;
        if (e->data_offset > data_end ||
            e->data_length > data_end - e->data_offset)
            goto bad;
        cat->total_size += e->size;
    }
    return 0;
bad:
    return err_set(err, WIZ_EFORMAT, "store '%s': damaged catalog entry",
                   path);
}

static int open_store(const char *path, FILE **out,
                      struct migstore_catalog *cat, struct wiz_err *err)
{
    unsigned char head[24];
    unsigned char tr[TRAILER_SIZE];
    unsigned char *buf = NULL;

    memset(cat, 0, sizeof(*cat));
    *out = NULL;
    FILE *f = fs_fopen(path, "rb");

    if (!f)
        return err_set(err, WIZ_ENOENT, "cannot open store '%s'", path);
    if (rd(f, head, 16, path, err) < 0)
        goto fail;
    if (memcmp(head, head_magic, 8) != 0) {
        err_set(err, WIZ_EFORMAT, "'%s' is not a USMT.MIG store written "
                "by scanstate-sim", path);
        goto fail;
    }
    if (get_u32(head + 8) != 1) {
        err_set(err, WIZ_EFORMAT, "store '%s': unknown version %u", path,
                (unsigned)get_u32(head + 8));
        goto fail;
    }
    cat->flags = get_u32(head + 12);
    if (cat->flags & MIGSTORE_FLAG_ENCRYPTED) {
        if (rd(f, head + 16, 8, path, err) < 0)
            goto fail;
        cat->key_fingerprint = get_u64(head + 16);
    }
    int64_t size;

    if (fs_seek(f, 0, true) < 0 || (size = fs_tell(f)) < 0) {
        err_set(err, WIZ_EIO, "cannot read store '%s'", path);
        goto fail;
    }
    cat->file_size = (uint64_t)size;
    if (cat->file_size < 16 + TRAILER_SIZE ||
        fs_seek(f, TRAILER_SIZE, true) < 0 ||
        rd(f, tr, TRAILER_SIZE, path, err) < 0 ||
        memcmp(tr + 24, tail_magic, 8) != 0) {
        err_set(err, WIZ_EFORMAT, "store '%s' is truncated: no catalog "
                "trailer", path);
        goto fail;
    }
    uint64_t cat_off = get_u64(tr);
    uint64_t cat_len = get_u64(tr + 8);
    uint64_t limit = cat->file_size - TRAILER_SIZE;

    if (cat_off > limit || cat_len > limit - cat_off || cat_len > CATALOG_MAX) {
        err_set(err, WIZ_EFORMAT, "store '%s': catalog out of bounds", path);
        goto fail;
    }
    buf = xmalloc(cat_len ? cat_len : 1);
    if (fs_seek(f, cat_off, false) < 0 || rd(f, buf, cat_len, path, err) < 0)
        goto fail;
    if (migstore_crc32(0, buf, cat_len) != get_u32(tr + 16)) {
        err_set(err, WIZ_EFORMAT, "store '%s': catalog checksum mismatch",
                path);
        goto fail;
    }
    if (parse_catalog(buf, cat_len, cat, cat_off, path, err) < 0)
        goto fail;
    free(buf);
    *out = f;
    return 0;
fail:
    free(buf);
    fclose(f);
    migstore_catalog_release(cat);
    return -1;
}

int migstore_read_catalog(const char *path, struct migstore_catalog *cat,
                          struct wiz_err *err)
{
    FILE *f;

    if (open_store(path, &f, cat, err) < 0)
        return -1;
    fclose(f);
    return 0;
}

static int check_key(const struct migstore_catalog *cat, const char *key,
                     const char *path, uint64_t *fp, struct wiz_err *err)
{
    *fp = 0;
    if (!(cat->flags & MIGSTORE_FLAG_ENCRYPTED))
        return 0;
    if (!key)
        return err_set(err, WIZ_EUSAGE, "store '%s' is encrypted: a key is "
                       "needed", path);
    *fp = key_fingerprint(key);
    if (*fp != cat->key_fingerprint)
        return err_set(err, WIZ_EUSAGE, "store '%s': wrong encryption key",
                       path);
    return 0;
}

/*
 * Read one entry's chunks; out may be NULL (verify only).  Returns 0 when
 * the content is intact, 1 when damaged, -1 on a read error.
 */
static int read_entry(FILE *f, const struct migstore_entry *e, uint64_t fp,
                      FILE *out, const char *path, struct wiz_err *err)
{
    unsigned char *raw = xmalloc(MIGSTORE_CHUNK_MAX);
    unsigned char *packed = xmalloc(migstore_lz_bound(MIGSTORE_CHUNK_MAX));
    uint64_t pos = e->data_offset;
    uint64_t end = e->data_offset + e->data_length;
    uint64_t size = 0;
    uint32_t crc = 0;
    int ret = 1;

    if (fs_seek(f, pos, false) < 0) {
        ret = err_set(err, WIZ_EIO, "cannot read store '%s'", path);
        goto out;
    }
    while (pos < end) {
        unsigned char h[CHUNK_HEAD];

        if (end - pos < CHUNK_HEAD || fread(h, 1, CHUNK_HEAD, f) != CHUNK_HEAD)
            goto out;
        uint32_t rl = get_u32(h);
        uint32_t sl = get_u32(h + 4);

        if (rl > MIGSTORE_CHUNK_MAX || sl > migstore_lz_bound(rl) ||
            sl > end - pos - CHUNK_HEAD || fread(packed, 1, sl, f) != sl)
            goto out;
        if (fp)
            key_xor(fp, pos, packed, sl);
        if (h[8] == METHOD_STORED) {
            if (sl != rl)
                goto out;
            memcpy(raw, packed, rl);
        } else if (h[8] != METHOD_LZ ||
                   migstore_lz_decompress(packed, sl, raw, rl) < 0) {
            goto out;
        }
        crc = migstore_crc32(crc, raw, rl);
        size += rl;
        if (out && fwrite(raw, 1, rl, out) != rl) {
            ret = err_set(err, WIZ_EIO, "cannot write extracted file");
            goto out;
        }
        pos += CHUNK_HEAD + sl;
    }
    ret = size == e->size && crc == e->crc ? 0 : 1;
out:
    free(raw);
    free(packed);
    return ret;
}

int migstore_verify(const char *path, const char *key, uint64_t *bad,
                    struct wiz_err *err)
{
    struct migstore_catalog cat;
    FILE *f;
    uint64_t fp;
    uint64_t nbad = 0;
    int ret = 0;

    if (bad)
        *bad = 0;
    if (open_store(path, &f, &cat, err) < 0)
        return -1;
    if (check_key(&cat, key, path, &fp, err) < 0) {
        ret = -1;
        goto out;
    }
    for (size_t i = 0; i < cat.n; i++) {
        int r = read_entry(f, &cat.e[i], fp, NULL, path, err);

        if (r < 0) {
            ret = -1;
            goto out;
        }
        nbad += (uint64_t)r;
    }
    if (bad)
        *bad = nbad;
out:
    fclose(f);
    migstore_catalog_release(&cat);
    return ret;
}

int migstore_extract(const char *path, const char *key, size_t index,
                     const char *dest, struct wiz_err *err)
{
    struct migstore_catalog cat;
    FILE *f;
    uint64_t fp;
    int ret = -1;

    if (open_store(path, &f, &cat, err) < 0)
        return -1;
    if (check_key(&cat, key, path, &fp, err) < 0)
        goto out;
    if (index >= cat.n) {
        err_set(err, WIZ_EUSAGE, "store '%s' has no entry %zu", path, index);
        goto out;
    }
    FILE *o = fs_fopen(dest, "wb");

    if (!o) {
        err_set(err, WIZ_EIO, "cannot create '%s'", dest);
        goto out;
    }
    int r = read_entry(f, &cat.e[index], fp, o, path, err);

    if (fclose(o) != 0 && r == 0)
        r = err_set(err, WIZ_EIO, "cannot write '%s'", dest);
    if (r == 1)
        err_set(err, WIZ_EFORMAT, "store '%s': entry '%s' is damaged", path,
                cat.e[index].name);
    ret = r == 0 ? 0 : -1;
out:
    fclose(f);
    migstore_catalog_release(&cat);
    return ret;
}

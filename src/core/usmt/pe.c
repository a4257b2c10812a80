/*
 * PE/COFF reader and writer.  The reader never trusts a number from the
 * file: every offset is checked in 64-bit arithmetic against the buffer,
 * the resource tree is walked to its fixed depth of three (type, name,
 * language) with loops, not recursion, and every list has a count limit.
 */
#include "core/usmt/pe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "platform/fs.h"

#define RT_VERSION 16
#define VS_FIXED_SIGNATURE 0xfeef04bdu
#define VS_FIXED_SIZE 52
#define IMAGE_FILE_DLL 0x2000
#define MAX_SECTIONS 96         /* the loader's own limit */
#define MAX_RES_ENTRIES 512     /* per resource directory we look at */
#define MAX_VERSION_TRIES 16    /* version resources tried */
#define MAX_BLOCKS 256          /* children per version block */
#define MAX_KEY_CHARS 64

/* ---- reading ------------------------------------------------------- */

struct section {
    uint32_t va, vsize, rawsize, rawptr;
};

struct image {
    const unsigned char *d;
    size_t n;
    struct section sec[MAX_SECTIONS];
    size_t nsec;
};

static bool in_range(size_t n, uint64_t off, uint64_t len)
{
    return off <= n && len <= n - off;
}

static uint16_t get16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

/*
 * File offset of rva and the bytes readable from there within its
 * section (and the buffer).  False when no section holds it.
 */
static bool rva_to_off(const struct image *im, uint32_t rva, size_t *off,
                       size_t *avail)
{
    for (size_t i = 0; i < im->nsec; i++) {
        const struct section *s = &im->sec[i];
        uint64_t span = s->vsize > s->rawsize ? s->vsize : s->rawsize;

        if (rva < s->va || (uint64_t)rva - s->va >= span)
            continue;
        uint64_t delta = (uint64_t)rva - s->va;

        if (delta >= s->rawsize)
            return false;   /* in the zero-filled tail, not in the file */
        uint64_t o = (uint64_t)s->rawptr + delta;

        if (o >= im->n)
            return false;
        uint64_t a = (uint64_t)s->rawsize - delta;

        if (a > im->n - o)
            a = im->n - o;
        *off = (size_t)o;
        *avail = (size_t)a;
        return true;
    }
    return false;
}

/* Copy a UTF-16LE string of at most max bytes into out as safe UTF-8. */
static void copy_utf16(const unsigned char *p, size_t max, char *out,
                       size_t outsize)
{
    size_t len;
    char *s = utf16le_to_utf8(p, max, false, &len);
    size_t j = 0;

    for (size_t i = 0; s[i] && j + 1 < outsize;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);

        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            out[j++] = '?';
        } else {
            if (j + k >= outsize)
                break;
            memcpy(out + j, s + i, k);
            j += k;
        }
        i += k;
    }
    out[j] = '\0';
    free(s);
}

/* One node of a VS_VERSIONINFO tree, offsets within the blob. */
struct vblock {
    size_t start, end;
    uint16_t vlen, type;
    char key[MAX_KEY_CHARS * 3 + 1];
    size_t value, children;
};

static size_t align4(size_t x)
{
    return (x + 3) & ~(size_t)3;
}

static bool read_block(const unsigned char *b, size_t n, size_t off,
                       struct vblock *v)
{
    if (!in_range(n, off, 6))
        return false;
    uint16_t len = get16(b + off);

    if (len < 6)
        return false;
    v->start = off;
    v->end = (uint64_t)off + len > n ? n : off + len;
    v->vlen = get16(b + off + 2);
    v->type = get16(b + off + 4);
    size_t k = off + 6;
    size_t chars = 0;

    while (k + 2 <= v->end && get16(b + k) != 0) {
        if (++chars > MAX_KEY_CHARS)
            return false;
        k += 2;
    }
    if (k + 2 > v->end)
        return false;
    copy_utf16(b + off + 6, k - (off + 6), v->key, sizeof(v->key));
    v->value = align4(k + 2);
    if (v->value > v->end)
        v->value = v->end;
    /* text values count UTF-16 units, binary ones bytes */
    uint64_t vend = (uint64_t)v->value +
                    (v->type == 1 ? (uint64_t)v->vlen * 2 : v->vlen);

    if (vend > v->end)
        vend = v->end;
    vend = align4((size_t)vend);
    v->children = vend > v->end ? v->end : (size_t)vend;
    return true;
}

static void read_string(const unsigned char *b, const struct vblock *s,
                        struct pe_info *info)
{
    struct { const char *key; char *out; size_t size; } want[] = {
        { "ProductVersion", info->product_version,
          sizeof(info->product_version) },
        { "FileVersion", info->file_version, sizeof(info->file_version) },
        { "FileDescription", info->file_description,
          sizeof(info->file_description) },
        { "OriginalFilename", info->original_filename,
          sizeof(info->original_filename) },
    };

    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        if (str_ieq(s->key, want[i].key) && !want[i].out[0] &&
            s->value < s->end) {
            copy_utf16(b + s->value, s->end - s->value, want[i].out,
                       want[i].size);
        }
    }
}

/* The StringFileInfo → StringTable → String levels (fixed depth). */
static void read_string_file_info(const unsigned char *b,
                                  const struct vblock *sfi,
                                  struct pe_info *info)
{
    size_t o = sfi->children;

    for (int t = 0; t < MAX_BLOCKS && o + 6 <= sfi->end; t++) {
        struct vblock table;

        if (!read_block(b, sfi->end, o, &table))
            return;
        size_t so = table.children;

        for (int s = 0; s < MAX_BLOCKS && so + 6 <= table.end; s++) {
            struct vblock str;

            if (!read_block(b, table.end, so, &str))
                break;
            read_string(b, &str, info);
            so = align4(str.end);
        }
        o = align4(table.end);
    }
}

static bool parse_version(const unsigned char *b, size_t n,
                          struct pe_info *info, const char **why)
{
    struct vblock root;

    if (!read_block(b, n, 0, &root)) {
        *why = "version resource header is damaged";
        return false;
    }
    if (!str_ieq(root.key, "VS_VERSION_INFO")) {
        *why = "version resource has no VS_VERSION_INFO key";
        return false;
    }
    if (root.vlen < VS_FIXED_SIZE ||
        !in_range(root.end, root.value, VS_FIXED_SIZE)) {
        *why = "version resource has no fixed file info";
        return false;
    }
    const unsigned char *f = b + root.value;

    if (get32(f) != VS_FIXED_SIGNATURE) {
        *why = "fixed file info has a bad signature";
        return false;
    }
    uint32_t fms = get32(f + 8);
    uint32_t fls = get32(f + 12);
    uint32_t pms = get32(f + 16);
    uint32_t pls = get32(f + 20);

    info->ver_major = (uint16_t)(fms >> 16);
    info->ver_minor = (uint16_t)fms;
    info->ver_build = (uint16_t)(fls >> 16);
    info->ver_rev = (uint16_t)fls;
    info->prod_major = (uint16_t)(pms >> 16);
    info->prod_minor = (uint16_t)pms;
    info->prod_build = (uint16_t)(pls >> 16);
    info->prod_rev = (uint16_t)pls;
    info->has_version = true;

    size_t o = root.children;

    for (int c = 0; c < MAX_BLOCKS && o + 6 <= root.end; c++) {
        struct vblock child;

        if (!read_block(b, root.end, o, &child))
            break;
        if (str_ieq(child.key, "StringFileInfo"))
            read_string_file_info(b, &child, info);
        o = align4(child.end);
    }
    return true;
}

/* Directory at rel within the resource section: entry count and start. */
static bool res_dir(const unsigned char *r, size_t rn, uint32_t rel,
                    size_t *count)
{
    if (!in_range(rn, rel, 16))
        return false;
    size_t c = (size_t)get16(r + rel + 12) + get16(r + rel + 14);

    if (c > MAX_RES_ENTRIES)
        c = MAX_RES_ENTRIES;
    /* only the entries that are really there */
    size_t room = (rn - rel - 16) / 8;

    *count = c < room ? c : room;
    return true;
}

static void read_version_resource(const struct image *im, uint32_t rsrc_rva,
                                  uint32_t rsrc_size, struct pe_info *info)
{
    size_t roff;
    size_t rn;
    size_t ntypes;
    const char *why = NULL;
    int tries = 0;

    if (!rva_to_off(im, rsrc_rva, &roff, &rn)) {
        snprintf(info->version_problem, sizeof(info->version_problem),
                 "resource directory lies outside every section");
        return;
    }
    if (rsrc_size && rsrc_size < rn)
        rn = rsrc_size;
    const unsigned char *r = im->d + roff;

    if (!res_dir(r, rn, 0, &ntypes)) {
        snprintf(info->version_problem, sizeof(info->version_problem),
                 "resource directory is truncated");
        return;
    }
    for (size_t t = 0; t < ntypes; t++) {
        const unsigned char *e = r + 16 + 8 * t;
        uint32_t id = get32(e);
        uint32_t to = get32(e + 4);

        if (id != RT_VERSION || !(to & 0x80000000u))
            continue;
        size_t nnames;
        uint32_t names = to & 0x7fffffffu;

        if (!res_dir(r, rn, names, &nnames))
            break;
        for (size_t i = 0; i < nnames; i++) {
            uint32_t lo = get32(r + names + 16 + 8 * i + 4);
            size_t nlangs;

            if (!(lo & 0x80000000u))
                continue;
            lo &= 0x7fffffffu;
            if (!res_dir(r, rn, lo, &nlangs))
                continue;
            for (size_t j = 0; j < nlangs; j++) {
                uint32_t de = get32(r + lo + 16 + 8 * j + 4);
                size_t voff;
                size_t vavail;

                /* a third level must point at data, never deeper */
                if ((de & 0x80000000u) || !in_range(rn, de, 16))
                    continue;
                if (++tries > MAX_VERSION_TRIES)
                    goto out;
                uint32_t drva = get32(r + de);
                uint32_t dsize = get32(r + de + 4);

                if (!rva_to_off(im, drva, &voff, &vavail)) {
                    why = "version resource data lies outside the file";
                    continue;
                }
                if (dsize < vavail)
                    vavail = dsize;
                if (parse_version(im->d + voff, vavail, info, &why))
                    return;
            }
        }
    }
out:
    if (why) {
        snprintf(info->version_problem, sizeof(info->version_problem), "%s",
                 why);
    }
}

int pe_read_buffer(const void *data, size_t n, struct pe_info *info,
                   struct wiz_err *err)
{
    struct image *im;
    const unsigned char *d = data;

    memset(info, 0, sizeof(*info));
    if (!d || n < 64 || d[0] != 'M' || d[1] != 'Z')
        return err_set(err, WIZ_EFORMAT,
                       "not a Windows program (no MZ header)");
    uint32_t pe = get32(d + 0x3c);

    if (!in_range(n, pe, 24))
        return err_set(err, WIZ_EFORMAT,
                       "PE header offset 0x%x lies outside the file", pe);
    if (memcmp(d + pe, "PE\0\0", 4) != 0)
        return err_set(err, WIZ_EFORMAT,
                       "not a Windows program (no PE signature)");
    const unsigned char *coff = d + pe + 4;
    uint16_t nsec = get16(coff + 2);
    uint16_t optsize = get16(coff + 16);
    uint64_t opt = (uint64_t)pe + 24;

    info->machine = get16(coff);
    info->nsections = nsec;
    info->characteristics = get16(coff + 18);
    info->is_dll = (info->characteristics & IMAGE_FILE_DLL) != 0;
    switch (info->machine) {
    case PE_MACHINE_I386:
        info->arch = SYS_ARCH_X86;
        break;
    case PE_MACHINE_AMD64:
        info->arch = SYS_ARCH_AMD64;
        break;
    case PE_MACHINE_ARM64:
        info->arch = SYS_ARCH_ARM64;
        break;
    default:
        info->arch = SYS_ARCH_UNKNOWN;
        break;
    }
    if (optsize < 2 || !in_range(n, opt, optsize))
        return err_set(err, WIZ_EFORMAT, "optional header is truncated");
    uint16_t magic = get16(d + opt);
    uint64_t nrva_at;
    uint64_t dirs_at;

    if (magic == 0x10b) {
        nrva_at = 92;
        dirs_at = 96;
    } else if (magic == 0x20b) {
        info->pe32plus = true;
        nrva_at = 108;
        dirs_at = 112;
    } else {
        return err_set(err, WIZ_EFORMAT,
                       "unknown optional header magic 0x%x", magic);
    }
    if (optsize < nrva_at + 4)
        return err_set(err, WIZ_EFORMAT, "optional header is truncated");
    info->subsystem = get16(d + opt + 68);
    if (nsec > MAX_SECTIONS)
        return err_set(err, WIZ_EFORMAT, "%u sections is more than a "
                       "Windows program may have", nsec);
    uint64_t sec_at = opt + optsize;

    if (!in_range(n, sec_at, (uint64_t)nsec * 40))
        return err_set(err, WIZ_EFORMAT, "section table is truncated");

    im = xcalloc(1, sizeof(*im));
    im->d = d;
    im->n = n;
    for (size_t i = 0; i < nsec; i++) {
        const unsigned char *s = d + sec_at + 40 * i;

        im->sec[i].vsize = get32(s + 8);
        im->sec[i].va = get32(s + 12);
        im->sec[i].rawsize = get32(s + 16);
        im->sec[i].rawptr = get32(s + 20);
    }
    im->nsec = nsec;

    uint32_t nrva = get32(d + opt + nrva_at);

    if (nrva > 2 && optsize >= dirs_at + 3 * 8) {
        uint32_t rva = get32(d + opt + dirs_at + 16);
        uint32_t size = get32(d + opt + dirs_at + 20);

        if (rva)
            read_version_resource(im, rva, size, info);
    }
    free(im);
    return 0;
}

int pe_read_file(const char *path, struct pe_info *info, struct wiz_err *err)
{
    char *data;
    size_t len;

    memset(info, 0, sizeof(*info));
    if (fs_read_file(path, PE_FILE_MAX, &data, &len, err) < 0)
        return -1;
    int r = pe_read_buffer(data, len, info, err);

    free(data);
    if (r < 0)
        return err_prefix(err, "'%s'", path);
    return 0;
}

const char *pe_machine_name(uint16_t machine)
{
    static const struct { uint16_t m; const char *name; } names[] = {
        { PE_MACHINE_I386, "x86" },
        { PE_MACHINE_AMD64, "amd64" },
        { PE_MACHINE_ARM64, "arm64" },
        { PE_MACHINE_ARMNT, "arm" },
        { 0x01c0, "arm" },
        { 0x01c2, "thumb" },
        { PE_MACHINE_IA64, "ia64" },
        { 0xa641, "arm64ec" },
        { 0x5064, "riscv64" },
        { 0x0ebc, "efi byte code" },
        { 0x0000, "any" },
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].m == machine)
            return names[i].name;
    }
    return "unknown";
}

const char *pe_subsystem_name(uint16_t subsystem)
{
    switch (subsystem) {
    case 1:
        return "native";
    case PE_SUBSYSTEM_GUI:
        return "windows gui";
    case PE_SUBSYSTEM_CONSOLE:
        return "console";
    case 9:
        return "windows ce gui";
    case 10:
        return "efi application";
    case 11:
        return "efi boot service driver";
    case 12:
        return "efi runtime driver";
    case 16:
        return "windows boot application";
    default:
        return "unknown";
    }
}

/* ---- writing ------------------------------------------------------- */

#define FILE_ALIGN 0x200
#define SECT_ALIGN 0x1000
#define TEXT_RVA 0x1000
#define RSRC_RVA 0x2000
#define PE_OFFSET 0x80

static void put8(struct strbuf *b, unsigned v)
{
    strbuf_addch(b, (int)(v & 0xff));
}

static void put16(struct strbuf *b, unsigned v)
{
    put8(b, v);
    put8(b, v >> 8);
}

static void put32(struct strbuf *b, uint32_t v)
{
    put16(b, v & 0xffff);
    put16(b, v >> 16);
}

static void put64(struct strbuf *b, uint64_t v)
{
    put32(b, (uint32_t)v);
    put32(b, (uint32_t)(v >> 32));
}

static void pad_to(struct strbuf *b, size_t len)
{
    while (b->len < len)
        put8(b, 0);
}

static void patch16(struct strbuf *b, size_t at, unsigned v)
{
    b->buf[at] = (char)(v & 0xff);
    b->buf[at + 1] = (char)((v >> 8) & 0xff);
}

static void patch32(struct strbuf *b, size_t at, uint32_t v)
{
    patch16(b, at, v & 0xffff);
    patch16(b, at + 2, v >> 16);
}

static void put_utf16z(struct strbuf *b, const char *s)
{
    size_t n;
    unsigned char *w = utf8_to_utf16le(s, strlen(s), &n);

    strbuf_add(b, w, n + 2);
    free(w);
}

static size_t utf16_units(const char *s)
{
    size_t n;
    unsigned char *w = utf8_to_utf16le(s, strlen(s), &n);

    free(w);
    return n / 2;
}

/* Start a version block (4-aligned); returns its offset for vblock_end. */
static size_t vblock_begin(struct strbuf *b, unsigned vlen, unsigned type,
                           const char *key)
{
    pad_to(b, align4(b->len));
    size_t start = b->len;

    put16(b, 0);
    put16(b, vlen);
    put16(b, type);
    put_utf16z(b, key);
    pad_to(b, align4(b->len));
    return start;
}

static void vblock_end(struct strbuf *b, size_t start)
{
    patch16(b, start, (unsigned)(b->len - start));
}

static void version_string(struct strbuf *b, const char *key,
                           const char *value)
{
    size_t s = vblock_begin(b, (unsigned)utf16_units(value) + 1, 1, key);

    put_utf16z(b, value);
    vblock_end(b, s);
}

static void build_version(struct strbuf *b, const struct pe_image_spec *sp)
{
    uint32_t ms = ((uint32_t)sp->major << 16) | sp->minor;
    uint32_t ls = ((uint32_t)sp->build << 16) | sp->rev;
    char ver[64];
    size_t root = vblock_begin(b, VS_FIXED_SIZE, 0, "VS_VERSION_INFO");

    put32(b, VS_FIXED_SIGNATURE);
    put32(b, 0x00010000);           /* structure version 1.0 */
    put32(b, ms);
    put32(b, ls);
    put32(b, ms);
    put32(b, ls);
    put32(b, 0x3f);                 /* flags mask */
    put32(b, 0);                    /* flags */
    put32(b, 0x00040004);           /* VOS_NT_WINDOWS32 */
    put32(b, sp->dll ? 2 : 1);      /* VFT_DLL or VFT_APP */
    put32(b, 0);
    put32(b, 0);
    put32(b, 0);

    snprintf(ver, sizeof(ver), "%u.%u.%u.%u", sp->major, sp->minor,
             sp->build, sp->rev);
    size_t sfi = vblock_begin(b, 0, 1, "StringFileInfo");
    size_t table = vblock_begin(b, 0, 1, "040904B0");

    version_string(b, "CompanyName", "usmtwiz");
    if (sp->description)
        version_string(b, "FileDescription", sp->description);
    version_string(b, "FileVersion", ver);
    if (sp->original_filename)
        version_string(b, "OriginalFilename", sp->original_filename);
    version_string(b, "ProductVersion", ver);
    vblock_end(b, table);
    vblock_end(b, sfi);

    size_t vfi = vblock_begin(b, 0, 1, "VarFileInfo");
    size_t var = vblock_begin(b, 4, 0, "Translation");

    put16(b, 0x0409);
    put16(b, 0x04b0);
    vblock_end(b, var);
    vblock_end(b, vfi);
    vblock_end(b, root);
}

/* A resource directory with a single id entry. */
static void res_dir_one(struct strbuf *r, uint32_t id, uint32_t target)
{
    put32(r, 0);        /* characteristics */
    put32(r, 0);        /* time stamp */
    put32(r, 0);        /* version */
    put16(r, 0);        /* named entries */
    put16(r, 1);        /* id entries */
    put32(r, id);
    put32(r, target);
}

/* The .rsrc section contents: a three-level tree to one RT_VERSION. */
static void build_rsrc(struct strbuf *r, const struct pe_image_spec *sp)
{
    struct strbuf ver;

    if (sp->no_version)
        return;
    strbuf_init(&ver);
    build_version(&ver, sp);
    res_dir_one(r, RT_VERSION, 0x80000000u | 24);  /* type: version */
    res_dir_one(r, 1, 0x80000000u | 48);           /* name: 1 */
    res_dir_one(r, 0x0409, 72);                    /* language: en-US */
    /* data entry */
    put32(r, RSRC_RVA + 88);
    put32(r, (uint32_t)ver.len);
    put32(r, 0);        /* code page */
    put32(r, 0);
    strbuf_add(r, ver.buf, ver.len);
    strbuf_release(&ver);
}

static void section_header(struct strbuf *b, const char *name,
                           uint32_t vsize, uint32_t va, uint32_t rawsize,
                           uint32_t rawptr, uint32_t flags)
{
    char n8[8] = { 0 };

    memcpy(n8, name, strlen(name) < 8 ? strlen(name) : 8);
    strbuf_add(b, n8, 8);
    put32(b, vsize);
    put32(b, va);
    put32(b, rawsize);
    put32(b, rawptr);
    put32(b, 0);
    put32(b, 0);
    put16(b, 0);
    put16(b, 0);
    put32(b, flags);
}

static uint32_t align_up(uint32_t x, uint32_t a)
{
    return (x + a - 1) & ~(a - 1);
}

/* The image checksum as the loader computes it (16-bit sums + length). */
static uint32_t pe_checksum(const unsigned char *d, size_t n, size_t skip)
{
    uint64_t sum = 0;

    for (size_t i = 0; i < n; i += 2) {
        if (i == skip || i == skip + 2)
            continue;
        uint32_t w = d[i] | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0);

        sum += w;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum = (sum & 0xffff) + (sum >> 16);
    return (uint32_t)(sum + n);
}

unsigned char *pe_build_image(const struct pe_image_spec *spec, size_t *len,
                              struct wiz_err *err)
{
    static const unsigned char code_x86[] = { 0x31, 0xc0, 0xc3 };
    static const unsigned char code_arm64[] = {
        0x00, 0x00, 0x80, 0x52, 0xc0, 0x03, 0x5f, 0xd6
    };
    static const unsigned char dos_stub[] = {
        0x0e, 0x1f, 0xba, 0x0e, 0x00, 0xb4, 0x09, 0xcd, 0x21, 0xb8, 0x01,
        0x4c, 0xcd, 0x21
    };
    uint16_t machine;
    const unsigned char *code = code_x86;
    size_t code_len = sizeof(code_x86);
    bool plus = true;

    *len = 0;
    switch (spec->arch) {
    case SYS_ARCH_X86:
        machine = PE_MACHINE_I386;
        plus = false;
        break;
    case SYS_ARCH_AMD64:
        machine = PE_MACHINE_AMD64;
        break;
    case SYS_ARCH_ARM64:
        machine = PE_MACHINE_ARM64;
        code = code_arm64;
        code_len = sizeof(code_arm64);
        break;
    default:
        err_set(err, WIZ_EUSAGE, "cannot build a program for architecture "
                "'%s'", sys_arch_name(spec->arch));
        return NULL;
    }

    struct strbuf rsrc;
    struct strbuf b;

    strbuf_init(&rsrc);
    build_rsrc(&rsrc, spec);
    strbuf_init(&b);

    uint32_t text_raw = FILE_ALIGN;
    uint32_t rsrc_raw = 2 * FILE_ALIGN;
    uint32_t rsrc_rawsize = align_up((uint32_t)rsrc.len, FILE_ALIGN);
    uint32_t nsec = rsrc.len ? 2 : 1;
    uint32_t image_size = rsrc.len ?
        RSRC_RVA + align_up((uint32_t)rsrc.len, SECT_ALIGN) :
        TEXT_RVA + SECT_ALIGN;
    uint16_t chars = 0x0002 | 0x0001;  /* executable, relocations stripped */

    chars |= plus ? 0x0020 : 0x0100;   /* large address aware / 32-bit */
    if (spec->dll)
        chars |= IMAGE_FILE_DLL;

    /* MS-DOS header and stub */
    put16(&b, 0x5a4d);
    put16(&b, 0x90);
    put16(&b, 3);
    put16(&b, 0);
    put16(&b, 4);
    put16(&b, 0);
    put16(&b, 0xffff);
    put16(&b, 0);
    put16(&b, 0xb8);
    pad_to(&b, 0x18);
    put16(&b, 0x40);
    pad_to(&b, 0x3c);
    put32(&b, PE_OFFSET);
    strbuf_add(&b, dos_stub, sizeof(dos_stub));
    strbuf_adds(&b, "This is a Windows program.\r\r\n$");
    pad_to(&b, PE_OFFSET);

    /* PE signature and COFF header */
    strbuf_add(&b, "PE\0\0", 4);
    put16(&b, machine);
    put16(&b, nsec);
    put32(&b, 0);                   /* timestamp: reproducible builds */
    put32(&b, 0);
    put32(&b, 0);
    put16(&b, plus ? 240 : 224);
    put16(&b, chars);

    /* optional header */
    size_t opt = b.len;

    put16(&b, plus ? 0x20b : 0x10b);
    put8(&b, 14);
    put8(&b, 0);
    put32(&b, FILE_ALIGN);                  /* size of code */
    put32(&b, rsrc.len ? rsrc_rawsize : 0); /* initialised data */
    put32(&b, 0);
    put32(&b, TEXT_RVA);                    /* entry point */
    put32(&b, TEXT_RVA);                    /* base of code */
    if (plus) {
        put64(&b, spec->dll ? 0x180000000ull : 0x140000000ull);
    } else {
        put32(&b, rsrc.len ? RSRC_RVA : 0); /* base of data */
        put32(&b, spec->dll ? 0x10000000u : 0x400000u);
    }
    put32(&b, SECT_ALIGN);
    put32(&b, FILE_ALIGN);
    put16(&b, 6);                   /* operating system 6.0 */
    put16(&b, 0);
    put16(&b, spec->major);         /* image version */
    put16(&b, spec->minor);
    put16(&b, 6);                   /* subsystem 6.0 */
    put16(&b, 0);
    put32(&b, 0);
    put32(&b, image_size);
    put32(&b, FILE_ALIGN);          /* size of headers */
    size_t checksum_at = b.len;

    put32(&b, 0);
    put16(&b, spec->subsystem ? spec->subsystem : PE_SUBSYSTEM_CONSOLE);
    put16(&b, 0x8100);              /* NX compatible, terminal-server aware */
    if (plus) {
        put64(&b, 0x100000);
        put64(&b, 0x1000);
        put64(&b, 0x100000);
        put64(&b, 0x1000);
    } else {
        put32(&b, 0x100000);
        put32(&b, 0x1000);
        put32(&b, 0x100000);
        put32(&b, 0x1000);
    }
    put32(&b, 0);                   /* loader flags */
    put32(&b, 16);
    for (int i = 0; i < 16; i++) {
        if (i == 2 && rsrc.len) {
            put32(&b, RSRC_RVA);
            put32(&b, (uint32_t)rsrc.len);
        } else {
            put64(&b, 0);
        }
    }
    if (b.len - opt != (plus ? 240u : 224u))
        BUG("optional header is %zu bytes", b.len - opt);

    section_header(&b, ".text", (uint32_t)code_len, TEXT_RVA, FILE_ALIGN,
                   text_raw, 0x60000020u);
    if (rsrc.len) {
        section_header(&b, ".rsrc", (uint32_t)rsrc.len, RSRC_RVA,
                       rsrc_rawsize, rsrc_raw, 0x40000040u);
    }
    pad_to(&b, text_raw);
    strbuf_add(&b, code, code_len);
    pad_to(&b, text_raw + FILE_ALIGN);
    if (rsrc.len) {
        strbuf_add(&b, rsrc.buf, rsrc.len);
        pad_to(&b, rsrc_raw + rsrc_rawsize);
    }
    strbuf_release(&rsrc);
    patch32(&b, checksum_at,
            pe_checksum((const unsigned char *)b.buf, b.len, checksum_at));
    return (unsigned char *)strbuf_detach(&b, len);
}

int pe_write_image(const char *path, enum sys_arch arch, unsigned major,
                   unsigned minor, unsigned build, unsigned rev,
                   struct wiz_err *err)
{
    struct pe_image_spec spec;
    size_t len;

    if (major > 0xffff || minor > 0xffff || build > 0xffff || rev > 0xffff)
        return err_set(err, WIZ_EUSAGE, "cannot write '%s': version "
                       "%u.%u.%u.%u has a part above 65535", path, major,
                       minor, build, rev);
    const char *base = path;

    for (const char *p = path; *p; p++) {
        if (*p == '/' || *p == '\\')
            base = p + 1;
    }
    memset(&spec, 0, sizeof(spec));
    spec.arch = arch;
    spec.major = (uint16_t)major;
    spec.minor = (uint16_t)minor;
    spec.build = (uint16_t)build;
    spec.rev = (uint16_t)rev;
    spec.description = PE_PRACTICE_DESCRIPTION;
    spec.original_filename = base;
    spec.dll = str_iends_with(base, ".dll");
    unsigned char *img = pe_build_image(&spec, &len, err);

    if (!img)
        return err_prefix(err, "cannot write '%s'", path);
    int r = fs_write_file(path, img, len, err);

    free(img);
    return r;
}

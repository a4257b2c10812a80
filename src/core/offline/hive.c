#include "core/offline/hive.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * hivex.h declares enum hive_type and the typedef hive_set_value, which
 * clash with our names: rename hivex's while including it.
 */
#define hive_type hivex_type
#define hive_set_value hivex_set_value
#include <hivex.h>
#undef hive_type
#undef hive_set_value

#include "base/err.h"
#include "base/str.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "platform/fs.h"

/*
 * hivex returns 0 both for "not found" and for errors; callers of those
 * functions clear errno first and look at it afterwards (hivex(3)).
 * Everything hivex allocates is copied into our memory and freed here.
 */

struct hive {
    hive_h *hx;
    char *path;
    char *copy_dir;         /* a copy with a narrow name (see fs.h) */
    bool writable;
    uint64_t short_by;      /* the file ends this many bytes early */
    /*
     * The values of the node last looked up by name, each name decoded
     * once: readers ask one key for several values in a row (a profile's
     * path, state, flags and times), and hivex decodes every value name
     * of the key again for each one.
     */
    size_t vnode;           /* 0: nothing kept */
    size_t vcount;
    size_t *vhandles;
    char **vnames;
};

static void values_forget(struct hive *h);

enum {
    BASE_BLOCK = 4096,
    HBIN_HEADER = 32,
    /* values larger than this are refused as damage, not read */
    VALUE_MAX = 64 * 1024 * 1024,
};

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

int64_t hive_filetime_to_unix(uint64_t ft)
{
    if (ft == 0)
        return 0;
    return (int64_t)(ft / 10000000u) - 11644473600LL;
}

uint64_t hive_unix_to_filetime(int64_t t)
{
    if (t == 0 || t <= -11644473600LL)
        return 0;
    return (uint64_t)(t + 11644473600LL) * 10000000u;
}

/* What an errno from opening a file means, in words. */
static const char *open_errno_words(int e)
{
    switch (e) {
    case ENOENT:
        return "no such file";
    case EACCES:
    case EPERM:
        return "permission denied";
    case EISDIR:
        return "it is a folder, not a file";
    case ENOTSUP:
        return "not a valid Windows NT registry hive (damaged file)";
    case EINVAL:
        return "the hive structure is invalid (damaged file)";
    case EFAULT:
        return "the file is truncated or damaged";
    case ENOMEM:
        return "out of memory";
    case EFBIG:
        return "the file is too large";
    default:
        return e ? strerror(e) : "unknown error";
    }
}

static bool is_printable_sig(const unsigned char *p)
{
    for (int i = 0; i < 4; i++) {
        if (p[i] < 0x20 || p[i] > 0x7e)
            return false;
    }
    return true;
}

/* Copy UTF-8 src into dst[size], cut at a character boundary. */
static void copy_utf8_cut(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

uint32_t hive_header_checksum(const unsigned char *base)
{
    uint32_t sum = 0;

    for (size_t i = 0; i < 0x1fc; i += 4)
        sum ^= get32(base + i);
    if (sum == 0xffffffffu)
        sum = 0xfffffffeu;
    else if (sum == 0)
        sum = 1;
    return sum;
}

/*
 * Read the base block; on failure put the reason alone (no subject) in
 * err.  *size gets the file size.
 */
static int read_base_block(const char *path, unsigned char *base,
                           uint64_t *size, struct wiz_err *err)
{
    struct fs_stat st;
    struct wiz_err serr;
    FILE *f;
    size_t got;

    if (fs_stat_follow(path, &st, &serr) < 0)
        return err_set(err, WIZ_EIO, "%s", serr.msg);
    if (st.type == FS_NONE)
        return err_set(err, WIZ_ENOENT, "no such file");
    if (st.type == FS_DIR)
        return err_set(err, WIZ_EUSAGE, "it is a folder, not a file");
    errno = 0;
    f = fs_fopen(path, "rb");
    if (!f)
        return err_set(err, errno == ENOENT ? WIZ_ENOENT : WIZ_EIO, "%s",
                       open_errno_words(errno));
    got = fread(base, 1, BASE_BLOCK, f);
    fclose(f);
    *size = st.size;
    if (got == 0)
        return err_set(err, WIZ_EFORMAT,
                       "the file is empty (0 bytes), not a registry hive");
    if (got >= 4 && memcmp(base, "CREG", 4) == 0)
        return err_set(err, WIZ_EFORMAT,
                       "not a Windows NT registry hive (Windows 9x CREG "
                       "format, not supported)");
    if (got >= 4 && memcmp(base, "regf", 4) != 0) {
        if (is_printable_sig(base))
            return err_set(err, WIZ_EFORMAT,
                           "not a registry hive (it starts with '%.4s', "
                           "not 'regf')", (const char *)base);
        return err_set(err, WIZ_EFORMAT,
                       "not a registry hive (it starts with bytes %02x %02x "
                       "%02x %02x, not 'regf')", base[0], base[1], base[2],
                       base[3]);
    }
    if (got < BASE_BLOCK)
        return err_set(err, WIZ_EFORMAT,
                       "the file is too short for a registry hive (%zu "
                       "bytes, the header alone needs %d)", got, BASE_BLOCK);
    return 0;
}

static void parse_header(const unsigned char *base, struct hive_header *hdr)
{
    char *name;

    memset(hdr, 0, sizeof(*hdr));
    hdr->seq1 = get32(base + 0x04);
    hdr->seq2 = get32(base + 0x08);
    hdr->last_written = hive_filetime_to_unix(get64(base + 0x0c));
    hdr->major = get32(base + 0x14);
    hdr->minor = get32(base + 0x18);
    name = utf16le_to_utf8(base + 0x30, 64, false, NULL);
    copy_utf8_cut(hdr->embedded_name, sizeof(hdr->embedded_name), name);
    free(name);
    hdr->checksum_ok = hive_header_checksum(base) == get32(base + 0x1fc);
}

int hive_read_header(const char *path, struct hive_header *hdr,
                     struct wiz_err *err)
{
    unsigned char base[BASE_BLOCK];
    uint64_t size;

    memset(hdr, 0, sizeof(*hdr));
    if (read_base_block(path, base, &size, err) < 0)
        return err_prefix(err, "cannot read hive '%s'", path);
    parse_header(base, hdr);
    return 0;
}

/*
 * Walk the hbin headers the way hivex will, so that a damaged file gets a
 * reason in words instead of an errno.  Reads 32 bytes per bin.  Space
 * after the bins the header declares is ignored (Windows leaves such
 * space); a file that ends before them is accepted, as hivex does, and
 * remembered in *short_by, so later failures can say so.
 */
static int check_bins(const char *path, uint64_t size, uint32_t data_size,
                      uint64_t *short_by, struct wiz_err *err)
{
    unsigned char hb[HBIN_HEADER];
    uint64_t end = (uint64_t)BASE_BLOCK + data_size;
    uint64_t off = BASE_BLOCK;
    FILE *f;
    int ret = 0;

    *short_by = end > size ? end - size : 0;
    if (size < BASE_BLOCK + HBIN_HEADER)
        return err_set(err, WIZ_EFORMAT,
                       "the file is truncated (no hive bin after the "
                       "header)");
    f = fs_fopen(path, "rb");
    if (!f)
        return err_set(err, WIZ_EIO, "%s", open_errno_words(errno));
    while (off < size && off < end) {
        uint32_t bin_size;

        if (off + HBIN_HEADER > size) {
            ret = err_set(err, WIZ_EFORMAT, "the file is truncated (hive "
                          "bin header cut at offset 0x%llx)",
                          (unsigned long long)off);
            break;
        }
        if (fseek(f, (long)off, SEEK_SET) != 0 ||
            fread(hb, 1, sizeof(hb), f) != sizeof(hb)) {
            ret = err_set(err, WIZ_EIO, "read error at offset 0x%llx",
                          (unsigned long long)off);
            break;
        }
        if (memcmp(hb, "hbin", 4) != 0) {
            ret = err_set(err, WIZ_EFORMAT,
                          "bad hive bin header at offset 0x%llx (damaged "
                          "file: trailing garbage after the last good hive "
                          "bin)", (unsigned long long)off);
            break;
        }
        bin_size = get32(hb + 8);
        if (bin_size <= HBIN_HEADER || (bin_size & 0xfff) != 0) {
            ret = err_set(err, WIZ_EFORMAT,
                          "bad hive bin size %u at offset 0x%llx (damaged "
                          "file)", bin_size, (unsigned long long)off);
            break;
        }
        if (off + bin_size > size) {
            ret = err_set(err, WIZ_EFORMAT, "the file is truncated (hive "
                          "bin at offset 0x%llx goes past the end)",
                          (unsigned long long)off);
            break;
        }
        off += bin_size;
    }
    fclose(f);
    return ret;
}

int hive_open(const char *path, bool writable, struct hive **out,
              struct wiz_err *err)
{
    unsigned char base[BASE_BLOCK];
    struct hive_header hdr;
    uint64_t size, short_by, data_end;
    hive_h *hx;
    struct hive *h;
    char *narrow, *copy_dir;

    *out = NULL;
    if (read_base_block(path, base, &size, err) < 0)
        return err_prefix(err, "cannot open hive '%s'", path);
    parse_header(base, &hdr);
    if (!hdr.checksum_ok)
        return err_set(err, WIZ_EFORMAT, "cannot open hive '%s': header "
                       "checksum is wrong (damaged file)", path);
    if (get32(base + 0x1c) != 0)
        return err_set(err, WIZ_EFORMAT, "cannot open hive '%s': it is a "
                       "registry transaction log, not a hive", path);
    data_end = (uint64_t)BASE_BLOCK + get32(base + 0x28);
    short_by = data_end > size ? data_end - size : 0;
    if (size < BASE_BLOCK + HBIN_HEADER)
        return err_set(err, WIZ_EFORMAT, "cannot open hive '%s': the file "
                       "is truncated (no hive bin after the header)", path);
    /*
     * hivex walks the bins itself; the slower walk of our own (one read
     * per bin) only runs to put a failure into words.
     */
    if (fs_narrow_path(path, !writable, &narrow, &copy_dir, err) < 0)
        return -1;
    errno = 0;
    hx = hivex_open(narrow, writable ? HIVEX_OPEN_WRITE : 0);
    free(narrow);
    if (!hx) {
        int e = errno;
        uint64_t ignored;

        if (copy_dir) {
            fs_remove_tree(copy_dir, NULL);
            free(copy_dir);
        }

        if (check_bins(path, size, get32(base + 0x28), &ignored, err) < 0)
            return err_prefix(err, "cannot open hive '%s'", path);
        return err_set(err, e == ENOENT ? WIZ_ENOENT : WIZ_EFORMAT,
                       "cannot open hive '%s': %s", path,
                       open_errno_words(e));
    }
    h = xcalloc(1, sizeof(*h));
    h->hx = hx;
    h->path = xstrdup(path);
    h->copy_dir = copy_dir;
    h->writable = writable;
    h->short_by = short_by;
    *out = h;
    return 0;
}

int hive_check(const char *path, struct wiz_err *err)
{
    struct hive *h;
    size_t *kids = NULL;
    size_t n = 0;
    int rc = 0;

    if (hive_open(path, false, &h, err) < 0)
        return -1;
    if (h->short_by)
        rc = err_set(err, WIZ_EFORMAT, "cannot use hive '%s': the file is "
                     "truncated (%llu bytes shorter than its header says)",
                     path, (unsigned long long)h->short_by);
    else if (hive_children(h, 0, &kids, &n, err) < 0)
        rc = -1;
    free(kids);
    hive_close(h);
    return rc;
}

void hive_close(struct hive *h)
{
    if (!h)
        return;
    values_forget(h);
    hivex_close(h->hx);
    if (h->copy_dir) {
        fs_remove_tree(h->copy_dir, NULL);
        free(h->copy_dir);
    }
    free(h->path);
    free(h);
}

const char *hive_path(const struct hive *h)
{
    return h->path;
}

size_t hive_root(struct hive *h)
{
    return hivex_root(h->hx);
}

/* hivex converts names with iconv and misbehaves on invalid UTF-8. */
static bool name_ok(const char *s)
{
    return utf8_is_valid(s, strlen(s));
}

static int bad_name(struct hive *h, const char *what, struct wiz_err *err)
{
    return err_set(err, WIZ_EUSAGE, "cannot %s in hive '%s': the name is "
                   "not valid UTF-8", what, h->path);
}

static size_t node_or_root(struct hive *h, size_t node)
{
    return node ? node : hivex_root(h->hx);
}

/* The name of node for messages (new string, never NULL). */
static char *name_for_msg(struct hive *h, size_t node)
{
    char *s;

    if (node == hivex_root(h->hx))
        return xstrdup("\\");
    s = hive_node_name(h, node);
    return s;
}

static int damaged(struct hive *h, size_t node, const char *what, int e,
                   struct wiz_err *err)
{
    char *name = name_for_msg(h, node);

    if (h->short_by && (e == EFAULT || e == EINVAL || e == ENOTSUP ||
                        e == ERANGE))
        err_set(err, WIZ_EFORMAT, "cannot %s of key '%s' in hive '%s': "
                "the hive is damaged or truncated (the file is %llu bytes "
                "shorter than its header says)", what, name, h->path,
                (unsigned long long)h->short_by);
    else
        err_set(err, WIZ_EFORMAT, "cannot %s of key '%s' in hive '%s': %s",
                what, name, h->path,
                (e == EFAULT || e == EINVAL || e == ENOTSUP || e == ERANGE)
                    ? "the hive is damaged or truncated"
                    : open_errno_words(e));
    free(name);
    return -1;
}

int hive_lookup(struct hive *h, size_t node, const char *path, size_t *found,
                struct wiz_err *err)
{
    size_t cur = node_or_root(h, node);
    const char *p = path;

    *found = 0;
    while (*p) {
        const char *sep = strchr(p, '\\');
        size_t n = sep ? (size_t)(sep - p) : strlen(p);

        if (n > 0) {
            char *part = xstrndup(p, n);
            size_t next = 0;

            errno = 0;
            if (name_ok(part))
                next = hivex_node_get_child(h->hx, cur, part);
            free(part);
            if (!next && errno)
                return damaged(h, cur, "look up a subkey", errno, err);
            if (!next)
                return 0;
            cur = next;
        }
        p += n;
        if (*p == '\\')
            p++;
    }
    *found = cur;
    return 0;
}

/*
 * A zero-ended list from hivex (NULL: it failed with errno, saying what it
 * tried) as a counted copy in *out.
 */
static int take_list(struct hive *h, size_t node, size_t *list,
                     const char *what, size_t **out, size_t *n,
                     struct wiz_err *err)
{
    size_t count = 0;

    if (!list)
        return damaged(h, node, what, errno, err);
    while (list[count])
        count++;
    *out = xcalloc(count ? count : 1, sizeof(**out));
    for (size_t i = 0; i < count; i++)
        (*out)[i] = list[i];
    *n = count;
    free(list);
    return 0;
}

int hive_children(struct hive *h, size_t node, size_t **kids, size_t *n,
                  struct wiz_err *err)
{
    node = node_or_root(h, node);
    *kids = NULL;
    *n = 0;
    errno = 0;
    return take_list(h, node, hivex_node_children(h->hx, node),
                     "list the subkeys", kids, n, err);
}

char *hive_node_name(struct hive *h, size_t node)
{
    char *s, *copy;

    s = hivex_node_name(h->hx, node_or_root(h, node));
    if (!s)
        return xstrdup("");
    copy = xstrdup(s);
    free(s);
    return copy;
}

int64_t hive_node_mtime(struct hive *h, size_t node)
{
    int64_t ft = hivex_node_timestamp(h->hx, node_or_root(h, node));

    if (ft <= 0)
        return 0;
    return hive_filetime_to_unix((uint64_t)ft);
}

int hive_values(struct hive *h, size_t node, size_t **vals, size_t *n,
                struct wiz_err *err)
{
    node = node_or_root(h, node);
    *vals = NULL;
    *n = 0;
    errno = 0;
    return take_list(h, node, hivex_node_values(h->hx, node),
                     "list the values", vals, n, err);
}

char *hive_value_name(struct hive *h, size_t val)
{
    char *s = hivex_value_key(h->hx, val);
    char *copy;

    if (!s)
        return xstrdup("");
    copy = xstrdup(s);
    free(s);
    return copy;
}

void hive_value_release(struct hive_value *v)
{
    if (!v)
        return;
    free(v->data);
    v->data = NULL;
    v->len = 0;
    v->type = 0;
}

int hive_value_read(struct hive *h, size_t val, struct hive_value *out,
                    struct wiz_err *err)
{
    hivex_type t;
    size_t len = 0;
    char *data;

    memset(out, 0, sizeof(*out));
    errno = 0;
    if (hivex_value_type(h->hx, val, &t, &len) < 0) {
        char *name = hive_value_name(h, val);

        err_set(err, WIZ_EFORMAT, "cannot read value '%s' in hive '%s': "
                "the hive is damaged", name, h->path);
        free(name);
        return -1;
    }
    if (len > VALUE_MAX) {
        char *name = hive_value_name(h, val);

        err_set(err, WIZ_ELIMIT, "cannot read value '%s' in hive '%s': "
                "%zu bytes is more than we accept", name, h->path, len);
        free(name);
        return -1;
    }
    errno = 0;
    data = hivex_value_value(h->hx, val, &t, &len);
    if (!data) {
        char *name = hive_value_name(h, val);

        err_set(err, WIZ_EFORMAT, "cannot read value '%s' in hive '%s': "
                "%s", name, h->path,
                errno == ENOMEM ? "out of memory"
                                : "the hive is damaged or truncated");
        free(name);
        return -1;
    }
    out->type = (uint32_t)t;
    out->len = len;
    if (len) {
        out->data = xmalloc(len);
        memcpy(out->data, data, len);
    }
    free(data);
    return 0;
}

static void values_forget(struct hive *h)
{
    for (size_t i = 0; i < h->vcount; i++)
        free(h->vnames[i]);
    free(h->vnames);
    free(h->vhandles);
    h->vnames = NULL;
    h->vhandles = NULL;
    h->vcount = 0;
    h->vnode = 0;
}

/*
 * Keep the value names of node; false (nothing kept) when hivex cannot
 * list or decode them, and the caller asks hivex the slow way, which
 * gives the same answer or the same error.
 */
static bool values_keep(struct hive *h, size_t node)
{
    hive_value_h *list;
    size_t count = 0;

    values_forget(h);
    errno = 0;
    list = hivex_node_values(h->hx, node);
    if (!list)
        return false;
    while (list[count])
        count++;
    h->vhandles = xcalloc(count ? count : 1, sizeof(*h->vhandles));
    h->vnames = xcalloc(count ? count : 1, sizeof(*h->vnames));
    for (size_t i = 0; i < count; i++) {
        char *name = hivex_value_key(h->hx, list[i]);

        if (!name) {
            h->vcount = i;
            free(list);
            values_forget(h);
            return false;
        }
        h->vhandles[i] = list[i];
        h->vnames[i] = xstrdup(name);
        free(name);
        h->vcount = i + 1;
    }
    free(list);
    h->vnode = node;
    return true;
}

static int find_value(struct hive *h, size_t node, const char *name,
                      size_t *val, struct wiz_err *err)
{
    node = node_or_root(h, node);
    *val = 0;
    if (!name_ok(name))
        return 0;   /* no such name can be stored */
    if (h->vnode == node || values_keep(h, node)) {
        /* the first match, case-insensitive, as hivex_node_get_value */
        for (size_t i = 0; i < h->vcount; i++) {
            if (str_ieq(h->vnames[i], name)) {
                *val = h->vhandles[i];
                break;
            }
        }
        return 0;
    }
    errno = 0;
    *val = hivex_node_get_value(h->hx, node, name);
    if (!*val && errno)
        return damaged(h, node, "look up a value", errno, err);
    return 0;
}

int hive_get(struct hive *h, size_t node, const char *name,
             struct hive_value *out, bool *found, struct wiz_err *err)
{
    size_t val;

    memset(out, 0, sizeof(*out));
    *found = false;
    if (find_value(h, node, name, &val, err) < 0)
        return -1;
    if (!val)
        return 0;
    if (hive_value_read(h, val, out, err) < 0)
        return -1;
    *found = true;
    return 0;
}

static const char *type_name(uint32_t type)
{
    static const char *const names[] = {
        "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
        "REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ",
        "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTOR",
        "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD",
    };

    if (type < sizeof(names) / sizeof(names[0]))
        return names[type];
    return "an unknown type";
}

static const char *shown_name(const char *name)
{
    return *name ? name : "(default)";
}

static int wrong_type(struct hive *h, const char *name, uint32_t type,
                      const char *wanted, struct wiz_err *err)
{
    if (type < 12)
        return err_set(err, WIZ_EFORMAT, "value '%s' in hive '%s' is %s, "
                       "not %s", shown_name(name), h->path, type_name(type),
                       wanted);
    return err_set(err, WIZ_EFORMAT, "value '%s' in hive '%s' has type "
                   "0x%x, not %s", shown_name(name), h->path, type, wanted);
}

int hive_get_string(struct hive *h, size_t node, const char *name,
                    char **out, struct wiz_err *err)
{
    struct hive_value v;
    bool found;

    *out = NULL;
    if (hive_get(h, node, name, &v, &found, err) < 0)
        return -1;
    if (!found)
        return 0;
    if (v.type != HIVE_REG_SZ && v.type != HIVE_REG_EXPAND_SZ &&
        v.type != HIVE_REG_MULTI_SZ && v.type != HIVE_REG_LINK) {
        wrong_type(h, name, v.type, "a string", err);
        hive_value_release(&v);
        return -1;
    }
    *out = utf16le_to_utf8(v.data, v.len, false, NULL);
    hive_value_release(&v);
    return 0;
}

int hive_get_dword(struct hive *h, size_t node, const char *name,
                   uint32_t *out, bool *found, struct wiz_err *err)
{
    struct hive_value v;
    int ret = 0;

    *out = 0;
    if (hive_get(h, node, name, &v, found, err) < 0)
        return -1;
    if (!*found)
        return 0;
    if ((v.type == HIVE_REG_DWORD && v.len >= 4) ||
        (v.type == HIVE_REG_BINARY && v.len == 4)) {
        *out = get32(v.data);
    } else if (v.type == HIVE_REG_DWORD_BIG_ENDIAN && v.len >= 4) {
        *out = (uint32_t)v.data[0] << 24 | (uint32_t)v.data[1] << 16 |
               (uint32_t)v.data[2] << 8 | (uint32_t)v.data[3];
    } else if (v.type == HIVE_REG_DWORD ||
               v.type == HIVE_REG_DWORD_BIG_ENDIAN) {
        ret = err_set(err, WIZ_EFORMAT, "value '%s' in hive '%s' is too "
                      "short for a DWORD (%zu bytes)", shown_name(name),
                      h->path, v.len);
    } else {
        ret = wrong_type(h, name, v.type, "a DWORD", err);
    }
    if (ret < 0)
        *found = false;
    hive_value_release(&v);
    return ret;
}

int hive_get_qword(struct hive *h, size_t node, const char *name,
                   uint64_t *out, bool *found, struct wiz_err *err)
{
    struct hive_value v;
    int ret = 0;

    *out = 0;
    if (hive_get(h, node, name, &v, found, err) < 0)
        return -1;
    if (!*found)
        return 0;
    if ((v.type == HIVE_REG_QWORD && v.len >= 8) ||
        (v.type == HIVE_REG_BINARY && v.len == 8)) {
        *out = get64(v.data);
    } else if (v.type == HIVE_REG_DWORD && v.len >= 4) {
        *out = get32(v.data);
    } else if (v.type == HIVE_REG_QWORD) {
        ret = err_set(err, WIZ_EFORMAT, "value '%s' in hive '%s' is too "
                      "short for a QWORD (%zu bytes)", shown_name(name),
                      h->path, v.len);
    } else {
        ret = wrong_type(h, name, v.type, "a QWORD", err);
    }
    if (ret < 0)
        *found = false;
    hive_value_release(&v);
    return ret;
}

void hive_strv_free(char **v)
{
    if (!v)
        return;
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

int hive_get_multi(struct hive *h, size_t node, const char *name,
                   char ***out, size_t *n, struct wiz_err *err)
{
    struct hive_value v;
    bool found;
    char *all, **list = NULL;
    size_t all_len, count = 0, alloc = 0;

    *out = NULL;
    *n = 0;
    if (hive_get(h, node, name, &v, &found, err) < 0)
        return -1;
    if (!found)
        return 0;
    if (v.type != HIVE_REG_MULTI_SZ && v.type != HIVE_REG_SZ &&
        v.type != HIVE_REG_EXPAND_SZ) {
        wrong_type(h, name, v.type, "REG_MULTI_SZ", err);
        hive_value_release(&v);
        return -1;
    }
    all = utf16le_to_utf8(v.data, v.len, true, &all_len);
    hive_value_release(&v);
    /* strings end at NUL; an empty string (double NUL) ends the list */
    for (size_t i = 0; i < all_len;) {
        size_t len = strlen(all + i);

        if (len == 0)
            break;
        XGROW(list, alloc, count + 2);
        list[count++] = xstrndup(all + i, len);
        i += len + 1;
    }
    free(all);
    XGROW(list, alloc, count + 1);
    list[count] = NULL;
    *out = list;
    *n = count;
    return 0;
}

static int need_writable(struct hive *h, struct wiz_err *err)
{
    values_forget(h);   /* every change starts here */
    if (!h->writable)
        return err_set(err, WIZ_EUSAGE, "cannot change hive '%s': it was "
                       "opened read-only", h->path);
    return 0;
}

static int write_failed(struct hive *h, const char *what, const char *name,
                        int e, struct wiz_err *err)
{
    const char *why;

    switch (e) {
    case EEXIST:
        why = "it already exists";
        break;
    case EINVAL:
        why = "invalid name or data";
        break;
    case ENOMEM:
        why = "out of memory";
        break;
    case ERANGE:
        why = "too large for the hive format";
        break;
    default:
        why = e ? strerror(e) : "unknown error";
        break;
    }
    return err_set(err, e == EEXIST ? WIZ_EEXIST : WIZ_EFORMAT,
                   "cannot %s '%s' in hive '%s': %s", what, name, h->path,
                   why);
}

int hive_add_child(struct hive *h, size_t parent, const char *name,
                   size_t *child, struct wiz_err *err)
{
    size_t c;

    *child = 0;
    if (need_writable(h, err) < 0)
        return -1;
    if (!*name || strchr(name, '\\'))
        return err_set(err, WIZ_EUSAGE, "cannot add key '%s' in hive '%s': "
                       "a key name must not be empty or contain '\\'", name,
                       h->path);
    if (!name_ok(name))
        return bad_name(h, "add a key", err);
    errno = 0;
    c = hivex_node_add_child(h->hx, node_or_root(h, parent), name);
    if (!c)
        return write_failed(h, "add key", name, errno, err);
    *child = c;
    return 0;
}

int hive_mkpath(struct hive *h, const char *path, size_t *node,
                struct wiz_err *err)
{
    size_t cur = hivex_root(h->hx);
    const char *p = path;

    *node = 0;
    if (need_writable(h, err) < 0)
        return -1;
    while (*p) {
        const char *sep = strchr(p, '\\');
        size_t n = sep ? (size_t)(sep - p) : strlen(p);

        if (n > 0) {
            char *part = xstrndup(p, n);
            size_t next;

            if (!name_ok(part)) {
                free(part);
                return bad_name(h, "add a key", err);
            }
            errno = 0;
            next = hivex_node_get_child(h->hx, cur, part);
            if (!next && errno) {
                free(part);
                return damaged(h, cur, "look up a subkey", errno, err);
            }
            if (!next && hive_add_child(h, cur, part, &next, err) < 0) {
                free(part);
                return -1;
            }
            free(part);
            cur = next;
        }
        p += n;
        if (*p == '\\')
            p++;
    }
    *node = cur;
    return 0;
}

int hive_delete_child(struct hive *h, size_t node, struct wiz_err *err)
{
    if (need_writable(h, err) < 0)
        return -1;
    if (!node || node == hivex_root(h->hx))
        return err_set(err, WIZ_EUSAGE, "cannot delete the root key of "
                       "hive '%s'", h->path);
    errno = 0;
    if (hivex_node_delete_child(h->hx, node) < 0) {
        char *name = hive_node_name(h, node);
        int ret = write_failed(h, "delete key", name, errno, err);

        free(name);
        return ret;
    }
    return 0;
}

int hive_set_value(struct hive *h, size_t node, const char *name,
                   uint32_t type, const void *data, size_t len,
                   struct wiz_err *err)
{
    hivex_set_value sv;
    int ret;

    if (need_writable(h, err) < 0)
        return -1;
    if (!name_ok(name))
        return bad_name(h, "set a value", err);
    sv.key = xstrdup(name);
    sv.t = (hivex_type)type;
    sv.len = len;
    sv.value = xmalloc(len ? len : 1);
    if (len)
        memcpy(sv.value, data, len);
    errno = 0;
    ret = hivex_node_set_value(h->hx, node_or_root(h, node), &sv, 0);
    free(sv.key);
    free(sv.value);
    if (ret < 0)
        return write_failed(h, "set value", shown_name(name), errno, err);
    return 0;
}

/* hivex wants non-const buffers: copy each value into a new array. */
static hivex_set_value *copy_value_set(const struct hive_value_set *vals,
                                      size_t n)
{
    hivex_set_value *sv = xcalloc(n ? n : 1, sizeof(*sv));

    for (size_t i = 0; i < n; i++) {
        sv[i].key = xstrdup(vals[i].name);
        sv[i].t = (hivex_type)vals[i].type;
        sv[i].len = vals[i].len;
        sv[i].value = xmalloc(vals[i].len ? vals[i].len : 1);
        if (vals[i].len)
            memcpy(sv[i].value, vals[i].data, vals[i].len);
    }
    return sv;
}

static void free_value_set(hivex_set_value *sv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(sv[i].key);
        free(sv[i].value);
    }
    free(sv);
}

int hive_replace_values(struct hive *h, size_t node,
                        const struct hive_value_set *vals, size_t n,
                        struct wiz_err *err)
{
    hivex_set_value *sv;
    int ret;

    if (need_writable(h, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!name_ok(vals[i].name))
            return bad_name(h, "set a value", err);
    }
    node = node_or_root(h, node);
    sv = copy_value_set(vals, n);
    errno = 0;
    ret = hivex_node_set_values(h->hx, node, n, sv, 0);
    free_value_set(sv, n);
    if (ret < 0) {
        char *name = name_for_msg(h, node);

        ret = write_failed(h, "set the values of key", name, errno, err);
        free(name);
    }
    return ret;
}

int hive_delete_value(struct hive *h, size_t node, const char *name,
                      struct wiz_err *err)
{
    size_t *vals, n, kept = 0;
    struct hive_value *data;
    struct hive_value_set *set;
    char **names;
    bool hit = false;
    int ret = -1;

    if (need_writable(h, err) < 0)
        return -1;
    node = node_or_root(h, node);
    if (hive_values(h, node, &vals, &n, err) < 0)
        return -1;
    data = xcalloc(n ? n : 1, sizeof(*data));
    names = xcalloc(n ? n : 1, sizeof(*names));
    set = xcalloc(n ? n : 1, sizeof(*set));
    for (size_t i = 0; i < n; i++) {
        names[i] = hive_value_name(h, vals[i]);
        if (!hit && str_ieq(names[i], name)) {
            hit = true;
            continue;
        }
        if (hive_value_read(h, vals[i], &data[i], err) < 0)
            goto out;
        set[kept].name = names[i];
        set[kept].type = data[i].type;
        set[kept].data = data[i].data;
        set[kept].len = data[i].len;
        kept++;
    }
    ret = hit ? hive_replace_values(h, node, set, kept, err) : 0;
out:
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
        hive_value_release(&data[i]);
    }
    free(set);
    free(names);
    free(data);
    free(vals);
    return ret;
}

int hive_commit(struct hive *h, const char *path, struct wiz_err *err)
{
    const char *to = path ? path : h->path;

    if (need_writable(h, err) < 0)
        return -1;
    errno = 0;
    if (hivex_commit(h->hx, path, 0) < 0)
        return err_set(err, WIZ_EIO, "cannot write hive '%s': %s", to,
                       errno ? strerror(errno) : "unknown error");
    return 0;
}

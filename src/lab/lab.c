/*
 * The practice-volume builder: runs a checked manifest (lab_manifest.c)
 * line by line and writes DIR/volumes/<L>/..., the volume facts files and
 * DIR/usmt/.  Hives come from regf_create_empty + the .reg importer + the
 * hivex adapter; nothing binary is taken from anywhere else.
 */
#include "lab/lab.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/sha256.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/offline/bitlocker.h"
#include "core/offline/hive.h"
#include "core/usmt/pe.h"
#include "lab/regf.h"
#include "lab/regimport.h"
#include "platform/fs.h"
#include "platform/sys.h"
#include "platform/vol.h"

#define REG_MAX ((size_t)1024 * 1024 * 1024)
#define HIVE_MAX ((size_t)1024 * 1024 * 1024)
/* Files up to this size get real bytes; larger ones are mostly a hole. */
#define DENSE_MAX (64 * 1024)
#define SPARSE_HEAD 4096
/* 2024-06-03 08:00:00 UTC: the time of everything not given one. */
#define LAB_DEFAULT_TIME 1717401600

#define SYSTEM_HIVE_ROOT \
    "CsiTool-CreateHive-{00000000-0000-0000-0000-000000000000}"

struct dir_time {
    char *path;
    int64_t mtime;
};

struct build {
    const char *out;
    char *volroot;          /* DIR/volumes */
    char *root;             /* where relative paths go now */
    char letter;            /* current volume, 0 in usmt/ */
    struct dir_time *dirs;  /* folder times, set at the end */
    size_t n_dirs, alloc_dirs;
    struct strbuf summary;
};

/* ---- small helpers ------------------------------------------------------- */

static int line_err(const struct lab_line *l, struct wiz_err *err)
{
    return err_prefix(err, "%s:%d", l->file, l->line);
}

/* root + rel with Windows separators turned into ours. */
static char *path_in(const char *root, const char *rel)
{
    char *r = xstrdup(rel);

    for (char *p = r; *p; p++) {
        if (*p == '\\')
            *p = '/';
    }
    char *full = fs_join(root, r);

    free(r);
    return full;
}

static char *parent_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

static int mkparent(const char *path, struct wiz_err *err)
{
    char *dir = parent_of(path);
    int r = fs_mkdir_p(dir, err);

    free(dir);
    return r;
}

static int64_t opt_time(const struct lab_line *l, int64_t dflt)
{
    const char *v = lab_line_opt(l, "mtime");
    int64_t t;

    if (v && lab_parse_time(v, &t) == 0)
        return t;
    return dflt;
}

static uint64_t opt_size(const struct lab_line *l, const char *key,
                         uint64_t dflt)
{
    const char *v = lab_line_opt(l, key);
    uint64_t s;

    if (v && lab_parse_size(v, &s) == 0)
        return s;
    return dflt;
}

static bool opt_yes(const struct lab_line *l, const char *key, bool dflt)
{
    const char *v = lab_line_opt(l, key);

    return v ? !strcmp(v, "yes") : dflt;
}

static void remember_dir(struct build *b, const char *path, int64_t mtime)
{
    XGROW(b->dirs, b->alloc_dirs, b->n_dirs + 1);
    b->dirs[b->n_dirs].path = xstrdup(path);
    b->dirs[b->n_dirs].mtime = mtime;
    b->n_dirs++;
}

static int make_dir(struct build *b, const char *path, int64_t mtime,
                    struct wiz_err *err)
{
    if (fs_mkdir_p(path, err) < 0)
        return -1;
    remember_dir(b, path, mtime);
    return 0;
}

/* A file of size bytes: readable text first, then zeros (a hole if big). */
static int write_sized(const char *path, const char *text, uint64_t size,
                       struct wiz_err *err)
{
    static const char pattern[] = "usmtwiz practice file. ";
    struct strbuf sb;
    uint64_t dense = size > DENSE_MAX ? SPARSE_HEAD : size;
    int r;

    strbuf_init(&sb);
    if (text)
        strbuf_adds(&sb, text);
    while (sb.len < dense)
        strbuf_adds(&sb, pattern);
    if (!text && sb.len > dense)
        strbuf_setlen(&sb, (size_t)dense);
    if (sb.len > size)
        size = sb.len;
    if (mkparent(path, err) < 0) {
        strbuf_release(&sb);
        return -1;
    }
    r = fs_create_sized(path, sb.buf, sb.len, size, err);
    strbuf_release(&sb);
    return r;
}

/* ---- hives --------------------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *a = strrchr(path, '/');
    const char *b = strrchr(path, '\\');
    const char *s = a > b ? a : b;

    return s ? s + 1 : path;
}

static const char *default_strip(const char *hive_path)
{
    static const char *const machine[][2] = {
        { "SOFTWARE", "HKEY_LOCAL_MACHINE\\SOFTWARE" },
        { "SYSTEM", "HKEY_LOCAL_MACHINE\\SYSTEM" },
        { "SAM", "HKEY_LOCAL_MACHINE\\SAM" },
        { "SECURITY", "HKEY_LOCAL_MACHINE\\SECURITY" },
        { "DEFAULT", "HKEY_USERS\\.DEFAULT" },
        { "NTUSER.DAT", "HKEY_CURRENT_USER" },
        { "UsrClass.dat", "HKEY_CURRENT_USER\\Software\\Classes" },
    };
    const char *name = base_name(hive_path);

    for (size_t i = 0; i < sizeof(machine) / sizeof(machine[0]); i++) {
        if (str_ieq(name, machine[i][0]))
            return machine[i][1];
    }
    return NULL;
}

static bool is_user_hive(const char *hive_path)
{
    const char *name = base_name(hive_path);

    return str_ieq(name, "NTUSER.DAT") || str_ieq(name, "UsrClass.dat");
}

/* regedit's own form: BOM, UTF-16LE, CRLF line ends. */
static unsigned char *to_regedit_utf16(const char *data, size_t len,
                                       size_t *out_len)
{
    struct strbuf sb;
    size_t u16_len;

    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    strbuf_init(&sb);
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
            strbuf_addch(&sb, '\r');
        strbuf_addch(&sb, data[i]);
    }
    unsigned char *u16 = utf8_to_utf16le(sb.buf, sb.len, &u16_len);
    unsigned char *out = xmalloc(u16_len + 2);

    out[0] = 0xFF;
    out[1] = 0xFE;
    memcpy(out + 2, u16, u16_len);
    free(u16);
    strbuf_release(&sb);
    *out_len = u16_len + 2;
    return out;
}

static char *display_name(const struct lab_line *l, const char *rel)
{
    const char *slash = strrchr(l->file, '/');

    if (!slash)
        return xstrdup(rel);
    return xasprintf("%.*s/%s", (int)(slash - l->file), l->file, rel);
}

static int import_reg(struct hive *h, const struct lab_line *l,
                      const char *rel, const char *strip, bool utf16,
                      struct wiz_err *err)
{
    char *path = path_in(l->base, rel);
    char *display = display_name(l, rel);
    char *data;
    size_t len;
    int r;

    if (fs_read_file(path, REG_MAX, &data, &len, err) < 0) {
        free(display);
        free(path);
        return -1;
    }
    if (utf16) {
        size_t n16;
        unsigned char *u16 = to_regedit_utf16(data, len, &n16);

        r = regimport_buffer(h, display, (const char *)u16, n16, strip, err);
        free(u16);
    } else {
        r = regimport_buffer(h, display, data, len, strip, err);
    }
    free(data);
    free(display);
    free(path);
    return r;
}

/* Make the hive look like Windows stopped while writing it (seq1 != seq2). */
static int make_dirty(const char *path, struct wiz_err *err)
{
    char *data;
    size_t len;
    int r;

    if (fs_read_file(path, HIVE_MAX, &data, &len, err) < 0)
        return -1;
    if (len < 4096) {
        free(data);
        return err_set(err, WIZ_EFORMAT, "hive '%s' is too short", path);
    }
    unsigned char *p = (unsigned char *)data;
    uint32_t seq = (uint32_t)p[4] | (uint32_t)p[5] << 8 |
                   (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;

    seq++;
    for (int i = 0; i < 4; i++)
        p[4 + i] = (unsigned char)(seq >> (8 * i));
    uint32_t sum = 0;

    for (int i = 0; i < 508; i += 4) {
        sum ^= (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 |
               (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
    }
    if (sum == 0xFFFFFFFFu)
        sum = 0xFFFFFFFEu;
    else if (sum == 0)
        sum = 1;
    for (int i = 0; i < 4; i++)
        p[508 + i] = (unsigned char)(sum >> (8 * i));
    r = fs_write_file(path, data, len, err);
    free(data);
    return r;
}

/*
 * Make the hive file path from the .reg files regs (relative to l->base).
 */
static int build_hive(const struct lab_line *l, const char *path,
                      char *const *regs, size_t n_regs, const char *strip,
                      const char *root_name, bool utf16, bool dirty,
                      int64_t mtime, struct wiz_err *err)
{
    struct hive *h = NULL;

    if (!strip)
        strip = default_strip(path);
    if (!strip && n_regs)
        return err_set(err, WIZ_EUSAGE,
                       "%s:%d: say which registry path '%s' holds "
                       "(strip=HKEY_...)", l->file, l->line, base_name(path));
    if (!root_name)
        root_name = is_user_hive(path) ? "ROOT" : SYSTEM_HIVE_ROOT;
    if (mkparent(path, err) < 0)
        return line_err(l, err);
    if (fs_exists(path) && fs_remove(path, err) < 0)
        return line_err(l, err);
    if (regf_create_empty(path, root_name, mtime, err) < 0)
        return line_err(l, err);
    if (hive_open(path, true, &h, err) < 0)
        return line_err(l, err);
    for (size_t i = 0; i < n_regs; i++) {
        if (import_reg(h, l, regs[i], strip, utf16, err) < 0) {
            hive_close(h);
            return line_err(l, err);
        }
    }
    if (hive_commit(h, NULL, err) < 0) {
        hive_close(h);
        return line_err(l, err);
    }
    hive_close(h);
    if (dirty && make_dirty(path, err) < 0)
        return line_err(l, err);
    if (fs_set_mtime(path, mtime, err) < 0)
        return line_err(l, err);
    return 0;
}

/* ---- directives ---------------------------------------------------------- */

static enum vol_kind kind_of(const char *s, char letter)
{
    static const char *const names[] = { "fixed", "removable", "network",
                                         "cdrom", "ram" };

    if (!s)
        return letter == 'X' ? VOL_RAM : VOL_FIXED;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (!strcmp(s, names[i]))
            return (enum vol_kind)i;
    }
    return VOL_UNKNOWN;
}

/*
 * The key protectors of a locked volume (recovery=, bek=yes): written to
 * its facts file as salted hashes; the contents that follow go to
 * DIR/volumes/<L>.fve, which becomes <L> when the volume is unlocked.
 * The .BEK key file is put beside the volumes, DIR/<ID>.BEK.
 */
static int add_protectors(struct build *b, const struct lab_line *l,
                          struct strbuf *keys, struct wiz_err *err)
{
    const char *typed = lab_line_opt(l, "recovery");
    bool bek = opt_yes(l, "bek", false);
    char id[VOL_PROTECTOR_ID_SIZE];
    int r = 0;

    if (!typed && !bek)
        return 0;
    if (typed) {
        char pw[BL_PASSWORD_SIZE];
        int block;

        if (bitlocker_password_check(typed, pw, &block, err) < 0)
            return -1;
        r = vol_facts_add_protector(b->volroot, b->letter, VOL_PROT_RECOVERY,
                                    pw, strlen(pw), id, err);
        sys_wipe(pw, sizeof(pw));
        if (r < 0)
            return -1;
        strbuf_addf(keys, "      key protector %s: recovery password\n",
                    id);
    }
    if (bek) {
        struct sha256 s;
        unsigned char key[32];
        char name[2] = { b->letter, '\0' };

        sha256_init(&s);
        sha256_update(&s, "usmtwiz-practice-bek", 20);
        sha256_update(&s, name, 1);
        sha256_final(&s, key);
        r = vol_facts_add_protector(b->volroot, b->letter, VOL_PROT_BEK, key,
                                    sizeof(key), id, err);
        if (r < 0)
            return -1;
        char *file = xasprintf("%s.BEK", id);
        char *path = fs_join(b->out, file);

        r = fs_write_file(path, key, sizeof(key), err);
        free(path);
        strbuf_addf(keys, "      key protector %s: external key, %s\n", id,
                    file);
        free(file);
        if (r < 0)
            return -1;
    }
    char *hidden = xasprintf("%s.fve", b->root);

    free(b->root);
    b->root = hidden;
    return fs_mkdir_p(b->root, err);
}

static int do_volume(struct build *b, const struct lab_line *l,
                     struct wiz_err *err)
{
    struct vol_info v;
    struct strbuf keys = STRBUF_INIT;
    char name[2];
    char human_total[32];
    char human_free[32];

    memset(&v, 0, sizeof(v));
    v.letter = l->args[0][0];
    if (v.letter >= 'a' && v.letter <= 'z')
        v.letter = (char)(v.letter - 'a' + 'A');
    v.label = xstrdup(lab_line_opt(l, "label") ? lab_line_opt(l, "label")
                                               : "");
    v.fs = xstrdup(lab_line_opt(l, "fs") ? lab_line_opt(l, "fs") : "NTFS");
    v.kind = kind_of(lab_line_opt(l, "kind"), v.letter);
    v.total_bytes = opt_size(l, "total", 0);
    v.free_bytes = opt_size(l, "free", 0);
    v.locked = opt_yes(l, "locked", false);
    v.readonly = opt_yes(l, "readonly", false);
    name[0] = v.letter;
    name[1] = '\0';
    free(b->root);
    b->root = fs_join(b->volroot, name);
    b->letter = v.letter;
    int r = fs_mkdir_p(b->root, err);

    if (!r)
        r = vol_write_facts(b->volroot, &v, err);
    if (!r && v.locked) {
        char *marker = fs_join(b->root, "FVE-FS");
        static const char sig[] = "-FVE-FS-\n";

        r = fs_write_file(marker, sig, sizeof(sig) - 1, err);
        free(marker);
    }
    if (!r && v.locked)
        r = add_protectors(b, l, &keys, err);
    if (r < 0) {
        free(v.label);
        free(v.fs);
        strbuf_release(&keys);
        return line_err(l, err);
    }
    strbuf_addf(&b->summary, "  %c:  %-10s %-6s %-9s %9s, %9s free%s\n",
                v.letter, *v.label ? v.label : "(no label)", v.fs,
                vol_kind_name(v.kind),
                str_human_size(v.total_bytes, human_total,
                               sizeof(human_total)),
                str_human_size(v.free_bytes, human_free, sizeof(human_free)),
                v.locked ? ", BitLocker-locked" : "");
    strbuf_add(&b->summary, keys.buf, keys.len);
    strbuf_release(&keys);
    free(v.label);
    free(v.fs);
    return 0;
}

static int do_usmt(struct build *b, const struct lab_line *l,
                   struct wiz_err *err)
{
    free(b->root);
    b->root = fs_join(b->out, "usmt");
    b->letter = 0;
    if (fs_mkdir_p(b->root, err) < 0)
        return line_err(l, err);
    strbuf_adds(&b->summary, "  usmt/  a practice USMT folder\n");
    return 0;
}

static int do_windows(struct build *b, const struct lab_line *l,
                      struct wiz_err *err)
{
    static const char *const win_dirs[] = {
        "System32/config", "System32/drivers/etc", "System32/en-US",
        "Temp", "Fonts", "Logs", "Panther",
    };
    const char *arch = lab_line_opt(l, "arch");
    bool wide = strcmp(arch, "x86") != 0;
    int64_t t = opt_time(l, LAB_DEFAULT_TIME);
    char *windir = path_in(b->root, l->args[0]);
    char *top = parent_of(windir);
    int r = 0;

    for (size_t i = 0; i < sizeof(win_dirs) / sizeof(win_dirs[0]) && !r;
         i++) {
        char *p = fs_join(windir, win_dirs[i]);

        r = make_dir(b, p, t, err);
        free(p);
    }
    const char *top_dirs[] = { "Program Files", "ProgramData",
                               wide ? "Program Files (x86)" : NULL };

    for (size_t i = 0; i < 3 && !r; i++) {
        if (!top_dirs[i])
            continue;
        char *p = fs_join(top, top_dirs[i]);

        r = make_dir(b, p, t, err);
        free(p);
    }
    if (!r && wide) {
        char *p = fs_join(windir, "SysWOW64");

        r = make_dir(b, p, t, err);
        free(p);
    }
    if (!r)
        r = make_dir(b, windir, t, err);
    free(top);
    free(windir);
    return r < 0 ? line_err(l, err) : 0;
}

static int do_hive(struct build *b, const struct lab_line *l,
                   struct wiz_err *err)
{
    char *path = path_in(b->root, l->args[0]);
    const char *enc = lab_line_opt(l, "encoding");
    int r = build_hive(l, path, l->args + 1, l->n_args - 1,
                       lab_line_opt(l, "strip"), lab_line_opt(l, "root"),
                       enc && !strcmp(enc, "utf16"), opt_yes(l, "dirty", false),
                       opt_time(l, LAB_DEFAULT_TIME), err);

    free(path);
    return r;
}

static int do_profile(struct build *b, const struct lab_line *l,
                      struct wiz_err *err)
{
    static const char *const subdirs[] = {
        "Desktop", "Documents", "Downloads", "Pictures", "Music", "Videos",
        "Favorites", "AppData/Local/Temp", "AppData/Local/Microsoft/Windows",
        "AppData/LocalLow",
        "AppData/Roaming/Microsoft/Windows/Start Menu",
    };
    static const char *const links[][2] = {
        { "Application Data", "AppData/Roaming" },
        { "Local Settings", "AppData/Local" },
        { "My Documents", "Documents" },
    };
    int64_t t = opt_time(l, LAB_DEFAULT_TIME);
    char *dir = path_in(b->root, l->args[0]);
    const char *ntuser = lab_line_opt(l, "ntuser");
    const char *enc = lab_line_opt(l, "encoding");
    int r = make_dir(b, dir, t, err);

    for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]) && !r;
         i++) {
        char *p = fs_join(dir, subdirs[i]);

        r = make_dir(b, p, t, err);
        free(p);
    }
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]) && !r &&
         opt_yes(l, "links", true); i++) {
        char *p = fs_join(dir, links[i][0]);

        r = fs_symlink(links[i][1], p, err);
        free(p);
    }
    if (r < 0) {
        free(dir);
        return line_err(l, err);
    }
    char *hive = fs_join(dir, "NTUSER.DAT");
    char *regs[1] = { ntuser ? xstrdup(ntuser) : NULL };

    r = build_hive(l, hive, regs, ntuser ? 1 : 0, lab_line_opt(l, "strip"),
                   NULL, enc && !strcmp(enc, "utf16"), false, t, err);
    free(regs[0]);
    free(hive);
    /* the per-user classes hive Windows keeps beside NTUSER.DAT (empty) */
    if (!r && opt_yes(l, "usrclass", true)) {
        hive = fs_join(dir, "AppData/Local/Microsoft/Windows/UsrClass.dat");
        r = build_hive(l, hive, NULL, 0, NULL, NULL, false, false, t, err);
        free(hive);
    }
    free(dir);
    return r;
}

static int do_dir(struct build *b, const struct lab_line *l,
                  struct wiz_err *err)
{
    char *p = path_in(b->root, l->args[0]);
    int r = make_dir(b, p, opt_time(l, LAB_DEFAULT_TIME), err);

    free(p);
    return r < 0 ? line_err(l, err) : 0;
}

static int do_file(struct build *b, const struct lab_line *l,
                   struct wiz_err *err)
{
    char *p = path_in(b->root, l->args[0]);
    const char *text = lab_line_opt(l, "text");
    char *body = NULL;

    if (text) {
        struct strbuf sb;

        strbuf_init(&sb);
        for (const char *c = text; *c; c++) {
            if (c[0] == '\\' && c[1] == 'n') {
                strbuf_addch(&sb, '\n');
                c++;
            } else {
                strbuf_addch(&sb, *c);
            }
        }
        body = strbuf_detach(&sb, NULL);
    }
    const char *cloud = lab_line_opt(l, "cloud");
    int r;

    if (cloud && !strcmp(cloud, "yes")) {
        /*
         * a OneDrive placeholder whose data is only in the cloud: no data
         * on the disk (all hole) and the NTFS attributes the platform
         * reports as cloud_only
         */
        r = mkparent(p, err);
        if (!r)
            r = fs_create_sized(p, NULL, 0, opt_size(l, "size", 0), err);
        if (!r)
            r = fs_set_ntfs_attrib(p, FS_NTFS_ATTR_RECALL_ON_DATA_ACCESS |
                                          FS_NTFS_ATTR_OFFLINE, err);
    } else {
        r = write_sized(p, body, opt_size(l, "size", 0), err);
    }
    free(body);

    if (!r)
        r = fs_set_mtime(p, opt_time(l, LAB_DEFAULT_TIME), err);
    free(p);
    return r < 0 ? line_err(l, err) : 0;
}

static int do_copy(struct build *b, const struct lab_line *l,
                   struct wiz_err *err)
{
    char *dst = path_in(b->root, l->args[0]);
    char *src = path_in(l->base, l->args[1]);
    int r = mkparent(dst, err);

    if (!r)
        r = fs_copy_file(src, dst, err);
    if (!r)
        r = fs_set_mtime(dst, opt_time(l, LAB_DEFAULT_TIME), err);
    free(src);
    free(dst);
    return r < 0 ? line_err(l, err) : 0;
}

static int do_link(struct build *b, const struct lab_line *l,
                   struct wiz_err *err)
{
    char *p = path_in(b->root, l->args[0]);
    char *target = xstrdup(l->args[1]);
    int r;

    for (char *c = target; *c; c++) {
        if (*c == '\\')
            *c = '/';
    }
    r = mkparent(p, err);
    if (!r)
        r = fs_symlink(target, p, err);
    free(target);
    free(p);
    return r < 0 ? line_err(l, err) : 0;
}

static int do_hiberfil(struct build *b, const struct lab_line *l,
                       struct wiz_err *err)
{
    const char *state = lab_line_opt(l, "state");
    unsigned char head[4096];
    char *p = fs_join(b->root, "hiberfil.sys");
    int r;

    memset(head, 0, sizeof(head));
    if (!state || !strcmp(state, "hibernated"))
        memcpy(head, "HIBR", 4);
    else if (!strcmp(state, "wake"))
        memcpy(head, "WAKE", 4);
    r = fs_create_sized(p, head, sizeof(head),
                        opt_size(l, "size", 1ULL << 30), err);
    if (!r)
        r = fs_set_mtime(p, LAB_DEFAULT_TIME, err);
    free(p);
    return r < 0 ? line_err(l, err) : 0;
}

static int do_pe(struct build *b, const struct lab_line *l,
                 struct wiz_err *err)
{
    const char *arch = lab_line_opt(l, "arch");
    const char *ver = lab_line_opt(l, "version");
    unsigned v[4] = { 0, 0, 0, 0 };
    int part = 0;
    enum sys_arch a = !strcmp(arch, "x86")     ? SYS_ARCH_X86
                      : !strcmp(arch, "arm64") ? SYS_ARCH_ARM64
                                               : SYS_ARCH_AMD64;

    for (const char *c = ver; *c; c++) {
        if (*c == '.') {
            part++;
        } else if (part < 4 && v[part] < 100000) {
            v[part] = v[part] * 10 + (unsigned)(*c - '0');
        }
    }
    for (int i = 0; i < 4; i++) {
        if (v[i] > 65535)
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: version '%s' has a part above 65535",
                           l->file, l->line, ver);
    }
    char *p = path_in(b->root, l->args[0]);
    int r = mkparent(p, err);

    if (!r)
        r = pe_write_image(p, a, v[0], v[1], v[2], v[3], err);
    if (!r)
        r = fs_set_mtime(p, opt_time(l, LAB_DEFAULT_TIME), err);
    free(p);
    return r < 0 ? line_err(l, err) : 0;
}

static int run_line(struct build *b, const struct lab_line *l,
                    struct wiz_err *err)
{
    static const struct {
        const char *verb;
        int (*fn)(struct build *, const struct lab_line *,
                  struct wiz_err *);
    } table[] = {
        { "volume", do_volume }, { "usmt", do_usmt },
        { "windows", do_windows }, { "hive", do_hive },
        { "profile", do_profile }, { "dir", do_dir }, { "file", do_file },
        { "copy", do_copy }, { "link", do_link },
        { "hiberfil", do_hiberfil }, { "pe", do_pe },
    };

    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        if (!strcmp(table[i].verb, l->verb))
            return table[i].fn(b, l, err);
    }
    BUG("manifest verb '%s' has no builder", l->verb);
}

/* ---- lab_create ---------------------------------------------------------- */

static int dir_is_empty(const char *path, bool *empty, struct wiz_err *err)
{
    struct fs_dir *d;
    const char *name;
    int r;

    if (fs_dir_open(path, &d, err) < 0)
        return -1;
    r = fs_dir_next(d, &name, err);
    fs_dir_close(d);
    if (r < 0)
        return -1;
    *empty = r == 0;
    return 0;
}

static int prepare_out(const char *out, unsigned flags, struct wiz_err *err)
{
    struct fs_stat st;
    bool empty;

    if (fs_stat(out, &st, err) < 0)
        return -1;
    if (st.type == FS_NONE)
        return fs_mkdir_p(out, err);
    if (st.type != FS_DIR)
        return err_set(err, WIZ_EEXIST, "'%s' exists and is not a folder",
                       out);
    if (dir_is_empty(out, &empty, err) < 0)
        return -1;
    if (empty)
        return 0;
    if (!(flags & LAB_FORCE))
        return err_set(err, WIZ_EEXIST,
                       "'%s' is not empty (use --force to build over an "
                       "earlier lab)", out);
    static const char *const ours[] = { "volumes", "usmt", "LAB.txt" };

    for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++) {
        char *p = fs_join(out, ours[i]);
        int r = fs_exists(p) ? fs_remove_tree(p, err) : 0;

        free(p);
        if (r < 0)
            return -1;
    }
    return 0;
}

static int write_summary(struct build *b, const struct lab_manifest *m,
                         struct wiz_err *err)
{
    struct strbuf sb;
    char *path = fs_join(b->out, "LAB.txt");
    int r;

    strbuf_init(&sb);
    strbuf_addf(&sb, "usmtwiz practice lab\n\n%s\n\n", m->description);
    strbuf_adds(&sb, "Built here:\n");
    strbuf_add(&sb, b->summary.buf, b->summary.len);
    strbuf_addf(&sb,
                "\nTry it:\n  usmtwiz inspect --volume-root %s\n"
                "  usmtwiz --volume-root %s --usmt %s/usmt --simulate\n",
                b->volroot, b->volroot, b->out);
    r = fs_write_file(path, sb.buf, sb.len, err);
    strbuf_release(&sb);
    free(path);
    return r;
}

/* "demo" for ".../scenarios/demo/" */
static char *scenario_name(const char *dir)
{
    size_t n = strlen(dir);

    while (n > 1 && (dir[n - 1] == '/' || dir[n - 1] == '\\'))
        n--;
    size_t b = n;

    while (b > 0 && dir[b - 1] != '/' && dir[b - 1] != '\\')
        b--;
    return xstrndup(dir + b, n - b);
}

int lab_create(const char *scenario_dir, const char *out_dir,
               unsigned flags, struct wiz_err *err)
{
    struct lab_manifest *m;
    struct build b;
    int r = -1;

    if (lab_manifest_load(scenario_dir, &m, err) < 0)
        return -1;
    memset(&b, 0, sizeof(b));
    b.out = out_dir;
    strbuf_init(&b.summary);
    if (prepare_out(out_dir, flags, err) < 0)
        goto out;
    b.volroot = fs_join(out_dir, "volumes");
    if (fs_mkdir_p(b.volroot, err) < 0)
        goto out;
    for (size_t i = 0; i < m->n; i++) {
        if (run_line(&b, &m->lines[i], err) < 0)
            goto out;
    }
    /* Children changed the folder times: set them last, deepest first. */
    for (size_t i = b.n_dirs; i-- > 0;) {
        if (fs_set_mtime(b.dirs[i].path, b.dirs[i].mtime, err) < 0)
            goto out;
    }
    r = write_summary(&b, m, err);
    if (r == 0) {
        char *name = scenario_name(scenario_dir);

        r = lab_facts_write(b.volroot, name, m->lesson, err);
        free(name);
    }
out:
    for (size_t i = 0; i < b.n_dirs; i++)
        free(b.dirs[i].path);
    free(b.dirs);
    free(b.root);
    free(b.volroot);
    strbuf_release(&b.summary);
    lab_manifest_free(m);
    return r;
}

/* ---- finding scenarios --------------------------------------------------- */

static bool has_scenarios(const char *datadir)
{
    char *p = fs_join(datadir, "scenarios");
    bool r = fs_is_dir(p);

    free(p);
    return r;
}

char *lab_datadir(void)
{
    const char *env = sys_getenv("USMTWIZ_DATADIR");

    if (env && *env && has_scenarios(env))
        return xstrdup(env);
    char *exe = fs_exe_path();

    if (exe) {
        char *bin = parent_of(exe);
        char *top = parent_of(bin);
        char *assets = fs_join(top, "assets");

        free(top);
        free(bin);
        free(exe);
        if (has_scenarios(assets))
            return assets;
        free(assets);
    }
#ifdef WIZ_DATADIR
    if (has_scenarios(WIZ_DATADIR))
        return xstrdup(WIZ_DATADIR);
#endif
    return NULL;
}

static bool is_scenario_dir(const char *dir)
{
    char *p = fs_join(dir, "scenario.txt");
    bool r = fs_exists(p);

    free(p);
    return r;
}

int lab_find_scenario(const char *datadir, const char *name_or_path,
                      char **dir, struct wiz_err *err)
{
    *dir = NULL;
    if (strchr(name_or_path, '/') || !strcmp(name_or_path, ".") ||
        !strcmp(name_or_path, "..")) {
        if (!is_scenario_dir(name_or_path))
            return err_set(err, WIZ_ENOENT,
                           "'%s' is not a scenario folder (no scenario.txt)",
                           name_or_path);
        *dir = xstrdup(name_or_path);
        return 0;
    }
    if (datadir) {
        char *sc = fs_join(datadir, "scenarios");
        char *p = fs_join(sc, name_or_path);

        free(sc);
        if (is_scenario_dir(p)) {
            *dir = p;
            return 0;
        }
        free(p);
    }
    if (is_scenario_dir(name_or_path)) {
        *dir = xstrdup(name_or_path);
        return 0;
    }
    if (!datadir)
        return err_set(err, WIZ_ENOENT,
                       "no scenario '%s': the scenario folder was not found "
                       "(set USMTWIZ_DATADIR)", name_or_path);
    return err_set(err, WIZ_ENOENT,
                   "no scenario '%s' (see 'usmtwiz lab list')",
                   name_or_path);
}

static int cmp_entry(const void *a, const void *b)
{
    const struct lab_entry *x = a;
    const struct lab_entry *y = b;

    return strcmp(x->name, y->name);
}

int lab_list(const char *datadir, struct lab_entry **out, size_t *n,
             struct wiz_err *err)
{
    char *sc = fs_join(datadir, "scenarios");
    struct fs_dir *d;
    const char *name;
    struct lab_entry *e = NULL;
    size_t alloc = 0;
    int r;

    *out = NULL;
    *n = 0;
    if (fs_dir_open(sc, &d, err) < 0) {
        free(sc);
        return -1;
    }
    while ((r = fs_dir_next(d, &name, err)) == 1) {
        if (name[0] == '.' || name[0] == '_')
            continue;
        char *p = fs_join(sc, name);

        if (!is_scenario_dir(p)) {
            free(p);
            continue;
        }
        struct lab_manifest *m;
        struct wiz_err e2;

        XGROW(e, alloc, *n + 1);
        e[*n].name = xstrdup(name);
        if (lab_manifest_load(p, &m, &e2) < 0) {
            e[*n].description = xasprintf("(broken: %s)", e2.msg);
        } else {
            e[*n].description = xstrdup(m->description);
            lab_manifest_free(m);
        }
        (*n)++;
        free(p);
    }
    fs_dir_close(d);
    free(sc);
    if (r < 0) {
        lab_entries_free(e, *n);
        *n = 0;
        return -1;
    }
    if (*n)
        qsort(e, *n, sizeof(e[0]), cmp_entry);
    *out = e;
    return 0;
}

void lab_entries_free(struct lab_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].name);
        free(e[i].description);
    }
    free(e);
}

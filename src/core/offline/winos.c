/*
 * Offline Windows detection.  Every volume is listed; on each, every folder
 * holding System32\config\SOFTWARE and SYSTEM (also Windows.old\Windows) is
 * an installation whose hives are read read-only.  Problems are recorded in
 * the result, so one broken volume never hides the others.
 */
#include "core/offline/winos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "platform/fs.h"

#define CV_KEY "Microsoft\\Windows NT\\CurrentVersion"

enum { HV_SOFTWARE, HV_SYSTEM, HV_SAM, HV_COUNT };

static const char *const hive_names[HV_COUNT] = { "SOFTWARE", "SYSTEM",
                                                   "SAM" };

struct winos_cache {
    struct hive *h[HV_COUNT];
    bool tried[HV_COUNT];
    struct wiz_err why[HV_COUNT];
};

/* ---- case-insensitive paths ------------------------------------------ */

char *winos_find_ci(const char *dir, const char *name)
{
    char *exact = fs_join(dir, name);
    struct fs_dir *d;
    const char *ent;
    char *found = NULL;

    if (fs_exists(exact))
        return exact;
    free(exact);
    if (fs_dir_open(dir, &d, NULL) < 0)
        return NULL;
    while (fs_dir_next(d, &ent, NULL) == 1) {
        if (str_ieq(ent, name)) {
            found = fs_join(dir, ent);
            break;
        }
    }
    fs_dir_close(d);
    return found;
}

/* Each part found ignoring case; a missing one NULL, or kept with keep. */
static char *resolve_ci(const char *dir, const char *relpath, bool keep)
{
    char *cur = xstrdup(dir);
    const char *p = relpath;

    while (*p) {
        size_t n = strcspn(p, "/\\");

        if (n) {
            char *part = xstrndup(p, n);
            char *next = winos_find_ci(cur, part);

            if (!next && keep)
                next = fs_join(cur, part);
            free(part);
            free(cur);
            if (!next)
                return NULL;
            cur = next;
        }
        p += n;
        if (*p)
            p++;
    }
    return cur;
}

char *winos_resolve_ci(const char *dir, const char *relpath)
{
    return resolve_ci(dir, relpath, false);
}

char *winos_resolve_ci_keep(const char *dir, const char *relpath)
{
    return resolve_ci(dir, relpath, true);
}

/* ---- hives ------------------------------------------------------------ */

static int hive_index(const char *name)
{
    for (int i = 0; i < HV_COUNT; i++) {
        if (str_ieq(name, hive_names[i]))
            return i;
    }
    return -1;
}

static char *config_path(const struct winos *os, const char *name)
{
    char *cfg = winos_resolve_ci(os->windir, "System32/config");
    char *path = NULL;

    if (cfg) {
        path = winos_find_ci(cfg, name);
        free(cfg);
    }
    return path;
}

struct hive *winos_hive(const struct winos *os, const char *name,
                        struct wiz_err *err)
{
    int i = hive_index(name);
    struct winos_cache *c = os->cache;

    if (i < 0 || !c)
        return err_set(err, WIZ_EUSAGE, "unknown hive '%s'", name), NULL;
    if (!c->tried[i]) {
        char *path = config_path(os, hive_names[i]);

        c->tried[i] = true;
        err_clear(&c->why[i]);
        if (!path) {
            err_set(&c->why[i], WIZ_ENOENT,
                    "cannot find hive '%s' in '%s'", hive_names[i],
                    os->windir);
        } else {
            if (hive_open(path, false, &c->h[i], &c->why[i]) < 0)
                c->h[i] = NULL;
            free(path);
        }
    }
    if (!c->h[i]) {
        err_set(err, c->why[i].code, "%s", c->why[i].msg);
        return NULL;
    }
    return c->h[i];
}

void winos_close_hives(struct winos *os)
{
    if (!os->cache)
        return;
    for (int i = 0; i < HV_COUNT; i++) {
        hive_close(os->cache->h[i]);
        os->cache->h[i] = NULL;
        os->cache->tried[i] = false;
    }
}

/* A string value or def (new string); errors count as missing. */
static char *get_str(struct hive *h, size_t node, const char *name,
                     const char *def)
{
    char *s = NULL;

    if (!node || hive_get_string(h, node, name, &s, NULL) < 0 || !s) {
        free(s);
        return def ? xstrdup(def) : NULL;
    }
    return s;
}

static bool get_dword(struct hive *h, size_t node, const char *name,
                      uint32_t *out)
{
    bool found = false;

    if (!node || hive_get_dword(h, node, name, out, &found, NULL) < 0)
        return false;
    return found;
}

static size_t lookup(struct hive *h, size_t node, const char *path)
{
    size_t found = 0;

    if (hive_lookup(h, node, path, &found, NULL) < 0)
        return 0;
    return found;
}

/* ---- SOFTWARE --------------------------------------------------------- */

static uint32_t parse_u32(const char *s)
{
    uint64_t v;

    if (!s || str_to_u64(s, &v) < 0 || v > UINT32_MAX)
        return 0;
    return (uint32_t)v;
}

static void family_from_version(struct winos *os)
{
    const char *name = "";

    if (os->build >= 22000 && (os->major == 10 || os->major == 0)) {
        os->family = 11;
        name = "11";
    } else if (os->major == 10 || os->build >= 10000) {
        os->family = 10;
        name = "10";
    } else if (os->major == 6 && os->minor == 3) {
        os->family = 8;
        name = "8.1";
    } else if (os->major == 6 && os->minor == 2) {
        os->family = 8;
        name = "8";
    } else if (os->major == 6 && os->minor == 1) {
        os->family = 7;
        name = "7";
    } else if (os->major == 6) {
        os->family = 6;
        name = "Vista";
    } else if (os->major == 5) {
        os->family = 5;
        name = "XP";
    }
    os->family_name = xstrdup(name);
}

static void parse_current_version(struct winos *os)
{
    const char *s = os->current_version;
    char *end;

    if (!s || !*s)
        return;
    long maj = strtol(s, &end, 10);

    if (end == s || maj < 0 || maj > 100)
        return;
    os->major = (int)maj;
    if (*end == '.') {
        long min = strtol(end + 1, NULL, 10);

        if (min >= 0 && min < 100)
            os->minor = (int)min;
    }
}

static int read_software(struct winos *os, struct wiz_err *err)
{
    struct hive *h = winos_hive(os, "SOFTWARE", err);

    if (!h)
        return -1;
    size_t cv = lookup(h, 0, CV_KEY);
    uint32_t v;

    os->product_name = get_str(h, cv, "ProductName", "");
    os->edition_id = get_str(h, cv, "EditionID", "");
    os->display_version = get_str(h, cv, "DisplayVersion", NULL);
    if (!os->display_version || !*os->display_version) {
        free(os->display_version);
        os->display_version = get_str(h, cv, "ReleaseId", "");
    }
    os->installation_type = get_str(h, cv, "InstallationType", "");
    os->current_version = get_str(h, cv, "CurrentVersion", "");
    os->system_root = get_str(h, cv, "SystemRoot", "");
    os->registered_owner = get_str(h, cv, "RegisteredOwner", "");
    os->csd_version = get_str(h, cv, "CSDVersion", "");
    char *b = get_str(h, cv, "CurrentBuildNumber", NULL);

    os->build = parse_u32(b);
    free(b);
    if (!os->build) {
        b = get_str(h, cv, "CurrentBuild", NULL);
        os->build = parse_u32(b);
        free(b);
    }
    if (get_dword(h, cv, "UBR", &v))
        os->ubr = v;
    parse_current_version(os);
    if (get_dword(h, cv, "CurrentMajorVersionNumber", &v) && v < 100) {
        os->major = (int)v;
        os->minor = get_dword(h, cv, "CurrentMinorVersionNumber", &v) &&
                            v < 100
                        ? (int)v
                        : 0;
    }
    family_from_version(os);
    os->is_server = str_icasestr(os->installation_type, "server") ||
                    str_icasestr(os->product_name, "server");
    os->is_winpe = str_ieq(os->edition_id, "WindowsPE");
    if (!cv)
        return err_set(err, WIZ_EFORMAT,
                       "hive 'SOFTWARE' of '%s' has no '%s' key",
                       os->windir, CV_KEY);
    return 0;
}

/* ---- SYSTEM ----------------------------------------------------------- */

static enum sys_arch arch_from_name(const char *s)
{
    if (!s)
        return SYS_ARCH_UNKNOWN;
    if (str_ieq(s, "AMD64") || str_ieq(s, "x64"))
        return SYS_ARCH_AMD64;
    if (str_ieq(s, "x86"))
        return SYS_ARCH_X86;
    if (str_ieq(s, "ARM64"))
        return SYS_ARCH_ARM64;
    return SYS_ARCH_UNKNOWN;
}

static int read_system(struct winos *os, struct wiz_err *err)
{
    struct hive *h = winos_hive(os, "SYSTEM", err);
    uint32_t cur = 1;
    uint64_t ft;
    bool found = false;

    if (!h)
        return -1;
    size_t sel = lookup(h, 0, "Select");

    if (!get_dword(h, sel, "Current", &cur) || cur == 0 || cur > 999)
        cur = 1;
    char csname[32];

    snprintf(csname, sizeof(csname), "ControlSet%03u", (unsigned)cur);
    size_t cs = lookup(h, 0, csname);

    if (!cs)
        cs = lookup(h, 0, "ControlSet001");
    if (!cs) {
        os->computer_name = xstrdup("");
        os->domain = xstrdup("");
        return err_set(err, WIZ_EFORMAT,
                       "hive 'SYSTEM' of '%s' has no control set '%s'",
                       os->windir, csname);
    }
    char *a = get_str(h, lookup(h, cs, "Control\\Session Manager\\Environment"),
                      "PROCESSOR_ARCHITECTURE", NULL);

    os->arch = arch_from_name(a);
    free(a);
    size_t tcp = lookup(h, cs, "Services\\Tcpip\\Parameters");

    os->computer_name = get_str(
        h, lookup(h, cs, "Control\\ComputerName\\ComputerName"),
        "ComputerName", NULL);
    if (!os->computer_name || !*os->computer_name) {
        free(os->computer_name);
        os->computer_name = get_str(h, tcp, "Hostname", "");
    }
    os->domain = get_str(h, tcp, "Domain", NULL);
    if (!os->domain || !*os->domain) {
        free(os->domain);
        os->domain = get_str(h, tcp, "NV Domain", "");
    }
    size_t win = lookup(h, cs, "Control\\Windows");

    if (win && hive_get_qword(h, win, "ShutdownTime", &ft, &found, NULL) == 0 &&
        found)
        os->last_shutdown = hive_filetime_to_unix(ft);
    uint32_t hb = 0;

    if (lookup(h, cs, "Control\\MiniNT"))
        os->is_winpe = true;
    if (get_dword(h, lookup(h, cs, "Control\\Session Manager\\Power"),
                  "HiberbootEnabled", &hb))
        os->fast_startup = hb == 1;
    return 0;
}

/* ---- files beside the hives ------------------------------------------- */

static bool read_hiberfil(const char *os_root)
{
    char *path = winos_find_ci(os_root, "hiberfil.sys");
    unsigned char sig[4];
    bool hib = false;

    if (!path)
        return false;
    FILE *f = fs_fopen(path, "rb");

    if (f) {
        if (fread(sig, 1, 4, f) == 4) {
            hib = !str_ncasecmp((const char *)sig, "hibr", 4) ||
                  !str_ncasecmp((const char *)sig, "wake", 4);
        }
        fclose(f);
    }
    free(path);
    return hib;
}

static void check_dirty(struct winos *os)
{
    struct strbuf sb;

    strbuf_init(&sb);
    for (int i = 0; i < HV_COUNT; i++) {
        char *path = config_path(os, hive_names[i]);
        struct hive_header hdr;

        if (!path)
            continue;
        if (hive_read_header(path, &hdr, NULL) == 0 && hdr.seq1 != hdr.seq2) {
            if (sb.len)
                strbuf_adds(&sb, ", ");
            strbuf_adds(&sb, hive_names[i]);
        }
        free(path);
    }
    os->dirty = sb.len > 0;
    os->dirty_hives = strbuf_detach(&sb, NULL);
}

static const char *arch_label(enum sys_arch a)
{
    switch (a) {
    case SYS_ARCH_AMD64:
        return "x64";
    case SYS_ARCH_X86:
        return "x86";
    case SYS_ARCH_ARM64:
        return "ARM64";
    case SYS_ARCH_UNKNOWN:
        break;
    }
    return "";
}

static void make_friendly(struct winos *os)
{
    struct strbuf sb;
    const char *p = os->product_name ? os->product_name : "";
    const char *ten = str_icasestr(p, "Windows 10");

    strbuf_init(&sb);
    if (os->family == 11 && ten) {
        strbuf_add(&sb, p, (size_t)(ten - p));
        strbuf_adds(&sb, "Windows 11");
        strbuf_adds(&sb, ten + strlen("Windows 10"));
    } else if (*p) {
        strbuf_adds(&sb, p);
    } else {
        strbuf_adds(&sb, "Windows");
    }
    if (os->display_version && *os->display_version)
        strbuf_addf(&sb, " %s", os->display_version);
    else if (os->csd_version && *os->csd_version)
        strbuf_addf(&sb, " %s", os->csd_version);
    if (os->build && os->ubr)
        strbuf_addf(&sb, " (%u.%u)", (unsigned)os->build, (unsigned)os->ubr);
    else if (os->build)
        strbuf_addf(&sb, " (%u)", (unsigned)os->build);
    if (*arch_label(os->arch))
        strbuf_addf(&sb, " %s", arch_label(os->arch));
    os->friendly = strbuf_detach(&sb, NULL);
}

/* ---- one installation ------------------------------------------------- */

static char *to_backslashes(const char *s)
{
    char *r = xstrdup(s);

    for (char *p = r; *p; p++) {
        if (*p == '/')
            *p = '\\';
    }
    return r;
}

/* The part of path below root ("" when equal), or NULL when not below. */
static const char *below(const char *root, const char *path)
{
    size_t n = strlen(root);

    while (n && (root[n - 1] == '/' || root[n - 1] == '\\'))
        n--;
    if (strncmp(root, path, n) != 0)
        return NULL;
    if (!path[n])
        return path + n;
    if (path[n] != '/' && path[n] != '\\')
        return NULL;
    return path + n + 1;
}

static char *win_path(char letter, const char *vol_root, const char *path)
{
    const char *rel = vol_root ? below(vol_root, path) : NULL;

    if (!letter || !rel)
        return xstrdup(path);
    char *b = to_backslashes(rel);
    char *r = xasprintf("%c:\\%s", letter, b);

    free(b);
    return r;
}

static char *parent_of(const char *path)
{
    size_t n = strlen(path);

    while (n > 1 && (path[n - 1] == '/' || path[n - 1] == '\\'))
        n--;
    while (n && path[n - 1] != '/' && path[n - 1] != '\\')
        n--;
    while (n > 1 && (path[n - 1] == '/' || path[n - 1] == '\\'))
        n--;
    return n ? xstrndup(path, n) : xstrdup(".");
}

static void set_problem(char **slot, const char *msg)
{
    if (*slot)
        return;
    *slot = xstrdup(msg);
}

static int read_on(const char *vol_root, const char *windir, char letter,
                   struct winos *os, struct wiz_err *err)
{
    struct wiz_err e;
    int rc = 0;

    memset(os, 0, sizeof(*os));
    os->cache = xcalloc(1, sizeof(*os->cache));
    os->windir = xstrdup(windir);
    os->letter = letter;
    os->os_root = parent_of(windir);
    os->windir_win = win_path(letter, vol_root, windir);
    os->os_root_win = win_path(letter, vol_root, os->os_root);
    if (letter && !strchr(os->os_root_win, '\\')) {
        free(os->os_root_win);
        os->os_root_win = xasprintf("%c:\\", letter);
    }
    char *wow = winos_find_ci(windir, "SysWOW64");

    os->has_syswow64 = wow && fs_is_dir(wow);
    free(wow);
    err_clear(&e);
    if (read_software(os, &e) < 0) {
        set_problem(&os->problem, e.msg);
        rc = err_set(err, e.code, "%s", e.msg);
    }
    err_clear(&e);
    if (read_system(os, &e) < 0) {
        set_problem(&os->problem, e.msg);
        if (rc == 0)
            rc = err_set(err, e.code, "%s", e.msg);
    }
    /* fill what the failed reads left empty, so users never see NULLs */
    char **strs[] = { &os->product_name, &os->edition_id,
                      &os->display_version, &os->installation_type,
                      &os->current_version, &os->system_root,
                      &os->registered_owner, &os->computer_name,
                      &os->domain, &os->family_name, &os->csd_version };

    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        if (!*strs[i])
            *strs[i] = xstrdup("");
    }
    if (os->arch == SYS_ARCH_X86)
        os->arch_mismatch = os->has_syswow64;
    else if (os->arch == SYS_ARCH_AMD64 || os->arch == SYS_ARCH_ARM64)
        os->arch_mismatch = !os->has_syswow64;
    os->hibernated = read_hiberfil(vol_root ? vol_root : os->os_root);
    check_dirty(os);
    make_friendly(os);
    return rc;
}

static char *volume_of(const char *windir)
{
    char *root = parent_of(windir);
    const char *base = strrchr(root, '/');

    base = base ? base + 1 : root;
    if (str_istarts_with(base, "Windows.old")) {
        char *up = parent_of(root);

        free(root);
        return up;
    }
    return root;
}

int winos_read(const char *windir, char letter, struct winos *os,
               struct wiz_err *err)
{
    char *vol_root = volume_of(windir);
    int rc = read_on(vol_root, windir, letter, os, err);

    free(vol_root);
    return rc;
}

void winos_release(struct winos *os)
{
    if (!os)
        return;
    winos_close_hives(os);
    free(os->cache);
    char *strs[] = { os->windir, os->windir_win, os->system_root,
                     os->product_name, os->edition_id, os->display_version,
                     os->installation_type, os->current_version,
                     os->friendly, os->computer_name, os->domain,
                     os->dirty_hives, os->problem, os->os_root,
                     os->os_root_win, os->family_name,
                     os->registered_owner, os->csd_version };

    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        free(strs[i]);
    memset(os, 0, sizeof(*os));
}

/* ---- scanning volumes -------------------------------------------------- */

static bool is_windows_dir(const char *dir)
{
    char *cfg = winos_resolve_ci(dir, "System32/config");
    bool ok = false;

    if (cfg) {
        char *sw = winos_find_ci(cfg, "SOFTWARE");
        char *sy = winos_find_ci(cfg, "SYSTEM");

        ok = sw && sy;
        free(sw);
        free(sy);
        free(cfg);
    }
    return ok;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every Windows folder directly on root and inside Windows.old*. */
static void find_windirs(const char *root, char ***out, size_t *n,
                         int depth)
{
    struct fs_dir *d;
    const char *name;
    size_t alloc = *n;
    char **subs = NULL;
    size_t nsubs = 0;
    size_t sub_alloc = 0;

    if (fs_dir_open(root, &d, NULL) < 0)
        return;
    while (fs_dir_next(d, &name, NULL) == 1) {
        char *p = fs_join(root, name);
        struct fs_stat st;

        if (fs_stat(p, &st, NULL) < 0 || st.type != FS_DIR) {
            free(p);
            continue;
        }
        if (is_windows_dir(p)) {
            XGROW(*out, alloc, *n + 1);
            (*out)[(*n)++] = p;
        } else if (depth == 0 && str_istarts_with(name, "Windows.old")) {
            XGROW(subs, sub_alloc, nsubs + 1);
            subs[nsubs++] = p;
        } else {
            free(p);
        }
    }
    fs_dir_close(d);
    if (nsubs > 1)
        qsort(subs, nsubs, sizeof(*subs), cmp_str);
    for (size_t i = 0; i < nsubs; i++) {
        find_windirs(subs[i], out, n, depth + 1);
        free(subs[i]);
    }
    free(subs);
}

static int cmp_windir(const void *a, const void *b)
{
    /* a plain Windows first, Windows.old after it */
    const char *x = *(char *const *)a;
    const char *y = *(char *const *)b;
    bool ox = str_icasestr(x, "Windows.old") != NULL;
    bool oy = str_icasestr(y, "Windows.old") != NULL;

    if (ox != oy)
        return ox ? 1 : -1;
    return strcmp(x, y);
}

static void copy_vol(struct vol_info *dst, const struct vol_info *src)
{
    *dst = *src;
    dst->root = xstrdup(src->root ? src->root : "");
    dst->label = xstrdup(src->label ? src->label : "");
    dst->fs = xstrdup(src->fs ? src->fs : "");
}

/* The reason at the end of an fs error ("... '/x': Permission denied"). */
static const char *fs_reason(const struct wiz_err *e)
{
    const char *r = strstr(e->msg, "': ");

    return r ? r + 3 : e->msg;
}

/*
 * Why a volume without any installation has none, when a Windows folder
 * (or the volume itself) says so: the volume or the folder cannot be read,
 * System32\config is missing, a hive is missing.  NULL when nothing on
 * the volume looks like Windows.
 */
static char *why_no_windows(const struct vol_info *v)
{
    static const char *const names[] = { "Windows", "WINNT" };
    struct fs_dir *d;
    struct wiz_err e;
    char letter = v->letter ? v->letter : '?';

    if (fs_dir_open(v->root, &d, &e) < 0)
        return xasprintf("cannot read volume %c: (%s)", letter, fs_reason(&e));
    fs_dir_close(d);
    for (size_t i = 0; i < 2; i++) {
        char *wd = winos_find_ci(v->root, names[i]);
        char *why = NULL;

        if (!wd || !fs_is_dir(wd)) {
            free(wd);
            continue;
        }
        const char *steps[] = { "System32", "config" };
        char *cur = wd;
        struct strbuf win = STRBUF_INIT;

        strbuf_addf(&win, "%c:\\%s", letter, names[i]);
        for (size_t j = 0; j < 2 && !why; j++) {
            if (fs_dir_open(cur, &d, &e) < 0) {
                why = xasprintf("cannot read '%s' (%s)", win.buf,
                                fs_reason(&e));
                break;
            }
            fs_dir_close(d);
            char *next = winos_find_ci(cur, steps[j]);

            if (!next || !fs_is_dir(next)) {
                why = xasprintf("'%s' has no %s folder", win.buf, steps[j]);
                free(next);
                break;
            }
            free(cur);
            cur = next;
            strbuf_addf(&win, "\\%s", steps[j]);
        }
        if (!why && fs_dir_open(cur, &d, &e) < 0) {
            why = xasprintf("cannot read '%s' (%s)", win.buf, fs_reason(&e));
        } else if (!why) {
            fs_dir_close(d);
            const char *hives[] = { "SOFTWARE", "SYSTEM" };

            for (size_t j = 0; j < 2 && !why; j++) {
                char *h = winos_find_ci(cur, hives[j]);

                if (!h)
                    why = xasprintf("'%s' has no %s hive", win.buf,
                                    hives[j]);
                free(h);
            }
        }
        free(cur);
        strbuf_release(&win);
        if (why) {
            char *msg = xasprintf("no usable Windows installation: %s", why);

            free(why);
            return msg;
        }
    }
    return NULL;
}

static void scan_volume(const struct vol_info *v, struct winvol *wv)
{
    char **dirs = NULL;
    size_t n = 0;

    memset(wv, 0, sizeof(*wv));
    copy_vol(&wv->vol, v);
    if (v->locked) {
        struct wiz_err err;

        wv->problem = xstrdup("BitLocker-locked: unlock it first");
        err_clear(&err);
        if (vol_key_protectors(v, &wv->protectors, &wv->n_protectors,
                               &err) < 0)
            wv->protectors_problem = xstrdup(err_msg(&err));
        return;
    }
    if (!fs_is_dir(v->root)) {
        wv->problem = xasprintf("cannot read volume '%s'", v->root);
        return;
    }
    find_windirs(v->root, &dirs, &n, 0);
    if (n > 1)
        qsort(dirs, n, sizeof(*dirs), cmp_windir);
    wv->os = n ? xcalloc(n, sizeof(*wv->os)) : NULL;
    for (size_t i = 0; i < n; i++) {
        struct winos *os = &wv->os[wv->n_os];

        read_on(v->root, dirs[i], v->letter, os, NULL);
        free(dirs[i]);
        if (os->is_winpe) {
            /* the running WinPE is no offline Windows to capture */
            wv->winpe = true;
            winos_release(os);
            continue;
        }
        wv->n_os++;
    }
    free(dirs);
    if (!wv->n_os && !wv->winpe)
        wv->problem = why_no_windows(v);
}

int winos_scan(const char *volume_root, struct win_scan *out,
               struct wiz_err *err)
{
    struct vol_list list = { NULL, 0 };

    memset(out, 0, sizeof(*out));
    if (vol_enumerate(volume_root, &list, err) < 0) {
        vol_list_release(&list);
        return -1;
    }
    out->vols = list.n ? xcalloc(list.n, sizeof(*out->vols)) : NULL;
    for (size_t i = 0; i < list.n; i++)
        scan_volume(&list.v[i], &out->vols[i]);
    out->n = list.n;
    vol_list_release(&list);
    return 0;
}

void winvol_release(struct winvol *wv)
{
    for (size_t j = 0; j < wv->n_os; j++)
        winos_release(&wv->os[j]);
    free(wv->os);
    free(wv->vol.root);
    free(wv->vol.label);
    free(wv->vol.fs);
    free(wv->problem);
    free(wv->protectors);
    free(wv->protectors_problem);
}

void win_scan_release(struct win_scan *scan)
{
    if (!scan)
        return;
    for (size_t i = 0; i < scan->n; i++)
        winvol_release(&scan->vols[i]);
    free(scan->vols);
    memset(scan, 0, sizeof(*scan));
}

size_t win_scan_count(const struct win_scan *scan)
{
    size_t n = 0;

    for (size_t i = 0; i < scan->n; i++)
        n += scan->vols[i].n_os;
    return n;
}

/*
 * What scanstate-sim gathers: the offline installation's users (read from
 * its SOFTWARE and SYSTEM hives, read-only) and the files of the selected
 * profiles.  Windows paths map to the practice volumes under
 * USMTWIZ_VOLUME_ROOT (drive D: is <root>/D, matched case-insensitively as
 * Windows would); a \\server\share path maps to the share's folder
 * (platform/share.h); without either, paths are used as they are.
 */
#include "sim.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "core/offline/winos.h"
#include "core/usmt/usmtxml.h"
#include "core/rules/rules.h"
#include "platform/fs.h"
#include "platform/share.h"
#include "platform/sys.h"

static bool is_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

char *sim_path(const struct sim_ctx *ctx, const char *win)
{
    char *shared = share_root(win, NULL);

    if (shared) {
        /* \\server\share\...: the one mapping usmtwiz reads too */
        char *host = rules_map_path(NULL, win);

        free(shared);
        if (host)
            return host;
    }
    if (ctx->volume_root && is_letter(win[0]) && win[1] == ':' &&
        (win[2] == '\\' || win[2] == '/' || win[2] == '\0')) {
        char letter[2] = { upper(win[0]), '\0' };
        char *root = fs_join(ctx->volume_root, letter);
        char *p = winos_resolve_ci_keep(root, win + 2);

        free(root);
        return p;
    }
    char *p = xstrdup(win);

    if (fs_sep() == '/') {
        for (char *q = p; *q; q++) {
            if (*q == '\\')
                *q = '/';
        }
    }
    return p;
}

/* ---- users ------------------------------------------------------------- */

static char *hive_string(struct hive *h, size_t node, const char *name)
{
    char *s = NULL;

    if (hive_get_string(h, node, name, &s, NULL) < 0)
        return NULL;
    return s;
}

static char *read_computer_name(const char *windir)
{
    char *path = winos_resolve_ci_keep(windir, "System32\\config\\SYSTEM");
    struct hive *h;
    char *name = NULL;
    size_t node;
    uint32_t cur = 1;
    bool found = false;

    if (hive_open(path, false, &h, NULL) < 0) {
        free(path);
        return xstrdup("UNKNOWN");
    }
    if (hive_lookup(h, 0, "Select", &node, NULL) == 0 && node)
        hive_get_dword(h, node, "Current", &cur, &found, NULL);
    char *key = xasprintf("ControlSet%03u\\Control\\ComputerName\\"
                          "ComputerName", (unsigned)(found ? cur : 1));

    if (hive_lookup(h, 0, key, &node, NULL) == 0 && node)
        name = hive_string(h, node, "ComputerName");
    free(key);
    hive_close(h);
    free(path);
    return name ? name : xstrdup("UNKNOWN");
}

/* %SystemDrive% and %SystemRoot% as the offline OS saw them. */
static char *expand(const char *s, char online_letter, const char *sysroot)
{
    struct strbuf sb;

    strbuf_init(&sb);
    while (*s) {
        if (str_istarts_with(s, "%SystemDrive%")) {
            strbuf_addf(&sb, "%c:", online_letter);
            s += strlen("%SystemDrive%");
        } else if (str_istarts_with(s, "%SystemRoot%")) {
            strbuf_adds(&sb, sysroot);
            s += strlen("%SystemRoot%");
        } else {
            strbuf_addch(&sb, *s++);
        }
    }
    return strbuf_detach(&sb, NULL);
}

static const char *base_name(const char *path)
{
    const char *b = path;

    for (const char *p = path; *p; p++) {
        if ((*p == '\\' || *p == '/') && p[1])
            b = p + 1;
    }
    return b;
}

static bool is_service_sid(const char *sid)
{
    return !strcmp(sid, "S-1-5-18") || !strcmp(sid, "S-1-5-19") ||
           !strcmp(sid, "S-1-5-20");
}

static void add_user(struct sim_ctx *ctx, const char *sid, const char *online,
                     bool temp_dup)
{
    char *mapped = xstrdup(online);

    if (upper(mapped[0]) == ctx->online_letter && mapped[1] == ':')
        mapped[0] = ctx->offline_letter;
    char *host = sim_path(ctx, mapped);

    free(mapped);
    if (!fs_is_dir(host)) {
        /*
         * An orphan (a ProfileList entry whose folder is gone) is skipped
         * and the run goes on.  The reference is silent on the wording of
         * this line: it gives only the record layout and the gle suffix
         * (§5.1).  The simulator ends it with gle 0x534 (ERROR_NONE_MAPPED,
         * what scanstate's lookup of such a profile leaves); usmtwiz keys
         * on the SID, the gle and "not found", not on the words.
         */
        sim_log_gle(&ctx->out, "Warning", 0, 0x534, "Profile folder of %s "
                    "not found: %s; the user is not migrated", sid, online);
        free(host);
        return;
    }
    ctx->users = xreallocarray(ctx->users, ctx->n_users + 1,
                               sizeof(*ctx->users));
    struct sim_user *u = &ctx->users[ctx->n_users++];
    char *folder = xstrdup(base_name(online));
    size_t fl = strlen(folder);

    if (fl && (folder[fl - 1] == '\\' || folder[fl - 1] == '/'))
        folder[fl - 1] = '\0';
    memset(u, 0, sizeof(*u));
    u->sid = xstrdup(sid);
    u->name = xasprintf("%s\\%s", ctx->computer, folder);
    u->profile_online = xstrdup(online);
    u->profile_host = host;
    u->temp_dup = temp_dup;
    free(folder);
}

int sim_find_users(struct sim_ctx *ctx)
{
    char *path = winos_resolve_ci_keep(ctx->windir_host, "System32\\config\\SOFTWARE");
    struct hive *h;
    struct wiz_err err;
    size_t pl;
    size_t *kids = NULL;
    size_t n = 0;

    ctx->computer = read_computer_name(ctx->windir_host);
    if (hive_open(path, false, &h, &err) < 0) {
        sim_log(&ctx->out, "Error", 0, "Unable to open the offline software "
                "hive: %s", err.msg);
        free(path);
        return 26;
    }
    free(path);
    size_t cv;
    char *sysroot = NULL;

    if (hive_lookup(h, 0, "Microsoft\\Windows NT\\CurrentVersion", &cv,
                    NULL) == 0 && cv)
        sysroot = hive_string(h, cv, "SystemRoot");
    if (!sysroot)
        sysroot = xstrdup("C:\\Windows");
    ctx->online_letter = is_letter(sysroot[0]) ? upper(sysroot[0]) : 'C';
    if (hive_lookup(h, 0, "Microsoft\\Windows NT\\CurrentVersion\\"
                    "ProfileList", &pl, NULL) < 0 || !pl ||
        hive_children(h, pl, &kids, &n, NULL) < 0) {
        sim_log(&ctx->out, "Error", 0, "Unable to read the profile list of "
                "the offline system");
        free(sysroot);
        hive_close(h);
        return 26;
    }
    char **names = xcalloc(n + 1, sizeof(*names));

    for (size_t i = 0; i < n; i++)
        names[i] = hive_node_name(h, kids[i]);
    for (size_t i = 0; i < n; i++) {
        char *key = names[i];

        if (!key || !str_starts_with(key, "S-1-"))
            continue;
        size_t kl = strlen(key);
        bool bak = str_iends_with(key, ".bak");
        char *sid = xstrndup(key, bak ? kl - 4 : kl);
        bool has_bak = false;
        bool has_plain = false;

        for (size_t k = 0; k < n; k++) {
            if (!names[k] || k == i)
                continue;
            if (!bak && str_iends_with(names[k], ".bak") &&
                strlen(names[k]) == kl + 4 && !str_ncasecmp(names[k], key, kl))
                has_bak = true;
            if (bak && str_ieq(names[k], sid))
                has_plain = true;
        }
        /* with a ".bak" twin the plain key is the temporary profile */
        if (is_service_sid(sid) || (!bak && has_bak)) {
            free(sid);
            continue;
        }
        char *img = hive_string(h, kids[i], "ProfileImagePath");

        if (img && *img) {
            char *online = expand(img, ctx->online_letter, sysroot);

            add_user(ctx, sid, online, bak && has_plain);
            free(online);
        }
        free(img);
        free(sid);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(kids);
    free(sysroot);
    hive_close(h);
    return 0;
}

bool sim_user_matches(const struct sim_user *u, const char *pattern,
                      bool offline)
{
    const char *bs = strrchr(pattern, '\\');
    const char *acct = strrchr(u->name, '\\');
    const char *uname = acct ? acct + 1 : u->name;

    if (bs) {
        char *dom = xstrndup(pattern, (size_t)(bs - pattern));
        bool ok;

        /*
         * Offline there is no domain controller to turn names into SIDs:
         * the domain part only matches a wildcard and the user part is
         * matched against the SID, so "/ue:*\*" still excludes everyone
         * while "/ui:CONTOSO\jdoe" selects nobody.
         */
        if (offline) {
            ok = str_wildmatch(dom, "") && str_wildmatch(bs + 1, u->sid);
        } else {
            char *udom = xstrndup(u->name, acct ? (size_t)(acct - u->name)
                                                : 0);

            ok = str_wildmatch(dom, udom) &&
                 (str_wildmatch(bs + 1, uname) ||
                  str_wildmatch(bs + 1, u->sid));
            free(udom);
        }
        free(dom);
        return ok;
    }
    if (str_wildmatch(pattern, u->sid))
        return true;
    return !offline && str_wildmatch(pattern, uname);
}

/* "File\C$\Users\x" for a profile path as Windows saw it. */
static char *store_prefix_of(const char *p)
{
    char letter = is_letter(p[0]) && p[1] == ':' ? upper(p[0]) : 'C';
    const char *rest = p[1] == ':' ? p + 2 : p;

    while (*rest == '\\')
        rest++;
    char *prefix = xasprintf("File\\%c$\\%s", letter, rest);
    size_t pl = strlen(prefix);

    if (pl && prefix[pl - 1] == '\\')
        prefix[pl - 1] = '\0';
    return prefix;
}

/* ---- files ------------------------------------------------------------- */

static void add_file(struct sim_ctx *ctx, const char *host, const char *name,
                     const struct fs_stat *st)
{
    XGROW(ctx->files, ctx->files_alloc, ctx->n_files + 1);
    struct sim_file *f = &ctx->files[ctx->n_files++];

    f->host = xstrdup(host);
    f->store_name = xstrdup(name);
    f->size = st->size;
    f->mtime = st->mtime;
    f->efs = str_iends_with(host, ".efs");
    f->unreadable = str_iends_with(host, ".unreadable");
    f->cloud = st->cloud_only;
    f->user = ctx->walking_user;
    ctx->total_bytes += st->size;
}

static bool skipped_dir(const char *rel)
{
    return str_ieq(rel, "AppData\\Local\\Temp") ||
           str_ieq(rel, "AppData\\Local\\Microsoft\\Windows\\INetCache");
}

static void walk(struct sim_ctx *ctx, const char *host, const char *rel,
                 const char *store_prefix, int depth)
{
    struct fs_dir *d;
    const char *name;

    if (depth > 64 || fs_dir_open(host, &d, NULL) < 0)
        return;
    char **names = NULL;
    size_t n = 0;

    while (fs_dir_next(d, &name, NULL) == 1) {
        names = xreallocarray(names, n + 1, sizeof(*names));
        names[n++] = xstrdup(name);
    }
    fs_dir_close(d);
    /* a stable order, so stores and logs repeat from run to run */
    for (size_t i = 1; i < n; i++) {
        for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
            char *t = names[k];

            names[k] = names[k - 1];
            names[k - 1] = t;
        }
    }
    for (size_t i = 0; i < n; i++) {
        char *child = fs_join(host, names[i]);
        char *crel = *rel ? xasprintf("%s\\%s", rel, names[i])
                          : xstrdup(names[i]);
        struct fs_stat st;

        if (fs_stat(child, &st, NULL) == 0) {
            bool is_store = ctx->store_host &&
                            !strcmp(child, ctx->store_host);

            if (st.type == FS_DIR && !is_store && !skipped_dir(crel)) {
                walk(ctx, child, crel, store_prefix, depth + 1);
            } else if (st.type == FS_FILE) {
                char *sname = xasprintf("%s\\%s", store_prefix, crel);

                add_file(ctx, child, sname, &st);
                free(sname);
            }
        }
        free(crel);
        free(child);
        free(names[i]);
    }
    free(names);
}

void sim_scan_files(struct sim_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_users; i++) {
        const struct sim_user *u = &ctx->users[i];

        if (!u->included)
            continue;
        char *prefix = store_prefix_of(u->profile_online);

        ctx->walking_user = i;
        walk(ctx, u->profile_host, "", prefix, 0);
        free(prefix);
    }
}


/* The k-th /i file as this machine sees it: 0 with its bytes, -1 when it
 * cannot be read. */
static int read_inc(struct sim_ctx *ctx, size_t k, char **data, size_t *len)
{
    char *host = sim_path(ctx, ctx->o->inc[k]);
    int r = fs_read_file(host, 16u << 20, data, len, NULL);

    free(host);
    return r < 0 ? -1 : 0;
}

/*
 * Folders a /i migration XML includes whole ("<folder>\* [*]", reference
 * §6.2), when the folder is the profile of a user left out of the
 * gather (such as the real profile of a user with a temporary one): its
 * files are gathered as data, its settings are not.  Other patterns are
 * not simulated.  Whether real scanstate applies /ue to such files is not
 * in the reference; the simulator gathers them.
 */
void sim_scan_xml_folders(struct sim_ctx *ctx)
{
    for (size_t k = 0; k < ctx->o->n_inc; k++) {
        char *data;
        size_t len;

        if (read_inc(ctx, k, &data, &len) < 0)
            continue;
        for (const char *p = str_icasestr(data, "<pattern type=\"File\">");
             p; p = str_icasestr(p, "<pattern type=\"File\">")) {
            p += strlen("<pattern type=\"File\">");
            const char *e = str_icasestr(p, "\\* [*]</pattern>");
            const char *close = str_icasestr(p, "</pattern>");

            if (!e || e != close - strlen("\\* [*]"))
                continue;
            char *folder = xstrndup(p, (size_t)(e - p));

            for (size_t i = 0; i < ctx->n_users; i++) {
                const struct sim_user *u = &ctx->users[i];

                if (u->included || !str_ieq(u->profile_online, folder))
                    continue;
                char *prefix = store_prefix_of(u->profile_online);

                sim_log(&ctx->out, "Info", 0, "Gathering the folder %s as "
                        "files (included by %s)", folder, ctx->o->inc[k]);
                ctx->walking_user = i;
                walk(ctx, u->profile_host, "", prefix, 0);
                free(prefix);
            }
            free(folder);
        }
        free(data);
    }
}

/*
 * Does one "<folder> [<file>]" File pattern (reference §6.2) take path
 * (C:\\dir\\name)?  "<folder>\\*" takes the whole tree below folder,
 * a bare folder only its own files; the file part may hold '*'.
 */
bool sim_pattern_matches(const char *pattern, const char *path)
{
    size_t pl = strlen(pattern);
    const char *br = NULL;

    if (pl < 4 || pattern[pl - 1] != ']')
        return false;
    for (const char *p = pattern; (p = strstr(p, " [")); p++)
        br = p;
    const char *bs = strrchr(path, '\\');

    if (!br || !bs)
        return false;
    char *folder = xstrndup(pattern, (size_t)(br - pattern));
    char *file = xstrndup(br + 2, pl - (size_t)(br - pattern) - 3);
    char *dir = xstrndup(path, (size_t)(bs - path));
    size_t fl = strlen(folder);
    bool tree = fl >= 2 && !strcmp(folder + fl - 2, "\\*");
    bool ok;

    if (tree)
        folder[fl -= 2] = '\0';
    while (fl && folder[fl - 1] == '\\')
        folder[--fl] = '\0';
    if (tree)
        ok = str_istarts_with(dir, folder) &&
             (dir[fl] == '\0' || dir[fl] == '\\');
    else
        ok = str_ieq(dir, folder);
    ok = ok && str_wildmatch(file, bs + 1);
    free(folder);
    free(file);
    free(dir);
    return ok;
}

/* The File patterns below every <unconditionalExclude> of e. */
static void collect_excludes(const struct usmtxml_elem *e, bool in,
                             char ***pats, size_t *n)
{
    in = in || str_ieq(e->name, "unconditionalExclude");
    if (in && str_ieq(e->name, "pattern")) {
        const char *type = usmtxml_elem_attr(e, "type");

        if (type && str_ieq(type, "File")) {
            *pats = xrealloc(*pats, (*n + 1) * sizeof(**pats));
            (*pats)[(*n)++] = xstrdup(e->text);
        }
    }
    for (size_t i = 0; i < e->n_children; i++)
        collect_excludes(&e->children[i], in, pats, n);
}

void sim_apply_xml_excludes(struct sim_ctx *ctx)
{
    for (size_t k = 0; k < ctx->o->n_inc; k++) {
        struct usmtxml_elem *root = NULL;
        char **pats = NULL;
        size_t n = 0, gone = 0;
        char *data;
        size_t len;

        if (read_inc(ctx, k, &data, &len) < 0)
            continue;
        if (usmtxml_parse_tree(data, len, ctx->o->inc[k], &root, NULL) == 0)
            collect_excludes(root, false, &pats, &n);
        usmtxml_elem_free(root);
        free(data);
        for (size_t i = 0; n && i < ctx->n_files;) {
            struct sim_file *f = &ctx->files[i];
            /* "File\\C$\\Users\\x\\a.txt" is "C:\\Users\\x\\a.txt" */
            char *path = xasprintf("%c:\\%s", f->store_name[5],
                                   f->store_name + strlen("File\\C$\\"));
            bool hit = false;

            for (size_t p = 0; p < n && !hit; p++)
                hit = sim_pattern_matches(pats[p], path);
            free(path);
            if (!hit) {
                i++;
                continue;
            }
            ctx->total_bytes -= f->size;
            free(f->host);
            free(f->store_name);
            memmove(f, f + 1, (ctx->n_files - i - 1) * sizeof(*f));
            ctx->n_files--;
            gone++;
        }
        if (gone)
            sim_log(&ctx->out, "Info", 0, "%zu file%s excluded by the "
                    "unconditionalExclude rules of %s", gone,
                    gone == 1 ? "" : "s", ctx->o->inc[k]);
        for (size_t p = 0; p < n; p++)
            free(pats[p]);
        free(pats);
    }
}

void sim_ctx_release(struct sim_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_users; i++) {
        free(ctx->users[i].sid);
        free(ctx->users[i].name);
        free(ctx->users[i].profile_online);
        free(ctx->users[i].profile_host);
    }
    free(ctx->users);
    for (size_t i = 0; i < ctx->n_files; i++) {
        free(ctx->files[i].host);
        free(ctx->files[i].store_name);
    }
    free(ctx->files);
    free(ctx->volume_root);
    free(ctx->windir_host);
    free(ctx->windir_win);
    free(ctx->computer);
    free(ctx->store_host);
}

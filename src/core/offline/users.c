/*
 * The users of an offline Windows installation.  ProfileList gives the
 * profiles (SIDs and folders); SAM, the IdentityStore cache, LogonUI,
 * Winlogon and the folder name give the names people know.  Every value is
 * untrusted: bad ones become per-user problems, never a failure of the list.
 */
#include "core/offline/users.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/attr.h"
#include "base/err.h"
#include "base/log.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "core/offline/winos.h"
#include "platform/fs.h"

#define PROFILE_LIST "Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
#define IDSTORE_CACHE "Microsoft\\IdentityStore\\Cache"
#define LOGONUI "Microsoft\\Windows\\CurrentVersion\\Authentication\\LogonUI"
#define WINLOGON "Microsoft\\Windows NT\\CurrentVersion\\Winlogon"
#define SAM_USERS "SAM\\Domains\\Account\\Users"
#define SAM_ACCOUNT "SAM\\Domains\\Account"

/* ProfileList State bit: Windows gave the user a temporary profile. */
#define PROFILE_TEMP_ASSIGNED 0x0800
/* Longest note kept in user_load_info.problem. */
#define NOTES_MAX 4096

const char *user_kind_name(enum user_kind kind)
{
    static const char *const names[] = { "local",   "domain",  "entra",
                                         "msa",     "builtin", "temporary",
                                         "bak",     "orphan",
                                         "unknown" };

    return (unsigned)kind <= USER_UNKNOWN ? names[kind] : "unknown";
}

const char *name_source_name(enum name_source src)
{
    static const char *const names[] = { "SAM",    "IdentityStore",
                                         "LogonUI", "folder",
                                         "well-known", "SID" };

    return (unsigned)src <= NAME_SID ? names[src] : "unknown";
}

/* ---- SAM ---------------------------------------------------------------- */

struct sam_user {
    char *name;
    char *full_name;
    uint32_t rid;
};

struct sam {
    struct sam_user *u;
    size_t n;
    char *machine_sid;
};

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* String entry idx of a SAM V value (UTF-16LE), or NULL. */
static char *sam_v_string(const struct hive_value *v, unsigned idx)
{
    size_t hdr = 0x0C * idx;

    if (v->len < 0xCC || hdr + 8 > 0xCC)
        return NULL;
    uint32_t off = le32(v->data + hdr);
    uint32_t len = le32(v->data + hdr + 4);

    if (len == 0 || len > 4096 || (uint64_t)off + 0xCC + len > v->len)
        return NULL;
    return utf16le_to_utf8(v->data + 0xCC + off, len, false, NULL);
}

/* Machine SID from the last 24 bytes of SAM\Domains\Account V. */
static char *sam_machine_sid(struct hive *h)
{
    size_t acct = 0;
    struct hive_value v;
    bool found = false;
    char *sid = NULL;

    if (hive_lookup(h, 0, SAM_ACCOUNT, &acct, NULL) < 0 || !acct)
        return NULL;
    if (hive_get(h, acct, "V", &v, &found, NULL) < 0 || !found)
        return NULL;
    if (v.len >= 24) {
        const unsigned char *p = v.data + v.len - 24;

        if (p[0] == 1 && p[1] == 4 && p[7] == 5 && le32(p + 8) == 21)
            sid = xasprintf("S-1-5-21-%u-%u-%u", (unsigned)le32(p + 12),
                            (unsigned)le32(p + 16), (unsigned)le32(p + 20));
    }
    hive_value_release(&v);
    return sid;
}

/*
 * Read the SAM accounts; -1 with err when the hive is damaged (a key
 * cannot be read), so that nobody is called local or domain on its word.
 */
static int sam_load(struct hive *h, struct sam *sam, struct wiz_err *err)
{
    size_t names = 0;
    size_t users = 0;
    size_t *kids = NULL;
    size_t n = 0;

    memset(sam, 0, sizeof(*sam));
    sam->machine_sid = sam_machine_sid(h);
    if (hive_lookup(h, 0, SAM_USERS, &users, err) < 0)
        return -1;
    if (!users)
        return 0;
    if (hive_lookup(h, users, "Names", &names, err) < 0)
        return -1;
    if (!names)
        return 0;
    if (hive_children(h, names, &kids, &n, err) < 0)
        return -1;
    if (n > USERS_MAX)
        n = USERS_MAX;
    sam->u = n ? xcalloc(n, sizeof(*sam->u)) : NULL;
    for (size_t i = 0; i < n; i++) {
        struct hive_value v;
        bool found = false;

        if (hive_get(h, kids[i], "", &v, &found, NULL) < 0 || !found)
            continue;
        struct sam_user *su = &sam->u[sam->n++];

        su->rid = v.type;
        hive_value_release(&v);
        su->name = hive_node_name(h, kids[i]);
        if (!su->name)
            su->name = xstrdup("");
        char ridkey[16];
        size_t rk = 0;

        snprintf(ridkey, sizeof(ridkey), "%08X", (unsigned)su->rid);
        if (hive_lookup(h, users, ridkey, &rk, NULL) == 0 && rk &&
            hive_get(h, rk, "V", &v, &found, NULL) == 0 && found) {
            su->full_name = sam_v_string(&v, 2);
            hive_value_release(&v);
        }
        if (!su->full_name)
            su->full_name = xstrdup("");
    }
    free(kids);
    return 0;
}

static void sam_release(struct sam *sam)
{
    for (size_t i = 0; i < sam->n; i++) {
        free(sam->u[i].name);
        free(sam->u[i].full_name);
    }
    free(sam->u);
    free(sam->machine_sid);
    memset(sam, 0, sizeof(*sam));
}

static const struct sam_user *sam_by_rid(const struct sam *sam, uint32_t rid)
{
    for (size_t i = 0; i < sam->n; i++) {
        if (sam->u[i].rid == rid)
            return &sam->u[i];
    }
    return NULL;
}

static const struct sam_user *sam_by_name(const struct sam *sam,
                                          const char *name)
{
    for (size_t i = 0; i < sam->n; i++) {
        if (str_ieq(sam->u[i].name, name))
            return &sam->u[i];
    }
    return NULL;
}

/* ---- SIDs --------------------------------------------------------------- */

/* "S-1-<auth>-<sub>..." with at most 15 sub-authorities, digits only. */
static bool is_sid(const char *s)
{
    int parts = 0;

    if (s[0] != 'S' || s[1] != '-')
        return false;
    s += 2;
    for (;;) {
        size_t n = 0;

        while (s[n] >= '0' && s[n] <= '9')
            n++;
        if (n == 0 || n > 10)
            return false;
        parts++;
        s += n;
        if (!*s)
            break;
        if (*s != '-')
            return false;
        s++;
    }
    return parts >= 3 && parts <= 17;
}

static uint32_t sid_last(const char *sid)
{
    const char *dash = strrchr(sid, '-');
    uint64_t v;

    if (!dash || str_to_u64(dash + 1, &v) < 0 || v > UINT32_MAX)
        return 0;
    return (uint32_t)v;
}

/* The SID without its last part ("S-1-5-21-a-b-c"), new string. */
static char *sid_prefix(const char *sid)
{
    const char *dash = strrchr(sid, '-');

    return xstrndup(sid, dash ? (size_t)(dash - sid) : strlen(sid));
}

static const char *wellknown_name(const char *sid)
{
    static const struct {
        const char *sid;
        const char *name;
    } known[] = {
        { "S-1-5-18", "SYSTEM" },
        { "S-1-5-19", "LOCAL SERVICE" },
        { "S-1-5-20", "NETWORK SERVICE" },
    };

    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (!strcmp(sid, known[i].sid))
            return known[i].name;
    }
    return NULL;
}

/*
 * Accounts Windows or server software made for itself, by name (the
 * folder or SAM name): shown, never selected by default.  The names are
 * the usual ones (IIS, Remote Assistance, Windows setup); the reference
 * lists none, so this is our list.
 */
static bool is_service_name(const char *name)
{
    static const char *const exact[] = {
        "HelpAssistant", "SUPPORT_388945a0", "ASPNET", "defaultuser0",
        "defaultuser100000", "DefaultAccount", "WDAGUtilityAccount",
        "Guest", "sshd", "postgres", "MSSQLSERVER",
    };
    static const char *const prefix[] = { "IUSR_", "IWAM_", "defaultuser",
                                          "SQLServer", "MsDtsServer",
                                          "HomeGroupUser$" };

    if (!name || !*name)
        return false;
    const char *b = strrchr(name, '\\');

    b = b ? b + 1 : name;
    for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
        if (str_ieq(b, exact[i]))
            return true;
    }
    for (size_t i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++) {
        if (str_istarts_with(b, prefix[i]))
            return true;
    }
    return str_iends_with(b, "$");
}

/* ---- the rest of SOFTWARE ----------------------------------------------- */

struct logonui {
    char *user;         /* LastLoggedOnUser "CONTOSO\\jsmith" */
    char *sam_user;     /* LastLoggedOnSAMUser */
    char *display;      /* LastLoggedOnDisplayName */
    char *sid;          /* LastLoggedOnUserSID */
    char *domain;       /* Winlogon DefaultDomainName */
    char *default_user; /* Winlogon DefaultUserName */
};

static char *opt_str(struct hive *h, size_t node, const char *name)
{
    char *s = NULL;

    if (!node || hive_get_string(h, node, name, &s, NULL) < 0 || !s) {
        free(s);
        return xstrdup("");
    }
    return s;
}

static void logonui_load(struct hive *h, struct logonui *l)
{
    size_t node = 0;
    size_t wl = 0;

    hive_lookup(h, 0, LOGONUI, &node, NULL);
    hive_lookup(h, 0, WINLOGON, &wl, NULL);
    l->user = opt_str(h, node, "LastLoggedOnUser");
    l->sam_user = opt_str(h, node, "LastLoggedOnSAMUser");
    l->display = opt_str(h, node, "LastLoggedOnDisplayName");
    l->sid = opt_str(h, node, "LastLoggedOnUserSID");
    l->domain = opt_str(h, wl, "DefaultDomainName");
    l->default_user = opt_str(h, wl, "DefaultUserName");
}

static void logonui_release(struct logonui *l)
{
    free(l->user);
    free(l->sam_user);
    free(l->display);
    free(l->sid);
    free(l->domain);
    free(l->default_user);
}

/* IdentityStore cache UserName for sid (validated first), or NULL. */
static char *idstore_name(struct hive *h, const char *sid)
{
    char *path = xasprintf(IDSTORE_CACHE "\\%s\\IdentityCache\\%s", sid, sid);
    size_t node = 0;
    char *name = NULL;

    if (hive_lookup(h, 0, path, &node, NULL) == 0 && node) {
        name = opt_str(h, node, "UserName");
        if (!*name) {
            free(name);
            name = NULL;
        }
    }
    free(path);
    return name;
}

/* ---- paths -------------------------------------------------------------- */

/* Replace %SystemDrive%, %SystemRoot% and %windir% (any case). */
static char *expand_vars(const char *s, const char *system_root)
{
    struct strbuf sb;
    char drive[3] = "C:";

    if (system_root && system_root[0] && system_root[1] == ':') {
        drive[0] = system_root[0];
    }
    strbuf_init(&sb);
    while (*s) {
        if (str_istarts_with(s, "%SystemDrive%")) {
            strbuf_adds(&sb, drive);
            s += strlen("%SystemDrive%");
        } else if (str_istarts_with(s, "%SystemRoot%")) {
            strbuf_adds(&sb, *system_root ? system_root : "C:\\Windows");
            s += strlen("%SystemRoot%");
        } else if (str_istarts_with(s, "%windir%")) {
            strbuf_adds(&sb, *system_root ? system_root : "C:\\Windows");
            s += strlen("%windir%");
        } else {
            strbuf_addch(&sb, *s++);
        }
    }
    return strbuf_detach(&sb, NULL);
}

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/*
 * The folder that holds the profiles (Users), resolved and listed once for
 * all of them rather than looked at once a profile; kept for one
 * users_load_info.
 */
struct memo_entry {
    char *name;
    enum fs_type type;
};

struct parent_memo {
    char *rel;              /* relative to the Windows volume; NULL: none */
    char *host;             /* resolved, or NULL when it is not there */
    struct memo_entry *ents;    /* host's entries, sorted by name */
    size_t n;
    bool listed;            /* ents is the whole folder */
};

static void parent_memo_release(struct parent_memo *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->ents[i].name);
    free(m->ents);
    free(m->rel);
    free(m->host);
    memset(m, 0, sizeof(*m));
}

static int memo_entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct memo_entry *)a)->name,
                  ((const struct memo_entry *)b)->name);
}

/* One listing of m->host with each entry's type (a look only where the
 * listing does not say); on a failure the profiles are looked at one by
 * one. */
static void parent_memo_list(struct parent_memo *m)
{
    struct fs_dir *d;
    const char *name;
    size_t cap = 0;
    int rc;

    if (fs_dir_open(m->host, &d, NULL) < 0)
        return;
    while ((rc = fs_dir_next(d, &name, NULL)) == 1) {
        enum fs_type t = fs_dir_entry_type(d);

        if (t == FS_NONE) {
            struct fs_stat st;

            t = fs_dir_stat(d, name, &st, NULL) < 0 ? FS_NONE : st.type;
            if (t == FS_NONE)
                continue;
        }
        if (m->n == cap) {
            cap = cap ? cap * 2 : 64;
            m->ents = xrealloc(m->ents, cap * sizeof(*m->ents));
        }
        m->ents[m->n].name = xstrdup(name);
        m->ents[m->n++].type = t;
    }
    fs_dir_close(d);
    if (rc < 0) {
        for (size_t i = 0; i < m->n; i++)
            free(m->ents[i].name);
        free(m->ents);
        m->ents = NULL;
        m->n = 0;
        return;
    }
    if (m->n)
        qsort(m->ents, m->n, sizeof(*m->ents), memo_entry_cmp);
    m->listed = true;
}

/*
 * Resolve rest (below the volume's root, parts separated by '\' or '/')
 * as winos_resolve_ci does; *is_dir gets whether it is a folder.
 */
static char *resolve_profile(const struct winos *os, struct parent_memo *m,
                             const char *rest, bool *is_dir)
{
    size_t end = strlen(rest);
    size_t cut;
    char *leaf, *path;
    struct fs_stat st;

    *is_dir = false;
    while (end && (rest[end - 1] == '\\' || rest[end - 1] == '/'))
        end--;
    cut = end;
    while (cut && rest[cut - 1] != '\\' && rest[cut - 1] != '/')
        cut--;
    if (!m->rel || strlen(m->rel) != cut || strncmp(m->rel, rest, cut) != 0) {
        parent_memo_release(m);
        m->rel = xstrndup(rest, cut);
        m->host = cut ? winos_resolve_ci(os->os_root, m->rel)
                      : xstrdup(os->os_root);
        if (m->host)
            parent_memo_list(m);
    }
    if (!m->host)
        return NULL;
    if (cut == end)
        path = xstrdup(m->host);
    else {
        leaf = xstrndup(rest + cut, end - cut);
        if (m->listed) {
            struct memo_entry key = { leaf, FS_NONE };
            const struct memo_entry *e =
                m->n ? bsearch(&key, m->ents, m->n, sizeof(*m->ents),
                               memo_entry_cmp)
                     : NULL;

            if (e) {
                free(leaf);
                *is_dir = e->type == FS_DIR;
                return fs_join(m->host, e->name);
            }
        } else {
            path = fs_join(m->host, leaf);
            if (fs_stat(path, &st, NULL) == 0 && st.type != FS_NONE) {
                free(leaf);
                *is_dir = st.type == FS_DIR;
                return path;
            }
            free(path);
        }
        /* not under this name: the same name in another case */
        path = winos_find_ci(m->host, leaf);
        free(leaf);
        if (!path)
            return NULL;
    }
    *is_dir = fs_stat(path, &st, NULL) == 0 && st.type == FS_DIR;
    return path;
}

/*
 * Map an online "C:\Users\x" to the WinPE form and to our path.  Returns
 * NULL (and fills *why) when the path cannot be mapped safely.
 */
static const char *map_profile(const struct winos *os, const char *online,
                               struct parent_memo *memo, struct win_user *u)
{
    char sysdrive = 'C';

    if (os->system_root[0] && os->system_root[1] == ':')
        sysdrive = upper(os->system_root[0]);
    if (!((upper(online[0]) >= 'A' && upper(online[0]) <= 'Z') &&
          online[1] == ':' && (online[2] == '\\' || online[2] == '/')))
        return "is not a local absolute path";
    if (upper(online[0]) != sysdrive)
        return "is on another drive than Windows";
    const char *rest = online + 3;

    /* refuse '..', '.', empty parts and control characters */
    for (const char *p = rest; *p;) {
        size_t n = strcspn(p, "\\/");

        if (n == 0 && p[n])
            return "has an empty path part";
        if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return "leaves the volume with '..'";
        for (size_t i = 0; i < n; i++) {
            if ((unsigned char)p[i] < 0x20 || p[i] == ':')
                return "has characters a path cannot have";
        }
        p += n;
        if (*p)
            p++;
    }
    char *b = xstrdup(rest);

    for (char *p = b; *p; p++) {
        if (*p == '/')
            *p = '\\';
    }
    if (os->letter) {
        size_t rl = strlen(os->os_root_win);
        bool sep = rl && os->os_root_win[rl - 1] == '\\';

        u->profile_win = xasprintf("%s%s%s", os->os_root_win, sep ? "" : "\\",
                                   b);
    } else {
        u->profile_win = xstrdup(online);
    }
    free(b);
    u->profile_path = *rest ? resolve_profile(os, memo, rest,
                                              &u->folder_exists) : NULL;
    if (!u->profile_path && *rest) {
        /* the folder is gone: still say where it would be */
        char *p = xstrdup(rest);

        for (char *q = p; *q; q++) {
            if (*q == '\\')
                *q = '/';
        }
        u->profile_path = fs_join(os->os_root, p);
        free(p);
    }
    return NULL;
}

/* The last part of a Windows path, without trailing separators (new). */
static char *last_part(const char *path)
{
    const char *p = path + strlen(path);

    while (p > path && (p[-1] == '\\' || p[-1] == '/'))
        p--;
    const char *end = p;

    while (p > path && p[-1] != '\\' && p[-1] != '/')
        p--;
    return xstrndup(p, (size_t)(end - p));
}

/* ---- one ProfileList key ------------------------------------------------ */

static void add_problem(struct win_user *u, const char *fmt, ...)
    WIZ_PRINTF(2, 3);
static void add_problem(struct win_user *u, const char *fmt, ...)
{
    va_list ap;

    if (u->problem)
        return;
    va_start(ap, fmt);
    u->problem = xvasprintf(fmt, ap);
    va_end(ap);
}

static int64_t filetime_pair(struct hive *h, size_t node, const char *lo,
                             const char *hi)
{
    uint32_t l = 0;
    uint32_t H = 0;
    bool f1 = false;
    bool f2 = false;

    if (hive_get_dword(h, node, lo, &l, &f1, NULL) < 0 ||
        hive_get_dword(h, node, hi, &H, &f2, NULL) < 0 || !f1 || !f2)
        return 0;
    return hive_filetime_to_unix((uint64_t)H << 32 | l);
}

void onedrive_accounts_free(struct onedrive_account *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) {
        free(a[i].key);
        free(a[i].email);
        free(a[i].folder);
        free(a[i].name);
    }
    free(a);
}

/* A REG_SZ value as text, "" when missing or not a string. */
static char *value_text(struct hive *h, size_t node, const char *name)
{
    char *v = NULL;

    if (hive_get_string(h, node, name, &v, NULL) < 0 || !v)
        return xstrdup("");
    return v;
}

int users_onedrive_read(const char *path, struct onedrive_account **out,
                        size_t *n, struct wiz_err *err)
{
    struct hive *h;
    size_t node = 0, *kids = NULL, nk = 0;

    *out = NULL;
    *n = 0;
    if (hive_open(path, false, &h, err) < 0)
        return -1;
    if (hive_lookup(h, hive_root(h), "Software\\Microsoft\\OneDrive\\Accounts",
                    &node, err) < 0 ||
        (node && hive_children(h, node, &kids, &nk, err) < 0)) {
        hive_close(h);
        return -1;
    }
    for (size_t i = 0; i < nk && *n < ONEDRIVE_ACCOUNTS_MAX; i++) {
        struct onedrive_account a;

        a.email = value_text(h, kids[i], "UserEmail");
        a.folder = value_text(h, kids[i], "UserFolder");
        if (!*a.email && !*a.folder) {
            free(a.email);
            free(a.folder);
            continue;
        }
        a.key = hive_node_name(h, kids[i]);
        a.name = value_text(h, kids[i], "DisplayName");
        *out = xrealloc(*out, (*n + 1) * sizeof(**out));
        (*out)[(*n)++] = a;
    }
    free(kids);
    hive_close(h);
    return 0;
}

char *users_onedrive_text(const struct win_user *u)
{
    struct strbuf sb = STRBUF_INIT;

    for (size_t i = 0; i < u->n_onedrive; i++) {
        const struct onedrive_account *a = &u->onedrive[i];

        if (sb.len)
            strbuf_adds(&sb, "; ");
        strbuf_adds(&sb, *a->email ? a->email : a->key);
        if (*a->folder)
            strbuf_addf(&sb, ", %s", a->folder);
    }
    if (!sb.len)
        return xstrdup("");
    return strbuf_detach(&sb, NULL);
}

/* The OneDrive accounts of the user whose profile folder is folder. */
static void read_onedrive(struct win_user *u, const char *folder)
{
    char *p = winos_find_ci(folder, "NTUSER.DAT");
    struct wiz_err e;

    if (p && users_onedrive_read(p, &u->onedrive, &u->n_onedrive, &e) < 0)
        log_warn("cannot read the OneDrive accounts of '%s': %s",
                 u->profile_win ? u->profile_win : folder, e.msg);
    free(p);
}

static int64_t ntuser_mtime(const char *folder)
{
    char *p = winos_find_ci(folder, "NTUSER.DAT");
    struct fs_stat st;
    int64_t t = 0;

    if (p && fs_stat(p, &st, NULL) == 0 && st.type == FS_FILE)
        t = st.mtime;
    free(p);
    return t;
}

struct ctx {
    const struct winos *os;
    struct hive *sw;
    struct sam sam;
    bool sam_damaged;       /* SAM exists but cannot be read */
    struct logonui logon;
    struct parent_memo profiles;
};

static bool is_local_sid(const struct ctx *c, const char *sid)
{
    if (!str_starts_with(sid, "S-1-5-21-"))
        return false;
    if (c->sam.machine_sid && *c->sam.machine_sid) {
        char *pre = sid_prefix(sid);
        bool same = !strcmp(pre, c->sam.machine_sid);

        free(pre);
        return same;
    }
    return false;
}

static bool is_temp_folder(const char *folder)
{
    return folder && (str_ieq(folder, "TEMP") ||
                      str_istarts_with(folder, "TEMP."));
}

static void name_user(struct ctx *c, struct win_user *u, const char *folder)
{
    const char *wk = wellknown_name(u->sid);
    bool local = is_local_sid(c, u->sid);
    const struct sam_user *su = NULL;
    char *ids = NULL;

    if (wk) {
        u->name = xstrdup(wk);
        u->name_source = NAME_WELLKNOWN;
        u->account = xasprintf("NT AUTHORITY\\%s", wk);
        return;
    }
    if (local)
        su = sam_by_rid(&c->sam, u->rid);
    else if (!c->sam.machine_sid && str_starts_with(u->sid, "S-1-5-21-") &&
             folder && *folder) {
        /* no machine SID: a SAM account with the folder's name is ours */
        su = sam_by_name(&c->sam, folder);
        if (su && su->rid != u->rid)
            su = NULL;
    }
    if (str_starts_with(u->sid, "S-1-12-1-") ||
        str_starts_with(u->sid, "S-1-5-21-"))
        ids = idstore_name(c->sw, u->sid);
    if (su) {
        u->name = xstrdup(su->name);
        u->name_source = NAME_SAM;
        free(u->full_name);
        u->full_name = xstrdup(su->full_name);
        u->account = ids ? xstrdup(ids)
                         : xasprintf("%s\\%s", c->os->computer_name,
                                     su->name);
    } else if (ids) {
        u->name = xstrdup(ids);
        u->name_source = NAME_IDSTORE;
        u->account = xstrdup(ids);
    } else if (*c->logon.sid && str_ieq(c->logon.sid, u->sid) &&
               (*c->logon.user || *c->logon.sam_user)) {
        u->name = xstrdup(*c->logon.sam_user ? c->logon.sam_user
                                             : c->logon.user);
        u->name_source = NAME_LOGONUI;
        u->account = xstrdup(u->name);
        if (*c->logon.display) {
            free(u->full_name);
            u->full_name = xstrdup(c->logon.display);
        }
    } else if (folder && *folder) {
        u->name_source = NAME_FOLDER;
        if (!local && !c->sam_damaged &&
            str_starts_with(u->sid, "S-1-5-21-") &&
            *c->logon.domain && !is_temp_folder(folder)) {
            u->name = xasprintf("%s\\%s", c->logon.domain, folder);
            u->account = xstrdup(u->name);
        } else {
            u->name = xstrdup(folder);
            u->account = xstrdup("");
        }
    } else {
        u->name = xstrdup(u->sid);
        u->name_source = NAME_SID;
        u->account = xstrdup("");
    }
    free(ids);
}

static enum user_kind base_kind(const struct ctx *c, const struct win_user *u)
{
    if (wellknown_name(u->sid))
        return USER_BUILTIN;
    if (str_starts_with(u->sid, "S-1-12-1-"))
        return USER_ENTRA;
    if (str_starts_with(u->sid, "S-1-5-21-")) {
        bool local = is_local_sid(c, u->sid) || u->name_source == NAME_SAM;

        if (local && (u->rid == 500 || u->rid == 501 || u->rid == 503 ||
                      u->rid == 504))
            return USER_BUILTIN;
        if (local)
            return strchr(u->account, '@') ? USER_MSA : USER_LOCAL;
        if (u->name_source == NAME_IDSTORE && strchr(u->name, '@'))
            return USER_MSA;
        if (c->sam_damaged && u->name_source != NAME_IDSTORE)
            return USER_UNKNOWN;
        return USER_DOMAIN;
    }
    return USER_BUILTIN;
}


static void load_one(struct ctx *c, size_t node, const char *key,
                     struct win_user *u)
{
    struct hive *h = c->sw;
    char *raw = NULL;
    struct wiz_err e;
    bool bak = str_iends_with(key, ".bak");
    char *folder = NULL;

    memset(u, 0, sizeof(*u));
    u->key_name = xstrdup(key);
    u->sid = xstrndup(key, strlen(key) - (bak ? 4 : 0));
    u->full_name = xstrdup("");
    if (str_starts_with(u->sid, "S-1-5-21-"))
        u->rid = sid_last(u->sid);
    err_clear(&e);
    if (hive_get_string(h, node, "ProfileImagePath", &raw, &e) < 0) {
        add_problem(u, "ProfileImagePath cannot be read: %s", e.msg);
        raw = NULL;
    } else if (!raw) {
        add_problem(u, "%s", "no ProfileImagePath value");
    }
    if (raw) {
        u->profile_online = expand_vars(raw, c->os->system_root);
        free(raw);
        const char *why = map_profile(c->os, u->profile_online,
                                      &c->profiles, u);

        if (why) {
            char *m = utf8_escape_for_terminal(u->profile_online);

            u->problem = xasprintf("ProfileImagePath '%s' %s", m, why);
            free(m);
        }
        folder = last_part(u->profile_online);
    } else {
        u->profile_online = xstrdup("");
    }
    if (!u->profile_win)
        u->profile_win = xstrdup("");
    /* u->folder_exists: set by map_profile */
    uint32_t v;
    bool found = false;

    if (hive_get_dword(h, node, "State", &v, &found, &e) < 0)
        add_problem(u, "State: %s", e.msg);
    else if (found)
        u->state = v;
    if (hive_get_dword(h, node, "Flags", &v, &found, &e) < 0)
        add_problem(u, "Flags: %s", e.msg);
    else if (found)
        u->flags = v;
    u->load_time = filetime_pair(h, node, "LocalProfileLoadTimeLow",
                                 "LocalProfileLoadTimeHigh");
    u->unload_time = filetime_pair(h, node, "LocalProfileUnloadTimeLow",
                                   "LocalProfileUnloadTimeHigh");
    u->last_use = u->load_time;
    if (!u->last_use && u->folder_exists)
        u->last_use = ntuser_mtime(u->profile_path);
    name_user(c, u, folder);
    enum user_kind k = base_kind(c, u);

    if (bak)
        k = USER_BAK;
    else if (k != USER_BUILTIN && u->profile_path && !u->folder_exists)
        k = USER_ORPHAN;
    else if (k != USER_BUILTIN && (is_temp_folder(folder) ||
                                   (u->state & PROFILE_TEMP_ASSIGNED)))
        k = USER_TEMP;
    /* a system or service account made by software, not a person */
    if (k != USER_BAK && k != USER_TEMP && k != USER_ORPHAN &&
        k != USER_ENTRA && (is_service_name(u->name) ||
                            is_service_name(folder)))
        k = USER_BUILTIN;
    u->kind = k;
    u->default_selected = (k == USER_LOCAL || k == USER_DOMAIN ||
                           k == USER_ENTRA || k == USER_MSA ||
                           (k == USER_UNKNOWN && (u->rid < 500 ||
                                                  u->rid > 504))) &&
                          u->folder_exists && !u->problem;
    free(folder);
}

static void win_user_release(struct win_user *u)
{
    free(u->sid);
    free(u->key_name);
    free(u->name);
    free(u->account);
    free(u->full_name);
    free(u->profile_online);
    free(u->profile_win);
    free(u->profile_path);
    free(u->problem);
    cloud_files_release(&u->cloud);
    onedrive_accounts_free(u->onedrive, u->n_onedrive);
}

static void note(struct strbuf *notes, const char *fmt, ...)
    WIZ_PRINTF(2, 3);
static void note(struct strbuf *notes, const char *fmt, ...)
{
    va_list ap;

    if (notes->len > NOTES_MAX)
        return;
    if (notes->len)
        strbuf_adds(notes, "; ");
    va_start(ap, fmt);
    strbuf_vaddf(notes, fmt, ap);
    va_end(ap);
}

int users_load(const struct winos *os, struct user_list *out,
               struct wiz_err *err)
{
    return users_load_info(os, out, NULL, err);
}

void user_load_info_release(struct user_load_info *info)
{
    if (!info)
        return;
    free(info->problem);
    free(info->machine_sid);
    memset(info, 0, sizeof(*info));
}

int users_load_info(const struct winos *os, struct user_list *out,
                    struct user_load_info *info, struct wiz_err *err)
{
    struct ctx c;
    struct strbuf notes;
    struct wiz_err e;
    size_t pl = 0;
    size_t *kids = NULL;
    size_t n = 0;

    memset(out, 0, sizeof(*out));
    if (info)
        memset(info, 0, sizeof(*info));
    memset(&c, 0, sizeof(c));
    c.os = os;
    c.sw = winos_hive(os, "SOFTWARE", err);
    if (!c.sw)
        return -1;
    if (hive_lookup(c.sw, 0, PROFILE_LIST, &pl, err) < 0)
        return -1;
    strbuf_init(&notes);
    err_clear(&e);
    struct hive *samh = winos_hive(os, "SAM", &e);

    if (samh && sam_load(samh, &c.sam, &e) < 0) {
        sam_release(&c.sam);
        c.sam_damaged = true;
        note(&notes, "SAM damaged, accounts of unknown kind: %s", e.msg);
    } else if (!samh) {
        c.sam_damaged = e.code != WIZ_ENOENT;
        note(&notes, "SAM not read: %s", e.msg);
    }
    if (info)
        info->machine_sid = xstrdup(c.sam.machine_sid ? c.sam.machine_sid
                                                      : "");
    logonui_load(c.sw, &c.logon);
    if (pl && hive_children(c.sw, pl, &kids, &n, &e) < 0) {
        note(&notes, "ProfileList not listed: %s", e.msg);
        n = 0;
    }
    if (n > USERS_MAX) {
        note(&notes, "ProfileList has %zu keys: only the first %d are read",
             n, USERS_MAX);
        n = USERS_MAX;
    }
    out->u = n ? xcalloc(n, sizeof(*out->u)) : NULL;
    for (size_t i = 0; i < n; i++) {
        char *key = hive_node_name(c.sw, kids[i]);
        char *sidpart;

        if (!key) {
            note(&notes, "%s", "skipped a ProfileList key without a name");
            continue;
        }
        sidpart = xstrndup(key, strlen(key) -
                                    (str_iends_with(key, ".bak") ? 4 : 0));
        if (!is_sid(sidpart)) {
            char *m = utf8_escape_for_terminal(key);

            note(&notes, "skipped ProfileList key '%s': not a SID", m);
            free(m);
        } else {
            load_one(&c, kids[i], key, &out->u[out->n++]);
        }
        free(sidpart);
        free(key);
    }
    free(kids);
    parent_memo_release(&c.profiles);
    sam_release(&c.sam);
    logonui_release(&c.logon);
    if (info && notes.len)
        info->problem = strbuf_detach(&notes, NULL);
    strbuf_release(&notes);
    return 0;
}

void user_list_release(struct user_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        win_user_release(&list->u[i]);
    free(list->u);
    memset(list, 0, sizeof(*list));
}

int users_size(struct win_user *u,
               bool (*progress)(void *ctx, const struct size_result *sofar),
               void *ctx, struct wiz_err *err)
{
    struct size_result r;

    if (!u->profile_path || !u->folder_exists)
        return 0;
    if (users_size_path_cloud(u->profile_path, progress, ctx, &r, &u->cloud,
                              err) < 0) {
        /* it was there when the users were read: gone means removed */
        if (r.vanished || !fs_exists(u->profile_path)) {
            u->folder_exists = false;
            if (!u->problem)
                u->problem = xstrdup(USERS_VANISHED_PROBLEM);
        }
        return -1;
    }
    if (r.cancelled)
        return err_set(err, WIZ_ECANCEL, "sizing '%s' was cancelled",
                       u->profile_path);
    users_size_apply(u, &r);
    u->sized = true;
    return 0;
}

void users_size_apply(struct win_user *u, const struct size_result *r)
{
    /* nothing could be read: say so rather than show 0 B */
    if (r->unreadable && !r->files && !r->dirs && !u->problem)
        u->problem = xasprintf("the profile folder cannot be read (%s)",
                               r->unreadable_why[0] ? r->unreadable_why
                                                    : "unknown reason");
    u->size_bytes = r->bytes;
    u->size_files = r->files;
    u->size_unreadable = r->unreadable;
    u->size_dirs = r->dirs;
    u->size_links_skipped = r->links_skipped;
    u->size_largest = r->largest;
    u->size_cloud_files = r->cloud_files;
    u->size_cloud_bytes = r->cloud_bytes;
    /*
     * The accounts that say where the cloud-only files are, read with the
     * profile's contents: a listing of the users (inspect --no-sizes, the
     * first screens) opens no user's hive.
     */
    if (!u->onedrive_read && u->folder_exists && u->profile_path) {
        u->onedrive_read = true;
        read_onedrive(u, u->profile_path);
    }
}

/*
 * Practice shares: --share \\server\share=DIR makes the folder DIR play
 * the share.  The table is kept in USMTWIZ_SHARES ("ROOT=DIR" lines) as
 * well, so the programs we start map the same paths.  DIR.login, beside
 * the folder, holds the user and password the share asks for.
 */
#include "platform/share.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "platform/fs.h"
#include "platform/sys.h"

#define SHARES_ENV "USMTWIZ_SHARES"
#define LOGIN_MAX 4096

struct practice_share {
    char *root;         /* \\server\share */
    char *dir;          /* the folder that plays it */
    bool connected;
};

static struct practice_share *shares;
static size_t n_shares;
static bool loaded;

static void add(const char *root, size_t root_len, const char *dir)
{
    shares = xrealloc(shares, (n_shares + 1) * sizeof(*shares));
    shares[n_shares].root = xstrndup(root, root_len);
    shares[n_shares].dir = xstrdup(dir);
    shares[n_shares].connected = false;
    n_shares++;
}

/* The table as the programs we started got it. */
static void load(void)
{
    const char *env = sys_getenv(SHARES_ENV);

    if (loaded)
        return;
    loaded = true;
    while (env && *env) {
        size_t len = strcspn(env, "\n");
        const char *eq = memchr(env, '=', len);

        if (eq) {
            char *dir = xstrndup(eq + 1, len - (size_t)(eq - env) - 1);

            add(env, (size_t)(eq - env), dir);
            free(dir);
        }
        env += len;
        if (*env)
            env++;
    }
}

static void save(void)
{
    struct strbuf sb;

    strbuf_init(&sb);
    for (size_t i = 0; i < n_shares; i++)
        strbuf_addf(&sb, "%s%s=%s", i ? "\n" : "", shares[i].root,
                    shares[i].dir);
    sys_setenv(SHARES_ENV, sb.buf ? sb.buf : "");
    strbuf_release(&sb);
}

static struct practice_share *find(const char *root)
{
    load();
    for (size_t i = 0; i < n_shares; i++) {
        if (str_ieq(shares[i].root, root))
            return &shares[i];
    }
    return NULL;
}

static bool server_known(const char *path)
{
    char *server = share_server(path);
    bool known = false;

    for (size_t i = 0; server && i < n_shares; i++) {
        char *s = share_server(shares[i].root);

        known = known || str_ieq(s, server);
        free(s);
    }
    free(server);
    return known;
}

bool share_can_look(void)
{
    load();
    return n_shares > 0 || sys_getenv("USMTWIZ_NETWORK") || sys_is_winpe();
}

int share_map(const char *spec, struct wiz_err *err)
{
    const char *eq = spec ? strchr(spec, '=') : NULL;
    const char *rest = NULL;

    if (!eq || !eq[1])
        return err_set(err, WIZ_EUSAGE, "cannot use share '%s': write "
                       "\\\\server\\share=DIR", spec ? spec : "");
    char *given = xstrndup(spec, (size_t)(eq - spec));
    char *root = share_root(given, &rest);

    if (!root || *rest) {
        err_set(err, WIZ_EUSAGE, "cannot use share '%s': '%s' is not "
                "\\\\server\\share", spec, given);
        free(root);
        free(given);
        return -1;
    }
    free(given);
    if (!fs_is_dir(eq + 1)) {
        err_set(err, WIZ_ENOENT, "cannot use share '%s': '%s' is not a "
                "folder", spec, eq + 1);
        free(root);
        return -1;
    }
    char *dir = fs_absolute(eq + 1);
    struct practice_share *old = find(root);

    if (old) {
        free(old->dir);
        old->dir = dir;
    } else {
        add(root, strlen(root), dir);
        free(dir);
    }
    free(root);
    save();
    return 0;
}

char *share_folder(const char *path)
{
    char *root = share_root(path, NULL);
    struct practice_share *s = root ? find(root) : NULL;

    free(root);
    return s ? xstrdup(s->dir) : NULL;
}

/*
 * The "user=" and "password=" of DIR.login; 0 none (the share asks for
 * nothing), 1 read into login (wiped by the caller), -1 unreadable.
 */
static int read_login(const struct practice_share *s, char **login,
                      size_t *len)
{
    char *path = xasprintf("%s.login", s->dir);
    int r = 0;

    *login = NULL;
    if (fs_exists(path))
        r = fs_read_file(path, LOGIN_MAX, login, len, NULL) < 0 ? -1 : 1;
    free(path);
    return r;
}

/* The value of "name=" in login (borrowed, cut at the line end). */
static bool login_is(char *login, const char *name, const char *want)
{
    size_t nl = strlen(name);

    for (char *p = login; p && *p;) {
        size_t len = strcspn(p, "\r\n");

        if (len > nl && !strncmp(p, name, nl) && p[nl] == '=') {
            const char *v = p + nl + 1;
            size_t vl = len - nl - 1;
            const char *w = want ? want : "";

            if (!strcmp(name, "user"))
                return strlen(w) == vl && str_ncasecmp(v, w, vl) == 0;
            return strlen(w) == vl && memcmp(v, w, vl) == 0;
        }
        p += len;
        while (*p == '\r' || *p == '\n')
            p++;
    }
    return !want || !*want;
}

static int fail(enum share_failure f, const char *root, const char *path,
                enum share_failure *why, struct wiz_err *err)
{
    if (why)
        *why = f;
    return err_set(err, WIZ_ENOENT, "cannot reach '%s': %s",
                   root ? root : path, share_failure_text(f));
}

static bool network_off(void)
{
    const char *v = sys_getenv("USMTWIZ_NETWORK");

    return v && !strcmp(v, "off");
}

/* The share of path, or the reason it cannot be reached (root: new). */
static struct practice_share *lookup(const char *path, char **root,
                                     enum share_failure *f)
{
    *root = share_root(path, NULL);
    if (!*root) {
        *f = SHARE_BAD_PATH;
        return NULL;
    }
    if (network_off()) {
        *f = SHARE_NO_NETWORK;
        return NULL;
    }
    struct practice_share *s = find(*root);

    if (!s)
        *f = server_known(path) ? SHARE_NO_SHARE : SHARE_NO_SERVER;
    return s;
}

int share_check(const char *path, enum share_failure *why,
                struct wiz_err *err)
{
    enum share_failure f = SHARE_OK;
    char *root = NULL;
    struct practice_share *s = lookup(path, &root, &f);
    int r = 0;

    if (s && !s->connected) {
        char *login = NULL;
        size_t len = 0;
        int has = read_login(s, &login, &len);

        if (login)
            sys_wipe(login, len);
        free(login);
        if (has != 0)
            f = SHARE_DENIED;
        else
            s->connected = true;
    }
    if (f != SHARE_OK)
        r = fail(f, root, path, why, err);
    else if (why)
        *why = SHARE_OK;
    free(root);
    return r;
}

int share_connect(const char *path, const char *user, const char *password,
                  enum share_failure *why, struct wiz_err *err)
{
    enum share_failure f = SHARE_OK;
    char *root = NULL;
    struct practice_share *s = lookup(path, &root, &f);
    int r = 0;

    if (s) {
        char *login = NULL;
        size_t len = 0;
        int has = read_login(s, &login, &len);

        if (has < 0 || (has > 0 && (!login_is(login, "user", user) ||
                                    !login_is(login, "password", password))))
            f = SHARE_DENIED;
        if (login)
            sys_wipe(login, len);
        free(login);
        s->connected = f == SHARE_OK;
    }
    if (f != SHARE_OK)
        r = fail(f, root, path, why, err);
    else if (why)
        *why = SHARE_OK;
    free(root);
    return r;
}

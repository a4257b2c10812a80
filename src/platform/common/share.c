/*
 * The parts of file shares that are the same on every system: reading a
 * \\server\share path and the words for each failure.
 */
#include "platform/share.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static bool is_sep(char c)
{
    return c == '\\' || c == '/';
}

/* Length of the name at p (up to a separator or the end). */
static size_t name_len(const char *p)
{
    size_t n = 0;

    while (p[n] && !is_sep(p[n]))
        n++;
    return n;
}

char *share_root(const char *path, const char **rest)
{
    if (!path || !is_sep(path[0]) || !is_sep(path[1]))
        return NULL;
    const char *server = path + 2;
    size_t sl = name_len(server);

    /* \\?\ and \\.\ are device paths, not shares */
    if (!sl || (sl == 1 && (server[0] == '?' || server[0] == '.')) ||
        !is_sep(server[sl]))
        return NULL;
    const char *share = server + sl + 1;
    size_t hl = name_len(share);

    if (!hl)
        return NULL;
    if (rest)
        *rest = share + hl;
    return xasprintf("\\\\%.*s\\%.*s", (int)sl, server, (int)hl, share);
}

char *share_server(const char *path)
{
    char *root = share_root(path, NULL);

    if (!root)
        return NULL;
    char *sep = strchr(root + 2, '\\');

    *sep = '\0';
    char *server = xstrdup(root + 2);

    free(root);
    return server;
}

const char *share_failure_text(enum share_failure f)
{
    switch (f) {
    case SHARE_OK:
        return "connected";
    case SHARE_NO_NETWORK:
        return "the network is not started: run wpeinit (or "
               "\"wpeutil InitializeNetwork\") and try again";
    case SHARE_NO_SERVER:
        return "the server cannot be reached: a wrong server name, no "
               "network driver in this Windows PE, or no cable";
    case SHARE_NO_SHARE:
        return "the server has no share of that name: check the share name";
    case SHARE_DENIED:
        return "access denied: check the user (DOMAIN\\name) and the "
               "password";
    case SHARE_BAD_PATH:
        return "not a share path: write it as \\\\server\\share\\folder";
    case SHARE_OTHER:
        break;
    }
    return "the share cannot be connected";
}

/*
 * File shares on Windows: reached through the network the machine is on.
 * mpr.dll (WNetAddConnection2W) is loaded when a share is first connected,
 * so a Windows PE without it still starts and says why.
 */
#include "platform/share.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "platform/sys.h"
#include "w32.h"

typedef DWORD (WINAPI *add_connection_fn)(LPNETRESOURCEW, LPCWSTR, LPCWSTR,
                                          DWORD);

int share_map(const char *spec, struct wiz_err *err)
{
    return err_set(err, WIZ_EUSAGE, "cannot use share '%s': on Windows the "
                   "network has the shares (--share maps a folder only for "
                   "practice)", spec ? spec : "");
}

char *share_folder(const char *path)
{
    return share_root(path, NULL);
}

bool share_can_look(void)
{
    return true;
}

/* A WNet or file error code as a failure. */
static enum share_failure failure_of(DWORD code)
{
    switch (code) {
    case ERROR_NO_NETWORK:
    case ERROR_NETWORK_UNREACHABLE:
        return SHARE_NO_NETWORK;
    case ERROR_BAD_NETPATH:
    case ERROR_NO_NET_OR_BAD_PATH:
    case ERROR_BAD_PROVIDER:
    case ERROR_REM_NOT_LIST:
    case ERROR_HOST_UNREACHABLE:
        return SHARE_NO_SERVER;
    case ERROR_BAD_NET_NAME:
        return SHARE_NO_SHARE;
    case ERROR_ACCESS_DENIED:
    case ERROR_LOGON_FAILURE:
    case ERROR_INVALID_PASSWORD:
    case ERROR_ACCOUNT_RESTRICTION:
    case ERROR_SESSION_CREDENTIAL_CONFLICT:
        return SHARE_DENIED;
    default:
        return SHARE_OTHER;
    }
}

static int fail(DWORD code, const char *root, enum share_failure *why,
                struct wiz_err *err)
{
    enum share_failure f = failure_of(code);

    if (why)
        *why = f;
    if (f == SHARE_OTHER)
        return err_set(err, WIZ_ESYS, "cannot reach '%s': %s (error %lu)",
                       root, w32_strerror(code), (unsigned long)code);
    return err_set(err, WIZ_ENOENT, "cannot reach '%s': %s", root,
                   share_failure_text(f));
}

int share_check(const char *path, enum share_failure *why,
                struct wiz_err *err)
{
    char *root = share_root(path, NULL);

    if (!root) {
        if (why)
            *why = SHARE_BAD_PATH;
        return err_set(err, WIZ_EUSAGE, "cannot reach '%s': %s", path,
                       share_failure_text(SHARE_BAD_PATH));
    }
    /* the share's own folder: "\\srv\share\" */
    char *top = xasprintf("%s\\", root);
    wchar_t *w = w32_wide(top);
    DWORD attr = GetFileAttributesW(w);
    DWORD code = attr == INVALID_FILE_ATTRIBUTES ? GetLastError() : 0;
    int r = 0;

    free(w);
    free(top);
    /* the share's own folder not found: no such server or share */
    if (code == ERROR_PATH_NOT_FOUND || code == ERROR_FILE_NOT_FOUND)
        code = ERROR_BAD_NETPATH;
    if (attr == INVALID_FILE_ATTRIBUTES)
        r = fail(code, root, why, err);
    else if (why)
        *why = SHARE_OK;
    free(root);
    return r;
}

/* A wide copy of a secret, in locked memory; free with secret_free. */
static wchar_t *secret_wide(const char *s, size_t *bytes)
{
    wchar_t *w = w32_wide(s ? s : "");

    *bytes = (wcslen(w) + 1) * sizeof(wchar_t);
    sys_lock_memory(w, *bytes);
    return w;
}

static void secret_free(wchar_t *w, size_t bytes)
{
    if (!w)
        return;
    sys_unlock_memory(w, bytes);
    free(w);
}

int share_connect(const char *path, const char *user, const char *password,
                  enum share_failure *why, struct wiz_err *err)
{
    char *root = share_root(path, NULL);

    if (!root) {
        if (why)
            *why = SHARE_BAD_PATH;
        return err_set(err, WIZ_EUSAGE, "cannot connect '%s': %s", path,
                       share_failure_text(SHARE_BAD_PATH));
    }
    HMODULE mpr = LoadLibraryW(L"mpr.dll");
    add_connection_fn add = mpr ? (add_connection_fn)(void (*)(void))
                                  GetProcAddress(mpr, "WNetAddConnection2W")
                                : NULL;
    int r = 0;

    if (!add) {
        if (why)
            *why = SHARE_NO_NETWORK;
        r = err_set(err, WIZ_ESYS, "cannot connect '%s': this Windows has "
                    "no network client (mpr.dll): %s", root,
                    share_failure_text(SHARE_NO_NETWORK));
        goto out;
    }
    NETRESOURCEW nr;
    wchar_t *remote = w32_wide(root);
    wchar_t *wuser = user && *user ? w32_wide(user) : NULL;
    size_t pw_bytes = 0;
    wchar_t *wpw = password && *password ? secret_wide(password, &pw_bytes)
                                         : NULL;

    memset(&nr, 0, sizeof(nr));
    nr.dwType = RESOURCETYPE_DISK;
    nr.lpRemoteName = remote;
    /* no drive letter; not remembered for the next logon */
    DWORD code = add(&nr, wpw, wuser, CONNECT_TEMPORARY);

    secret_free(wpw, pw_bytes);
    free(wuser);
    free(remote);
    if (code == ERROR_ALREADY_ASSIGNED || code == ERROR_DEVICE_ALREADY_REMEMBERED)
        code = NO_ERROR;
    if (code != NO_ERROR)
        r = fail(code, root, why, err);
    else if (why)
        *why = SHARE_OK;
out:
    if (mpr)
        FreeLibrary(mpr);
    free(root);
    return r;
}

#include "w32.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/utf.h"
#include "base/xalloc.h"

wchar_t *w32_wide(const char *s)
{
    size_t n;
    unsigned char *u = utf8_to_utf16le(s, strlen(s), &n);

    return (wchar_t *)(void *)u;
}

char *w32_utf8(const wchar_t *w)
{
    return utf16le_to_utf8((const unsigned char *)w, wcslen(w) * 2, false,
                           NULL);
}

wchar_t *w32_wide_path(const char *path)
{
    char *fixed = xstrdup(path);

    for (char *p = fixed; *p; p++) {
        if (*p == '/')
            *p = '\\';
    }
    /* Long absolute drive paths get the \\?\ prefix (no 260 limit). */
    bool drive = ((fixed[0] >= 'A' && fixed[0] <= 'Z') ||
                  (fixed[0] >= 'a' && fixed[0] <= 'z')) &&
                 fixed[1] == ':' && fixed[2] == '\\';
    char *full = (drive && strlen(fixed) >= MAX_PATH - 12 &&
                  !strstr(fixed, "\\..") && !strstr(fixed, "\\.\\"))
                     ? xasprintf("\\\\?\\%s", fixed)
                     : xstrdup(fixed);
    wchar_t *w = w32_wide(full);

    free(full);
    free(fixed);
    return w;
}

const char *w32_strerror(DWORD code)
{
    static char buf[512];
    wchar_t wbuf[256];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM |
                                 FORMAT_MESSAGE_IGNORE_INSERTS,
                             NULL, code, 0, wbuf, 256, NULL);

    if (!n) {
        snprintf(buf, sizeof(buf), "Windows error %lu", (unsigned long)code);
        return buf;
    }
    while (n && (wbuf[n - 1] == L'\r' || wbuf[n - 1] == L'\n' ||
                 wbuf[n - 1] == L'.'))
        wbuf[--n] = 0;
    char *s = w32_utf8(wbuf);

    snprintf(buf, sizeof(buf), "%s", s);
    free(s);
    /* git grammar: lower-case first letter */
    if (buf[0] >= 'A' && buf[0] <= 'Z')
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

int w32_err(struct wiz_err *err, const char *what, const char *path)
{
    DWORD code = GetLastError();
    enum wiz_err_code c = (code == ERROR_FILE_NOT_FOUND ||
                           code == ERROR_PATH_NOT_FOUND)
                              ? WIZ_ENOENT
                              : WIZ_EIO;

    if (path)
        return err_set(err, c, "%s '%s': %s", what, path,
                       w32_strerror(code));
    return err_set(err, c, "%s: %s", what, w32_strerror(code));
}

long long w32_filetime_to_unix(const FILETIME *ft)
{
    unsigned long long v = ((unsigned long long)ft->dwHighDateTime << 32) |
                           ft->dwLowDateTime;

    if (v < 116444736000000000ULL)
        return 0;
    return (long long)((v - 116444736000000000ULL) / 10000000ULL);
}

FILETIME w32_unix_to_filetime(long long t)
{
    unsigned long long v = (unsigned long long)t * 10000000ULL +
                           116444736000000000ULL;
    FILETIME ft;

    ft.dwLowDateTime = (DWORD)v;
    ft.dwHighDateTime = (DWORD)(v >> 32);
    return ft;
}

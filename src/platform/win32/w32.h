#ifndef WIZ_PLATFORM_WIN32_W32_H
#define WIZ_PLATFORM_WIN32_W32_H

/* Helpers shared by the Win32 platform files (not a public header). */

#include <windows.h>

#include "base/err.h"

/* UTF-8 to a new NUL-terminated wide string; caller frees. */
wchar_t *w32_wide(const char *s);
/* Wide to a new UTF-8 string; caller frees. */
char *w32_utf8(const wchar_t *w);
/* A path made safe for long paths: "\\?\" prefix for absolute paths. */
wchar_t *w32_wide_path(const char *path);
/* The message of GetLastError() code as UTF-8 (static buffer). */
const char *w32_strerror(DWORD code);
/* err_set with the last Win32 error appended. */
int w32_err(struct wiz_err *err, const char *what, const char *path);
/* FILETIME to seconds since 1970 and back. */
long long w32_filetime_to_unix(const FILETIME *ft);
FILETIME w32_unix_to_filetime(long long t);

#endif

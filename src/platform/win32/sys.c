#include "platform/sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "base/xalloc.h"
#include "w32.h"

#include <lm.h> /* after windows.h */
#include "../common/account_os.h"
#include "../common/memlock.h"

enum sys_arch sys_host_arch(void)
{
    SYSTEM_INFO si;

    GetNativeSystemInfo(&si);
    switch (si.wProcessorArchitecture) {
    case PROCESSOR_ARCHITECTURE_INTEL:
        return SYS_ARCH_X86;
    case PROCESSOR_ARCHITECTURE_AMD64:
        return SYS_ARCH_AMD64;
#ifdef PROCESSOR_ARCHITECTURE_ARM64
    case PROCESSOR_ARCHITECTURE_ARM64:
        return SYS_ARCH_ARM64;
#endif
    default:
        return SYS_ARCH_UNKNOWN;
    }
}

bool sys_is_winpe(void)
{
    HKEY key;
    const char *forced = getenv("USMTWIZ_WINPE");

    if (forced && *forced)
        return !strcmp(forced, "1");
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE,
                      L"SYSTEM\\CurrentControlSet\\Control\\MiniNT", 0,
                      KEY_READ, &key) != ERROR_SUCCESS)
        return false;
    RegCloseKey(key);
    return true;
}

int sys_is_elevated(void)
{
    const char *forced = getenv("USMTWIZ_ELEVATED");
    HANDLE token;
    TOKEN_ELEVATION e;
    DWORD got = 0;
    int r = -1;

    if (forced && (!strcmp(forced, "1") || !strcmp(forced, "0")))
        return forced[0] == '1';
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return -1;
    if (GetTokenInformation(token, TokenElevation, &e, sizeof(e), &got))
        r = e.TokenIsElevated ? 1 : 0;
    CloseHandle(token);
    return r;
}

unsigned sys_windows_build(void)
{
    wchar_t buf[32];
    DWORD size = sizeof(buf);

    if (RegGetValueW(HKEY_LOCAL_MACHINE,
                     L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
                     L"CurrentBuildNumber", RRF_RT_REG_SZ, NULL, buf,
                     &size) != ERROR_SUCCESS)
        return 0;
    return (unsigned)wcstoul(buf, NULL, 10);
}

char sys_system_drive(void)
{
    const char *d = getenv("SystemDrive");

    if (d && ((d[0] >= 'A' && d[0] <= 'Z') || (d[0] >= 'a' && d[0] <= 'z'))
        && d[1] == ':')
        return (char)(d[0] & ~0x20);
    return 0;
}

int64_t sys_now(void)
{
    const char *fixed = getenv("USMTWIZ_NOW");
    FILETIME ft;

    if (fixed && *fixed)
        return (int64_t)strtoll(fixed, NULL, 10);
    GetSystemTimeAsFileTime(&ft);
    return w32_filetime_to_unix(&ft);
}

uint64_t sys_monotonic_ms(void)
{
    return (uint64_t)GetTickCount64();
}

void sys_sleep_ms(unsigned ms)
{
    Sleep(ms);
}

static void from_systemtime(const SYSTEMTIME *st, struct sys_tm *out)
{
    out->year = st->wYear - 1900;
    out->mon = st->wMonth - 1;
    out->mday = st->wDay;
    out->hour = st->wHour;
    out->min = st->wMinute;
    out->sec = st->wSecond;
    out->wday = st->wDayOfWeek;
}

void sys_localtime(int64_t t, struct sys_tm *out)
{
    FILETIME ft = w32_unix_to_filetime(t);
    SYSTEMTIME utc;
    SYSTEMTIME local;

    memset(out, 0, sizeof(*out));
    if (!FileTimeToSystemTime(&ft, &utc) ||
        !SystemTimeToTzSpecificLocalTime(NULL, &utc, &local))
        return;
    from_systemtime(&local, out);
    FILETIME lft;

    if (SystemTimeToFileTime(&local, &lft))
        out->utc_offset_min =
            (int)((w32_filetime_to_unix(&lft) - t) / 60);
}

void sys_utctime(int64_t t, struct sys_tm *out)
{
    FILETIME ft = w32_unix_to_filetime(t);
    SYSTEMTIME utc;

    memset(out, 0, sizeof(*out));
    if (FileTimeToSystemTime(&ft, &utc))
        from_systemtime(&utc, out);
}

/*
 * The C runtime's narrow environment is in the ANSI code page; keep a UTF-8
 * copy per name so callers get UTF-8 like everywhere else.
 */
struct env_cache {
    char *name;
    char *value;
};
static struct env_cache *env_cache;
static size_t env_cache_n;
static size_t env_cache_alloc;

const char *sys_getenv(const char *name)
{
    wchar_t *w = w32_wide(name);
    wchar_t *v = _wgetenv(w);

    free(w);
    if (!v)
        return NULL;
    char *u = w32_utf8(v);

    for (size_t i = 0; i < env_cache_n; i++) {
        if (!strcmp(env_cache[i].name, name)) {
            if (strcmp(env_cache[i].value, u)) {
                free(env_cache[i].value);
                env_cache[i].value = u;
            } else {
                free(u);
            }
            return env_cache[i].value;
        }
    }
    XGROW(env_cache, env_cache_alloc, env_cache_n + 1);
    env_cache[env_cache_n].name = xstrdup(name);
    env_cache[env_cache_n].value = u;
    return env_cache[env_cache_n++].value;
}

int sys_setenv(const char *name, const char *value)
{
    char *kv = xasprintf("%s=%s", name, value ? value : "");
    wchar_t *w = w32_wide(kv);
    int r = _wputenv(w);

    free(w);
    free(kv);
    return r == 0 ? 0 : -1;
}

char **sys_env_copy(void)
{
    wchar_t *block = GetEnvironmentStringsW();
    size_t n = 0;
    char **env;

    for (wchar_t *p = block; p && *p; p += wcslen(p) + 1)
        n++;
    env = xcalloc(n + 1, sizeof(*env));
    n = 0;
    for (wchar_t *p = block; p && *p; p += wcslen(p) + 1) {
        if (*p == L'=')
            continue;   /* the hidden "=C:=C:\..." entries */
        env[n++] = w32_utf8(p);
    }
    if (block)
        FreeEnvironmentStringsW(block);
    return env;
}


char *sys_hostname(void)
{
    wchar_t buf[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD n = MAX_COMPUTERNAME_LENGTH + 1;

    if (!GetComputerNameW(buf, &n))
        return xstrdup("localhost");
    return w32_utf8(buf);
}

static bool is_console(DWORD which)
{
    HANDLE h = GetStdHandle(which);
    DWORD mode;

    return h != INVALID_HANDLE_VALUE && GetConsoleMode(h, &mode);
}

bool sys_stdin_is_tty(void)
{
    return is_console(STD_INPUT_HANDLE);
}

bool sys_stdout_is_tty(void)
{
    return is_console(STD_OUTPUT_HANDLE);
}

int sys_read_secret(const char *prompt, char *buf, size_t size)
{
    HANDLE in = CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE,
                            FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                            OPEN_EXISTING, 0, NULL);
    HANDLE out = CreateFileW(L"CONOUT$", GENERIC_WRITE, FILE_SHARE_WRITE,
                             NULL, OPEN_EXISTING, 0, NULL);
    DWORD mode = 0;
    wchar_t w[1024];
    DWORD got = 0;
    int r = -1;

    sys_lock_memory(w, sizeof(w));
    if (in == INVALID_HANDLE_VALUE || out == INVALID_HANDLE_VALUE ||
        !GetConsoleMode(in, &mode))
        goto done;
    wchar_t *wp = w32_wide(prompt);
    DWORD written;

    WriteConsoleW(out, wp, (DWORD)wcslen(wp), &written, NULL);
    free(wp);
    SetConsoleMode(in, (mode & ~(DWORD)ENABLE_ECHO_INPUT) |
                           ENABLE_LINE_INPUT);
    BOOL ok = ReadConsoleW(in, w, 1023, &got, NULL);

    SetConsoleMode(in, mode);
    WriteConsoleW(out, L"\r\n", 2, &written, NULL);
    if (!ok)
        goto done;
    while (got && (w[got - 1] == L'\n' || w[got - 1] == L'\r'))
        got--;
    w[got] = 0;
    char *u = w32_utf8(w);
    size_t n = strlen(u);

    if (n < size) {
        memcpy(buf, u, n + 1);
        r = (int)n;
    }
    SecureZeroMemory(u, n);
    free(u);
done:
    sys_unlock_memory(w, sizeof(w));
    if (in != INVALID_HANDLE_VALUE)
        CloseHandle(in);
    if (out != INVALID_HANDLE_VALUE)
        CloseHandle(out);
    return r;
}

static volatile LONG interrupted;
static volatile LONG terminated;
static void (*restore_hook)(void);
static wchar_t *secret_path;

void sys_secret_file(const char *path)
{
    free(secret_path);
    secret_path = path ? w32_wide_path(path) : NULL;
}

/* Overwrite the named key file with zeros, remove it and its empty folder. */
static void wipe_secret_file(void)
{
    static const char zeros[512];
    HANDLE h;
    LARGE_INTEGER size;

    if (!secret_path)
        return;
    h = CreateFileW(secret_path, GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                    FILE_ATTRIBUTE_NORMAL, NULL);
    if (h != INVALID_HANDLE_VALUE) {
        if (GetFileSizeEx(h, &size)) {
            for (LONGLONG left = size.QuadPart; left > 0;) {
                DWORD n = left < (LONGLONG)sizeof(zeros) ? (DWORD)left
                                                          : sizeof(zeros);
                DWORD w = 0;

                if (!WriteFile(h, zeros, n, &w, NULL) || !w)
                    break;
                left -= w;
            }
            FlushFileBuffers(h);
        }
        CloseHandle(h);
    }
    DeleteFileW(secret_path);
    wchar_t *sep = wcsrchr(secret_path, L'\\');

    if (sep) {
        *sep = 0;
        RemoveDirectoryW(secret_path);  /* only when empty */
    }
    free(secret_path);
    secret_path = NULL;
}

static BOOL WINAPI on_console_ctrl(DWORD type)
{
    switch (type) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
        InterlockedExchange(&interrupted, 1);
        return TRUE;
    case CTRL_CLOSE_EVENT:
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
        InterlockedExchange(&interrupted, 1);
        InterlockedExchange(&terminated, 1);
        wipe_secret_file();
        if (restore_hook)
            restore_hook();
        return FALSE;
    default:
        return FALSE;
    }
}

static LONG WINAPI on_crash(EXCEPTION_POINTERS *info)
{
    (void)info;
    wipe_secret_file();
    if (restore_hook)
        restore_hook();
    return EXCEPTION_CONTINUE_SEARCH;
}

void sys_signals_install(void (*restore)(void))
{
    restore_hook = restore;
    SetConsoleCtrlHandler(on_console_ctrl, TRUE);
    SetUnhandledExceptionFilter(on_crash);
}

bool sys_interrupted(void)
{
    return InterlockedCompareExchange(&interrupted, 0, 0) != 0;
}

void sys_interrupt_clear(void)
{
    InterlockedExchange(&interrupted, 0);
}

bool sys_terminated(void)
{
    return InterlockedCompareExchange(&terminated, 0, 0) != 0;
}

void sys_signals_ending(void)
{
}

bool sys_stdin_is_gone(void)
{
    /* a closed console ends the process (CTRL_CLOSE_EVENT) */
    return false;
}

void sys_startup(int *argc, char ***argv)
{
    int n = 0;
    wchar_t **w = CommandLineToArgvW(GetCommandLineW(), &n);
    char **out;

    SetConsoleOutputCP(CP_UTF8);
    SetConsoleCP(CP_UTF8);
    if (!w || n < 1)
        return;
    /* lives as long as the program, like the C runtime's argv */
    out = xcalloc((size_t)n + 1, sizeof(*out));
    for (int i = 0; i < n; i++)
        out[i] = w32_utf8(w[i]);
    LocalFree(w);
    *argc = n;
    *argv = out;
}

bool sys_console_is_unicode(void)
{
    /* the wizard draws through the console's wide-character API */
    return true;
}

/* The console's input, as curses opens it; NULL without a console. */
static HANDLE console_input(void)
{
    static HANDLE in;
    static bool tried;
    DWORD mode;

    if (!tried) {
        tried = true;
        in = CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE,
                         FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                         OPEN_EXISTING, 0, NULL);
        if (in == INVALID_HANDLE_VALUE || !GetConsoleMode(in, &mode)) {
            if (in != INVALID_HANDLE_VALUE)
                CloseHandle(in);
            in = NULL;
        }
    }
    return in;
}

static bool is_key_press(const INPUT_RECORD *r)
{
    return r->EventType == KEY_EVENT && r->Event.KeyEvent.bKeyDown;
}

static bool is_bare_esc(const INPUT_RECORD *r)
{
    return is_key_press(r) &&
           r->Event.KeyEvent.wVirtualKeyCode == VK_ESCAPE &&
           r->Event.KeyEvent.uChar.UnicodeChar == 0;
}

int sys_console_key_wait(int timeout_ms)
{
    HANDLE in = console_input();
    ULONGLONG start = GetTickCount64();

    if (!in)
        return -1;
    for (;;) {
        INPUT_RECORD r[64];
        DWORD n = 0, got = 0, i = 0;
        bool bare = false;

        if (!PeekConsoleInputW(in, r, 64, &n))
            return -1;
        while (i < n && !is_key_press(&r[i]))
            i++;
        if (i > 0) {
            /* curses would read and drop them, and wait on */
            if (!ReadConsoleInputW(in, r, i, &got))
                return -1;
            continue;
        }
        for (i = 0; i < n; i++)
            bare |= is_bare_esc(&r[i]);
        if (bare && ReadConsoleInputW(in, r, n, &got)) {
            for (i = 0; i < got; i++)
                if (is_bare_esc(&r[i]))
                    r[i].Event.KeyEvent.uChar.UnicodeChar = 27;
            if (!WriteConsoleInputW(in, r, got, &n))
                return -1;
        }
        if (n > 0)
            return 1;
        ULONGLONG spent = GetTickCount64() - start;
        DWORD left = INFINITE;

        if (timeout_ms >= 0) {
            if (spent >= (ULONGLONG)timeout_ms)
                return 0;
            left = (DWORD)((ULONGLONG)timeout_ms - spent);
        }
        if (WaitForSingleObject(in, left) == WAIT_FAILED)
            return -1;
    }
}

size_t memlock_os_page_size(void)
{
    SYSTEM_INFO si;

    GetSystemInfo(&si);
    return si.dwPageSize ? (size_t)si.dwPageSize : 4096;
}

/* Room for more locked pages: grow the working set by 64 pages. */
static BOOL grow_working_set(void)
{
    SIZE_T lo = 0;
    SIZE_T hi = 0;
    SIZE_T more = 64 * memlock_os_page_size();
    HANDLE self = GetCurrentProcess();

    if (!GetProcessWorkingSetSize(self, &lo, &hi))
        return FALSE;
    return SetProcessWorkingSetSize(self, lo + more, hi + more);
}

int memlock_os_lock(void *start, size_t len, char *why, size_t why_size)
{
    if (VirtualLock(start, len))
        return 0;
    if (GetLastError() == ERROR_WORKING_SET_QUOTA && grow_working_set() &&
        VirtualLock(start, len))
        return 0;
    snprintf(why, why_size, "%s", w32_strerror(GetLastError()));
    return -1;
}

void memlock_os_unlock(void *start, size_t len)
{
    VirtualUnlock(start, len);
}

void memlock_os_wipe(void *p, size_t n)
{
    SecureZeroMemory(p, n);
}

/*
 * NetUserSetInfo level 1003 sets the password; level 1008 writes the
 * account's flags, read first (level 1), without UF_ACCOUNTDISABLE.
 * netapi32.dll is loaded when needed, not imported: Windows PE, where the
 * same program captures, does not have to provide it.
 */
typedef NET_API_STATUS(WINAPI *net_set_fn)(LPCWSTR, LPCWSTR, DWORD, LPBYTE,
                                           LPDWORD);
typedef NET_API_STATUS(WINAPI *net_get_fn)(LPCWSTR, LPCWSTR, DWORD,
                                           LPBYTE *);
typedef NET_API_STATUS(WINAPI *net_free_fn)(LPVOID);

int account_os_set_password(const char *user, const char *password,
                            struct wiz_err *err)
{
    HMODULE net = LoadLibraryW(L"netapi32.dll");
    net_set_fn set = NULL;
    net_get_fn get = NULL;
    net_free_fn nfree = NULL;

    if (net) {
        set = (net_set_fn)(void (*)(void))GetProcAddress(net,
                                                          "NetUserSetInfo");
        get = (net_get_fn)(void (*)(void))GetProcAddress(net,
                                                          "NetUserGetInfo");
        nfree = (net_free_fn)(void (*)(void))GetProcAddress(
            net, "NetApiBufferFree");
    }
    if (!set || !get || !nfree) {
        if (net)
            FreeLibrary(net);
        return err_set(err, WIZ_ESYS, "cannot set the password of account "
                       "'%s': netapi32.dll is not there", user);
    }

    wchar_t *wu = w32_wide(user);
    wchar_t *wp = w32_wide(password);
    size_t wl = wcslen(wp);
    USER_INFO_1003 pw;
    USER_INFO_1 *ui = NULL;
    DWORD bad = 0;
    NET_API_STATUS st;
    int r = 0;

    sys_lock_memory(wp, (wl + 1) * sizeof(wchar_t));
    pw.usri1003_password = wp;
    st = set(NULL, wu, 1003, (LPBYTE)&pw, &bad);
    if (st != NERR_Success) {
        r = err_set(err, WIZ_ESYS, "cannot set the password of account "
                    "'%s' (NetUserSetInfo: %s)", user,
                    w32_strerror((DWORD)st));
    } else {
        st = get(NULL, wu, 1, (LPBYTE *)&ui);
        if (st == NERR_Success) {
            USER_INFO_1008 fl;

            fl.usri1008_flags = ui->usri1_flags & ~(DWORD)UF_ACCOUNTDISABLE;
            nfree(ui);
            st = set(NULL, wu, 1008, (LPBYTE)&fl, &bad);
        }
        if (st != NERR_Success)
            r = err_set(err, WIZ_ESYS, "the password of account '%s' is "
                        "set but the account cannot be enabled (%s)", user,
                        w32_strerror((DWORD)st));
    }
    sys_wipe(wp, (wl + 1) * sizeof(wchar_t));
    sys_unlock_memory(wp, (wl + 1) * sizeof(wchar_t));
    free(wp);
    free(wu);
    FreeLibrary(net);
    return r;
}

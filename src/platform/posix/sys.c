#define _GNU_SOURCE
#include "platform/sys.h"

#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <termios.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "../common/account_os.h"
#include "../common/memlock.h"

extern char **environ;

enum sys_arch sys_host_arch(void)
{
    const char *forced = getenv("USMTWIZ_HOST_ARCH");
    struct utsname u;

    if (forced && *forced) {
        if (!strcmp(forced, "x86"))
            return SYS_ARCH_X86;
        if (!strcmp(forced, "amd64"))
            return SYS_ARCH_AMD64;
        if (!strcmp(forced, "arm64"))
            return SYS_ARCH_ARM64;
    }
    if (uname(&u) < 0)
        return SYS_ARCH_UNKNOWN;
    if (!strcmp(u.machine, "x86_64"))
        return SYS_ARCH_AMD64;
    if (!strcmp(u.machine, "aarch64") || !strcmp(u.machine, "arm64"))
        return SYS_ARCH_ARM64;
    if (u.machine[0] == 'i' && !strcmp(u.machine + 2, "86"))
        return SYS_ARCH_X86;
    return SYS_ARCH_UNKNOWN;
}

bool sys_is_winpe(void)
{
    const char *v = getenv("USMTWIZ_WINPE");

    return v && !strcmp(v, "1");
}

int sys_is_elevated(void)
{
    const char *v = getenv("USMTWIZ_ELEVATED");

    if (v && (!strcmp(v, "1") || !strcmp(v, "0")))
        return v[0] == '1';
    return -1;
}

unsigned sys_windows_build(void)
{
    return 0;
}

char sys_system_drive(void)
{
    return 0;
}

int64_t sys_now(void)
{
    const char *fixed = getenv("USMTWIZ_NOW");

    if (fixed && *fixed)
        return (int64_t)strtoll(fixed, NULL, 10);
    return (int64_t)time(NULL);
}

uint64_t sys_monotonic_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void sys_sleep_ms(unsigned ms)
{
    struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static void from_tm(const struct tm *tm, struct sys_tm *out)
{
    out->year = tm->tm_year;
    out->mon = tm->tm_mon;
    out->mday = tm->tm_mday;
    out->hour = tm->tm_hour;
    out->min = tm->tm_min;
    out->sec = tm->tm_sec;
    out->wday = tm->tm_wday;
}

void sys_localtime(int64_t t, struct sys_tm *out)
{
    time_t tt = (time_t)t;
    struct tm tm;

    memset(out, 0, sizeof(*out));
    if (!localtime_r(&tt, &tm))
        return;
    from_tm(&tm, out);
    out->utc_offset_min = (int)(tm.tm_gmtoff / 60);
}

void sys_utctime(int64_t t, struct sys_tm *out)
{
    time_t tt = (time_t)t;
    struct tm tm;

    memset(out, 0, sizeof(*out));
    if (!gmtime_r(&tt, &tm))
        return;
    from_tm(&tm, out);
}

const char *sys_getenv(const char *name)
{
    return getenv(name);
}

int sys_setenv(const char *name, const char *value)
{
    if (!value)
        return unsetenv(name) < 0 ? -1 : 0;
    return setenv(name, value, 1) < 0 ? -1 : 0;
}

char **sys_env_copy(void)
{
    size_t n = 0;

    while (environ && environ[n])
        n++;
    char **env = xcalloc(n + 1, sizeof(*env));

    for (size_t i = 0; i < n; i++)
        env[i] = xstrdup(environ[i]);
    return env;
}


char *sys_hostname(void)
{
    char buf[256];

    if (gethostname(buf, sizeof(buf)) < 0)
        return xstrdup("localhost");
    buf[sizeof(buf) - 1] = '\0';
    return xstrdup(buf);
}

bool sys_stdin_is_tty(void)
{
    return isatty(STDIN_FILENO);
}

bool sys_stdout_is_tty(void)
{
    return isatty(STDOUT_FILENO);
}

int sys_read_secret(const char *prompt, char *buf, size_t size)
{
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    struct termios old;
    struct termios quiet;
    size_t n = 0;
    int r = -1;

    if (fd < 0 || size == 0)
        goto out;
    if (write(fd, prompt, strlen(prompt)) < 0 || tcgetattr(fd, &old) < 0)
        goto out;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    quiet.c_lflag |= ICANON;
    if (tcsetattr(fd, TCSAFLUSH, &quiet) < 0)
        goto out;
    for (;;) {
        char c;
        ssize_t got = read(fd, &c, 1);

        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || c == '\n' || c == '\r')
            break;
        if (n + 1 >= size) {
            n = size;   /* too long: refuse rather than cut a key */
            continue;
        }
        buf[n++] = c;
    }
    tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) {
        /* nothing to do: the terminal went away */
    }
    if (n < size) {
        buf[n] = '\0';
        r = (int)n;
    } else {
        memset(buf, 0, size);
    }
out:
    if (fd >= 0)
        close(fd);
    return r;
}

static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t terminated;
static void (*restore_hook)(void);

static void on_interrupt(int sig)
{
    interrupted = 1;
    if (sig != SIGINT)
        terminated = 1;
}

/* The key file to wipe on a crash; "" when none. */
static char secret_path[4096];

void sys_secret_file(const char *path)
{
    if (!path || strlen(path) >= sizeof(secret_path)) {
        secret_path[0] = '\0';
        return;
    }
    memcpy(secret_path, path, strlen(path) + 1);
}

/* Async-signal-safe: open, write, fsync, unlink and rmdir only. */
static void wipe_secret_file(void)
{
    static const char zeros[512];
    static char parent[sizeof(secret_path)];
    struct stat st;
    int fd;

    if (!secret_path[0])
        return;
    fd = open(secret_path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
        if (fstat(fd, &st) == 0) {
            for (off_t left = st.st_size; left > 0;) {
                size_t n = left < (off_t)sizeof(zeros) ? (size_t)left
                                                       : sizeof(zeros);
                ssize_t w = write(fd, zeros, n);

                if (w <= 0)
                    break;
                left -= w;
            }
            fsync(fd);
        }
        close(fd);
    }
    unlink(secret_path);
    size_t cut = 0;

    for (size_t i = 0; secret_path[i]; i++) {
        parent[i] = secret_path[i];
        if (secret_path[i] == '/')
            cut = i;
    }
    if (cut > 0) {
        parent[cut] = '\0';
        rmdir(parent);  /* only when empty */
    }
    secret_path[0] = '\0';
}

static void on_fatal(int sig)
{
    wipe_secret_file();
    if (restore_hook)
        restore_hook();
    signal(sig, SIG_DFL);
    raise(sig);
}

void sys_signals_install(void (*restore)(void))
{
    static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
    struct sigaction sa;

    restore_hook = restore;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_interrupt;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_fatal;
    sa.sa_flags = (int)SA_RESETHAND;
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
        struct sigaction old;

        /* leave a sanitizer's own handler in place */
        if (sigaction(fatal[i], NULL, &old) == 0 &&
            old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN)
            continue;
        sigaction(fatal[i], &sa, NULL);
    }
}

bool sys_interrupted(void)
{
    return interrupted != 0;
}

void sys_interrupt_clear(void)
{
    interrupted = 0;
}

bool sys_terminated(void)
{
    return terminated != 0;
}

void sys_signals_ending(void)
{
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
}

bool sys_stdin_is_gone(void)
{
    struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

    if (poll(&p, 1, 0) < 0)
        return false;
    return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

void sys_startup(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

bool sys_console_is_unicode(void)
{
    return false;
}

int sys_console_key_wait(int timeout_ms)
{
    /* a terminal sends bytes, not key records: curses waits itself */
    (void)timeout_ms;
    return -1;
}

size_t memlock_os_page_size(void)
{
    static size_t page;

    if (!page) {
        long pg = sysconf(_SC_PAGESIZE);

        page = pg > 0 ? (size_t)pg : 4096;
    }
    return page;
}

int memlock_os_lock(void *start, size_t len, char *why, size_t why_size)
{
    if (mlock(start, len) < 0) {
        snprintf(why, why_size, "%s%s", strerror(errno),
                 errno == ENOMEM || errno == EPERM ?
                 ", see RLIMIT_MEMLOCK (ulimit -l)" : "");
        return -1;
    }
#ifdef MADV_DONTDUMP
    /* not fatal: the pages are locked even when a dump could show them */
    (void)madvise(start, len, MADV_DONTDUMP);
#endif
    return 0;
}

void memlock_os_unlock(void *start, size_t len)
{
#ifdef MADV_DODUMP
    (void)madvise(start, len, MADV_DODUMP);
#endif
    (void)munlock(start, len);
}

/*
 * memset through a volatile pointer, then a compiler barrier that claims
 * to read the memory: the stores cannot be proven dead and dropped.
 */
static void *(*const volatile wipe_memset)(void *, int, size_t) = memset;

void memlock_os_wipe(void *p, size_t n)
{
    wipe_memset(p, 0, n);
#if defined(__GNUC__) || defined(__clang__)
    __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

void *sys_lib_symbol(const char *lib, const char *name, char *why,
                     size_t why_size)
{
    /* one library at a time is all usmtwiz loads this way */
    static void *handle;
    static char *loaded;
    void *p;

    if (!handle || strcmp(loaded, lib) != 0) {
        void *h = dlopen(lib, RTLD_NOW | RTLD_GLOBAL);

        if (!h) {
            const char *e = dlerror();

            snprintf(why, why_size, "%s", e ? e : lib);
            return NULL;
        }
        free(loaded);
        loaded = xstrdup(lib);
        handle = h;
    }
    dlerror();
    p = dlsym(handle, name);
    if (!p)
        snprintf(why, why_size, "%s has no '%s'", lib, name);
    return p;
}

int account_os_set_password(const char *user, const char *password,
                            struct wiz_err *err)
{
    (void)password;
    return err_set(err, WIZ_ESYS, "cannot set the password of account "
                   "'%s': setting a Windows account's password needs "
                   "Windows (a practice new PC records it instead)", user);
}

#ifndef WIZ_PLATFORM_SYS_H
#define WIZ_PLATFORM_SYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The machine we run on: clocks, environment, architecture, WinPE, signals. */

enum sys_arch { SYS_ARCH_UNKNOWN, SYS_ARCH_X86, SYS_ARCH_AMD64,
                SYS_ARCH_ARM64 };

/* "x86", "amd64", "arm64" or "unknown". */
const char *sys_arch_name(enum sys_arch arch);
enum sys_arch sys_host_arch(void);
/*
 * Running inside Windows PE?  Win32: the MiniNT control key exists.
 * Elsewhere: USMTWIZ_WINPE=1 in the environment (for tests and labs).
 */
bool sys_is_winpe(void);
/*
 * Does this process run with administrator rights (elevated)?  1 yes, 0
 * no, -1 not known.  USMTWIZ_ELEVATED=1 or 0 forces the answer (tests,
 * labs).  Win32: the token's elevation.  Elsewhere -1: a practice new PC
 * has no administrators to ask about.
 */
int sys_is_elevated(void);
/*
 * The running Windows, for a restore on this machine: its build number
 * (CurrentBuildNumber, 0 unknown) and its system drive letter ('C', 0
 * unknown).  Elsewhere 0: this machine runs no Windows.
 */
unsigned sys_windows_build(void);
char sys_system_drive(void);
/*
 * First call of every program: make the arguments UTF-8.  Win32 replaces
 * *argv with the wide command line converted to UTF-8 (the C runtime's
 * argv is in the ANSI code page and loses other characters) and sets the
 * console to UTF-8 output.  POSIX: nothing to do.
 */
void sys_startup(int *argc, char ***argv);
/* Does the console show any Unicode character whatever the locale says? */
bool sys_console_is_unicode(void);
/*
 * Before curses reads a key from a console of key records (Windows): wait
 * up to timeout_ms (-1: no limit) until a key press is first in the
 * console's input, dropping the records before it that make no key (key
 * releases, focus, mouse), and give an Esc press that comes without its
 * character (as wine's console sends it; Windows sends 27) its character,
 * which the console driver of curses would otherwise drop.  Returns 1
 * when a key press is waiting, 0 after the timeout, -1 where keys are not
 * console records (POSIX: curses waits itself).
 */
int sys_console_key_wait(int timeout_ms);

/* Seconds since 1970 UTC. */
int64_t sys_now(void);
/* Milliseconds from an arbitrary start; never goes back. */
uint64_t sys_monotonic_ms(void);
void sys_sleep_ms(unsigned ms);
/*
 * Broken-down local time of t with the offset from UTC in minutes
 * (east positive).  Fields as struct tm: year since 1900, month 0-11.
 */
struct sys_tm {
    int year, mon, mday, hour, min, sec, wday;
    int utc_offset_min;
};
void sys_localtime(int64_t t, struct sys_tm *out);
void sys_utctime(int64_t t, struct sys_tm *out);

/* Borrowed; NULL when unset. */
const char *sys_getenv(const char *name);
int sys_setenv(const char *name, const char *value);
/*
 * The whole environment as a new NULL-terminated array of new "K=V"
 * strings; free with sys_env_free.
 */
char **sys_env_copy(void);
void sys_env_free(char **env);

/* Host name of the running system (WinPE: MINWINPC-style); caller frees. */
char *sys_hostname(void);
bool sys_stdin_is_tty(void);
/*
 * Ask for a secret on the terminal without echo: prompt goes to the
 * terminal, the answer (without the line end) into buf.  Returns its
 * length, or -1 when there is no terminal or the input was cut off.  The
 * caller zeroes buf after use.
 */
int sys_read_secret(const char *prompt, char *buf, size_t size);
/* Read one line from standard input (no line end); -1 at end of input. */
int sys_read_line(char *buf, size_t size);
bool sys_stdout_is_tty(void);

/*
 * Signals and console control.  SIGINT, SIGTERM and SIGHUP (Win32: console
 * control events) set a flag read with sys_interrupted().  Fatal signals
 * call restore (the UI's terminal restore), then re-raise.
 */
void sys_signals_install(void (*restore)(void));
bool sys_interrupted(void);
void sys_interrupt_clear(void);
/*
 * SIGTERM or SIGHUP (Win32: the console closing, logoff, shutdown) arrived:
 * the program is asked to end, not to confirm anything.  Never cleared;
 * the same signals also set sys_interrupted().
 */
bool sys_terminated(void);
/*
 * The program is ending: from now on SIGINT, SIGTERM and SIGHUP are
 * ignored (a hangup arriving during exit, or while a leak checker stops
 * the process, changes nothing).  Win32: nothing to do.
 */
void sys_signals_ending(void);
/*
 * The terminal on standard input is gone (hung up, closed): reads will
 * only ever return end of file.
 */
bool sys_stdin_is_gone(void);

/*
 * Secrets in memory (the encryption key).  sys_lock_memory keeps the pages
 * holding the n bytes at p in RAM, so they never reach the swap or
 * hibernation file, and out of core dumps where the system can (POSIX:
 * mlock and MADV_DONTDUMP; Win32: VirtualLock).  Buffers sharing a page
 * may be locked and unlocked in any order: a page stays locked while any
 * locked buffer touches it.  Returns 0, or -1 when the system refused
 * (RLIMIT_MEMLOCK, working-set quota, too many buffers): not fatal, the
 * caller goes on with the buffer as it is; the first refusal is logged
 * with its reason and size, never the contents.  One thread only.
 */
int sys_lock_memory(void *p, size_t n);
/*
 * Zero the n bytes at p (a store the compiler cannot drop), then end the
 * lock sys_lock_memory took on the buffer starting at p.  A buffer that
 * was never locked (or whose lock was refused) is only zeroed.
 */
void sys_unlock_memory(void *p, size_t n);
/* Zero n bytes at p in a way the compiler cannot remove as a dead store. */
void sys_wipe(void *p, size_t n);
/* Buffers currently locked through sys_lock_memory (for tests). */
size_t sys_locked_buffers(void);
/*
 * Name the file that holds the key while scanstate runs (NULL: none; one
 * file at a time; a path too long to keep is ignored).  When the program
 * dies on a fatal signal (Win32: an unhandled exception, or the console
 * being closed) while a file is named, the handler overwrites it with
 * zeros, removes it, and removes its folder when that is then empty.
 */
void sys_secret_file(const char *path);

/*
 * The address of the function or variable name in the shared library lib
 * (a file name the loader finds, "libxml2.so.2"), the library loaded the
 * first time it is asked for and kept.  NULL with the reason in why.  POSIX
 * only: the Windows build links its libraries in.
 */
void *sys_lib_symbol(const char *lib, const char *name, char *why,
                     size_t why_size);

/*
 * Give the local account user a password and enable it: the safe half of
 * loadstate's /lac, whose password would otherwise be on loadstate's
 * command line.  practice_dir NULL: this machine (Win32: NetUserSetInfo
 * level 1003, then level 1008 without UF_ACCOUNTDISABLE; elsewhere
 * WIZ_ESYS "needs Windows").  practice_dir non-NULL, a practice new PC's
 * Windows volume (for us): nothing here changes; the line
 * "user<TAB>password set<TAB>enabled" is appended to
 * practice_dir/Windows/SYS_PRACTICE_ACCOUNTS, never the password.
 * 0, or -1 with err, which never holds the password.
 */
struct wiz_err;

#define SYS_PRACTICE_ACCOUNTS "usmtwiz-practice-accounts.txt"
int sys_account_set_password(const char *practice_dir, const char *user,
                             const char *password, struct wiz_err *err);

#endif

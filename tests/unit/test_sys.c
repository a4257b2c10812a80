/*
 * Secrets in locked memory (platform/sys.h): the pages are reported locked
 * by the kernel (VmLck in /proc/self/status) and kept out of core dumps
 * (the "dd" flag in /proc/self/smaps), shared pages stay locked while a
 * buffer needs them, buffers are zero after the unlock, and a refusal
 * (RLIMIT_MEMLOCK) is not fatal and is logged without the secret.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "core/plan/keyfile.h"
#include "core/plan/plan.h"
#include "platform/fs.h"
#include "platform/sys.h"
#include "../support/testlib.h"

/* The sanitizer runtimes replace mlock with a no-op that succeeds. */
#if defined(__SANITIZE_ADDRESS__)
#define MLOCK_IS_NOOP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MLOCK_IS_NOOP 1
#endif
#endif
#ifndef MLOCK_IS_NOOP
#define MLOCK_IS_NOOP 0
#endif

#define SECRET "hunter2-correct-horse"

static size_t page(void)
{
    return (size_t)sysconf(_SC_PAGESIZE);
}

/* Locked memory of this process in kB, as the kernel counts it. */
static long vmlck_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;

    assert_non_null(f);
    while (fgets(line, sizeof(line), f)) {
        if (!strncmp(line, "VmLck:", 6))
            kb = strtol(line + 6, NULL, 10);
    }
    fclose(f);
    assert_true(kb >= 0);
    return kb;
}

/* Is the mapping holding addr marked "do not dump" (VmFlags dd)? */
static bool is_dontdump(const void *addr)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[512];
    bool inside = false;
    bool dd = false;
    uintptr_t a = (uintptr_t)addr;

    assert_non_null(f);
    while (fgets(line, sizeof(line), f)) {
        unsigned long lo;
        unsigned long hi;

        /* a mapping's first line: "lo-hi perms ..."; field lines fail */
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
            inside = a >= lo && a < hi;
            continue;
        }
        if (inside && !strncmp(line, "VmFlags:", 8)) {
            dd = strstr(line, " dd") != NULL;
            break;
        }
    }
    fclose(f);
    return dd;
}

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i])
            return false;
    }
    return true;
}

static void test_sys_lock_memory_pages_locked_and_undumpable(void **state)
{
    size_t pg = page();
    unsigned char *buf = aligned_alloc(pg, 4 * pg);
    long before;

    (void)state;
    assert_non_null(buf);
    memset(buf, 'k', 4 * pg);
    before = vmlck_kb();
    /* 20 bytes across a page boundary: two pages */
    assert_int_equal(sys_lock_memory(buf + pg - 10, 20), 0);
    assert_int_equal(sys_locked_buffers(), 1);
    if (MLOCK_IS_NOOP) {
        print_message("note: built with a sanitizer, whose runtime makes "
                      "mlock a no-op: VmLck not checked\n");
    } else {
        assert_int_equal(vmlck_kb(), before + (long)(2 * pg / 1024));
        assert_true(is_dontdump(buf + pg - 10));
        assert_true(is_dontdump(buf + pg + 9));
    }
    sys_unlock_memory(buf + pg - 10, 20);
    assert_int_equal(sys_locked_buffers(), 0);
    assert_int_equal(vmlck_kb(), before);
    /* exactly the 20 bytes are wiped, nothing around them */
    assert_true(all_zero(buf + pg - 10, 20));
    assert_int_equal(buf[pg - 11], 'k');
    assert_int_equal(buf[pg + 10], 'k');
    if (!MLOCK_IS_NOOP)
        assert_false(is_dontdump(buf + pg));
    free(buf);
}

static void test_sys_lock_memory_shared_page_stays_locked(void **state)
{
    size_t pg = page();
    unsigned char *buf = aligned_alloc(pg, pg);
    long before;

    (void)state;
    assert_non_null(buf);
    memcpy(buf, SECRET, sizeof(SECRET));
    memcpy(buf + 100, SECRET, sizeof(SECRET));
    before = vmlck_kb();
    assert_int_equal(sys_lock_memory(buf, sizeof(SECRET)), 0);
    assert_int_equal(sys_lock_memory(buf + 100, sizeof(SECRET)), 0);
    assert_int_equal(sys_locked_buffers(), 2);
    if (!MLOCK_IS_NOOP)
        assert_int_equal(vmlck_kb(), before + (long)(pg / 1024));
    /* the first buffer goes: the page is still needed by the second */
    sys_unlock_memory(buf, sizeof(SECRET));
    assert_true(all_zero(buf, sizeof(SECRET)));
    assert_memory_equal(buf + 100, SECRET, sizeof(SECRET));
    assert_int_equal(sys_locked_buffers(), 1);
    if (!MLOCK_IS_NOOP)
        assert_int_equal(vmlck_kb(), before + (long)(pg / 1024));
    sys_unlock_memory(buf + 100, sizeof(SECRET));
    assert_true(all_zero(buf + 100, sizeof(SECRET)));
    assert_int_equal(sys_locked_buffers(), 0);
    assert_int_equal(vmlck_kb(), before);
    free(buf);
}

static void test_sys_unlock_memory_unlocked_buffer_only_wiped(void **state)
{
    char a[64];
    char b[64];

    (void)state;
    memcpy(a, SECRET, sizeof(SECRET));
    memcpy(b, SECRET, sizeof(SECRET));
    assert_int_equal(sys_lock_memory(b, sizeof(b)), 0);
    /* a was never locked: zeroed, and b keeps its lock */
    sys_unlock_memory(a, sizeof(a));
    assert_true(all_zero((unsigned char *)a, sizeof(a)));
    assert_int_equal(sys_locked_buffers(), 1);
    sys_wipe(b, 4);
    assert_true(all_zero((unsigned char *)b, 4));
    assert_int_equal(b[4], SECRET[4]);
    sys_unlock_memory(b, sizeof(b));
    assert_int_equal(sys_locked_buffers(), 0);
    assert_true(all_zero((unsigned char *)b, sizeof(b)));
}

/*
 * With RLIMIT_MEMLOCK at 0 (and, as root, without the privilege that
 * ignores it) the lock is refused: -1, the program goes on, the log says
 * why without the secret.  In a child, so the limits stay there.
 */
static void test_sys_lock_memory_refused_logged(void **state)
{
    struct rlimit none = { 0, 0 };
    char *dir;
    char *log;
    char *data;
    size_t len;
    pid_t pid;
    int status;

    (void)state;
    if (MLOCK_IS_NOOP) {
        print_message("note: sanitizer build, mlock cannot fail: skipped\n");
        skip();
        return;
    }
    dir = test_tmpdir("memlock");
    log = fs_join(dir, "wiz.log");
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        static char secret[64] = SECRET;
        struct wiz_err err;
        int r;

        if (log_open(log, &err) < 0 || setrlimit(RLIMIT_MEMLOCK, &none) < 0)
            _exit(10);
        /* the child's copies: freed so that leak checkers stay quiet */
        free(log);
        free(dir);
        if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
            _exit(11);
        r = sys_lock_memory(secret, sizeof(secret));
        sys_unlock_memory(secret, sizeof(secret));
        log_close();
        if (r != -1)
            _exit(12);
        if (sys_locked_buffers() != 0)
            _exit(13);
        _exit(all_zero((unsigned char *)secret, sizeof(secret)) ? 0 : 14);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(fs_read_file(log, 65536, &data, &len, NULL), 0);
    assert_non_null(strstr(data, "cannot lock 64 bytes of secret memory"));
    assert_non_null(strstr(data, "RLIMIT_MEMLOCK"));
    assert_null(strstr(data, SECRET));
    free(data);
    free(log);
    test_tmpdir_remove(dir);
}

/* The plan's key and the key read back from a key file live locked. */
static void test_sys_plan_key_locked_until_release(void **state)
{
    struct plan plan;
    long before = vmlck_kb();

    (void)state;
    plan_init(&plan);
    plan_set_key(&plan, SECRET);
    assert_int_equal(sys_locked_buffers(), 1);
    if (!MLOCK_IS_NOOP)
        assert_true(vmlck_kb() > before);
    /* a new key replaces the old lock, it does not add one */
    plan_set_key(&plan, SECRET "2");
    assert_int_equal(sys_locked_buffers(), 1);
    assert_string_equal(plan.key, SECRET "2");
    char *confirm = plan_secret_dup(SECRET);

    assert_int_equal(sys_locked_buffers(), 2);
    plan_secret_free(confirm);
    plan_release(&plan);
    assert_null(plan.key);
    assert_int_equal(sys_locked_buffers(), 0);
    assert_int_equal(vmlck_kb(), before);
}

/* A crash while scanstate runs still wipes and removes the key file. */
static void test_sys_secret_file_wiped_on_fatal_signal(void **state)
{
    char *path = NULL;
    char *dir;
    struct wiz_err err;
    pid_t pid;
    int status;

    (void)state;
    assert_int_equal(keyfile_create_temp(SECRET, &path, &err), 0);
    assert_true(fs_exists(path));
    dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* cmocka catches SIGABRT itself: give it back to us */
        signal(SIGABRT, SIG_DFL);
        sys_signals_install(NULL);
        sys_secret_file(path);
        abort();
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_false(fs_exists(path));
    assert_false(fs_exists(dir));
    /* cleared: a crash leaves an unnamed file alone */
    free(path);
    free(dir);
    assert_int_equal(keyfile_create_temp(SECRET, &path, &err), 0);
    dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGABRT, SIG_DFL);
        sys_signals_install(NULL);
        sys_secret_file(path);
        sys_secret_file(NULL);
        abort();
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_true(fs_exists(path));
    assert_int_equal(keyfile_wipe(path, &err), 0);
    assert_false(fs_exists(dir));
    free(dir);
    free(path);
}

/* The password of an account /lac created: on this machine only Windows
 * sets it; on a practice new PC the fact is recorded, never the password. */
static void test_sys_account_password_practice(void **state)
{
    (void)state;
    char *root = test_tmpdir("acct");
    char *path = xasprintf("%s/Windows/%s", root, SYS_PRACTICE_ACCOUNTS);
    struct wiz_err err;
    char *data;
    size_t len;

    assert_int_equal(sys_account_set_password(NULL, "anna", "Pw-9x!", &err),
                     -1);
    assert_int_equal(err.code, WIZ_ESYS);
    assert_null(strstr(err.msg, "Pw-9x!"));
    assert_false(fs_exists(path));
    assert_int_equal(sys_account_set_password(root, "an\\na", "Pw-9x!",
                                              &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    assert_int_equal(sys_account_set_password(root, "anna", "", &err), -1);
    assert_false(fs_exists(path));
    assert_int_equal(sys_account_set_password(root, "anna", "Pw-9x!", &err),
                     0);
    assert_int_equal(sys_account_set_password(root, "J\xc3\xb6rg", "Pw-9x!",
                                              &err), 0);
    assert_int_equal(fs_read_file(path, 4096, &data, &len, &err), 0);
    assert_string_equal(data, "anna\tpassword set\tenabled\n"
                              "J\xc3\xb6rg\tpassword set\tenabled\n");
    assert_null(strstr(data, "Pw-9x!"));
    free(data);
    free(path);
    test_tmpdir_remove(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sys_lock_memory_pages_locked_and_undumpable),
        cmocka_unit_test(test_sys_lock_memory_shared_page_stays_locked),
        cmocka_unit_test(test_sys_unlock_memory_unlocked_buffer_only_wiped),
        cmocka_unit_test(test_sys_lock_memory_refused_logged),
        cmocka_unit_test(test_sys_plan_key_locked_until_release),
        cmocka_unit_test(test_sys_secret_file_wiped_on_fatal_signal),
        cmocka_unit_test(test_sys_account_password_practice),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

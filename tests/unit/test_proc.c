#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "platform/fs.h"
#include "platform/proc.h"
#include "../support/testlib.h"

static char *read_all(const char *path)
{
    char *data = NULL;
    size_t len;
    struct wiz_err err;

    if (fs_read_file(path, 1 << 20, &data, &len, &err) < 0)
        fail_msg("%s", err.msg);
    return data;
}

static struct proc *spawn_sh(const char *script, char *const *envp,
                             const char *cwd, const char *out)
{
    char *scr = xstrdup(script);
    char a0[] = "sh";
    char a1[] = "-c";
    char *argv[] = { a0, a1, scr, NULL };
    struct proc_spec spec = { "/bin/sh", argv, envp, cwd, out };
    struct proc *p = NULL;
    struct wiz_err err;

    if (proc_spawn(&spec, &p, &err) < 0)
        fail_msg("%s", err.msg);
    free(scr);
    return p;
}

static int wait_end(struct proc *p, bool *signalled)
{
    int status = -1;
    struct wiz_err err;

    assert_int_equal(proc_wait(p, 10000, &status, signalled, &err), 1);
    return status;
}

static void test_proc_exit_code_and_output_appended(void **state)
{
    char *dir = test_tmpdir("proc");
    char *out = fs_join(dir, "out.txt");
    bool sig = true;

    (void)state;
    test_write(out, "before\n", 7);
    struct proc *p = spawn_sh("echo to-stdout; echo to-stderr >&2; exit 7",
                              NULL, NULL, out);

    assert_true(proc_pid(p) > 0);
    assert_int_equal(wait_end(p, &sig), 7);
    assert_false(sig);
    /* asking again gives the same answer */
    int st = 0;

    assert_int_equal(proc_wait(p, 0, &st, NULL, NULL), 1);
    assert_int_equal(st, 7);
    proc_free(p);
    char *text = read_all(out);

    assert_string_equal(text, "before\nto-stdout\nto-stderr\n");
    free(text);
    free(out);
    test_tmpdir_remove(dir);
}

static void test_proc_explicit_environment_and_cwd(void **state)
{
    char *dir = test_tmpdir("proc");
    char *out = fs_join(dir, "out.txt");
    char e0[] = "ONLY_THIS=yes";
    char e1[] = "PATH=/usr/bin:/bin";
    char *env[] = { e0, e1, NULL };

    (void)state;
    struct proc *p = spawn_sh("echo \"$ONLY_THIS ${HOME:-nohome}\"; pwd",
                              env, dir, out);

    assert_int_equal(wait_end(p, NULL), 0);
    proc_free(p);
    char *text = read_all(out);
    char *want = xasprintf("yes nohome\n%s\n", dir);

    assert_string_equal(text, want);
    free(want);
    free(text);
    free(out);
    test_tmpdir_remove(dir);
}

static void test_proc_missing_program_is_a_clear_error(void **state)
{
    char a0[] = "nope";
    char *argv[] = { a0, NULL };
    struct proc_spec spec = { "/nonexistent/scanstate", argv, NULL, NULL,
                              NULL };
    struct proc *p = (struct proc *)1;
    struct wiz_err err;

    (void)state;
    err_clear(&err);
    assert_int_equal(proc_spawn(&spec, &p, &err), -1);
    assert_null(p);
    assert_int_equal(err.code, WIZ_ENOENT);
    assert_non_null(strstr(err.msg, "cannot start '/nonexistent/scanstate'"));
}

static void test_proc_wait_times_out_while_running(void **state)
{
    struct proc *p = spawn_sh("sleep 5", NULL, NULL, NULL);
    int st = -1;

    (void)state;
    assert_int_equal(proc_wait(p, 0, &st, NULL, NULL), 0);
    assert_int_equal(proc_wait(p, 60, &st, NULL, NULL), 0);
    assert_int_equal(proc_cancel(p, true, NULL), 0);
    bool sig = false;

    assert_int_equal(wait_end(p, &sig), 128 + 9);
    assert_true(sig);
    proc_free(p);
}

static void test_proc_cancel_sends_interrupt_to_the_group(void **state)
{
    char *dir = test_tmpdir("proc");
    char *out = fs_join(dir, "out.txt");
    /* the shell traps INT and exits 2; its sleeping child gets INT too */
    struct proc *p = spawn_sh("trap 'echo got-int; kill $!; exit 2' INT; "
                              "echo ready; sleep 20 & wait",
                              NULL, NULL, out);
    bool sig = true;

    (void)state;
    for (int i = 0; i < 200; i++) {
        char *t = read_all(out);
        bool ready = strstr(t, "ready") != NULL;

        free(t);
        if (ready)
            break;
        assert_int_equal(proc_wait(p, 20, NULL, NULL, NULL), 0);
    }
    assert_int_equal(proc_cancel(p, false, NULL), 0);
    assert_int_equal(wait_end(p, &sig), 2);
    assert_false(sig);
    proc_free(p);
    char *text = read_all(out);

    assert_non_null(strstr(text, "got-int"));
    free(text);
    free(out);
    test_tmpdir_remove(dir);
}

static void test_proc_force_kills_a_child_that_ignores_interrupt(void **state)
{
    char *dir = test_tmpdir("proc");
    char *out = fs_join(dir, "out.txt");
    struct proc *p = spawn_sh("trap '' INT; echo ready; "
                              "while :; do sleep 0.05; done",
                              NULL, NULL, out);
    bool sig = false;

    (void)state;
    for (int i = 0; i < 200; i++) {
        char *t = read_all(out);
        bool ready = strstr(t, "ready") != NULL;

        free(t);
        if (ready)
            break;
        assert_int_equal(proc_wait(p, 20, NULL, NULL, NULL), 0);
    }
    assert_int_equal(proc_cancel(p, false, NULL), 0);
    assert_int_equal(proc_wait(p, 200, NULL, NULL, NULL), 0);
    assert_int_equal(proc_cancel(p, true, NULL), 0);
    assert_int_equal(wait_end(p, &sig), 137);
    assert_true(sig);
    /* cancelling an ended child is harmless */
    assert_int_equal(proc_cancel(p, true, NULL), 0);
    proc_free(p);
    free(out);
    test_tmpdir_remove(dir);
}

static void test_proc_killed_by_signal_is_reported(void **state)
{
    struct proc *p = spawn_sh("kill -TERM $$", NULL, NULL, NULL);
    bool sig = false;

    (void)state;
    assert_int_equal(wait_end(p, &sig), 128 + 15);
    assert_true(sig);
    proc_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proc_exit_code_and_output_appended),
        cmocka_unit_test(test_proc_explicit_environment_and_cwd),
        cmocka_unit_test(test_proc_missing_program_is_a_clear_error),
        cmocka_unit_test(test_proc_wait_times_out_while_running),
        cmocka_unit_test(test_proc_cancel_sends_interrupt_to_the_group),
        cmocka_unit_test(test_proc_force_kills_a_child_that_ignores_interrupt),
        cmocka_unit_test(test_proc_killed_by_signal_is_reported),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

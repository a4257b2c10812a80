#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/testlib.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "core/run/job.h"
#include "core/run/progress.h"
#include "core/run/sclog.h"
#include "platform/fs.h"
#include "platform/sys.h"

#define STAMP "24 Nov 2026, 10:00:00 +01:00, 00:00:0"

/* A child that writes a progress log and a scanstate.log, then exits 3. */
static char *script(const char *prg, const char *log)
{
    return xasprintf(
        "printf '%%s\\r\\n' '" STAMP "0, program, scanstate.exe, "
        "productVersion, \"10.0.22621.1 (x)\", computerName, PC1' >>'%s';"
        "printf '%%s\\r\\n' '" STAMP "1, PHASE, Initializing' >>'%s';"
        "printf '%%s\\r\\n' '2026-11-24 10:00:01, Info                  "
        "[0x000000] USMT Started at 2026/11/24:10:00:01.000' >>'%s';"
        "printf '%%s\\r\\n' '" STAMP "2, totalPercentageCompleted, 50' "
        ">>'%s';"
        "printf '%%s\\r\\n' '" STAMP "3, error, UnableToOpen, objectName, "
        "\"D:\\Users\\a, b.txt\", action, Ignore' >>'%s';"
        "printf '%%s\\r\\n' '" STAMP "4, totalPercentageCompleted, 100' "
        ">>'%s';"
        "printf '%%s\\r\\n' '" STAMP "5, errorCode, 3, numberOfIgnoredErrors,"
        " 1, message, \"At least one error was skipped as a result of /c\"' "
        ">>'%s';"
        "exit 3",
        prg, prg, log, prg, prg, prg, prg);
}

static void test_job_follows_a_child_to_its_end(void **state)
{
    char *dir = test_tmpdir("job");
    char *prg = fs_join(dir, "progress.log");
    char *log = fs_join(dir, "scanstate.log");
    char *cmd = script(prg, log);
    char *argv[] = { (char *)(uintptr_t)"sh", (char *)(uintptr_t)"-c", cmd,
                     NULL };
    struct job_spec spec = { "/bin/sh", argv, NULL, dir, prg, log, NULL, 0 };
    struct job *job;
    struct wiz_err err;
    int r = 0;

    (void)state;
    assert_int_equal(job_start(&spec, &job, &err), 0);
    for (int i = 0; i < 200 && r == 0; i++)
        r = job_poll(job, 50, &err);
    assert_int_equal(r, 1);
    const struct job_status *st = job_status(job);

    assert_int_equal(st->phase, JOB_DONE);
    assert_int_equal(st->rc, 3);
    assert_false(st->signalled);
    assert_non_null(st->progress);
    assert_int_equal(st->progress->percent, 100);
    assert_true(st->progress->finished);
    assert_int_equal(st->progress->error_code, 3);
    assert_true(st->progress->n_ignored == 1);
    assert_string_equal(st->progress->errors[0].object, "D:\\Users\\a, b.txt");
    assert_non_null(st->log);
    assert_non_null(st->log->started);
    const char *lines[4];

    assert_true(job_log_tail(job, lines, 4) >= 1);
    job_free(job);
    free(cmd);
    free(prg);
    free(log);
    test_tmpdir_remove(dir);
}

static void test_job_cancel_stops_a_hanging_child(void **state)
{
    char *argv[] = { (char *)(uintptr_t)"sh", (char *)(uintptr_t)"-c",
                     (char *)(uintptr_t)"trap '' INT; sleep 30", NULL };
    struct job_spec spec = { "/bin/sh", argv, NULL, NULL, NULL, NULL, NULL,
                             1 };
    struct job *job;
    struct wiz_err err;
    int r = 0;

    (void)state;
    assert_int_equal(job_start(&spec, &job, &err), 0);
    assert_int_equal(job_poll(job, 50, &err), 0);
    /* the child ignores the polite request; the grace period runs out */
    assert_int_equal(job_cancel(job, false, 1, &err), 0);
    assert_int_equal(job_status(job)->phase, JOB_CANCELLING);
    uint64_t t0 = sys_monotonic_ms();

    for (int i = 0; i < 300 && r == 0; i++)
        r = job_poll(job, 50, &err);
    assert_int_equal(r, 1);
    assert_true(job_status(job)->signalled);
    assert_true(job_status(job)->cancel_requested);
    assert_true(sys_monotonic_ms() - t0 < 10000);
    job_free(job);
}

static void test_job_attach_ends_on_final_record(void **state)
{
    char *dir = test_tmpdir("job-attach");
    char *prg = fs_join(dir, "p.log");
    struct job *job;
    struct wiz_err err;

    (void)state;
    const char *first = STAMP "1, PHASE, Gathering\r\n";

    test_write(prg, first, strlen(first));
    assert_int_equal(job_attach(prg, NULL, 0, &job, &err), 0);
    assert_int_equal(job_poll(job, 0, &err), 0);
    assert_string_equal(job_status(job)->progress->phase, "Gathering");
    FILE *f = fs_fopen(prg, "a");

    fputs(STAMP "9, errorCode, 61, numberOfIgnoredErrors, 0, message, "
          "\"Processing stopped due to an I/O error\"\r\n", f);
    fclose(f);
    assert_int_equal(job_poll(job, 0, &err), 1);
    assert_int_equal(job_status(job)->rc, 61);
    job_free(job);
    assert_int_equal(job_attach(NULL, NULL, 0, &job, &err), -1);
    free(prg);
    test_tmpdir_remove(dir);
}

static void test_job_durations(void **state)
{
    char buf[16];

    (void)state;
    assert_string_equal(job_format_duration(0, buf, sizeof(buf)), "0:00");
    assert_string_equal(job_format_duration(754, buf, sizeof(buf)), "12:34");
    assert_string_equal(job_format_duration(3723, buf, sizeof(buf)),
                        "1:02:03");
    assert_string_equal(job_format_duration(-5, buf, sizeof(buf)), "0:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_job_follows_a_child_to_its_end),
        cmocka_unit_test(test_job_cancel_stops_a_hanging_child),
        cmocka_unit_test(test_job_attach_ends_on_final_record),
        cmocka_unit_test(test_job_durations),
    };

    return cmocka_run_group_tests_name("job", tests, NULL, NULL);
}

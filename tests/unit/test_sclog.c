#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/run/sclog.h"
#include "platform/fs.h"
#include "../support/testlib.h"

static struct sclog_reader *read_real(const char *name)
{
    char *rel = xasprintf("logs/%s", name);
    char *path = test_realdata(rel);
    struct wiz_err err;

    free(rel);
    if (!path)
        return NULL;
    struct sclog_reader *r = sclog_reader_new(path);

    if (sclog_reader_poll(r, NULL, &err) < 0)
        fail_msg("%s", err.msg);
    sclog_reader_finish(r);
    free(path);
    return r;
}

static void test_sclog_header_shapes(void **state)
{
    struct sclog_record rec;
    const char *a = "2017-09-01 16:10:07, Info                  [0x000000] "
                    "USMT Started at 2017/09/01:16:10:07.851";
    const char *b = "Error                 [0x0802e9] CopyStream: x";
    const char *c = " /l:F:\\hm\\load.log /progress:x /c /v:13";
    const char *d = "[VERBOSE]<21:44:52> 2024-01-24 21:44:51, Info      "
                    "            [0x000000] Success";
    const char *e = "2017-09-01 16:10:07, Info                  [0x00";
    const char *f = "Error in the thing [0x000000] not a header";

    (void)state;
    long m = sclog_parse_header(a, strlen(a), &rec);

    assert_true(m > 0);
    assert_string_equal(a + m, "USMT Started at 2017/09/01:16:10:07.851");
    assert_string_equal(rec.time, "2017-09-01 16:10:07");
    assert_int_equal(rec.level, SCLOG_INFO);
    m = sclog_parse_header(b, strlen(b), &rec);
    assert_true(m > 0);
    assert_string_equal(b + m, "CopyStream: x");
    assert_int_equal(rec.level, SCLOG_ERROR);
    assert_int_equal(rec.code, 0x0802e9);
    assert_string_equal(rec.time, "");
    assert_int_equal(sclog_parse_header(c, strlen(c), &rec), -1);
    m = sclog_parse_header(d, strlen(d), &rec);
    assert_true(m > 0);
    assert_string_equal(d + m, "Success");
    assert_int_equal(sclog_parse_header(e, strlen(e), &rec), -1);
    assert_int_equal(sclog_parse_header(f, strlen(f), &rec), -1);
}

static void test_sclog_real_command_line_error(void **state)
{
    struct sclog_reader *r =
        read_real("gh-nickrod518-Migrate-WindowsUserProfile-issue20-load.log");

    (void)state;
    if (!r)
        skip();
    const struct sclog_state *st = sclog_reader_state(r);

    assert_string_equal(st->version, "LOADSTATE.EXE Version 10.0.14393");
    assert_string_equal(st->started, "2017/09/01:16:10:07.851");
    assert_string_equal(st->completed, "2017/09/01:16:10:07.851");
    assert_non_null(strstr(st->command_line, "Config.xml  /l:F:\\\\hm\\"
                                             "load.log /progress:"));
    assert_string_equal(st->activity, "MIGACTIVITY_COMMAND_LINE_PROCESSING");
    assert_string_equal(st->cmdline_error,
                        "Settings store argument specified is invalid");
    assert_true(str_ends_with(st->cmdline_error_at, "/i:F:\\\\hm\\Config.xml"));
    assert_true(st->shutdown);
    assert_false(st->success);
    assert_int_equal(st->by_level[SCLOG_INFO], 8);
    assert_int_equal(st->by_level[SCLOG_STATUS], 1);
    size_t n;
    char **why = sclog_explain(st, &n);

    assert_true(n >= 1);
    assert_string_equal(why[0], "command line: Settings store argument "
                                "specified is invalid");
    sclog_lines_free(why);
    const char *tail[4];

    assert_int_equal(sclog_reader_tail(r, tail, 4), 4);
    assert_string_equal(tail[3], "2017-09-01 16:10:07, Info                  "
                                 "[0x00");
    sclog_reader_free(r);
}

static void test_sclog_real_error_summary(void **state)
{
    struct sclog_reader *r =
        read_real("gh-belowaverage-org-SuperGrate-issue106-usmt.log");

    (void)state;
    if (!r)
        skip();
    const struct sclog_state *st = sclog_reader_state(r);

    assert_true(st->success);
    assert_true(st->have_errors_ignored);
    assert_int_equal(st->errors_ignored, 37);
    assert_int_equal(st->n_summary, 1);
    assert_int_equal(st->summary[0].error_code, 395);
    assert_false(st->summary[0].caused_abort);
    assert_int_equal(st->summary[0].recurrence, 37);
    assert_true(str_starts_with(st->summary[0].first,
                                "Read error 395 for C:\\Users\\lcarroll"));
    assert_string_equal(st->completed, "2024/01/24:21:44:51.690");
    sclog_reader_free(r);
}

static void test_sclog_real_cause_below_generic_lines(void **state)
{
    struct sclog_reader *r =
        read_real("technet-usmt-blog-2008-debug-a-usmt-log-scanstate-"
                  "errors.log");

    (void)state;
    if (!r)
        skip();
    const struct sclog_state *st = sclog_reader_state(r);

    assert_true(st->failed);
    assert_true(st->have_cause);
    /* the copy failure (Win32 error 112: disk full), not the "aborting" */
    assert_true(str_starts_with(st->cause.message,
                                "CopyStream: Can't copy streams"));
    assert_int_equal(st->cause.code, 0x0802e9);
    assert_int_equal(st->by_level[SCLOG_ERROR], 5);
    /* the call stack continues the CopyStream record */
    const struct sclog_record *last =
        sclog_state_error(st, st->n_errors_kept - 1);

    assert_int_equal(last->code, 0x0802e9);
    assert_non_null(strstr(last->message, "\nvoid __thiscall UnBCL::"));
    size_t n;
    char **why = sclog_explain(st, &n);

    assert_int_equal(n, 1);
    assert_true(str_starts_with(why[0], "Error [0x0802e9] CopyStream"));
    sclog_lines_free(why);
    sclog_reader_free(r);
}

static void test_sclog_real_warning_with_gle(void **state)
{
    struct sclog_reader *r = read_real(
        "gh-MicrosoftDocs-windows-itpro-docs-issue5411-scanstate-warning.log");

    (void)state;
    if (!r)
        skip();
    const struct sclog_state *st = sclog_reader_state(r);

    assert_int_equal(st->by_level[SCLOG_WARNING], 1);
    assert_int_equal(st->records, 1);
    sclog_reader_free(r);
}

static void test_sclog_cause_above_generic_and_gle(void **state)
{
    const char *text =
        "2024-03-01 10:00:00, Info                  [0x000000] "
        "SCANSTATE.EXE Version 10.0.22621[gle=0x000000b7]\r\n"
        "2024-03-01 10:00:01, Error                 [0x0802e9] Read error "
        "5 for D:\\Users\\a\\x.pst. Windows error 5 description: Access "
        "is denied.[gle=0x00000005]\r\n"
        "2024-03-01 10:00:02, Error                 [0x000000] Unable to "
        "Complete Migration. MigDoMigration Failed= 0x4\r\n"
        "2024-03-01 10:00:02, Error                 [0x000000] Migration "
        "failed to complete successfully\r\n";
    struct sclog_reader *r = sclog_reader_new(NULL);

    (void)state;
    sclog_reader_feed(r, text, strlen(text));
    sclog_reader_finish(r);
    const struct sclog_state *st = sclog_reader_state(r);

    assert_string_equal(st->version, "SCANSTATE.EXE Version 10.0.22621");
    assert_true(st->have_cause);
    assert_int_equal(st->cause.code, 0x0802e9);
    assert_true(st->cause.has_gle);
    assert_int_equal(st->cause.gle, 5);
    assert_true(str_ends_with(st->cause.message, "Access is denied."));
    assert_int_equal(st->n_errors_kept, 1);
    sclog_reader_free(r);
}

static void test_sclog_constant_memory_on_many_errors(void **state)
{
    struct sclog_reader *r = sclog_reader_new(NULL);
    char line[256];

    (void)state;
    for (int i = 0; i < 100000; i++) {
        int k = snprintf(line, sizeof(line),
                         "2024-03-01 10:00:01, Error                 "
                         "[0x000000] error number %d\n", i);

        sclog_reader_feed(r, line, (size_t)k);
    }
    sclog_reader_finish(r);
    const struct sclog_state *st = sclog_reader_state(r);

    assert_int_equal(st->by_level[SCLOG_ERROR], 100000);
    assert_int_equal(st->n_errors_kept, SCLOG_ERRORS_MAX);
    assert_string_equal(sclog_state_error(st, SCLOG_ERRORS_MAX - 1)->message,
                        "error number 99999");
    assert_string_equal(sclog_state_error(st, 0)->message,
                        "error number 99984");
    const char *tail[SCLOG_TAIL_MAX + 5];

    assert_int_equal(sclog_reader_tail(r, tail, SCLOG_TAIL_MAX + 5),
                     SCLOG_TAIL_MAX);
    sclog_reader_free(r);
}

static void test_sclog_long_lines_and_records_are_bounded(void **state)
{
    struct sclog_reader *r = sclog_reader_new(NULL);
    size_t big = 3u * 1024 * 1024;
    char *junk = xmalloc(big);
    const char *head = "2024-03-01 10:00:01, Info                  "
                       "[0x000000] start ";

    (void)state;
    memset(junk, 'y', big);
    sclog_reader_feed(r, head, strlen(head));
    sclog_reader_feed(r, junk, big);
    sclog_reader_feed(r, "\n", 1);
    /* many continuation lines */
    for (int i = 0; i < 5000; i++)
        sclog_reader_feed(r, " more text on a continuation line\n", 34);
    const char *after = "2024-03-01 10:00:02, Error                 "
                        "[0x000000] after\n";

    sclog_reader_feed(r, after, strlen(after));
    sclog_reader_finish(r);
    const struct sclog_state *st = sclog_reader_state(r);

    assert_int_equal(st->long_lines, 1);
    assert_int_equal(st->records, 2);
    assert_int_equal(st->continuation_lines, 5000);
    assert_string_equal(sclog_state_error(st, 0)->message, "after");
    sclog_reader_free(r);
    free(junk);
}

static void test_sclog_follows_a_growing_then_replaced_file(void **state)
{
    char *dir = test_tmpdir("sclog");
    char *path = fs_join(dir, "scanstate.log");
    struct wiz_err err;
    bool changed;
    struct sclog_reader *r = sclog_reader_new(path);
    const char *one = "2024-03-01 10:00:00, Info                  [0x000000] "
                      "USMT Started at 2024/03/01:10:00:00.000\r\n";
    const char *two = "2024-03-01 10:00:01, Status                [0x000000] "
                      "Activity: 'MIGACTIVITY_MIGRATION_START'\r\n";

    (void)state;
    assert_int_equal(sclog_reader_poll(r, &changed, &err), 0);
    assert_false(changed);
    test_write(path, one, strlen(one));
    assert_int_equal(sclog_reader_poll(r, &changed, &err), 0);
    assert_true(changed);
    /* the record stays open until the next one starts */
    assert_null(sclog_reader_state(r)->started);
    FILE *f = fs_fopen(path, "ab");

    fputs(two, f);
    fclose(f);
    assert_int_equal(sclog_reader_poll(r, &changed, &err), 0);
    assert_string_equal(sclog_reader_state(r)->started,
                        "2024/03/01:10:00:00.000");
    sclog_reader_finish(r);
    assert_string_equal(sclog_reader_state(r)->activity,
                        "MIGACTIVITY_MIGRATION_START");
    test_write(path, two, 20);
    assert_int_equal(sclog_reader_poll(r, &changed, &err), 0);
    assert_int_equal(sclog_reader_state(r)->restarts, 1);
    assert_null(sclog_reader_state(r)->started);
    sclog_reader_free(r);
    free(path);
    test_tmpdir_remove(dir);
}

/*
 * Per-user notes: what the log says about a user, found by its SID
 * (the temporary-profile skip, an orphan skipped with gle 0x534, an
 * Error record), kept per SID and bounded.
 */
static void test_sclog_notes_users_by_sid(void **state)
{
    static const char log[] =
        "2024-06-03 08:00:01, Info                  [0x000000] User "
        "PC\\a (S-1-5-21-1-2-3-1001, C:\\Users\\a) is included\r\n"
        "2024-06-03 08:00:01, Warning               [0x000000] User profile "
        "duplicate SID error for S-1-5-21-1-2-3-1107 ignored "
        "(MIG_FAIL_ON_PROFILE_ERROR=0)\r\n"
        "2024-06-03 08:00:01, Warning               [0x000000] Profile "
        "folder of S-1-5-21-1-2-3-1121 not found: C:\\Users\\p"
        "[gle=0x00000534]\r\n"
        "2024-06-03 08:00:02, Error                 [0x000000] Unable to "
        "load the user hive of S-1-5-21-1-2-3-1001 (PC\\a)[gle=0x000003f1]\r\n";
    struct sclog_reader *r = sclog_reader_new("/nonexistent/scanstate.log");
    const struct sclog_user *u;

    (void)state;
    sclog_reader_feed(r, log, strlen(log));
    sclog_reader_finish(r);
    const struct sclog_state *st = sclog_reader_state(r);

    assert_int_equal(st->n_users, 3);
    u = sclog_state_user(st, "S-1-5-21-1-2-3-1001");
    assert_non_null(u);
    assert_true(u->flags & SCLOG_USER_INCLUDED);
    assert_true(u->flags & SCLOG_USER_ERROR);
    assert_int_equal(u->errors, 1);
    u = sclog_state_user(st, "S-1-5-21-1-2-3-1107");
    assert_non_null(u);
    assert_true(u->flags & SCLOG_USER_TEMP_SKIPPED);
    assert_false(u->flags & SCLOG_USER_DUP_SID);
    u = sclog_state_user(st, "S-1-5-21-1-2-3-1121");
    assert_non_null(u);
    assert_true(u->flags & SCLOG_USER_UNMAPPED);
    assert_non_null(strstr(u->why, "not found"));
    assert_null(sclog_state_user(st, "S-1-5-21-1-2-3-9999"));
    sclog_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sclog_header_shapes),
        cmocka_unit_test(test_sclog_real_command_line_error),
        cmocka_unit_test(test_sclog_real_error_summary),
        cmocka_unit_test(test_sclog_real_cause_below_generic_lines),
        cmocka_unit_test(test_sclog_real_warning_with_gle),
        cmocka_unit_test(test_sclog_cause_above_generic_and_gle),
        cmocka_unit_test(test_sclog_constant_memory_on_many_errors),
        cmocka_unit_test(test_sclog_long_lines_and_records_are_bounded),
        cmocka_unit_test(test_sclog_follows_a_growing_then_replaced_file),
        cmocka_unit_test(test_sclog_notes_users_by_sid),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

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
#include "core/run/job.h"
#include "core/run/progress.h"
#include "core/run/progress_text.h"
#include "platform/fs.h"
#include "../support/testlib.h"

/* A whole capture in the layout scanstate 10 writes (values invented). */
static const char *const run_lines[] = {
    "01 Mar 2024, 10:00:01 +01:00, 00:00:00, program, ScanState.exe, "
    "productVersion, \"10.0.22621.1\", computerName, MININT-ABC123, "
    "commandLine, \"X:\\usmt\\scanstate.exe E:\\store /offlineWinDir:"
    "D:\\Windows /i:MigApp.xml /ue:*\\* /ui:S-1-5-21-1-2-3-1001* /c /o\"",
    "01 Mar 2024, 10:00:02 +01:00, 00:00:01, PHASE, Initializing",
    "01 Mar 2024, 10:00:09 +01:00, 00:00:08, detectedUser, CONTOSO\\jdoe, "
    "includedInMigration, Yes",
    "01 Mar 2024, 10:00:09 +01:00, 00:00:08, detectedUser, PC1\\anna, "
    "includedInMigration, No",
    "01 Mar 2024, 10:00:10 +01:00, 00:00:09, forUser, CONTOSO\\jdoe, "
    "detectedComponent, \"Microsoft Office 2010\\Office, Common\", "
    "includedInMigration, Yes",
    "01 Mar 2024, 10:00:15 +01:00, 00:00:14, totalSizeInMBToTransfer, "
    "5231.27",
    "01 Mar 2024, 10:00:16 +01:00, 00:00:15, someFutureKey, whatever, x, y",
    "01 Mar 2024, 10:03:40 +01:00, 00:03:39, totalPercentageCompleted, 37",
    "01 Mar 2024, 10:03:41 +01:00, 00:03:40, error, UnableToOpen, "
    "objectName, \"D:\\Users\\jdoe\\a, b.pst\", action, Ignore, errorText, "
    "\"The process cannot access the file\"",
    "01 Mar 2024, 10:09:12 +01:00, 00:09:11, totalPercentageCompleted, 100",
    "01 Mar 2024, 10:09:12 +01:00, 00:09:11, errorCode, 3, "
    "numberOfIgnoredErrors, 1, message, \"At least one error was skipped "
    "as a result of /c\"",
};

static char *run_text(const char *eol)
{
    struct strbuf sb;

    strbuf_init(&sb);
    for (size_t i = 0; i < sizeof(run_lines) / sizeof(run_lines[0]); i++) {
        strbuf_adds(&sb, run_lines[i]);
        strbuf_adds(&sb, eol);
    }
    return strbuf_detach(&sb, NULL);
}

static void check_full_run(const struct progress_state *st)
{
    assert_string_equal(st->program, "ScanState.exe");
    assert_string_equal(st->product_version, "10.0.22621.1");
    assert_string_equal(st->computer_name, "MININT-ABC123");
    assert_non_null(strstr(st->command_line, "/ui:S-1-5-21-1-2-3-1001*"));
    assert_string_equal(st->phase, "Initializing");
    assert_true(st->have_total_mb);
    assert_true(st->total_mb > 5231.26 && st->total_mb < 5231.28);
    assert_int_equal(st->percent, 100);
    assert_int_equal(st->n_users, 2);
    assert_string_equal(st->users[0].name, "CONTOSO\\jdoe");
    assert_true(st->users[0].included);
    assert_false(st->users[1].included);
    assert_string_equal(st->current_user, "CONTOSO\\jdoe");
    assert_int_equal(st->n_errors, 1);
    assert_int_equal(st->n_ignored, 1);
    assert_int_equal(st->n_aborts, 0);
    assert_string_equal(st->errors[0].type, "UnableToOpen");
    assert_string_equal(st->errors[0].object, "D:\\Users\\jdoe\\a, b.pst");
    assert_string_equal(st->errors[0].action, "Ignore");
    assert_true(st->finished);
    assert_int_equal(st->error_code, 3);
    assert_int_equal(st->ignored_errors, 1);
    assert_string_equal(st->final_message,
                        "At least one error was skipped as a result of /c");
    assert_string_equal(st->last_date, "01 Mar 2024");
    assert_string_equal(st->last_time, "10:09:12");
    assert_string_equal(st->last_utc_offset, "+01:00");
    assert_int_equal(st->elapsed_s, 9 * 60 + 11);
    assert_int_equal(st->records, 11);
    assert_int_equal(st->bad_lines, 0);
}

static void test_progress_split_honours_quotes(void **state)
{
    const char *line = "a, \"b, c\", d,\"e\" ,, \"unclosed, x";
    size_t n;
    char **f = progress_split(line, strlen(line), &n);

    (void)state;
    assert_int_equal(n, 6);
    assert_string_equal(f[0], "a");
    assert_string_equal(f[1], "b, c");
    assert_string_equal(f[2], "d");
    assert_string_equal(f[3], "e");
    assert_string_equal(f[4], "");
    assert_string_equal(f[5], "unclosed, x");
    assert_null(f[6]);
    progress_fields_free(f);
    /* a quote inside a quoted value that is not followed by a comma */
    line = "x, \"say \"hi\" now\", y";
    f = progress_split(line, strlen(line), &n);
    assert_int_equal(n, 3);
    assert_string_equal(f[1], "say \"hi\" now");
    progress_fields_free(f);
}

static void test_progress_full_run_crlf_and_lf(void **state)
{
    (void)state;
    for (int pass = 0; pass < 2; pass++) {
        char *text = run_text(pass ? "\n" : "\r\n");
        struct progress_reader *r = progress_reader_new(NULL);

        progress_reader_feed(r, text, strlen(text));
        check_full_run(progress_reader_state(r));
        assert_int_equal(progress_reader_state(r)->offset, strlen(text));
        progress_reader_free(r);
        free(text);
    }
}

static void test_progress_half_line_waits_for_newline(void **state)
{
    const char *a = "01 Mar 2024, 10:03:40 +01:00, 00:03:39, "
                    "totalPercentageCompleted, 3";
    const char *b = "7\r\n";
    struct progress_reader *r = progress_reader_new(NULL);

    (void)state;
    progress_reader_feed(r, a, strlen(a));
    assert_int_equal(progress_reader_state(r)->percent, -1);
    /* the CR arrives alone, then the LF */
    progress_reader_feed(r, b, 2);
    assert_int_equal(progress_reader_state(r)->percent, -1);
    progress_reader_feed(r, b + 2, 1);
    assert_int_equal(progress_reader_state(r)->percent, 37);
    progress_reader_free(r);
}

static void test_progress_byte_by_byte_equals_whole(void **state)
{
    char *text = run_text("\r\n");
    struct progress_reader *r = progress_reader_new(NULL);

    (void)state;
    for (size_t i = 0; text[i]; i++)
        progress_reader_feed(r, text + i, 1);
    check_full_run(progress_reader_state(r));
    progress_reader_free(r);
    free(text);
}

static void test_progress_real_sample_header(void **state)
{
    char *path = test_realdata(
        "logs/gh-belowaverage-org-SuperGrate-issue59-SCANSTATE_progress.log");
    bool changed = true;
    struct wiz_err err;

    (void)state;
    if (!path)
        skip();
    struct progress_reader *r = progress_reader_new(path);

    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    /* one header line, cut inside its quoted command line */
    assert_true(changed);
    const struct progress_state *st = progress_reader_state(r);

    assert_string_equal(st->program, "scanstate.exe");
    assert_string_equal(st->product_version,
                        "6.1.7000.0 (winmain_win7beta.081212-1400)");
    assert_string_equal(st->computer_name, "C346");
    assert_true(str_starts_with(st->command_line, "\\\\192.168.2.7\\EXAMPLE_SL"));
    assert_string_equal(st->last_utc_offset, "-02:00");
    assert_int_equal(st->elapsed_s, 0);
    assert_false(st->finished);
    progress_reader_free(r);
    free(path);
}

static void test_progress_follows_file_truncation_and_replacement(void **state)
{
    char *dir = test_tmpdir("progress");
    char *path = fs_join(dir, "p.log");
    char *other = fs_join(dir, "p.new");
    char *text = run_text("\r\n");
    struct wiz_err err;
    bool changed;
    struct progress_reader *r = progress_reader_new(path);

    (void)state;
    /* missing file: fine, nothing happens */
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    assert_false(changed);
    test_write(path, text, strlen(text));
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    assert_true(changed);
    check_full_run(progress_reader_state(r));
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    assert_false(changed);

    /* truncated and rewritten shorter: start over */
    const char *small = "02 Mar 2024, 11:00:00 +01:00, 00:00:01, PHASE, "
                        "Scanning\r\n";

    test_write(path, small, strlen(small));
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    assert_true(changed);
    const struct progress_state *st = progress_reader_state(r);

    assert_int_equal(st->restarts, 1);
    assert_string_equal(st->phase, "Scanning");
    assert_null(st->program);
    assert_false(st->finished);
    assert_int_equal(st->n_errors, 0);

    /* replaced by another file (rename over it): start over again */
    const char *big = "03 Mar 2024, 12:00:00 +01:00, 00:00:02, PHASE, "
                      "Collecting\r\n03 Mar 2024, 12:00:00 +01:00, "
                      "00:00:02, totalPercentageCompleted, 12\r\n";

    test_write(other, big, strlen(big));
    assert_int_equal(fs_rename(other, path, &err), 0);
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    st = progress_reader_state(r);
    assert_int_equal(st->restarts, 2);
    assert_string_equal(st->phase, "Collecting");
    assert_int_equal(st->percent, 12);

    /* appended in two halves */
    FILE *f = fs_fopen(path, "ab");

    fputs("03 Mar 2024, 12:00:05 +01:00, 00:00:07, totalPercentage", f);
    fflush(f);
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    assert_false(changed);
    fputs("Completed, 40\r\n", f);
    fclose(f);
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    assert_true(changed);
    assert_int_equal(progress_reader_state(r)->percent, 40);
    progress_reader_free(r);
    free(text);
    free(other);
    free(path);
    test_tmpdir_remove(dir);
}

/*
 * scanstate started again with the same /progress while we follow it: the
 * same file is truncated and written again, and is already longer than
 * what was read when the next poll comes.  The reader must start over
 * (not read on from the old offset) and progress_text must say so.
 */
static void test_progress_file_rewritten_in_place_larger(void **state)
{
    char *dir = test_tmpdir("progress");
    char *path = fs_join(dir, "p.log");
    const char *first = "01 Mar 2024, 10:00:01 +01:00, 00:00:00, PHASE, "
                        "Scanning\r\n";
    const char *again = "02 Mar 2024, 09:30:00 +01:00, 00:00:00, PHASE, "
                        "Initializing\r\n02 Mar 2024, 09:30:04 +01:00, "
                        "00:00:04, PHASE, Collecting\r\n02 Mar 2024, "
                        "09:30:05 +01:00, 00:00:05, "
                        "totalPercentageCompleted, 7\r\n";
    struct wiz_err err;
    bool changed;
    struct progress_reader *r = progress_reader_new(path);
    struct progress_text pt;
    struct job_status js;
    struct strbuf out = STRBUF_INIT;

    (void)state;
    memset(&js, 0, sizeof(js));
    progress_text_init(&pt);
    test_write(path, first, strlen(first));
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    js.progress = progress_reader_state(r);
    progress_text_update(&pt, &js, &out);
    assert_null(strstr(out.buf, "replaced"));
    strbuf_reset(&out);

    FILE *f = fs_fopen(path, "wb");

    assert_non_null(f);
    fputs(again, f);
    fclose(f);
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    assert_true(changed);
    const struct progress_state *st = progress_reader_state(r);

    assert_int_equal(st->restarts, 1);
    assert_string_equal(st->phase, "Collecting");
    assert_int_equal(st->percent, 7);
    assert_int_equal(st->bad_lines, 0);
    js.progress = st;
    progress_text_update(&pt, &js, &out);
    assert_non_null(strstr(out.buf, "progress log was replaced or cut "
                                    "short"));
    assert_non_null(strstr(out.buf, "phase: Collecting"));
    strbuf_release(&out);
    progress_text_release(&pt);
    progress_reader_free(r);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_progress_huge_line_is_skipped_and_counted(void **state)
{
    size_t big = 10u * 1024 * 1024;
    char *chunk = xmalloc(1024 * 1024);
    struct progress_reader *r = progress_reader_new(NULL);
    const char *ok = "\n01 Mar 2024, 10:03:40 +01:00, 00:03:39, "
                     "totalPercentageCompleted, 55\n";

    (void)state;
    memset(chunk, 'x', 1024 * 1024);
    for (size_t i = 0; i < big / (1024 * 1024); i++)
        progress_reader_feed(r, chunk, 1024 * 1024);
    progress_reader_feed(r, ok, strlen(ok));
    const struct progress_state *st = progress_reader_state(r);

    assert_int_equal(st->long_lines, 1);
    assert_int_equal(st->percent, 55);
    assert_int_equal(st->bad_lines, 0);
    progress_reader_free(r);
    free(chunk);
}

static void test_progress_garbage_is_counted_not_fatal(void **state)
{
    struct progress_reader *r = progress_reader_new(NULL);
    char junk[4096];
    unsigned seed = 12345;

    (void)state;
    for (int round = 0; round < 50; round++) {
        for (size_t i = 0; i < sizeof(junk); i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (char)(seed >> 16);
        }
        progress_reader_feed(r, junk, sizeof(junk));
    }
    const char *near = "1 Mar 2024, 10:00:00, 00:00:00, PHASE, X\n"
                       "01 Mar 2024, 10:00:00 +01:00, xx:00:00, PHASE, X\n"
                       "01 Mar 2024, 10:00:00 +01:00, 00:00:00\n"
                       "01 Mar 2024, 10:00:00 +01:00, 00:00:00, "
                       "totalPercentageCompleted, lots\n";

    progress_reader_feed(r, near, strlen(near));
    progress_reader_finish(r);
    const struct progress_state *st = progress_reader_state(r);

    assert_true(st->bad_lines >= 3);
    assert_null(st->phase);
    assert_int_equal(st->percent, -1);
    progress_reader_free(r);
}

static void test_progress_random_truncation_never_breaks(void **state)
{
    char *text = run_text("\r\n");
    size_t len = strlen(text);

    (void)state;
    for (size_t cut = 0; cut <= len; cut += 7) {
        struct progress_reader *r = progress_reader_new(NULL);

        progress_reader_feed(r, text, cut);
        progress_reader_finish(r);
        const struct progress_state *st = progress_reader_state(r);

        assert_true(st->percent >= -1 && st->percent <= 100);
        assert_true(st->records <= 11);
        if (cut == len)
            assert_true(st->finished);
        progress_reader_free(r);
    }
    free(text);
}

static void test_progress_abort_error_and_error_cap(void **state)
{
    struct progress_reader *r = progress_reader_new(NULL);
    struct strbuf sb;

    (void)state;
    strbuf_init(&sb);
    for (int i = 0; i < PROGRESS_ERRORS_MAX + 10; i++)
        strbuf_addf(&sb, "01 Mar 2024, 10:00:00 +01:00, 00:00:01, error, "
                         "UnableToOpen, objectName, \"C:\\f%d\", action, "
                         "Ignore\n", i);
    strbuf_adds(&sb, "01 Mar 2024, 10:00:00 +01:00, 00:00:01, error, "
                     "UnableToCopy, objectName, \"C:\\big.iso\", action, "
                     "Abort, errorText, \"disk full\"\n");
    progress_reader_feed(r, sb.buf, sb.len);
    const struct progress_state *st = progress_reader_state(r);

    assert_int_equal(st->n_errors, PROGRESS_ERRORS_MAX + 11);
    assert_int_equal(st->n_errors_kept, PROGRESS_ERRORS_MAX);
    assert_int_equal(st->n_aborts, 1);
    assert_int_equal(st->n_ignored, PROGRESS_ERRORS_MAX + 10);
    strbuf_release(&sb);
    progress_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress_split_honours_quotes),
        cmocka_unit_test(test_progress_full_run_crlf_and_lf),
        cmocka_unit_test(test_progress_half_line_waits_for_newline),
        cmocka_unit_test(test_progress_byte_by_byte_equals_whole),
        cmocka_unit_test(test_progress_real_sample_header),
        cmocka_unit_test(test_progress_follows_file_truncation_and_replacement),
        cmocka_unit_test(test_progress_file_rewritten_in_place_larger),
        cmocka_unit_test(test_progress_huge_line_is_skipped_and_counted),
        cmocka_unit_test(test_progress_garbage_is_counted_not_fatal),
        cmocka_unit_test(test_progress_random_truncation_never_breaks),
        cmocka_unit_test(test_progress_abort_error_and_error_cap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

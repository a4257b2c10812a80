#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/run/follow.h"
#include "platform/fs.h"
#include "../support/testlib.h"

static void collect(void *ctx, const char *data, size_t len)
{
    strbuf_add(ctx, data, len);
}

/* Poll once; return what was fed (caller frees) and whether replaced. */
static char *poll_once(struct follow *fl, uint64_t consumed, bool *replaced)
{
    struct strbuf got = STRBUF_INIT;
    struct wiz_err err;

    assert_int_equal(follow_poll(fl, consumed, collect, &got, replaced,
                                 &err), 0);
    return strbuf_detach(&got, NULL);
}

static void test_follow_reads_on_from_where_it_stopped(void **state)
{
    char *dir = test_tmpdir("follow");
    char *path = fs_join(dir, "progress.log");
    struct follow fl;
    bool replaced;
    char *got;
    FILE *w;

    (void)state;
    follow_init(&fl, path, "progress log");
    /* not there yet: nothing, no error */
    got = poll_once(&fl, 0, &replaced);
    assert_string_equal(got, "");
    assert_false(replaced);
    free(got);

    w = fs_fopen(path, "wb");
    assert_non_null(w);
    fputs("one\r\n", w);
    fflush(w);
    got = poll_once(&fl, 0, &replaced);
    assert_string_equal(got, "one\r\n");
    free(got);
    /* nothing new: nothing fed, even after the end of file was seen */
    got = poll_once(&fl, 5, &replaced);
    assert_string_equal(got, "");
    free(got);
    fputs("two\r\n", w);
    fflush(w);
    got = poll_once(&fl, 5, &replaced);
    assert_string_equal(got, "two\r\n");
    assert_false(replaced);
    free(got);
    fclose(w);
    follow_release(&fl);
    test_tmpdir_remove(dir);
    free(path);
}

static void test_follow_notices_a_replaced_or_shorter_file(void **state)
{
    char *dir = test_tmpdir("follow");
    char *path = fs_join(dir, "scanstate.log");
    char *other = fs_join(dir, "new.log");
    struct follow fl;
    struct wiz_err err;
    bool replaced;
    char *got;

    (void)state;
    follow_init(&fl, path, "log");
    test_write(path, "first run, long line\n", 21);
    got = poll_once(&fl, 0, &replaced);
    assert_string_equal(got, "first run, long line\n");
    free(got);

    /* a new file renamed over it: told, nothing fed; then read afresh */
    test_write(other, "second\n", 7);
    assert_int_equal(fs_rename(other, path, &err), 0);
    got = poll_once(&fl, 21, &replaced);
    assert_true(replaced);
    assert_string_equal(got, "");
    free(got);
    got = poll_once(&fl, 0, &replaced);
    assert_false(replaced);
    assert_string_equal(got, "second\n");
    free(got);

    /* the same file, now shorter than what was read: told as well */
    test_write(path, "x\n", 2);
    got = poll_once(&fl, 7, &replaced);
    assert_true(replaced);
    free(got);
    got = poll_once(&fl, 0, &replaced);
    assert_string_equal(got, "x\n");
    free(got);
    follow_release(&fl);
    test_tmpdir_remove(dir);
    free(path);
    free(other);
}

static void test_follow_notices_a_file_rewritten_in_place_larger(void **state)
{
    char *dir = test_tmpdir("follow");
    char *path = fs_join(dir, "progress.log");
    const char *one = "01 Mar 2024, 10:00:01 +01:00, 00:00:00, PHASE, "
                      "Initializing\r\n";
    const char *two = "02 Mar 2024, 09:30:00 +01:00, 00:00:00, PHASE, "
                      "Initializing\r\n02 Mar 2024, 09:30:05 +01:00, "
                      "00:00:05, PHASE, Scanning\r\n";
    struct follow fl;
    bool replaced;
    char *got;
    FILE *w;

    (void)state;
    follow_init(&fl, path, "progress log");
    test_write(path, one, strlen(one));
    got = poll_once(&fl, 0, &replaced);
    assert_string_equal(got, one);
    free(got);

    /*
     * scanstate started again with the same /progress: the same file
     * (same identity) truncated and written again, already longer than
     * what was read before the next poll.  Reading on from the old offset
     * would give the middle of a line of another run.
     */
    w = fs_fopen(path, "wb");
    assert_non_null(w);
    fputs(two, w);
    fclose(w);
    got = poll_once(&fl, strlen(one), &replaced);
    assert_true(replaced);
    assert_string_equal(got, "");
    free(got);
    got = poll_once(&fl, 0, &replaced);
    assert_false(replaced);
    assert_string_equal(got, two);
    free(got);
    follow_release(&fl);
    test_tmpdir_remove(dir);
    free(path);
}

static void test_follow_reports_a_path_it_cannot_read(void **state)
{
    char *dir = test_tmpdir("follow");
    struct follow fl;
    struct strbuf got = STRBUF_INIT;
    struct wiz_err err;
    bool replaced;

    (void)state;
    /* a folder where the log should be */
    follow_init(&fl, dir, "progress log");
    assert_int_equal(follow_poll(&fl, 0, collect, &got, &replaced, &err), -1);
    assert_non_null(strstr(err.msg, "progress log"));
    follow_release(&fl);
    strbuf_release(&got);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_follow_reads_on_from_where_it_stopped),
        cmocka_unit_test(test_follow_notices_a_replaced_or_shorter_file),
        cmocka_unit_test(test_follow_notices_a_file_rewritten_in_place_larger),
        cmocka_unit_test(test_follow_reports_a_path_it_cannot_read),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

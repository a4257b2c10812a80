/*
 * Hostile input: empty and huge sparse hives, logs replaced or garbled
 * while read, lines of megabytes, XML bombs and external entities, huge XML
 * files, and reports written where they cannot go.  Every case must end in
 * a clear message (or a sane result), never a crash or a hang.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "core/plan/preset.h"
#include "core/run/progress.h"
#include "lab/regf.h"
#include "core/run/report.h"
#include "core/run/sclog.h"
#include "core/usmt/usmtxml.h"
#include "platform/fs.h"
#include "../support/testlib.h"

#define FOUR_GB (4ull * 1024 * 1024 * 1024)

static void test_hostile_zero_length_hive(void **state)
{
    char *dir = test_tmpdir("hostile-empty");
    char *path = fs_join(dir, "SOFTWARE");
    struct hive *h = NULL;
    struct wiz_err err;

    (void)state;
    test_write(path, "", 0);
    assert_int_equal(hive_open(path, false, &h, &err), -1);
    assert_null(h);
    assert_int_equal(err.code, WIZ_EFORMAT);
    assert_non_null(strstr(err.msg, "the file is empty (0 bytes)"));
    assert_non_null(strstr(err.msg, path));
    free(path);
    test_tmpdir_remove(dir);
}

/* The first len bytes of a fresh empty hive made by the regf writer. */
static char *hive_head(const char *dir, size_t *len)
{
    char *path = fs_join(dir, "seed");
    char *data = NULL;
    struct wiz_err err;

    assert_int_equal(regf_create_empty(path, "ROOT", 0, &err), 0);
    assert_int_equal(fs_read_file(path, 1 << 20, &data, len, &err), 0);
    assert_true(*len > 4096);
    free(path);
    return data;
}

static void test_hostile_sparse_4gb_hive_header_only(void **state)
{
    char *dir = test_tmpdir("hostile-sparse");
    char *path = fs_join(dir, "SOFTWARE");
    struct hive *h = NULL;
    struct wiz_err err;
    size_t len;
    char *head = hive_head(dir, &len);

    (void)state;
    /* a good header, then 4 GB of zeros where the hive bins should be */
    assert_int_equal(fs_create_sized(path, head, 4096, FOUR_GB, &err), 0);
    assert_int_equal(hive_open(path, false, &h, &err), -1);
    assert_null(h);
    assert_non_null(strstr(err.msg, "cannot open hive"));
    assert_non_null(strstr(err.msg, "bad hive bin header at offset 0x1000"));
    free(head);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_hostile_sparse_4gb_hive_with_slack(void **state)
{
    char *dir = test_tmpdir("hostile-slack");
    char *path = fs_join(dir, "SOFTWARE");
    struct hive *h = NULL;
    struct wiz_err err;
    size_t len;
    char *head = hive_head(dir, &len);

    (void)state;
    /* a whole small hive followed by 4 GB of unused space: still a hive */
    assert_int_equal(fs_create_sized(path, head, len, FOUR_GB, &err), 0);
    if (hive_open(path, false, &h, &err) == 0) {
        char *name = hive_node_name(h, hive_root(h));

        assert_string_equal(name, "ROOT");
        free(name);
        hive_close(h);
    } else {
        /* refusing is fine too, but only with words, not a crash */
        assert_non_null(strstr(err.msg, "cannot open hive"));
    }
    free(head);
    free(path);
    test_tmpdir_remove(dir);
}

static const char *const PRG_A =
    "09 Feb 2021, 22:19:41 -02:00, 00:00:01, PHASE, Initializing\r\n"
    "09 Feb 2021, 22:19:42 -02:00, 00:00:02, PHASE, Scanning\r\n";
static const char *const PRG_B =
    "10 Feb 2021, 08:00:00 -02:00, 00:00:01, PHASE, Initializing\r\n";

static void test_hostile_progress_log_replaced_mid_read(void **state)
{
    char *dir = test_tmpdir("hostile-prg");
    char *path = fs_join(dir, "scan.prg");
    char *other = fs_join(dir, "new.prg");
    struct progress_reader *r = progress_reader_new(path);
    struct wiz_err err;
    bool changed;

    (void)state;
    test_write(path, PRG_A, strlen(PRG_A));
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    assert_true(progress_reader_state(r)->records >= 1);
    /* a new, shorter run replaces the file while we read it */
    test_write(other, PRG_B, strlen(PRG_B));
    assert_int_equal(fs_rename(other, path, &err), 0);
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    assert_int_equal(progress_reader_state(r)->restarts, 1);
    assert_string_equal(progress_reader_state(r)->last_date, "10 Feb 2021");
    /* and then disappears */
    assert_int_equal(fs_remove(path, &err), 0);
    assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    progress_reader_free(r);
    free(other);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_hostile_progress_log_10mb_single_line(void **state)
{
    char *dir = test_tmpdir("hostile-long");
    char *path = fs_join(dir, "scan.prg");
    size_t big = 10u * 1024 * 1024;
    char *data = xmalloc(big + strlen(PRG_B) + 1);
    struct progress_reader *r = progress_reader_new(path);
    struct wiz_err err;
    bool changed;

    (void)state;
    memset(data, 'x', big);
    data[big - 1] = '\n';
    memcpy(data + big, PRG_B, strlen(PRG_B));
    test_write(path, data, big + strlen(PRG_B));
    for (int i = 0; i < 64; i++)
        assert_int_equal(progress_reader_poll(r, &changed, &err), 0);
    progress_reader_finish(r);
    assert_int_equal(progress_reader_state(r)->long_lines, 1);
    assert_int_equal(progress_reader_state(r)->records, 1);
    progress_reader_free(r);
    free(data);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_hostile_binary_garbage_scanstate_log(void **state)
{
    char *dir = test_tmpdir("hostile-sclog");
    char *path = fs_join(dir, "scanstate.log");
    size_t n = 3u * 1024 * 1024;
    unsigned char *junk = xmalloc(n);
    struct sclog_reader *r = sclog_reader_new(path);
    struct wiz_err err;
    bool changed;
    uint32_t x = 2463534242u;

    (void)state;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        junk[i] = (unsigned char)x;
    }
    test_write(path, (const char *)junk, n);
    for (int i = 0; i < 64; i++)
        assert_int_equal(sclog_reader_poll(r, &changed, &err), 0);
    sclog_reader_finish(r);
    const struct sclog_state *st = sclog_reader_state(r);

    assert_false(st->success);
    assert_null(st->version);
    char **lines;
    size_t nl = 0;

    lines = sclog_explain(st, &nl);
    sclog_lines_free(lines);
    sclog_reader_free(r);
    free(junk);
    free(path);
    test_tmpdir_remove(dir);
}

static const char BILLION_LAUGHS[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE migration [\n"
    "<!ENTITY a \"lollollollollollollollollollol\">\n"
    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
    "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
    "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
    "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
    "]>\n<migration urlid=\"http://x/&i;\"><component>&i;</component>"
    "</migration>\n";

static const char EXTERNAL[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE migration [\n"
    "<!ENTITY secret SYSTEM \"file:///etc/passwd\">\n]>\n"
    "<migration urlid=\"http://x\"><component>&secret;</component>"
    "</migration>\n";

static void expect_usmtxml_refused(const char *text, const char *name)
{
    struct usmtxml_doc *doc = NULL;
    struct wiz_err err;

    assert_int_equal(usmtxml_parse(text, strlen(text), name, &doc, &err), -1);
    assert_null(doc);
    assert_non_null(strstr(err.msg, name));
    assert_null(strstr(err.msg, "root:"));
    assert_true(strlen(err.msg) > strlen(name) + 10);
}

static void expect_preset_refused(const char *text, const char *name)
{
    struct preset p;
    struct wiz_err err;

    preset_init(&p);
    assert_int_equal(preset_load_buffer(name, text, strlen(text), &p, &err),
                     -1);
    assert_non_null(strstr(err.msg, name));
    assert_null(strstr(err.msg, "root:"));
    preset_release(&p);
}

static void test_hostile_xml_billion_laughs(void **state)
{
    (void)state;
    expect_usmtxml_refused(BILLION_LAUGHS, "laughs.xml");
    expect_preset_refused(BILLION_LAUGHS, "laughs-preset.xml");
}

static void test_hostile_xml_external_entity(void **state)
{
    (void)state;
    expect_usmtxml_refused(EXTERNAL, "external.xml");
    expect_preset_refused(EXTERNAL, "external-preset.xml");
}

/* A well-formed XML file of about 100 MB on disk. */
static char *write_huge_xml(const char *dir, const char *root)
{
    char *path = fs_join(dir, "huge.xml");
    FILE *f = fs_fopen(path, "wb");
    static const char row[] =
        "<component type=\"Documents\" context=\"User\"><displayName>"
        "padding padding padding padding padding</displayName>"
        "</component>\n";
    size_t rows = (100u * 1024 * 1024) / (sizeof(row) - 1) + 1;

    assert_non_null(f);
    fprintf(f, "<?xml version=\"1.0\"?>\n<%s urlid=\"http://x\">\n", root);
    for (size_t i = 0; i < rows; i++)
        fputs(row, f);
    fprintf(f, "</%s>\n", root);
    assert_int_equal(fclose(f), 0);
    return path;
}

static void test_hostile_xml_100mb_file(void **state)
{
    char *dir = test_tmpdir("hostile-hugexml");
    char *path = write_huge_xml(dir, "migration");
    struct usmtxml_doc *doc = NULL;
    struct preset p;
    struct wiz_err err;

    (void)state;
    assert_int_equal(usmtxml_load(path, &doc, &err), -1);
    assert_null(doc);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "larger than"));
    preset_init(&p);
    assert_int_equal(preset_load(path, &p, &err), -1);
    assert_non_null(strstr(err.msg, path));
    preset_release(&p);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_hostile_report_onto_a_file_keeps_old(void **state)
{
    char *dir = test_tmpdir("hostile-report");
    char *xml = fs_join(dir, REPORT_XML_NAME);
    struct report r, back;
    struct wiz_err err;

    (void)state;
    report_init(&r);
    r.computer = xstrdup("OLD");
    assert_int_equal(report_write(&r, dir, &err), 0);
    report_release(&r);
    /* the "folder" given is the old report itself: its parent is a file */
    report_init(&r);
    r.computer = xstrdup("NEW");
    assert_int_equal(report_write(&r, xml, &err), -1);
    assert_non_null(strstr(err.msg, "cannot write the report"));
    report_release(&r);
    assert_int_equal(report_read(xml, &back, &err), 0);
    assert_string_equal(back.computer, "OLD");
    report_release(&back);
    free(xml);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_zero_length_hive),
        cmocka_unit_test(test_hostile_sparse_4gb_hive_header_only),
        cmocka_unit_test(test_hostile_sparse_4gb_hive_with_slack),
        cmocka_unit_test(test_hostile_progress_log_replaced_mid_read),
        cmocka_unit_test(test_hostile_progress_log_10mb_single_line),
        cmocka_unit_test(test_hostile_binary_garbage_scanstate_log),
        cmocka_unit_test(test_hostile_xml_billion_laughs),
        cmocka_unit_test(test_hostile_xml_external_entity),
        cmocka_unit_test(test_hostile_xml_100mb_file),
        cmocka_unit_test(test_hostile_report_onto_a_file_keeps_old),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

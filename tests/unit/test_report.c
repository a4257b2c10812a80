#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../support/testlib.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/run/report.h"
#include "platform/fs.h"

static void fill(struct report *r, const char *machine, int64_t started,
                 int rc)
{
    report_init(r);
    r->tool_version = xstrdup("0.1.0");
    r->mode = xstrdup("unattended");
    r->simulated = true;
    r->started = started;
    r->finished = started + 125;
    r->computer = xstrdup(machine);
    r->windows = xstrdup("Windows 11 Pro 23H2 (22631.2861) x64");
    r->technician = xstrdup("Ana, \"bench 3\"");
    report_add_field(r, "customer", "Contoso");
    report_add_field(r, "job", "J-1042");
    report_add_user(r, "S-1-5-21-1-2-3-1001", "J\xC3\xB6rg", "local", 4096);
    report_add_user(r, "S-1-12-1-9-8-7-6", "ana@contoso.com", "entra", 0);
    r->store_path = xstrdup("E:\\stores\\PC1");
    r->store_kind = xstrdup("compressed");
    r->store_bytes = 123456789;
    r->command = xstrdup("scanstate.exe E:\\stores\\PC1 /encrypt "
                         "/keyfile:X:\\k.txt");
    report_add_env(r, "USMT_WORKING_DIR=E:\\usmtwork");
    report_add_finding(r, "warning efs-default-abort: acknowledged");
    r->rc = rc;
    r->ignored_errors = rc == 3 ? 4 : 0;
    r->log_path = xstrdup("E:\\stores\\PC1-logs\\scanstate.log");
}

static void test_report_round_trip(void **state)
{
    char *dir = test_tmpdir("report");
    struct report r;
    struct report back;
    struct wiz_err err;

    (void)state;
    fill(&r, "PC-\x01ODD", 1700000000, 3);
    assert_int_equal(report_write(&r, dir, &err), 0);
    char *xml = fs_join(dir, REPORT_XML_NAME);

    assert_int_equal(report_read(xml, &back, &err), 0);
    /* the control character was escaped visibly, never dropped */
    assert_string_equal(back.computer, "PC-\\x01ODD");
    assert_string_equal(back.technician, "Ana, \"bench 3\"");
    assert_int_equal(back.started, 1700000000);
    assert_int_equal(back.finished, 1700000125);
    assert_int_equal(back.n_users, 2);
    assert_string_equal(back.users[0].name, "J\xC3\xB6rg");
    assert_true(back.users[0].bytes == 4096);
    assert_string_equal(back.users[1].kind, "entra");
    assert_int_equal(back.n_fields, 2);
    assert_string_equal(back.fields[1].value, "J-1042");
    assert_true(back.store_bytes == 123456789);
    assert_int_equal(back.rc, 3);
    assert_int_equal(back.ignored_errors, 4);
    assert_string_equal(back.result, "success-with-skipped-errors");
    assert_string_equal(back.env[0], "USMT_WORKING_DIR=E:\\usmtwork");
    assert_true(back.simulated);
    report_release(&back);

    char *txt = fs_join(dir, REPORT_TEXT_NAME);
    char *data;
    size_t len;

    assert_int_equal(fs_read_file(txt, 1 << 20, &data, &len, &err), 0);
    assert_non_null(strstr(data, "success-with-skipped-errors"));
    assert_non_null(strstr(data, "J\xC3\xB6rg"));
    free(data);
    free(txt);
    free(xml);
    report_release(&r);
    test_tmpdir_remove(dir);
}

/*
 * The text report of a compressed store says a captured user's size is
 * not known (no bytes per user in USMT.MIG's logs), never "0 B"; measured
 * bytes are shown as they are; a user not captured gets no size.
 */
static void test_report_compressed_size_not_known(void **state)
{
    struct report r;
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    fill(&r, "PC1", 1700000000, 0);
    report_set_user_capture(&r, 0, "captured", "", false, 0);
    report_set_user_capture(&r, 1, "not captured", "skipped", false, 0);
    report_to_text(&r, &sb);
    assert_non_null(strstr(sb.buf, "      captured, size in the store not "
                                   "known (a compressed store is one "
                                   "USMT.MIG)\n"));
    assert_null(strstr(sb.buf, "0 B in the store"));
    assert_non_null(strstr(sb.buf, "      NOT CAPTURED: skipped\n"));
    strbuf_reset(&sb);
    free(r.store_kind);
    r.store_kind = xstrdup("uncompressed");
    report_set_user_capture(&r, 0, "captured", "", true, 4096);
    report_to_text(&r, &sb);
    assert_non_null(strstr(sb.buf, "      captured, 4.0 KB in the store\n"));
    assert_null(strstr(sb.buf, "not known"));
    strbuf_release(&sb);
    report_release(&r);
}

static void test_report_write_failure_keeps_old(void **state)
{
    char *dir = test_tmpdir("report-old");
    struct report r;
    struct report back;
    struct wiz_err err;

    (void)state;
    fill(&r, "OLD", 1700000000, 0);
    assert_int_equal(report_write(&r, dir, &err), 0);
    report_release(&r);
    /* a folder that does not exist cannot take the new report */
    char *gone = fs_join(dir, "missing/sub");

    fill(&r, "NEW", 1700000500, 0);
    assert_int_equal(report_write(&r, gone, &err), -1);
    assert_non_null(strstr(err.msg, "cannot write the report"));
    char *xml = fs_join(dir, REPORT_XML_NAME);

    assert_int_equal(report_read(xml, &back, &err), 0);
    assert_string_equal(back.computer, "OLD");
    report_release(&back);
    report_release(&r);
    free(xml);
    free(gone);
    test_tmpdir_remove(dir);
}

static void test_report_rejects_bad_files(void **state)
{
    char *dir = test_tmpdir("report-bad");
    struct report r;
    struct wiz_err err;

    (void)state;
    char *p = fs_join(dir, "a.xml");

    test_write(p, "<usmtwizReport><tool>x</tool>", 29);
    assert_int_equal(report_read(p, &r, &err), -1);
    assert_non_null(strstr(err.msg, "line"));
    test_write(p, "<other/>", 8);
    assert_int_equal(report_read(p, &r, &err), -1);
    assert_non_null(strstr(err.msg, "not a usmtwiz report"));
    /* an external entity is never fetched or expanded */
    const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM "
                      "\"file:///etc/passwd\">]><usmtwizReport><computer>&e;"
                      "</computer></usmtwizReport>";

    test_write(p, xxe, strlen(xxe));
    if (report_read(p, &r, &err) == 0) {
        assert_null(strstr(r.computer ? r.computer : "", "root:"));
        report_release(&r);
    }
    free(p);
    test_tmpdir_remove(dir);
}

static void test_report_summarize_table_and_csv(void **state)
{
    char *dir = test_tmpdir("report-sum");
    struct wiz_err err;
    struct strbuf out;
    struct report r;
    const char *machines[] = { "PC-A", "PC-B", "PC-C" };

    (void)state;
    for (int i = 0; i < 3; i++) {
        char *sub = xasprintf("%s/share/%s", dir, machines[i]);

        assert_int_equal(fs_mkdir_p(sub, &err), 0);
        fill(&r, machines[i], 1700000000 + i * 1000, i == 1 ? 61 : 0);
        assert_int_equal(report_write(&r, sub, &err), 0);
        report_release(&r);
        free(sub);
    }
    char *broken = xasprintf("%s/share/broken/%s", dir, REPORT_XML_NAME);

    test_write(broken, "garbage", 7);
    char *share = xasprintf("%s/share", dir);
    char *dirs[] = { share };

    strbuf_init(&out);
    assert_int_equal(report_summarize(dirs, 1, REPORT_TABLE, &out, &err), 3);
    /* newest first */
    const char *c = strstr(out.buf, "PC-C");
    const char *a = strstr(out.buf, "PC-A");

    assert_non_null(c);
    assert_non_null(a);
    assert_true(c < a);
    assert_non_null(strstr(out.buf, "failed (61)"));
    assert_non_null(strstr(out.buf, "could not be read"));
    strbuf_reset(&out);
    assert_int_equal(report_summarize(dirs, 1, REPORT_CSV, &out, &err), 3);
    assert_int_equal(strncmp(out.buf, "date,machine,technician,", 24), 0);
    assert_non_null(strstr(out.buf, "\"Ana, \"\"bench 3\"\"\",Contoso,J-1042"
                                    ",2,123456789,125,failed,61,"));
    strbuf_release(&out);
    char *none[] = { broken };

    assert_int_equal(report_summarize(none, 1, REPORT_CSV, &out, &err), -1);
    free(broken);
    free(share);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_round_trip),
        cmocka_unit_test(test_report_compressed_size_not_known),
        cmocka_unit_test(test_report_write_failure_keeps_old),
        cmocka_unit_test(test_report_rejects_bad_files),
        cmocka_unit_test(test_report_summarize_table_and_csv),
    };

    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}

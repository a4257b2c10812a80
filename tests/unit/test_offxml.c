#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/plan/offxml.h"
#include "core/plan/plan.h"
#include "core/usmt/usmtxml.h"
#include "platform/fs.h"
#include "../support/testlib.h"

static void read_fixture(const char *name, struct offxml *x)
{
    char *rel = xasprintf("xml/%s", name);
    char *path = test_fixture(rel);
    struct wiz_err err;

    offxml_init(x);
    if (offxml_read(path, x, &err) < 0) {
        fail_msg("%s", err.msg);
    }
    free(path);
    free(rel);
}

static bool has_problem(const struct offxml *x, const char *part)
{
    for (size_t i = 0; i < x->problems.n; i++) {
        if (strstr(x->problems.items[i], part)) {
            return true;
        }
    }
    return false;
}

static void test_offxml_write_exact_shape(void **state)
{
    struct plan p;
    struct offxml x;
    struct wiz_err err;
    char *text;
    size_t len;

    (void)state;
    plan_init(&p);
    offxml_init(&x);
    plan_set_offline_windir(&p, "D:\\Windows", NULL);
    plan_strv_push(&p.extra_windirs, "E:\\Windows");
    plan_strv_push(&p.offline_mappings, "C:\\, D:\\");
    p.fail_on_multiple_windir = true;
    offxml_from_plan(&x, &p);
    assert_int_equal(offxml_to_string(&x, &text, &len, &err), 0);
    assert_string_equal(text,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<offline>\n"
                        "  <winDir>\n"
                        "    <path>D:\\Windows</path>\n"
                        "    <path>E:\\Windows</path>\n"
                        "  </winDir>\n"
                        "  <mappings>\n"
                        "    <path>C:\\, D:\\</path>\n"
                        "  </mappings>\n"
                        "  <failOnMultipleWinDir>1</failOnMultipleWinDir>\n"
                        "</offline>\n");
    assert_int_equal(len, strlen(text));
    free(text);
    offxml_release(&x);
    /* without mappings or the flag, those elements are left out */
    plan_strv_release(&p.offline_mappings);
    p.fail_on_multiple_windir = false;
    offxml_from_plan(&x, &p);
    assert_int_equal(offxml_to_string(&x, &text, NULL, &err), 0);
    assert_null(strstr(text, "mappings"));
    assert_null(strstr(text, "failOnMultipleWinDir"));
    free(text);
    offxml_release(&x);
    plan_release(&p);
}

static void test_offxml_write_then_parse_gives_same_paths(void **state)
{
    static const char *const dirs[] = {
        "D:\\Windows", "E:\\Win & <Old>", "F:\\\"quoted\" dir",
        "G:\\\xC3\xA9l\xC3\xA8ve\\Windows", "H:\\",
    };
    char *dir = test_tmpdir("offxml");
    char *path = fs_join(dir, "offline.xml");
    struct offxml out;
    struct offxml in;
    struct wiz_err err;

    (void)state;
    offxml_init(&out);
    offxml_init(&in);
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        plan_strv_push(&out.windirs, dirs[i]);
    }
    plan_strv_push(&out.mappings, "C:\\, D:\\");
    out.fail_on_multiple = 1;
    assert_int_equal(offxml_write(path, &out, &err), 0);
    assert_int_equal(offxml_read(path, &in, &err), 0);
    assert_int_equal(in.windirs.n, out.windirs.n);
    for (size_t i = 0; i < out.windirs.n; i++) {
        assert_string_equal(in.windirs.items[i], out.windirs.items[i]);
    }
    assert_int_equal(in.mappings.n, 1);
    assert_string_equal(in.mappings.items[0], "C:\\, D:\\");
    assert_int_equal(in.fail_on_multiple, 1);
    assert_int_equal(in.problems.n, 0);
    /* and it is an offline.xml to the generic reader too */
    struct usmtxml_doc *doc;

    assert_int_equal(usmtxml_load(path, &doc, &err), 0);
    assert_int_equal(usmtxml_kind(doc), USMTXML_OFFLINE);
    usmtxml_free(doc);
    offxml_release(&in);
    offxml_release(&out);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_offxml_write_refuses_bad_paths(void **state)
{
    struct offxml x;
    struct wiz_err err;
    char *text;

    (void)state;
    offxml_init(&x);
    assert_int_equal(offxml_to_string(&x, &text, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "no Windows folder"));
    plan_strv_push(&x.windirs, "D:\\Win\x01dows");
    assert_int_equal(offxml_to_string(&x, &text, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "control character"));
    offxml_release(&x);
    plan_strv_push(&x.windirs, "D:\\\xff\xfe");
    assert_int_equal(offxml_to_string(&x, &text, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "not UTF-8"));
    offxml_release(&x);
    plan_strv_push(&x.windirs, "D:\\Windows");
    plan_strv_push(&x.mappings, "");
    assert_int_equal(offxml_to_string(&x, &text, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "empty mapping"));
    offxml_release(&x);
}

static void test_offxml_read_documented_example(void **state)
{
    struct offxml x;

    (void)state;
    read_fixture("offline-docs.xml", &x);
    assert_int_equal(x.windirs.n, 3);
    assert_string_equal(x.windirs.items[0], "C:\\Windows");
    assert_string_equal(x.windirs.items[2], "E:\\");
    assert_int_equal(x.fail_on_multiple, 1);
    assert_int_equal(x.mappings.n, 0);
    assert_int_equal(x.problems.n, 0);
    offxml_release(&x);
}

static void test_offxml_read_reports_wrong_case(void **state)
{
    struct offxml x;

    (void)state;
    read_fixture("offline-wrong-case.xml", &x);
    assert_int_equal(x.windirs.n, 2);
    assert_string_equal(x.windirs.items[1], "E:\\Windows");
    assert_true(has_problem(&x, "line 3: element <WinDir> should be "
                                "written <winDir>"));
    assert_true(has_problem(&x, "line 5: element <Path> should be written "
                                "<path>"));
    assert_true(has_problem(&x, "<failOnMultipleWinDir> is 'yes'"));
    assert_true(has_problem(&x, "unknown element <userProfiles>"));
    assert_int_equal(x.fail_on_multiple, PLAN_INVALID);
    assert_string_equal(x.mappings.items[0], "C:\\, D:\\");
    offxml_release(&x);
    read_fixture("offline-no-windir.xml", &x);
    assert_int_equal(x.windirs.n, 0);
    assert_true(has_problem(&x, "<winDir> has no <path>"));
    assert_int_equal(x.fail_on_multiple, OFFXML_UNSET);
    offxml_release(&x);
}

static void test_offxml_read_malformed(void **state)
{
    struct offxml x;
    struct wiz_err err;
    char *path = test_fixture("xml/offline-extra-content.xml");
    static const char not_offline[] = "<migration urlid='x'/>";

    (void)state;
    offxml_init(&x);
    assert_int_equal(offxml_read(path, &x, &err), -1);
    assert_int_equal(err.code, WIZ_EFORMAT);
    assert_non_null(strstr(err.msg, "line 7: Extra content at the end"));
    free(path);
    path = test_fixture("xml/billion-laughs.xml");
    assert_int_equal(offxml_read(path, &x, &err), -1);
    assert_non_null(strstr(err.msg, "document type declaration"));
    free(path);
    assert_int_equal(offxml_parse(not_offline, strlen(not_offline), "m.xml",
                                  &x, &err), -1);
    assert_non_null(strstr(err.msg, "root element is <migration>"));
    assert_int_equal(offxml_read("/nonexistent/offline.xml", &x, &err), -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    assert_int_equal(x.windirs.n, 0);
    offxml_release(&x);
}

static void test_offxml_real_file_with_wrong_case(void **state)
{
    char *path = test_realdata("usmt-xml/conradhyler-usmt/offline.xml");
    char *data;
    size_t len;
    struct offxml x;
    struct wiz_err err;

    (void)state;
    if (!path) {
        skip();
    }
    offxml_init(&x);
    assert_int_equal(offxml_read(path, &x, &err), -1);
    assert_non_null(strstr(err.msg, "line 8: Extra content at the end of "
                                    "the document"));
    /* without the stray byte after </offline> it reads, with a warning */
    assert_int_equal(fs_read_file(path, 1 << 20, &data, &len, &err), 0);
    char *end = strstr(data, "</offline>");

    assert_non_null(end);
    len = (size_t)(end - data) + strlen("</offline>");
    assert_int_equal(offxml_parse(data, len, "offline.xml", &x, &err), 0);
    assert_int_equal(x.windirs.n, 3);
    assert_string_equal(x.windirs.items[0], "C:\\Windows");
    assert_string_equal(x.windirs.items[1], "D:\\Windows");
    assert_string_equal(x.windirs.items[2], "E:\\Windows");
    assert_int_equal(x.fail_on_multiple, 1);
    assert_true(has_problem(&x, "<WinDir> should be written <winDir>"));
    offxml_release(&x);
    free(data);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offxml_write_exact_shape),
        cmocka_unit_test(test_offxml_write_then_parse_gives_same_paths),
        cmocka_unit_test(test_offxml_write_refuses_bad_paths),
        cmocka_unit_test(test_offxml_read_documented_example),
        cmocka_unit_test(test_offxml_read_reports_wrong_case),
        cmocka_unit_test(test_offxml_read_malformed),
        cmocka_unit_test(test_offxml_real_file_with_wrong_case),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

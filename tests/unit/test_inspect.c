#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/hive.h"
#include "core/inspect.h"
#include "platform/fs.h"
#include "../support/testlib.h"
#include "../support/winfake.h"

#define PL "Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
#define M "S-1-5-21-111-222-333-"

static const struct winfake_os WIN = {
    "Windows", "Windows 10 Pro", "22631", 2861, "AMD64", "PC-ANNA", "", 1,
};

struct fx {
    char *root;
};

static void mkdir_in(const char *dir, const char *rel)
{
    char *p = fs_join(dir, rel);
    struct wiz_err err;

    if (fs_mkdir_p(p, &err) < 0)
        fail_msg("%s", err.msg);
    free(p);
}

/* C: Windows with three users, D: data only, E: BitLocker-locked. */
static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof(*f));

    f->root = test_tmpdir("inspect");
    char *c = fs_join(f->root, "C");
    char *windir = winfake_install(c, &WIN);
    char *p = winfake_config(windir, "SAM");
    struct hive *h = winfake_hive_edit(p);

    free(p);
    winfake_sam_user(h, "anna", 1001, "Anna Berg");
    winfake_sam_user(h, "\xE2\x80\xAE" "evil", 1002, "");
    winfake_hive_done(h);
    p = winfake_config(windir, "SOFTWARE");
    h = winfake_hive_edit(p);
    free(p);
    winfake_expand_sz(h, PL "\\S-1-5-18", "ProfileImagePath",
                      "%systemroot%\\system32\\config\\systemprofile");
    winfake_expand_sz(h, PL "\\" M "1001", "ProfileImagePath",
                      "C:\\Users\\anna");
    winfake_expand_sz(h, PL "\\" M "1002", "ProfileImagePath",
                      "C:\\Users\\evil");
    winfake_expand_sz(h, PL "\\" M "1003", "ProfileImagePath",
                      "C:\\Users\\gone");
    winfake_hive_done(h);
    mkdir_in(c, "Users/anna/Documents");
    mkdir_in(c, "Users/evil");
    p = fs_join(c, "Users/anna/Documents/report.docx");
    test_write(p, "0123456789", 10);
    free(p);
    free(windir);
    free(c);
    mkdir_in(f->root, "D/Data");
    mkdir_in(f->root, "E");
    p = fs_join(f->root, "E.volume");
    test_write(p, "locked=1\nlabel=Secret\n", 22);
    free(p);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    test_tmpdir_remove(f->root);
    free(f);
    return 0;
}

static xmlDocPtr parse(const char *xml, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "inspect.xml", NULL,
                                  XML_PARSE_NONET);

    if (!doc)
        fail_msg("inspect XML does not parse:\n%s", xml);
    return doc;
}

/* The string value of an XPath expression (new string). */
static char *xp(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    char *s = NULL;

    if (o) {
        xmlChar *v = xmlXPathCastToString(o);

        s = xstrdup((const char *)v);
        xmlFree(v);
        xmlXPathFreeObject(o);
    }
    xmlXPathFreeContext(ctx);
    if (!s)
        fail_msg("bad XPath '%s'", expr);
    return s;
}

static void assert_xp(xmlDocPtr doc, const char *expr, const char *want)
{
    char *got = xp(doc, expr);

    if (strcmp(got, want))
        fail_msg("%s: got '%s', want '%s'", expr, got, want);
    free(got);
}

static void test_inspect_xml_describes_volumes_windows_and_users(void **state)
{
    struct fx *f = *state;
    struct inspect_data d;
    struct strbuf sb;
    struct wiz_err err;

    strbuf_init(&sb);
    assert_int_equal(inspect_collect(f->root, NULL, 0, true, &d, &err), 0);
    assert_int_equal(inspect_render_xml(&d, &sb, &err), 0);
    xmlDocPtr doc = parse(sb.buf, sb.len);

    assert_xp(doc, "string(/inspect/@windows-count)", "1");
    assert_xp(doc, "count(/inspect/volume)", "3");
    assert_xp(doc, "string(/inspect/volume[@letter='C']/windows/@windir)",
              "C:\\Windows");
    assert_xp(doc, "string(//windows/@family)", "11");
    assert_xp(doc, "string(//windows/@arch)", "amd64");
    assert_xp(doc, "string(//windows/@computer)", "PC-ANNA");
    assert_xp(doc, "string(//windows/@friendly)",
              "Windows 11 Pro 23H2 (22631.2861) x64");
    assert_xp(doc, "string(//windows/users/@count)", "4");
    assert_xp(doc, "string(//user[@sid='" M "1001']/@name)", "anna");
    assert_xp(doc, "string(//user[@sid='" M "1001']/@name-source)", "SAM");
    assert_xp(doc, "string(//user[@sid='" M "1001']/@full-name)",
              "Anna Berg");
    assert_xp(doc, "string(//user[@sid='" M "1001']/@kind)", "local");
    assert_xp(doc, "string(//user[@sid='" M "1001']/@selected)", "true");
    assert_xp(doc, "string(//user[@sid='" M "1001']/@size-bytes)", "10");
    assert_xp(doc, "string(//user[@sid='" M "1001']/@size-files)", "1");
    assert_xp(doc, "string(//user[@sid='" M "1001']/@profile)",
              "C:\\Users\\anna");
    assert_xp(doc, "string(//user[@sid='" M "1002']/@name)",
              "\xE2\x80\xAE" "evil");
    assert_xp(doc, "string(//user[@sid='" M "1003']/@kind)", "orphan");
    assert_xp(doc, "string(//user[@sid='S-1-5-18']/@kind)", "builtin");
    assert_xp(doc, "string(/inspect/volume[@letter='D']/@windows-count)",
              "0");
    assert_xp(doc, "string(/inspect/volume[@letter='E']/@locked)", "true");
    assert_xp(doc, "string(/inspect/volume[@letter='E']/@label)", "Secret");
    char *problem = xp(doc, "string(/inspect/volume[@letter='E']/problem)");

    assert_non_null(strstr(problem, "BitLocker-locked"));
    free(problem);
    xmlFreeDoc(doc);
    strbuf_release(&sb);
    inspect_data_release(&d);
}

static void test_inspect_text_escapes_names_and_lists_users(void **state)
{
    struct fx *f = *state;
    struct inspect_data d;
    struct strbuf sb;

    strbuf_init(&sb);
    assert_int_equal(inspect_collect(f->root, NULL, 0, false, &d, NULL), 0);
    inspect_render_text(&d, &sb);
    assert_non_null(strstr(sb.buf, "Volume C:"));
    assert_non_null(strstr(sb.buf, "Windows 11 Pro 23H2 (22631.2861) x64"));
    assert_non_null(strstr(sb.buf, "no Windows installation"));
    assert_non_null(strstr(sb.buf, "BitLocker-locked"));
    assert_non_null(strstr(sb.buf, "NAME"));
    assert_non_null(strstr(sb.buf, "anna"));
    assert_non_null(strstr(sb.buf, M "1001"));
    /* the right-to-left override is shown escaped, never raw */
    assert_null(strstr(sb.buf, "\xE2\x80\xAE"));
    assert_non_null(strstr(sb.buf, "evil"));
    assert_non_null(strstr(sb.buf, "3 volumes, 1 Windows installation"));
    strbuf_release(&sb);
    inspect_data_release(&d);
}

static void test_inspect_filters_volumes(void **state)
{
    struct fx *f = *state;
    struct inspect_data d;
    struct wiz_err err;
    const char *only_d[] = { "d:" };
    const char *none[] = { "Q" };

    assert_int_equal(inspect_collect(f->root, only_d, 1, false, &d, &err), 0);
    assert_int_equal(d.scan.n, 1);
    assert_int_equal(d.scan.vols[0].vol.letter, 'D');
    assert_int_equal(win_scan_count(&d.scan), 0);
    inspect_data_release(&d);
    assert_int_equal(inspect_collect(f->root, none, 1, false, &d, &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    assert_string_equal(err.msg, "no volume 'Q'");
}

static void test_inspect_command_exit_codes_and_xml(void **state)
{
    struct fx *f = *state;
    char *wiz = test_build("usmtwiz");
    char *empty = test_tmpdir("inspect-empty");
    int status = -1;
    char *cmd = xasprintf("'%s' inspect --volume-root '%s' --xml", wiz,
                          f->root);
    char *out = test_run(cmd, &status);

    assert_int_equal(status, 0);
    xmlDocPtr doc = parse(out, strlen(out));

    assert_xp(doc, "string(//user[@sid='" M "1001']/@size-bytes)", "10");
    xmlFreeDoc(doc);
    free(out);
    free(cmd);
    cmd = xasprintf("'%s' inspect --volume-root '%s' --no-sizes D", wiz,
                    f->root);
    out = test_run(cmd, &status);
    assert_int_equal(status, 1);
    assert_non_null(strstr(out, "0 Windows installations"));
    free(out);
    free(cmd);
    cmd = xasprintf("'%s' inspect --volume-root '%s'", wiz, empty);
    out = test_run(cmd, &status);
    assert_int_equal(status, 1);
    free(out);
    free(cmd);
    cmd = xasprintf("'%s' inspect --volume-root '%s/nope' 2>&1", wiz, empty);
    out = test_run(cmd, &status);
    assert_int_equal(status, 2);
    assert_non_null(strstr(out, "cannot read volume root"));
    free(out);
    free(cmd);
    cmd = xasprintf("'%s' inspect --bogus 2>&1", wiz);
    out = test_run(cmd, &status);
    assert_int_equal(status, 2);
    assert_non_null(strstr(out, "unknown option '--bogus'"));
    free(out);
    free(cmd);
    test_tmpdir_remove(empty);
    free(wiz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_inspect_xml_describes_volumes_windows_and_users, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_inspect_text_escapes_names_and_lists_users, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_inspect_filters_volumes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_inspect_command_exit_codes_and_xml, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

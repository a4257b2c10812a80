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
#include "core/offline/hive.h"
#include "core/offline/inspect.h"
#include "core/offline/users.h"
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


/* What assets/scenarios/README.md says each shipped scenario holds. */
#define DEMO_M "S-1-5-21-1004336348-1177238915-682003330-"
#define DEMO_D "S-1-5-21-3623811015-3361044348-30300820-"
#define DEMO_E "S-1-12-1-2043906341-1213699457-3055599545-1672264134"
#define U(sid, attr) "string(//user[@key='" sid "']/@" attr ")"

struct expect {
    const char *scenario;
    const char *xpath;
    const char *want;
};

static const struct expect scenario_facts[] = {
    { "demo", "string(/inspect/@windows-count)", "1" },
    { "demo", "string(//volume[@letter='D']/windows/@windir)",
      "D:\\Windows" },
    { "demo", "string(//windows/@family)", "11" },
    { "demo", "string(//windows/@product)", "Windows 10 Pro" },
    { "demo", "string(//windows/@build)", "22631" },
    { "demo", "string(//windows/@ubr)", "2861" },
    { "demo", "string(//windows/@arch)", "amd64" },
    { "demo", "string(//windows/@arch-mismatch)", "false" },
    { "demo", "string(//windows/@computer)", "PC-ACC-0042" },
    { "demo", "string(//windows/@domain)", "contoso.local" },
    { "demo", "string(//windows/@system-root)", "C:\\Windows" },
    { "demo", "string(//windows/@last-shutdown)", "2024-06-03T07:55:00Z" },
    { "demo", "string(//windows/@fast-startup)", "false" },
    { "demo", "string(//windows/@hibernated)", "false" },
    { "demo", "string(//volume[@letter='E']/@windows-count)", "0" },
    { "demo", "string(//volume[@letter='E']/@fs)", "exFAT" },
    { "demo", "string(//volume[@letter='X']/@winpe)", "true" },
    { "demo", "string(//users/@machine-sid)",
      "S-1-5-21-1004336348-1177238915-682003330" },
    { "demo", "string(//users/@count)", "13" },
    { "demo", U("S-1-5-18", "kind"), "builtin" },
    { "demo", U("S-1-5-19", "name"), "LOCAL SERVICE" },
    { "demo", U(DEMO_M "500", "kind"), "builtin" },
    { "demo", U(DEMO_M "500", "name"), "Administrator" },
    { "demo", U(DEMO_M "1001", "name"), "J\xC3\xB6rg" },
    { "demo", U(DEMO_M "1001", "full-name"), "J\xC3\xB6rg M\xC3\xBCller" },
    { "demo", U(DEMO_M "1001", "kind"), "local" },
    { "demo", U(DEMO_M "1001", "profile"), "D:\\Users\\J\xC3\xB6rg" },
    { "demo", U(DEMO_M "1001", "selected"), "true" },
    { "demo", U(DEMO_M "1002", "name"), "anna" },
    { "demo", U(DEMO_M "1002", "profile-online"), "C:\\Users\\anna" },
    { "demo", U(DEMO_M "1003", "name"), "\xE6\x9D\x8E\xE9\x9B\xB7" },
    { "demo", U(DEMO_M "1004", "kind"), "msa" },
    { "demo", U(DEMO_M "1004", "account"), "lena.schmidt@outlook.com" },
    { "demo", U(DEMO_D "1104", "kind"), "domain" },
    { "demo", U(DEMO_D "1104", "name"), "CONTOSO\\jsmith" },
    { "demo", U(DEMO_D "1104", "name-source"), "LogonUI" },
    { "demo", U(DEMO_D "1104", "full-name"), "John Smith" },
    { "demo", U(DEMO_D "1104", "last-use"), "2024-06-03T07:10:00Z" },
    { "demo", U(DEMO_D "1107.bak", "kind"), "bak" },
    { "demo", U(DEMO_D "1107.bak", "sid"), DEMO_D "1107" },
    { "demo", U(DEMO_D "1107.bak", "selected"), "false" },
    { "demo", U(DEMO_D "1107", "kind"), "temporary" },
    { "demo", U(DEMO_D "1121", "kind"), "orphan" },
    { "demo", U(DEMO_D "1121", "folder-exists"), "false" },
    { "demo", U(DEMO_E, "kind"), "entra" },
    { "demo", U(DEMO_E, "name"), "ana.lopez@contoso.com" },
    { "demo", U(DEMO_E, "name-source"), "IdentityStore" },
    { "demo", "count(//user[@selected='true'])", "6" },
    { "win7-x86", "string(//windows/@family)", "7" },
    { "win7-x86", "string(//windows/@friendly)",
      "Windows 7 Professional Service Pack 1 (7601) x86" },
    { "win7-x86", "string(//windows/@arch)", "x86" },
    { "win7-x86", "string(//windows/@syswow64)", "false" },
    { "win7-x86", "string(//windows/@arch-mismatch)", "false" },
    { "win7-x86", "string(//windows/@computer)", "PRAXIS-PC" },
    { "win7-x86", "string(//windows/@domain)", "" },
    { "win7-x86", "string(//volume[@letter='C']/@windows-count)", "0" },
    { "win7-x86",
      U("S-1-5-21-2571236478-1294728195-3914811036-1000", "full-name"),
      "Dr. Sabine Weber" },
    { "two-windows", "string(//volume[@letter='D']/@windows-count)", "2" },
    { "two-windows", "string(//volume[@letter='D']/windows[1]/@build)",
      "19045" },
    { "two-windows", "string(//volume[@letter='D']/windows[2]/@windir)",
      "D:\\Windows.old\\Windows" },
    { "two-windows", "string(//volume[@letter='D']/windows[2]/@build)",
      "18363" },
    { "two-windows",
      "string(//volume[@letter='D']/windows[2]/@display-version)", "1909" },
    { "two-windows", "string(//windows[1]/@computer)", "NOVAK-PC" },
    { "bitlocker", "string(/inspect/@windows-count)", "0" },
    { "bitlocker", "string(//volume[@letter='D']/@locked)", "true" },
    { "bitlocker", "starts-with(//volume[@letter='D']/problem, "
                   "'BitLocker-locked')", "true" },
    { "bitlocker", "string(//volume[@letter='F']/@windows-count)", "0" },
    { "fast-startup", "string(//windows/@fast-startup)", "true" },
    { "fast-startup", "string(//windows/@hibernated)", "true" },
    { "fast-startup", "string(//windows/@dirty-hives)", "SYSTEM" },
    { "fast-startup", "string(//windows/@family)", "11" },
    { "fast-startup",
      U("S-1-5-21-3196042115-1853907621-2667441312-1001", "account"),
      "tom.baker@outlook.com" },
    { "server", "string(//windows/@server)", "true" },
    { "server", "string(//windows/@build)", "20348" },
    { "server", "string(//windows/@computer)", "FS01" },
    { "server", "string(//user[@name='CONTOSO\\adm-jsmith']/@name-source)",
      "LogonUI" },
    { "small-x", "string(//windows/@computer)", "KIOSK-07" },
    { "small-x", "string(//volume[@letter='X']/@free-bytes) < 250000000",
      "true" },
};

static bool scenario_known(const char *name)
{
    for (size_t i = 0; i < sizeof(scenario_facts) / sizeof(*scenario_facts);
         i++) {
        if (!strcmp(scenario_facts[i].scenario, name))
            return true;
    }
    return false;
}

/* Build one scenario with `usmtwiz lab create`, inspect it as XML. */
static void check_scenario(const char *wiz, const char *name,
                           const char *dir)
{
    int status = -1;
    char *cmd = xasprintf("'%s' lab create '%s' '%s/%s' 2>&1", wiz, name,
                          dir, name);
    char *out = test_run(cmd, &status);

    if (status != 0)
        fail_msg("lab create %s failed:\n%s", name, out);
    free(out);
    free(cmd);
    cmd = xasprintf("'%s' inspect --xml --volume-root '%s/%s/volumes'", wiz,
                    dir, name);
    out = test_run(cmd, &status);
    xmlDocPtr doc = parse(out, strlen(out));
    char *count = xp(doc, "string(/inspect/@windows-count)");

    /* the exit status follows what was found */
    assert_int_equal(status, strcmp(count, "0") ? 0 : 1);
    free(count);
    for (size_t i = 0; i < sizeof(scenario_facts) / sizeof(*scenario_facts);
         i++) {
        if (!strcmp(scenario_facts[i].scenario, name))
            assert_xp(doc, scenario_facts[i].xpath, scenario_facts[i].want);
    }
    xmlFreeDoc(doc);
    free(out);
    free(cmd);
}

static void remove_volume_hook(void *ctx, const char *dir, const char *name)
{
    const char *vol = ctx;

    (void)dir;
    (void)name;
    if (fs_exists(vol))
        assert_int_equal(fs_remove_tree(vol, NULL), 0);
}

/* C: is removed while inspect sizes the first profile. */
static void test_inspect_volume_removed_while_sizing(void **state)
{
    struct fx *f = *state;
    char *vol = fs_join(f->root, "C");
    struct inspect_data d;
    struct strbuf sb;

    users_set_walk_hook(remove_volume_hook, vol);
    assert_int_equal(inspect_collect(f->root, NULL, 0, true, &d, NULL), 0);
    users_set_walk_hook(NULL, NULL);
    assert_false(fs_exists(vol));
    strbuf_init(&sb);
    inspect_render_text(&d, &sb);
    assert_non_null(strstr(sb.buf, "anna"));
    assert_non_null(strstr(sb.buf, "problem: " USERS_VANISHED_PROBLEM));
    strbuf_release(&sb);
    strbuf_init(&sb);
    assert_int_equal(inspect_render_xml(&d, &sb, NULL), 0);
    assert_non_null(strstr(sb.buf, USERS_VANISHED_PROBLEM));
    assert_null(strstr(sb.buf, "size-bytes"));
    strbuf_release(&sb);
    inspect_data_release(&d);
    free(vol);
}

static void test_inspect_every_shipped_scenario(void **state)
{
    char *scen = test_asset("scenarios");
    char *wiz = test_build("usmtwiz");
    char *dir = test_tmpdir("inspect-scenarios");
    struct fs_dir *d;
    const char *name;
    size_t built = 0;

    (void)state;
    if (fs_dir_open(scen, &d, NULL) < 0) {
        fprintf(stderr, "note: no assets/scenarios; skipping\n");
        skip();
    }
    while (fs_dir_next(d, &name, NULL) == 1) {
        char *manifest = xasprintf("%s/%s/scenario.txt", scen, name);

        if (name[0] != '_' && fs_exists(manifest)) {
            if (!scenario_known(name))
                fprintf(stderr, "note: scenario '%s' has no expectations "
                        "here; only checked that inspect reads it\n", name);
            check_scenario(wiz, name, dir);
            built++;
        }
        free(manifest);
    }
    fs_dir_close(d);
    assert_true(built >= 7);
    test_tmpdir_remove(dir);
    free(wiz);
    free(scen);
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
        cmocka_unit_test_setup_teardown(
            test_inspect_volume_removed_while_sizing, setup, teardown),
        cmocka_unit_test(test_inspect_every_shipped_scenario),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

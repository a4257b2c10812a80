/*
 * File shares (platform/share.h) as this machine plays them: reading a
 * \\server\share path, the practice table (--share), the reason a share
 * cannot be reached (network not started, server or share not found,
 * access denied) on both sides of each, a login that must match, the
 * table handed to programs started later, and the one mapping of a share
 * path to a folder the rules and the simulator use.
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
#include "core/rules/rules.h"
#include "platform/fs.h"
#include "platform/share.h"
#include "platform/sys.h"
#include "../support/testlib.h"

#define PASSWORD "Pa55-share-word"

static void test_share_root_reads_unc_paths(void **state)
{
    const struct { const char *path, *root, *rest; } cases[] = {
        { "\\\\fs01\\usmt\\stores\\PC", "\\\\fs01\\usmt", "\\stores\\PC" },
        { "\\\\fs01\\usmt", "\\\\fs01\\usmt", "" },
        { "\\\\fs01\\usmt\\", "\\\\fs01\\usmt", "\\" },
        { "//fs01/usmt/x", "\\\\fs01\\usmt", "/x" },
        { "\\\\fs01", NULL, NULL },
        { "\\\\fs01\\", NULL, NULL },
        { "\\\\?\\C:\\store", NULL, NULL },
        { "\\\\.\\pipe\\x", NULL, NULL },
        { "E:\\store", NULL, NULL },
        { "\\store", NULL, NULL },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *rest = NULL;
        char *root = share_root(cases[i].path, &rest);

        if (!cases[i].root) {
            assert_null(root);
            continue;
        }
        assert_non_null(root);
        assert_string_equal(root, cases[i].root);
        assert_string_equal(rest, cases[i].rest);
        free(root);
    }
    char *server = share_server("\\\\FS01\\usmt\\x");

    assert_string_equal(server, "FS01");
    free(server);
    assert_null(share_server("E:\\x"));
}

/* Away from any network (no share given, not playing Windows PE) a share
 * is not looked at; once one is given, shares are judged. */
static void test_share_can_look_once_given(void **state)
{
    char *dir = test_tmpdir("share-look");
    char *spec = xasprintf("\\\\fs06\\x=%s", dir);

    (void)state;
    assert_null(sys_getenv("USMTWIZ_SHARES"));
    assert_null(sys_getenv("USMTWIZ_NETWORK"));
    sys_setenv("USMTWIZ_WINPE", "0");
    assert_false(share_can_look());
    sys_setenv("USMTWIZ_WINPE", "1");
    assert_true(share_can_look());
    sys_setenv("USMTWIZ_WINPE", "0");
    assert_int_equal(share_map(spec, NULL), 0);
    assert_true(share_can_look());
    free(spec);
    test_tmpdir_remove(dir);
}

static void test_share_map_refuses_bad_specs(void **state)
{
    char *dir = test_tmpdir("share-bad");
    char *missing = fs_join(dir, "nope");
    char *spec;
    struct wiz_err err;

    (void)state;
    assert_int_equal(share_map("\\\\srv\\share", &err), -1);
    assert_non_null(strstr(err.msg, "\\\\server\\share=DIR"));
    spec = xasprintf("E:\\share=%s", dir);
    assert_int_equal(share_map(spec, &err), -1);
    assert_non_null(strstr(err.msg, "'E:\\share' is not"));
    free(spec);
    spec = xasprintf("\\\\srv\\share\\sub=%s", dir);
    assert_int_equal(share_map(spec, &err), -1);
    free(spec);
    spec = xasprintf("\\\\srv\\share=%s", missing);
    assert_int_equal(share_map(spec, &err), -1);
    assert_non_null(strstr(err.msg, "is not a folder"));
    free(spec);
    /* none of them was registered */
    assert_null(share_folder("\\\\srv\\share\\x"));
    free(missing);
    test_tmpdir_remove(dir);
}

static void test_share_reasons_each_side(void **state)
{
    char *dir = test_tmpdir("share-reasons");
    char *spec = xasprintf("\\\\fs02\\usmt=%s", dir);
    enum share_failure why = SHARE_OTHER;
    struct wiz_err err;

    (void)state;
    assert_int_equal(share_map(spec, NULL), 0);
    /* the server and the share ignore case, as Windows does */
    assert_int_equal(share_check("\\\\FS02\\USMT\\stores", &why, &err), 0);
    assert_int_equal(why, SHARE_OK);
    char *folder = share_folder("\\\\fs02\\Usmt\\x");

    assert_non_null(folder);
    assert_string_equal(folder, dir);
    free(folder);
    /* a known server without that share */
    assert_int_equal(share_check("\\\\fs02\\other\\x", &why, &err), -1);
    assert_int_equal(why, SHARE_NO_SHARE);
    assert_non_null(strstr(err.msg, "'\\\\fs02\\other'"));
    assert_non_null(strstr(err.msg, share_failure_text(SHARE_NO_SHARE)));
    /* no such server */
    assert_int_equal(share_check("\\\\fs99\\usmt\\x", &why, &err), -1);
    assert_int_equal(why, SHARE_NO_SERVER);
    /* the network was not started: nothing is reached, wpeinit says how */
    sys_setenv("USMTWIZ_NETWORK", "off");
    assert_int_equal(share_check("\\\\fs02\\usmt", &why, &err), -1);
    assert_int_equal(why, SHARE_NO_NETWORK);
    assert_non_null(strstr(err.msg, "wpeinit"));
    assert_int_equal(share_connect("\\\\fs02\\usmt", "u", "p", &why, &err),
                     -1);
    assert_int_equal(why, SHARE_NO_NETWORK);
    sys_setenv("USMTWIZ_NETWORK", "on");
    assert_int_equal(share_check("\\\\fs02\\usmt", &why, &err), 0);
    /* not a share path at all */
    assert_int_equal(share_check("E:\\x", &why, &err), -1);
    assert_int_equal(why, SHARE_BAD_PATH);
    /* programs started later get the same table */
    const char *env = sys_getenv("USMTWIZ_SHARES");

    assert_non_null(env);
    assert_non_null(strstr(env, spec));
    free(spec);
    test_tmpdir_remove(dir);
}

static void test_share_login_must_match(void **state)
{
    char *dir = test_tmpdir("share-login");
    char *share = fs_join(dir, "share");
    char *login = xasprintf("%s.login", share);
    char *spec = xasprintf("\\\\fs03\\data=%s", share);
    static const char text[] = "user=CORP\\tech\npassword=" PASSWORD "\n";
    enum share_failure why = SHARE_OK;
    struct wiz_err err;

    (void)state;
    assert_int_equal(fs_mkdir_p(share, NULL), 0);
    test_write(login, text, strlen(text));
    assert_int_equal(share_map(spec, NULL), 0);
    /* a share asking for a login is not reached before it */
    assert_int_equal(share_check("\\\\fs03\\data\\s", &why, &err), -1);
    assert_int_equal(why, SHARE_DENIED);
    /* one character off either way is refused, and never echoed */
    const char *wrong[] = { PASSWORD "x", "Pa55-share-wor", "pa55-share-word",
                            "" };

    for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        err_clear(&err);
        assert_int_equal(share_connect("\\\\fs03\\data", "CORP\\tech",
                                       wrong[i], &why, &err), -1);
        assert_int_equal(why, SHARE_DENIED);
        assert_non_null(strstr(err.msg, "access denied"));
        assert_null(strstr(err.msg, "Pa55"));
    }
    assert_int_equal(share_connect("\\\\fs03\\data", "CORP\\other", PASSWORD,
                                   &why, &err), -1);
    assert_int_equal(share_connect("\\\\fs03\\data", NULL, PASSWORD, &why,
                                   &err), -1);
    assert_int_equal(share_check("\\\\fs03\\data", &why, &err), -1);
    /* the user name ignores case, the password does not */
    assert_int_equal(share_connect("\\\\fs03\\data\\stores", "corp\\TECH",
                                   PASSWORD, &why, &err), 0);
    assert_int_equal(why, SHARE_OK);
    assert_int_equal(share_check("\\\\fs03\\data\\s", &why, &err), 0);
    /* a wrong try afterwards disconnects it, as a new net use would */
    assert_int_equal(share_connect("\\\\fs03\\data", "corp\\tech", "bad",
                                   &why, &err), -1);
    assert_int_equal(share_check("\\\\fs03\\data", &why, &err), -1);
    free(spec);
    free(login);
    free(share);
    test_tmpdir_remove(dir);
}

/* The one mapping: rules_map_path sends a share path into its folder. */
static void test_share_maps_into_folder(void **state)
{
    char *dir = test_tmpdir("share-map");
    char *stores = fs_join(dir, "Stores");
    char *spec = xasprintf("\\\\fs04\\usmt=%s", dir);
    char *want = fs_join(stores, "PC7");

    (void)state;
    assert_int_equal(fs_mkdir_p(stores, NULL), 0);
    assert_null(rules_map_path(NULL, "\\\\fs04\\usmt\\stores\\PC7"));
    assert_int_equal(share_map(spec, NULL), 0);
    char *host = rules_map_path(NULL, "\\\\FS04\\usmt\\stores\\PC7");

    /* an existing folder keeps its own case, a new one is kept as typed */
    assert_non_null(host);
    assert_string_equal(host, want);
    free(host);
    host = rules_map_path(NULL, "\\\\fs04\\usmt");
    assert_string_equal(host, dir);
    free(host);
    assert_null(rules_map_path(NULL, "\\\\fs05\\usmt\\x"));
    free(want);
    free(spec);
    free(stores);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_share_root_reads_unc_paths),
        cmocka_unit_test(test_share_can_look_once_given),
        cmocka_unit_test(test_share_map_refuses_bad_specs),
        cmocka_unit_test(test_share_reasons_each_side),
        cmocka_unit_test(test_share_login_must_match),
        cmocka_unit_test(test_share_maps_into_folder),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

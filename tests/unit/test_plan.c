#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/plan/cmdline.h"
#include "core/plan/plan.h"

static void test_plan_init_is_empty(void **state)
{
    struct plan p;

    (void)state;
    plan_init(&p);
    assert_int_equal(p.offline_mode, PLAN_OFFLINE_NONE);
    assert_int_equal(p.store_kind, PLAN_STORE_COMPRESSED);
    assert_int_equal(p.efs, PLAN_EFS_UNSET);
    assert_int_equal(p.verbosity, PLAN_UNSET);
    assert_int_equal(p.retries, PLAN_UNSET);
    assert_int_equal(p.wait_secs, PLAN_UNSET);
    assert_null(p.store_path);
    assert_int_equal(p.sids.n, 0);
    plan_release(&p);
    /* release leaves a usable empty plan */
    assert_int_equal(p.verbosity, PLAN_UNSET);
    plan_release(&p);
}

static void test_plan_setters_copy_and_replace(void **state)
{
    struct plan p;
    char buf[32];

    (void)state;
    plan_init(&p);
    strcpy(buf, "E:\\store");
    plan_set_store_path(&p, buf);
    buf[0] = 'Z';
    assert_string_equal(p.store_path, "E:\\store");
    plan_set_store_path(&p, "F:\\other");
    assert_string_equal(p.store_path, "F:\\other");
    plan_set_store_path(&p, NULL);
    assert_null(p.store_path);
    plan_set_offline_windir(&p, "d:\\Windows", "/mnt/d/Windows");
    assert_int_equal(p.offline_volume, 'D');
    assert_string_equal(p.offline_windir_host, "/mnt/d/Windows");
    plan_set_key(&p, "secret one");
    plan_set_key(&p, "secret two");
    assert_string_equal(p.key, "secret two");
    plan_release(&p);
}

static void test_plan_sids_have_no_duplicates(void **state)
{
    struct plan p;

    (void)state;
    plan_init(&p);
    plan_add_sid(&p, "S-1-5-21-1-2-3-1001");
    plan_add_sid(&p, "s-1-5-21-1-2-3-1001");
    plan_add_sid(&p, "S-1-5-21-1-2-3-1002");
    assert_int_equal(p.sids.n, 2);
    assert_true(plan_has_sid(&p, "S-1-5-21-1-2-3-1002"));
    plan_remove_sid(&p, "S-1-5-21-1-2-3-1001");
    assert_int_equal(p.sids.n, 1);
    assert_false(plan_has_sid(&p, "S-1-5-21-1-2-3-1001"));
    assert_string_equal(p.sids.items[0], "S-1-5-21-1-2-3-1002");
    plan_release(&p);
}

static void test_plan_env_routes_known_names(void **state)
{
    struct plan p;

    (void)state;
    plan_init(&p);
    plan_set_env(&p, "usmt_working_dir", "D:\\usmtwork");
    assert_string_equal(p.working_dir, "D:\\usmtwork");
    /* TEMP falls back to the working folder */
    assert_string_equal(plan_get_env(&p, "TEMP"), "D:\\usmtwork");
    plan_set_env(&p, "MIG_OFFLINE_PLATFORM_ARCH", "32");
    assert_string_equal(p.offline_arch, "32");
    plan_set_env(&p, "MIG_ENABLE_DIAG", "D:\\diag.xml");
    plan_set_env(&p, "OTHER", "1");
    assert_int_equal(p.n_env, 2);
    plan_set_env(&p, "mig_enable_diag", "E:\\d.xml");
    assert_int_equal(p.n_env, 2);
    assert_string_equal(plan_get_env(&p, "MIG_ENABLE_DIAG"), "E:\\d.xml");
    plan_set_env(&p, "MIG_ENABLE_DIAG", NULL);
    assert_int_equal(p.n_env, 1);
    assert_null(plan_get_env(&p, "MIG_ENABLE_DIAG"));
    assert_string_equal(p.env[0].name, "OTHER");
    assert_null(plan_get_env(&p, "MIG_FAIL_ON_PROFILE_ERROR"));
    plan_release(&p);
}

static void test_plan_switch_records_count(void **state)
{
    struct plan p;

    (void)state;
    plan_init(&p);
    plan_add_switch(&p, PLAN_SW_O, "/o", "o", NULL, false, 1);
    plan_add_switch(&p, PLAN_SW_I, "/i:a.xml", "i", "a.xml", false, 2);
    plan_add_switch(&p, PLAN_SW_O, "/O", "O", NULL, false, 3);
    assert_int_equal(plan_count_switch(&p, PLAN_SW_O), 2);
    assert_int_equal(plan_count_switch(&p, PLAN_SW_V), 0);
    assert_int_equal(plan_find_switch(&p, PLAN_SW_I)->pos, 2);
    assert_null(plan_find_switch(&p, PLAN_SW_L));
    plan_release(&p);
}

static void test_plan_efs_names_round_trip(void **state)
{
    (void)state;
    for (int e = PLAN_EFS_ABORT; e < PLAN_EFS_INVALID; e++) {
        assert_int_equal(plan_efs_parse(plan_efs_name((enum plan_efs)e)), e);
    }
    assert_int_equal(plan_efs_parse("CopyRaw"), PLAN_EFS_COPYRAW);
    assert_int_equal(plan_efs_parse("copy"), PLAN_EFS_INVALID);
    assert_int_equal(plan_efs_parse(""), PLAN_EFS_INVALID);
    assert_string_equal(plan_store_kind_name(PLAN_STORE_HARDLINK),
                        "hard-link");
    assert_string_equal(plan_offline_mode_name(PLAN_OFFLINE_WINDIR),
                        "offlineWinDir");
}

static void test_plan_secure_zero_clears(void **state)
{
    char buf[16] = "top secret";

    (void)state;
    plan_secure_zero(buf, sizeof(buf));
    for (size_t i = 0; i < sizeof(buf); i++) {
        assert_int_equal(buf[i], 0);
    }
    plan_secure_zero(NULL, 4);
}

static void test_plan_winpath_eq_ignores_spelling(void **state)
{
    static const char *const same[][2] = {
        { "D:\\Windows", "d:\\windows\\" },
        { "D:\\Windows", "\"D:\\Windows\"" },
        { "D:\\Windows", "D:/Windows/" },
        { "D:\\Windows", "D:\\\\Windows" },
        { "E:\\", "e:" },
        { "\\\\srv\\share\\x", "//srv/share/x/" },
    };
    static const char *const differ[][2] = {
        { "D:\\Windows", "D:\\Windows.old" },
        { "D:\\Windows", "E:\\Windows" },
        { "D:\\Windows", "D:\\" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        if (!plan_winpath_eq(same[i][0], same[i][1]))
            fail_msg("'%s' and '%s' should be equal", same[i][0],
                     same[i][1]);
    }
    for (size_t i = 0; i < sizeof(differ) / sizeof(differ[0]); i++) {
        if (plan_winpath_eq(differ[i][0], differ[i][1]))
            fail_msg("'%s' and '%s' should differ", differ[i][0],
                     differ[i][1]);
    }
    assert_false(plan_winpath_eq(NULL, "D:\\"));
    char *n = plan_winpath_norm("\"d:/Users//bob/\"");

    assert_string_equal(n, "d:\\Users\\bob");
    free(n);
}

/*
 * A copy owns all it holds: the source released, the copy builds the same
 * command line and environment, and keeps its records and the key.
 */
static void test_plan_copy_is_deep(void **state)
{
    static const char *const argv[] = {
        "E:\\store", "F:\\stray", "/offlineWinDir:D:\\Windows", "/ue:*\\*",
        "/ui:CONTOSO\\ann", "/i:MigApp.xml", "/c", "/v:13", "/nosuch",
        "/apps", "/lac", "/encrypt", "/key:Secret-12345",
    };
    struct plan src, dst;
    struct cmdline_built a, b;

    (void)state;
    plan_init(&src);
    assert_int_equal(cmdline_parse_argv(&src, (int)(sizeof(argv) /
                                                    sizeof(argv[0])),
                                        argv, NULL), 0);
    plan_set_env(&src, "MIG_OFFLINE_PLATFORM_ARCH", "32");
    plan_set_env(&src, "SOMETHING", "else");
    plan_strv_push(&src.extra_args, "/r:3");
    cmdline_built_init(&a);
    cmdline_built_init(&b);
    assert_int_equal(cmdline_build(&src, "k.txt", "scanstate.exe", &a, NULL),
                     0);
    plan_copy(&dst, &src);
    plan_release(&src);
    assert_int_equal(cmdline_build(&dst, "k.txt", "scanstate.exe", &b, NULL),
                     0);
    assert_string_equal(a.display, b.display);
    assert_int_equal(a.n_env, b.n_env);
    for (size_t i = 0; i < a.n_env; i++)
        assert_string_equal(a.env[i], b.env[i]);
    assert_int_equal(dst.n_switches, sizeof(argv) / sizeof(argv[0]));
    assert_int_equal(plan_count_switch(&dst, PLAN_SW_STORE), 2);
    assert_string_equal(dst.key, "Secret-12345");
    assert_int_equal(dst.n_user_rules, 2);
    cmdline_built_release(&a);
    cmdline_built_release(&b);
    plan_release(&dst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_init_is_empty),
        cmocka_unit_test(test_plan_setters_copy_and_replace),
        cmocka_unit_test(test_plan_sids_have_no_duplicates),
        cmocka_unit_test(test_plan_env_routes_known_names),
        cmocka_unit_test(test_plan_switch_records_count),
        cmocka_unit_test(test_plan_efs_names_round_trip),
        cmocka_unit_test(test_plan_secure_zero_clears),
        cmocka_unit_test(test_plan_winpath_eq_ignores_spelling),
        cmocka_unit_test(test_plan_copy_is_deep),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The loadstate command-line reader: switch forms, lists, flags, unknown
 * and repeated switches, values that are missing, /lac passwords and keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/err.h"
#include "core/plan/loadcmd.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void test_loadcmd_reads_every_switch(void **state)
{
    const char *argv[] = {
        "E:\\store", "/i:MigApp.xml", "/i", "MigDocs.xml",
        "/config:C:\\c.xml", "/decrypt:AES_256", "/keyfile:K:\\k.txt",
        "/hardlink", "/nocompress", "/lac", "/lae",
        "/mu:PC1\\ana:PC2\\ana", "/md:OLD:NEW", "/ui:S-1-5-21-1*",
        "/ue:*\\*", "/c", "/v:13", "/l:C:\\load.log",
        "/progress:C:\\p.log",
    };
    struct loadcmd lc;

    (void)state;
    assert_int_equal(loadcmd_parse(&lc, ARGC(argv), argv, NULL), 0);
    assert_string_equal(lc.store, "E:\\store");
    assert_int_equal(lc.n_xml, 2);
    assert_string_equal(lc.xml[1], "MigDocs.xml");
    assert_string_equal(lc.config, "C:\\c.xml");
    assert_true(lc.decrypt);
    assert_string_equal(lc.decrypt_alg, "AES_256");
    assert_string_equal(lc.keyfile, "K:\\k.txt");
    assert_null(lc.key);
    assert_true(lc.hardlink && lc.nocompress && lc.lac && lc.lae && lc.c);
    assert_false(lc.lac_password);
    assert_int_equal(lc.n_mu, 1);
    assert_int_equal(lc.n_md, 1);
    assert_int_equal(lc.n_ui, 1);
    assert_int_equal(lc.n_ue, 1);
    assert_string_equal(lc.v, "13");
    assert_string_equal(lc.l, "C:\\load.log");
    assert_string_equal(lc.progress, "C:\\p.log");
    assert_int_equal(lc.n_unknown, 0);
    assert_int_equal(lc.n_repeated, 0);
    assert_false(lc.offline);
    loadcmd_release(&lc);
}

static void test_loadcmd_case_and_dash(void **state)
{
    const char *argv[] = { "\\\\srv\\s", "-HardLink", "/NOCOMPRESS",
                           "/Decrypt", "/KEY", "sesame", "/Q" };
    struct loadcmd lc;

    (void)state;
    assert_int_equal(loadcmd_parse(&lc, ARGC(argv), argv, NULL), 0);
    assert_true(lc.hardlink && lc.nocompress && lc.decrypt && lc.q);
    assert_null(lc.decrypt_alg);
    /* the key is borrowed from argv, never copied */
    assert_ptr_equal(lc.key, argv[5]);
    loadcmd_release(&lc);
}

static void test_loadcmd_lac_password_not_kept(void **state)
{
    const char *with[] = { "E:\\s", "/lac:Secret1" };
    const char *without[] = { "E:\\s", "/lac" };
    struct loadcmd lc;

    (void)state;
    assert_int_equal(loadcmd_parse(&lc, 2, with, NULL), 0);
    assert_true(lc.lac && lc.lac_password);
    loadcmd_release(&lc);
    assert_int_equal(loadcmd_parse(&lc, 2, without, NULL), 0);
    assert_true(lc.lac);
    assert_false(lc.lac_password);
    loadcmd_release(&lc);
}

static void test_loadcmd_unknown_repeated_offline(void **state)
{
    const char *argv[] = { "E:\\s", "/o", "/c", "/c", "/l:a", "/l:b",
                           "/offlineWinDir:D:\\Windows", "extra" };
    struct loadcmd lc;

    (void)state;
    assert_int_equal(loadcmd_parse(&lc, ARGC(argv), argv, NULL), 0);
    assert_int_equal(lc.n_unknown, 2);
    assert_string_equal(lc.unknown[0], "/o");
    assert_string_equal(lc.unknown[1], "extra");
    assert_int_equal(lc.n_repeated, 2);
    assert_string_equal(lc.repeated[0], "c");
    assert_string_equal(lc.repeated[1], "l");
    assert_true(lc.offline);
    loadcmd_release(&lc);
}

static void test_loadcmd_missing_value(void **state)
{
    const char *argv[] = { "E:\\s", "/i" };
    const char *argv2[] = { "E:\\s", "/mu", "/c" };
    struct loadcmd lc;
    struct wiz_err err;

    (void)state;
    assert_int_equal(loadcmd_parse(&lc, 2, argv, &err), -1);
    assert_non_null(strstr(err.msg, "'/i' needs a value"));
    loadcmd_release(&lc);
    assert_int_equal(loadcmd_parse(&lc, 3, argv2, &err), -1);
    assert_non_null(strstr(err.msg, "'/mu'"));
    loadcmd_release(&lc);
}

static void test_loadcmd_split_map(void **state)
{
    char o[64], n[64];

    (void)state;
    assert_true(loadcmd_split_map("PC1\\ana:PC2\\ana", o, n, sizeof(o)));
    assert_string_equal(o, "PC1\\ana");
    assert_string_equal(n, "PC2\\ana");
    assert_true(loadcmd_split_map("PC1\\bo:AzureAD\\bo@contoso.com", o, n,
                                  sizeof(o)));
    assert_string_equal(n, "AzureAD\\bo@contoso.com");
    assert_false(loadcmd_split_map("PC1\\ana", o, n, sizeof(o)));
    assert_false(loadcmd_split_map(":x", o, n, sizeof(o)));
    assert_false(loadcmd_split_map("x:", o, n, sizeof(o)));
}

static void test_loadcmd_mu_target(void **state)
{
    const char *argv[] = { "E:\\s", "/mu:PC1\\ana:PC2\\ana.b",
                           "/mu:S-1-5-21-1-2-3-1002:AzureAD\\bo" };
    struct loadcmd lc;
    char nw[64];

    (void)state;
    assert_int_equal(loadcmd_parse(&lc, 3, argv, NULL), 0);
    assert_true(loadcmd_mu_target(&lc, "ANA", NULL, nw, sizeof(nw)));
    assert_string_equal(nw, "ana.b");
    assert_true(loadcmd_mu_target(&lc, "x", "S-1-5-21-1-2-3-1002", nw,
                                  sizeof(nw)));
    assert_string_equal(nw, "bo");
    assert_false(loadcmd_mu_target(&lc, "carl", "S-1-5-21-9", nw,
                                   sizeof(nw)));
    /* the whole new side, and whether it is an AzureAD\ account */
    assert_true(loadcmd_mu_new(&lc, "x", "S-1-5-21-1-2-3-1002", nw,
                               sizeof(nw)));
    assert_string_equal(nw, "AzureAD\\bo");
    assert_true(loadcmd_is_azuread(nw));
    assert_true(loadcmd_mu_new(&lc, "ana", NULL, nw, sizeof(nw)));
    assert_string_equal(nw, "PC2\\ana.b");
    assert_false(loadcmd_is_azuread(nw));
    assert_true(loadcmd_is_azuread("azuread\\bo@contoso.com"));
    assert_false(loadcmd_is_azuread("AzureADX\\bo"));
    assert_false(loadcmd_is_azuread("AzureAD"));
    assert_false(loadcmd_mu_new(&lc, "carl", "S-1-5-21-9", nw, sizeof(nw)));
    loadcmd_release(&lc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loadcmd_reads_every_switch),
        cmocka_unit_test(test_loadcmd_case_and_dash),
        cmocka_unit_test(test_loadcmd_lac_password_not_kept),
        cmocka_unit_test(test_loadcmd_unknown_repeated_offline),
        cmocka_unit_test(test_loadcmd_missing_value),
        cmocka_unit_test(test_loadcmd_split_map),
        cmocka_unit_test(test_loadcmd_mu_target),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

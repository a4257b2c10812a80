/*
 * Facts gathering for the rules: a practice volume tree (drive folders
 * C, D, E with .volume facts files) stands for the machine; the plan's
 * Windows paths are mapped onto it, without regard to case, and what is
 * there (an existing store, XML files good and bad, a key file, free
 * space) becomes facts the rules then judge.
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
#include "core/plan/cmdline.h"
#include "core/plan/plan.h"
#include "core/rules/rules.h"
#include "platform/fs.h"
#include "platform/vol.h"
#include "../support/testlib.h"

struct tree {
    char *root;
    struct vol_list vols;
};

static void put(const char *root, const char *rel, const char *text)
{
    char *p = xasprintf("%s/%s", root, rel);

    test_write(p, text, strlen(text));
    free(p);
}

static void tree_make(struct tree *t)
{
    struct wiz_err err;

    t->root = test_tmpdir("rules-facts");
    put(t->root, "C/placeholder", "");
    put(t->root, "D/Windows/System32/config/placeholder", "");
    put(t->root, "D/Users/jdoe/NTUSER.DAT", "x");
    put(t->root, "D.volume", "fs=NTFS\nkind=fixed\nfree=50000000000\n"
        "total=100000000000\n");
    /* E: a small FAT32 USB stick holding an old store and the XML files */
    put(t->root, "E/Store/PC1/usmt/usmt.mig", "MIG");
    put(t->root, "E/xml/MigDocs.xml",
        "<?xml version=\"1.0\"?>\n<migration urlid=\"http://www.microsoft."
        "com/migration/1.0/migxmlext/migdocs\"><component/></migration>\n");
    put(t->root, "E/xml/Broken.xml", "<migration><component></migration>\n");
    put(t->root, "E/xml/Settings.xml",
        "<?xml version=\"1.0\"?>\n<Configuration><Policies/></Configuration>"
        "\n");
    put(t->root, "E/xml/Evil.xml",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE migration [<!ENTITY a \"aaaa\">"
        "]>\n<migration>&a;</migration>\n");
    put(t->root, "E/key.txt", "correct horse battery staple\n");
    put(t->root, "E.volume", "fs=FAT32\nkind=removable\nfree=104857600\n"
        "total=8000000000\n");
    put(t->root, "X/Windows/System32/placeholder", "");
    assert_int_equal(vol_enumerate(t->root, &t->vols, &err), 0);
    assert_int_equal(t->vols.n, 4);
}

static void tree_free(struct tree *t)
{
    vol_list_release(&t->vols);
    test_tmpdir_remove(t->root);
}

static void plan_from(struct plan *plan, const char *line)
{
    struct wiz_err err;

    plan_init(plan);
    assert_int_equal(cmdline_parse_string(plan, line, &err), 0);
}

static void test_rules_facts_map_path_ignores_case(void **state)
{
    struct tree t;
    char *p;

    (void)state;
    tree_make(&t);
    p = rules_map_path(&t.vols, "e:\\STORE\\pc1\\USMT\\USMT.MIG");
    assert_non_null(p);
    assert_true(fs_exists(p));
    assert_non_null(strstr(p, "/E/Store/PC1/usmt/usmt.mig"));
    free(p);
    /* a missing tail keeps the spelling given */
    p = rules_map_path(&t.vols, "D:\\Users\\New Folder");
    assert_non_null(strstr(p, "/D/Users/New Folder"));
    free(p);
    assert_null(rules_map_path(&t.vols, "Q:\\nowhere"));
    assert_null(rules_map_path(&t.vols, "relative\\store"));
    assert_null(rules_map_path(&t.vols, "\\\\server\\share\\x"));
    assert_null(rules_map_path(NULL, "D:\\Windows"));
    tree_free(&t);
}

static void test_rules_facts_existing_store_and_space(void **state)
{
    struct tree t;
    struct plan plan;
    struct rule_facts f;

    (void)state;
    tree_make(&t);
    plan_from(&plan, "E:\\Store\\PC1 /offlineWinDir:D:\\Windows /c");
    plan_set_env(&plan, "USMT_WORKING_DIR", "D:\\usmtwork");
    assert_int_equal(rules_facts_gather(&plan, &t.vols, NULL, NULL, &f), 0);
    assert_true(f.store.place.known);
    assert_true(f.store.place.exists);
    assert_true(f.store.place.is_dir);
    assert_true(f.store.has_store);
    assert_string_equal(f.store.store_marker, "USMT\\usmt.mig");
    assert_string_equal(f.store.place.fs, "FAT32");
    assert_int_equal(f.store.place.kind, VOL_REMOVABLE);
    assert_true(f.store.place.free_known);
    assert_int_equal(f.store.place.free_bytes, 104857600);
    assert_int_equal(f.store.same_volume_as_os, 0);
    /* the working directory does not exist yet; D: has room */
    assert_true(f.workdir.known);
    assert_false(f.workdir.exists);
    assert_int_equal(f.workdir.free_bytes, 50000000000ull);

    /* the rules judge those facts: rc 27 without /o */
    struct rule_ctx ctx;
    struct findings fs;
    bool exists = false;
    bool missing = false;

    memset(&ctx, 0, sizeof(ctx));
    ctx.plan = &plan;
    ctx.facts = &f;
    findings_init(&fs);
    rules_check(&ctx, &fs);
    for (size_t i = 0; i < fs.n; i++) {
        exists |= !strcmp(fs.f[i].rule->id, "store-exists");
        missing |= !strcmp(fs.f[i].rule->id, "workdir-missing");
    }
    assert_true(exists);
    assert_true(missing);
    findings_release(&fs);
    rule_facts_release(&f);
    plan_release(&plan);
    tree_free(&t);
}

static void test_rules_facts_xml_files(void **state)
{
    struct tree t;
    struct plan plan;
    struct rule_facts f;

    (void)state;
    tree_make(&t);
    plan_from(&plan, "E:\\new /i:E:\\xml\\migdocs.xml /i:E:\\xml\\Broken.xml "
              "/i:E:\\xml\\Settings.xml /i:E:\\xml\\Gone.xml "
              "/i:E:\\xml\\Evil.xml /i:MigApp.xml /config:E:\\xml\\MigDocs.xml "
              "/encrypt /keyfile:E:\\key.txt");
    assert_int_equal(rules_facts_gather(&plan, &t.vols, NULL, NULL, &f), 0);
    assert_int_equal(f.n_xml, 6);
    assert_true(f.xml[0].parsed);
    assert_string_equal(f.xml[0].root, "migration");
    assert_true(f.xml[1].exists);
    assert_false(f.xml[1].parsed);
    assert_non_null(f.xml[1].error);
    assert_string_equal(f.xml[2].root, "Configuration");
    assert_true(f.xml[3].known);
    assert_false(f.xml[3].exists);
    /* a document type declaration is refused: no entity expansion */
    assert_false(f.xml[4].parsed);
    /* relative to a folder we cannot know */
    assert_false(f.xml[5].known);
    assert_true(f.config.parsed);
    assert_string_equal(f.config.root, "migration");
    assert_int_equal(f.keyfile_readable, 1);
    assert_false(f.store.place.exists);

    struct rule_ctx ctx;
    struct findings fs;
    const char *want[] = { "xml-malformed", "xml-config-as-i", "xml-missing",
                           "config-bad" };
    bool seen[4] = { false, false, false, false };

    memset(&ctx, 0, sizeof(ctx));
    ctx.plan = &plan;
    ctx.facts = &f;
    findings_init(&fs);
    rules_check(&ctx, &fs);
    for (size_t i = 0; i < fs.n; i++) {
        for (size_t j = 0; j < 4; j++)
            seen[j] |= !strcmp(fs.f[i].rule->id, want[j]);
        assert_string_not_equal(fs.f[i].rule->id, "keyfile-unreadable");
        assert_string_not_equal(fs.f[i].rule->id, "store-exists");
    }
    for (size_t j = 0; j < 4; j++) {
        if (!seen[j])
            fprintf(stderr, "rule '%s' did not fire\n", want[j]);
        assert_true(seen[j]);
    }
    findings_release(&fs);
    rule_facts_release(&f);
    plan_release(&plan);

    plan_from(&plan, "E:\\new /encrypt /keyfile:E:\\nokey.txt");
    assert_int_equal(rules_facts_gather(&plan, &t.vols, NULL, NULL, &f), 0);
    assert_int_equal(f.keyfile_readable, 0);
    rule_facts_release(&f);
    plan_release(&plan);
    tree_free(&t);
}

static void test_rules_facts_without_volumes(void **state)
{
    struct plan plan;
    struct rule_facts f;

    (void)state;
    plan_from(&plan, "E:\\s /i:E:\\a.xml /keyfile:E:\\k.txt");
    assert_int_equal(rules_facts_gather(&plan, NULL, NULL, NULL, &f), 0);
    assert_false(f.store.place.known);
    assert_false(f.workdir.known);
    assert_false(f.xml[0].known);
    assert_int_equal(f.keyfile_readable, -1);
    assert_false(f.estimate_known);
    rule_facts_release(&f);
    plan_release(&plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_facts_map_path_ignores_case),
        cmocka_unit_test(test_rules_facts_existing_store_and_space),
        cmocka_unit_test(test_rules_facts_xml_files),
        cmocka_unit_test(test_rules_facts_without_volumes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

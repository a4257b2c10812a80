#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/usmt/usmtxml.h"
#include "platform/fs.h"
#include "../support/testlib.h"

static struct usmtxml_doc *load_fixture(const char *name)
{
    char *rel = xasprintf("xml/%s", name);
    char *path = test_fixture(rel);
    struct usmtxml_doc *doc = NULL;
    struct wiz_err err;

    err_clear(&err);
    if (usmtxml_load(path, &doc, &err) < 0) {
        fail_msg("%s", err.msg);
    }
    free(path);
    free(rel);
    return doc;
}

/* Load a fixture that must fail; returns the message (static buffer). */
static const char *load_fails(const char *name, enum wiz_err_code code)
{
    static struct wiz_err err;
    char *rel = xasprintf("xml/%s", name);
    char *path = test_fixture(rel);
    struct usmtxml_doc *doc = NULL;

    err_clear(&err);
    assert_int_equal(usmtxml_load(path, &doc, &err), -1);
    assert_null(doc);
    assert_int_equal(err.code, code);
    free(path);
    free(rel);
    return err.msg;
}

static void test_usmtxml_migration_components(void **state)
{
    struct usmtxml_doc *doc = load_fixture("mig-small.xml");
    const struct usmtxml_component *c;

    (void)state;
    assert_int_equal(usmtxml_kind(doc), USMTXML_MIGRATION);
    assert_string_equal(usmtxml_root_name(doc), "migration");
    assert_string_equal(usmtxml_urlid(doc),
                        "http://www.microsoft.com/migration/1.0/migxmlext/"
                        "testapp");
    assert_string_equal(usmtxml_urlid_name(doc), "testapp");
    assert_int_equal(usmtxml_component_count(doc), 4);
    assert_int_equal(usmtxml_top_level_count(doc), 3);
    c = usmtxml_component(doc, 0);
    assert_string_equal(c->name, "Project Files");
    assert_string_equal(c->type, "Documents");
    assert_int_equal(c->migrate, USMTXML_MIGRATE_NONE);
    assert_null(c->section);
    assert_int_equal(c->line, 4);
    c = usmtxml_component(doc, 1);
    assert_string_equal(c->name, "Editor & Tools");
    c = usmtxml_component(doc, 2);
    assert_string_equal(c->name, "Editor settings");
    assert_int_equal(c->parent, 1);
    assert_int_equal(c->depth, 1);
    assert_false(c->top_level);
    assert_string_equal(usmtxml_component(doc, 3)->name, "Fonts <all>");
    assert_null(usmtxml_component(doc, 4));
    /* only Config.xml components can be switched */
    assert_int_equal(usmtxml_set_migrate(doc, 0, false, false, NULL), -1);
    usmtxml_free(doc);
}

static void test_usmtxml_config_tree_toggle_and_save(void **state)
{
    struct usmtxml_doc *doc = load_fixture("config-small.xml");
    struct usmtxml_doc *again;
    char *dir = test_tmpdir("usmtxml-save");
    char *out = fs_join(dir, "Config-new.xml");
    char *orig_path = test_fixture("xml/config-small.xml");
    char *before;
    char *after;
    size_t len;
    struct wiz_err err;

    (void)state;
    assert_int_equal(usmtxml_kind(doc), USMTXML_CONFIG);
    assert_null(usmtxml_urlid(doc));
    assert_null(usmtxml_urlid_name(doc));
    assert_int_equal(usmtxml_component_count(doc), 7);
    assert_int_equal(usmtxml_top_level_count(doc), 0);
    assert_string_equal(usmtxml_component(doc, 0)->section, "Applications");
    assert_string_equal(usmtxml_component(doc, 1)->name, "Chrome");
    assert_int_equal(usmtxml_component(doc, 1)->migrate, USMTXML_MIGRATE_NO);
    assert_string_equal(usmtxml_component(doc, 2)->section, "Documents");
    assert_string_equal(usmtxml_component(doc, 3)->section,
                        "WindowsComponents");
    assert_string_equal(usmtxml_component(doc, 3)->id, "programs");
    assert_int_equal(usmtxml_component(doc, 5)->depth, 2);
    assert_int_equal(usmtxml_component(doc, 5)->parent, 4);
    assert_int_equal(usmtxml_component(doc, 6)->migrate,
                     USMTXML_MIGRATE_OTHER);
    assert_int_equal(usmtxml_component(doc, 6)->depth, 0);

    assert_int_equal(fs_read_file(orig_path, 1 << 20, &before, &len, &err),
                     0);
    /* "programs" off with everything inside it, "gadgets" untouched */
    assert_int_equal(usmtxml_set_migrate(doc, 3, false, true, &err), 0);
    assert_int_equal(usmtxml_set_migrate(doc, 1, true, false, &err), 0);
    assert_int_equal(usmtxml_set_migrate(doc, 99, true, false, &err), -1);
    assert_int_equal(usmtxml_save_as(doc, out, false, &err), 0);
    /* never the original, never over a file unless asked */
    assert_int_equal(usmtxml_save_as(doc, orig_path, true, &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    assert_int_equal(usmtxml_save_as(doc, out, false, &err), -1);
    assert_int_equal(err.code, WIZ_EEXIST);
    assert_int_equal(usmtxml_save_as(doc, out, true, &err), 0);
    assert_int_equal(fs_read_file(orig_path, 1 << 20, &after, &len, &err),
                     0);
    assert_string_equal(before, after);

    assert_int_equal(usmtxml_load(out, &again, &err), 0);
    assert_int_equal(usmtxml_component_count(again), 7);
    for (size_t i = 3; i <= 5; i++) {
        assert_int_equal(usmtxml_component(again, i)->migrate,
                         USMTXML_MIGRATE_NO);
    }
    assert_int_equal(usmtxml_component(again, 1)->migrate,
                     USMTXML_MIGRATE_YES);
    assert_int_equal(usmtxml_component(again, 6)->migrate,
                     USMTXML_MIGRATE_OTHER);
    usmtxml_free(again);
    usmtxml_free(doc);
    free(before);
    free(after);
    free(orig_path);
    free(out);
    test_tmpdir_remove(dir);
}

static void test_usmtxml_classifies_roots(void **state)
{
    static const struct {
        const char *xml;
        enum usmtxml_kind kind;
    } cases[] = {
        { "<migration urlid='u'/>", USMTXML_MIGRATION },
        { "<Configuration/>", USMTXML_CONFIG },
        { "<offline><winDir/></offline>", USMTXML_OFFLINE },
        { "<Offline/>", USMTXML_OFFLINE },
        { "<PreMigration/>", USMTXML_OTHER },
        { "<configuration/>", USMTXML_OTHER },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct usmtxml_doc *doc;
        struct wiz_err err;

        assert_int_equal(usmtxml_parse(cases[i].xml, strlen(cases[i].xml),
                                       "t.xml", &doc, &err), 0);
        assert_int_equal(usmtxml_kind(doc), cases[i].kind);
        usmtxml_free(doc);
    }
    assert_string_equal(usmtxml_kind_name(USMTXML_CONFIG), "Config.xml");
}

static void test_usmtxml_malformed_gives_line_and_stays_quiet(void **state)
{
    char *dir = test_tmpdir("usmtxml-quiet");
    char *log = fs_join(dir, "stderr.txt");
    int saved = dup(2);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const char *msg;
    char *data;
    size_t len;
    struct wiz_err err;

    (void)state;
    assert_true(saved >= 0 && fd >= 0);
    fflush(stderr);
    dup2(fd, 2);
    close(fd);
    msg = load_fails("tag-mismatch.xml", WIZ_EFORMAT);
    assert_non_null(strstr(msg, "line 7: Opening and ending tag mismatch: "
                                "localGroups line 4 and ProfileControl"));
    msg = load_fails("offline-extra-content.xml", WIZ_EFORMAT);
    assert_non_null(strstr(msg, "line 7: Extra content at the end of the "
                                "document"));
    msg = load_fails("billion-laughs.xml", WIZ_EFORMAT);
    assert_non_null(strstr(msg, "document type declaration"));
    msg = load_fails("external-entity.xml", WIZ_EFORMAT);
    assert_non_null(strstr(msg, "document type declaration"));
    msg = load_fails("no-such-file.xml", WIZ_ENOENT);
    assert_int_equal(usmtxml_parse("", 0, "empty.xml", &(struct usmtxml_doc *){
                                       NULL }, &err), -1);
    assert_int_equal(usmtxml_parse("\\<?xml version='1.0'?><a/>", 26, "bs",
                                   &(struct usmtxml_doc *){ NULL }, &err),
                     -1);
    assert_non_null(strstr(err.msg, "line 1: Start tag expected"));
    /* cp1252 curly quotes around an attribute value */
    assert_int_equal(usmtxml_parse("<a b=\x93x\x94/>", 10, "q",
                                   &(struct usmtxml_doc *){ NULL }, &err),
                     -1);
    assert_non_null(strstr(err.msg, "line 1: AttValue: \" or ' expected"));
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    assert_int_equal(fs_read_file(log, 65536, &data, &len, &err), 0);
    if (len) {
        fail_msg("libxml2 printed: %s", data);
    }
    free(data);
    free(log);
    test_tmpdir_remove(dir);
}

static void test_usmtxml_refuses_too_large(void **state)
{
    struct usmtxml_doc *doc;
    struct wiz_err err;
    static const char small[] = "<a/>";

    (void)state;
    /* the length is checked before a byte is read */
    assert_int_equal(usmtxml_parse(small, (size_t)USMTXML_MAX_BYTES + 1,
                                   "big.xml", &doc, &err), -1);
    assert_int_equal(err.code, WIZ_ELIMIT);
}

static void test_usmtxml_plain_tree(void **state)
{
    static const char xml[] =
        "<r a='1' b='x&amp;y'>\n  t1<c>inner</c>t2<![CDATA[<cd>]]>\n"
        "  <d/></r>";
    struct usmtxml_elem *root;
    struct wiz_err err;

    (void)state;
    assert_int_equal(usmtxml_parse_tree(xml, strlen(xml), "t", &root, &err),
                     0);
    assert_string_equal(root->name, "r");
    assert_string_equal(usmtxml_elem_attr(root, "b"), "x&y");
    assert_null(usmtxml_elem_attr(root, "B"));
    assert_int_equal(root->n_children, 2);
    assert_string_equal(root->children[0].text, "inner");
    assert_int_equal(root->children[1].line, 3);
    assert_non_null(strstr(root->text, "t1"));
    assert_non_null(strstr(root->text, "t2<cd>"));
    usmtxml_elem_free(root);
}

/* ---- against the real files, when they are here ---- */

struct real_case {
    const char *file;
    enum usmtxml_kind kind;
    size_t all;
    size_t top;
    int migrate_yes;        /* -1 = not checked */
};

static const struct real_case real_cases[] = {
    { "conradhyler-usmt/MigApp.xml", USMTXML_MIGRATION, 88, 32, -1 },
    { "Dbritt73-Pwsh-USMT/MigApp.xml", USMTXML_MIGRATION, 124, 34, -1 },
    { "Dbritt73-Pwsh-USMT/MigDocs.xml", USMTXML_MIGRATION, 2, 2, -1 },
    { "clinton-dale-USMT_Backup/MigDocs.xml", USMTXML_MIGRATION, 3, 3, -1 },
    { "conradhyler-usmt/MigUser.xml", USMTXML_MIGRATION, 16, 16, -1 },
    { "Dbritt73-Pwsh-USMT/MigUser.xml", USMTXML_MIGRATION, 17, 17, -1 },
    { "clinton-dale-USMT_Backup/MigUser.xml", USMTXML_MIGRATION, 16, 16, -1 },
    { "Jbunsto-deploy-hostbackup/MigUser.xml", USMTXML_MIGRATION, 16, 16,
      -1 },
    { "conradhyler-usmt/config.xml", USMTXML_CONFIG, 157, 0, 157 },
    { "Dbritt73-Pwsh-USMT/offline/config.xml", USMTXML_CONFIG, 163, 0, 163 },
    { "clinton-dale-USMT_Backup/Config.XML", USMTXML_CONFIG, 178, 0, 178 },
    { "clinton-dale-USMT_Backup/Config_Win10.XML", USMTXML_CONFIG, 178, 0,
      41 },
    { "SuperGrate/MigSgAdditional.xml", USMTXML_MIGRATION, 3, 3, -1 },
    { "WCEngineer-USMT/MigAppData.xml", USMTXML_MIGRATION, 2, 2, -1 },
    { "clinton-dale-USMT_Backup/MigBackground.xml", USMTXML_MIGRATION, 2, 2,
      -1 },
    { "clinton-dale-USMT_Backup/Mig_Chrome.xml", USMTXML_MIGRATION, 1, 1,
      -1 },
    { "clinton-dale-USMT_Backup/Mig_Exclusions.xml", USMTXML_MIGRATION, 1, 1,
      -1 },
    { "clinton-dale-USMT_Backup/Mig_Outlook.xml", USMTXML_MIGRATION, 1, 1,
      -1 },
    { "clinton-dale-USMT_Backup/Printers_Shares.xml", USMTXML_MIGRATION, 3,
      3, -1 },
};

struct real_bad {
    const char *file;
    const char *want;
};

static const struct real_bad real_bad[] = {
    { "conradhyler-usmt/config-offline.xml",
      "line 252: Opening and ending tag mismatch: localGroups line 228 and "
      "ProfileControl" },
    { "conradhyler-usmt/offline.xml",
      "line 8: Extra content at the end of the document" },
    { "Dbritt73-Pwsh-USMT/offline/ExcludeDrive.xml",
      "line 1: Start tag expected" },
    { "Dbritt73-Pwsh-USMT/offline/include.xml",
      "line 1: AttValue: \" or ' expected" },
};

static void test_usmtxml_real_files_match_facts(void **state)
{
    char *base = test_realdata("usmt-xml");

    (void)state;
    if (!base) {
        skip();
    }
    for (size_t i = 0; i < sizeof(real_cases) / sizeof(real_cases[0]); i++) {
        const struct real_case *rc = &real_cases[i];
        char *path = fs_join(base, rc->file);
        struct usmtxml_doc *doc;
        struct wiz_err err;
        int yes = 0;

        if (usmtxml_load(path, &doc, &err) < 0) {
            fail_msg("%s", err.msg);
        }
        assert_int_equal(usmtxml_kind(doc), rc->kind);
        if (usmtxml_component_count(doc) != rc->all ||
            usmtxml_top_level_count(doc) != rc->top) {
            fail_msg("%s: %zu/%zu components, want %zu/%zu", rc->file,
                     usmtxml_component_count(doc),
                     usmtxml_top_level_count(doc), rc->all, rc->top);
        }
        for (size_t j = 0; j < usmtxml_component_count(doc); j++) {
            if (usmtxml_component(doc, j)->migrate == USMTXML_MIGRATE_YES) {
                yes++;
            }
        }
        if (rc->migrate_yes >= 0) {
            assert_int_equal(yes, rc->migrate_yes);
        }
        if (rc->kind == USMTXML_MIGRATION) {
            assert_non_null(usmtxml_urlid(doc));
        }
        usmtxml_free(doc);
        free(path);
    }
    for (size_t i = 0; i < sizeof(real_bad) / sizeof(real_bad[0]); i++) {
        char *path = fs_join(base, real_bad[i].file);
        struct usmtxml_doc *doc;
        struct wiz_err err;

        assert_int_equal(usmtxml_load(path, &doc, &err), -1);
        if (!strstr(err.msg, real_bad[i].want)) {
            fail_msg("%s: got '%s'", real_bad[i].file, err.msg);
        }
        free(path);
    }
    free(base);
}

static void test_usmtxml_real_migapp_first_names(void **state)
{
    char *path = test_realdata("usmt-xml/conradhyler-usmt/MigApp.xml");
    struct usmtxml_doc *doc;
    struct wiz_err err;
    static const char *const first[] = {
        "Lotus Notes", "RealPlayer Basic", "Windows Live", "QuickTime Player"
    };
    size_t k = 0;

    (void)state;
    if (!path) {
        skip();
    }
    assert_int_equal(usmtxml_load(path, &doc, &err), 0);
    for (size_t i = 0; i < usmtxml_component_count(doc) && k < 4; i++) {
        const struct usmtxml_component *c = usmtxml_component(doc, i);

        if (c->top_level) {
            assert_string_equal(c->name, first[k]);
            k++;
        }
    }
    assert_int_equal(k, 4);
    usmtxml_free(doc);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usmtxml_migration_components),
        cmocka_unit_test(test_usmtxml_config_tree_toggle_and_save),
        cmocka_unit_test(test_usmtxml_classifies_roots),
        cmocka_unit_test(test_usmtxml_malformed_gives_line_and_stays_quiet),
        cmocka_unit_test(test_usmtxml_refuses_too_large),
        cmocka_unit_test(test_usmtxml_plain_tree),
        cmocka_unit_test(test_usmtxml_real_files_match_facts),
        cmocka_unit_test(test_usmtxml_real_migapp_first_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

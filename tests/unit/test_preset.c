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
#include "core/plan/plan.h"
#include "core/plan/preset.h"
#include "core/offline/users.h"
#include "platform/fs.h"
#include "platform/sys.h"

static int load_text(const char *text, struct preset *p, struct wiz_err *err)
{
    return preset_load_buffer("p.xml", text, strlen(text), p, err);
}

static void test_preset_loads_the_shipped_example(void **state)
{
    char *path = test_asset("presets/bench-standard.xml");
    struct preset p;
    struct wiz_err err;

    (void)state;
    assert_int_equal(preset_load(path, &p, &err), 0);
    assert_string_equal(p.name, "Bench standard capture");
    assert_string_equal(p.store_template,
                        "E:\\stores\\%job%-%COMPUTERNAME%-%DATE%");
    assert_int_equal(p.store_kind, PLAN_STORE_COMPRESSED);
    assert_int_equal(p.used_within_days, 365);
    assert_int_equal(p.exclude_sids.n, 2);
    assert_int_equal(p.xml_files.n, 2);
    assert_int_equal(p.verbosity, 5);
    assert_int_equal(p.efs, PLAN_EFS_COPYRAW);
    assert_true(p.continue_on_error);
    assert_int_equal(p.n_fields, 3);
    assert_true(p.fields[0].required);
    assert_string_equal(p.fields[0].label, "Job number");
    preset_release(&p);
    free(path);
}

static void test_preset_errors_carry_line_numbers(void **state)
{
    struct preset p;
    struct wiz_err err;
    static const struct {
        const char *xml;
        const char *want;
    } cases[] = {
        { "<usmtwizPreset>\n<store>E:\\s</store>\n<bogus/>\n"
          "</usmtwizPreset>", "p.xml:3: unknown element <bogus>" },
        { "<usmtwizPreset>\n<store>E:\\s</store>\n<encryption>\n"
          "<key>secret</key></encryption></usmtwizPreset>",
          "p.xml:4: a preset never holds an encryption key" },
        { "<usmtwizPreset><store>E:\\s</store>\n<users>\n"
          "<name>CONTOSO\\ana</name></users></usmtwizPreset>",
          "p.xml:3: users are chosen by kind" },
        { "<usmtwizPreset>\n\n<store kind=\"zip\">E:\\s</store>"
          "</usmtwizPreset>", "p.xml:3: store kind must be" },
        { "<usmtwizPreset><store>E:\\s</store>\n<options verbosity=\"3\"/>"
          "</usmtwizPreset>", "p.xml:2: verbosity must be" },
        { "<usmtwizPreset><store>E:\\s</store>\n<users>"
          "<excludeSid>Administrator</excludeSid></users></usmtwizPreset>",
          "p.xml:2: excludeSid takes a SID pattern" },
        { "<usmtwizPreset>\n<name>x</name></usmtwizPreset>",
          "a preset needs a <store> path (or a <restore>" },
        { "<preset/>", "not a usmtwiz preset" },
        { "<usmtwizPreset>\n<store>E:\\s</store>\n<name>x</nam>",
          "'p.xml': line 3:" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(load_text(cases[i].xml, &p, &err), -1);
        if (!strstr(err.msg, cases[i].want))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].want);
    }
}

static void test_preset_refuses_entities(void **state)
{
    struct preset p;
    struct wiz_err err;
    const char *lol = "<?xml version=\"1.0\"?><!DOCTYPE usmtwizPreset ["
                      "<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;"
                      "&a;&a;&a;&a;&a;&a;\">]><usmtwizPreset><store>&b;"
                      "</store></usmtwizPreset>";

    (void)state;
    assert_int_equal(load_text(lol, &p, &err), -1);
    assert_non_null(strstr(err.msg, "entities"));
}

static void test_preset_save_and_load_again(void **state)
{
    char *dir = test_tmpdir("preset");
    char *path = fs_join(dir, "saved.xml");
    struct preset p;
    struct preset q;
    struct wiz_err err;

    (void)state;
    preset_init(&p);
    p.name = xstrdup("J\xC3\xB6rg's <bench> & co");
    p.store_template = xstrdup("E:\\s\\%COMPUTERNAME%");
    p.store_kind = PLAN_STORE_HARDLINK;
    p.kinds = PRESET_KIND_DOMAIN | PRESET_KIND_ENTRA;
    p.used_within_days = 30;
    plan_strv_push(&p.exclude_sids, "*-500");
    plan_strv_push(&p.xml_files, "MigDocs.xml");
    p.efs = PLAN_EFS_SKIP;
    p.encrypt = true;
    p.ask_key = false;
    p.key_file = xstrdup("F:\\keys\\k.txt");
    plan_strv_push(&p.acknowledge, "no-continue-on-error");
    assert_int_equal(preset_save(&p, path, &err), 0);
    assert_int_equal(preset_load(path, &q, &err), 0);
    assert_string_equal(q.name, p.name);
    assert_string_equal(q.store_template, p.store_template);
    assert_int_equal(q.store_kind, PLAN_STORE_HARDLINK);
    assert_int_equal(q.kinds, PRESET_KIND_DOMAIN | PRESET_KIND_ENTRA);
    assert_int_equal(q.used_within_days, 30);
    assert_int_equal(q.efs, PLAN_EFS_SKIP);
    assert_true(q.encrypt);
    assert_false(q.ask_key);
    assert_string_equal(q.key_file, "F:\\keys\\k.txt");
    assert_string_equal(q.acknowledge.items[0], "no-continue-on-error");
    preset_release(&p);
    preset_release(&q);
    free(path);
    test_tmpdir_remove(dir);
}

/* A restore preset: no <store> needed, each element of <restore> read. */
static void test_preset_restore_section(void **state)
{
    char *path = test_asset("presets/restore-standard.xml");
    struct preset p;
    struct wiz_err err;

    (void)state;
    assert_int_equal(preset_load(path, &p, &err), 0);
    assert_true(p.restore.present);
    assert_null(p.store_template);
    assert_null(p.restore.store);
    assert_int_equal(p.restore.md.n, 1);
    assert_string_equal(p.restore.md.items[0], "CONTOSO:FABRIKAM");
    assert_int_equal(p.restore.leave_out.n, 1);
    assert_int_equal(p.restore.lac, 1);
    assert_int_equal(p.restore.lae, 0);
    assert_string_equal(p.restore.lac_password_file,
                        "F:\\bench\\lac-password.txt");
    assert_int_equal(p.restore.continue_on_error, 1);
    assert_int_equal(p.restore.verbosity, 5);
    preset_release(&p);
    free(path);

    /* what is not said stays unset: the default line keeps its own */
    assert_int_equal(load_text("<usmtwizPreset><restore>\n"
                               "<store>E:\\stores\\PC</store>\n"
                               "<keyFile>F:\\k.txt</keyFile>\n"
                               "<mu>PC\\ana:NEW\\anke</mu>\n"
                               "</restore></usmtwizPreset>", &p, &err), 0);
    assert_string_equal(p.restore.store, "E:\\stores\\PC");
    assert_string_equal(p.restore.key_file, "F:\\k.txt");
    assert_string_equal(p.restore.mu.items[0], "PC\\ana:NEW\\anke");
    assert_int_equal(p.restore.lac, -1);
    assert_int_equal(p.restore.lae, -1);
    assert_int_equal(p.restore.continue_on_error, -1);
    assert_int_equal(p.restore.verbosity, PLAN_UNSET);
    assert_false(p.restore.remove_store);
    preset_release(&p);

    /* a capture preset has no restore part */
    assert_int_equal(load_text("<usmtwizPreset><store>E:\\s</store>"
                               "</usmtwizPreset>", &p, &err), 0);
    assert_false(p.restore.present);
    preset_release(&p);
}

/* Each malformed <restore> is named with the file and the line. */
static void test_preset_restore_errors(void **state)
{
    struct preset p;
    struct wiz_err err;
    static const struct {
        const char *xml;
        const char *want;
    } cases[] = {
        { "<usmtwizPreset>\n<restore>\n<mu>PC\\ana</mu>\n</restore>"
          "</usmtwizPreset>", "p.xml:3: <mu> takes OLD:NEW" },
        { "<usmtwizPreset>\n<restore>\n<md>:FABRIKAM</md>\n</restore>"
          "</usmtwizPreset>", "p.xml:3: <md> takes OLD:NEW" },
        { "<usmtwizPreset>\n<restore>\n\n<md>CONTOSO\\ana:FAB</md>"
          "</restore></usmtwizPreset>",
          "p.xml:4: <md> maps a domain to a domain" },
        { "<usmtwizPreset><restore>\n<localAccounts create=\"no\" "
          "enable=\"yes\"/></restore></usmtwizPreset>",
          "p.xml:2: enable=\"yes\" needs create=\"yes\"" },
        { "<usmtwizPreset><restore>\n<localAccounts>\n"
          "<password>x</password></localAccounts></restore>"
          "</usmtwizPreset>", "p.xml:3: a preset never holds a password" },
        { "<usmtwizPreset><restore>\n\n<key>secret</key></restore>"
          "</usmtwizPreset>", "p.xml:3: a preset never holds an encryption" },
        { "<usmtwizPreset><restore>\n<store> </store></restore>"
          "</usmtwizPreset>", "p.xml:2: <store> needs the store folder" },
        { "<usmtwizPreset><restore>\n<options verbosity=\"2\"/></restore>"
          "</usmtwizPreset>", "p.xml:2: verbosity must be" },
        { "<usmtwizPreset><restore>\n<options continueOnError=\"maybe\"/>"
          "</restore></usmtwizPreset>",
          "p.xml:2: continueOnError must be yes or no" },
        { "<usmtwizPreset><restore/>\n<restore/></usmtwizPreset>",
          "p.xml:2: a preset has one <restore>" },
        { "<usmtwizPreset><restore>\n<users/></restore></usmtwizPreset>",
          "p.xml:2: <restore> cannot contain <users>" },
        { "<usmtwizPreset><restore>\n<leaveOut/></restore>"
          "</usmtwizPreset>", "p.xml:2: <leaveOut> needs a stored user" },
        { "<usmtwizPreset><restore>\n\n<removeHardlinkStore>maybe"
          "</removeHardlinkStore></restore></usmtwizPreset>",
          "p.xml:3: <removeHardlinkStore> is yes or no" },
        { "<usmtwizPreset><restore>\n<mu>a:b</mu>\n</restore>\n"
          "<bad/></usmtwizPreset>", "p.xml:4: unknown element <bad>" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(load_text(cases[i].xml, &p, &err), -1);
        if (!strstr(err.msg, cases[i].want))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].want);
    }
}

/* The restore section is saved and read back as it was. */
static void test_preset_restore_save_and_load(void **state)
{
    char *dir = test_tmpdir("preset-restore");
    char *path = fs_join(dir, "r.xml");
    struct preset p, q;
    struct wiz_err err;

    (void)state;
    preset_init(&p);
    p.restore.present = true;
    p.restore.store = xstrdup("E:\\stores\\PC");
    p.restore.key_file = xstrdup("F:\\k.txt");
    plan_strv_push(&p.restore.mu, "PC\\ana:NEW\\anke");
    plan_strv_push(&p.restore.md, "CONTOSO:FABRIKAM");
    plan_strv_push(&p.restore.leave_out, "bob");
    p.restore.lac = 1;
    p.restore.lae = 1;
    p.restore.lac_password_file = xstrdup("F:\\pw.txt");
    p.restore.continue_on_error = 0;
    p.restore.verbosity = 13;
    p.restore.remove_store = true;
    assert_int_equal(preset_save(&p, path, &err), 0);
    assert_int_equal(preset_load(path, &q, &err), 0);
    assert_true(q.restore.present);
    assert_null(q.store_template);
    assert_string_equal(q.restore.store, p.restore.store);
    assert_string_equal(q.restore.key_file, p.restore.key_file);
    assert_string_equal(q.restore.mu.items[0], "PC\\ana:NEW\\anke");
    assert_string_equal(q.restore.md.items[0], "CONTOSO:FABRIKAM");
    assert_string_equal(q.restore.leave_out.items[0], "bob");
    assert_int_equal(q.restore.lac, 1);
    assert_int_equal(q.restore.lae, 1);
    assert_string_equal(q.restore.lac_password_file, "F:\\pw.txt");
    assert_int_equal(q.restore.continue_on_error, 0);
    assert_int_equal(q.restore.verbosity, 13);
    assert_true(q.restore.remove_store);
    preset_release(&p);
    preset_release(&q);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_preset_expands_templates(void **state)
{
    const struct preset_field_value fields[] = {
        { "job", "J/1042" }, { "customer", "" } };
    struct preset_vars vars = { "PC-07", 1764000000, fields, 2 };
    struct wiz_err err;
    char *out;

    (void)state;
    sys_setenv("TZ", "UTC");
    assert_int_equal(preset_expand("E:\\s\\%job%-%ComputerName%-%DATE%",
                                   &vars, &out, &err), 0);
    assert_string_equal(out, "E:\\s\\J_1042-PC-07-2025-11-24");
    free(out);
    assert_int_equal(preset_expand("100%% %TIME%", &vars, &out, &err), 0);
    assert_string_equal(out, "100% 1600");
    free(out);
    assert_int_equal(preset_expand("E:\\%nope%", &vars, &out, &err), -1);
    assert_non_null(strstr(err.msg, "unknown name '%nope%'"));
    assert_int_equal(preset_expand("E:\\%customer%", &vars, &out, &err), -1);
    assert_non_null(strstr(err.msg, "has no value"));
    assert_int_equal(preset_expand("E:\\%job", &vars, &out, &err), -1);
}

static struct win_user mk(const char *sid, enum user_kind kind,
                          int64_t last_use, bool folder)
{
    struct win_user u;

    memset(&u, 0, sizeof(u));
    u.sid = (char *)(uintptr_t)sid;
    u.kind = kind;
    u.last_use = last_use;
    u.folder_exists = folder;
    return u;
}

static void test_preset_selects_users_by_rules(void **state)
{
    const int64_t now = 1764000000;
    struct win_user u[] = {
        mk("S-1-5-21-1-2-3-1001", USER_LOCAL, now - 86400, true),
        mk("S-1-5-21-1-2-3-500", USER_LOCAL, now - 86400, true),
        mk("S-1-5-21-9-9-9-1105", USER_DOMAIN, now - 400 * 86400, true),
        mk("S-1-12-1-5-6-7-8", USER_ENTRA, now - 3600, true),
        mk("S-1-5-18", USER_BUILTIN, now, true),
        mk("S-1-5-21-1-2-3-1002", USER_TEMP, now, true),
        mk("S-1-5-21-1-2-3-1003", USER_ORPHAN, now, false),
        mk("S-1-5-21-1-2-3-1004", USER_BAK, now, true),
        mk("S-1-5-21-1-2-3-1005", USER_LOCAL, 0, true),
    };
    struct user_list list = { u, sizeof(u) / sizeof(u[0]) };
    struct preset p;
    struct plan plan;

    (void)state;
    preset_init(&p);
    p.used_within_days = 365;
    plan_strv_push(&p.exclude_sids, "*-500");
    plan_strv_push(&p.xml_files, "MigDocs.xml");
    plan_init(&plan);
    assert_int_equal(preset_apply(&p, &list, now, &plan), 2);
    assert_true(plan_has_sid(&plan, "S-1-5-21-1-2-3-1001"));
    assert_true(plan_has_sid(&plan, "S-1-12-1-5-6-7-8"));
    assert_false(plan_has_sid(&plan, "S-1-5-21-9-9-9-1105"));
    assert_int_equal(plan.xml_files.n, 1);
    assert_true(plan.continue_on_error);
    /* without the time limit the domain user and the unknown-use one come */
    p.used_within_days = -1;
    assert_true(preset_wants_user(&p, &u[2], now));
    assert_true(preset_wants_user(&p, &u[8], now));
    p.kinds = PRESET_KIND_ENTRA;
    assert_false(preset_wants_user(&p, &u[0], now));
    assert_true(preset_wants_user(&p, &u[3], now));
    plan_release(&plan);
    preset_release(&p);
}

/*
 * One decision, one reason: the reason given for one user is the one the
 * count of a preset that takes nobody gives (a user both unused and
 * excluded by SID is "unused" in both).
 */
static void test_preset_why_one_reason(void **state)
{
    const int64_t now = 1764000000;
    struct win_user u[] = {
        mk("S-1-5-21-1-2-3-500", USER_LOCAL, now - 400 * 86400, true),
        mk("S-1-5-21-1-2-3-1004", USER_BAK, now, true),
        mk("S-1-5-21-1-2-3-501", USER_LOCAL, now - 86400, true),
        mk("S-1-5-21-9-9-9-1105", USER_DOMAIN, now, false),
    };
    struct user_list list = { u, 1 };
    struct preset p;
    struct strbuf sb = STRBUF_INIT;
    char *why;

    (void)state;
    preset_init(&p);
    p.used_within_days = 30;
    plan_strv_push(&p.exclude_sids, "*-50*");
    why = preset_why_not_user(&p, &u[0], now);
    assert_string_equal(why, "not used within the preset's 30 days");
    free(why);
    preset_why_none(&p, &list, now, &sb);
    assert_non_null(strstr(sb.buf, "<usedWithinDays>30</usedWithinDays> "
                                   "leaves out 1 profile"));
    assert_null(strstr(sb.buf, "excludeSid"));
    strbuf_release(&sb);
    why = preset_why_not_user(&p, &u[1], now);
    assert_string_equal(why, "the preset's rules never take 'bak' profiles");
    free(why);
    why = preset_why_not_user(&p, &u[2], now);
    assert_string_equal(why, "the preset excludes SIDs matching '*-50*'");
    free(why);
    why = preset_why_not_user(&p, &u[3], now);
    assert_non_null(strstr(why, "profile folder is gone"));
    free(why);
    p.kinds = PRESET_KIND_LOCAL;
    why = preset_why_not_user(&p, &u[3], now);
    assert_string_equal(why,
                        "the preset's rules do not include 'domain' profiles");
    free(why);
    p.used_within_days = -1;
    plan_strv_release(&p.exclude_sids);
    assert_null(preset_why_not_user(&p, &u[0], now));
    preset_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preset_loads_the_shipped_example),
        cmocka_unit_test(test_preset_errors_carry_line_numbers),
        cmocka_unit_test(test_preset_refuses_entities),
        cmocka_unit_test(test_preset_save_and_load_again),
        cmocka_unit_test(test_preset_restore_section),
        cmocka_unit_test(test_preset_restore_errors),
        cmocka_unit_test(test_preset_restore_save_and_load),
        cmocka_unit_test(test_preset_expands_templates),
        cmocka_unit_test(test_preset_selects_users_by_rules),
        cmocka_unit_test(test_preset_why_one_reason),
    };

    return cmocka_run_group_tests_name("preset", tests, NULL, NULL);
}

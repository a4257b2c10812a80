#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/plan/preset.h"
#include "core/run/capture.h"
#include "core/run/report.h"
#include "core/session/restore.h"
#include "platform/fs.h"

/* A practice new PC: <root>/C (no Windows) and <root>/E (the USB disk). */
struct pc {
    char *root;
    char *e;
};

static void pc_make(struct pc *pc)
{
    struct wiz_err err;

    assert_int_equal(fs_make_temp_dir("restore-test", &pc->root, &err), 0);
    char *c = fs_join(pc->root, "C");

    pc->e = fs_join(pc->root, "E");
    assert_int_equal(fs_mkdir_p(c, &err), 0);
    assert_int_equal(fs_mkdir_p(pc->e, &err), 0);
    free(c);
}

static void pc_free(struct pc *pc)
{
    fs_remove_tree(pc->root, NULL);
    free(pc->root);
    free(pc->e);
}

static char *mkdirs(const char *base, const char *rel)
{
    char *p = fs_join(base, rel);
    struct wiz_err err;

    assert_int_equal(fs_mkdir_p(p, &err), 0);
    return p;
}

static void touch(const char *dir, const char *name, const char *text)
{
    char *p = fs_join(dir, name);
    struct wiz_err err;

    assert_int_equal(fs_write_file(p, text, strlen(text), &err), 0);
    free(p);
}

/* A capture report of kind with two users (a local one and a domain one)
 * captured on computer, written into dir. */
static void write_report(const char *dir, const char *kind,
                         const char *computer, const char *command)
{
    struct report r;
    struct wiz_err err;

    report_init(&r);
    r.tool_version = xstrdup("test");
    r.mode = xstrdup("unattended");
    r.computer = xstrdup(computer);
    r.windows = xstrdup("Windows 11 Pro 23H2 (22631.2861) x64");
    r.store_path = xstrdup("E:\\stores\\PC");
    r.store_kind = xstrdup(kind);
    r.command = xstrdup(command);
    r.result = xstrdup("success");
    r.rc = 0;
    r.finished = 1700000000;
    report_add_user(&r, "S-1-5-21-1-2-3-1001", "OLDPC\\ana", "local", 10);
    report_add_user(&r, "S-1-5-21-9-8-7-1104", "CONTOSO\\bob", "domain", 10);
    assert_int_equal(report_write(&r, dir, &err), 0);
    report_release(&r);
}

/* Stores are found by their report or their files, at most four levels
 * down, not inside Windows' own folders; damaged reports still show the
 * store, without what the report would have said. */
static void test_find_stores(void **state)
{
    (void)state;
    struct pc pc;
    struct restore_session s;
    struct restore_opts o = { 0 };
    struct wiz_err err;

    pc_make(&pc);
    char *a = mkdirs(pc.e, "stores/A");
    char *au = mkdirs(a, "USMT");
    char *b = mkdirs(pc.e, "stores/B/USMT");
    char *c = mkdirs(pc.e, "stores/C");
    char *deep = mkdirs(pc.e, "one/two/three/four/five/USMT");
    char *win = mkdirs(pc.root, "C/Windows/stores/W/USMT");
    char *empty = mkdirs(pc.e, "stores/empty");

    write_report(a, "compressed", "OLDPC",
                 "scanstate.exe E:\\stores\\A /i:MigDocs.xml /c");
    touch(au, "USMT.MIG", "MIG");
    touch(b, "USMT.MIG", "MIG");               /* no report */
    touch(c, REPORT_XML_NAME, "<usmtwizReport"); /* a damaged report */
    touch(deep, "USMT.MIG", "MIG");
    touch(win, "USMT.MIG", "MIG");

    o.target_root = pc.root;
    o.winpe = 0;
    assert_int_equal(restore_session_init(&s, &o, &err), 0);

    struct restore_stores st;

    restore_find_stores(&s.vols, NULL, &st);
    assert_int_equal(st.n, 3);
    /* the one with a report and a date first */
    assert_string_equal(st.s[0].win, "E:\\stores\\A");
    assert_true(st.s[0].has_report);
    assert_true(st.s[0].has_store);
    assert_string_equal(st.s[0].computer, "OLDPC");
    assert_int_equal(st.s[0].n_users, 2);
    bool saw_b = false, saw_c = false;

    for (size_t i = 1; i < st.n; i++) {
        if (!strcmp(st.s[i].win, "E:\\stores\\B")) {
            saw_b = true;
            assert_false(st.s[i].has_report);
            assert_true(st.s[i].has_store);
        }
        if (!strcmp(st.s[i].win, "E:\\stores\\C")) {
            saw_c = true;
            assert_false(st.s[i].has_report);
            assert_false(st.s[i].has_store);
        }
    }
    assert_true(saw_b && saw_c);
    restore_stores_release(&st);
    restore_session_release(&s);
    free(a);
    free(au);
    free(b);
    free(c);
    free(deep);
    free(win);
    free(empty);
    pc_free(&pc);
}

/* The default line follows the store's report: its /i set, the switches of
 * its kind, /lac for a local account; a folder that is not there is an
 * error naming it. */
static bool has_finding(struct restore_session *s, const char *id);

static void test_defaults(void **state)
{
    (void)state;
    struct pc pc;
    struct restore_session s;
    struct restore_opts o = { 0 };
    struct wiz_err err;
    struct strbuf sb = STRBUF_INIT;

    pc_make(&pc);
    char *hl = mkdirs(pc.e, "stores/HL");
    char *hlu = mkdirs(hl, "USMT");

    touch(hlu, "catalog.mig", "x");
    touch(hlu, "hardlink.main", "x");
    write_report(hl, "hardlink", "OLDPC",
                 "scanstate.exe E:\\stores\\HL /i:MigDocs.xml "
                 "/i:\"E:\\my rules.xml\" /hardlink /nocompress /c");
    o.target_root = pc.root;
    o.winpe = 0;
    assert_int_equal(restore_session_init(&s, &o, &err), 0);
    assert_int_equal(restore_session_open(&s, "E:\\nothing", &err), -1);
    assert_non_null(strstr(err.msg, "E:\\nothing"));
    assert_int_equal(restore_session_open(&s, "E:\\stores\\HL", &err), 0);
    assert_true(s.facts.report_known);
    assert_true(s.cmd.hardlink);
    assert_true(s.cmd.nocompress);
    assert_true(s.cmd.lac);
    assert_false(s.cmd.decrypt);
    assert_int_equal(s.cmd.n_xml, 2);
    assert_int_equal(s.cmd.n_mu, 0);
    restore_session_display(&s, &sb);
    assert_non_null(strstr(sb.buf, "/hardlink /nocompress"));
    assert_non_null(strstr(sb.buf, "\"/i:E:\\my rules.xml\""));
    assert_non_null(strstr(sb.buf, "/l:E:\\stores\\HL-logs\\loadstate.log"));

    /* the /i set and /config through setters, each marking stale */
    assert_true(restore_session_has_xml(&s, "migdocs.xml"));
    restore_session_set_xml(&s, "MigApp.xml", true);
    assert_true(restore_session_has_xml(&s, "MigApp.xml"));
    assert_int_equal(s.cmd.n_xml, 3);
    assert_true(has_finding(&s, "restore-xml-set"));
    restore_session_set_xml(&s, "migapp.xml", false);
    assert_int_equal(s.cmd.n_xml, 2);
    assert_false(has_finding(&s, "restore-xml-set"));
    restore_session_set_xml(&s, "MigDocs.xml", false);
    assert_true(has_finding(&s, "restore-xml-set"));
    restore_session_set_xml(&s, "MigDocs.xml", true);
    assert_false(has_finding(&s, "restore-xml-set"));
    restore_session_set_config(&s, true);
    assert_null(s.cmd.config);      /* the capture had none */
    restore_session_set_options(&s, false, 13);
    assert_false(s.cmd.c);
    assert_string_equal(s.cmd.v, "13");
    restore_session_set_options(&s, true, PLAN_UNSET);
    assert_null(s.cmd.v);

    /* leaving a user out is a setter: /ue appears, the account says so */
    char *acct, *how;

    restore_session_leave_out(&s, 1, true);
    assert_true(restore_session_left_out(&s, 1));
    restore_session_account(&s, 1, &acct, &how);
    assert_string_equal(how, "left out (/ue)");
    free(acct);
    free(how);
    strbuf_reset(&sb);
    restore_session_display(&s, &sb);
    assert_non_null(strstr(sb.buf, "/ue:*\\bob"));
    restore_session_leave_out(&s, 1, false);
    assert_false(restore_session_left_out(&s, 1));

    /* the Windows of the new PC is not there: said, not guessed */
    bool said = false;

    for (size_t i = 0; i < s.notes.n; i++)
        said |= strstr(s.notes.items[i], "no Windows installation") != NULL;
    assert_true(said);
    strbuf_release(&sb);
    restore_session_release(&s);
    free(hl);
    free(hlu);
    pc_free(&pc);
}

/* Findings follow the setters: a key that is set changes the fingerprint
 * the wrong-key rule compares, without a call to recompute. */
static void test_findings_follow_setters(void **state)
{
    (void)state;
    struct pc pc;
    struct restore_session s;
    struct restore_opts o = { 0 };
    struct wiz_err err;

    pc_make(&pc);
    char *st = mkdirs(pc.e, "stores/SEC");
    char *stu = mkdirs(st, "USMT");

    touch(stu, "USMT.MIG", "x");
    write_report(st, "compressed", "OLDPC",
                 "scanstate.exe E:\\stores\\SEC /i:MigDocs.xml "
                 "/encrypt:AES_256 /key:****** /c");
    /* the capture recorded the fingerprint of the right key */
    {
        char *rp = fs_join(st, REPORT_XML_NAME);
        struct report r;
        char fp[17];

        report_init(&r);
        assert_int_equal(report_read(rp, &r, &err), 0);
        capture_key_fingerprint("right-key", fp);
        free(r.key_fingerprint);
        r.key_fingerprint = xstrdup(fp);
        assert_int_equal(report_write(&r, st, &err), 0);
        report_release(&r);
        free(rp);
    }
    o.target_root = pc.root;
    o.winpe = 0;
    assert_int_equal(restore_session_init(&s, &o, &err), 0);
    assert_int_equal(restore_session_open(&s, "E:\\stores\\SEC", &err), 0);
    assert_true(s.cmd.decrypt);
    assert_string_equal(s.cmd.decrypt_alg, "AES_256");

    const struct findings *fs;
    bool wrong = false;

    assert_int_equal(restore_session_set_key(&s, "wrong-key", 9, &err), 0);
    fs = restore_session_findings(&s);
    for (size_t i = 0; i < fs->n; i++)
        wrong |= !strcmp(fs->f[i].rule->id, "restore-wrong-key");
    assert_true(wrong);
    assert_int_equal(restore_session_set_key(&s, "right-key", 9, &err), 0);
    fs = restore_session_findings(&s);
    wrong = false;
    for (size_t i = 0; i < fs->n; i++)
        wrong |= !strcmp(fs->f[i].rule->id, "restore-wrong-key");
    assert_false(wrong);
    /* the start is refused without a program, never with the key shown */
    assert_int_equal(restore_session_start(&s, &err), -1);
    assert_null(strstr(err.msg, "right-key"));
    restore_session_release(&s);
    free(st);
    free(stu);
    pc_free(&pc);
}

static bool has_finding(struct restore_session *s, const char *id)
{
    const struct findings *fs = restore_session_findings(s);
    bool found = false;

    for (size_t i = 0; i < fs->n; i++)
        found |= !strcmp(fs->f[i].rule->id, id);
    return found;
}

/* An Entra ID user gets the one published recipe by default (/mu to
 * AzureAD\user@domain), the same form the capture's loadstate line has;
 * a /mu to another domain brings restore-entra-mapping back. */
static void test_defaults_entra(void **state)
{
    (void)state;
    struct pc pc;
    struct restore_session s;
    struct restore_opts o = { 0 };
    struct wiz_err err;
    struct strbuf sb = STRBUF_INIT;
    struct report r;

    pc_make(&pc);
    char *st = mkdirs(pc.e, "stores/EN");
    char *stu = mkdirs(st, "USMT");

    touch(stu, "USMT.MIG", "x");
    report_init(&r);
    r.computer = xstrdup("OLDPC");
    r.store_path = xstrdup("E:\\stores\\EN");
    r.store_kind = xstrdup("compressed");
    r.command = xstrdup("scanstate.exe E:\\stores\\EN /i:MigDocs.xml /c");
    r.result = xstrdup("success");
    report_add_user(&r, "S-1-12-1-9-8-7-6", "ana@contoso.com", "entra", 10);
    assert_int_equal(report_write(&r, st, &err), 0);
    report_release(&r);
    o.target_root = pc.root;
    o.winpe = 0;
    assert_int_equal(restore_session_init(&s, &o, &err), 0);
    assert_int_equal(restore_session_open(&s, "E:\\stores\\EN", &err), 0);
    assert_int_equal(s.cmd.n_mu, 1);
    assert_false(s.cmd.lac);
    restore_session_display(&s, &sb);
    assert_non_null(strstr(sb.buf, "/mu:AzureAD\\ana@contoso.com:"
                                   "AzureAD\\ana@contoso.com"));
    assert_false(has_finding(&s, "restore-entra-mapping"));

    char *acct, *how;

    restore_session_account(&s, 0, &acct, &how);
    assert_string_equal(acct, "AzureAD\\ana@contoso.com");
    free(acct);
    free(how);
    /* a mapping to the old domain form wins when it comes first */
    free(s.cmd.mu[0]);
    s.cmd.mu[0] = xstrdup("AzureAD\\ana@contoso.com:CONTOSO\\ana");
    restore_session_add_mu(&s, "S-1-5-21-1-1-1-1:PC\\x");
    assert_true(has_finding(&s, "restore-entra-mapping"));
    strbuf_release(&sb);
    restore_session_release(&s);
    free(st);
    free(stu);
    pc_free(&pc);
}

/* A preset's restore part goes over the default line, through the
 * setters, and again when the store is opened anew; a name it leaves out
 * that is not stored is a note. */
static void test_preset_over_defaults(void **state)
{
    (void)state;
    struct pc pc;
    struct restore_session s;
    struct restore_opts o = { 0 };
    struct wiz_err err;
    struct strbuf sb = STRBUF_INIT;
    struct preset p;

    pc_make(&pc);
    char *st = mkdirs(pc.e, "stores/PC");
    char *stu = mkdirs(st, "USMT");

    touch(stu, "USMT.MIG", "x");
    write_report(st, "compressed", "OLDPC",
                 "scanstate.exe E:\\stores\\PC /i:MigDocs.xml /c");
    preset_init(&p);
    p.restore.present = true;
    plan_strv_push(&p.restore.mu, "OLDPC\\ana:NEWPC\\anke");
    plan_strv_push(&p.restore.md, "CONTOSO:FABRIKAM");
    plan_strv_push(&p.restore.leave_out, "nobody");
    p.restore.lac = 0;
    p.restore.continue_on_error = 0;
    p.restore.verbosity = 13;
    o.target_root = pc.root;
    o.winpe = 0;
    assert_int_equal(restore_session_init(&s, &o, &err), 0);
    /* before a store is open there is no line to change */
    restore_session_use_preset(&s, &p.restore);
    assert_null(s.cmd.store);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(restore_session_open(&s, "E:\\stores\\PC", &err),
                         0);
        assert_false(s.cmd.lac);
        assert_false(s.cmd.lae);
        assert_false(s.cmd.c);
        assert_string_equal(s.cmd.v, "13");
        assert_int_equal(s.cmd.n_mu, 1);
        assert_int_equal(s.cmd.n_md, 1);
        size_t said = 0;

        for (size_t i = 0; i < s.notes.n; i++)
            said += strstr(s.notes.items[i], "leaves out 'nobody'") != NULL;
        assert_int_equal(said, 1);
        strbuf_reset(&sb);
        restore_session_display(&s, &sb);
        assert_non_null(strstr(sb.buf, " /md:CONTOSO:FABRIKAM /mu:OLDPC\\ana:"
                                       "NEWPC\\anke /v:13 "));
        assert_null(strstr(sb.buf, " /c "));
        assert_null(strstr(sb.buf, "/lac"));
    }
    /* a /mu of the same old account replaces the first, in any case */
    restore_session_add_mu(&s, "oldpc\\ANA:NEWPC\\ana2");
    assert_int_equal(s.cmd.n_mu, 1);
    assert_string_equal(s.cmd.mu[0], "oldpc\\ANA:NEWPC\\ana2");
    restore_session_add_mu(&s, "OLDPC\\bob:NEWPC\\bob");
    assert_int_equal(s.cmd.n_mu, 2);
    /* /lae never stands without /lac */
    restore_session_set_lac(&s, false, true);
    assert_false(s.cmd.lae);
    restore_session_set_lac(&s, true, true);
    assert_true(s.cmd.lac && s.cmd.lae);
    strbuf_release(&sb);
    restore_session_release(&s);
    preset_release(&p);
    free(st);
    free(stu);
    pc_free(&pc);
}

/* Moving a domain (/md) or one user (/mu) through the setters: the
 * account each user lands in follows, a /md that moves nobody is a
 * warning, names that are not domains or accounts are refused. */
static void test_domain_moves(void **state)
{
    (void)state;
    struct pc pc;
    struct restore_session s;
    struct restore_opts o = { 0 };
    struct wiz_err err;
    char *acct, *how;

    pc_make(&pc);
    char *st = mkdirs(pc.e, "stores/PC");
    char *stu = mkdirs(st, "USMT");

    touch(stu, "USMT.MIG", "x");
    write_report(st, "compressed", "OLDPC",
                 "scanstate.exe E:\\stores\\PC /i:MigDocs.xml /c");
    o.target_root = pc.root;
    o.winpe = 0;
    assert_int_equal(restore_session_init(&s, &o, &err), 0);
    assert_int_equal(restore_session_open(&s, "E:\\stores\\PC", &err), 0);
    restore_session_account(&s, 1, &acct, &how);
    assert_string_equal(acct, "CONTOSO\\bob");
    assert_string_equal(how, "same account");
    free(acct);
    free(how);

    assert_int_equal(restore_session_move_domain(&s, "CONTOSO", "FABRIKAM",
                                                 &err), 0);
    restore_session_account(&s, 1, &acct, &how);
    assert_string_equal(acct, "FABRIKAM\\bob");
    assert_non_null(strstr(how, "/md:CONTOSO:FABRIKAM"));
    free(acct);
    free(how);
    assert_false(has_finding(&s, "restore-md-no-user"));
    /* the local user is not in the domain: it keeps its account */
    restore_session_account(&s, 0, &acct, &how);
    assert_null(strstr(acct, "FABRIKAM"));
    free(acct);
    free(how);
    /* a second move of the same domain replaces the first */
    assert_int_equal(restore_session_move_domain(&s, "contoso", "NORTHWIND",
                                                 &err), 0);
    assert_int_equal(s.cmd.n_md, 1);
    assert_string_equal(s.cmd.md[0], "contoso:NORTHWIND");
    /* a domain no stored user has: a warning */
    assert_int_equal(restore_session_move_domain(&s, "CONTOSSO", "FABRIKAM",
                                                 &err), 0);
    assert_true(has_finding(&s, "restore-md-no-user"));
    assert_int_equal(restore_session_move_domain(&s, "CONTOSSO", "", &err),
                     0);
    assert_false(has_finding(&s, "restore-md-no-user"));
    assert_int_equal(s.cmd.n_md, 1);
    assert_int_equal(restore_session_move_domain(&s, "CONTOSO", NULL, &err),
                     0);
    assert_int_equal(s.cmd.n_md, 0);
    assert_int_equal(restore_session_move_domain(&s, "CONTOSO",
                                                 "FABRIKAM\\bob", &err), -1);
    assert_non_null(strstr(err.msg, "'FABRIKAM\\bob' is not a domain name"));

    /* one user: /mu wins over the /md of its domain */
    assert_int_equal(restore_session_move_domain(&s, "CONTOSO", "FABRIKAM",
                                                 &err), 0);
    assert_int_equal(restore_session_move_user(&s, 1, "NORTHWIND\\robert",
                                               &err), 0);
    restore_session_account(&s, 1, &acct, &how);
    assert_string_equal(acct, "NORTHWIND\\robert");
    assert_string_equal(how, "/mu:CONTOSO\\bob:NORTHWIND\\robert");
    free(acct);
    free(how);
    assert_int_equal(restore_session_move_user(&s, 1, "robert", &err), -1);
    assert_non_null(strstr(err.msg, "DOMAIN\\user"));
    assert_int_equal(restore_session_move_user(&s, 1, "", &err), 0);
    restore_session_account(&s, 1, &acct, &how);
    assert_string_equal(acct, "FABRIKAM\\bob");
    free(acct);
    free(how);
    restore_session_release(&s);
    free(st);
    free(stu);
    pc_free(&pc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_stores),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_findings_follow_setters),
        cmocka_unit_test(test_defaults_entra),
        cmocka_unit_test(test_preset_over_defaults),
        cmocka_unit_test(test_domain_moves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

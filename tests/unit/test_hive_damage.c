/*
 * Damaged offline hives: every hive the capture reads is opened and
 * checked before the run (rules_facts_gather), and a damaged SAM does not
 * turn local users into domain users.  The hives are written by the
 * project's regf writer (tests/support/winfake.c) and then damaged here.
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
#include "core/offline/hive.h"
#include "core/offline/users.h"
#include "core/offline/winos.h"
#include "core/plan/cmdline.h"
#include "core/plan/plan.h"
#include "core/rules/rules.h"
#include "platform/fs.h"
#include "platform/vol.h"
#include "../support/testlib.h"
#include "../support/winfake.h"

#define PL "Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
#define M "S-1-5-21-111-222-333-"

static const struct winfake_os WIN = {
    "Windows", "Windows 10 Pro", "19045", 4046, "AMD64", "PC7",
    "contoso.com", 1,
};

struct fx {
    char *root;
    char *vol;
    char *windir;
};

static void profile(struct hive *h, const char *sid, const char *path)
{
    char *k = xasprintf(PL "\\%s", sid);

    winfake_expand_sz(h, k, "ProfileImagePath", path);
    winfake_dword(h, k, "State", 0);
    free(k);
}

/* D:\Windows with a local user anna (1001) and a domain user bob. */
static void fx_make(struct fx *f)
{
    struct wiz_err err;

    memset(f, 0, sizeof(*f));
    f->root = test_tmpdir("hive-damage");
    f->vol = fs_join(f->root, "D");
    f->windir = winfake_install(f->vol, &WIN);
    char *p = winfake_config(f->windir, "SAM");
    struct hive *h = winfake_hive_edit(p);

    free(p);
    winfake_sam_machine(h, 111, 222, 333);
    for (unsigned i = 0; i < 40; i++) {
        char name[32];

        snprintf(name, sizeof(name), "svc%02u", i);
        winfake_sam_user(h, name, 2000 + i, "a service account with a "
                         "long full name to make the hive grow");
    }
    winfake_sam_user(h, "anna", 1001, "Anna Berg");
    winfake_hive_done(h);
    p = winfake_config(f->windir, "SOFTWARE");
    h = winfake_hive_edit(p);
    free(p);
    profile(h, M "1001", "C:\\Users\\anna");
    profile(h, "S-1-5-21-9-8-7-1105", "C:\\Users\\bob");
    profile(h, M "1020", "C:\\Users\\HelpAssistant");
    profile(h, M "1021", "C:\\Users\\IUSR_PC7");
    profile(h, M "1022", "C:\\Users\\defaultuser0");
    profile(h, "S-1-5-21-9-8-7-1107", "C:\\Users\\SUPPORT_388945a0");
    profile(h, M "1023", "C:\\Users\\ASPNET");
    winfake_sz(h, "Microsoft\\Windows\\CurrentVersion\\Authentication\\"
               "LogonUI", "LastLoggedOnUser", "CONTOSO\\bob");
    winfake_sz(h, "Microsoft\\Windows\\CurrentVersion\\Authentication\\"
               "LogonUI", "LastLoggedOnUserSID", "S-1-5-21-9-8-7-1105");
    winfake_hive_done(h);
    const char *users[] = { "Users/anna", "Users/bob",
                            "Users/HelpAssistant", "Users/IUSR_PC7",
                            "Users/defaultuser0", "Users/SUPPORT_388945a0",
                            "Users/ASPNET" };

    for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
        char *dir = fs_join(f->vol, users[i]);
        char *nt = fs_join(dir, "NTUSER.DAT");
        char *cls_dir = fs_join(dir, "AppData/Local/Microsoft/Windows");
        char *cls = fs_join(cls_dir, "UsrClass.dat");

        if (fs_mkdir_p(cls_dir, &err) < 0)
            fail_msg("%s", err.msg);
        winfake_hive_done(winfake_hive_new(nt));
        winfake_hive_done(winfake_hive_new(cls));
        free(cls);
        free(cls_dir);
        free(nt);
        free(dir);
    }
}

static void fx_release(struct fx *f)
{
    test_tmpdir_remove(f->root);
    free(f->windir);
    free(f->vol);
}

/* Cut path after its first hive bin (a truncated hive). */
static void truncate_hive(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    struct wiz_err err;

    if (fs_read_file(path, 64u << 20, &data, &len, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(len > 4096 + 32);
    size_t bin = (size_t)(unsigned char)data[4096 + 8] |
                 (size_t)(unsigned char)data[4096 + 9] << 8 |
                 (size_t)(unsigned char)data[4096 + 10] << 16;
    size_t keep = 4096 + bin < len ? 4096 + bin : len / 2;

    test_write(path, data, keep);
    free(data);
}

static void zero_hive(const char *path)
{
    char *zeros = xcalloc(1, 8192);

    test_write(path, zeros, 8192);
    free(zeros);
}

static const struct win_user *by_sid(const struct user_list *l,
                                     const char *sid)
{
    for (size_t i = 0; i < l->n; i++) {
        if (!strcmp(l->u[i].sid, sid))
            return &l->u[i];
    }
    fail_msg("no user '%s'", sid);
    return NULL;
}

static void test_hive_damage_good_sam_names_local_user(void **state)
{
    struct fx f;
    struct winos os;
    struct user_list l;
    struct wiz_err err;

    (void)state;
    fx_make(&f);
    assert_int_equal(winos_read(f.windir, 'D', &os, &err), 0);
    assert_int_equal(users_load(&os, &l, &err), 0);
    assert_int_equal(by_sid(&l, M "1001")->kind, USER_LOCAL);
    assert_int_equal(by_sid(&l, "S-1-5-21-9-8-7-1105")->kind, USER_DOMAIN);
    user_list_release(&l);
    winos_release(&os);
    fx_release(&f);
}

/* A truncated or zeroed SAM: kind unknown, no domain put before names. */
static void test_hive_damage_sam_makes_kind_unknown(void **state)
{
    for (int how = 0; how < 2; how++) {
        struct fx f;
        struct winos os;
        struct user_list l;
        struct user_load_info info;
        struct wiz_err err;

        (void)state;
        fx_make(&f);
        char *sam = winfake_config(f.windir, "SAM");

        if (how == 0)
            truncate_hive(sam);
        else
            zero_hive(sam);
        free(sam);
        assert_int_equal(winos_read(f.windir, 'D', &os, &err), 0);
        assert_int_equal(users_load_info(&os, &l, &info, &err), 0);
        const struct win_user *u = by_sid(&l, M "1001");

        assert_int_equal(u->kind, USER_UNKNOWN);
        assert_int_not_equal(u->kind, USER_DOMAIN);
        assert_null(strchr(u->name, '\\'));
        assert_string_equal(user_kind_name(u->kind), "unknown");
        assert_non_null(info.problem);
        user_load_info_release(&info);
        user_list_release(&l);
        winos_release(&os);
        fx_release(&f);
    }
}

/* System and service accounts are shown but never selected by default. */
static void test_hive_damage_service_accounts_not_selected(void **state)
{
    struct fx f;
    struct winos os;
    struct user_list l;
    struct wiz_err err;
    const char *svc[] = { M "1020", M "1021", M "1022",
                          "S-1-5-21-9-8-7-1107", M "1023" };

    (void)state;
    fx_make(&f);
    assert_int_equal(winos_read(f.windir, 'D', &os, &err), 0);
    assert_int_equal(users_load(&os, &l, &err), 0);
    for (size_t i = 0; i < sizeof(svc) / sizeof(svc[0]); i++) {
        const struct win_user *u = by_sid(&l, svc[i]);

        if (u->default_selected || u->kind != USER_BUILTIN)
            fail_msg("'%s' (%s) is taken for a person", u->name, svc[i]);
    }
    assert_true(by_sid(&l, "S-1-5-21-9-8-7-1105")->default_selected);
    user_list_release(&l);
    winos_release(&os);
    fx_release(&f);
}

static const struct hive_facts *hf(const struct rule_facts *rf,
                                   const char *name, const char *user)
{
    for (size_t i = 0; i < rf->n_hives; i++) {
        const struct hive_facts *h = &rf->hives[i];

        if (!strcmp(h->name, name) &&
            (user ? h->user && !strcmp(h->user, user) : !h->user))
            return h;
    }
    return NULL;
}

#define ANNA_CLASSES "Users/anna/AppData/Local/Microsoft/Windows/UsrClass.dat"

/*
 * how: 0 good, 1 SOFTWARE truncated, 2 all three zeros, 3 NTUSER bad,
 * 4 NTUSER.DAT missing, 5 UsrClass.dat missing, 6 UsrClass.dat bad
 */
static void gather_users(int how, struct rule_facts *rf,
                         struct user_list *keep);

static void gather(int how, struct rule_facts *rf)
{
    gather_users(how, rf, NULL);
}

/* gather, and the users it read into keep (when not NULL) */
static void gather_users(int how, struct rule_facts *rf,
                         struct user_list *keep)
{
    struct fx f;
    struct winos os;
    struct user_list l;
    struct vol_list vols;
    struct plan plan;
    struct wiz_err err;

    fx_make(&f);
    if (how == 1) {
        char *p = winfake_config(f.windir, "SOFTWARE");

        truncate_hive(p);
        free(p);
    } else if (how == 2) {
        const char *names[] = { "SOFTWARE", "SYSTEM", "SAM" };

        for (size_t i = 0; i < 3; i++) {
            char *p = winfake_config(f.windir, names[i]);

            zero_hive(p);
            free(p);
        }
    } else if (how == 3 || how == 4) {
        char *p = fs_join(f.vol, "Users/anna/NTUSER.DAT");

        if (how == 3)
            zero_hive(p);
        else
            assert_int_equal(fs_remove(p, &err), 0);
        free(p);
    } else if (how == 5 || how == 6) {
        char *p = fs_join(f.vol, ANNA_CLASSES);

        if (how == 6)
            truncate_hive(p);
        else
            assert_int_equal(fs_remove(p, &err), 0);
        free(p);
    }
    winos_read(f.windir, 'D', &os, &err);
    memset(&l, 0, sizeof(l));
    bool have_users = users_load(&os, &l, &err) == 0;

    assert_int_equal(vol_enumerate(f.root, &vols, &err), 0);
    plan_init(&plan);
    assert_int_equal(cmdline_parse_string(&plan, "E:\\store "
                     "/offlineWinDir:D:\\Windows /ue:*\\* /ui:" M "1001*",
                     &err), 0);
    assert_int_equal(rules_facts_gather(&plan, &vols, &os,
                                        have_users ? &l : NULL, rf), 0);
    plan_release(&plan);
    vol_list_release(&vols);
    if (keep)
        *keep = l;
    else
        user_list_release(&l);
    winos_release(&os);
    fx_release(&f);
}

static void test_hive_damage_good_hives_pass(void **state)
{
    struct rule_facts rf;

    (void)state;
    gather(0, &rf);
    assert_int_equal(hf(&rf, "SOFTWARE", NULL)->state, HIVE_STATE_OK);
    assert_int_equal(hf(&rf, "SYSTEM", NULL)->state, HIVE_STATE_OK);
    assert_int_equal(hf(&rf, "SAM", NULL)->state, HIVE_STATE_OK);
    /* only the selected user's hive is checked */
    assert_non_null(hf(&rf, "NTUSER.DAT", "anna"));
    assert_int_equal(hf(&rf, "NTUSER.DAT", "anna")->state, HIVE_STATE_OK);
    assert_non_null(hf(&rf, "UsrClass.dat", "anna"));
    assert_int_equal(hf(&rf, "UsrClass.dat", "anna")->state, HIVE_STATE_OK);
    assert_null(hf(&rf, "NTUSER.DAT", "CONTOSO\\bob"));
    rule_facts_release(&rf);
}

static void test_hive_damage_truncated_software(void **state)
{
    struct rule_facts rf;
    const struct hive_facts *h;

    (void)state;
    gather(1, &rf);
    h = hf(&rf, "SOFTWARE", NULL);
    assert_int_equal(h->state, HIVE_STATE_DAMAGED);
    assert_string_equal(h->path_win, "D:\\Windows\\System32\\config\\SOFTWARE");
    /* the reason speaks of the Windows path, not of this machine's */
    assert_null(strstr(h->why, "hive-damage"));
    assert_int_equal(hf(&rf, "SYSTEM", NULL)->state, HIVE_STATE_OK);
    rule_facts_release(&rf);
}

static void test_hive_damage_zeroed_hives(void **state)
{
    struct rule_facts rf;

    (void)state;
    gather(2, &rf);
    assert_int_equal(hf(&rf, "SOFTWARE", NULL)->state, HIVE_STATE_DAMAGED);
    assert_int_equal(hf(&rf, "SYSTEM", NULL)->state, HIVE_STATE_DAMAGED);
    assert_int_equal(hf(&rf, "SAM", NULL)->state, HIVE_STATE_DAMAGED);
    rule_facts_release(&rf);
}

static void test_hive_damage_user_hive(void **state)
{
    struct rule_facts rf;
    const struct hive_facts *h;

    (void)state;
    gather(3, &rf);
    h = hf(&rf, "NTUSER.DAT", "anna");
    assert_non_null(h);
    assert_int_equal(h->state, HIVE_STATE_DAMAGED);
    assert_string_equal(h->path_win, "D:\\Users\\anna\\NTUSER.DAT");
    assert_int_equal(hf(&rf, "SOFTWARE", NULL)->state, HIVE_STATE_OK);
    rule_facts_release(&rf);
}

/* The findings over facts gathered as gather(how). */
static void all_findings(int how, struct findings *fs)
{
    struct rule_facts rf;
    struct rule_ctx ctx;
    struct plan plan;
    struct user_list users;
    struct wiz_err err;

    gather_users(how, &rf, &users);
    plan_init(&plan);
    assert_int_equal(cmdline_parse_string(&plan, "E:\\store "
                     "/offlineWinDir:D:\\Windows /ue:*\\* /ui:" M "1001*",
                     &err), 0);
    memset(&ctx, 0, sizeof(ctx));
    ctx.plan = &plan;
    ctx.facts = &rf;
    ctx.users = &users;
    findings_init(fs);
    rules_check(&ctx, fs);
    plan_release(&plan);
    user_list_release(&users);
    rule_facts_release(&rf);
}

/* The first user-hive-damaged finding; how many there are in *n. */
static const struct finding *user_hive(const struct findings *fs, size_t *n)
{
    const struct finding *first = NULL;

    for (size_t i = 0; i < fs->n; i++) {
        if (strcmp(fs->f[i].rule->id, "user-hive-damaged"))
            continue;
        if (!first)
            first = &fs->f[i];
        if (n)
            (*n)++;
    }
    return first;
}

/*
 * Both sides of the boundary: with both hives in place nothing is said;
 * a missing NTUSER.DAT, a missing UsrClass.dat and a truncated
 * UsrClass.dat are each a warning naming the file and what is lost.
 */
static void test_hive_damage_user_hive_missing(void **state)
{
    static const struct {
        int how;
        const char *file;
        const char *state;
        const char *lost;
    } cases[] = {
        { 4, "NTUSER.DAT", "is missing", "this user's settings (HKCU" },
        { 5, "UsrClass.dat", "is missing", "file associations, COM "
                                           "registrations and shell" },
        { 6, "UsrClass.dat", "is damaged", "file associations, COM "
                                           "registrations and shell" },
        { 3, "NTUSER.DAT", "is damaged", "this user's settings (HKCU" },
    };
    struct findings fs;
    struct rule_facts rf;

    (void)state;
    all_findings(0, &fs);
    assert_null(user_hive(&fs, NULL));
    findings_release(&fs);
    gather(4, &rf);
    assert_int_equal(hf(&rf, "NTUSER.DAT", "anna")->state,
                     HIVE_STATE_MISSING);
    assert_int_equal(hf(&rf, "UsrClass.dat", "anna")->state, HIVE_STATE_OK);
    rule_facts_release(&rf);
    gather(5, &rf);
    assert_int_equal(hf(&rf, "NTUSER.DAT", "anna")->state, HIVE_STATE_OK);
    assert_int_equal(hf(&rf, "UsrClass.dat", "anna")->state,
                     HIVE_STATE_MISSING);
    assert_string_equal(hf(&rf, "UsrClass.dat", "anna")->path_win,
                        "D:\\Users\\anna\\AppData\\Local\\Microsoft\\"
                        "Windows\\UsrClass.dat");
    rule_facts_release(&rf);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = 0;

        all_findings(cases[i].how, &fs);
        const struct finding *f = user_hive(&fs, &n);

        if (n != 1)
            fail_msg("case %zu: %zu findings, want 1", i, n);
        const char *m = f->message;
        char *head = xasprintf("%s of 'anna' (D:\\Users\\anna\\",
                               cases[i].file);

        assert_int_equal(f->severity, RULE_WARNING);
        if (strncmp(m, head, strlen(head)) || !strstr(m, cases[i].state) ||
            !strstr(m, cases[i].lost))
            fail_msg("case %zu: '%s'", i, m);
        free(head);
        findings_release(&fs);
    }
}

/*
 * Real hives (../shared/realdata, FACTS.md §1): the good ones, dirty ones
 * included, pass hive_check; the damaged ones do not.
 */
static void test_hive_damage_real_hives(void **state)
{
    static const char *const good[] = {
        "EricZimmerman-Registry/SAM", "EricZimmerman-RegistryPlugins/SAM",
        "dfwinreg/NTUSER.DAT", "dfwinreg/SAM", "regipy/SAM",
        "regipy/SYSTEM_2", "regipy/SYSTEM_B", "regipy/SYSTEM_WIN_10_1709",
        "regipy/transactions_NTUSER.DAT", "plaso/NTUSER.DAT",
        "hivex/minimal", "yarp/EmptyHive",
    };
    static const char *const bad[] = {
        "EricZimmerman-Registry/SAMBadHBinHeader",
        "regipy/corrupted_system_hive", "yarp/GarbageHive",
        "dfwinreg/SYSTEM.DAT",
    };
    char *probe = test_realdata("hives");

    (void)state;
    if (!probe)
        skip();
    free(probe);
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        char *rel = xasprintf("hives/%s", good[i]);
        char *p = test_realdata(rel);
        struct wiz_err err;

        if (p && hive_check(p, &err) < 0)
            fail_msg("good hive '%s' rejected: %s", good[i], err.msg);
        free(p);
        free(rel);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *rel = xasprintf("hives/%s", bad[i]);
        char *p = test_realdata(rel);
        struct wiz_err err;

        if (p && hive_check(p, &err) == 0)
            fail_msg("damaged hive '%s' passed", bad[i]);
        free(p);
        free(rel);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hive_damage_good_sam_names_local_user),
        cmocka_unit_test(test_hive_damage_sam_makes_kind_unknown),
        cmocka_unit_test(test_hive_damage_service_accounts_not_selected),
        cmocka_unit_test(test_hive_damage_good_hives_pass),
        cmocka_unit_test(test_hive_damage_truncated_software),
        cmocka_unit_test(test_hive_damage_zeroed_hives),
        cmocka_unit_test(test_hive_damage_user_hive),
        cmocka_unit_test(test_hive_damage_user_hive_missing),
        cmocka_unit_test(test_hive_damage_real_hives),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "lab/lab.h"
#include "core/offline/users.h"
#include "core/session/wizard.h"
#include "platform/fs.h"
#include "../support/testlib.h"

/*
 * The wizard's model on a practice machine built by the lab: what the
 * screens show and change, without a terminal (and without curses: this
 * test links the core library only).
 */

struct fixture {
    char *dir;
    char *volumes;
    char *usmt;
    struct wizard w;
};

static int setup_scenario(void **state, const char *name)
{
    struct fixture *fx = xcalloc(1, sizeof(*fx));
    char *sc = xasprintf("%s/scenarios/%s", ASSETS_DIR, name);
    char *out;
    struct wiz_err err;
    struct wizard_opts opts;

    fx->dir = test_tmpdir("test_wizard");
    out = fs_join(fx->dir, "lab");
    if (lab_create(sc, out, 0, &err) < 0)
        fail_msg("building '%s': %s", name, err.msg);
    fx->volumes = fs_join(out, "volumes");
    fx->usmt = fs_join(out, "usmt");
    free(out);
    free(sc);
    memset(&opts, 0, sizeof(opts));
    opts.volume_root = fx->volumes;
    opts.usmt_dir = fx->usmt;
    opts.data_dir = ASSETS_DIR;
    wizard_init(&fx->w, &opts);
    *state = fx;
    return 0;
}

static int setup_demo(void **state)
{
    return setup_scenario(state, "demo");
}

static int teardown(void **state)
{
    struct fixture *fx = *state;

    wizard_release(&fx->w);
    test_tmpdir_remove(fx->dir);
    free(fx->volumes);
    free(fx->usmt);
    free(fx);
    return 0;
}

/* Scan and choose the default installation. */
static void choose_default(struct wizard *w)
{
    struct wiz_err err;

    wizard_probe_env(w, false);
    wizard_scan(w, false);
    assert_true(w->scan_ok);
    if (wizard_choose_row(w, wizard_default_row(w), &err) < 0)
        fail_msg("choosing the default row: %s", err.msg);
}

static void test_wizard_scan_offers_the_offline_windows(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    const struct winvol *vol;
    const struct winos *os;
    size_t usable = 0;

    wizard_scan(w, false);
    assert_true(w->scan_ok);
    assert_true(w->n_rows >= 3);
    for (size_t i = 0; i < w->n_rows; i++) {
        wizard_row_get(w, i, &vol, &os);
        if (w->rows[i].usable) {
            usable++;
            assert_non_null(os);
            assert_int_equal(vol->vol.letter, 'D');
        } else {
            /* every row that cannot be used says why */
            assert_non_null(w->rows[i].why_not);
        }
    }
    /* X: (Windows PE itself) and the USB stick are not offered */
    assert_int_equal(usable, 1);
    wizard_row_get(w, wizard_default_row(w), &vol, &os);
    assert_int_equal(vol->vol.letter, 'D');
}

static void test_wizard_choose_sets_offline_and_default_users(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    size_t people = 0;

    choose_default(w);
    assert_true(w->os_chosen);
    assert_int_equal(w->plan.offline_mode, PLAN_OFFLINE_WINDIR);
    assert_string_equal(w->plan.offline_windir, "D:\\Windows");
    assert_true(w->users_ok);
    assert_true(w->users.n > 0);
    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];

        assert_int_equal(wizard_user_selected(w, i), u->default_selected);
        people += u->default_selected;
        if (u->kind == USER_BUILTIN || u->kind == USER_TEMP ||
            u->kind == USER_BAK)
            assert_false(wizard_user_selected(w, i));
    }
    assert_true(people > 0);
    assert_int_equal(wizard_users_selected(w), people);
    assert_int_equal(w->plan.sids.n, people);
    /* choosing the same row again keeps the selection */
    wizard_user_select(w, 0, !wizard_user_selected(w, 0));
    size_t before = wizard_users_selected(w);

    assert_int_equal(wizard_choose_row(w, wizard_default_row(w), NULL), 0);
    assert_int_equal(wizard_users_selected(w), before);
    assert_true(w->changed);
}

static void test_wizard_sizes_profiles_in_slices(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    bool complete;
    int steps = 0;

    choose_default(w);
    (void)wizard_estimate(w, &complete);
    assert_false(complete);
    while (wizard_size_step(w, 1)) {
        steps++;
        assert_true(steps < 100000);
    }
    uint64_t est = wizard_estimate(w, &complete);

    assert_true(complete);
    assert_true(est > 0);
    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];

        if (u->profile_path && u->folder_exists)
            assert_true(u->sized);
        assert_false(wizard_user_sizing(w, i));
    }
    /* nothing left: a further step has no work */
    assert_false(wizard_size_step(w, 5));
}

static void remove_volume_hook(void *ctx, const char *dir, const char *name)
{
    const char *vol = ctx;

    (void)dir;
    (void)name;
    if (fs_exists(vol))
        assert_int_equal(fs_remove_tree(vol, NULL), 0);
}

/*
 * The offline volume is removed while the Users screen sizes profiles:
 * the walk ends, the profile says why, the wizard gives a message once,
 * and checking the plan afterwards still works.
 */
static void test_wizard_volume_removed_while_sizing(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    char *vol;
    int steps = 0;
    size_t vanished = 0;

    choose_default(w);
    vol = fs_join(fx->volumes, "D");
    assert_true(fs_is_dir(vol));
    users_set_walk_hook(remove_volume_hook, vol);
    while (wizard_size_step(w, 1)) {
        steps++;
        assert_true(steps < 1000);
    }
    users_set_walk_hook(NULL, NULL);
    assert_false(fs_exists(vol));
    assert_true(str_starts_with(w->size_error, "cannot size 'D:\\Users\\"));
    assert_non_null(strstr(w->size_error, "': it disappeared (was the "
                           "volume removed?)"));
    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];

        assert_false(u->sized && u->folder_exists && !u->profile_path);
        if (u->problem && !strcmp(u->problem, USERS_VANISHED_PROBLEM)) {
            assert_false(u->sized);
            assert_false(u->folder_exists);
            vanished++;
        }
        assert_false(wizard_user_sizing(w, i));
    }
    assert_true(vanished >= 1);
    assert_false(wizard_size_step(w, 5));
    free(vol);
}

static void test_wizard_default_places_avoid_offline_and_x(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    char *local;

    choose_default(w);
    wizard_default_places(w);
    assert_non_null(w->plan.store_path);
    assert_string_equal(w->plan.store_path, "E:\\USMT\\PC-ACC-0042");
    assert_string_equal(w->plan.working_dir, "E:\\USMT-work");
    assert_true(str_starts_with(w->plan.log_path, "E:\\USMT\\"));
    assert_false(str_starts_with(w->plan.log_path, w->plan.store_path) &&
                 w->plan.log_path[strlen(w->plan.store_path)] == '\\');
    local = wizard_host_path(w, "E:\\USMT");
    assert_non_null(local);
    assert_true(str_starts_with(local, fx->volumes));
    free(local);
    assert_null(wizard_host_path(w, "Q:\\nowhere"));
    assert_null(wizard_host_path(w, "relative\\path"));
    /* a second call keeps what is set */
    wizard_set_store(w, "E:\\mine");
    wizard_default_places(w);
    assert_string_equal(w->plan.store_path, "E:\\mine");
}

/*
 * Moving the store moves what follows it (working folder, logs,
 * /listfiles) unless it was set on purpose; a store still being typed
 * moves nothing.
 */
static void test_wizard_places_follow_the_store(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;

    choose_default(w);
    wizard_default_places(w);
    assert_string_equal(w->plan.store_path, "E:\\USMT\\PC-ACC-0042");
    plan_set_listfiles_path(&w->plan, "E:\\USMT\\PC-ACC-0042-logs\\files.txt");
    /* a hard-link store on the offline volume D: takes the logs along;
     * the working folder cannot go there and stays on E: */
    w->plan.store_kind = PLAN_STORE_HARDLINK;
    wizard_set_store(w, "D:\\USMT\\PC-ACC-0042");
    assert_string_equal(w->plan.log_path,
                        "D:\\USMT\\PC-ACC-0042-logs\\scanstate.log");
    assert_string_equal(w->plan.progress_path,
                        "D:\\USMT\\PC-ACC-0042-logs\\progress.log");
    assert_string_equal(w->plan.listfiles_path,
                        "D:\\USMT\\PC-ACC-0042-logs\\files.txt");
    assert_string_equal(w->plan.working_dir, "E:\\USMT-work");
    assert_null(wizard_place_why_not(w, WIZ_PLACE_LOG,
                                     wizard_volume_by_letter(w, 'D')));
    assert_non_null(wizard_place_why_not(w, WIZ_PLACE_WORKDIR,
                                         wizard_volume_by_letter(w, 'D')));
    assert_non_null(wizard_place_why_not(w, WIZ_PLACE_STORE,
                                         wizard_volume_by_letter(w, 'E')));
    /* half-typed: nothing else moves */
    wizard_set_store(w, "E");
    assert_string_equal(w->plan.store_path, "E");
    assert_string_equal(w->plan.log_path,
                        "D:\\USMT\\PC-ACC-0042-logs\\scanstate.log");
    /* set on purpose: the progress log stays, the rest follows */
    w->plan.store_kind = PLAN_STORE_COMPRESSED;
    wizard_set_place(w, WIZ_PLACE_PROGRESS, "E:\\mine\\progress.log");
    assert_true(wizard_place_is_set(w, WIZ_PLACE_PROGRESS));
    assert_false(wizard_place_is_set(w, WIZ_PLACE_LOG));
    wizard_set_store(w, "e:\\stores\\pc");
    assert_string_equal(w->plan.log_path,
                        "e:\\stores\\pc-logs\\scanstate.log");
    assert_string_equal(w->plan.progress_path, "E:\\mine\\progress.log");
    assert_string_equal(w->plan.working_dir, "E:\\USMT-work");
    /* a store typed with a final backslash: the logs stay beside it */
    wizard_set_store(w, "E:\\stores\\pc\\");
    assert_string_equal(w->plan.log_path,
                        "E:\\stores\\pc-logs\\scanstate.log");
    /* a working folder set on purpose stays too */
    wizard_set_place(w, WIZ_PLACE_WORKDIR, "E:\\work");
    w->plan.store_kind = PLAN_STORE_HARDLINK;
    wizard_set_store(w, "D:\\USMT\\again");
    assert_string_equal(w->plan.working_dir, "E:\\work");
    assert_string_equal(w->plan.log_path,
                        "D:\\USMT\\again-logs\\scanstate.log");
}

/* A preset's templates are choices: they stay when the store moves. */
static void test_wizard_preset_places_stay(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    char *path = fs_join(fx->dir, "p.xml");
    static const char xml[] =
        "<usmtwizPreset version=\"1\">\n"
        "  <store>E:\\USMT\\%COMPUTERNAME%</store>\n"
        "  <logDir>E:\\Logs\\%COMPUTERNAME%</logDir>\n"
        "</usmtwizPreset>\n";
    struct wiz_err err;

    test_write(path, xml, sizeof(xml) - 1);
    w->preset_path = xstrdup(path);
    if (wizard_load_preset(w, &err) < 0)
        fail_msg("preset: %s", err.msg);
    choose_default(w);
    wizard_default_places(w);
    assert_string_equal(w->plan.log_path,
                        "E:\\Logs\\PC-ACC-0042\\scanstate.log");
    assert_true(wizard_place_is_set(w, WIZ_PLACE_LOG));
    assert_false(wizard_place_is_set(w, WIZ_PLACE_WORKDIR));
    w->plan.store_kind = PLAN_STORE_HARDLINK;
    wizard_set_store(w, "D:\\USMT\\PC-ACC-0042");
    assert_string_equal(w->plan.log_path,
                        "E:\\Logs\\PC-ACC-0042\\scanstate.log");
    assert_string_equal(w->plan.progress_path,
                        "E:\\Logs\\PC-ACC-0042\\progress.log");
    free(path);
}

static void test_wizard_existing_store_is_seen(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    char *dir = xasprintf("%s/E/USMT/PC-ACC-0042/USMT", fx->volumes);
    char *file = xasprintf("%s/USMT.MIG", dir);
    const char *marker = NULL;

    choose_default(w);
    wizard_default_places(w);
    assert_false(wizard_store_exists(w, &marker));
    assert_int_equal(fs_mkdir_p(dir, NULL), 0);
    test_write(file, "old", 3);
    wizard_disks_changed(w);    /* a store written behind its back */
    assert_true(wizard_store_exists(w, &marker));
    assert_non_null(marker);
    free(file);
    free(dir);
}

static void test_wizard_extra_switches_are_linted_and_checked(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    struct wizard_finding f[64];
    char *unknown = NULL;
    size_t n;
    bool found = false;

    choose_default(w);
    wizard_default_places(w);
    assert_int_equal(wizard_set_extra(w, "/nosuch /c", &unknown, NULL), 0);
    assert_non_null(unknown);
    assert_non_null(strstr(unknown, "/nosuch"));
    assert_null(strstr(unknown, "/c"));
    free(unknown);
    assert_int_equal(wizard_set_extra(w, "/ui:CONTOSO\\jsmith", &unknown,
                                      NULL), 0);
    assert_null(unknown);
    assert_int_equal(w->plan.extra_args.n, 1);
    n = wizard_findings(w, WIZ_PART_ALL, f, 64);
    for (size_t i = 0; i < n && i < 64; i++) {
        if (!strcmp(f[i].id, "offline-ui-by-name")) {
            found = true;
            assert_int_equal(f[i].sev, WIZ_SEV_ERROR);
            assert_true(f[i].can_fix);
            /* the one-key fix rewrites the extra switch to the SID */
            assert_int_equal(wizard_fix(w, f[i].index, NULL), 0);
            break;
        }
    }
    assert_true(found);
    assert_true(w->plan.extra_args.n >= 1);
    for (size_t i = 0; i < w->plan.extra_args.n; i++)
        assert_null(str_icasestr(w->plan.extra_args.items[i], "jsmith"));
    n = wizard_findings(w, WIZ_PART_ALL, f, 64);
    for (size_t i = 0; i < n && i < 64; i++)
        assert_string_not_equal(f[i].id, "offline-ui-by-name");
}

static void test_wizard_review_text_hides_the_key(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    char *text;

    choose_default(w);
    wizard_default_places(w);
    wizard_default_options(w);
    wizard_set_encrypt(w, 1);
    wizard_set_key(w, "Secret-Key-123");
    text = wizard_review_text(w);
    assert_non_null(strstr(text, "/offlineWinDir:D:\\Windows"));
    assert_non_null(strstr(text, "USMT_WORKING_DIR=E:\\USMT-work"));
    /* /offlineWinDir: no offline.xml beside the command */
    assert_null(strstr(text, "offline.xml"));
    assert_non_null(strstr(text, "/c"));
    assert_null(strstr(text, "Secret-Key-123"));
    free(text);
}

static void test_wizard_blocked_says_why(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    struct wiz_err why;
    struct wizard_finding f[64];
    size_t n;

    choose_default(w);
    wizard_default_places(w);
    err_clear(&why);
    n = wizard_findings(w, WIZ_PART_ALL, f, 64);
    if (wizard_blocked(w, &why)) {
        assert_true(why.msg[0] != '\0');
        assert_true(n > 0);
    }
    /* acknowledging every warning and fixing every error unblocks */
    for (int round = 0; round < 10 && wizard_blocked(w, NULL); round++) {
        n = wizard_findings(w, WIZ_PART_ALL, f, 64);
        for (size_t i = 0; i < n && i < 64; i++) {
            if (f[i].sev == WIZ_SEV_WARNING)
                wizard_ack(w, f[i].index);
        }
        n = wizard_findings(w, WIZ_PART_ALL, f, 64);
        for (size_t i = 0; i < n && i < 64; i++) {
            if (f[i].sev == WIZ_SEV_ERROR && f[i].can_fix) {
                assert_int_equal(wizard_fix(w, f[i].index, NULL), 0);
                break;
            }
        }
    }
    err_clear(&why);
    if (wizard_blocked(w, &why))
        fail_msg("still blocked: %s", why.msg);
}

static void test_wizard_help_text_found_or_explained(void **state)
{
    struct fixture *fx = *state;
    char *t = wizard_help_text(&fx->w, "users");

    assert_non_null(strstr(t, "used within N days"));
    free(t);
    t = wizard_help_text(&fx->w, "no-such-screen");
    assert_non_null(strstr(t, "No help text"));
    free(t);
}

/* scanstate starts in the USMT folder: relative paths would break there */
static void test_wizard_paths_made_absolute(void **state)
{
    struct wizard_opts opts;
    struct wizard w;

    (void)state;
    memset(&opts, 0, sizeof(opts));
    opts.volume_root = "demo/volumes";
    opts.usmt_dir = "demo/usmt";
    wizard_init(&w, &opts);
    assert_true(w.volume_root[0] == '/' || w.volume_root[1] == ':');
    assert_non_null(strstr(w.volume_root, "demo"));
    assert_true(w.usmt_dir[0] == '/' || w.usmt_dir[1] == ':');
    wizard_release(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wizard_paths_made_absolute),
        cmocka_unit_test_setup_teardown(
            test_wizard_scan_offers_the_offline_windows, setup_demo, teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_volume_removed_while_sizing, setup_demo, teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_choose_sets_offline_and_default_users, setup_demo,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_sizes_profiles_in_slices, setup_demo, teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_default_places_avoid_offline_and_x, setup_demo,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_places_follow_the_store, setup_demo, teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_preset_places_stay, setup_demo, teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_existing_store_is_seen, setup_demo, teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_extra_switches_are_linted_and_checked, setup_demo,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_review_text_hides_the_key, setup_demo, teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_blocked_says_why, setup_demo, teardown),
        cmocka_unit_test_setup_teardown(
            test_wizard_help_text_found_or_explained, setup_demo, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

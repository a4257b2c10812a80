#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/inspect.h"
#include "core/offline/users.h"
#include "core/plan/cmdline.h"
#include "core/rules/rules.h"
#include "core/session/wizard.h"
#include "lab/lab.h"
#include "platform/fs.h"
#include "../support/testlib.h"

/*
 * One session, every front-end: what the Users screen, plain mode and
 * `run` see (the wizard model) agrees with what `inspect` and `lint` see,
 * on a practice machine built by the lab.
 */

struct fixture {
    char *dir;
    char *volumes;
    char *usmt;
    struct wizard w;
};

static int setup(void **state)
{
    struct fixture *fx = xcalloc(1, sizeof(*fx));
    char *sc = xasprintf("%s/scenarios/demo", ASSETS_DIR);
    char *out;
    struct wiz_err err;
    struct wizard_opts opts;

    fx->dir = test_tmpdir("test_session");
    out = fs_join(fx->dir, "lab");
    if (lab_create(sc, out, 0, &err) < 0)
        fail_msg("building the demo: %s", err.msg);
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

static void choose_default(struct wizard *w)
{
    struct wiz_err err;

    wizard_probe_env(w, false);
    wizard_scan(w, false);
    if (wizard_choose_row(w, wizard_default_row(w), &err) < 0)
        fail_msg("choose: %s", err.msg);
}

/* A UNIX socket bound at path (left behind when the socket is closed). */
static void make_socket(const char *path)
{
    struct sockaddr_un sa;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    assert_true(strlen(path) < sizeof(sa.sun_path));
    strcpy(sa.sun_path, path);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    close(fd);
}

/*
 * Special entries in a profile: a FIFO, a socket, an unreadable folder
 * with a file in it, and links to a folder and a file (junctions as Linux
 * shows them).
 */
static void add_special_entries(const char *profile)
{
    char *fifo = fs_join(profile, "pipe");
    char *sock = fs_join(profile, "s");
    char *locked = fs_join(profile, "Locked");
    char *inside = fs_join(locked, "secret.txt");
    char *dlink = fs_join(profile, "My Music");
    char *flink = fs_join(profile, "link.txt");

    assert_int_equal(mkfifo(fifo, 0600), 0);
    make_socket(sock);
    test_write(inside, "hidden", 6);
    assert_int_equal(chmod(locked, 0), 0);
    assert_int_equal(symlink("..", dlink), 0);
    assert_int_equal(symlink("Locked/secret.txt", flink), 0);
    free(fifo);
    free(sock);
    free(locked);
    free(inside);
    free(dlink);
    free(flink);
}

static void unlock_entries(const char *profile)
{
    char *locked = fs_join(profile, "Locked");

    chmod(locked, 0700);
    free(locked);
}

/*
 * The sizes the Users screen, plain mode and `run` show (the wizard's
 * background walk) equal those of `inspect --xml` and `lint` for a
 * profile with special files in it.
 */
static void test_session_sizes_equal_in_every_front_end(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    struct inspect_data d;
    struct wiz_err err;
    const struct win_user *pick = NULL;
    size_t compared = 0;

    wizard_scan(w, false);
    {
        const struct winvol *vol;
        const struct winos *os;
        struct user_list list;

        wizard_row_get(w, wizard_default_row(w), &vol, &os);
        assert_non_null(os);
        assert_int_equal(users_load(os, &list, &err), 0);
        for (size_t i = 0; i < list.n && !pick; i++) {
            if (list.u[i].profile_path && list.u[i].folder_exists) {
                add_special_entries(list.u[i].profile_path);
                pick = &list.u[i];
            }
        }
        assert_non_null(pick);
        user_list_release(&list);
    }
    choose_default(w);
    while (wizard_size_step(w, 50))
        ;
    assert_int_equal(inspect_collect(fx->volumes, NULL, 0, true, &d, &err),
                     0);
    for (size_t k = 0; k < d.n_users; k++) {
        const struct user_list *l = &d.users[k].list;

        for (size_t i = 0; i < l->n; i++) {
            for (size_t j = 0; j < w->users.n; j++) {
                const struct win_user *a = &l->u[i];
                const struct win_user *b = &w->users.u[j];

                /* a .bak duplicate shares its SID with the real entry */
                if (strcmp(a->sid, b->sid) || !a->sized ||
                    strcmp(a->profile_path, b->profile_path))
                    continue;
                assert_true(b->sized);
                assert_int_equal(a->size_files, b->size_files);
                assert_int_equal(a->size_bytes, b->size_bytes);
                assert_int_equal(a->size_unreadable, b->size_unreadable);
                assert_int_equal(a->size_dirs, b->size_dirs);
                assert_int_equal(a->size_links_skipped,
                                 b->size_links_skipped);
                compared++;
            }
        }
    }
    assert_true(compared >= 3);
    inspect_data_release(&d);
    for (size_t j = 0; j < w->users.n; j++) {
        if (w->users.u[j].profile_path && w->users.u[j].folder_exists)
            unlock_entries(w->users.u[j].profile_path);
    }
}

#define UNKNOWN_SID "S-1-5-21-1-2-3-9999"

/* `lint` of a command line selecting an unknown SID the wizard's way. */
static void test_session_lint_sees_unknown_sid(void **state)
{
    struct fixture *fx = *state;
    char *wiz = test_build("usmtwiz");
    char *cmd = xasprintf("'%s' lint --volume-root '%s' --usmt '%s' --winpe "
                          "-- 'E:\\store\\PC1 /offlineWinDir:D:\\Windows "
                          "/ue:*\\* /ui:" UNKNOWN_SID "* /c' 2>&1",
                          wiz, fx->volumes, fx->usmt);
    int status;
    char *out = test_run(cmd, &status);

    if (!strstr(out, "users-sid-unknown") ||
        !strstr(out, "'" UNKNOWN_SID "'"))
        fail_msg("no users-sid-unknown from lint:\n%s", out);
    free(out);
    free(cmd);
    free(wiz);
}

static bool has_finding(const struct wizard *w, const char *id)
{
    struct wizard_finding f[64];
    size_t n = wizard_findings(w, WIZ_PART_ALL, f, 64);

    for (size_t i = 0; i < n && i < 64; i++) {
        if (!strcmp(f[i].id, id))
            return true;
    }
    return false;
}

/* The same selection typed as extra switches in the wizard. */
static void test_session_wizard_sees_unknown_sid(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    char *unknown = NULL;

    choose_default(w);
    wizard_default_places(w);
    assert_false(has_finding(w, "users-sid-unknown"));
    assert_int_equal(wizard_set_extra(w, "/ue:*\\* /ui:" UNKNOWN_SID "*",
                                      &unknown, NULL), 0);
    free(unknown);
    assert_true(has_finding(w, "users-sid-unknown"));
}

/*
 * A working folder on X: is the rule's to judge (the Store screen asks
 * the model): in Windows PE it is the RAM disk.
 */
static void test_session_workdir_on_x_is_one_finding(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    const char *msg = NULL;

    setenv("USMTWIZ_WINPE", "1", 1);
    choose_default(w);
    wizard_default_places(w);
    wizard_set_place(w, WIZ_PLACE_WORKDIR, "X:\\work");
    assert_true(wizard_has_finding(w, "workdir-on-x", &msg));
    assert_non_null(strstr(msg, "X:\\work"));
    wizard_set_place(w, WIZ_PLACE_WORKDIR, "E:\\work");
    assert_false(wizard_has_finding(w, "workdir-on-x", NULL));
    unsetenv("USMTWIZ_WINPE");
}

/*
 * The wizard's own working folder is made when the run starts, not warned
 * about; one typed on purpose that does not exist is a finding, with the
 * one fix that lets the wizard make it.
 */
static void test_session_default_workdir_is_made_not_warned(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    struct wizard_finding f[64];
    struct wiz_err err;
    const char *msg = NULL;
    char *local;
    size_t n;
    bool fixed = false;

    setenv("USMTWIZ_WINPE", "1", 1);
    choose_default(w);
    wizard_default_places(w);
    assert_false(wizard_place_is_set(w, WIZ_PLACE_WORKDIR));
    local = wizard_host_path(w, w->plan.working_dir);
    assert_non_null(local);
    assert_false(fs_exists(local));
    free(local);
    assert_false(wizard_has_finding(w, "workdir-missing", NULL));
    /* moved with the store, it stays the wizard's own */
    wizard_set_store(w, "E:\\stores\\pc");
    assert_false(wizard_place_is_set(w, WIZ_PLACE_WORKDIR));
    assert_false(wizard_has_finding(w, "workdir-missing", NULL));
    /* typed on purpose: the finding and its fix */
    wizard_set_place(w, WIZ_PLACE_WORKDIR, "E:\\typed");
    assert_true(wizard_has_finding(w, "workdir-missing", &msg));
    assert_non_null(strstr(msg, "E:\\typed"));
    n = wizard_findings(w, ~0u, f, sizeof(f) / sizeof(f[0]));
    for (size_t i = 0; i < n && i < sizeof(f) / sizeof(f[0]); i++) {
        if (strcmp(f[i].id, "workdir-missing"))
            continue;
        assert_true(f[i].can_fix);
        assert_int_equal(wizard_fix(w, f[i].index, &err), 0);
        fixed = true;
        break;
    }
    assert_true(fixed);
    assert_false(wizard_has_finding(w, "workdir-missing", NULL));
    /* another folder typed: the consent was for the one before */
    wizard_set_place(w, WIZ_PLACE_WORKDIR, "E:\\typed2");
    assert_true(wizard_has_finding(w, "workdir-missing", NULL));
    unsetenv("USMTWIZ_WINPE");
}

/*
 * One Windows-to-host mapping: names ignore case as on Windows, and a
 * part that does not exist yet is kept as given.
 */
static void test_session_windows_path_to_host(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    char *e = fs_join(fx->volumes, "E");
    char *stores = fs_join(e, "Stores");
    char *want = fs_join(stores, "new");
    char *got;

    assert_int_equal(fs_mkdir_p(stores, NULL), 0);
    wizard_scan(w, false);
    got = wizard_host_path(w, "e:\\STORES\\new");
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    assert_null(wizard_host_path(w, "Q:\\nowhere"));
    free(want);
    free(stores);
    free(e);
}

/*
 * The findings follow the model: a setter marks it changed and the next
 * reader sees the new findings, with no check to call (there is none).
 */
static void test_session_findings_follow_setters(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    char *dir = xasprintf("%s/E/Old/USMT", fx->volumes);
    char *file = xasprintf("%s/USMT.MIG", dir);
    size_t picked = SIZE_MAX;

    choose_default(w);
    wizard_default_places(w);
    assert_true(wizard_users_selected(w) > 0);
    assert_false(wizard_has_finding(w, "users-none-selected", NULL));
    for (size_t i = 0; i < w->users.n; i++) {
        if (wizard_user_selected(w, i)) {
            picked = i;
            wizard_user_select(w, i, false);
        }
    }
    assert_int_equal(wizard_users_selected(w), 0);
    assert_true(wizard_has_finding(w, "users-none-selected", NULL));
    assert_true(picked != SIZE_MAX);
    wizard_user_select(w, picked, true);
    assert_false(wizard_has_finding(w, "users-none-selected", NULL));

    /* a store path: the rule and the disk facts of the new folder */
    assert_false(wizard_has_finding(w, "store-on-x", NULL));
    wizard_set_store(w, "X:\\Store");
    assert_true(wizard_has_finding(w, "store-on-x", NULL));
    assert_int_equal(fs_mkdir_p(dir, NULL), 0);
    test_write(file, "old", 3);
    wizard_set_store(w, "E:\\Old");
    assert_false(wizard_has_finding(w, "store-on-x", NULL));
    assert_true(wizard_has_finding(w, "store-exists", NULL));
    assert_true(wizard_store_exists(w, NULL));
    wizard_set_store(w, "E:\\New");
    assert_false(wizard_has_finding(w, "store-exists", NULL));
    assert_false(wizard_store_exists(w, NULL));

    /* encryption without a key, then with one */
    assert_false(wizard_has_finding(w, "encrypt-needs-key", NULL));
    wizard_set_encrypt(w, 1);
    assert_true(wizard_has_finding(w, "encrypt-needs-key", NULL));
    wizard_set_key(w, "Correct-Horse-Battery-9");
    assert_false(wizard_has_finding(w, "encrypt-needs-key", NULL));
    free(file);
    free(dir);
}

/* The finding ids of a model, one line each, in order. */
static char *finding_ids(const struct wizard *w)
{
    const struct findings *fs = wizard_rule_findings(w);
    struct strbuf sb = STRBUF_INIT;

    for (size_t i = 0; i < fs->n; i++)
        strbuf_addf(&sb, "%s %s\n", fs->f[i].rule->id, fs->f[i].message);
    return strbuf_detach(&sb, NULL);
}

/*
 * One gatherer: the wizard's choices written as a command line and read
 * back by lint's way in (wizard_from_line) give the same findings.
 */
static void test_session_line_gathers_as_the_wizard(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    struct wizard line;
    struct wizard_opts opts;
    struct cmdline_built b;
    struct plan p;
    struct strbuf notes = STRBUF_INIT;
    char *want, *got, *logs, *work;

    choose_default(w);
    wizard_default_places(w);
    wizard_default_content(w);
    wizard_default_options(w);
    while (wizard_size_step(w, 1000))
        ;
    /* the wizard makes the log folder and the working folder it chose;
     * a typed /l and USMT_WORKING_DIR must find them */
    logs = fs_join(fx->volumes, "E/USMT/PC-ACC-0042-logs");
    assert_int_equal(fs_mkdir_p(logs, NULL), 0);
    work = fs_join(fx->volumes, "E/USMT-work");
    assert_int_equal(fs_mkdir_p(work, NULL), 0);
    wizard_disks_changed(w);
    cmdline_built_init(&b);
    assert_int_equal(cmdline_build(&w->plan, NULL, NULL, &b, NULL), 0);
    plan_init(&p);
    assert_int_equal(cmdline_parse_argv(&p, (int)b.argc,
                                        (const char *const *)b.argv, NULL),
                     0);
    for (size_t i = 0; i < b.n_env; i++) {
        char *eq = strchr(b.env[i], '=');

        *eq = '\0';
        plan_set_env(&p, b.env[i], eq + 1);
    }
    plan_user_rules_to_sids(&p);
    memset(&opts, 0, sizeof(opts));
    opts.volume_root = fx->volumes;
    opts.usmt_dir = fx->usmt;
    wizard_init(&line, &opts);
    wizard_from_line(&line, &p, 0, NULL, &notes);
    want = finding_ids(w);
    got = finding_ids(&line);
    assert_true(*want);
    assert_string_equal(got, want);
    free(want);
    free(got);
    wizard_release(&line);
    plan_release(&p);
    cmdline_built_release(&b);
    strbuf_release(&notes);
    free(logs);
    free(work);
}

/*
 * Extra switches are read into the plan itself, beside the wizard's own
 * choices: the log folders the wizard makes are not "typed", and what the
 * extra switches repeat or contradict is still found.
 */
static void test_session_extra_switches_beside_choices(void **state)
{
    struct fixture *fx = *state;
    struct wizard *w = &fx->w;
    char *unknown = NULL;
    const char *msg = NULL;

    choose_default(w);
    wizard_default_places(w);
    wizard_default_options(w);
    assert_false(wizard_has_finding(w, "log-folder-missing", NULL));
    assert_int_equal(wizard_set_extra(w, "/localonly", &unknown, NULL), 0);
    free(unknown);
    assert_false(wizard_has_finding(w, "log-folder-missing", NULL));
    assert_false(wizard_has_finding(w, "switch-repeated", NULL));
    /* the wizard's /v:5 and a typed /v:13 */
    assert_int_equal(wizard_set_extra(w, "/v:13", &unknown, NULL), 0);
    free(unknown);
    assert_true(wizard_has_finding(w, "switch-repeated", &msg));
    assert_non_null(strstr(msg, "2 times"));
    /* the wizard's /offlineWinDir and a typed /offline */
    assert_int_equal(wizard_set_extra(w, "/offline:E:\\o.xml", &unknown,
                                      NULL), 0);
    free(unknown);
    assert_true(wizard_has_finding(w, "offline-several-switches", NULL));
    /* a second store path after the wizard's */
    assert_int_equal(wizard_set_extra(w, "E:\\other", &unknown, NULL), 0);
    free(unknown);
    assert_true(wizard_has_finding(w, "store-several", &msg));
    assert_non_null(strstr(msg, "'E:\\other'"));
    /* a typed /l is typed: its folder must exist */
    assert_int_equal(wizard_set_extra(w, "/l:E:\\nowhere\\s.log", &unknown,
                                      NULL), 0);
    free(unknown);
    assert_true(wizard_has_finding(w, "log-folder-missing", &msg));
    assert_non_null(strstr(msg, "E:\\nowhere"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_session_sizes_equal_in_every_front_end, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_session_lint_sees_unknown_sid, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_session_wizard_sees_unknown_sid, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_session_workdir_on_x_is_one_finding, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_session_default_workdir_is_made_not_warned, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_session_windows_path_to_host, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_session_findings_follow_setters, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_session_line_gathers_as_the_wizard, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_session_extra_switches_beside_choices, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

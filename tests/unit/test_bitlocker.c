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
#include "core/offline/bitlocker.h"
#include "core/offline/winos.h"
#include "core/session/wizard.h"
#include "lab/lab.h"
#include "platform/fs.h"
#include "platform/vol.h"
#include "../support/testlib.h"

/* the password of assets/scenarios/bitlocker-recovery */
#define RIGHT "466895-217492-569250-069608-104434-135707-527241-083622"
/* every block valid, not that volume's password */
#define OTHER "309540-054054-123915-625218-602910-100716-346984-130779"

/* ---- the block check ----------------------------------------------------- */

static void test_bitlocker_check_accepts_and_dashes(void **state)
{
    char out[BL_PASSWORD_SIZE];
    int block = -1;
    struct wiz_err err;

    (void)state;
    assert_int_equal(bitlocker_password_check(RIGHT, out, &block, &err), 0);
    assert_string_equal(out, RIGHT);
    assert_int_equal(block, 0);
    /* typed without dashes, or with blanks: the same dashed form */
    assert_int_equal(bitlocker_password_check(
        "466895217492569250069608104434135707527241083622", out, &block,
        &err), 0);
    assert_string_equal(out, RIGHT);
    assert_int_equal(bitlocker_password_check(
        " 466895 217492 569250 069608 104434 135707 527241 083622 ", out,
        &block, &err), 0);
    assert_string_equal(out, RIGHT);
    /* the largest block: 11 * 65535 */
    assert_int_equal(bitlocker_password_check(
        "720885-000000-000000-000000-000000-000000-000000-000000", out,
        &block, &err), 0);
}

static void test_bitlocker_check_names_the_wrong_block(void **state)
{
    char out[BL_PASSWORD_SIZE] = "untouched";
    int block = 0;
    struct wiz_err err;

    (void)state;
    /* block 3 with one digit changed: 569250 -> 569251 */
    assert_int_equal(bitlocker_password_check(
        "466895-217492-569251-069608-104434-135707-527241-083622", out,
        &block, &err), -1);
    assert_int_equal(block, 3);
    assert_int_equal(err.code, WIZ_EUSAGE);
    assert_non_null(strstr(err.msg, "block 3 is wrong"));
    assert_null(strstr(err.msg, "569251"));
    assert_string_equal(out, "untouched");
    /* a multiple of 11 whose quotient is 65536: too big */
    assert_int_equal(bitlocker_password_check(
        "466895-217492-569250-069608-104434-135707-527241-720896", out,
        &block, &err), -1);
    assert_int_equal(block, 8);
    /* short: the block that is incomplete */
    assert_int_equal(bitlocker_password_check("466895-217492-5692", out,
                                              &block, &err), -2);
    assert_int_equal(block, 3);
    assert_non_null(strstr(err.msg, "only 16 of 48 digits: block 3 is "
                                    "incomplete"));
    assert_int_equal(bitlocker_password_check("466895-217492", out, &block,
                                              &err), -2);
    assert_non_null(strstr(err.msg, "block 3 is missing"));
    /* a letter, and too many digits: no block to blame */
    assert_int_equal(bitlocker_password_check("466895-2174x2", out, &block,
                                              &err), -1);
    assert_int_equal(block, 0);
    assert_non_null(strstr(err.msg, "character 12 is not a digit"));
    assert_int_equal(bitlocker_password_check(RIGHT "-0", out, &block, &err),
                     -1);
    assert_int_equal(block, 0);
    assert_non_null(strstr(err.msg, "more than 48 digits"));
    assert_int_equal(bitlocker_password_check("", out, &block, &err), -2);
    assert_int_equal(block, 1);
}

/* ---- the practice volume ------------------------------------------------- */

struct fx {
    char *dir;
    char *out;
    char *volumes;
};

static int setup(void **state)
{
    struct fx *fx = xcalloc(1, sizeof(*fx));
    char *sc = xasprintf("%s/scenarios/bitlocker-recovery", ASSETS_DIR);
    struct wiz_err err;

    fx->dir = test_tmpdir("test_bitlocker");
    fx->out = fs_join(fx->dir, "lab");
    if (lab_create(sc, fx->out, 0, &err) < 0)
        fail_msg("building: %s", err.msg);
    fx->volumes = fs_join(fx->out, "volumes");
    free(sc);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;

    free(fx->out);
    free(fx->volumes);
    test_tmpdir_remove(fx->dir);
    free(fx);
    return 0;
}

static const struct winvol *find_vol(const struct win_scan *s, char letter)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->vols[i].vol.letter == letter)
            return &s->vols[i];
    }
    fail_msg("no volume %c:", letter);
    return NULL;
}

static char *read_all(const char *path)
{
    char *data;
    size_t len;
    struct wiz_err err;

    if (fs_read_file(path, 1 << 20, &data, &len, &err) < 0)
        fail_msg("%s", err.msg);
    return data;
}

/* The BEK file lab create wrote beside the volumes. */
static char *bek_path(const struct fx *fx, const struct winvol *v)
{
    for (size_t i = 0; i < v->n_protectors; i++) {
        if (v->protectors[i].kind == VOL_PROT_BEK) {
            char *name = xasprintf("%s.BEK", v->protectors[i].id);
            char *p = fs_join(fx->out, name);

            free(name);
            return p;
        }
    }
    fail_msg("no external key protector");
    return NULL;
}

static void test_bitlocker_locked_volume_shows_nothing(void **state)
{
    struct fx *fx = *state;
    struct win_scan s;
    struct wiz_err err;
    char *win = fs_join(fx->volumes, "D/Windows");
    char *facts = fs_join(fx->volumes, "D.volume");
    char *text = read_all(facts);

    assert_int_equal(winos_scan(fx->volumes, &s, &err), 0);
    const struct winvol *d = find_vol(&s, 'D');

    assert_true(d->vol.locked);
    assert_int_equal(d->n_os, 0);
    assert_non_null(d->problem);
    assert_non_null(strstr(d->problem, "BitLocker-locked: unlock it first"));
    assert_false(fs_exists(win));
    /* two protectors, GUID-shaped IDs, one of each kind */
    assert_int_equal(d->n_protectors, 2);
    assert_int_equal(d->protectors[0].kind, VOL_PROT_RECOVERY);
    assert_int_equal(d->protectors[1].kind, VOL_PROT_BEK);
    assert_int_equal(strlen(d->protectors[0].id), 38);
    assert_int_equal(d->protectors[0].id[0], '{');
    assert_int_equal(d->protectors[0].id[9], '-');
    assert_int_equal(d->protectors[0].id[37], '}');
    assert_null(d->protectors_problem);
    /* the facts hold hashes, never the password (with or without dashes) */
    assert_null(strstr(text, "466895"));
    assert_null(strstr(text, "083622"));
    assert_non_null(strstr(text, d->protectors[0].id));
    free(text);
    free(facts);
    free(win);
    win_scan_release(&s);
}

static void test_bitlocker_unlock_with_recovery_password(void **state)
{
    struct fx *fx = *state;
    struct win_scan s;
    struct wiz_err err;

    assert_int_equal(winos_scan(fx->volumes, &s, &err), 0);
    const struct winvol *d = find_vol(&s, 'D');

    /* valid blocks, wrong password: refused, still locked */
    assert_int_equal(vol_unlock_recovery(&d->vol, OTHER, &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    assert_non_null(strstr(err.msg, "not its recovery password"));
    assert_null(strstr(err.msg, "309540"));
    win_scan_release(&s);
    assert_int_equal(winos_scan(fx->volumes, &s, &err), 0);
    d = find_vol(&s, 'D');
    assert_true(d->vol.locked);
    assert_int_equal(d->n_os, 0);

    assert_int_equal(vol_unlock_recovery(&d->vol, RIGHT, &err), 0);
    win_scan_release(&s);
    assert_int_equal(winos_scan(fx->volumes, &s, &err), 0);
    d = find_vol(&s, 'D');
    assert_false(d->vol.locked);
    assert_null(d->problem);
    assert_int_equal(d->n_os, 1);
    assert_non_null(strstr(d->os[0].windir_win, "Windows"));
    /* unlocked stays unlocked: a second unlock is refused as needless */
    assert_int_equal(vol_unlock_recovery(&d->vol, RIGHT, &err), -1);
    assert_non_null(strstr(err.msg, "is not locked"));
    win_scan_release(&s);
}

static void test_bitlocker_unlock_with_key_file(void **state)
{
    struct fx *fx = *state;
    struct win_scan s;
    struct wiz_err err;

    assert_int_equal(winos_scan(fx->volumes, &s, &err), 0);
    const struct winvol *d = find_vol(&s, 'D');
    char *bek = bek_path(fx, d);
    char *facts = fs_join(fx->volumes, "D.volume");

    assert_true(fs_exists(bek));
    /* another file is no key of this volume; a missing one says so */
    assert_int_equal(vol_unlock_bek(&d->vol, facts, &err), -1);
    assert_non_null(strstr(err.msg, "not one of its external keys"));
    assert_int_equal(vol_unlock_bek(&d->vol, "/nonexistent/x.BEK", &err),
                     -1);
    assert_non_null(strstr(err.msg, "cannot read the key file"));
    assert_int_equal(vol_unlock_bek(&d->vol, bek, &err), 0);
    win_scan_release(&s);
    assert_int_equal(winos_scan(fx->volumes, &s, &err), 0);
    d = find_vol(&s, 'D');
    assert_false(d->vol.locked);
    assert_int_equal(d->n_os, 1);
    free(facts);
    free(bek);
    win_scan_release(&s);
}

/* A volume locked without any key protector, as the bitlocker lesson. */
static void test_bitlocker_no_protector_of_that_kind(void **state)
{
    char *dir = test_tmpdir("test_bitlocker");
    char *d = fs_join(dir, "D");
    char *facts = fs_join(dir, "D.volume");
    struct vol_info v;
    struct vol_protector *p;
    size_t n = 9;
    struct wiz_err err;

    (void)state;
    assert_int_equal(fs_mkdir_p(d, &err), 0);
    assert_int_equal(fs_write_file(facts, "locked=1\n", 9, &err), 0);
    memset(&v, 0, sizeof(v));
    v.letter = 'D';
    v.root = d;
    v.locked = true;
    assert_int_equal(vol_key_protectors(&v, &p, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(vol_unlock_recovery(&v, RIGHT, &err), -1);
    assert_non_null(strstr(err.msg, "has no recovery password key "
                                    "protector"));
    /* a broken protector line is said, not skipped */
    assert_int_equal(fs_write_file(facts, "locked=1\nprotector={x} recovery\n",
                                   33, &err), 0);
    assert_int_equal(vol_key_protectors(&v, &p, &n, &err), -1);
    assert_non_null(strstr(err.msg, "malformed"));
    free(facts);
    free(d);
    test_tmpdir_remove(dir);
}

/* ---- the session --------------------------------------------------------- */

static void test_bitlocker_wizard_unlock_row(void **state)
{
    struct fx *fx = *state;
    struct wizard_opts opts;
    struct wizard w;
    struct wiz_err err;
    size_t row = SIZE_MAX;
    int block = -1;

    memset(&opts, 0, sizeof(opts));
    opts.volume_root = fx->volumes;
    opts.data_dir = ASSETS_DIR;
    wizard_init(&w, &opts);
    wizard_scan(&w, false);
    for (size_t i = 0; i < w.n_rows; i++) {
        if (wizard_row_locked(&w, i))
            row = i;
        assert_false(w.rows[i].usable);
    }
    assert_true(row != SIZE_MAX);
    /* a wrong block is caught before the volume is tried */
    assert_int_equal(wizard_unlock_row(&w, row,
        "466895-217492-569250-069608-104434-135707-527241-083623", NULL,
        &block, &err), -1);
    assert_int_equal(block, 8);
    assert_non_null(strstr(err.msg, "block 8 is wrong"));
    assert_true(wizard_row_locked(&w, row));
    assert_int_equal(wizard_unlock_row(&w, row, OTHER, NULL, &block, &err),
                     -1);
    assert_int_equal(block, 0);
    assert_non_null(strstr(err.msg, "not its recovery password"));
    assert_int_equal(wizard_unlock_row(&w, row, RIGHT, NULL, &block, &err),
                     0);
    /* scanned again: D: now has a usable Windows, chosen by default */
    size_t def = wizard_default_row(&w);

    assert_true(w.rows[def].usable);
    assert_false(wizard_row_locked(&w, def));
    assert_int_equal(wizard_choose_row(&w, def, &err), 0);
    assert_true(w.users.n > 3);
    wizard_release(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bitlocker_check_accepts_and_dashes),
        cmocka_unit_test(test_bitlocker_check_names_the_wrong_block),
        cmocka_unit_test_setup_teardown(
            test_bitlocker_locked_volume_shows_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_bitlocker_unlock_with_recovery_password, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_bitlocker_unlock_with_key_file, setup, teardown),
        cmocka_unit_test(test_bitlocker_no_protector_of_that_kind),
        cmocka_unit_test_setup_teardown(test_bitlocker_wizard_unlock_row,
                                        setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

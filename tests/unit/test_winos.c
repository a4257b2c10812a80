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
#include "core/offline/hive.h"
#include "core/offline/winos.h"
#include "platform/fs.h"
#include "../support/testlib.h"
#include "../support/winfake.h"

static const struct winfake_os WIN11 = {
    "Windows", "Windows 10 Pro", "22631", 2861, "AMD64", "PC-ANNA", "", 1,
};

static char *mkvol(const char *root, const char *letter)
{
    struct wiz_err err;
    char *v = fs_join(root, letter);

    if (fs_mkdir_p(v, &err) < 0)
        fail_msg("%s", err.msg);
    return v;
}

static void set_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Make a hive dirty: seq2 = seq1 - 1, checksum recomputed. */
static void make_dirty(const char *path)
{
    struct wiz_err err;
    char *data;
    size_t len;

    if (fs_read_file(path, 64 << 20, &data, &len, &err) < 0)
        fail_msg("%s", err.msg);
    unsigned char *b = (unsigned char *)data;
    uint32_t seq1 = b[4] | b[5] << 8 | b[6] << 16 | (uint32_t)b[7] << 24;
    uint32_t sum = 0;

    set_u32(b + 8, seq1 + 1);
    for (int i = 0; i < 0x1fc; i += 4)
        sum ^= b[i] | b[i + 1] << 8 | b[i + 2] << 16 |
               (uint32_t)b[i + 3] << 24;
    set_u32(b + 0x1fc, sum);
    if (fs_write_file(path, data, len, &err) < 0)
        fail_msg("%s", err.msg);
    free(data);
}

static void test_winos_reads_windows_11_that_calls_itself_10(void **state)
{
    char *root = test_tmpdir("winos");
    char *vol = mkvol(root, "D");
    char *windir = winfake_install(vol, &WIN11);
    struct winos os;
    struct wiz_err err;

    (void)state;
    assert_int_equal(winos_read(windir, 'D', &os, &err), 0);
    assert_null(os.problem);
    assert_string_equal(os.product_name, "Windows 10 Pro");
    assert_int_equal(os.family, 11);
    assert_string_equal(os.family_name, "11");
    assert_int_equal(os.build, 22631);
    assert_int_equal(os.ubr, 2861);
    assert_string_equal(os.display_version, "23H2");
    assert_int_equal(os.arch, SYS_ARCH_AMD64);
    assert_false(os.arch_mismatch);
    assert_false(os.is_server);
    assert_string_equal(os.computer_name, "PC-ANNA");
    assert_string_equal(os.domain, "");
    assert_string_equal(os.windir_win, "D:\\Windows");
    assert_string_equal(os.os_root_win, "D:\\");
    assert_string_equal(os.system_root, "C:\\Windows");
    assert_string_equal(os.friendly, "Windows 11 Pro 23H2 (22631.2861) x64");
    assert_false(os.dirty);
    assert_false(os.hibernated);
    assert_false(os.fast_startup);
    winos_release(&os);
    free(windir);
    free(vol);
    test_tmpdir_remove(root);
}

static void test_winos_cross_checks_architecture_with_syswow64(void **state)
{
    char *root = test_tmpdir("winos");
    char *vol = mkvol(root, "C");
    struct winfake_os x86 = WIN11;
    struct winos os;

    (void)state;
    x86.arch = "x86";
    x86.wow64 = 1;
    char *windir = winfake_install(vol, &x86);

    winos_read(windir, 'C', &os, NULL);
    assert_int_equal(os.arch, SYS_ARCH_X86);
    assert_true(os.has_syswow64);
    assert_true(os.arch_mismatch);
    winos_release(&os);
    free(windir);
    test_tmpdir_remove(root);

    root = test_tmpdir("winos");
    free(vol);
    vol = mkvol(root, "C");
    x86.arch = "ARM64";
    x86.wow64 = 0;
    windir = winfake_install(vol, &x86);
    winos_read(windir, 'C', &os, NULL);
    assert_int_equal(os.arch, SYS_ARCH_ARM64);
    assert_true(os.arch_mismatch);
    winos_release(&os);
    free(windir);
    free(vol);
    test_tmpdir_remove(root);
}

static void test_winos_matches_names_case_insensitively(void **state)
{
    char *root = test_tmpdir("winos");
    char *vol = mkvol(root, "E");
    struct winfake_os o = WIN11;
    struct win_scan scan;
    struct wiz_err err;

    (void)state;
    o.windows = "WINDOWS";
    char *windir = winfake_install(vol, &o);
    char *from = winfake_config(windir, "SOFTWARE");
    char *to = winfake_config(windir, "software");

    assert_int_equal(fs_rename(from, to, &err), 0);
    assert_int_equal(winos_scan(root, &scan, &err), 0);
    assert_int_equal(scan.n, 1);
    assert_int_equal(win_scan_count(&scan), 1);
    assert_null(scan.vols[0].os[0].problem);
    assert_string_equal(scan.vols[0].os[0].windir_win, "E:\\WINDOWS");
    assert_int_equal(scan.vols[0].os[0].build, 22631);
    win_scan_release(&scan);
    free(from);
    free(to);
    free(windir);
    free(vol);
    test_tmpdir_remove(root);
}

static void test_winos_scan_reports_every_volume_and_survives_bad_ones(
    void **state)
{
    char *root = test_tmpdir("winos");
    char *c = mkvol(root, "C");
    char *d = mkvol(root, "D");
    char *e = mkvol(root, "E");
    char *f = mkvol(root, "F");
    char *g = mkvol(root, "G");
    struct win_scan scan;
    struct wiz_err err;

    (void)state;
    free(winfake_install(c, &WIN11));
    /* D: a data volume without Windows */
    char *p = fs_join(d, "data.txt");

    test_write(p, "x", 1);
    free(p);
    /* E: BitLocker-locked */
    p = fs_join(root, "E.volume");
    test_write(p, "locked=1\n", 9);
    free(p);
    /* F: a Windows 9x hive where SOFTWARE should be */
    char *fw = winfake_install(f, &WIN11);

    p = winfake_config(fw, "SOFTWARE");
    test_write(p, "CREG\1\0\0\0 a Windows 98 registry", 30);
    free(p);
    free(fw);
    /* G: Windows and Windows.old\Windows */
    free(winfake_install(g, &WIN11));
    struct winfake_os old = WIN11;

    old.windows = "Windows.old/Windows";
    old.build = "19045";
    free(winfake_install(g, &old));

    assert_int_equal(winos_scan(root, &scan, &err), 0);
    assert_int_equal(scan.n, 5);
    assert_int_equal(scan.vols[0].vol.letter, 'C');
    assert_int_equal(scan.vols[0].n_os, 1);
    assert_null(scan.vols[0].problem);
    assert_int_equal(scan.vols[1].vol.letter, 'D');
    assert_int_equal(scan.vols[1].n_os, 0);
    assert_null(scan.vols[1].problem);
    assert_int_equal(scan.vols[2].vol.letter, 'E');
    assert_true(scan.vols[2].vol.locked);
    assert_non_null(scan.vols[2].problem);
    assert_non_null(strstr(scan.vols[2].problem, "BitLocker-locked"));
    assert_int_equal(scan.vols[3].n_os, 1);
    assert_non_null(scan.vols[3].os[0].problem);
    assert_non_null(str_icasestr(scan.vols[3].os[0].problem, "SOFTWARE"));
    /* SYSTEM still read */
    assert_string_equal(scan.vols[3].os[0].computer_name, "PC-ANNA");
    assert_int_equal(scan.vols[4].n_os, 2);
    assert_string_equal(scan.vols[4].os[0].windir_win, "G:\\Windows");
    assert_string_equal(scan.vols[4].os[1].windir_win,
                        "G:\\Windows.old\\Windows");
    assert_string_equal(scan.vols[4].os[1].os_root_win, "G:\\Windows.old");
    assert_int_equal(scan.vols[4].os[1].family, 10);
    assert_int_equal(win_scan_count(&scan), 4);
    win_scan_release(&scan);
    free(c);
    free(d);
    free(e);
    free(f);
    free(g);
    test_tmpdir_remove(root);
}

static void test_winos_reads_shutdown_fast_startup_hibernation_dirty(
    void **state)
{
    char *root = test_tmpdir("winos");
    char *vol = mkvol(root, "C");
    char *windir = winfake_install(vol, &WIN11);
    char *sys = winfake_config(windir, "SYSTEM");
    struct hive *h = winfake_hive_edit(sys);
    uint64_t ft = hive_unix_to_filetime(1700000000);
    unsigned char b[8];
    struct winos os;

    (void)state;
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(ft >> (8 * i));
    winfake_raw(h, "ControlSet001\\Control\\Windows", "ShutdownTime",
                HIVE_REG_BINARY, b, 8);
    winfake_dword(h, "ControlSet001\\Control\\Session Manager\\Power",
                  "HiberbootEnabled", 1);
    winfake_hive_done(h);
    make_dirty(sys);
    char *hib = fs_join(vol, "hiberfil.sys");

    test_write(hib, "hibr\0\0\0\0", 8);
    assert_int_equal(winos_read(windir, 'C', &os, NULL), 0);
    assert_int_equal(os.last_shutdown, 1700000000);
    assert_true(os.fast_startup);
    assert_true(os.hibernated);
    assert_true(os.dirty);
    assert_string_equal(os.dirty_hives, "SYSTEM");
    winos_release(&os);
    /* a zeroed header is not hibernated */
    test_write(hib, "\0\0\0\0\0\0\0\0", 8);
    winos_read(windir, 'C', &os, NULL);
    assert_false(os.hibernated);
    winos_release(&os);
    free(hib);
    free(sys);
    free(windir);
    free(vol);
    test_tmpdir_remove(root);
}

static void test_winos_reads_windows_7_and_server(void **state)
{
    char *root = test_tmpdir("winos");
    char *vol = mkvol(root, "C");
    struct winfake_os o = WIN11;
    struct winos os;

    (void)state;
    o.build = NULL;
    o.arch = "x86";
    o.wow64 = 0;
    o.product = "Windows 7 Professional";
    char *windir = winfake_install(vol, &o);
    char *sw = winfake_config(windir, "SOFTWARE");
    struct hive *h = winfake_hive_edit(sw);

    winfake_sz(h, "Microsoft\\Windows NT\\CurrentVersion", "CurrentVersion",
               "6.1");
    winfake_hive_done(h);
    winos_read(windir, 'C', &os, NULL);
    assert_int_equal(os.family, 7);
    assert_string_equal(os.family_name, "7");
    assert_false(os.arch_mismatch);
    assert_string_equal(os.friendly, "Windows 7 Professional 23H2 x86");
    winos_release(&os);

    h = winfake_hive_edit(sw);
    winfake_sz(h, "Microsoft\\Windows NT\\CurrentVersion", "InstallationType",
               "Server");
    winfake_sz(h, "Microsoft\\Windows NT\\CurrentVersion", "CurrentBuild",
               "20348");
    winfake_hive_done(h);
    winos_read(windir, 'C', &os, NULL);
    assert_true(os.is_server);
    assert_int_equal(os.build, 20348);
    winos_release(&os);
    free(sw);
    free(windir);
    free(vol);
    test_tmpdir_remove(root);
}

static void test_winos_problem_for_missing_or_truncated_system(void **state)
{
    char *root = test_tmpdir("winos");
    char *vol = mkvol(root, "C");
    char *windir = winfake_install(vol, &WIN11);
    char *sys = winfake_config(windir, "SYSTEM");
    struct wiz_err err;
    struct winos os;
    char *data;
    size_t len;

    (void)state;
    assert_int_equal(fs_read_file(sys, 64 << 20, &data, &len, &err), 0);
    test_write(sys, data, 4096 + 100);
    free(data);
    assert_int_equal(winos_read(windir, 'C', &os, &err), -1);
    assert_non_null(os.problem);
    assert_string_equal(err.msg, os.problem);
    assert_int_equal(os.build, 22631);
    assert_string_equal(os.computer_name, "");
    winos_release(&os);
    free(sys);
    free(windir);
    free(vol);
    test_tmpdir_remove(root);
}

/* ../shared/realdata: a real SYSTEM hive (dirty) beside our SOFTWARE. */
static void test_winos_reads_real_system_hive(void **state)
{
    char *real = test_realdata("hives/regipy/SYSTEM_WIN_10_1709");
    struct wiz_err err;
    struct winos os;

    (void)state;
    if (!real)
        skip();
    char *root = test_tmpdir("winos");
    char *vol = mkvol(root, "C");
    char *windir = winfake_install(vol, &WIN11);
    char *sys = winfake_config(windir, "SYSTEM");

    assert_int_equal(fs_remove(sys, &err), 0);
    assert_int_equal(fs_copy_file(real, sys, &err), 0);
    assert_int_equal(winos_read(windir, 'C', &os, &err), 0);
    assert_int_equal(os.arch, SYS_ARCH_AMD64);
    assert_string_equal(os.computer_name, "DESKTOP-2KGM189");
    assert_string_equal(os.domain, "");
    assert_true(os.dirty);
    assert_string_equal(os.dirty_hives, "SYSTEM");
    winos_release(&os);
    free(sys);
    free(windir);
    free(vol);
    free(real);
    test_tmpdir_remove(root);
}

/*
 * The one Windows-to-host resolver: names ignore case part by part; with
 * _keep a part that does not exist yet, and the rest, stay as given.
 */
static void test_winos_resolves_paths_ignoring_case(void **state)
{
    char *root = test_tmpdir("winos-ci");
    char *deep = fs_join(root, "Users/Ana/AppData");
    char *want = fs_join(root, "Users/Ana/AppData");
    char *keep = fs_join(root, "Users/Ana/New/Deeper");
    char *got;

    (void)state;
    assert_int_equal(fs_mkdir_p(deep, NULL), 0);
    got = winos_resolve_ci(root, "USERS\\ana/appdata");
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    assert_null(winos_resolve_ci(root, "users\\ana\\new\\deeper"));
    got = winos_resolve_ci_keep(root, "\\users\\ANA\\New\\Deeper");
    assert_string_equal(got, keep);
    free(got);
    got = winos_resolve_ci_keep(root, "users/ana/APPDATA/");
    assert_string_equal(got, want);
    free(got);
    free(keep);
    free(want);
    free(deep);
    test_tmpdir_remove(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_winos_reads_windows_11_that_calls_itself_10),
        cmocka_unit_test(test_winos_cross_checks_architecture_with_syswow64),
        cmocka_unit_test(test_winos_matches_names_case_insensitively),
        cmocka_unit_test(
            test_winos_scan_reports_every_volume_and_survives_bad_ones),
        cmocka_unit_test(
            test_winos_reads_shutdown_fast_startup_hibernation_dirty),
        cmocka_unit_test(test_winos_reads_windows_7_and_server),
        cmocka_unit_test(test_winos_problem_for_missing_or_truncated_system),
        cmocka_unit_test(test_winos_reads_real_system_hive),
        cmocka_unit_test(test_winos_resolves_paths_ignoring_case),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

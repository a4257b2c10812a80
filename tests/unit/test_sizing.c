#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/xattr.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/offline/users.h"
#include "platform/fs.h"
#include "../support/testlib.h"

/* Links are made with the shell: the platform layer has no symlink call. */
static void shell(char *cmd)
{
    int status = -1;
    char *out = test_run(cmd, &status);

    free(out);
    free(cmd);
    if (status != 0)
        skip();
}

static void file_of(const char *dir, const char *name, size_t size)
{
    char *p = fs_join(dir, name);
    char *data = xcalloc(1, size + 1);

    test_write(p, data, size);
    free(data);
    free(p);
}

static char *fs_cwd_for_test(void)
{
    char buf[4096];

    assert_non_null(getcwd(buf, sizeof(buf)));
    return xstrdup(buf);
}

static void test_sizing_counts_files_bytes_and_folders(void **state)
{
    char *root = test_tmpdir("sizing");
    struct size_result r;
    struct wiz_err err;

    (void)state;
    file_of(root, "a", 100);
    file_of(root, "Documents/b", 2000);
    file_of(root, "Documents/deep/er/c", 30);
    file_of(root, "AppData/Local/empty", 0);
    assert_int_equal(users_size_path(root, NULL, NULL, &r, &err), 0);
    assert_int_equal(r.files, 4);
    assert_int_equal(r.bytes, 2130);
    assert_int_equal(r.dirs, 5);
    assert_int_equal(r.links_skipped, 0);
    assert_int_equal(r.unreadable, 0);
    assert_false(r.cancelled);
    test_tmpdir_remove(root);
}

static void test_sizing_never_follows_links(void **state)
{
    char *root = test_tmpdir("sizing");
    char *outside = test_tmpdir("sizing-out");
    struct size_result r;

    (void)state;
    file_of(outside, "big", 50000);
    file_of(root, "Documents/x", 10);
    /* a loop and a link out of the profile, as junctions would be */
    shell(xasprintf("ln -s '%s' '%s/Documents/My Music'", root, root));
    shell(xasprintf("ln -s '%s' '%s/Application Data'", outside, root));
    assert_int_equal(users_size_path(root, NULL, NULL, &r, NULL), 0);
    assert_int_equal(r.files, 1);
    assert_int_equal(r.bytes, 10);
    assert_int_equal(r.links_skipped, 2);
    /* the path itself being a link: nothing is counted */
    char *l = fs_join(outside, "link");

    shell(xasprintf("ln -s '%s' '%s'", root, l));
    assert_int_equal(users_size_path(l, NULL, NULL, &r, NULL), 0);
    assert_int_equal(r.files, 0);
    assert_int_equal(r.links_skipped, 1);
    free(l);
    test_tmpdir_remove(root);
    test_tmpdir_remove(outside);
}

/* In the child of test_unprivileged: 0 when the locked folder counts. */
static int size_sees_locked(void *arg)
{
    struct size_result r;

    if (users_size_path(arg, NULL, NULL, &r, NULL) < 0)
        return 1;
    if (r.dirs != 1 || r.files != 1 || r.unreadable != 1) {
        fprintf(stderr, "dirs %llu files %llu unreadable %llu\n",
                (unsigned long long)r.dirs, (unsigned long long)r.files,
                (unsigned long long)r.unreadable);
        return 2;
    }
    return 0;
}

static void test_sizing_counts_unreadable_folders(void **state)
{
    char *root = test_tmpdir("sizing");

    (void)state;
    file_of(root, "locked/secret", 5);
    file_of(root, "open", 7);
    char *locked = fs_join(root, "locked");
    char *open_file = fs_join(root, "open");
    const char *own[] = { root, locked, open_file, NULL };

    shell(xasprintf("chmod 000 '%s'", locked));
    /* root can read anything: the walk runs as an unprivileged user */
    int r = test_unprivileged(size_sees_locked, root, own);

    shell(xasprintf("chmod 755 '%s'", locked));
    assert_int_equal(r, 0);
    free(open_file);
    free(locked);
    test_tmpdir_remove(root);
}

struct prog {
    int calls;
    int stop_after;
    uint64_t last_files;
};

static bool on_progress(void *ctx, const struct size_result *sofar)
{
    struct prog *p = ctx;

    p->calls++;
    assert_true(sofar->files >= p->last_files);
    p->last_files = sofar->files;
    return p->calls < p->stop_after;
}

static void test_sizing_reports_progress_and_cancels(void **state)
{
    char *root = test_tmpdir("sizing");
    struct size_result r;
    struct prog p = { 0, 1000, 0 };

    (void)state;
    for (int i = 0; i < 10000; i++) {
        char name[32];

        snprintf(name, sizeof(name), "d%d/f%d", i % 7, i);
        file_of(root, name, 1);
    }
    assert_int_equal(users_size_path(root, on_progress, &p, &r, NULL), 0);
    assert_int_equal(r.files, 10000);
    assert_true(p.calls >= 2);
    assert_false(r.cancelled);
    struct prog stop = { 0, 1, 0 };

    assert_int_equal(users_size_path(root, on_progress, &stop, &r, NULL), 0);
    assert_true(r.cancelled);
    assert_int_equal(stop.calls, 1);
    assert_true(r.files < 10000);
    test_tmpdir_remove(root);
}

static void test_sizing_missing_path_is_an_error(void **state)
{
    struct size_result r;
    struct wiz_err err;

    (void)state;
    assert_int_equal(users_size_path("/nonexistent/usmtwiz/x", NULL, NULL, &r,
                                     &err),
                     -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    assert_non_null(strstr(err.msg, "cannot size"));
}

/* The walk hook removes the tree after a given number of entries. */
struct vanish {
    const char *tree;
    int after;
    int seen;
};

static void remove_tree_hook(void *ctx, const char *dir, const char *name)
{
    struct vanish *v = ctx;

    (void)dir;
    (void)name;
    if (++v->seen == v->after)
        assert_int_equal(fs_remove_tree(v->tree, NULL), 0);
}

static void test_sizing_volume_removed_mid_walk(void **state)
{
    char *root = test_tmpdir("sizing-vanish");
    char *vol = fs_join(root, "D");
    char *profile = fs_join(vol, "Users/anna");
    struct vanish v = { vol, 3, 0 };
    struct size_result r;
    struct wiz_err err;

    (void)state;
    for (int i = 0; i < 20; i++) {
        char *name = xasprintf("Documents/sub%02d/deeper/f%02d", i, i);

        file_of(profile, name, 10);
        free(name);
    }
    users_set_walk_hook(remove_tree_hook, &v);
    err_clear(&err);
    assert_int_equal(users_size_path(profile, NULL, NULL, &r, &err), -1);
    users_set_walk_hook(NULL, NULL);
    assert_false(fs_exists(vol));
    assert_true(v.seen >= 3);
    assert_true(r.vanished);
    assert_false(r.cancelled);
    assert_int_equal(err.code, WIZ_ENOENT);
    assert_non_null(strstr(err.msg, "anna"));
    assert_non_null(strstr(err.msg, "disappeared during the walk"));
    assert_true(r.files < 20);
    /* a profile gone before its walk: the same answer at once */
    assert_int_equal(users_size_path(profile, NULL, NULL, &r, &err), -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    free(profile);
    free(vol);
    test_tmpdir_remove(root);
}

/*
 * A folder deeper than this system's path limit cannot be opened: it is
 * unreadable (with the reason), not "disappeared (volume removed?)".
 */
static void test_sizing_too_deep_is_unreadable_not_vanished(void **state)
{
    char *root = test_tmpdir("sizing-deep");
    char part[201];
    struct size_result r;
    struct wiz_err err;
    int depth = 0;

    (void)state;
    memset(part, 'y', 200);
    part[200] = '\0';
    /* build it relative to each level: the whole path is never opened */
    char *cwd = fs_cwd_for_test();
    assert_int_equal(chdir(root), 0);
    for (; depth < 30; depth++) {
        if (mkdir(part, 0755) < 0 || chdir(part) < 0)
            break;
    }
    assert_int_equal(chdir(cwd), 0);
    free(cwd);
    assert_true(depth == 30);
    assert_int_equal(users_size_path(root, NULL, NULL, &r, &err), 0);
    assert_false(r.vanished);
    assert_true(r.unreadable > 0);
    assert_true(r.unreadable_why[0] != '\0');
    test_tmpdir_remove(root);
}

/*
 * A cloud placeholder: no data on the disk and the NTFS attributes of a
 * file whose data is in OneDrive, as a practice volume writes them; a
 * file with the attributes but its data on the disk is a plain file.
 */
static void test_sizing_counts_cloud_only_files(void **state)
{
    char *root = test_tmpdir("sizing");
    char *p = fs_join(root, "OneDrive/Documents/report.docx");
    char *full = fs_join(root, "OneDrive/kept.txt");
    struct size_result r;
    struct wiz_err err;

    (void)state;
    file_of(root, "Documents/local.txt", 500);
    file_of(root, "OneDrive/kept.txt", 300);
    assert_int_equal(fs_mkdir_p(root, &err), 0);
    file_of(root, "OneDrive/Documents/.keep", 0);
    assert_int_equal(fs_create_sized(p, NULL, 0, 1u << 20, &err), 0);
    assert_int_equal(fs_set_ntfs_attrib(p, FS_NTFS_ATTR_RECALL_ON_DATA_ACCESS,
                                        &err), 0);
    assert_int_equal(fs_set_ntfs_attrib(full, FS_NTFS_ATTR_OFFLINE, &err), 0);
    assert_int_equal(users_size_path(root, NULL, NULL, &r, &err), 0);
    assert_int_equal(r.files, 4);
    assert_int_equal(r.bytes, 800 + (1u << 20));
    assert_int_equal(r.cloud_files, 1);
    assert_int_equal(r.cloud_bytes, 1u << 20);
    /* the same walk lists it, relative to the folder, as Windows writes it */
    struct cloud_files cf = { 0 };

    assert_int_equal(users_size_path_cloud(root, NULL, NULL, &r, &cf, &err),
                     0);
    assert_int_equal(cf.n, 1);
    assert_string_equal(cf.rel[0], "OneDrive\\Documents\\report.docx");
    assert_int_equal(cf.unlisted, 0);
    cloud_files_release(&cf);
    /* without the attributes the same empty file is only sparse */
    assert_int_equal(fs_remove(p, &err), 0);
    assert_int_equal(fs_create_sized(p, NULL, 0, 1u << 20, &err), 0);
    assert_int_equal(users_size_path(root, NULL, NULL, &r, &err), 0);
    assert_int_equal(r.cloud_files, 0);
    assert_int_equal(r.cloud_bytes, 0);
    free(p);
    free(full);
    test_tmpdir_remove(root);
}

/*
 * Outside NTFS, a sparse file is only a sparse file unless a practice
 * volume marked its folder: attributes on a file nobody marked this way
 * (here set by hand) are not looked for, so a walk over ordinary sparse
 * files asks no file system for them.
 */
static void test_sizing_asks_only_marked_folders(void **state)
{
    char *root = test_tmpdir("sizing");
    char *p = fs_join(root, "Plain/vm.img");
    char *q = fs_join(root, "Marked/doc.docx");
    unsigned char a[4] = { 0x00, 0x10, 0x00, 0x00 }; /* OFFLINE */
    struct size_result r;
    struct wiz_err err;

    (void)state;
    file_of(root, "Plain/.keep", 0);
    file_of(root, "Marked/.keep", 0);
    assert_int_equal(fs_create_sized(p, NULL, 0, 1u << 20, &err), 0);
    assert_int_equal(lsetxattr(p, "user.ntfs_attrib", a, sizeof(a), 0), 0);
    assert_int_equal(users_size_path(root, NULL, NULL, &r, &err), 0);
    assert_int_equal(r.files, 3);
    assert_int_equal(r.cloud_files, 0);
    /* the same file made a placeholder by the platform counts */
    assert_int_equal(fs_create_sized(q, NULL, 0, 1u << 20, &err), 0);
    assert_int_equal(fs_set_ntfs_attrib(q, FS_NTFS_ATTR_OFFLINE, &err), 0);
    assert_int_equal(users_size_path(root, NULL, NULL, &r, &err), 0);
    assert_int_equal(r.files, 4);
    assert_int_equal(r.cloud_files, 1);
    assert_int_equal(r.cloud_bytes, 1u << 20);
    free(p);
    free(q);
    test_tmpdir_remove(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizing_volume_removed_mid_walk),
        cmocka_unit_test(test_sizing_counts_files_bytes_and_folders),
        cmocka_unit_test(test_sizing_never_follows_links),
        cmocka_unit_test(test_sizing_counts_unreadable_folders),
        cmocka_unit_test(test_sizing_reports_progress_and_cancels),
        cmocka_unit_test(test_sizing_missing_path_is_an_error),
        cmocka_unit_test(test_sizing_too_deep_is_unreadable_not_vanished),
        cmocka_unit_test(test_sizing_counts_cloud_only_files),
        cmocka_unit_test(test_sizing_asks_only_marked_folders),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

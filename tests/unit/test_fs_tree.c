/*
 * Removing a folder tree (platform/common/tree.c over the system's two
 * steps): everything under the folder goes, a link inside it is removed as
 * a link and its target outside the tree stays, a missing path is not an
 * error, and a folder that cannot be removed is named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "platform/fs.h"
#include "../support/testlib.h"

static void test_fs_tree_removes_everything_below(void **state)
{
    char *dir = test_tmpdir("tree");
    char *top = fs_join(dir, "store");
    char *deep = fs_join(top, "USMT/File/C$/Users/ann");
    char *file = fs_join(deep, "notes.txt");

    (void)state;
    assert_int_equal(fs_mkdir_p(deep, NULL), 0);
    test_write(file, "x", 1);
    assert_int_equal(fs_remove_tree(top, NULL), 0);
    assert_false(fs_exists(top));
    assert_true(fs_exists(dir));
    free(file);
    free(deep);
    free(top);
    test_tmpdir_remove(dir);
}

static void test_fs_tree_link_is_removed_not_followed(void **state)
{
    char *dir = test_tmpdir("tree-link");
    char *outside = fs_join(dir, "outside");
    char *kept = fs_join(outside, "keep.txt");
    char *top = fs_join(dir, "store");
    char *link = fs_join(top, "to-outside");
    struct wiz_err err;

    (void)state;
    assert_int_equal(fs_mkdir_p(outside, NULL), 0);
    test_write(kept, "keep", 4);
    assert_int_equal(fs_mkdir_p(top, NULL), 0);
    err_clear(&err);
    assert_int_equal(fs_symlink(outside, link, &err), 0);
    assert_int_equal(fs_remove_tree(top, &err), 0);
    assert_false(fs_exists(top));
    assert_true(fs_exists(kept));
    free(link);
    free(top);
    free(kept);
    free(outside);
    test_tmpdir_remove(dir);
}

static void test_fs_tree_missing_is_not_an_error(void **state)
{
    char *dir = test_tmpdir("tree-missing");
    char *gone = fs_join(dir, "never-made");

    (void)state;
    assert_int_equal(fs_remove_tree(gone, NULL), 0);
    free(gone);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fs_tree_removes_everything_below),
        cmocka_unit_test(test_fs_tree_link_is_removed_not_followed),
        cmocka_unit_test(test_fs_tree_missing_is_not_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

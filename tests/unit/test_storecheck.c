#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/run/storecheck.h"
#include "platform/fs.h"
#include "../support/testlib.h"

static void put(const char *dir, const char *rel, const char *data)
{
    char *p = fs_join(dir, rel);

    test_write(p, data, strlen(data));
    free(p);
}

static struct storecheck_result check(const char *store,
                                      enum storecheck_kind kind,
                                      const char *utils, uint64_t size)
{
    struct storecheck_input in;
    struct storecheck_result res;
    struct wiz_err err;

    memset(&in, 0, sizeof(in));
    in.store = store;
    in.kind = kind;
    in.usmtutils = utils;
    in.size_known = size > 0;
    in.size = size;
    assert_int_equal(storecheck_run(&in, &res, &err), 0);
    return res;
}

static void test_storecheck_compressed_own_reading(void **state)
{
    char *dir = test_tmpdir("storecheck");
    struct storecheck_result r;

    (void)state;
    r = check(dir, STORECHECK_KIND_COMPRESSED, NULL, 0);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    assert_non_null(strstr(r.text, "USMT.MIG is missing"));
    storecheck_result_release(&r);
    put(dir, "USMT/USMT.MIG", "");
    r = check(dir, STORECHECK_KIND_UNKNOWN, NULL, 0);
    assert_int_equal(r.kind, STORECHECK_KIND_COMPRESSED);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    assert_non_null(strstr(r.text, "empty"));
    storecheck_result_release(&r);
    put(dir, "USMT/USMT.MIG", "0123456789");
    /* the size the capture recorded: one byte off either way is damage */
    r = check(dir, STORECHECK_KIND_COMPRESSED, NULL, 11);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    assert_non_null(strstr(r.text, "(10 bytes), the capture wrote"));
    storecheck_result_release(&r);
    r = check(dir, STORECHECK_KIND_COMPRESSED, NULL, 9);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    storecheck_result_release(&r);
    r = check(dir, STORECHECK_KIND_COMPRESSED, NULL, 10);
    assert_int_equal(r.verdict, STORECHECK_GOOD);
    assert_false(r.by_usmtutils);
    assert_int_equal(r.rc, -1);
    storecheck_result_release(&r);
    test_tmpdir_remove(dir);
}

static void test_storecheck_tree_stores(void **state)
{
    char *dir = test_tmpdir("storecheck");
    struct storecheck_result r;

    (void)state;
    r = check(dir, STORECHECK_KIND_UNKNOWN, NULL, 0);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    assert_non_null(strstr(r.text, "holds no store"));
    storecheck_result_release(&r);
    put(dir, "USMT/catalog.mig", "catalog");
    r = check(dir, STORECHECK_KIND_UNKNOWN, NULL, 0);
    assert_int_equal(r.kind, STORECHECK_KIND_UNCOMPRESSED);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    assert_non_null(strstr(r.text, "File folder is missing"));
    storecheck_result_release(&r);
    char *file = fs_join(dir, "USMT/File/C$/Users");

    assert_int_equal(fs_mkdir_p(file, NULL), 0);
    r = check(dir, STORECHECK_KIND_UNCOMPRESSED, NULL, 0);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    assert_non_null(strstr(r.text, "holds no file"));
    storecheck_result_release(&r);
    put(dir, "USMT/File/C$/Users/anna/a.txt", "a");
    put(dir, "USMT/File/C$/Users/anna/Documents/b.txt", "bb");
    r = check(dir, STORECHECK_KIND_UNCOMPRESSED, NULL, 0);
    assert_int_equal(r.verdict, STORECHECK_GOOD);
    assert_true(r.files_known);
    assert_int_equal(r.files, 2);
    assert_int_equal(r.file_bytes, 3);
    storecheck_result_release(&r);
    /* against what the capture left: a file fewer, or a byte more */
    struct storecheck_input in;

    memset(&in, 0, sizeof(in));
    in.store = dir;
    in.files_known = true;
    in.files = 3;
    in.file_bytes = 3;
    assert_int_equal(storecheck_run(&in, &r, NULL), 0);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    assert_non_null(strstr(r.text, "holds 2 files (3 B), the capture left 3"));
    storecheck_result_release(&r);
    in.files = 2;
    in.file_bytes = 4;
    assert_int_equal(storecheck_run(&in, &r, NULL), 0);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    storecheck_result_release(&r);
    in.file_bytes = 3;
    assert_int_equal(storecheck_run(&in, &r, NULL), 0);
    assert_int_equal(r.verdict, STORECHECK_GOOD);
    storecheck_result_release(&r);
    /* a hard-link store needs its marker */
    r = check(dir, STORECHECK_KIND_HARDLINK, NULL, 0);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    assert_non_null(strstr(r.text, "hardlink.main"));
    storecheck_result_release(&r);
    put(dir, "USMT/hardlink.main", "");
    r = check(dir, STORECHECK_KIND_UNKNOWN, NULL, 0);
    assert_int_equal(r.kind, STORECHECK_KIND_HARDLINK);
    assert_int_equal(r.verdict, STORECHECK_GOOD);
    storecheck_result_release(&r);
    /* the catalog gone: the store cannot be restored */
    char *cat = fs_join(dir, "USMT/catalog.mig");

    assert_int_equal(fs_remove(cat, NULL), 0);
    r = check(dir, STORECHECK_KIND_HARDLINK, NULL, 0);
    assert_int_equal(r.verdict, STORECHECK_DAMAGED);
    assert_non_null(strstr(r.text, "catalog.mig is missing"));
    storecheck_result_release(&r);
    free(cat);
    free(file);
    test_tmpdir_remove(dir);
}

/* A usmtutils that answers with a given return code. */
static char *fake_utils(const char *dir, int rc, const char *args_to)
{
    char *p = fs_join(dir, "usmtutils");
    char *body = xasprintf("#!/bin/sh\necho \"$@\" > '%s'\n"
                           "echo 'Verifying'\necho 'what it found'\n"
                           "echo 'UsmtUtils return code: %d'\nexit %d\n",
                           args_to, rc, rc);

    test_write(p, body, strlen(body));
    chmod(p, 0700);
    free(body);
    return p;
}

static void test_storecheck_reads_usmtutils_return_code(void **state)
{
    char *dir = test_tmpdir("storecheck");
    char *store = fs_join(dir, "store");
    char *args = fs_join(dir, "args");
    char *key = fs_join(dir, "k.key");
    static const struct {
        int rc;
        enum storecheck_verdict v;
    } cases[] = {
        { 0, STORECHECK_GOOD }, { 42, STORECHECK_DAMAGED },
        { 27, STORECHECK_DAMAGED }, { 37, STORECHECK_UNCHECKED },
        { 71, STORECHECK_UNCHECKED },
    };

    (void)state;
    put(store, "USMT/USMT.MIG", "0123456789");
    test_write(key, "secret-key", 10);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *utils = fake_utils(dir, cases[i].rc, args);
        struct storecheck_input in;
        struct storecheck_result r;

        memset(&in, 0, sizeof(in));
        in.store = store;
        in.usmtutils = utils;
        in.keyfile = key;
        in.encrypted = true;
        in.all = i == 1;
        assert_int_equal(storecheck_run(&in, &r, NULL), 0);
        assert_int_equal(r.verdict, cases[i].v);
        assert_true(r.by_usmtutils);
        assert_int_equal(r.rc, cases[i].rc);
        if (cases[i].rc)
            assert_non_null(strstr(r.text, "what it found"));
        char *a = NULL;
        size_t len = 0;

        assert_int_equal(fs_read_file(args, 4096, &a, &len, NULL), 0);
        /* the key travels in its file only */
        assert_non_null(strstr(a, i == 1 ? "/verify:all " : "/verify:catalog "));
        assert_non_null(strstr(a, "USMT.MIG /decrypt /keyfile:"));
        assert_null(strstr(a, "secret-key"));
        free(a);
        storecheck_result_release(&r);
        free(utils);
    }
    free(key);
    free(args);
    free(store);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_storecheck_compressed_own_reading),
        cmocka_unit_test(test_storecheck_tree_stores),
        cmocka_unit_test(test_storecheck_reads_usmtutils_return_code),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

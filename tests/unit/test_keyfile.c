#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/plan/cmdline.h"
#include "core/plan/keyfile.h"
#include "core/plan/plan.h"
#include "platform/fs.h"
#include "../support/testlib.h"

#define KEY "correct horse \"battery\" staple\\"

static char *file_mode(const char *path)
{
    char *cmd = xasprintf("stat -c %%a '%s'", path);
    int status;
    char *out = test_run(cmd, &status);

    free(cmd);
    assert_int_equal(status, 0);
    out[strcspn(out, "\n")] = '\0';
    return out;
}

static void test_keyfile_write_is_private_and_exact(void **state)
{
    char *dir = test_tmpdir("keyfile");
    char *path = fs_join(dir, "k.txt");
    struct wiz_err err;
    char *data;
    size_t len;
    char *mode;

    (void)state;
    assert_int_equal(keyfile_write(path, KEY, &err), 0);
    mode = file_mode(path);
    assert_string_equal(mode, "600");
    free(mode);
    assert_int_equal(fs_read_file(path, 1024, &data, &len, &err), 0);
    assert_int_equal(len, strlen(KEY));
    assert_memory_equal(data, KEY, len);
    free(data);
    assert_int_equal(keyfile_check(path, &len, &err), 0);
    assert_int_equal(len, strlen(KEY));
    /* never over an existing file */
    assert_int_equal(keyfile_write(path, "other", &err), -1);
    assert_int_equal(err.code, WIZ_EEXIST);
    assert_int_equal(keyfile_wipe(path, &err), 0);
    assert_false(fs_exists(path));
    /* the folder is not ours: it stays */
    assert_true(fs_is_dir(dir));
    /* wiping a missing file is fine */
    assert_int_equal(keyfile_wipe(path, &err), 0);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_keyfile_refuses_bad_keys(void **state)
{
    char *dir = test_tmpdir("keyfile-bad");
    char *path = fs_join(dir, "k.txt");
    char *long_key = xmalloc(KEYFILE_MAX_KEY + 2);
    struct wiz_err err;
    size_t len;

    (void)state;
    assert_int_equal(keyfile_write(path, "", &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    memset(long_key, 'k', KEYFILE_MAX_KEY + 1);
    long_key[KEYFILE_MAX_KEY + 1] = '\0';
    assert_int_equal(keyfile_write(path, long_key, &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    assert_null(strstr(err.msg, "kkkk"));
    assert_false(fs_exists(path));
    long_key[KEYFILE_MAX_KEY] = '\0';
    assert_int_equal(keyfile_write(path, long_key, &err), 0);
    assert_int_equal(keyfile_wipe(path, &err), 0);
    /* checking files written by someone else */
    test_write(path, "", 0);
    assert_int_equal(keyfile_check(path, &len, &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    fs_remove(path, NULL);
    assert_int_equal(keyfile_check(path, &len, &err), -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    free(long_key);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_keyfile_temp_file_and_command_line(void **state)
{
    struct plan p;
    struct cmdline_built b;
    struct wiz_err err;
    char *path = NULL;
    char *dir;
    char *mode;

    (void)state;
    plan_init(&p);
    cmdline_built_init(&b);
    assert_int_equal(cmdline_parse_string(&p, "scanstate E:\\s /encrypt "
                                              "/key:\"" "correct horse "
                                              "\\\"battery\\\" staple\\\\\"",
                                          &err), 0);
    assert_string_equal(p.key, KEY);
    assert_int_equal(keyfile_create_temp(p.key, &path, &err), 0);
    mode = file_mode(path);
    assert_string_equal(mode, "600");
    free(mode);
    assert_int_equal(cmdline_build(&p, path, "scanstate.exe", &b, &err), 0);
    for (size_t i = 0; i < b.argc; i++) {
        assert_null(strstr(b.argv[i], "horse"));
    }
    for (size_t i = 0; i < b.n_env; i++) {
        assert_null(strstr(b.env[i], "horse"));
    }
    assert_null(strstr(b.display, "horse"));
    assert_non_null(strstr(b.display, path));
    dir = xstrndup(path, strlen(path) - strlen("/usmt.key"));
    assert_true(fs_is_dir(dir));
    assert_int_equal(keyfile_wipe(path, &err), 0);
    assert_false(fs_exists(path));
    /* the private folder made for it is gone too */
    assert_false(fs_exists(dir));
    free(dir);
    free(path);
    cmdline_built_release(&b);
    plan_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyfile_write_is_private_and_exact),
        cmocka_unit_test(test_keyfile_refuses_bad_keys),
        cmocka_unit_test(test_keyfile_temp_file_and_command_line),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#ifndef WIZ_TESTS_TESTLIB_H
#define WIZ_TESTS_TESTLIB_H

/*
 * Helpers shared by the unit tests.  Include after <cmocka.h>'s
 * prerequisites (stdarg, stddef, stdint, setjmp).
 */

#include <stdbool.h>
#include <stddef.h>

/* A fresh private folder for one test; removed by test_tmpdir_remove. */
char *test_tmpdir(const char *name);
void test_tmpdir_remove(char *dir);
/* Path below ../shared/realdata, or NULL (with a message) when absent. */
char *test_realdata(const char *rel);
/* Write a file (parents created); fails the test on error. */
void test_write(const char *path, const char *data, size_t len);
/* tests/fixtures/<rel> (new string). */
char *test_fixture(const char *rel);
/* assets/<rel> (new string). */
char *test_asset(const char *rel);
/* BUILD_DIR/<rel> (new string): the built programs. */
char *test_build(const char *rel);
/* Run a shell command, capture stdout (new string) and exit status. */
char *test_run(const char *cmd, int *status);

/*
 * Run fn(arg) in a child process as an unprivileged user, so that checks
 * of file modes are real: when we are root (CI is), as uid and gid 65534
 * with no supplementary groups, after giving that user the paths in own
 * (NULL-terminated, may be NULL; not recursive); otherwise as we are.
 * fn must not use cmocka's assertions (it runs in the child): it returns
 * 0..100, which is returned.  Fails the test when the child cannot drop
 * its privileges or dies.
 */
int test_unprivileged(int (*fn)(void *arg), void *arg,
                      const char *const *own);

#endif

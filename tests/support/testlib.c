#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testlib.h"

#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "platform/fs.h"

char *test_tmpdir(const char *name)
{
    struct wiz_err err;
    char *dir;

    if (fs_make_temp_dir(name, &dir, &err) < 0)
        fail_msg("%s", err.msg);
    return dir;
}

void test_tmpdir_remove(char *dir)
{
    struct wiz_err err;

    if (!dir)
        return;
    if (!getenv("KEEP_TEST_FILES") && fs_remove_tree(dir, &err) < 0)
        fprintf(stderr, "warning: %s\n", err.msg);
    free(dir);
}

char *test_realdata(const char *rel)
{
    char *p = xasprintf("%s/realdata/%s", SHARED_DIR, rel);

    if (!fs_exists(p)) {
        fprintf(stderr, "note: '%s' is not here; skipping what needs it\n",
                p);
        free(p);
        return NULL;
    }
    return p;
}

void test_write(const char *path, const char *data, size_t len)
{
    struct wiz_err err;
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');

    if (slash && slash != dir) {
        *slash = '\0';
        if (fs_mkdir_p(dir, &err) < 0)
            fail_msg("%s", err.msg);
    }
    free(dir);
    if (fs_write_file(path, data, len, &err) < 0)
        fail_msg("%s", err.msg);
}

char *test_fixture(const char *rel)
{
    return xasprintf("%s/%s", FIXTURE_DIR, rel);
}

char *test_asset(const char *rel)
{
    return xasprintf("%s/%s", ASSETS_DIR, rel);
}

char *test_build(const char *rel)
{
    return xasprintf("%s/%s", BUILD_DIR, rel);
}

char *test_run(const char *cmd, int *status)
{
    FILE *p = popen(cmd, "r");
    struct strbuf sb;
    char buf[4096];
    size_t n;

    if (!p)
        fail_msg("cannot run '%s'", cmd);
    strbuf_init(&sb);
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
        strbuf_add(&sb, buf, n);
    int st = pclose(p);

    if (status)
        *status = (st >= 0 && (st & 0x7f) == 0) ? (st >> 8) & 0xff : -1;
    return strbuf_detach(&sb, NULL);
}

#define NOBODY 65534
#define CANNOT_DROP 101

int test_unprivileged(int (*fn)(void *arg), void *arg,
                      const char *const *own)
{
    int status;
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid < 0)
        fail_msg("cannot fork");
    if (pid == 0) {
        if (geteuid() == 0) {
            for (size_t i = 0; own && own[i]; i++) {
                if (lchown(own[i], NOBODY, NOBODY) < 0)
                    _exit(CANNOT_DROP);
            }
            if (setgroups(0, NULL) < 0 || setgid(NOBODY) < 0 ||
                setuid(NOBODY) < 0 || geteuid() == 0)
                _exit(CANNOT_DROP);
        }
        int r = fn(arg);

        fflush(stdout);
        fflush(stderr);
        _exit(r < 0 || r > 100 ? 100 : r);
    }
    while (waitpid(pid, &status, 0) < 0)
        ;
    if (!WIFEXITED(status))
        fail_msg("the unprivileged child died (status 0x%x)", status);
    if (WEXITSTATUS(status) == CANNOT_DROP)
        fail_msg("cannot run as uid %d: setuid or chown failed", NOBODY);
    return WEXITSTATUS(status);
}

/*
 * Tests of the Win32 platform layer, built with MinGW and run under wine
 * (tests/win32/run.sh).  No cmocka for MinGW here: a few lines of our own,
 * ending with "win32: N passed, N failed".  With "child ..." as arguments
 * the program is the child process of the spawn tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "platform/fs.h"
#include "platform/proc.h"
#include "platform/sys.h"
#include "platform/vol.h"

static int passed;
static int failed;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            passed++;                                                      \
        } else {                                                           \
            failed++;                                                      \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                  \
    } while (0)

static int child_main(void)
{
    int argc = 0;
    wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &argc);

    /* print each argument after "child" in brackets, as UTF-8 */
    for (int i = 2; i < argc; i++) {
        char *u = utf16le_to_utf8((const unsigned char *)wargv[i],
                                  wcslen(wargv[i]) * 2, false, NULL);

        printf("[%s]\n", u);
        free(u);
    }
    const char *v = sys_getenv("WIZ_TEST_VAR");

    printf("env=%s\n", v ? v : "(unset)");
    fflush(stdout);
    if (argc >= 3 && !wcscmp(wargv[2], L"sleep")) {
        Sleep(60000);
        return 0;
    }
    return 7;
}

static void test_files(const char *dir)
{
    struct wiz_err err;
    char *uni = fs_join(dir, "J\xC3\xB6rg \xE6\x9D\x8E\xE9\x9B\xB7");
    char *file = fs_join(uni, "a.txt");
    char *data;
    size_t len;
    struct fs_stat st;

    CHECK(fs_mkdir_p(uni, &err) == 0);
    CHECK(fs_is_dir(uni));
    CHECK(fs_write_file(file, "hello", 5, &err) == 0);
    CHECK(fs_read_file(file, 100, &data, &len, &err) == 0 && len == 5 &&
          !memcmp(data, "hello", 5));
    free(data);
    CHECK(fs_read_file(file, 3, &data, &len, &err) < 0 &&
          err.code == WIZ_ELIMIT);
    CHECK(fs_write_file_atomic(file, "new", 3, true, &err) == 0);
    CHECK(fs_read_file(file, 100, &data, &len, &err) == 0 && len == 3);
    free(data);
    CHECK(fs_stat(file, &st, &err) == 0 && st.type == FS_FILE &&
          st.size == 3);
    CHECK(fs_set_mtime(file, 1700000000, &err) == 0);
    CHECK(fs_stat(file, &st, &err) == 0 && st.mtime == 1700000000);

    /* the listing gives back the non-ASCII folder name as UTF-8 */
    struct fs_dir *d;
    const char *name;
    int found = 0;

    CHECK(fs_dir_open(dir, &d, &err) == 0);
    while (fs_dir_next(d, &name, &err) == 1) {
        if (!strcmp(name, "J\xC3\xB6rg \xE6\x9D\x8E\xE9\x9B\xB7"))
            found = 1;
    }
    fs_dir_close(d);
    CHECK(found);

    char *link = fs_join(uni, "b.txt");

    CHECK(fs_hardlink(file, link, &err) == 0);
    CHECK(fs_stat(link, &st, &err) == 0 && st.nlink == 2);
    CHECK(fs_stat(fs_join(dir, "missing"), &st, &err) == 0 &&
          st.type == FS_NONE);

    /* a path longer than MAX_PATH */
    struct strbuf sb;

    strbuf_init(&sb);
    strbuf_adds(&sb, dir);
    for (int i = 0; i < 30; i++)
        strbuf_adds(&sb, "\\abcdefghij");
    CHECK(fs_mkdir_p(sb.buf, &err) == 0);
    strbuf_adds(&sb, "\\deep.txt");
    CHECK(fs_write_file(sb.buf, "x", 1, &err) == 0);
    CHECK(fs_exists(sb.buf));
    strbuf_release(&sb);

    uint64_t fr = 0;
    uint64_t tot = 0;

    CHECK(fs_space(dir, &fr, &tot, &err) == 0 && tot > 0);
    CHECK(fs_dir_is_writable(dir));
    CHECK(fs_wipe_file(link, &err) == 0 && !fs_exists(link));
    CHECK(fs_remove_tree(uni, &err) == 0 && !fs_exists(uni));
    free(link);
    free(file);
    free(uni);
}

static void test_system(void)
{
    struct sys_tm tm;

    CHECK(sys_host_arch() != SYS_ARCH_UNKNOWN);
    CHECK(sys_now() > 1600000000);
    sys_utctime(0, &tm);
    CHECK(tm.year == 70 && tm.mon == 0 && tm.mday == 1);
    sys_localtime(sys_now(), &tm);
    CHECK(tm.year >= 120 && tm.utc_offset_min > -1000 &&
          tm.utc_offset_min < 1000);
    CHECK(sys_setenv("WIZ_UTF8", "J\xC3\xB6rg") == 0);
    CHECK(sys_getenv("WIZ_UTF8") &&
          !strcmp(sys_getenv("WIZ_UTF8"), "J\xC3\xB6rg"));
    char **env = sys_env_copy();
    int seen = 0;

    for (size_t i = 0; env[i]; i++) {
        if (!strcmp(env[i], "WIZ_UTF8=J\xC3\xB6rg"))
            seen = 1;
    }
    sys_env_free(env);
    CHECK(seen);
    char *h = sys_hostname();

    CHECK(h && *h);
    free(h);
}

static void test_volumes(void)
{
    struct vol_list list;
    struct wiz_err err;
    int has_c = 0;

    CHECK(vol_enumerate(NULL, &list, &err) == 0);
    for (size_t i = 0; i < list.n; i++) {
        if (list.v[i].letter == 'C' && list.v[i].kind == VOL_FIXED &&
            list.v[i].total_bytes > 0)
            has_c = 1;
    }
    CHECK(has_c);
    vol_list_release(&list);
    CHECK(vol_enumerate("somewhere", &list, &err) < 0 &&
          err.code == WIZ_EUSAGE);
}

static void test_spawn(const char *self, const char *dir)
{
    struct wiz_err err;
    char *out = fs_join(dir, "child.txt");
    char *const argv[] = { (char[]){"test_platform.exe"}, (char[]){"child"},
                           (char[]){"plain"}, (char[]){"two words"},
                           (char[]){"quote\"inside"}, (char[]){"trail\\"},
                           (char[]){"C:\\Program Files\\x\\"},
                           (char[]){""}, (char[]){"J\xC3\xB6rg"}, NULL };
    char *const envp[] = { (char[]){"WIZ_TEST_VAR=v\xC3\xA4lue"},
                           (char[]){"SystemRoot=C:\\windows"}, NULL };
    struct proc_spec spec = { self, argv, envp, dir, out };
    struct proc *p;
    int status = -1;
    bool sig = true;

    CHECK(proc_spawn(&spec, &p, &err) == 0);
    CHECK(proc_wait(p, 20000, &status, &sig, &err) == 1);
    CHECK(status == 7 && !sig);
    proc_free(p);
    char *data;
    size_t len;

    CHECK(fs_read_file(out, 10000, &data, &len, &err) == 0);
    if (data) {
        const char *want = "[plain]\r\n[two words]\r\n[quote\"inside]\r\n"
                           "[trail\\]\r\n[C:\\Program Files\\x\\]\r\n[]\r\n"
                           "[J\xC3\xB6rg]\r\nenv=v\xC3\xA4lue\r\n";

        CHECK(!strcmp(data, want));
        if (strcmp(data, want))
            printf("child said:\n%s\n", data);
    }
    free(data);

    /* a child that hangs is stopped */
    char *const argv2[] = { (char[]){"test_platform.exe"}, (char[]){"child"},
                            (char[]){"sleep"}, NULL };
    struct proc_spec spec2 = { self, argv2, NULL, NULL, NULL };

    CHECK(proc_spawn(&spec2, &p, &err) == 0);
    CHECK(proc_wait(p, 100, &status, &sig, &err) == 0);
    CHECK(proc_cancel(p, true, &err) == 0);
    CHECK(proc_wait(p, 20000, &status, &sig, &err) == 1);
    CHECK(status == 2);
    proc_free(p);

    struct proc_spec bad = { "C:\\no\\such.exe", argv2, NULL, NULL, NULL };

    CHECK(proc_spawn(&bad, &p, &err) < 0 && strstr(err.msg, "such.exe"));
    free(out);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "child"))
        return child_main();

    struct wiz_err err;
    char *dir;
    wchar_t self[MAX_PATH];

    GetModuleFileNameW(NULL, self, MAX_PATH);
    char *selfu = utf16le_to_utf8((const unsigned char *)self,
                                  wcslen(self) * 2, false, NULL);

    if (fs_make_temp_dir("wiztest", &dir, &err) < 0) {
        printf("cannot make a temp dir: %s\n", err.msg);
        return 1;
    }
    test_files(dir);
    test_system();
    test_volumes();
    test_spawn(selfu, dir);
    fs_remove_tree(dir, &err);
    free(dir);
    free(selfu);
    printf("win32: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

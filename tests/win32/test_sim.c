/*
 * The Win32 process layer against the real scanstate-sim.exe, under wine
 * (tests/win32/run.sh maps the demo practice volumes as D: and E:).
 *
 *   test_sim.exe sim SIM.EXE USMT-DIR     spawn, argv and environment,
 *                                         following the progress log,
 *                                         cancel, exit codes
 *   test_sim.exe winpe 0|1                WinPE detection (the MiniNT key)
 *
 * Ends with "win32: N passed, N failed" like test_platform.exe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/run/follow.h"
#include "platform/fs.h"
#include "platform/proc.h"
#include "platform/sys.h"
#include "check.h"


static const char *sim;
static const char *usmt;

/* Spawn the simulator in the USMT folder; output goes to OUT. */
static struct proc *spawn(char *const *argv, char *const *envp,
                          const char *out)
{
    struct proc_spec spec = { sim, argv, envp, usmt, out };
    struct proc *p = NULL;
    struct wiz_err err;

    /* wine now and then refuses a start with "internal error" (its
     * server, not our spawn: the same start succeeds a moment later);
     * each refusal is printed, and three in a row are a failure */
    for (int tries = 0; tries < 3; tries++) {
        if (proc_spawn(&spec, &p, &err) == 0)
            return p;
        printf("spawn failed: %s\n", err.msg);
        sys_sleep_ms(500);
    }
    return NULL;
}

/* Wait for the end; the exit status, or -1 after timeout_ms. */
static int finish(struct proc *p, int timeout_ms)
{
    struct wiz_err err;
    int status = -1;
    bool sig = false;

    if (proc_wait(p, timeout_ms, &status, &sig, &err) != 1) {
        proc_cancel(p, true, &err);
        proc_wait(p, 10000, &status, &sig, &err);
        proc_free(p);
        return -1;
    }
    proc_free(p);
    return status;
}

/* Arguments with spaces, quotes, trailing backslashes, empty and
 * non-ASCII arrive as they were meant; so does the environment block. */
static void test_argv(const char *dir)
{
    char *out = fs_join(dir, "args.txt");
    char *envout = xasprintf("SIM_ARGS_OUT=%s", out);
    char *const argv[] = {
        (char[]){"scanstate-sim.exe"}, (char[]){"E:\\St\xC3\xB6re dir\\"},
        (char[]){"/l:E:\\two words\\scan.log"}, (char[]){"quote\"inside"},
        (char[]){"trail\\\\"}, (char[]){""}, (char[]){"/ui:*\\J\xC3\xB6rg"},
        (char[]){"\xE6\x9D\x8E\xE9\x9B\xB7"}, (char[]){"a\\\"b c"}, NULL };
    char *const envp[] = { envout,
                           (char[]){"USMT_WORKING_DIR=E:\\w\xC3\xB6rk dir"},
                           (char[]){"MIG_OFFLINE_PLATFORM_ARCH=32"},
                           (char[]){"SystemRoot=C:\\windows"}, NULL };
    const char *want =
        "arg[E:\\St\xC3\xB6re dir\\]\n"
        "arg[/l:E:\\two words\\scan.log]\n"
        "arg[quote\"inside]\n"
        "arg[trail\\\\]\n"
        "arg[]\n"
        "arg[/ui:*\\J\xC3\xB6rg]\n"
        "arg[\xE6\x9D\x8E\xE9\x9B\xB7]\n"
        "arg[a\\\"b c]\n"
        "env USMT_WORKING_DIR=[E:\\w\xC3\xB6rk dir]\n"
        "env TEMP=[(unset)]\n"
        "env MIG_OFFLINE_PLATFORM_ARCH=[32]\n"
        "env MIG_FAIL_ON_PROFILE_ERROR=[(unset)]\n";
    struct proc *p = spawn(argv, envp, NULL);
    struct wiz_err err;
    char *data = NULL;
    size_t len;

    CHECK(p != NULL);
    if (!p)
        goto out;
    /* the /l folder does not exist: rc 13, after writing the file */
    CHECK(finish(p, 30000) == 13);
    CHECK(fs_read_file(out, 10000, &data, &len, &err) == 0);
    if (data) {
        CHECK(!strcmp(data, want));
        if (strcmp(data, want))
            printf("scanstate-sim received:\n%s\n", data);
    }
out:
    free(data);
    free(envout);
    free(out);
}

/* The demo capture of one user, paced; TAG names its folder on E:. */
static struct proc *start_capture(const char *tag, const char *pace,
                                  const char *fail, const char *out)
{
    char *store = xasprintf("E:\\w32-%s\\store", tag);
    char *log = xasprintf("/l:E:\\w32-%s\\scanstate.log", tag);
    char *prog = xasprintf("/progress:E:\\w32-%s\\progress.log", tag);
    char *pace_env = xasprintf("SIM_PACE_MS=%s", pace);
    char *fail_env = xasprintf("SIM_FAIL=%s", fail ? fail : "");
    char *const argv[] = { (char[]){"scanstate-sim.exe"}, store,
                           (char[]){"/offlineWinDir:D:\\Windows"},
                           (char[]){"/ue:*\\*"},
                           (char[]){"/ui:S-1-5-21-1004336348-1177238915-"
                                    "682003330-1002*"},
                           (char[]){"/i:MigDocs.xml"}, (char[]){"/c"}, log,
                           prog, NULL };
    char *const envp[] = { pace_env, fail_env,
                           (char[]){"USMT_WORKING_DIR=E:\\w32-work"},
                           (char[]){"SystemRoot=C:\\windows"}, NULL };
    char *folder = xasprintf("E:\\w32-%s", tag);
    struct wiz_err err;
    struct proc *p;

    fs_remove_tree(folder, NULL);
    fs_mkdir_p(folder, &err);
    fs_mkdir_p("E:\\w32-work", &err);
    p = spawn(argv, envp, out);
    free(folder);
    free(store);
    free(log);
    free(prog);
    free(pace_env);
    free(fail_env);
    return p;
}

/*
 * Count the percentage lines of the progress log read so far, through the
 * follower the log readers use (core/run/follow.c).
 */
struct follower {
    struct follow file;
    uint64_t consumed;
    struct strbuf partial;
    int percent_lines;
    int last_percent;
};

static void count_lines(void *ctx, const char *data, size_t len)
{
    struct follower *fl = ctx;

    fl->consumed += len;
    for (size_t i = 0; i < len; i++) {
        if (data[i] != '\n') {
            strbuf_addch(&fl->partial, data[i]);
            continue;
        }
        const char *k = strstr(fl->partial.buf, "totalPercentageCompleted, ");

        if (k) {
            fl->percent_lines++;
            fl->last_percent = atoi(k + 26);
        }
        strbuf_reset(&fl->partial);
    }
}

static void follower_init(struct follower *fl, const char *path)
{
    memset(fl, 0, sizeof(*fl));
    follow_init(&fl->file, path, "progress log");
    strbuf_init(&fl->partial);
}

static void follower_release(struct follower *fl)
{
    follow_release(&fl->file);
    strbuf_release(&fl->partial);
}

static void follow(struct follower *fl)
{
    struct wiz_err err;
    bool replaced;

    /* scanstate-sim writes one log per run: it is never replaced here */
    if (follow_poll(&fl->file, fl->consumed, count_lines, fl, &replaced,
                    &err) < 0 || replaced)
        printf("following %s: %s\n", fl->file.path,
               replaced ? "replaced" : err.msg);
}

/* The log is read while the simulator writes it, and reaches 100 %. */
static void test_follow(const char *dir)
{
    char *out = fs_join(dir, "capture.txt");
    struct follower fl;
    struct proc *p;
    struct wiz_err err;
    int status = -1, first_seen = 0, rounds = 0;
    bool sig = false;
    int r;

    follower_init(&fl, "E:\\w32-follow\\progress.log");
    p = start_capture("follow", "20", NULL, out);
    CHECK(p != NULL);
    if (!p)
        goto out;
    while ((r = proc_wait(p, 100, &status, &sig, &err)) == 0 &&
           rounds++ < 600) {
        follow(&fl);
        if (!first_seen)
            first_seen = fl.percent_lines;
    }
    CHECK(r == 1 && status == 0);
    follow(&fl);
    /* seen in steps while it ran, not only at the end: the first poll that
     * found lines found some of them (100 steps of 20 ms against polls of
     * 100 ms; the last poll before the exit may well see them all) */
    CHECK(first_seen > 0 && first_seen < fl.percent_lines);
    CHECK(fl.last_percent == 100);
    if (r != 1)
        proc_cancel(p, true, &err);
    proc_free(p);
    CHECK(fs_exists("E:\\w32-follow\\store"));
out:
    follower_release(&fl);
    free(out);
}

/* Cancel: the console break reaches the simulator, which stops with 2. */
static void test_cancel(const char *dir)
{
    char *out = fs_join(dir, "cancel.txt");
    struct follower fl;
    struct proc *p;
    struct wiz_err err;
    int status = -1, rounds = 0;
    bool sig = false;

    follower_init(&fl, "E:\\w32-cancel\\progress.log");
    p = start_capture("cancel", "300", NULL, out);
    CHECK(p != NULL);
    if (!p)
        goto out;
    while (fl.percent_lines < 2 && rounds++ < 300 &&
           proc_wait(p, 100, &status, &sig, &err) == 0)
        follow(&fl);
    CHECK(fl.percent_lines >= 2);
    CHECK(proc_cancel(p, false, &err) == 0);
    status = finish(p, 20000);
    CHECK(status == 2);
    if (status != 2)
        printf("cancelled scanstate-sim ended with %d\n", status);
out:
    follower_release(&fl);
    free(out);
}

/* Exit codes come back as scanstate's return codes. */
static void test_exit_codes(const char *dir)
{
    char *out = fs_join(dir, "fail.txt");
    struct proc *p = start_capture("fail", "0", "61@30", out);

    CHECK(p != NULL);
    if (p)
        CHECK(finish(p, 60000) == 61);
    free(out);
}

/* A non-ASCII path gets a name that the narrow C runtime can open. */
static void test_narrow_path(void)
{
    const char *dir = "E:\\w32-narrow\\J\xC3\xB6rg \xE6\x9D\x8E";
    char *file = fs_join(dir, "NTUSER.DAT");
    char *narrow = NULL, *copy = NULL, *data = NULL;
    struct wiz_err err;
    size_t len = 0;
    FILE *f;

    CHECK(fs_mkdir_p(dir, &err) == 0);
    CHECK(fs_write_file(file, "regf-like", 9, &err) == 0);
    CHECK(fs_narrow_path(file, true, &narrow, &copy, &err) == 0);
    if (narrow) {
        bool ascii = true;

        for (const char *c = narrow; *c; c++)
            ascii = ascii && (unsigned char)*c < 0x80;
        CHECK(ascii);
        /* the plain C runtime, as hivex uses it */
        f = fopen(narrow, "rb");
        CHECK(f != NULL);
        if (f) {
            char buf[16] = { 0 };

            len = fread(buf, 1, sizeof(buf), f);
            fclose(f);
            CHECK(len == 9 && !memcmp(buf, "regf-like", 9));
        }
    }
    if (copy)
        fs_remove_tree(copy, NULL);
    free(copy);
    free(narrow);
    free(data);
    free(file);
    fs_remove_tree("E:\\w32-narrow", NULL);
}

/* A file we follow can still be renamed and deleted by its writer. */
static void test_shared_read(const char *dir)
{
    char *path = fs_join(dir, "followed.log");
    char *moved = fs_join(dir, "followed.old");
    struct wiz_err err;
    char buf[8] = { 0 };
    FILE *f;

    CHECK(fs_write_file(path, "line\r\n", 6, &err) == 0);
    f = fs_fopen(path, "rb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fread(buf, 1, sizeof(buf), f) == 6);
        CHECK(fs_rename(path, moved, &err) == 0);
        CHECK(fs_remove(moved, &err) == 0);
        fclose(f);
    }
    free(path);
    free(moved);
}

int main(int argc, char **argv)
{
    struct wiz_err err;
    char *dir;

    sys_startup(&argc, &argv);
    if (argc == 3 && !strcmp(argv[1], "winpe")) {
        bool want = !strcmp(argv[2], "1");

        CHECK(sys_is_winpe() == want);
        printf("win32: %d passed, %d failed\n", passed, failed);
        return failed ? 1 : 0;
    }
    if (argc != 4 || strcmp(argv[1], "sim")) {
        printf("usage: test_sim.exe sim SIM.EXE USMT-DIR | winpe 0|1\n");
        return 2;
    }
    sim = argv[2];
    usmt = argv[3];
    if (fs_make_temp_dir("wizsim", &dir, &err) < 0) {
        printf("cannot make a temp dir: %s\n", err.msg);
        return 1;
    }
    test_argv(dir);
    test_follow(dir);
    test_cancel(dir);
    test_exit_codes(dir);
    test_narrow_path();
    test_shared_read(dir);
    fs_remove_tree(dir, &err);
    free(dir);
    printf("win32: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

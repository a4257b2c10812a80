/*
 * scanstate-sim as a program: a small practice volume is built here (hives
 * by the regf writer and the .reg importer), the real binary runs against
 * it, and the return code, the store, and the logs (read back with the
 * progress and scanstate.log parsers) are checked.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "lab/migstore.h"
#include "core/run/progress.h"
#include "lab/regf.h"
#include "lab/regimport.h"
#include "core/run/sclog.h"
#include "platform/fs.h"
#include "platform/proc.h"
#include "../support/testlib.h"

#define ALICE "S-1-5-21-1111111111-2222222222-3333333333-1001"
#define BOB "S-1-5-21-1111111111-2222222222-3333333333-1002"

static const char software_reg[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\r\n"
    "\"ProductName\"=\"Windows 10 Pro\"\r\n"
    "\"CurrentBuild\"=\"22631\"\r\n"
    "\"SystemRoot\"=\"C:\\\\Windows\"\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\"
    "ProfileList\\S-1-5-18]\r\n"
    "\"ProfileImagePath\"=\"%systemroot%\\\\system32\\\\config\\\\"
    "systemprofile\"\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\"
    "ProfileList\\" ALICE "]\r\n"
    "\"ProfileImagePath\"=\"C:\\\\Users\\\\alice\"\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\"
    "ProfileList\\" BOB "]\r\n"
    "\"ProfileImagePath\"=\"C:\\\\Users\\\\bob\"\r\n";

static const char system_reg[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"
    "\"Current\"=dword:00000001\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ComputerName\\"
    "ComputerName]\r\n"
    "\"ComputerName\"=\"LABPC\"\r\n";

struct lab {
    char *dir;
    char *root;     /* volume root */
};

static void make_hive(const char *path, const char *reg, const char *strip)
{
    struct wiz_err err;
    struct hive *h;

    test_write(path, "", 0);
    fs_remove(path, NULL);
    if (regf_create_empty(path, "ROOT", 1700000000, &err) < 0 ||
        hive_open(path, true, &h, &err) < 0)
        fail_msg("%s", err.msg);
    if (regimport_buffer(h, "test.reg", reg, sizeof(reg[0]) * strlen(reg),
                         strip, &err) < 0 ||
        hive_commit(h, NULL, &err) < 0)
        fail_msg("%s", err.msg);
    hive_close(h);
}

static void put(const struct lab *l, const char *rel, const char *text)
{
    char *p = fs_join(l->root, rel);

    test_write(p, text, strlen(text));
    free(p);
}

static void lab_build(struct lab *l, const char *x_free)
{
    l->dir = test_tmpdir("sim");
    l->root = fs_join(l->dir, "vol");
    char *sw = fs_join(l->root, "D/Windows/System32/config/SOFTWARE");
    char *sy = fs_join(l->root, "D/Windows/System32/config/SYSTEM");

    make_hive(sw, software_reg, "HKEY_LOCAL_MACHINE\\SOFTWARE");
    make_hive(sy, system_reg, "HKEY_LOCAL_MACHINE\\SYSTEM");
    free(sw);
    free(sy);
    put(l, "D/Users/alice/Documents/report.txt", "alice's report\n");
    put(l, "D/Users/alice/Desktop/notes.txt", "alice's notes\n");
    put(l, "D/Users/alice/AppData/Local/Temp/junk.tmp", "temp\n");
    put(l, "D/Users/bob/Documents/bob.txt", "bob's file\n");
    put(l, "E/.keep", "");
    put(l, "X/Windows/.keep", "");
    char *facts = xasprintf("free=%s\ntotal=536870912\nkind=ram\n", x_free);

    put(l, "X.volume", facts);
    free(facts);
    put(l, "D.volume", "free=100000000000\ntotal=200000000000\n");
}

static void lab_free(struct lab *l)
{
    free(l->root);
    test_tmpdir_remove(l->dir);
}

/* Run the simulator in the lab (WinPE); returns its console output. */
static char *sim_run(const struct lab *l, const char *env, const char *args,
                     int *rc)
{
    char *sim = test_build("scanstate-sim");
    char *cmd = xasprintf("cd '%s' && env USMTWIZ_VOLUME_ROOT='%s' "
                          "USMTWIZ_WINPE=1 SIM_EOL= %s '%s' %s 2>&1",
                          l->dir, l->root, env ? env : "", sim, args);
    char *out = test_run(cmd, rc);

    free(cmd);
    free(sim);
    return out;
}

static char *lab_file(const struct lab *l, const char *rel)
{
    return fs_join(l->root, rel);
}

static void test_sim_offline_capture_by_sid_uncompressed(void **state)
{
    struct lab l;
    int rc;

    (void)state;
    lab_build(&l, "503316480");
    char *out = sim_run(&l, NULL, "'E:\\store' '/offlineWinDir:D:\\Windows' "
                        "'/ue:*\\*' '/ui:" ALICE "*' /nocompress /c "
                        "'/l:X:\\scan.log' '/progress:X:\\prog.log'", &rc);

    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "ScanState return code: 0"));
    free(out);
    char *a = lab_file(&l, "E/store/USMT/File/C$/Users/alice/Documents/"
                           "report.txt");
    char *b = lab_file(&l, "E/store/USMT/File/C$/Users/bob");
    char *t = lab_file(&l, "E/store/USMT/File/C$/Users/alice/AppData/Local/"
                           "Temp");
    char *c = lab_file(&l, "E/store/USMT/catalog.mig");
    char *data;
    size_t len;

    assert_int_equal(fs_read_file(a, 1024, &data, &len, NULL), 0);
    assert_string_equal(data, "alice's report\n");
    free(data);
    assert_false(fs_exists(b));
    assert_false(fs_exists(t));
    assert_true(fs_exists(c));
    free(a);
    free(b);
    free(t);
    free(c);

    /* the logs read back with our own parsers */
    char *pl = lab_file(&l, "X/prog.log");
    struct progress_reader *pr = progress_reader_new(pl);

    assert_int_equal(progress_reader_poll(pr, NULL, NULL), 0);
    const struct progress_state *ps = progress_reader_state(pr);

    assert_string_equal(ps->program, "ScanState.exe");
    assert_true(ps->finished);
    assert_int_equal(ps->error_code, 0);
    assert_int_equal(ps->percent, 100);
    assert_int_equal(ps->n_users, 2);
    assert_int_equal(ps->bad_lines, 0);
    assert_string_equal(ps->current_user, "LABPC\\alice");
    assert_true(ps->have_total_mb);
    for (size_t i = 0; i < ps->n_users; i++)
        assert_int_equal(ps->users[i].included,
                         !strcmp(ps->users[i].name, "LABPC\\alice"));
    progress_reader_free(pr);
    free(pl);

    char *sl = lab_file(&l, "X/scan.log");
    struct sclog_reader *sr = sclog_reader_new(sl);

    assert_int_equal(sclog_reader_poll(sr, NULL, NULL), 0);
    sclog_reader_finish(sr);
    const struct sclog_state *ss = sclog_reader_state(sr);

    assert_true(ss->success);
    assert_true(ss->shutdown);
    assert_non_null(ss->started);
    assert_non_null(ss->completed);
    assert_string_equal(ss->version, "SCANSTATE.EXE Version 10.0.22621.1");
    assert_non_null(strstr(ss->command_line, "/ui:" ALICE "*"));
    assert_int_equal(ss->by_level[SCLOG_ERROR], 0);
    assert_int_equal(ss->continuation_lines, 0);
    sclog_reader_free(sr);
    free(sl);
    lab_free(&l);
}

static void test_sim_offline_name_selection_matches_nobody(void **state)
{
    struct lab l;
    int rc;

    (void)state;
    lab_build(&l, "503316480");
    /* the classic pitfall: names cannot be resolved offline */
    char *out = sim_run(&l, NULL, "'E:\\store' '/offlineWinDir:D:\\Windows' "
                        "'/ue:*\\*' '/ui:LABPC\\alice' /nocompress "
                        "'/progress:X:\\prog.log'", &rc);

    assert_int_equal(rc, 0);
    free(out);
    char *u = lab_file(&l, "E/store/USMT/File");

    assert_false(fs_exists(u));
    free(u);
    char *pl = lab_file(&l, "X/prog.log");
    struct progress_reader *pr = progress_reader_new(pl);

    assert_int_equal(progress_reader_poll(pr, NULL, NULL), 0);
    const struct progress_state *ps = progress_reader_state(pr);

    assert_int_equal(ps->n_users, 2);
    assert_false(ps->users[0].included);
    assert_false(ps->users[1].included);
    progress_reader_free(pr);
    free(pl);
    lab_free(&l);
}

static void test_sim_compressed_and_encrypted_stores(void **state)
{
    struct lab l;
    int rc;
    struct migstore_catalog cat;
    struct wiz_err err;
    uint64_t bad;

    (void)state;
    lab_build(&l, "503316480");
    char *out = sim_run(&l, NULL, "'E:\\store' '/offlineWinDir:D:\\Windows' "
                        "'/ue:*\\*' '/ui:" BOB "*' '/l:X:\\scan.log'", &rc);

    assert_int_equal(rc, 0);
    free(out);
    char *mig = lab_file(&l, "E/store/USMT/USMT.MIG");

    assert_int_equal(migstore_read_catalog(mig, &cat, &err), 0);
    assert_int_equal(cat.n, 1);
    assert_string_equal(cat.e[0].name, "File\\C$\\Users\\bob\\Documents\\"
                                       "bob.txt");
    migstore_catalog_release(&cat);
    assert_int_equal(migstore_verify(mig, NULL, &bad, &err), 0);
    assert_int_equal(bad, 0);
    free(mig);

    out = sim_run(&l, NULL, "'E:\\enc' '/offlineWinDir:D:\\Windows' "
                  "/encrypt:AES_256 '/key:Sup3r secret' '/l:X:\\enc.log' "
                  "'/progress:X:\\enc.prg'", &rc);
    assert_int_equal(rc, 0);
    assert_null(strstr(out, "Sup3r"));
    free(out);
    mig = lab_file(&l, "E/enc/USMT/USMT.MIG");
    assert_int_equal(migstore_read_catalog(mig, &cat, &err), 0);
    assert_int_equal(cat.n, 3);
    assert_true(cat.flags & MIGSTORE_FLAG_ENCRYPTED);
    migstore_catalog_release(&cat);
    assert_int_equal(migstore_verify(mig, "wrong", &bad, &err), -1);
    assert_int_equal(migstore_verify(mig, "Sup3r secret", &bad, &err), 0);
    free(mig);
    /* the key appears in no log */
    const char *logs[] = { "X/enc.log", "X/enc.prg" };

    for (int i = 0; i < 2; i++) {
        char *p = lab_file(&l, logs[i]);
        char *data;
        size_t len;

        assert_int_equal(fs_read_file(p, 1 << 20, &data, &len, NULL), 0);
        assert_null(strstr(data, "Sup3r"));
        assert_non_null(strstr(data, "/key:*"));
        free(data);
        free(p);
    }
    lab_free(&l);
}

struct rc_case {
    const char *env;
    const char *args;
    int rc;
    const char *message;    /* on the console and in the logs */
};

static void test_sim_return_codes(void **state)
{
    static const struct rc_case cases[] = {
        { NULL, "", 11, "Command line arguments are required. Specify /? "
          "for options." },
        { NULL, "'E:\\s' /hardlink '/offlineWinDir:D:\\Windows'", 11,
          "/hardlink requires /nocompress" },
        { NULL, "'E:\\s' /encrypt '/offlineWinDir:D:\\Windows'", 11,
          "/encrypt requires /key or /keyfile" },
        { NULL, "'E:\\s' /encrypt /key:a /keyfile:b", 11,
          "/key and /keyfile both specified" },
        { NULL, "'E:\\s' /key:abc", 11,
          "/key or /keyfile used without enabling encryption" },
        { NULL, "'E:\\s' /encrypt /key:abc /nocompress", 11,
          "/encrypt can't be used with /nocompress" },
        { NULL, "'E:\\s' /all '/ue:*\\*'", 11,
          "/all conflicts with /ui, /ue or /uel" },
        { NULL, "'E:\\s' /c /C", 11,
          "An option is specified more than once and is ambiguous" },
        { NULL, "'E:\\s' /frobnicate", 11, "Command line option is not valid" },
        { NULL, "'E:\\s' /v:3", 11, "Verbosity level must be specified as a "
          "sum of the desired log options: Verbose (0x01), Record Objects "
          "(0x04), Echo to debug port (0x08)" },
        { NULL, "'E:\\s' /efs:sometimes", 11,
          "EFS parameter specified is not valid for /efs" },
        { NULL, "'E:\\s' /efs:hardlink /nocompress", 11,
          "The /efs:hardlink requires /hardlink" },
        { NULL, "'E:\\s' /hardlink /nocompress /vsc", 11,
          "Volume shadow copy feature is not supported with a hardlink "
          "store" },
        { NULL, "'E:\\s' /listfiles:x.txt /p:x.xml", 11,
          "/listfiles cannot be used with /p" },
        { NULL, "'E:\\s' /r:three", 11, "Retry argument must be an integer" },
        { NULL, "'/offlineWinDir:D:\\Windows'", 11,
          "The store parameter is required but not specified" },
        { NULL, "'E:\\s' '/offlineWinDir:D:\\Nowhere'", 11,
          "/offlinewindir requires a valid path to offline windows folder" },
        { NULL, "'E:\\s' '/offlineWinDir:E:\\'", 26,
          "Unable to find a valid Windows directory to proceed with "
          "requested offline operation; Check if offline input file is "
          "present and has valid entries" },
        { NULL, "'E:\\s'", 36, "Use /offline to run gather on this "
          "platform" },
        { NULL, "'E:\\s' '/offlineWinDir:D:\\Windows' /encrypt /key:", 33,
          "The encryption key must have at least one character" },
        { NULL, "'E:\\s' '/offlineWinDir:D:\\Windows' /encrypt "
          "'/keyfile:D:\\nokey.txt'", 33,
          "Error accessing the file specified by the /keyfile parameter" },
        { NULL, "'E:\\s' '/offlineWinDir:D:\\Windows' '/i:X:\\none.xml'",
          28, "Unable to find a script file specified by /i" },
        { "SIM_FAIL=72@40", "'E:\\s' '/offlineWinDir:D:\\Windows' /o", 72,
          "Out of disk space while writing the store" },
        { "SIM_FAIL=37", "'E:\\s' '/offlineWinDir:D:\\Windows' /o", 37,
          "The store holds encrypted data but the correct encryption key "
          "was not provided" },
    };
    struct lab l;

    (void)state;
    lab_build(&l, "503316480");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct rc_case *c = &cases[i];
        int rc;
        char *args = *c->args ? xasprintf("%s '/l:X:\\case.log' "
                                          "'/progress:X:\\case.prg'", c->args)
                              : xstrdup("");
        char *out = sim_run(&l, c->env, args, &rc);

        if (rc != c->rc || !strstr(out, c->message))
            fail_msg("case %zu (%s): rc %d, output:\n%s", i, c->args, rc,
                     out);
        char *want = xasprintf("ScanState return code: %d", c->rc);

        assert_non_null(strstr(out, want));
        free(want);
        free(out);
        free(args);
        /* the progress log ends with the same code, when there is one */
        char *pl = lab_file(&l, "X/case.prg");
        struct progress_reader *pr = progress_reader_new(pl);

        assert_int_equal(progress_reader_poll(pr, NULL, NULL), 0);
        const struct progress_state *ps = progress_reader_state(pr);

        if (ps->records) {
            assert_true(ps->finished);
            assert_int_equal(ps->error_code, c->rc);
        }
        progress_reader_free(pr);
        fs_remove(pl, NULL);
        free(pl);
        /* command-line errors are explained in scanstate.log */
        char *sl = lab_file(&l, "X/case.log");

        if (c->rc == 11 && fs_exists(sl)) {
            struct sclog_reader *sr = sclog_reader_new(sl);

            assert_int_equal(sclog_reader_poll(sr, NULL, NULL), 0);
            sclog_reader_finish(sr);
            const struct sclog_state *ss = sclog_reader_state(sr);

            if (!ss->cmdline_error || strcmp(ss->cmdline_error, c->message))
                fail_msg("case %zu: log says '%s'", i,
                         ss->cmdline_error ? ss->cmdline_error : "(nothing)");
            sclog_reader_free(sr);
        }
        fs_remove(sl, NULL);
        free(sl);
    }
    lab_free(&l);
}

static void test_sim_temp_space_and_existing_store(void **state)
{
    struct lab l;
    int rc;
    const char *args = "'E:\\store' '/offlineWinDir:D:\\Windows' '/ue:*\\*' "
                       "'/ui:" ALICE "*' /nocompress";

    (void)state;
    lab_build(&l, "104857600");
    char *out = sim_run(&l, NULL, args, &rc);

    assert_int_equal(rc, 29);
    assert_non_null(strstr(out, "A minimum of 250 MB of free space is "
                                "required for temporary files"));
    free(out);
    out = sim_run(&l, "USMT_WORKING_DIR='D:\\usmtwork'", args, &rc);
    assert_int_equal(rc, 0);
    free(out);
    out = sim_run(&l, "USMT_WORKING_DIR='D:\\usmtwork'", args, &rc);
    assert_int_equal(rc, 27);
    assert_non_null(strstr(out, "A store path can't be used because an "
                                "existing store exists; specify /o to "
                                "overwrite"));
    free(out);
    char *more = xasprintf("%s /o", args);

    out = sim_run(&l, "USMT_WORKING_DIR='D:\\usmtwork'", more, &rc);
    assert_int_equal(rc, 0);
    free(out);
    free(more);
    lab_free(&l);
}

static void test_sim_offline_xml_multiple_windows(void **state)
{
    struct lab l;
    int rc;

    (void)state;
    lab_build(&l, "503316480");
    /* a second installation: a copy of the first Windows folder */
    char *sw = fs_join(l.root, "D/Windows/System32/config/SOFTWARE");
    char *sw2 = fs_join(l.root, "D/Windows.old/System32/config/SOFTWARE");

    test_write(sw2, "", 0);
    assert_int_equal(fs_copy_file(sw, sw2, NULL), 0);
    free(sw);
    free(sw2);
    put(&l, "X/offline.xml", "<offline>\r\n  <winDir>\r\n    <path>D:\\Windows"
        "</path>\r\n    <path>D:\\Windows.old</path>\r\n  </winDir>\r\n"
        "  <failOnMultipleWinDir>1</failOnMultipleWinDir>\r\n</offline>\r\n");
    char *out = sim_run(&l, NULL, "'E:\\s' '/offline:X:\\offline.xml'", &rc);

    assert_int_equal(rc, 26);
    assert_non_null(strstr(out, "Multiple Windows installations found"));
    free(out);
    put(&l, "X/offline.xml", "<offline><winDir><path>D:\\Windows</path>"
        "<path>D:\\Windows.old</path></winDir></offline>");
    out = sim_run(&l, NULL, "'E:\\s' '/offline:X:\\offline.xml' '/ue:*\\*'",
                  &rc);
    assert_int_equal(rc, 0);
    free(out);
    lab_free(&l);
}

static void test_sim_efs_and_unreadable_files(void **state)
{
    struct lab l;
    int rc;
    const char *base = "'/offlineWinDir:D:\\Windows' '/ue:*\\*' '/ui:" ALICE
                       "*' '/l:X:\\s.log' '/progress:X:\\p.log'";

    (void)state;
    lab_build(&l, "503316480");
    put(&l, "D/Users/alice/Documents/private.efs", "encrypted bytes");
    char *args = xasprintf("'E:\\a' %s", base);
    char *out = sim_run(&l, NULL, args, &rc);

    assert_int_equal(rc, 2);
    assert_non_null(strstr(out, "Gather was aborted because of an EFS file"));
    free(out);
    free(args);
    args = xasprintf("'E:\\b' %s /efs:copyraw", base);
    out = sim_run(&l, NULL, args, &rc);
    assert_int_equal(rc, 0);
    free(out);
    free(args);
    char *efs = lab_file(&l, "D/Users/alice/Documents/private.efs");

    fs_remove(efs, NULL);
    free(efs);

    put(&l, "D/Users/alice/Documents/locked.unreadable", "x");
    args = xasprintf("'E:\\c' %s", base);
    out = sim_run(&l, NULL, args, &rc);
    assert_int_equal(rc, 61);
    assert_non_null(strstr(out, "Processing stopped due to an I/O error"));
    free(out);
    free(args);
    /* the log explains it: the read error above the generic lines */
    char *sl = lab_file(&l, "X/s.log");
    struct sclog_reader *sr = sclog_reader_new(sl);

    assert_int_equal(sclog_reader_poll(sr, NULL, NULL), 0);
    sclog_reader_finish(sr);
    assert_true(sclog_reader_state(sr)->have_cause);
    assert_true(str_starts_with(sclog_reader_state(sr)->cause.message,
                                "Read error 5 for D:\\Users\\alice\\"
                                "Documents\\locked.unreadable"));
    sclog_reader_free(sr);

    args = xasprintf("'E:\\d' %s /c", base);
    out = sim_run(&l, NULL, args, &rc);
    assert_int_equal(rc, 3);
    free(out);
    free(args);
    sr = sclog_reader_new(sl);
    assert_int_equal(sclog_reader_poll(sr, NULL, NULL), 0);
    sclog_reader_finish(sr);
    const struct sclog_state *ss = sclog_reader_state(sr);

    assert_true(ss->success);
    assert_int_equal(ss->errors_ignored, 1);
    assert_int_equal(ss->n_summary, 1);
    assert_int_equal(ss->summary[0].error_code, 5);
    assert_false(ss->summary[0].caused_abort);
    sclog_reader_free(sr);
    free(sl);
    char *pl = lab_file(&l, "X/p.log");
    struct progress_reader *pr = progress_reader_new(pl);

    assert_int_equal(progress_reader_poll(pr, NULL, NULL), 0);
    const struct progress_state *ps = progress_reader_state(pr);

    assert_int_equal(ps->error_code, 3);
    assert_int_equal(ps->ignored_errors, 1);
    assert_int_equal(ps->n_ignored, 1);
    assert_string_equal(ps->errors[0].object,
                        "D:\\Users\\alice\\Documents\\locked.unreadable");
    progress_reader_free(pr);
    free(pl);
    lab_free(&l);
}

/* Follow a paced run live with the progress reader, then cancel another. */
static void test_sim_progress_followed_live_and_cancel(void **state)
{
    struct lab l;
    struct wiz_err err;

    (void)state;
    lab_build(&l, "503316480");
    char *sim = test_build("scanstate-sim");
    char *vr = xasprintf("USMTWIZ_VOLUME_ROOT=%s", l.root);
    char *prog = lab_file(&l, "X/live.prg");
    char *outp = fs_join(l.dir, "console.txt");
    char e1[] = "USMTWIZ_WINPE=1";
    char e2[] = "SIM_PACE_MS=3";
    char *envp[] = { vr, e1, e2, NULL };
    char a1[] = "E:\\live";
    char a2[] = "/offlineWinDir:D:\\Windows";
    char a3[] = "/progress:X:\\live.prg";
    char a4[] = "/l:X:\\live.log";
    char *argv[] = { sim, a1, a2, a3, a4, NULL };
    struct proc_spec spec = { sim, argv, envp, l.dir, outp };
    struct proc *p;

    assert_int_equal(proc_spawn(&spec, &p, &err), 0);
    struct progress_reader *pr = progress_reader_new(prog);
    int status = -1;
    int polls = 0;
    int last = -1;
    bool went_up = false;

    while (proc_wait(p, 20, &status, NULL, &err) == 0) {
        assert_int_equal(progress_reader_poll(pr, NULL, &err), 0);
        int pct = progress_reader_state(pr)->percent;

        assert_true(pct >= last);
        went_up = went_up || (last >= 0 && pct > last);
        last = pct;
        polls++;
    }
    proc_free(p);
    assert_int_equal(progress_reader_poll(pr, NULL, &err), 0);
    const struct progress_state *ps = progress_reader_state(pr);

    assert_int_equal(status, 0);
    assert_true(polls > 3);
    assert_true(went_up);
    assert_true(ps->finished);
    assert_int_equal(ps->error_code, status);
    assert_int_equal(ps->percent, 100);
    assert_int_equal(ps->bad_lines, 0);
    progress_reader_free(pr);

    /* a slow run, cancelled like the wizard does: SIGINT to the group */
    char e3[] = "SIM_PACE_MS=200";
    char a5[] = "E:\\cancelled";

    envp[2] = e3;
    argv[1] = a5;
    /* the old progress log goes first, as the wizard does */
    assert_int_equal(fs_remove(prog, &err), 0);
    assert_int_equal(proc_spawn(&spec, &p, &err), 0);
    pr = progress_reader_new(prog);
    for (int i = 0; i < 500; i++) {
        progress_reader_poll(pr, NULL, &err);
        if (progress_reader_state(pr)->percent >= 1)
            break;
        assert_int_equal(proc_wait(p, 20, NULL, NULL, &err), 0);
    }
    assert_int_equal(proc_cancel(p, false, &err), 0);
    bool sig = true;

    assert_int_equal(proc_wait(p, 10000, &status, &sig, &err), 1);
    proc_free(p);
    assert_int_equal(status, 2);
    assert_false(sig);
    assert_int_equal(progress_reader_poll(pr, NULL, &err), 0);
    assert_int_equal(progress_reader_state(pr)->error_code, 2);
    assert_string_equal(progress_reader_state(pr)->final_message,
                        "User chose to cancel (such as pressing CTRL+C)");
    progress_reader_free(pr);
    free(outp);
    free(prog);
    free(vr);
    free(sim);
    lab_free(&l);
}

/*
 * The simulator reads offline.xml and /i files through the one safe
 * loader: a declared entity is refused (rc 11 and rc 28) before it could
 * be expanded, naming the file.
 */
static void test_sim_refuses_entities(void **state)
{
    static const char *const lol =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE %s [<!ENTITY a \"aaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<%s>&b;</%s>\n";
    struct lab l;
    int rc;
    char *xml;

    (void)state;
    lab_build(&l, "503316480");
    xml = xasprintf(lol, "offline", "offline", "offline");
    put(&l, "X/offline.xml", xml);
    free(xml);
    char *out = sim_run(&l, NULL, "'E:\\s' '/offline:X:\\offline.xml'", &rc);

    assert_int_equal(rc, 11);
    free(out);
    xml = xasprintf(lol, "migration", "migration", "migration");
    put(&l, "X/Evil.xml", xml);
    free(xml);
    out = sim_run(&l, NULL, "'E:\\s' '/offlineWinDir:D:\\Windows' "
                  "'/i:X:\\Evil.xml' '/l:X:\\s.log'", &rc);
    assert_int_equal(rc, 28);
    free(out);
    char *log = fs_join(l.root, "X/s.log");
    char *text = NULL;
    size_t len;

    assert_int_equal(fs_read_file(log, 1 << 20, &text, &len, NULL), 0);
    if (!strstr(text, "document type declaration") ||
        !strstr(text, "Evil.xml"))
        fail_msg("no refusal naming the file in the log:\n%s", text);
    free(text);
    free(log);
    lab_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_offline_capture_by_sid_uncompressed),
        cmocka_unit_test(test_sim_offline_name_selection_matches_nobody),
        cmocka_unit_test(test_sim_compressed_and_encrypted_stores),
        cmocka_unit_test(test_sim_return_codes),
        cmocka_unit_test(test_sim_temp_space_and_existing_store),
        cmocka_unit_test(test_sim_offline_xml_multiple_windows),
        cmocka_unit_test(test_sim_refuses_entities),
        cmocka_unit_test(test_sim_efs_and_unreadable_files),
        cmocka_unit_test(test_sim_progress_followed_live_and_cancel),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/testlib.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/run/capture.h"
#include "core/run/job.h"
#include "core/plan/plan.h"
#include "core/run/report.h"
#include "platform/fs.h"
#include "platform/sys.h"

#define KEY "Sup3r secret k\xC3\xA9y!"

/*
 * A stand-in for scanstate that records what it was given: its arguments,
 * its environment, and the contents of the key file while it runs.
 */
static const char fake[] =
    "#!/bin/sh\n"
    "out=$(dirname \"$0\")\n"
    "for a in \"$@\"; do printf '%s\\n' \"$a\"; done >\"$out/args.txt\"\n"
    "env >\"$out/env.txt\"\n"
    "for a in \"$@\"; do case $a in /keyfile:*) cat \"${a#/keyfile:}\" "
    ">\"$out/keyseen.txt\";; /progress:*) p=${a#/progress:};; esac; done\n"
    "printf '24 Nov 2026, 10:00:00 +00:00, 00:00:01, errorCode, 0, "
    "numberOfIgnoredErrors, 0, message, \"Successful run\"\\r\\n' >>\"$p\"\n"
    "echo 'ScanState return code: 0'\n"
    "exit 0\n";

static char *slurp(const char *path)
{
    char *data = NULL;
    size_t len;
    struct wiz_err err;

    if (fs_read_file(path, 1 << 20, &data, &len, &err) < 0)
        return xstrdup("");
    return data;
}

static void test_capture_key_only_in_a_private_file(void **state)
{
    char *dir = test_tmpdir("capture");
    char *prog = fs_join(dir, "scanstate");
    char *prg = fs_join(dir, "logs/progress.log");
    char *log = fs_join(dir, "logs/scanstate.log");
    char *outp = fs_join(dir, "logs/console.txt");
    char *old = xasprintf("%s.old", prg);
    struct plan plan;
    struct capture *c;
    struct wiz_err err;
    int st;

    (void)state;
    test_write(prog, fake, strlen(fake));
    char *cmd = xasprintf("chmod +x '%s'", prog);

    free(test_run(cmd, &st));
    free(cmd);
    test_write(prg, "previous run\n", 13);
    plan_init(&plan);
    plan_set_offline_windir(&plan, "D:\\Windows", NULL);
    plan.offline_mode = PLAN_OFFLINE_WINDIR;
    plan_set_store_path(&plan, "E:\\store");
    plan_add_sid(&plan, "S-1-5-21-1-2-3-1001");
    plan_set_progress_path(&plan, prg);
    plan_set_log_path(&plan, log);
    plan_set_working_dir(&plan, "E:\\work");
    plan.encrypt = true;
    plan_set_key(&plan, KEY);
    plan.continue_on_error = true;

    struct capture_spec spec = { &plan, prog, dir, true, "/nonexistent/volumes",
                                 prg, log, outp, NULL, 0, NULL };

    assert_int_equal(capture_start(&spec, &c, &err), 0);
    /* the previous progress log was moved aside, not appended to */
    assert_true(fs_exists(old));
    int r = 0;

    for (int i = 0; i < 200 && r == 0; i++)
        r = capture_poll(c, 50, &err);
    assert_int_equal(r, 1);
    assert_int_equal(capture_status(c)->rc, 0);

    char *args_path = fs_join(dir, "args.txt");
    char *env_path = fs_join(dir, "env.txt");
    char *seen_path = fs_join(dir, "keyseen.txt");
    char *args = slurp(args_path);
    char *env = slurp(env_path);
    char *seen = slurp(seen_path);

    /* scanstate read the key from the file while it ran ... */
    assert_string_equal(seen, KEY);
    /* ... which never showed in its arguments or environment */
    assert_null(strstr(args, "secret"));
    assert_null(strstr(env, "secret"));
    assert_non_null(strstr(args, "/keyfile:"));
    assert_non_null(strstr(args, "/ui:S-1-5-21-1-2-3-1001*"));
    assert_non_null(strstr(env, "USMT_WORKING_DIR=E:\\work"));
    assert_non_null(strstr(env, "USMTWIZ_VOLUME_ROOT=/nonexistent/volumes"));
    /* and the key file is gone now */
    const char *kf = strstr(args, "/keyfile:") + 9;
    char *kpath = xstrndup(kf, strcspn(kf, "\n"));

    assert_false(fs_exists(kpath));
    assert_null(strstr(capture_display(c), "secret"));

    struct report rep;
    struct strbuf xml;

    report_init(&rep);
    capture_fill_report(c, &rep);
    assert_int_equal(rep.rc, 0);
    assert_string_equal(rep.result, "success");
    assert_string_equal(rep.rc_symbol, "USMT_SUCCESS");
    assert_true(rep.simulated);
    char fp[17];

    capture_key_fingerprint(KEY, fp);
    assert_string_equal(rep.key_fingerprint, fp);
    assert_int_equal(strlen(fp), 16);
    strbuf_init(&xml);
    assert_int_equal(report_to_xml(&rep, &xml, &err), 0);
    assert_null(strstr(xml.buf, "secret"));
    assert_non_null(strstr(xml.buf, fp));
    strbuf_release(&xml);
    report_release(&rep);

    capture_free(c);
    plan_release(&plan);
    free(kpath);
    free(args);
    free(env);
    free(seen);
    free(args_path);
    free(env_path);
    free(seen_path);
    free(prog);
    free(prg);
    free(log);
    free(outp);
    free(old);
    test_tmpdir_remove(dir);
}

static void test_capture_start_failure_leaves_no_key(void **state)
{
    char *dir = test_tmpdir("capture-fail");
    char *prog = fs_join(dir, "does-not-exist");
    struct plan plan;
    struct capture *c;
    struct wiz_err err;
    int st;

    (void)state;
    /* a private temp area: whatever the key file leaves would be here */
    char *tmp = fs_join(dir, "tmp");

    assert_int_equal(fs_mkdir_p(tmp, &err), 0);
    sys_setenv("TMPDIR", tmp);
    plan_init(&plan);
    plan_set_store_path(&plan, "E:\\store");
    plan.encrypt = true;
    plan_set_key(&plan, KEY);

    struct capture_spec spec = { &plan, prog, NULL, false, NULL, NULL, NULL,
                                 NULL, NULL, 0, NULL };

    /* a program that cannot start: either spawn fails or the child exits
     * 127; in both cases no key file may remain in the temp area */
    if (capture_start(&spec, &c, &err) == 0) {
        int r = 0;

        for (int i = 0; i < 100 && r == 0; i++)
            r = capture_poll(c, 50, &err);
        assert_int_equal(r, 1);
        assert_int_not_equal(capture_status(c)->rc, 0);
        capture_free(c);
    }
    char *cmd = xasprintf("find '%s' -mindepth 1 | head -1", tmp);
    char *left = test_run(cmd, &st);

    assert_string_equal(left, "");
    free(left);
    free(cmd);
    free(tmp);
    plan_release(&plan);
    free(prog);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capture_key_only_in_a_private_file),
        cmocka_unit_test(test_capture_start_failure_leaves_no_key),
    };

    return cmocka_run_group_tests_name("capture", tests, NULL, NULL);
}

/*
 * usmtwiz attach PROGRESS-LOG [--log SCANSTATE.LOG] [--stall MINUTES]
 *                [--volume-root DIR]
 * Follow a scanstate that is already running (started by a wizard that was
 * closed, or by a script) through its progress log, printing a line per
 * phase, per 10 %, per user and per error, until its final record; then
 * each selected user, captured or not.  The users are the ones the
 * starting usmtwiz recorded, else the /ui:<SID>* of the recorded command
 * line.  Ctrl+C stops following; scanstate itself goes on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "cmd.h"
#include "core/run/job.h"
#include "core/run/progress.h"
#include "core/run/progress_text.h"
#include "core/run/report.h"
#include "core/run/verify.h"
#include "core/session/wizard_run.h"
#include "platform/fs.h"
#include "platform/sys.h"

static void usage(FILE *out)
{
    fputs("usage: usmtwiz attach PROGRESS-LOG [--log SCANSTATE.LOG] "
          "[--stall MINUTES]\n"
          "                      [--volume-root DIR]\n\n"
          "Follow a scanstate that is already running through its /progress\n"
          "file.  Ctrl+C stops following; scanstate goes on.  At the end,\n"
          "each selected user is checked against scanstate.log: the users\n"
          "usmtwiz recorded when it started the capture, else the\n"
          "/ui:<SID>* of scanstate's command line (its /l file is read when\n"
          "--log is not given; --volume-root maps its drive letters).\n\n"
          "Exit status: 0 scanstate succeeded (return code 0 or 3),\n"
          "1 you stopped following, 2 bad usage, 3 scanstate failed,\n"
          "4 incomplete: scanstate succeeded but a selected user is not\n"
          "in the store.\n",
          out);
}

int cmd_attach(int argc, char **argv)
{
    const char *progress = NULL;
    const char *log = NULL;
    const char *volume_root = NULL;
    unsigned stall_min = 5;
    struct job *job;
    struct wiz_err err;
    struct progress_text pt;
    struct strbuf out;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            return WIZ_EXIT_OK;
        } else if (!strcmp(argv[i], "--log") && i + 1 < argc) {
            log = argv[++i];
        } else if (!strcmp(argv[i], "--volume-root") && i + 1 < argc) {
            volume_root = argv[++i];
        } else if (!strcmp(argv[i], "--stall") && i + 1 < argc) {
            stall_min = (unsigned)strtoul(argv[++i], NULL, 10);
        } else if (argv[i][0] == '-' || progress) {
            usage(stderr);
            return WIZ_EXIT_USAGE;
        } else {
            progress = argv[i];
        }
    }
    if (!progress) {
        usage(stderr);
        return WIZ_EXIT_USAGE;
    }
    if (!fs_exists(progress)) {
        fprintf(stderr, "usmtwiz attach: cannot follow '%s': no such file "
                        "(is scanstate running with /progress?)\n", progress);
        return WIZ_EXIT_USAGE;
    }
    /* the users selected by the usmtwiz that started this capture */
    struct run_state rs;

    if (wizard_run_find(&rs, NULL, NULL) != 1 || !rs.progress ||
        strcmp(rs.progress, progress)) {
        run_state_release(&rs);
        memset(&rs, 0, sizeof(rs));
    }
    if (!log && rs.log)
        log = rs.log;
    if (job_attach(progress, log, stall_min * 60, &job, &err) < 0) {
        run_state_release(&rs);
        fprintf(stderr, "usmtwiz attach: %s\n", err.msg);
        return WIZ_EXIT_USAGE;
    }
    sys_signals_install(NULL);
    progress_text_init(&pt);
    strbuf_init(&out);
    printf("following %s (Ctrl+C stops following; scanstate goes on)\n",
           progress);
    fflush(stdout);
    int r = 0;

    while (r == 0) {
        r = job_poll(job, 200, &err);
        if (r == 0 && sys_interrupted()) {
            job_cancel(job, false, 0, NULL);
            r = job_poll(job, 0, &err);
        }
        progress_text_update(&pt, job_status(job), &out);
        if (out.len) {
            fwrite(out.buf, 1, out.len, stdout);
            fflush(stdout);
            strbuf_reset(&out);
        }
    }
    const struct job_status *st = job_status(job);
    int rc = st->rc;
    int exit_code;

    if (r < 0) {
        fprintf(stderr, "usmtwiz attach: %s\n", err.msg);
        exit_code = WIZ_EXIT_USAGE;
    } else if (rc < 0) {
        exit_code = WIZ_EXIT_FAIL;
    } else {
        struct verify_result vr;
        const char *result = report_result_for_rc(rc);
        int v = run_state_verify(&rs, rc, st->progress, st->log, &vr);

        exit_code = (rc == 0 || rc == 3) ? WIZ_EXIT_OK : WIZ_EXIT_RUN_FAILED;
        /* no usmtwiz recorded the users: the command line names them */
        if (v < 0)
            v = run_cmdline_verify(rc, st->progress, st->log, volume_root,
                                   &vr, &err);
        if (v < 0)
            printf("users: not checked: %s\n", err.msg);
        if (v == 0) {
            strbuf_reset(&out);
            verify_users_text(&vr, &out);
            verify_verdict_text(&vr, &out);
            fputs(out.buf, stdout);
            result = verify_verdict_word(vr.verdict);
            if (vr.verdict == VERIFY_INCOMPLETE)
                exit_code = WIZ_EXIT_INCOMPLETE;
            verify_result_release(&vr);
        }
        printf("result: %s; see 'usmtwiz explain %d'\n", result, rc);
    }
    run_state_release(&rs);
    strbuf_release(&out);
    progress_text_release(&pt);
    job_free(job);
    return exit_code;
}

/*
 * usmtwiz (no command): the capture wizard.  Parses the options, sets up
 * the model, hands the terminal to the UI and reports the outcome.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "cmd.h"
#include "base/strbuf.h"
#include "core/run/verify.h"
#include "core/session/wizard_run.h"
#include "core/run/report.h"
#include "core/usmt/retcodes.h"
#include "core/session/wizard.h"
#include "platform/fs.h"
#include "platform/share.h"
#include "platform/sys.h"
#include "screens.h"
#include "ui/loop.h"

static void usage(FILE *out)
{
    fputs("usage: usmtwiz [--volume-root DIR] [--usmt DIR] [--preset FILE]\n"
          "               [--simulate] [--log FILE] [--plain]\n"
          "               [--share \\\\SRV\\SHARE=DIR]...\n\n"
          "Starts the capture wizard.\n"
          "  --volume-root DIR  volumes are the sub-folders of DIR (C, D...)\n"
          "  --usmt DIR         the USMT folder holding scanstate.exe\n"
          "  --preset FILE      pre-fill every screen from a saved preset\n"
          "  --simulate         run scanstate-sim instead of scanstate\n"
          "  --log FILE         write a diagnostic log to FILE\n"
          "  --share \\\\SRV\\SHARE=DIR  the folder DIR plays that file share\n"
          "                     (practice; repeatable)\n"
          "  --plain            numbered line-by-line prompts, no screen\n"
          "                     drawing (also when TERM=dumb or without a\n"
          "                     terminal)\n\n"
          "Exit status: 0 the flow was completed, 1 cancelled or quit,\n"
          "2 bad usage, 3 scanstate ran and failed.\n", out);
}

static bool has_help(const char *dir)
{
    char *p = fs_join(dir, "help");
    bool r = fs_is_dir(p);

    free(p);
    return r;
}

/*
 * Where help/ lives: $USMTWIZ_DATADIR, the program's own folder (the
 * Windows PE layout, X:\usmtwiz\help), ../assets beside the program
 * (the build tree), or the installed data folder.
 */
char *cmd_data_dir(void)
{
    const char *env = sys_getenv("USMTWIZ_DATADIR");
    char *exe = fs_exe_path();

    if (env && *env && has_help(env)) {
        free(exe);
        return xstrdup(env);
    }
    if (exe) {
        char *slash = strrchr(exe, fs_sep());

        if (slash) {
            *slash = '\0';
            if (has_help(exe))
                return exe;
            char *cand = xasprintf("%s%c..%cassets", exe, fs_sep(), fs_sep());

            if (has_help(cand)) {
                free(exe);
                return cand;
            }
            free(cand);
        }
        free(exe);
    }
#ifdef WIZ_DATADIR
    return xstrdup(WIZ_DATADIR);
#else
    return xstrdup(".");
#endif
}

static int need_value(int argc, char **argv, int i)
{
    if (i + 1 >= argc) {
        fprintf(stderr, "usmtwiz: option '%s' needs a value\n", argv[i]);
        return -1;
    }
    return 0;
}

static bool would_lose(const struct wizard *w)
{
    return w->changed;
}

int cmd_wizard(int argc, char **argv)
{
    struct ui_hooks hooks = {
        .would_lose = would_lose,
        .help_text = wizard_help_text,
        .explain_prompt = screen_explain_prompt,
        /* a screen shown again looks at the disks again (a store made
         * or removed meanwhile) */
        .entering = wizard_disks_changed,
    };
    struct wizard_opts opts;
    struct wizard w;
    struct wiz_err err;
    enum ui_outcome outcome;
    const char *log_path = NULL;
    const struct screen_ops *const *screens;
    size_t n;
    char *data_dir;
    int rc;
    bool plain = false;

    memset(&opts, 0, sizeof(opts));
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return WIZ_EXIT_OK;
        } else if (!strcmp(a, "--simulate")) {
            opts.simulate = true;
        } else if (!strcmp(a, "--plain")) {
            plain = true;
        } else if (!strcmp(a, "--volume-root") || !strcmp(a, "--usmt") ||
                   !strcmp(a, "--preset") || !strcmp(a, "--log") ||
                   !strcmp(a, "--share")) {
            if (need_value(argc, argv, i) < 0)
                return WIZ_EXIT_USAGE;
            const char *v = argv[++i];

            if (!strcmp(a, "--share")) {
                if (share_map(v, &err) < 0) {
                    fprintf(stderr, "usmtwiz: %s\n", err_msg(&err));
                    return WIZ_EXIT_USAGE;
                }
                continue;
            }

            if (!strcmp(a, "--volume-root"))
                opts.volume_root = v;
            else if (!strcmp(a, "--usmt"))
                opts.usmt_dir = v;
            else if (!strcmp(a, "--preset"))
                opts.preset_path = v;
            else
                log_path = v;
        } else {
            fprintf(stderr, "usmtwiz: unknown option '%s'\n", a);
            usage(stderr);
            return WIZ_EXIT_USAGE;
        }
    }
    if (opts.volume_root && !fs_is_dir(opts.volume_root)) {
        fprintf(stderr, "usmtwiz: volume root '%s' is not a folder\n",
                opts.volume_root);
        return WIZ_EXIT_USAGE;
    }
    err_clear(&err);
    if (log_path && log_open(log_path, &err) < 0) {
        fprintf(stderr, "usmtwiz: %s\n", err_msg(&err));
        return WIZ_EXIT_USAGE;
    }
    data_dir = cmd_data_dir();
    opts.data_dir = data_dir;
    wizard_init(&w, &opts);
    if (wizard_load_preset(&w, &err) < 0) {
        fprintf(stderr, "usmtwiz: cannot use preset: %s\n", err_msg(&err));
        wizard_release(&w);
        free(data_dir);
        log_close();
        return WIZ_EXIT_USAGE;
    }
    const char *term = sys_getenv("TERM");

    if (!sys_stdin_is_tty() || !sys_stdout_is_tty() ||
        (term && !strcmp(term, "dumb")))
        plain = true;
    if (w.preset)
        snprintf(w.note, sizeof(w.note), "preset '%s' pre-fills every "
                 "screen", opts.preset_path);
    log_info("wizard: start (volume root %s, usmt %s)",
             opts.volume_root ? opts.volume_root : "(machine)",
             opts.usmt_dir ? opts.usmt_dir : "(none)");
    if (plain) {
        log_info("wizard: plain mode");
        rc = cmd_plain(&w);
        wizard_release(&w);
        free(data_dir);
        log_close();
        return rc;
    }
    screens = screens_all(&n);
    /* a capture an earlier usmtwiz started is still running: follow it */
    struct run_state prev;
    static const struct screen_ops *const resume[] = { &screen_run,
                                                       &screen_result };

    if (wizard_run_find(&prev, w.volume_root ? w.volume_root : "",
                        NULL) == 1) {
        w.run = xcalloc(1, sizeof(*w.run));
        if (wizard_run_attach(w.run, &prev, &err) == 0) {
            log_info("wizard: resuming the run of process %ld", prev.pid);
            snprintf(w.note, sizeof(w.note), "a capture started earlier is "
                     "still running: following it");
            screens = resume;
            n = 2;
        } else {
            free(w.run);
            w.run = NULL;
        }
        run_state_release(&prev);
    }
    hooks.badge = w.simulate ? "simulate" : NULL;
    rc = ui_run(&w, &hooks, screens, n, &outcome, &err);
    if (rc < 0) {
        fprintf(stderr, "usmtwiz: %s\n", err_msg(&err));
        rc = WIZ_EXIT_USAGE;
    } else if (outcome == UI_DONE && w.run && w.run->done) {
        const struct report *r = &w.run->report;
        struct strbuf sb = STRBUF_INIT;

        retcode_one_line(r->rc, &sb);
        printf("usmtwiz: scanstate returned %s\n", sb.buf);
        strbuf_release(&sb);
        if (w.run->verified && w.run->verify.verdict == VERIFY_INCOMPLETE)
            printf("usmtwiz: INCOMPLETE: %zu selected user%s not in the "
                   "store\n", w.run->verify.n_not_captured,
                   w.run->verify.n_not_captured == 1 ? " is" : "s are");
        if (w.run->report_written)
            printf("usmtwiz: report %s%c%s\n", w.run->report_dir, fs_sep(),
                   REPORT_TEXT_NAME);
        else
            printf("usmtwiz: the report could not be written: %s\n",
                   w.run->report_error);
        rc = cmd_run_exit(w.run);
    } else if (outcome == UI_DONE) {
        char *text = wizard_review_text(&w);

        rc = WIZ_EXIT_OK;
        fputs(text, stdout);
        free(text);
    } else {
        log_info("wizard: %s", outcome == UI_INTERRUPTED ? "interrupted" :
                 "quit");
        rc = WIZ_EXIT_FAIL;
    }
    wizard_run_drop(&w);
    wizard_release(&w);
    free(data_dir);
    log_close();
    return rc;
}

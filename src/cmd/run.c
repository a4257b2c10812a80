/*
 * usmtwiz run --preset FILE [--yes] [--ticket NAME=VALUE]...
 *             [--volume-root DIR] [--usmt DIR] [--volume L] [--simulate]
 *             [--technician NAME] [--log FILE]
 * An unattended capture, for refurbishment benches and task sequences:
 * the preset is resolved against this machine through the same model as
 * the wizard (volume, users by rule, places), every rule runs, an error
 * refuses the start, warnings need --yes (or the preset's acknowledgement,
 * or a "y" typed at a terminal), scanstate runs with a plain progress line
 * per phase and per 10 %, and the report goes next to the store.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "cmd.h"
#include "core/run/job.h"
#include "core/plan/plan.h"
#include "core/plan/preset.h"
#include "core/run/report.h"
#include "core/usmt/retcodes.h"
#include "core/offline/users.h"
#include "core/usmt/usmtenv.h"
#include "core/offline/winos.h"
#include "core/session/wizard.h"
#include "core/run/verify.h"
#include "core/session/follow.h"
#include "core/session/wizard_run.h"
#include "platform/fs.h"
#include "platform/share.h"
#include "platform/sys.h"

#define MAX_TICKET 32
#define KEY_MAX 257

#define MAX_NO_FIX 16

struct run_opts {
    const char *preset;
    const char *volume_root;
    const char *usmt;
    const char *log;
    const char *technician;
    char volume;
    bool yes;
    bool fix;
    const char *no_fix[MAX_NO_FIX];   /* rule ids --fix leaves alone */
    size_t n_no_fix;
    bool bak_as_files;
    bool simulate;
    struct preset_field_value ticket[MAX_TICKET];
    size_t n_ticket;
};

static void usage(FILE *out)
{
    fputs("usage: usmtwiz run --preset FILE [--yes] [--fix] [--bak-as-files]\n"
          "                   [--no-fix RULE]... [--ticket NAME=VALUE]...\n"
          "                   [--volume-root DIR] [--usmt DIR] [--volume L]\n"
          "                   [--simulate] [--technician NAME] [--log FILE]\n"
          "                   [--share \\\\SRV\\SHARE=DIR]...\n"
          "\n"
          "An unattended capture: no screens.  The preset is resolved against\n"
          "this machine (the offline Windows, users chosen by the preset's\n"
          "rules, the store path from its template and the ticket fields),\n"
          "every rule is checked, and scanstate runs with one progress line\n"
          "per phase and per 10 %.  The report is written next to the store.\n"
          "\n"
          "  --yes          accept the warnings (errors always stop the run)\n"
          "  --fix          apply every automatic fix the rules offer (such\n"
          "                 as MIG_FAIL_ON_PROFILE_ERROR=0 for a temporary\n"
          "                 profile, or the exclusion of OneDrive files whose\n"
          "                 data is only in the cloud) and say which\n"
          "  --no-fix RULE  --fix leaves that rule's finding as it is (e.g.\n"
          "                 users-cloud-only-files: scanstate logs a read\n"
          "                 error for each cloud-only file instead)\n"
          "  --bak-as-files the real profile of a user Windows gave a TEMP\n"
          "                 profile (its '.bak' entry), which scanstate skips:\n"
          "                 put its folder into the store as files through a\n"
          "                 generated migration XML (/i); files only, no\n"
          "                 settings; nothing is written to the offline volume\n"
          "  --ticket N=V   a ticket field of the preset (customer, job...)\n"
          "  --volume L     the drive letter of the offline Windows, when\n"
          "                 there are several\n"
          "  --simulate     run scanstate-sim instead of scanstate\n"
          "  --share \\\\SRV\\SHARE=DIR  the folder DIR plays that file share\n"
          "                 (practice; in Windows PE connect the share with\n"
          "                 net use before the run)\n"
          "\n"
          "Exit status: 0 captured (scanstate returned 0 or 3 and every\n"
          "selected user is in the store), 1 the rules refused the run or it\n"
          "was cancelled, 2 bad usage or an error before the start,\n"
          "3 scanstate ran and failed (or was killed), 4 INCOMPLETE: scanstate\n"
          "succeeded but a selected user is not in the store, 5 the report\n"
          "could not be written beside the store (it says where it went).\n",
          out);
}

static int parse(int argc, char **argv, struct run_opts *o)
{
    memset(o, 0, sizeof(*o));
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;

        if (!strcmp(a, "--help")) {
            usage(stdout);
            exit(WIZ_EXIT_OK);
        } else if (!strcmp(a, "--yes")) {
            o->yes = true;
        } else if (!strcmp(a, "--fix")) {
            o->fix = true;
        } else if (next && !strcmp(a, "--no-fix")) {
            if (o->n_no_fix == MAX_NO_FIX) {
                fprintf(stderr, "usmtwiz run: more than %d --no-fix\n",
                        MAX_NO_FIX);
                return -1;
            }
            o->no_fix[o->n_no_fix++] = argv[++i];
        } else if (!strcmp(a, "--bak-as-files")) {
            o->bak_as_files = true;
        } else if (!strcmp(a, "--simulate")) {
            o->simulate = true;
        } else if (next && !strcmp(a, "--preset")) {
            o->preset = argv[++i];
        } else if (next && !strcmp(a, "--volume-root")) {
            o->volume_root = argv[++i];
        } else if (next && !strcmp(a, "--usmt")) {
            o->usmt = argv[++i];
        } else if (next && !strcmp(a, "--log")) {
            o->log = argv[++i];
        } else if (next && !strcmp(a, "--technician")) {
            o->technician = argv[++i];
        } else if (next && !strcmp(a, "--share")) {
            struct wiz_err err;

            if (share_map(argv[++i], &err) < 0) {
                fprintf(stderr, "usmtwiz run: %s\n", err.msg);
                return -1;
            }
        } else if (next && !strcmp(a, "--volume")) {
            const char *v = argv[++i];

            if (!((v[0] >= 'A' && v[0] <= 'Z') ||
                  (v[0] >= 'a' && v[0] <= 'z')) ||
                (v[1] && strcmp(v + 1, ":"))) {
                fprintf(stderr, "usmtwiz run: --volume takes a drive letter "
                                "such as D, not '%s'\n", v);
                return -1;
            }
            o->volume = (char)(v[0] & ~0x20);
        } else if (next && !strcmp(a, "--ticket")) {
            const char *kv = argv[++i];
            const char *eq = strchr(kv, '=');

            if (!eq || eq == kv || o->n_ticket == MAX_TICKET) {
                fprintf(stderr, "usmtwiz run: --ticket takes NAME=VALUE, not "
                                "'%s'\n", kv);
                return -1;
            }
            o->ticket[o->n_ticket].name = xstrndup(kv, (size_t)(eq - kv));
            o->ticket[o->n_ticket].value = eq + 1;
            o->n_ticket++;
        } else {
            fprintf(stderr, "usmtwiz run: unknown or incomplete option "
                            "'%s'\n", a);
            return -1;
        }
    }
    if (!o->preset) {
        fputs("usmtwiz run: --preset FILE is required\n", stderr);
        return -1;
    }
    return 0;
}

static const char *ticket_value(const struct run_opts *o, const char *name)
{
    for (size_t i = 0; i < o->n_ticket; i++) {
        if (str_ieq(o->ticket[i].name, name))
            return o->ticket[i].value;
    }
    return NULL;
}

/* Every field the preset asks for: given, asked at a terminal, or refused. */
static int complete_ticket(const struct preset *p, struct run_opts *o,
                           char **asked)
{
    for (size_t i = 0; i < p->n_fields; i++) {
        const struct preset_field *f = &p->fields[i];
        const char *v = ticket_value(o, f->name);
        char line[256];

        if (v && *v)
            continue;
        if (!f->required)
            continue;
        if (!sys_stdin_is_tty() || o->n_ticket == MAX_TICKET) {
            fprintf(stderr, "usmtwiz run: the preset needs the ticket field "
                            "'%s': give --ticket %s=VALUE\n", f->name,
                    f->name);
            return -1;
        }
        printf("%s: ", *f->label ? f->label : f->name);
        fflush(stdout);
        if (sys_read_line(line, sizeof(line)) <= 0) {
            fprintf(stderr, "usmtwiz run: no value for '%s'\n", f->name);
            return -1;
        }
        asked[i] = xstrdup(line);
        o->ticket[o->n_ticket].name = xstrdup(f->name);
        o->ticket[o->n_ticket].value = asked[i];
        o->n_ticket++;
    }
    return 0;
}

/* The one installation to capture: --volume, or the only usable one. */
static int choose(struct wizard *w, char letter, struct wiz_err *err)
{
    size_t found = SIZE_MAX;
    size_t usable = 0;
    struct strbuf list;

    strbuf_init(&list);
    for (size_t r = 0; r < w->n_rows; r++) {
        const struct winvol *vol;
        const struct winos *os;

        wizard_row_get(w, r, &vol, &os);
        if (!os)
            continue;
        strbuf_addf(&list, "\n  %c: %s%s%s", vol->vol.letter ? vol->vol.letter
                                                              : '?',
                    os->friendly ? os->friendly : os->windir,
                    w->rows[r].usable ? "" : " - cannot be used: ",
                    w->rows[r].usable ? "" : (w->rows[r].why_not
                                                  ? w->rows[r].why_not : ""));
        if (letter && vol->vol.letter == letter) {
            /* the first usable one: Windows comes before Windows.old */
            if (found == SIZE_MAX || (!w->rows[found].usable &&
                                      w->rows[r].usable))
                found = r;
        } else if (!letter && w->rows[r].usable) {
            usable++;
            found = r;
        }
    }
    if (letter && found == SIZE_MAX) {
        err_set(err, WIZ_ENOENT, "no Windows installation on %c:%s", letter,
                list.len ? list.buf : "");
    } else if (!letter && usable == 0) {
        err_set(err, WIZ_ENOENT, "no usable Windows installation was "
                                 "found%s", list.len ? list.buf : "");
    } else if (!letter && usable > 1) {
        err_set(err, WIZ_EUSAGE, "several Windows installations; choose one "
                                 "with --volume L:%s", list.buf);
    } else {
        strbuf_release(&list);
        return wizard_choose_row(w, found, err);
    }
    strbuf_release(&list);
    return -1;
}

static int get_key(struct wizard *w)
{
    /* both answers in one buffer, locked in RAM while they are in it */
    char keys[2][KEY_MAX];
    int n;
    int r = -1;

    if (!w->plan.encrypt || w->plan.keyfile)
        return 0;
    sys_lock_memory(keys, sizeof(keys));
    n = sys_read_secret("Encryption key (not shown): ", keys[0], KEY_MAX);
    if (n < 0) {
        fputs("usmtwiz run: the preset asks for an encryption key and there "
              "is no terminal to type it: use a <keyFile> in the preset\n",
              stderr);
        goto out;
    }
    if (sys_read_secret("The same key again: ", keys[1], KEY_MAX) != n ||
        strcmp(keys[0], keys[1])) {
        fputs("usmtwiz run: the two keys differ; nothing was started\n",
              stderr);
        goto out;
    }
    wizard_set_key(w, keys[0]);
    r = 0;
out:
    sys_unlock_memory(keys, sizeof(keys));
    return r;
}

/* Print the findings; returns how many errors and unacknowledged warnings. */
static void print_findings(const struct wizard *w, size_t *errors,
                           size_t *warnings)
{
    struct wizard_finding f[256];
    size_t n = wizard_findings(w, WIZ_PART_ALL, f, 256);

    *errors = 0;
    *warnings = 0;
    for (size_t i = 0; i < n && i < 256; i++) {
        char *msg = utf8_escape_for_terminal(f[i].message);

        printf("%-7s %s: %s%s\n", wizard_sev_name(f[i].sev), f[i].id, msg,
               f[i].acked ? " (acknowledged)" : "");
        if (*f[i].fix)
            printf("        fix: %s\n", f[i].fix);
        if (f[i].sev == WIZ_SEV_ERROR)
            (*errors)++;
        else if (f[i].sev == WIZ_SEV_WARNING && !f[i].acked)
            (*warnings)++;
        free(msg);
    }
}

static void ack_all(struct wizard *w, const struct preset *p, bool all)
{
    struct wizard_finding f[256];
    size_t n = wizard_findings(w, WIZ_PART_ALL, f, 256);

    for (size_t i = 0; i < n && i < 256; i++) {
        if (f[i].sev != WIZ_SEV_WARNING || f[i].acked)
            continue;
        if (all || plan_strv_has(&p->acknowledge, f[i].id))
            wizard_ack(w, f[i].index);
    }
}

/* Apply every automatic fix, one at a time (each changes the findings). */
static void fix_all(struct wizard *w, const struct run_opts *o)
{
    for (int round = 0; round < 64; round++) {
        struct wizard_finding f[256];
        size_t n = wizard_findings(w, WIZ_PART_ALL, f, 256);
        bool fixed = false;

        for (size_t i = 0; i < n && i < 256 && !fixed; i++) {
            struct wiz_err err;

            bool skip = false;

            for (size_t k = 0; k < o->n_no_fix; k++)
                skip = skip || !strcmp(o->no_fix[k], f[i].id);
            if (skip || !f[i].can_fix || f[i].sev == WIZ_SEV_INFO)
                continue;
            char *id = xstrdup(f[i].id);

            if (wizard_fix(w, f[i].index, &err) == 0) {
                printf("fixed   %s\n", id);
                fixed = true;
            }
            free(id);
        }
        if (!fixed)
            return;
    }
}

/*
 * A partial store (killed or cancelled) must not be restored: at a
 * terminal, offer to move it aside; unattended, say how.
 */
static void offer_aside(const struct wizard *w, struct wizard_run *run)
{
    char line[16];
    char *to;
    struct wiz_err err;

    if (!sys_stdin_is_tty()) {
        printf("the store is partial: do not restore it; move it aside "
               "(to %s.incomplete) or delete it\n", w->plan.store_path);
        return;
    }
    printf("Move the partial store aside (to %s.incomplete)? [y/N] ",
           w->plan.store_path);
    fflush(stdout);
    if (sys_read_line(line, sizeof(line)) < 0 ||
        (line[0] != 'y' && line[0] != 'Y'))
        return;
    if (wizard_run_move_aside(w, run, &to, &err) < 0) {
        fprintf(stderr, "usmtwiz run: %s\n", err.msg);
        return;
    }
    printf("moved the partial store to %s\n", to);
    free(to);
}

/* Ctrl+C asks scanstate to stop; a second one kills it. */
static enum follow_answer on_interrupt(void *ctx, bool stopping)
{
    (void)ctx;
    if (stopping)
        return FOLLOW_KILL;
    puts("cancelling: asking scanstate to stop (Ctrl+C again kills it)");
    return FOLLOW_STOP;
}

static int follow(struct wizard *w, struct wizard_run *run)
{
    static const struct follow_ops ops = { cmd_print_lines, on_interrupt };
    struct wiz_err err;
    int r = follow_run(w, run, &ops, NULL, &err);

    if (r < 0)
        fprintf(stderr, "usmtwiz run: %s\n", err.msg);
    return r;
}

int cmd_run(int argc, char **argv)
{
    struct run_opts o;
    struct wizard w;
    struct wiz_err err;
    char *asked[64] = { NULL };
    int code = WIZ_EXIT_USAGE;
    struct wizard_run run;
    bool started = false;

    if (parse(argc, argv, &o) < 0) {
        usage(stderr);
        return WIZ_EXIT_USAGE;
    }
    if (o.log && log_open(o.log, &err) < 0)
        fprintf(stderr, "usmtwiz run: %s\n", err.msg);
    struct wizard_opts wo = { o.volume_root, o.usmt, o.preset, NULL,
                              o.simulate, false };

    wizard_init(&w, &wo);
    if (wizard_load_preset(&w, &err) < 0) {
        fprintf(stderr, "usmtwiz run: %s\n", err.msg);
        goto out;
    }
    if (w.preset->n_fields > 64 || complete_ticket(w.preset, &o, asked) < 0)
        goto out;
    printf("preset: %s\n", w.preset->name ? w.preset->name : o.preset);
    wizard_probe_env(&w, false);
    if (!w.env_ok) {
        fprintf(stderr, "usmtwiz run: %s\n", w.env_error);
        goto out;
    }
    wizard_scan(&w, false);
    if (!w.scan_ok) {
        fprintf(stderr, "usmtwiz run: %s\n", w.scan_error);
        goto out;
    }
    if (choose(&w, o.volume, &err) < 0) {
        fprintf(stderr, "usmtwiz run: %s\n", err.msg);
        goto out;
    }
    if (!w.users_ok) {
        fprintf(stderr, "usmtwiz run: cannot read the users: %s\n",
                w.users_error);
        goto out;
    }
    wizard_set_ticket(&w, o.ticket, o.n_ticket);
    if (wizard_preset_places(&w, &err) < 0) {
        fprintf(stderr, "usmtwiz run: %s\n", err.msg);
        goto out;
    }
    wizard_default_places(&w);
    /* before the rules, which would find its half-written store */
    if (wizard_run_busy(&w, &err)) {
        fprintf(stderr, "usmtwiz run: %s\n", err.msg);
        goto out;
    }
    const struct winos *os = wizard_os(&w);

    printf("offline Windows: %s (%s)\n", os->windir_win,
           os->friendly ? os->friendly : "");
    printf("users: %zu selected by the preset's rules\n",
           wizard_users_selected(&w));
    if (w.users_note[0])
        printf("users: %s\n", w.users_note);
    while (wizard_size_step(&w, 500))
        ;
    if (get_key(&w) < 0)
        goto out;
    /* nothing is written before the rules allow the start: the working
     * folder is made by wizard_run_start (the wizard's own without a
     * word; a preset's template that does not exist is workdir-missing,
     * fixed with --fix or acknowledged with --yes or
     * <acknowledge>workdir-missing</acknowledge>) */
    if (o.bak_as_files) {
        int n = wizard_bak_as_files(&w, &err);

        if (n < 0) {
            fprintf(stderr, "usmtwiz run: %s\n", err.msg);
            goto out;
        }
        printf("bak-as-files: %d '.bak' profile folder%s go%s into the "
               "store as files (files only, no settings)\n", n,
               n == 1 ? "" : "s", n == 1 ? "es" : "");
    }
    if (o.fix)
        fix_all(&w, &o);
    ack_all(&w, w.preset, false);
    size_t errors;
    size_t warnings;

    print_findings(&w, &errors, &warnings);
    if (errors) {
        printf("run: %zu error%s: nothing was started\n", errors,
               errors == 1 ? "" : "s");
        code = WIZ_EXIT_FAIL;
        goto out;
    }
    if (warnings && !o.yes) {
        char line[16];

        if (!sys_stdin_is_tty()) {
            printf("run: %zu warning%s need --yes (or <acknowledge> in the "
                   "preset): nothing was started\n", warnings,
                   warnings == 1 ? "" : "s");
            code = WIZ_EXIT_FAIL;
            goto out;
        }
        printf("Start anyway? [y/N] ");
        fflush(stdout);
        if (sys_read_line(line, sizeof(line)) < 0 ||
            (line[0] != 'y' && line[0] != 'Y')) {
            puts("run: not started");
            code = WIZ_EXIT_FAIL;
            goto out;
        }
    }
    ack_all(&w, w.preset, true);
    if (wizard_blocked(&w, &err)) {
        printf("run: %s: nothing was started\n", err.msg);
        code = WIZ_EXIT_FAIL;
        goto out;
    }
    const char *tech = o.technician ? o.technician
                                    : ticket_value(&o, "technician");
    struct wizard_ticket tk[MAX_TICKET];

    for (size_t i = 0; i < o.n_ticket; i++) {
        tk[i].name = o.ticket[i].name;
        tk[i].value = o.ticket[i].value;
    }
    printf("starting: %s\n", w.plan.store_path);
    sys_signals_install(NULL);
    if (wizard_run_start(&w, &run, "unattended", tech, tk, o.n_ticket,
                         &err) < 0) {
        fprintf(stderr, "usmtwiz run: %s\n", err.msg);
        goto out;
    }
    started = true;
    printf("command: %s\n", wizard_run_display(&run));
    fflush(stdout);
    if (follow(&w, &run) < 0) {
        code = WIZ_EXIT_USAGE;
        goto out;
    }
    {
        struct strbuf sb;

        strbuf_init(&sb);
        if (run.verified) {
            verify_users_text(&run.verify, &sb);
            fputs(sb.buf, stdout);
            strbuf_reset(&sb);
        }
        if (run.report_written && run.report_elsewhere)
            fprintf(stderr, "usmtwiz run: the report could not be written "
                            "beside the store: %s\n", run.report_error);
        if (run.report_written)
            printf("report: %s%c%s%s\n", run.report_dir, fs_sep(),
                   REPORT_TEXT_NAME,
                   run.report_elsewhere ? " (NOT beside the store)" : "");
        else
            fprintf(stderr, "usmtwiz run: the report could not be written "
                            "anywhere: %s\n", run.report_error);
        retcode_one_line(run.report.rc, &sb);
        printf("result: %s\n", sb.buf);
        strbuf_reset(&sb);
        if (run.verified || wizard_run_store_damaged(&run)) {
            wizard_run_verdict_text(&run, &sb);
            printf("verdict: %s", sb.buf);
        }
        if (run.store_checked)
            printf("store check: %s: %s\n",
                   storecheck_verdict_word(run.store_check.verdict),
                   run.store_check.text ? run.store_check.text : "");
        strbuf_release(&sb);
    }
    if (wizard_run_store_partial(&run))
        offer_aside(&w, &run);
    code = cmd_run_exit(&run);
out:
    if (started)
        wizard_run_release(&run);
    wizard_release(&w);
    for (size_t i = 0; i < 64; i++)
        free(asked[i]);
    for (size_t i = 0; i < o.n_ticket; i++)
        free((char *)(uintptr_t)o.ticket[i].name);
    log_close();
    return code;
}

#include "core/session/wizard_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/version.h"
#include "base/xalloc.h"
#include "core/run/capture.h"
#include "core/run/job.h"
#include "core/run/progress.h"
#include "core/usmt/retcodes.h"
#include "core/run/sclog.h"
#include "base/utf.h"
#include "core/plan/offxml.h"
#include "core/plan/plan.h"
#include "core/offline/users.h"
#include "core/session/restore.h"
#include "core/session/wizard.h"
#include "platform/fs.h"
#include "platform/proc.h"
#include "platform/sys.h"

static char *sim_program(void)
{
    char *exe = fs_exe_path();
    char *slash = exe ? strrchr(exe, fs_sep()) : NULL;
    char *p;

    if (!slash) {
        free(exe);
        return xstrdup("scanstate-sim");
    }
    *slash = '\0';
    p = xasprintf("%s%cscanstate-sim%s", exe, fs_sep(),
                  fs_sep() == '\\' ? ".exe" : "");
    free(exe);
    return p;
}

static void fill_base(const struct wizard *w, struct report *r,
                      const char *mode, const char *technician,
                      const struct wizard_ticket *ticket, size_t n_ticket)
{
    const struct winos *os = wizard_os(w);

    r->tool_version = xstrdup(wiz_version);
    r->mode = xstrdup(mode);
    r->computer = xstrdup(os && os->computer_name ? os->computer_name : "");
    r->windows = xstrdup(os && os->friendly ? os->friendly : "");
    r->technician = xstrdup(technician ? technician : "");
    for (size_t i = 0; i < n_ticket; i++)
        report_add_field(r, ticket[i].name, ticket[i].value);
    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];

        if (wizard_user_selected(w, i))
            report_add_user(r, u->sid, u->name, user_kind_name(u->kind),
                            u->sized ? u->size_bytes : 0);
    }
    r->store_path = xstrdup(w->plan.store_path ? w->plan.store_path : "");
    r->store_kind = xstrdup(plan_store_kind_word(w->plan.store_kind));
    struct wizard_finding f[256];
    size_t n = wizard_findings(w, WIZ_PART_ALL, f, 256);

    for (size_t i = 0; i < n && i < 256; i++) {
        if (f[i].sev == WIZ_SEV_INFO)
            continue;
        char *line = xasprintf("%s %s: %s%s", wizard_sev_name(f[i].sev),
                               f[i].id, f[i].message,
                               f[i].acked ? " (acknowledged)" : "");

        report_add_finding(r, line);
        free(line);
    }
}

/*
 * One state file per running capture, named by its installation and store
 * (usmtwiz-run-HASH.state): a second practice volume, or another Windows
 * on the same machine, is not mistaken for it.
 */
#define STATE_PREFIX "usmtwiz-run-"
#define STATE_SUFFIX ".state"
#define STATE_MAX 65536

void run_state_release(struct run_state *st)
{
    free(st->progress);
    free(st->log);
    free(st->store);
    free(st->display);
    free(st->windows);
    free(st->root);
    for (size_t i = 0; i < st->n_users; i++)
        free(st->users[i]);
    free(st->users);
    memset(st, 0, sizeof(*st));
}

/* A field of a "user=" line: names come from hives, so no '|' or EOL. */
static void state_field(struct strbuf *sb, const char *s, bool last)
{
    for (; s && *s; s++)
        strbuf_addch(sb, *s == '|' || *s == '\n' || *s == '\r' ? '_' : *s);
    if (!last)
        strbuf_addch(sb, '|');
}

/* The selected users, one "user=" line each (for attach to verify). */
static void state_users(const struct wizard *w, struct strbuf *sb)
{
    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];
        bool twin = false;

        if (!wizard_user_selected(w, i) || u->kind == USER_TEMP)
            continue;
        for (size_t k = 0; k < w->users.n; k++)
            twin = twin || (w->users.u[k].kind == USER_TEMP &&
                            !strcmp(w->users.u[k].sid, u->sid));
        strbuf_adds(sb, "user=");
        state_field(sb, u->sid, false);
        state_field(sb, user_kind_name(u->kind), false);
        state_field(sb, u->name, false);
        state_field(sb, u->profile_online, false);
        state_field(sb, u->profile_win, false);
        strbuf_addf(sb, "%s%s\n", u->folder_exists ? "f" : "",
                    twin ? "t" : "");
    }
}

static char *state_path_for(const char *windows, const char *store)
{
    uint64_t h = 14695981039346656037ull;   /* FNV-1a */
    const char *parts[] = { windows, "\n", store };

    for (size_t i = 0; i < 3; i++) {
        for (const char *c = parts[i]; *c; c++) {
            h ^= (unsigned char)*c;
            h *= 1099511628211ull;
        }
    }
    char name[64];

    snprintf(name, sizeof(name), STATE_PREFIX "%016llx" STATE_SUFFIX,
             (unsigned long long)h);
    return fs_state_path(name);
}

static void state_write(const struct wizard *w, const struct wizard_run *run,
                        long pid, int64_t started)
{
    const struct winos *os = wizard_os(w);
    const char *windows = os && os->windir ? os->windir : "";
    char *path = state_path_for(windows, run->store_host);
    struct strbuf sb;

    strbuf_init(&sb);
    strbuf_addf(&sb, "usmtwiz-run 1\npid=%ld\nstarted=%lld\n", pid,
                (long long)started);
    strbuf_addf(&sb, "progress=%s\nlog=%s\nstore=%s\ndisplay=%s\n",
                run->progress_host, run->log_host, run->store_host,
                run->cap ? capture_display(run->cap) : "");
    strbuf_addf(&sb, "windows=%s\nroot=%s\n", windows,
                w->volume_root ? w->volume_root : "");
    state_users(w, &sb);
    if (fs_write_file_atomic(path, sb.buf, sb.len, true, NULL) < 0)
        log_warn("run: cannot write '%s'", path);
    strbuf_release(&sb);
    free(path);
}

static int state_read(const char *path, struct run_state *st,
                      struct wiz_err *err)
{
    char *data = NULL;
    size_t len;

    memset(st, 0, sizeof(*st));
    if (fs_read_file(path, STATE_MAX, &data, &len, err) < 0)
        return -1;
    char *save = data;

    if (strncmp(data, "usmtwiz-run 1\n", 14)) {
        err_set(err, WIZ_EFORMAT, "'%s' is not a usmtwiz run state", path);
        free(data);
        return -1;
    }
    for (char *line = data; line && *line;) {
        char *nl = strchr(line, '\n');

        if (nl)
            *nl = '\0';
        char *eq = strchr(line, '=');

        if (eq) {
            *eq = '\0';
            const char *v = eq + 1;
            char **field = !strcmp(line, "progress") ? &st->progress
                           : !strcmp(line, "log")     ? &st->log
                           : !strcmp(line, "store")   ? &st->store
                           : !strcmp(line, "display") ? &st->display
                           : !strcmp(line, "windows") ? &st->windows
                           : !strcmp(line, "root")    ? &st->root
                                                      : NULL;

            if (!strcmp(line, "pid"))
                st->pid = strtol(v, NULL, 10);
            else if (!strcmp(line, "started"))
                st->started = (int64_t)strtoll(v, NULL, 10);
            else if (!strcmp(line, "user") && st->n_users < 4096) {
                st->users = xreallocarray(st->users, st->n_users + 1,
                                          sizeof(*st->users));
                st->users[st->n_users++] = xstrdup(v);
            }
            else if (field && !*field)
                *field = xstrdup(v);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(save);
    return 0;
}

/* What a state file is looked up by; NULL fields do not count. */
struct state_query {
    long pid;               /* remove this process's files, live or not */
    const char *root;       /* recorded for this volume root */
    const char *windows;    /* this installation ... */
    const char *store;      /* ... or this store */
};

static bool same(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

static bool state_matches(const struct state_query *q,
                          const struct run_state *st)
{
    if (q->root && !same(q->root, st->root ? st->root : ""))
        return false;
    if (q->windows || q->store)
        return same(q->windows, st->windows) || same(q->store, st->store);
    return true;
}

/*
 * The first live capture q matches (1, st filled) or none (0).  Files of
 * captures that are over are removed on the way.
 */
static int state_find(const struct state_query *q, struct run_state *st)
{
    char *dir = fs_state_path("");
    struct fs_dir *d;
    const char *name;
    int r = 0;

    memset(st, 0, sizeof(*st));
    if (fs_dir_open(dir, &d, NULL) < 0) {
        free(dir);
        return 0;
    }
    while (r == 0 && fs_dir_next(d, &name, NULL) == 1) {
        if (!str_starts_with(name, STATE_PREFIX) ||
            !str_ends_with(name, STATE_SUFFIX))
            continue;
        char *path = fs_state_path(name);
        struct run_state cand;

        if (state_read(path, &cand, NULL) == 0) {
            if (q->pid ? cand.pid == q->pid
                       : !(cand.pid > 0 && cand.progress &&
                           proc_alive(cand.pid))) {
                fs_remove(path, NULL);
            } else if (!q->pid && state_matches(q, &cand)) {
                *st = cand;
                memset(&cand, 0, sizeof(cand));
                r = 1;
            }
            run_state_release(&cand);
        }
        free(path);
    }
    fs_dir_close(d);
    free(dir);
    return r;
}

static void state_remove(long pid)
{
    struct state_query q = { pid, NULL, NULL, NULL };
    struct run_state st;

    state_find(&q, &st);
}

int wizard_run_find(struct run_state *st, const char *volume_root,
                    struct wiz_err *err)
{
    struct state_query q = { 0, volume_root, NULL,
                             NULL };

    (void)err;
    return state_find(&q, st);
}

int wizard_run_busy(const struct wizard *w, struct wiz_err *err)
{
    const struct winos *os = wizard_os(w);
    char *store = w->plan.store_path ? wizard_host_path(w,
                                                         w->plan.store_path)
                                     : NULL;
    struct state_query q = { 0, NULL, os ? os->windir : NULL, store };
    struct run_state other;
    int r = 0;

    if ((q.windows || q.store) && state_find(&q, &other) == 1) {
        err_set(err, WIZ_EEXIST, "a capture is already running (process "
                                 "%ld); follow it with 'usmtwiz attach %s'",
                other.pid, other.progress);
        run_state_release(&other);
        r = 1;
    }
    free(store);
    return r;
}

int wizard_run_attach(struct wizard_run *run, const struct run_state *st,
                      struct wiz_err *err)
{
    memset(run, 0, sizeof(*run));
    report_init(&run->report);
    if (job_attach(st->progress, st->log, 0, &run->attached, err) < 0)
        return -1;
    run->pid = st->pid;
    run->progress_host = xstrdup(st->progress);
    run->log_host = st->log ? xstrdup(st->log) : NULL;
    run->store_host = st->store ? xstrdup(st->store) : NULL;
    run->display = xstrdup(st->display ? st->display : "");
    if (st->n_users) {
        run->followed = xcalloc(1, sizeof(*run->followed));
        run->followed->users = xcalloc(st->n_users, sizeof(char *));
        for (size_t i = 0; i < st->n_users; i++)
            run->followed->users[i] = xstrdup(st->users[i]);
        run->followed->n_users = st->n_users;
    }
    run->report.tool_version = xstrdup(wiz_version);
    run->report.mode = xstrdup("attach");
    run->report.started = st->started;
    run->report.command = xstrdup(run->display);
    return 0;
}

int wizard_run_start(struct wizard *w, struct wizard_run *run,
                     const char *mode, const char *technician,
                     const struct wizard_ticket *ticket, size_t n_ticket,
                     struct wiz_err *err)
{
    memset(run, 0, sizeof(*run));
    report_init(&run->report);
    if (wizard_run_busy(w, err))
        return -1;
    if (!w->plan.store_path || !w->plan.log_path || !w->plan.progress_path)
        return err_set(err, WIZ_EUSAGE, "the store and log paths are not "
                                        "chosen yet");
    run->progress_host = wizard_host_path(w, w->plan.progress_path);
    run->log_host = wizard_host_path(w, w->plan.log_path);
    run->store_host = wizard_host_path(w, w->plan.store_path);
    if (!run->progress_host || !run->log_host || !run->store_host) {
        wizard_run_release(run);
        return err_set(err, WIZ_EUSAGE, "the store and its logs must be on "
                                        "a volume of this machine ('%s')",
                       w->plan.store_path);
    }
    char *slash = strrchr(run->log_host, fs_sep());
    char *logdir = slash ? xstrndup(run->log_host,
                                    (size_t)(slash - run->log_host))
                         : xstrdup(".");

    run->output_host = fs_join(logdir, "console.txt");
    free(logdir);
    if (w->simulate)
        run->program = sim_program();
    else if (w->env.scanstate_path)
        run->program = xstrdup(w->env.scanstate_path);
    else {
        wizard_run_release(run);
        return err_set(err, WIZ_ENOENT, "there is no scanstate.exe to run "
                                        "(choose the USMT folder)");
    }
    /* the working folder is ours to make, on the store's disk */
    char *work = w->plan.working_dir ? wizard_host_path(w, w->plan.working_dir)
                                     : NULL;

    if (work && !fs_exists(work) && fs_mkdir_p(work, err) < 0) {
        free(work);
        wizard_run_release(run);
        return err_prefix(err, "cannot make the working folder");
    }
    free(work);
    /* /offline:<file> needs the file: written now from the plan */
    if (wizard_write_offline_xml(w, err) < 0) {
        wizard_run_release(run);
        return -1;
    }
    fill_base(w, &run->report, mode, technician, ticket, n_ticket);
    /* the cloud-only files' XML follows the selection as it is now */
    if (wizard_cloud_report(w, &run->report, err) < 0) {
        wizard_run_release(run);
        return -1;
    }

    char *keyfile = w->plan.keyfile ? wizard_host_path(w, w->plan.keyfile)
                                    : NULL;
    struct capture_spec spec = { &w->plan, run->program, w->env.usmt_dir,
                                 w->simulate, w->volume_root,
                                 run->progress_host, run->log_host,
                                 run->output_host, NULL, 0, keyfile };
    int started = capture_start(&spec, &run->cap, err);

    free(keyfile);
    if (started < 0) {
        wizard_run_release(run);
        return -1;
    }
    log_info("run: started %s", capture_display(run->cap));
    run->pid = capture_pid(run->cap);
    state_write(w, run, run->pid, sys_now());
    return 0;
}

/*
 * Write the report beside the store; when that fails (the store's disk is
 * full), in the log folder, then in the working folder, so that it is
 * never lost without a word.  run->report_dir says where it went.
 */
static void write_report(const struct wizard *w, struct wizard_run *run)
{
    char *places[3] = { NULL, NULL, NULL };
    struct wiz_err e;
    char first[sizeof(run->report_error)] = "";

    places[0] = run->store_host ? xstrdup(run->store_host) : NULL;
    if (run->log_host && strrchr(run->log_host, fs_sep()))
        places[1] = xstrndup(run->log_host,
                             (size_t)(strrchr(run->log_host, fs_sep()) -
                                      run->log_host));
    if (w->plan.working_dir)
        places[2] = wizard_host_path(w, w->plan.working_dir);
    for (size_t i = 0; i < 3 && !run->report_written; i++) {
        if (!places[i])
            continue;
        if (fs_mkdir_p(places[i], &e) < 0 ||
            report_write(&run->report, places[i], &e) < 0) {
            log_error("run: %s", e.msg);
            if (!first[0])
                snprintf(first, sizeof(first), "%s", e.msg);
            continue;
        }
        run->report_written = true;
        run->report_elsewhere = i > 0;
        run->report_dir = xstrdup(places[i]);
    }
    snprintf(run->report_error, sizeof(run->report_error), "%s", first);
    for (size_t i = 0; i < 3; i++)
        free(places[i]);
}

/*
 * The loadstate command matching this capture, as `usmtwiz restore` would
 * propose it on a new PC from the capture's report (one builder:
 * restore_line_defaults): the same /i files and Config.xml, the switches
 * of the store kind, /decrypt with the algorithm, /lac for local
 * accounts, /mu to AzureAD\\user@domain for Entra ID users, logs beside
 * the store.  Used by Result and both reports.
 */
static void loadstate_line(const struct wizard_run *run, struct strbuf *sb)
{
    struct restore_facts f;
    struct loadcmd lc;

    restore_facts_init(&f);
    restore_facts_from_report(&f, &run->report);
    loadcmd_init(&lc);
    lc.store = xstrdup(run->report.store_path ? run->report.store_path : "");
    restore_line_defaults(&f, &lc);
    restore_line_display(&lc, "<the same key>", sb);
    loadcmd_release(&lc);
    restore_facts_release(&f);
}

int wizard_run_poll(struct wizard *w, struct wizard_run *run, int timeout_ms,
                    struct wiz_err *err)
{
    if (run->done)
        return 1;
    int r = run->attached ? job_poll(run->attached, timeout_ms, err)
                          : capture_poll(run->cap, timeout_ms, err);

    if (r != 1)
        return r;
    run->done = true;
    if (run->attached) {
        const struct job_status *st = job_status(run->attached);

        run->report.finished = sys_now();
        run->report.rc = st->rc;
        run->report.result = xstrdup(report_result_for_rc(st->rc));
        if (st->progress)
            run->report.ignored_errors = (uint32_t)st->progress->ignored_errors;
        run->report.log_path = run->log_host ? xstrdup(run->log_host)
                                              : NULL;
        run->report.progress_path = xstrdup(run->progress_host);
        if (run->followed && st->rc >= 0 &&
            run_state_verify(run->followed, st->rc, st->progress, st->log,
                             &run->verify) == 0) {
            run->verified = true;
            free(run->report.result);
            run->report.result = xstrdup(
                verify_verdict_word(run->verify.verdict));
        }
        if (!run->store_host || st->rc < 0) {
            state_remove(run->pid);
            return 1;
        }
    } else {
        capture_fill_report(run->cap, &run->report);
        if (w->plan.store_path &&
            (run->report.rc == 0 || run->report.rc == 3)) {
            struct strbuf ls = STRBUF_INIT;

            loadstate_line(run, &ls);
            run->report.loadstate = strbuf_detach(&ls, NULL);
        }
    }
    state_remove(run->pid);
    struct size_result sz;

    if (users_size_path(run->store_host, NULL, NULL, &sz, NULL) == 0)
        run->report.store_bytes = sz.bytes;
    if (w->users_ok && w->plan.sids.n)
        wizard_run_verify(w, run);
    if (run->report.rc == 0 || run->report.rc == 3)
        wizard_run_check_store(w, run);
    write_report(w, run);
    /* after the report, which keeps the findings of the start: the store
     * and the logs are on the disks now */
    wizard_disks_changed(w);
    log_info("run: scanstate ended with %d", run->report.rc);
    return 1;
}

const struct job_status *wizard_run_status(const struct wizard_run *run)
{
    return run->attached ? job_status(run->attached)
                         : capture_status(run->cap);
}

size_t wizard_run_log_tail(const struct wizard_run *run, const char **lines,
                           size_t max)
{
    return run->attached ? job_log_tail(run->attached, lines, max)
                         : capture_log_tail(run->cap, lines, max);
}

int wizard_run_cancel(struct wizard_run *run, bool force, unsigned grace_s,
                      struct wiz_err *err)
{
    if (run->attached) {
        /* not our child: ask it to stop through its process id */
        (void)force;
        (void)grace_s;
        return job_cancel(run->attached, false, 0, err);
    }
    return capture_cancel(run->cap, force, grace_s, err);
}

const char *wizard_run_display(const struct wizard_run *run)
{
    if (run->attached)
        return run->display ? run->display : "";
    return run->cap ? capture_display(run->cap) : "";
}

char *wizard_run_next_steps(const struct wizard *w,
                            const struct wizard_run *run)
{
    const struct plan *p = &w->plan;
    struct strbuf sb;
    int rc = run->report.rc;

    strbuf_init(&sb);
    if (!p->store_path) {
        /* followed after a restart: the plan is not known here */
        strbuf_addf(&sb, "%s\nThe capture report was written beside the "
                         "store; restore with loadstate and the same /i "
                         "files as the capture.\n",
                    rc == 0 || rc == 3 ? "The store is usable."
                                       : "The store is not complete: fix "
                                         "the cause and capture again.");
        return strbuf_detach(&sb, NULL);
    }
    if (wizard_run_store_damaged(run)) {
        strbuf_adds(&sb, "The store does not check out, so do not restore "
                         "it or wipe the old disk: check the store disk "
                         "(another USB port or disk) and capture again");
        if (!p->overwrite)
            strbuf_adds(&sb, " (with overwrite, /o, to replace it)");
        strbuf_adds(&sb, ".\n");
        return strbuf_detach(&sb, NULL);
    }
    if (run->verified && run->verify.verdict == VERIFY_INCOMPLETE)
        strbuf_adds(&sb, "Before the old disk is wiped, capture the users "
                         "marked NOT CAPTURED another way: their data is "
                         "not in this store.\n");
    if (rc != 0 && rc != 3) {
        strbuf_adds(&sb, "The store is not complete: fix the cause and "
                         "capture again");
        if (!p->overwrite)
            strbuf_adds(&sb, " (with overwrite, /o, to replace what was "
                             "written)");
        strbuf_adds(&sb, ".\n");
        return strbuf_detach(&sb, NULL);
    }
    if (rc == 3)
        strbuf_adds(&sb, "Some files were skipped (/c): their names are in "
                         "scanstate.log and the progress log.\n");
    /* a hard-link store never leaves this volume: no "new PC" */
    strbuf_adds(&sb, p->store_kind == PLAN_STORE_HARDLINK ?
                     "On this PC, once Windows is installed again on this "
                     "volume, from the same USMT build, run:\n  " :
                     "On the new PC, from the same USMT build, run:\n  ");
    loadstate_line(run, &sb);
    strbuf_adds(&sb, "\n");
    strbuf_adds(&sb, "Use the same /i files as the capture.\n");
    if (p->store_kind == PLAN_STORE_HARDLINK)
        strbuf_adds(&sb, "Hard-link store: restore on this PC and this "
                         "volume only; do not delete the store, format or "
                         "repartition the volume before loadstate "
                         "succeeds.\n");
    if (p->encrypt)
        strbuf_adds(&sb, "The store is encrypted: without the key it "
                         "cannot be restored.\n");
    return strbuf_detach(&sb, NULL);
}

char *wizard_run_result_text(const struct wizard *w,
                             const struct wizard_run *run)
{
    const struct report *r = &run->report;
    const struct job_status *st = wizard_run_status(run);
    struct strbuf sb;

    strbuf_init(&sb);
    if (wizard_run_store_damaged(run) || run->verified)
        wizard_run_verdict_text(run, &sb);
    else if (r->result && !strcmp(r->result, "cancelled"))
        strbuf_adds(&sb, "Cancelled: the capture was stopped; the store is "
                         "incomplete.\n");
    else if (r->rc == 0)
        strbuf_adds(&sb, "Succeeded: everything selected is in the store.\n");
    else if (r->rc == 3)
        strbuf_adds(&sb, "Succeeded with skipped errors: the store is usable; "
                         "some files could not be read.\n");
    else
        strbuf_adds(&sb, "Failed: the store cannot be used as it is.\n");
    strbuf_adds(&sb, "Return code: ");
    retcode_one_line(r->rc, &sb);
    strbuf_addch(&sb, '\n');
    if (r->rc != 0) {
        const struct retcode *rc = retcode_by_code(r->rc);

        if (rc) {
            retcode_describe(rc, &sb);
            if (sb.len && sb.buf[sb.len - 1] != '\n')
                strbuf_addch(&sb, '\n');
        }
    }
    if (st && st->log) {
        size_t n = 0;
        char **why = sclog_explain(st->log, &n);

        if (n)
            strbuf_adds(&sb, "From scanstate.log:\n");
        for (size_t i = 0; i < n; i++) {
            char *e = utf8_escape_for_terminal(why[i]);

            strbuf_addf(&sb, "  %s\n", e);
            free(e);
            free(why[i]);
        }
        free(why);
    }
    if (st && st->progress && st->progress->n_errors)
        strbuf_addf(&sb, "Errors: %llu skipped, %llu stopped the run.\n",
                    (unsigned long long)st->progress->n_ignored,
                    (unsigned long long)st->progress->n_aborts);
    if (run->verified && !verify_store_usable(run->verify.verdict) &&
        run->verify.verdict != VERIFY_FAILED &&
        run->verify.verdict != VERIFY_NOT_STARTED)
        strbuf_adds(&sb, "The store scanstate left is partial: do not "
                         "restore it; move it aside or delete it before "
                         "capturing again.\n");
    strbuf_addf(&sb, "Store: %s\n", r->store_path ? r->store_path : "");
    if (run->store_checked)
        strbuf_addf(&sb, "Store check: %s: %s\n",
                    storecheck_verdict_word(run->store_check.verdict),
                    run->store_check.text ? run->store_check.text : "");
    if (w->plan.log_path)
        strbuf_addf(&sb, "Log: %s\n", w->plan.log_path);
    if (run->report_written && run->report_elsewhere) {
        strbuf_addf(&sb, "Report: NOT beside the store (%s); written to "
                         "%s%c%s instead\n", run->report_error,
                    run->report_dir, fs_sep(), REPORT_TEXT_NAME);
    } else if (run->report_written && r->store_path && run->store_host &&
        strcmp(r->store_path, run->store_host)) {
        /* a practice volume: the Windows name, then where it is here */
        strbuf_addf(&sb, "Report: %s\\%s\n", r->store_path,
                    REPORT_TEXT_NAME);
        strbuf_addf(&sb, "  on this machine: %s%c%s\n", run->store_host,
                    fs_sep(), REPORT_TEXT_NAME);
    } else if (run->report_written)
        strbuf_addf(&sb, "Report: %s%c%s\n",
                    run->store_host ? run->store_host : "", fs_sep(),
                    REPORT_TEXT_NAME);
    else
        strbuf_addf(&sb, "Report: NOT WRITTEN anywhere: %s\n",
                    run->report_error);
    if (run->verified)
        verify_users_text(&run->verify, &sb);
    return strbuf_detach(&sb, NULL);
}

void wizard_run_release(struct wizard_run *run)
{
    capture_free(run->cap);
    if (run->attached)
        job_free(run->attached);
    free(run->display);
    free(run->program);
    free(run->progress_host);
    free(run->log_host);
    free(run->output_host);
    free(run->store_host);
    free(run->report_dir);
    if (run->followed) {
        run_state_release(run->followed);
        free(run->followed);
    }
    report_release(&run->report);
    verify_result_release(&run->verify);
    storecheck_result_release(&run->store_check);
    memset(run, 0, sizeof(*run));
}

void wizard_run_drop(struct wizard *w)
{
    if (!w->run)
        return;
    /* a running scanstate goes on: `usmtwiz attach` follows it */
    wizard_run_release(w->run);
    free(w->run);
    w->run = NULL;
    wizard_disks_changed(w);
}

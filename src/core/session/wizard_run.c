#include "core/session/wizard_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
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
    r->store_kind = xstrdup(plan_store_kind_name(w->plan.store_kind));
    struct wizard_finding f[256];
    size_t n = wizard_findings(w, WIZ_PART_ALL, f, 256);

    for (size_t i = 0; i < n && i < 256; i++) {
        if (f[i].sev == WIZ_SEV_INFO)
            continue;
        char *line = xasprintf("%s %s: %s%s",
                               f[i].sev == WIZ_SEV_ERROR ? "error"
                                                         : "warning",
                               f[i].id, f[i].message,
                               f[i].acked ? " (acknowledged)" : "");

        report_add_finding(r, line);
        free(line);
    }
}

#define STATE_NAME "usmtwiz-run.state"
#define STATE_MAX 65536

void run_state_release(struct run_state *st)
{
    free(st->progress);
    free(st->log);
    free(st->store);
    free(st->display);
    memset(st, 0, sizeof(*st));
}

static void state_write(const struct wizard_run *run, long pid,
                        int64_t started)
{
    char *path = fs_state_path(STATE_NAME);
    struct strbuf sb;

    strbuf_init(&sb);
    strbuf_addf(&sb, "usmtwiz-run 1\npid=%ld\nstarted=%lld\n", pid,
                (long long)started);
    strbuf_addf(&sb, "progress=%s\nlog=%s\nstore=%s\ndisplay=%s\n",
                run->progress_local, run->log_local, run->store_local,
                run->cap ? capture_display(run->cap) : "");
    if (fs_write_file_atomic(path, sb.buf, sb.len, true, NULL) < 0)
        log_warn("run: cannot write '%s'", path);
    strbuf_release(&sb);
    free(path);
}

static void state_remove(long pid)
{
    struct run_state st;
    char *path = fs_state_path(STATE_NAME);

    /* only our own record: another usmtwiz may have a newer one */
    memset(&st, 0, sizeof(st));
    if (wizard_run_find(&st, NULL) >= 0 && (st.pid == pid || !st.pid))
        fs_remove(path, NULL);
    run_state_release(&st);
    free(path);
}

int wizard_run_find(struct run_state *st, struct wiz_err *err)
{
    char *path = fs_state_path(STATE_NAME);
    char *data = NULL;
    size_t len;

    memset(st, 0, sizeof(*st));
    if (!fs_exists(path)) {
        free(path);
        return 0;
    }
    if (fs_read_file(path, STATE_MAX, &data, &len, err) < 0) {
        free(path);
        return -1;
    }
    char *save = data;

    if (strncmp(data, "usmtwiz-run 1\n", 14)) {
        err_set(err, WIZ_EFORMAT, "'%s' is not a usmtwiz run state", path);
        free(data);
        free(path);
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

            if (!strcmp(line, "pid"))
                st->pid = strtol(v, NULL, 10);
            else if (!strcmp(line, "started"))
                st->started = (int64_t)strtoll(v, NULL, 10);
            else if (!strcmp(line, "progress"))
                st->progress = xstrdup(v);
            else if (!strcmp(line, "log"))
                st->log = xstrdup(v);
            else if (!strcmp(line, "store"))
                st->store = xstrdup(v);
            else if (!strcmp(line, "display"))
                st->display = xstrdup(v);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(save);
    if (st->pid > 0 && st->progress && proc_alive(st->pid)) {
        free(path);
        return 1;
    }
    run_state_release(st);
    fs_remove(path, NULL);      /* stale: that capture is over */
    free(path);
    return 0;
}

int wizard_run_attach(struct wizard_run *run, const struct run_state *st,
                      struct wiz_err *err)
{
    memset(run, 0, sizeof(*run));
    report_init(&run->report);
    if (job_attach(st->progress, st->log, 0, &run->attached, err) < 0)
        return -1;
    run->pid = st->pid;
    run->progress_local = xstrdup(st->progress);
    run->log_local = st->log ? xstrdup(st->log) : NULL;
    run->store_local = st->store ? xstrdup(st->store) : NULL;
    run->display = xstrdup(st->display ? st->display : "");
    run->report.tool_version = xstrdup(wiz_version);
    run->report.mode = xstrdup("attach");
    run->report.started = st->started;
    run->report.command = xstrdup(run->display);
    return 0;
}

int wizard_write_offline_xml(struct wizard *w, struct wiz_err *err)
{
    if (w->plan.offline_mode != PLAN_OFFLINE_XML || !w->plan.offline_xml)
        return 0;
    char *xml = wizard_local_path(w, w->plan.offline_xml);
    struct offxml x;
    int r = -1;

    if (!xml)
        return err_set(err, WIZ_EUSAGE, "offline.xml '%s' is not on a volume "
                                        "of this machine",
                       w->plan.offline_xml);
    offxml_init(&x);
    offxml_from_plan(&x, &w->plan);
    char *dir = xstrdup(xml);
    char *sl = strrchr(dir, fs_sep());

    if (sl)
        *sl = '\0';
    r = (sl && fs_mkdir_p(dir, err) < 0) ? -1 : offxml_write(xml, &x, err);
    free(dir);
    offxml_release(&x);
    free(xml);
    return r < 0 ? err_prefix(err, "cannot write offline.xml") : 0;
}

int wizard_run_start(struct wizard *w, struct wizard_run *run,
                     const char *mode, const char *technician,
                     const struct wizard_ticket *ticket, size_t n_ticket,
                     struct wiz_err *err)
{
    struct run_state other;

    memset(run, 0, sizeof(*run));
    report_init(&run->report);
    if (wizard_run_find(&other, NULL) == 1) {
        err_set(err, WIZ_EEXIST, "a capture is already running (process "
                                 "%ld); follow it with 'usmtwiz attach %s'",
                other.pid, other.progress);
        run_state_release(&other);
        return -1;
    }
    if (!w->plan.store_path || !w->plan.log_path || !w->plan.progress_path)
        return err_set(err, WIZ_EUSAGE, "the store and log paths are not "
                                        "chosen yet");
    run->progress_local = wizard_local_path(w, w->plan.progress_path);
    run->log_local = wizard_local_path(w, w->plan.log_path);
    run->store_local = wizard_local_path(w, w->plan.store_path);
    if (!run->progress_local || !run->log_local || !run->store_local) {
        wizard_run_release(run);
        return err_set(err, WIZ_EUSAGE, "the store and its logs must be on "
                                        "a volume of this machine ('%s')",
                       w->plan.store_path);
    }
    char *slash = strrchr(run->log_local, fs_sep());
    char *logdir = slash ? xstrndup(run->log_local,
                                    (size_t)(slash - run->log_local))
                         : xstrdup(".");

    run->output_local = fs_join(logdir, "console.txt");
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
    char *work = w->plan.working_dir ? wizard_local_path(w, w->plan.working_dir)
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

    struct capture_spec spec = { &w->plan, run->program, w->env.usmt_dir,
                                 w->simulate, w->volume_root,
                                 run->progress_local, run->log_local,
                                 run->output_local, NULL, 0 };

    if (capture_start(&spec, &run->cap, err) < 0) {
        wizard_run_release(run);
        return -1;
    }
    log_info("run: started %s", capture_display(run->cap));
    run->pid = capture_pid(run->cap);
    state_write(run, run->pid, sys_now());
    return 0;
}

/*
 * The loadstate command matching the plan: the same /i files and
 * Config.xml, /hardlink /nocompress or /nocompress for the store kind,
 * /decrypt for an encrypted store, /mu for each Entra ID user (the account
 * the new PC signs in with is not known here), /lac.  One line, used by
 * Result and both reports.
 */
static void loadstate_line(const struct wizard *w, struct strbuf *sb)
{
    const struct plan *p = &w->plan;

    strbuf_adds(sb, "loadstate.exe ");
    strbuf_adds(sb, p->store_path);
    for (size_t i = 0; i < p->xml_files.n; i++)
        strbuf_addf(sb, " /i:%s", p->xml_files.items[i]);
    if (p->config_path)
        strbuf_addf(sb, " /config:%s", p->config_path);
    if (p->store_kind == PLAN_STORE_HARDLINK)
        strbuf_adds(sb, " /hardlink /nocompress");
    else if (p->store_kind == PLAN_STORE_UNCOMPRESSED)
        strbuf_adds(sb, " /nocompress");
    if (p->encrypt)
        strbuf_addf(sb, " /decrypt%s%s /keyfile:<the same key>",
                    p->encrypt_alg ? ":" : "",
                    p->encrypt_alg ? p->encrypt_alg : "");
    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];

        if (u->kind == USER_ENTRA && wizard_user_selected(w, i))
            strbuf_addf(sb, " /mu:%s:AzureAD\\<user>",
                        u->account && *u->account ? u->account : u->sid);
    }
    strbuf_adds(sb, " /c /lac /v:5 /l:loadstate.log");
}

int wizard_run_poll(struct wizard *w, struct wizard_run *run, int timeout_ms,
                    struct wiz_err *err)
{
    (void)w;
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
        run->report.log_path = run->log_local ? xstrdup(run->log_local)
                                              : NULL;
        run->report.progress_path = xstrdup(run->progress_local);
        if (!run->store_local || st->rc < 0) {
            state_remove(run->pid);
            return 1;
        }
    } else {
        capture_fill_report(run->cap, &run->report);
        if (w->plan.store_path &&
            (run->report.rc == 0 || run->report.rc == 3)) {
            struct strbuf ls = STRBUF_INIT;

            loadstate_line(w, &ls);
            run->report.loadstate = strbuf_detach(&ls, NULL);
        }
    }
    state_remove(run->pid);
    struct size_result sz;

    if (users_size_path(run->store_local, NULL, NULL, &sz, NULL) == 0)
        run->report.store_bytes = sz.bytes;
    struct wiz_err e;

    if (fs_mkdir_p(run->store_local, &e) < 0 ||
        report_write(&run->report, run->store_local, &e) < 0) {
        snprintf(run->report_error, sizeof(run->report_error), "%s", e.msg);
        log_error("run: %s", e.msg);
    } else {
        run->report_written = true;
    }
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
    loadstate_line(w, &sb);
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
    if (r->result && !strcmp(r->result, "cancelled"))
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
    strbuf_addf(&sb, "Store: %s\n", r->store_path ? r->store_path : "");
    if (w->plan.log_path)
        strbuf_addf(&sb, "Log: %s\n", w->plan.log_path);
    if (run->report_written && r->store_path && run->store_local &&
        strcmp(r->store_path, run->store_local)) {
        /* a practice volume: the Windows name, then where it is here */
        strbuf_addf(&sb, "Report: %s\\%s\n", r->store_path,
                    REPORT_TEXT_NAME);
        strbuf_addf(&sb, "  on this machine: %s%c%s\n", run->store_local,
                    fs_sep(), REPORT_TEXT_NAME);
    } else if (run->report_written)
        strbuf_addf(&sb, "Report: %s%c%s\n",
                    run->store_local ? run->store_local : "", fs_sep(),
                    REPORT_TEXT_NAME);
    else
        strbuf_addf(&sb, "Report: not written: %s\n", run->report_error);
    return strbuf_detach(&sb, NULL);
}

void wizard_run_release(struct wizard_run *run)
{
    capture_free(run->cap);
    if (run->attached)
        job_free(run->attached);
    free(run->display);
    free(run->program);
    free(run->progress_local);
    free(run->log_local);
    free(run->output_local);
    free(run->store_local);
    report_release(&run->report);
    memset(run, 0, sizeof(*run));
}

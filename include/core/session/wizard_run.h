#ifndef WIZ_CORE_WIZARD_RUN_H
#define WIZ_CORE_WIZARD_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/run/report.h"

/*
 * Running the plan of a wizard model: the same start, follow and report
 * for the Run and Result screens, `usmtwiz run` and the plain mode.
 * Paths scanstate gets are Windows paths; the ones here are for us.
 */

struct wiz_err;
struct wizard;
struct capture;
struct job_status;

struct wizard_run {
    struct capture *cap;
    struct job *attached;   /* following a run an earlier usmtwiz started */
    char *display;          /* attached: the command line, as recorded */
    long pid;               /* attached: scanstate's process id */
    char *program;          /* scanstate.exe or scanstate-sim */
    char *progress_local;
    char *log_local;
    char *output_local;     /* scanstate's console output */
    char *store_local;      /* the store folder: the report goes here */
    bool done;
    bool report_written;
    char report_error[512];
    struct report report;   /* filled when done */
};

/*
 * Where things go for us, and start.  mode ("wizard", "unattended",
 * "plain"), technician and ticket fields go into the report.  Nothing is
 * started when the store, log or program cannot be placed.
 */
struct wizard_ticket {
    const char *name;
    const char *value;
};
/*
 * Release and free the model's run (w->run, NULL afterwards); a running
 * scanstate goes on (`usmtwiz attach` follows it).  Call it before
 * wizard_release, which does not know the run.
 */
void wizard_run_drop(struct wizard *w);
int wizard_run_start(struct wizard *w, struct wizard_run *run,
                     const char *mode, const char *technician,
                     const struct wizard_ticket *ticket, size_t n_ticket,
                     struct wiz_err *err);
/*
 * Poll (see job_poll).  When the run ends the report is filled and
 * written next to the store; returns 1 then (and from then on).
 */
int wizard_run_poll(struct wizard *w, struct wizard_run *run, int timeout_ms,
                    struct wiz_err *err);
const struct job_status *wizard_run_status(const struct wizard_run *run);
size_t wizard_run_log_tail(const struct wizard_run *run, const char **lines,
                           size_t max);
/* Ask scanstate to stop (it is killed after grace_s); force kills now. */
int wizard_run_cancel(struct wizard_run *run, bool force, unsigned grace_s,
                      struct wiz_err *err);
const char *wizard_run_display(const struct wizard_run *run);
/*
 * What to do next, for people: the loadstate command for the destination
 * (same /i set, /hardlink /nocompress for a hard-link store, /decrypt for
 * an encrypted one) and cautions.  Caller frees.
 */
char *wizard_run_next_steps(const struct wizard *w,
                            const struct wizard_run *run);
/*
 * How the run ended, for people (the Result screen and the plain mode):
 * a verdict line, the return code explained, the cause found in
 * scanstate.log, error counts, and where the store, log and report are.
 * Caller frees.
 */
char *wizard_run_result_text(const struct wizard *w,
                             const struct wizard_run *run);
void wizard_run_release(struct wizard_run *run);

/*
 * While a capture runs, usmtwiz keeps a small state file in the
 * temporary area (fs_state_path("usmtwiz-run.state")): scanstate's process
 * id, the progress log, scanstate.log, the store and the command line.  A
 * usmtwiz that starts while that process still runs follows it instead of
 * starting another capture (the wizard resumes its Run screen).
 */
struct run_state {
    long pid;
    char *progress;         /* for us */
    char *log;
    char *store;
    char *display;
    int64_t started;
};

/*
 * Read the state file.  Returns 1 when a capture recorded there is still
 * running (st filled; release with run_state_release), 0 when there is
 * none (a stale file is removed), -1 when it cannot be read.
 */
int wizard_run_find(struct run_state *st, struct wiz_err *err);
void run_state_release(struct run_state *st);
/* Follow the capture st describes (the Run screen, `usmtwiz` on start). */
int wizard_run_attach(struct wizard_run *run, const struct run_state *st,
                      struct wiz_err *err);

#endif

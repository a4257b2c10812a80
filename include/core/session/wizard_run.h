#ifndef WIZ_CORE_WIZARD_RUN_H
#define WIZ_CORE_WIZARD_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/run/report.h"
#include "core/run/storecheck.h"
#include "core/run/verify.h"

/*
 * Running the plan of a wizard model: the same start, follow and report
 * for the Run and Result screens, `usmtwiz run` and the plain mode.
 * Paths scanstate gets are Windows paths; the ones here are for us.
 */

struct wiz_err;
struct wizard;
struct capture;
struct job_status;
struct progress_state;
struct sclog_state;

struct run_state;

struct wizard_run {
    struct capture *cap;
    struct job *attached;   /* following a run an earlier usmtwiz started */
    char *display;          /* attached: the command line, as recorded */
    long pid;               /* attached: scanstate's process id */
    char *program;          /* scanstate.exe or scanstate-sim */
    char *progress_host;
    char *log_host;
    char *output_host;     /* scanstate's console output */
    char *store_host;      /* the store folder: the report goes here */
    bool done;
    bool report_written;
    char report_error[512];
    char *report_dir;       /* where the report went (for us), or NULL */
    bool report_elsewhere;  /* not beside the store: it could not go there */
    struct report report;   /* filled when done */
    bool verified;          /* verify holds the per-user reconciliation */
    struct verify_result verify;
    struct run_state *followed; /* attached: what the starter recorded */
    bool store_checked;     /* store_check holds the check of the store */
    struct storecheck_result store_check;
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
 * The real profile of a user Windows gave a TEMP profile is the '.bak'
 * ProfileList entry; scanstate skips that user (rc 26, or left out with
 * MIG_FAIL_ON_PROFILE_ERROR=0).  With the technician's consent, its
 * folder can go into the store as files: wizard_bak_as_files writes a
 * migration XML (BAK_XML_NAME, beside the logs, never on the offline
 * volume) that includes each such folder and adds it to the plan's /i
 * set.  Files only: the user's settings (NTUSER.DAT as settings) are not
 * migrated.  Returns how many profiles it covers (0: none, nothing
 * written), -1 with err when the XML cannot be written.
 */
#define BAK_XML_NAME "usmtwiz-bak-files.xml"
int wizard_bak_as_files(struct wizard *w, struct wiz_err *err);
/*
 * Is a user scanstate will skip this way selected (its '.bak' profile
 * has a TEMP twin)?  Its name goes into name (borrowed) when it is.
 */
bool wizard_bak_selected(const struct wizard *w, const char **name);
/* Does the plan carry that XML (its users are captured as files)? */
bool wizard_bak_as_files_on(const struct wizard *w);
/*
 * Is the store of an ended run partial (killed, crashed or cancelled),
 * one that must not be restored?
 */
bool wizard_run_store_partial(const struct wizard_run *run);
/*
 * Move the partial store of an ended run aside, to "<store>.incomplete"
 * (".incomplete-2", ... when taken), so that nobody restores it and a new
 * capture starts clean.  Refused for a hard-link store (its folder is on
 * the offline volume: remove it with usmtutils /rd).  *to gets the new
 * place (for us; caller frees).
 */
int wizard_run_move_aside(const struct wizard *w, struct wizard_run *run,
                          char **to, struct wiz_err *err);
/*
 * After the run: reconcile each selected user of w with what scanstate
 * did (core/run/verify) into run->verify, and put the per-user result,
 * the real people not selected and the verdict ("incomplete", "killed"...)
 * into run->report.  Called by wizard_run_poll when the run ends.
 */
void wizard_run_verify(const struct wizard *w, struct wizard_run *run);
/*
 * After a capture that succeeded (rc 0 or 3): check the store
 * (core/run/storecheck: usmtutils /verify when the USMT folder has it,
 * else our own reading) into run->store_check and the report.  A store
 * that does not check out makes the capture incomplete: the report's
 * result, the verdict and the exit status say so.  Called by
 * wizard_run_poll when the run ends, for every front-end.
 */
void wizard_run_check_store(const struct wizard *w, struct wizard_run *run);
/* Did the check find the store damaged? */
bool wizard_run_store_damaged(const struct wizard_run *run);
/*
 * The verdict line of a verified run (verify_verdict_text), or, when the
 * store does not check out, the incomplete line that says so.
 */
void wizard_run_verdict_text(const struct wizard_run *run, struct strbuf *sb);

/*
 * While a capture runs, usmtwiz keeps a small state file in the
 * temporary area (fs_state_path("usmtwiz-run-HASH.state"), named by the
 * installation and the store): scanstate's process id, the progress log,
 * scanstate.log, the store, the command line, the installation and the
 * volume root.  A usmtwiz that starts while that process still runs
 * follows it instead of starting another capture (the wizard resumes its
 * Run screen); another installation or volume root is not mistaken for it.
 */
struct run_state {
    long pid;
    char *progress;         /* for us */
    char *log;
    char *store;
    char *display;
    char *windows;          /* the installation's folder, for us */
    char *root;             /* --volume-root, "" for this machine */
    int64_t started;
    char **users;           /* the selected users: "SID|kind|name|profile
                               as Windows saw it|as Windows PE sees it|
                               flags" (flags: f folder exists, t a TEMP
                               twin); n_users of them */
    size_t n_users;
};

/*
 * Find a capture recorded for volume_root ("" this machine, NULL any
 * volume root: attach follows a progress log wherever it was) that is
 * still running.  Returns 1 (st filled; release with run_state_release) or
 * 0 when there is none; files of captures that are over are removed.
 */
int wizard_run_find(struct run_state *st, const char *volume_root,
                    struct wiz_err *err);
/*
 * 1 with err set ("a capture is already running ...") when a capture of
 * w's installation, or into w's store, still runs; 0 otherwise.
 */
int wizard_run_busy(const struct wizard *w, struct wiz_err *err);
void run_state_release(struct run_state *st);
/*
 * Reconcile a capture followed through its files (attach) with the users
 * st recorded: rc from the progress log's last record.  Returns 0 with
 * out filled (release with verify_result_release), -1 when st records no
 * users (an older usmtwiz, or another tool started scanstate).
 */
int run_state_verify(const struct run_state *st, int rc,
                     const struct progress_state *progress,
                     const struct sclog_state *log,
                     struct verify_result *out);
/*
 * The same for a capture no run state records (another tool started
 * scanstate, or the state is gone): the users are the "/ui:<SID>*" of
 * scanstate's command line as the progress log's header (else
 * scanstate.log) recorded it, checked against scanstate.log.  When log is
 * NULL, the /l file of that command line is read, its Windows path mapped
 * through the volumes under volume_root (NULL: this machine's); a usmtwiz
 * report beside the store (a capture that ended) gives the users' names
 * and kinds.  Returns
 * 0 with out filled (release with verify_result_release); -1 with err
 * saying why no user can be checked: no command line recorded, users not
 * chosen by SID, or no scanstate.log (the progress log names users, not
 * SIDs).
 */
int run_cmdline_verify(int rc, const struct progress_state *progress,
                       const struct sclog_state *log,
                       const char *volume_root, struct verify_result *out,
                       struct wiz_err *err);
/* Follow the capture st describes (the Run screen, `usmtwiz` on start). */
int wizard_run_attach(struct wizard_run *run, const struct run_state *st,
                      struct wiz_err *err);

#endif

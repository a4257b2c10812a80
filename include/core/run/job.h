#ifndef WIZ_CORE_JOB_H
#define WIZ_CORE_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A scanstate run being followed: the child process (or, for attach, only
 * its files), its progress log and its scanstate.log.  No threads: the
 * caller polls (the Run screen from its tick, `run` in a loop), and each
 * poll reads only the bytes that are new.  Used by the Run screen,
 * `usmtwiz run` and `usmtwiz attach`.
 */

struct wiz_err;
struct progress_state;
struct sclog_state;
struct job;

struct job_spec {
    const char *program;        /* scanstate.exe or scanstate-sim, for us */
    char *const *argv;          /* argv[0] included, NULL-terminated */
    char *const *envp;          /* the child's whole environment */
    const char *cwd;            /* NULL = ours */
    const char *progress_path;  /* the /progress file for us, or NULL */
    const char *log_path;       /* the /l file for us, or NULL */
    const char *output_path;    /* console output goes here, or NULL */
    unsigned stall_after_s;     /* no progress this long = stalled; 0=300 */
};

enum job_phase {
    JOB_RUNNING,
    JOB_CANCELLING,     /* asked to stop; killed after a grace period */
    JOB_DONE,
};

struct job_status {
    enum job_phase phase;
    bool attached;              /* following a process we did not start */
    bool cancel_requested;
    int rc;                     /* exit code when done, -1 before */
    bool signalled;             /* the child was killed by a signal */
    uint64_t elapsed_ms;
    uint64_t since_progress_ms; /* since the progress log last changed */
    bool stalled;
    int remaining_s;            /* estimate, -1 when unknown */
    const struct progress_state *progress;  /* NULL without a progress log */
    const struct sclog_state *log;          /* NULL without a log */
};

/* Start the child.  On success *out is owned: free with job_free. */
int job_start(const struct job_spec *spec, struct job **out,
              struct wiz_err *err);
/*
 * Follow a scanstate started elsewhere through its progress log (and log,
 * may be NULL).  The job is done when the progress log's final errorCode
 * record arrives.
 */
int job_attach(const char *progress_path, const char *log_path,
               unsigned stall_after_s, struct job **out,
               struct wiz_err *err);
/*
 * Wait up to timeout_ms for the child to end, then read what is new in the
 * logs.  Returns 1 when the job is done, 0 while it runs, -1 on an error
 * that stops following (a log that cannot be read is not such an error:
 * it is retried at the next poll).
 */
int job_poll(struct job *job, int timeout_ms, struct wiz_err *err);
/* Borrowed; valid until the next job_poll or job_free. */
const struct job_status *job_status(const struct job *job);
/* Last lines of scanstate.log (borrowed, oldest first). */
size_t job_log_tail(const struct job *job, const char **lines, size_t max);
/*
 * Ask the child to stop (Ctrl+C / SIGINT to its group).  If it is still
 * running after grace_s seconds, job_poll kills it.  force kills now.
 * For an attached job this only stops following.
 */
int job_cancel(struct job *job, bool force, unsigned grace_s,
               struct wiz_err *err);
/* The child's process id; 0 for an attached job. */
long job_pid(const struct job *job);
void job_free(struct job *job);

/* "12:34" or "1:02:03" for a duration in seconds (buf >= 16). */
char *job_format_duration(int64_t seconds, char *buf, size_t size);

#endif

#ifndef WIZ_CORE_CAPTURE_H
#define WIZ_CORE_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * One capture from start to report, shared by the Run screen, `usmtwiz
 * run` and the plain mode: the key file written just before the start and
 * wiped after the end, the old progress log and scanstate.log moved aside,
 * scanstate (or scanstate-sim) started with the plan's argv and
 * environment, followed through a job, and the facts of the run put into a
 * report.  The key is only ever in the plan (memory) and in the private key
 * file while scanstate runs.
 */

struct wiz_err;
struct plan;
struct report;
struct job_status;
struct capture;

struct capture_spec {
    const struct plan *plan;
    const char *program;        /* scanstate.exe or scanstate-sim, for us */
    const char *cwd;            /* the USMT folder (relative /i), or NULL */
    bool simulated;             /* program is scanstate-sim */
    const char *volume_root;    /* practice volumes for the simulator */
    const char *progress_host; /* the plan's /progress file, for us */
    const char *log_host;      /* the plan's /l file, for us */
    const char *output_host;   /* scanstate's console output, for us */
    char *const *extra_env;     /* more "K=V" for the child, or NULL */
    unsigned stall_after_s;     /* 0 = 300 */
    const char *keyfile_host;  /* the plan's /keyfile, for us: its
                                   fingerprint goes into the report */
};

/*
 * Prepare and start.  Fails before anything started when the key file,
 * the log folders or the child cannot be made; nothing is left behind
 * (the key file is wiped on every failure path).
 */
int capture_start(const struct capture_spec *spec, struct capture **out,
                  struct wiz_err *err);
/* As job_poll; when the run ends the key file is wiped at once. */
int capture_poll(struct capture *c, int timeout_ms, struct wiz_err *err);
const struct job_status *capture_status(const struct capture *c);
/* Last lines of scanstate.log (borrowed). */
size_t capture_log_tail(const struct capture *c, const char **lines,
                        size_t max);
/* Ask scanstate to stop; killed after grace_s (0 = 30 s). */
int capture_cancel(struct capture *c, bool force, unsigned grace_s,
                   struct wiz_err *err);
/*
 * Put what the run knows into r: command (display form), environment,
 * start and end, return code and its symbol, result word, ignored errors,
 * MB to transfer, log paths and the key's fingerprint.  The caller adds
 * machine, users, ticket and store facts.
 */
void capture_fill_report(const struct capture *c, struct report *r);
/* The command line as shown to people (key hidden); borrowed. */
const char *capture_display(const struct capture *c);
/* The child's process id. */
long capture_pid(const struct capture *c);
/* Wipes the key file if still there, frees everything; the child runs on. */
void capture_free(struct capture *c);

/*
 * A short fingerprint of a key (16 hex digits of SHA-256 over a fixed
 * prefix and the key): shows which key a store needs without holding it.
 */
void capture_key_fingerprint(const char *key, char out[17]);

#endif

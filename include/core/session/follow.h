#ifndef WIZ_CORE_SESSION_FOLLOW_H
#define WIZ_CORE_SESSION_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The one follow loop of the line-oriented front-ends (plain mode, `run`
 * and `restore`): poll the run, turn its status into progress lines, and
 * let the front-end decide what an interrupt (Ctrl+C) means.
 */

struct wiz_err;
struct wizard;
struct wizard_run;
struct job_status;
struct restore_session;

/* What the front-end wants done about an interrupt. */
enum follow_answer {
    FOLLOW_GO_ON,           /* keep going */
    FOLLOW_STOP,            /* ask the tool to stop (killed after 30 s) */
    FOLLOW_KILL,            /* stop it at once */
};

struct follow_ops {
    /* Progress lines due now (text not NUL-terminated, len > 0). */
    void (*lines)(void *ctx, const char *text, size_t len);
    /*
     * The technician interrupted; stopping says a stop was asked for
     * already.
     */
    enum follow_answer (*interrupted)(void *ctx, bool stopping);
};

/* A run to follow: a capture or a restore. */
struct follow_target {
    void *run;
    /* as job_poll: 1 ended, 0 running, -1 following failed */
    int (*poll)(void *run, int timeout_ms, struct wiz_err *err);
    const struct job_status *(*status)(void *run);
    void (*cancel)(void *run, bool force, unsigned grace_s);
    const char *tool;       /* "scanstate", "loadstate" */
    const char *user_verb;  /* "collecting", "restoring" */
};

/* Follow t until it ends: 1 when it ended, -1 with err when following
 * failed. */
int follow_target_run(const struct follow_target *t,
                      const struct follow_ops *ops, void *ctx,
                      struct wiz_err *err);

/*
 * Follow a capture until it ends: 1 when it ended (its report is filled),
 * -1 with err when following failed.
 */
int follow_run(struct wizard *w, struct wizard_run *run,
               const struct follow_ops *ops, void *ctx, struct wiz_err *err);

/* Follow a restore until it ends (as follow_run). */
int follow_restore(struct restore_session *s, const struct follow_ops *ops,
                   void *ctx, struct wiz_err *err);

#endif

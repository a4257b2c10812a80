#ifndef WIZ_CORE_SESSION_FOLLOW_H
#define WIZ_CORE_SESSION_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The one follow loop of the line-oriented front-ends (plain mode and
 * `run`): poll the capture, turn its status into progress lines, and let
 * the front-end decide what an interrupt (Ctrl+C) means.
 */

struct wiz_err;
struct wizard;
struct wizard_run;

/* What the front-end wants done about an interrupt. */
enum follow_answer {
    FOLLOW_GO_ON,           /* keep capturing */
    FOLLOW_STOP,            /* ask scanstate to stop (killed after 30 s) */
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

/*
 * Follow run until it ends: 1 when it ended (its report is filled), -1
 * with err when following failed.
 */
int follow_run(struct wizard *w, struct wizard_run *run,
               const struct follow_ops *ops, void *ctx, struct wiz_err *err);

#endif

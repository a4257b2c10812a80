#include "core/session/follow.h"

#include "base/strbuf.h"
#include "core/run/job.h"
#include "core/run/progress_text.h"
#include "core/session/restore.h"
#include "core/session/wizard.h"
#include "core/session/wizard_run.h"
#include "platform/sys.h"

/* How long one poll waits for the run, in milliseconds. */
#define FOLLOW_POLL_MS 500
/* How long the tool may take to stop before it is killed, in seconds. */
#define FOLLOW_GRACE_S 30

static void on_interrupt(const struct follow_target *t,
                         const struct follow_ops *ops, void *ctx,
                         bool *stopping)
{
    sys_interrupt_clear();
    switch (ops->interrupted(ctx, *stopping)) {
    case FOLLOW_GO_ON:
        break;
    case FOLLOW_STOP:
        *stopping = true;
        t->cancel(t->run, false, FOLLOW_GRACE_S);
        break;
    case FOLLOW_KILL:
        t->cancel(t->run, true, 0);
        break;
    }
}

int follow_target_run(const struct follow_target *t,
                      const struct follow_ops *ops, void *ctx,
                      struct wiz_err *err)
{
    struct progress_text pt;
    struct strbuf out = STRBUF_INIT;
    bool stopping = false;
    int r = 0;

    progress_text_init(&pt);
    if (t->tool)
        pt.tool = t->tool;
    if (t->user_verb)
        pt.user_verb = t->user_verb;
    while (r == 0) {
        r = t->poll(t->run, FOLLOW_POLL_MS, err);
        if (r == 0 && sys_interrupted())
            on_interrupt(t, ops, ctx, &stopping);
        const struct job_status *st = t->status(t->run);

        if (st)
            progress_text_update(&pt, st, &out);
        if (out.len) {
            ops->lines(ctx, out.buf, out.len);
            strbuf_reset(&out);
        }
    }
    progress_text_release(&pt);
    strbuf_release(&out);
    return r;
}

/* ---- a capture ----------------------------------------------------------- */

struct capture_follow {
    struct wizard *w;
    struct wizard_run *run;
};

static int capture_poll_fn(void *p, int timeout_ms, struct wiz_err *err)
{
    struct capture_follow *c = p;

    return wizard_run_poll(c->w, c->run, timeout_ms, err);
}

static const struct job_status *capture_status_fn(void *p)
{
    return wizard_run_status(((struct capture_follow *)p)->run);
}

static void capture_cancel_fn(void *p, bool force, unsigned grace_s)
{
    wizard_run_cancel(((struct capture_follow *)p)->run, force, grace_s,
                      NULL);
}

int follow_run(struct wizard *w, struct wizard_run *run,
               const struct follow_ops *ops, void *ctx, struct wiz_err *err)
{
    struct capture_follow c = { w, run };
    struct follow_target t = { &c, capture_poll_fn, capture_status_fn,
                               capture_cancel_fn, "scanstate",
                               "collecting" };

    return follow_target_run(&t, ops, ctx, err);
}

/* ---- a restore ----------------------------------------------------------- */

static int restore_poll_fn(void *p, int timeout_ms, struct wiz_err *err)
{
    return restore_session_poll(p, timeout_ms, err);
}

static const struct job_status *restore_status_fn(void *p)
{
    return restore_session_status(p);
}

static void restore_cancel_fn(void *p, bool force, unsigned grace_s)
{
    restore_session_cancel(p, force, grace_s, NULL);
}

int follow_restore(struct restore_session *s, const struct follow_ops *ops,
                   void *ctx, struct wiz_err *err)
{
    struct follow_target t = { s, restore_poll_fn, restore_status_fn,
                               restore_cancel_fn, "loadstate",
                               "restoring" };

    return follow_target_run(&t, ops, ctx, err);
}

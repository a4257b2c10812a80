#include "core/session/follow.h"

#include "base/strbuf.h"
#include "core/run/job.h"
#include "core/run/progress_text.h"
#include "core/session/wizard.h"
#include "core/session/wizard_run.h"
#include "platform/sys.h"

/* How long one poll waits for the capture, in milliseconds. */
#define FOLLOW_POLL_MS 500
/* How long scanstate may take to stop before it is killed, in seconds. */
#define FOLLOW_GRACE_S 30

static void on_interrupt(struct wizard_run *run, const struct follow_ops *ops,
                         void *ctx, bool *stopping)
{
    sys_interrupt_clear();
    switch (ops->interrupted(ctx, *stopping)) {
    case FOLLOW_GO_ON:
        break;
    case FOLLOW_STOP:
        *stopping = true;
        wizard_run_cancel(run, false, FOLLOW_GRACE_S, NULL);
        break;
    case FOLLOW_KILL:
        wizard_run_cancel(run, true, 0, NULL);
        break;
    }
}

int follow_run(struct wizard *w, struct wizard_run *run,
               const struct follow_ops *ops, void *ctx, struct wiz_err *err)
{
    struct progress_text pt;
    struct strbuf out = STRBUF_INIT;
    bool stopping = false;
    int r = 0;

    progress_text_init(&pt);
    while (r == 0) {
        r = wizard_run_poll(w, run, FOLLOW_POLL_MS, err);
        if (r == 0 && sys_interrupted())
            on_interrupt(run, ops, ctx, &stopping);
        progress_text_update(&pt, wizard_run_status(run), &out);
        if (out.len) {
            ops->lines(ctx, out.buf, out.len);
            strbuf_reset(&out);
        }
    }
    progress_text_release(&pt);
    strbuf_release(&out);
    return r;
}

/*
 * Run (restore): loadstate (or loadstate-sim) runs with the Review's line;
 * the progress comes from the same job status the capture's Run screen
 * shows: bar, phase, current user, time, error counts, a notice when
 * nothing moved for minutes, the last lines of loadstate.log.  Esc, q and
 * Ctrl+C ask before stopping it (asked to stop, killed after 30 s).
 * Model: restore_session_start on entry, restore_session_poll in tick,
 * restore_session_cancel when the technician confirms.
 * Keys: Esc or q stop (asked first) while it runs; Enter, once it ended,
 * shows the result.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/run/job.h"
#include "core/run/progress.h"
#include "core/session/restore.h"
#include "ui/dialog.h"
#include "ui/progress.h"
#include "ui/text.h"

struct rrun_priv {
    char error[512];        /* loadstate could not start */
    bool done;              /* the run ended and its users were judged */
    unsigned spin;
};

static int rrun_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct rrun_priv *p = xcalloc(1, sizeof(*p));
    struct restore_session *s = ctx->restore;
    struct wiz_err e;

    (void)err;
    ctx->priv = p;
    if (s->job) {
        p->done = s->rc >= 0;
        return 0;
    }
    err_clear(&e);
    if (restore_session_start(s, &e) < 0) {
        snprintf(p->error, sizeof(p->error), "%s", err_msg(&e));
        screen_status(ctx, "loadstate did not start");
        return 0;
    }
    screen_status(ctx, "loadstate started");
    return 0;
}

static void rrun_leave(struct screen_ctx *ctx)
{
    free(ctx->priv);
}

static void rrun_layout(struct screen_ctx *ctx, const struct rect *body)
{
    (void)body;
    ctx->dirty = true;
}

static int field(const struct rect *r, int row, const char *label,
                 const char *value, unsigned attr)
{
    return screen_draw_field(r, row, 12, label, value, attr);
}

static void rrun_draw(struct screen_ctx *ctx)
{
    struct rrun_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    const struct rect *r = &ctx->body;
    char buf[512], a[32], b[32], bar[128], tmp[1024];
    int row = 0;

    if (!s->job) {
        struct screen_lines sl = { 0 };

        screen_lines_add(&sl, 0, TEXT_ERROR, "Not started: %s", p->error);
        screen_lines_add(&sl, 0, TEXT_NORMAL, "Esc goes back to Review.");
        screen_lines_draw(&sl, r, 0);
        screen_lines_release(&sl);
        return;
    }
    const struct job_status *st = restore_session_status(s);
    const struct progress_state *ps = st->progress;
    int pct = ps && ps->percent >= 0 ? ps->percent : 0;
    int bw = r->w - 8 > 100 ? 100 : r->w - 8;

    if (p->done)
        pct = st->rc == 0 ? 100 : pct;
    progress_bar_text(pct, bw, bar, sizeof(bar));
    text_draw(r->y + row++, r->x, r->w, bar, TEXT_BOLD);
    row++;
    snprintf(buf, sizeof(buf), "%s%s%s", p->done ? "" :
             progress_spinner(p->spin), p->done ? "" : " ",
             p->done ? "finished" : st->phase == JOB_CANCELLING ?
             "stopping" : "running");
    row = field(r, row, "loadstate:", buf, p->done ? TEXT_OK : TEXT_NORMAL);
    row = field(r, row, "Phase:", ps && ps->phase ? ps->phase : "starting",
                TEXT_NORMAL);
    char *user = ps && ps->current_user
                     ? utf8_escape_for_terminal(ps->current_user)
                     : xstrdup("");

    row = field(r, row, "User:", user, TEXT_NORMAL);
    free(user);
    job_format_duration((int64_t)(st->elapsed_ms / 1000), a, sizeof(a));
    bool left = st->remaining_s >= 0 && !p->done;

    if (left)
        job_format_duration(st->remaining_s, b, sizeof(b));
    snprintf(buf, sizeof(buf), "%s elapsed%s%s%s", a, left ? ", about " : "",
             left ? b : "", left ? " left" : "");
    row = field(r, row, "Time:", buf, TEXT_NORMAL);
    snprintf(buf, sizeof(buf), "%llu skipped (with /c), %llu stopping the run",
             ps ? (unsigned long long)ps->n_ignored : 0ULL,
             ps ? (unsigned long long)ps->n_aborts : 0ULL);
    row = field(r, row, "Errors:", buf,
                ps && ps->n_aborts ? TEXT_ERROR
                : ps && ps->n_ignored ? TEXT_WARN : TEXT_NORMAL);
    if (st->stalled && !p->done) {
        snprintf(buf, sizeof(buf), "NO PROGRESS for %llu min - loadstate "
                 "may still be writing a large file; Esc stops it",
                 (unsigned long long)(st->since_progress_ms / 60000));
        row = field(r, row, "Notice:", buf, TEXT_WARN);
    }
    if (p->done) {
        snprintf(buf, sizeof(buf), "return code %d%s - Enter shows the "
                 "result", st->rc, st->signalled ? " (stopped)" : "");
        row = field(r, row, "Done:", buf, TEXT_BOLD);
    }
    row++;
    if (row >= r->h)
        return;
    text_draw(r->y + row++, r->x, r->w, "Last lines of loadstate.log:",
              TEXT_DIM);
    const char *lines[32];
    int room = r->h - row;
    size_t n = restore_session_log_tail(s, lines, room > 0 ?
                                        (size_t)(room < 32 ? room : 32) : 0);
    struct screen_lines sl = { 0 };
    size_t first = n;
    int used = 0;

    /* the newest lines whole, wrapped with their indent */
    while (first > 0) {
        struct screen_lines one = { 0 };
        int k;

        screen_lines_add(&one, 1, TEXT_NORMAL, "%s",
                         screen_log_line(lines[first - 1], tmp, sizeof(tmp)));
        k = screen_lines_rows(&one, r->w);
        screen_lines_release(&one);
        if (used + k > room)
            break;
        used += k;
        first--;
    }
    for (size_t i = first; i < n; i++)
        screen_lines_add(&sl, 1, TEXT_NORMAL, "%s",
                         screen_log_line(lines[i], tmp, sizeof(tmp)));
    struct rect at = { r->y + row, r->x, room, r->w };

    screen_lines_draw(&sl, &at, 0);
    screen_lines_release(&sl);
}

static void ask_stop(struct screen_ctx *ctx)
{
    struct restore_session *s = ctx->restore;
    struct wiz_err err;

    if (dialog_confirm(" Stop the restore? ",
                       "loadstate is asked to stop; if it has not stopped "
                       "after 30 seconds it is ended.  The users it has not "
                       "restored yet stay behind.", "Stop it",
                       "Keep running", false)) {
        err_clear(&err);
        if (restore_session_cancel(s, false, 30, &err) < 0)
            screen_status(ctx, "cannot stop it: %s", err_msg(&err));
        else
            screen_status(ctx, "stopping: loadstate was asked to stop");
    }
    ctx->dirty = true;
}

static bool running(const struct screen_ctx *ctx)
{
    const struct rrun_priv *p = ctx->priv;
    const struct restore_session *s = ctx->restore;

    return s->job && !p->done &&
           restore_session_status(s)->phase == JOB_RUNNING;
}

static enum screen_result rrun_handle(struct screen_ctx *ctx,
                                      enum action act, int ch)
{
    (void)ch;
    if ((act == ACT_BACK || act == ACT_QUIT) && running(ctx)) {
        ask_stop(ctx);
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

static bool rrun_interrupt(struct screen_ctx *ctx)
{
    const struct rrun_priv *p = ctx->priv;

    if (!ctx->restore->job || p->done)
        return false;
    if (running(ctx))
        ask_stop(ctx);
    return true;
}

static void rrun_tick(struct screen_ctx *ctx)
{
    struct rrun_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    struct wiz_err err;

    if (!s->job || p->done)
        return;
    p->spin++;
    err_clear(&err);
    int r = restore_session_poll(s, 0, &err);

    if (r < 0)
        screen_status(ctx, "cannot follow loadstate: %s", err_msg(&err));
    else if (r == 1) {
        p->done = true;
        screen_status(ctx, s->cancelled ? "loadstate ended: stopped on "
                      "request" : "loadstate ended");
    }
    ctx->dirty = true;
}

static bool rrun_can_advance(const struct screen_ctx *ctx,
                             struct wiz_err *why)
{
    const struct rrun_priv *p = ctx->priv;

    if (!ctx->restore->job)
        return err_set(why, WIZ_EUSAGE, "loadstate did not start") == 0;
    if (!p->done)
        return err_set(why, WIZ_EUSAGE, "loadstate is still running") == 0;
    return true;
}

static void rrun_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct rrun_priv *p = ctx->priv;

    if (!ctx->restore->job) {
        ui_keys_add(t, ACT_BACK, 0, "Esc", "back");
        return;
    }
    if (p->done) {
        ui_keys_add(t, ACT_NEXT, 0, "Enter", "result");
        return;
    }
    if (running(ctx)) {
        ui_keys_add(t, ACT_BACK, 0, "Esc", "stop");
        ui_keys_add(t, ACT_QUIT, 0, "q", "stop");
    }
}

const struct screen_ops screen_restore_run = {
    .name = "restore-run",
    .title = "Run",
    .enter = rrun_enter,
    .leave = rrun_leave,
    .layout = rrun_layout,
    .draw = rrun_draw,
    .handle = rrun_handle,
    .can_advance = rrun_can_advance,
    .tick = rrun_tick,
    .interrupt = rrun_interrupt,
    .key_table = rrun_key_table,
};

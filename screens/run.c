/*
 * Run: scanstate (or scanstate-sim) runs with the plan's arguments and
 * environment.  Shows a progress bar, phase, current user, MB to transfer,
 * elapsed and remaining time, ignored and fatal error counts, the last
 * lines of scanstate.log, and a notice when nothing has moved for
 * minutes.  Cancel asks first, then asks scanstate to stop and kills it
 * after 30 s.  Quitting leaves scanstate running (`usmtwiz attach`).
 * Model: starts model->run (wizard_run_start) on entry, polls it in tick.
 * Keys: c or Ctrl+C cancel; Enter, once finished, shows the result.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/run/job.h"
#include "core/run/progress.h"
#include "core/run/sclog.h"
#include "core/session/wizard.h"
#include "core/session/wizard_run.h"
#include "ui/dialog.h"
#include "ui/progress.h"
#include "ui/text.h"

struct run_priv {
    char error[512];        /* the run could not start */
    unsigned spin;
    unsigned long long last_records;
};

static int run_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct run_priv *p = xcalloc(1, sizeof(*p));
    struct wizard *w = ctx->model;
    struct wiz_err e;

    (void)err;
    ctx->priv = p;
    if (w->run) {
        if (w->note[0])
            screen_status(ctx, "%s", w->note);
        return 0;       /* back from Result, or resumed */
    }
    w->run = xcalloc(1, sizeof(*w->run));
    err_clear(&e);
    if (wizard_run_start(w, w->run, "wizard", NULL, NULL, 0, &e) < 0) {
        snprintf(p->error, sizeof(p->error), "%s", e.msg);
        free(w->run);
        w->run = NULL;
        screen_status(ctx, "the capture did not start");
        return 0;
    }
    screen_status(ctx, "scanstate started");
    return 0;
}

static void run_leave(struct screen_ctx *ctx)
{
    free(ctx->priv);
}

static void run_layout(struct screen_ctx *ctx, const struct rect *body)
{
    (void)body;
    ctx->dirty = true;
}

static int field(const struct rect *r, int row, const char *label,
                 const char *value, unsigned attr)
{
    return screen_draw_field(r, row, 13, label, value, attr);
}

/* A scanstate.log line as the tail shows it (screen_log_line), new. */
static char *tail_line(const char *l)
{
    size_t size = strlen(l) + 1;
    char *out = xmalloc(size);

    screen_log_line(l, out, size);
    return out;
}

static void run_draw(struct screen_ctx *ctx)
{
    struct run_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;
    const struct rect *r = &ctx->body;
    char buf[512];
    char a[32];
    char b[32];
    int row = 0;

    if (!w->run) {
        row = field(r, row, "Not started:", p->error, TEXT_ERROR);
        field(r, row + 1, "", "Esc goes back to Review to change the plan.",
              TEXT_NORMAL);
        return;
    }
    const struct job_status *st = wizard_run_status(w->run);
    const struct progress_state *ps = st->progress;
    int pct = ps && ps->percent >= 0 ? ps->percent : 0;
    char bar[128];
    int bw = r->w - 8 > 100 ? 100 : r->w - 8;

    progress_bar_text(pct, bw, bar, sizeof(bar));
    text_draw(r->y + row++, r->x, r->w, bar, TEXT_BOLD);
    row++;
    const char *state = st->phase == JOB_DONE ? "finished"
                        : st->phase == JOB_CANCELLING ? "cancelling"
                                                      : "running";

    snprintf(buf, sizeof(buf), "%s%s%s", st->phase == JOB_DONE ? "" :
             progress_spinner(p->spin), st->phase == JOB_DONE ? "" : " ",
             state);
    row = field(r, row, "scanstate:", buf, st->phase == JOB_DONE ? TEXT_OK
                                                                 : TEXT_NORMAL);
    row = field(r, row, "Phase:", ps && ps->phase ? ps->phase : "starting",
                TEXT_NORMAL);
    char *user = ps && ps->current_user
                     ? utf8_escape_for_terminal(ps->current_user)
                     : xstrdup("");

    row = field(r, row, "User:", user, TEXT_NORMAL);
    free(user);
    if (ps && ps->have_total_mb)
        snprintf(buf, sizeof(buf), "%.0f MB to transfer", ps->total_mb);
    else
        snprintf(buf, sizeof(buf), "not known yet");
    row = field(r, row, "Size:", buf, TEXT_NORMAL);
    job_format_duration((int64_t)(st->elapsed_ms / 1000), a, sizeof(a));
    bool left = st->remaining_s >= 0 && st->phase != JOB_DONE;

    if (left)
        job_format_duration(st->remaining_s, b, sizeof(b));
    snprintf(buf, sizeof(buf), "%s elapsed%s%s%s", a,
             left ? ", about " : "", left ? b : "", left ? " left" : "");
    row = field(r, row, "Time:", buf, TEXT_NORMAL);
    snprintf(buf, sizeof(buf), "%llu skipped (with /c), %llu stopping the run",
             ps ? (unsigned long long)ps->n_ignored : 0ULL,
             ps ? (unsigned long long)ps->n_aborts : 0ULL);
    row = field(r, row, "Errors:", buf,
                ps && ps->n_aborts ? TEXT_ERROR
                : ps && ps->n_ignored ? TEXT_WARN : TEXT_NORMAL);
    if (st->stalled) {
        snprintf(buf, sizeof(buf), "NO PROGRESS for %llu min - scanstate may "
                 "still be reading a large file; c cancels",
                 (unsigned long long)(st->since_progress_ms / 60000));
        row = field(r, row, "Notice:", buf, TEXT_WARN);
    }
    if (!st->stalled && ps && ps->restarts) {
        /* core/run/follow.c noticed it; the reader started over */
        row = field(r, row, "Notice:", "the progress log was replaced or "
                    "cut short; read again from its start", TEXT_WARN);
    }
    if (st->phase == JOB_DONE) {
        snprintf(buf, sizeof(buf), "return code %d%s - Enter shows the "
                 "result", st->rc, st->signalled ? " (killed)" : "");
        row = field(r, row, "Done:", buf, TEXT_BOLD);
    }
    row++;
    if (row < r->h)
        text_draw(r->y + row++, r->x, r->w, "Last lines of scanstate.log:",
                  TEXT_DIM);
    const char *lines[32];
    int room = r->h - row;
    size_t n = wizard_run_log_tail(w->run, lines,
                                   room > 0 ? (size_t)room : 0);

    char *shown[32];
    int rows[32], used = 0;
    size_t first = n;

    if (n > 32)
        n = 32;
    for (size_t i = 0; i < n; i++)
        shown[i] = tail_line(lines[i]);
    /* the newest lines whole, wrapped with their indent */
    while (first > 0) {
        struct rect none = { 0, 0, 0, r->w - 1 };
        int k = none.w > 0 ? text_draw_wrapped(&none, 0, shown[first - 1],
                                               TEXT_NORMAL) : 1;

        if (used + k > room)
            break;
        rows[first - 1] = k;
        used += k;
        first--;
    }
    for (size_t i = first; i < n && row < r->h; i++) {
        struct rect at = { r->y + row, r->x + 1, rows[i], r->w - 1 };

        text_draw_wrapped(&at, 0, shown[i], TEXT_NORMAL);
        row += rows[i];
    }
    for (size_t i = 0; i < n; i++)
        free(shown[i]);
}

static void ask_cancel(struct screen_ctx *ctx)
{
    struct wizard *w = ctx->model;
    struct wiz_err err;

    if (!w->run || wizard_run_status(w->run)->phase != JOB_RUNNING)
        return;
    if (dialog_confirm(" Cancel the capture? ",
                       "scanstate is asked to stop; if it has not stopped "
                       "after 30 seconds it is ended.  The store will be "
                       "incomplete.", "Cancel it", "Keep running", false)) {
        if (wizard_run_cancel(w->run, false, 30, &err) < 0)
            screen_status(ctx, "cannot cancel: %s", err.msg);
        else
            screen_status(ctx, "cancelling: scanstate was asked to stop");
    }
    ctx->dirty = true;
}

static enum screen_result run_handle(struct screen_ctx *ctx, enum action act,
                                     int ch)
{
    const struct wizard *w = ctx->model;
    bool done = w->run && wizard_run_status(w->run)->phase == JOB_DONE;

    switch (act) {
    case ACT_QUIT:
        /* cancelling already: quitting leaves it to finish (attach) */
        if (w->run && !done &&
            wizard_run_status(w->run)->phase == JOB_RUNNING) {
            ask_cancel(ctx);
            return SCREEN_HANDLED;
        }
        return SCREEN_IGNORED;
    case ACT_CHAR:
        if (ch == 'c' && w->run && !done) {
            ask_cancel(ctx);
            return SCREEN_HANDLED;
        }
        return SCREEN_IGNORED;
    default:
        return SCREEN_IGNORED;
    }
}

static bool run_interrupt(struct screen_ctx *ctx)
{
    const struct wizard *w = ctx->model;

    if (!w->run || wizard_run_status(w->run)->phase == JOB_DONE)
        return false;
    ask_cancel(ctx);
    return true;
}

static void run_tick(struct screen_ctx *ctx)
{
    struct run_priv *p = ctx->priv;
    struct wizard *w = ctx->model;
    struct wiz_err err;

    if (!w->run)
        return;
    p->spin++;
    if (wizard_run_poll(w, w->run, 0, &err) < 0)
        screen_status(ctx, "cannot follow scanstate: %s", err.msg);
    ctx->dirty = true;
    if (wizard_run_status(w->run)->phase == JOB_DONE && w->run->done &&
        !w->run->report_written && w->run->report_error[0])
        screen_status(ctx, "the report was not written: %s",
                      w->run->report_error);
}

static bool run_can_advance(const struct screen_ctx *ctx,
                            struct wiz_err *why)
{
    const struct wizard *w = ctx->model;

    if (!w->run)
        return err_set(why, WIZ_EUSAGE, "the capture did not start") == 0;
    if (!w->run->done)
        return err_set(why, WIZ_EUSAGE, "scanstate is still running (c "
                                        "cancels it)") == 0;
    return true;
}

static void run_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct wizard *w = ctx->model;

    if (!w->run) {
        ui_keys_add(t, ACT_BACK, 0, "Esc", "back");
        return;
    }
    if (w->run->done) {
        ui_keys_add(t, ACT_NEXT, 0, "Enter", "result");
        return;
    }
    if (wizard_run_status(w->run)->phase == JOB_RUNNING) {
        ui_keys_add(t, ACT_CHAR, 'c', "c", "cancel");
        ui_keys_add(t, ACT_QUIT, 0, "q", "cancel");
    }
}

const struct screen_ops screen_run = {
    .name = "run",
    .title = "Run",
    .enter = run_enter,
    .leave = run_leave,
    .layout = run_layout,
    .draw = run_draw,
    .handle = run_handle,
    .can_advance = run_can_advance,
    .tick = run_tick,
    .interrupt = run_interrupt,
    .key_table = run_key_table,
};

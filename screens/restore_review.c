/*
 * Review (restore): the exact loadstate line (wrapped, each continued row
 * indented; the key file named, never the key), the new PC and the store
 * in one line each, then every finding with its fix and the rules that
 * could not be checked.  Enter starts loadstate, offered only while no
 * error stands.
 * Model: reads restore_session_display and restore_session_findings.
 * Keys: PgUp/PgDn or Up/Down scroll; Enter start; Esc back.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/session/restore.h"
#include "ui/text.h"

struct rreview_priv {
    struct screen_lines text;
    int skip;
    int rows;
    size_t errors;
    const char *first;      /* the first error's rule id (static table) */
};

static void build(struct screen_ctx *ctx)
{
    struct rreview_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    struct strbuf line = STRBUF_INIT;
    size_t left = 0;

    screen_lines_release(&p->text);
    restore_session_display(s, &line);
    screen_lines_add(&p->text, 0, TEXT_BOLD, "loadstate line:");
    screen_lines_add(&p->text, 2, TEXT_NORMAL, "%s", line.buf);
    strbuf_release(&line);
    for (size_t i = 0; i < s->facts.n_users; i++)
        left += restore_session_left_out(s, i);
    screen_lines_add(&p->text, 0, TEXT_NORMAL, "Store %s from %s; %zu "
                     "stored user%s, %zu left out; new PC %s.", s->cmd.store,
                     s->facts.source_computer ? s->facts.source_computer
                                              : "an unknown PC",
                     s->facts.n_users, s->facts.n_users == 1 ? "" : "s",
                     left, s->facts.target_computer ?
                     s->facts.target_computer : "name not read");
    screen_lines_add(&p->text, 0, TEXT_NORMAL, "%s", "");
    screen_lines_add(&p->text, 0, TEXT_BOLD | TEXT_UNDERLINE, "Findings:");
    p->errors = screen_lines_findings(s, &p->text, true);
    screen_restore_errors(s, &p->first);
    ctx->dirty = true;
}

static int rreview_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct rreview_priv *p = xcalloc(1, sizeof(*p));

    (void)err;
    ctx->priv = p;
    build(ctx);
    return 0;
}

static void rreview_leave(struct screen_ctx *ctx)
{
    struct rreview_priv *p = ctx->priv;

    screen_lines_release(&p->text);
    free(p);
}

static void rreview_layout(struct screen_ctx *ctx, const struct rect *body)
{
    struct rreview_priv *p = ctx->priv;

    p->rows = screen_lines_rows(&p->text, body->w);
    ctx->dirty = true;
}

static void rreview_draw(struct screen_ctx *ctx)
{
    struct rreview_priv *p = ctx->priv;
    const struct rect *r = &ctx->body;
    struct rect at = { r->y + 2, r->x, r->h - 2, r->w };
    char buf[256];

    if (p->errors) {
        snprintf(buf, sizeof(buf), "START BLOCKED: %zu error%s (%s%s): fix "
                 "%s first", p->errors, p->errors == 1 ? "" : "s", p->first,
                 p->errors > 1 ? " and more" : "",
                 p->errors == 1 ? "it" : "them");
        text_draw(r->y, r->x, r->w, buf, TEXT_ERROR);
    } else {
        text_draw(r->y, r->x, r->w, "READY: no error stands. Enter starts "
                  "loadstate.", TEXT_OK | TEXT_BOLD);
    }
    p->rows = screen_lines_rows(&p->text, r->w);
    if (p->rows > at.h) {
        snprintf(buf, sizeof(buf), "rows %d-%d of %d", p->skip + 1,
                 p->skip + at.h < p->rows ? p->skip + at.h : p->rows,
                 p->rows);
        text_draw_right(r->y + 1, r->x, r->w, buf, TEXT_DIM);
    }
    screen_lines_draw(&p->text, &at, p->skip);
}

static enum screen_result rreview_handle(struct screen_ctx *ctx,
                                         enum action act, int ch)
{
    struct rreview_priv *p = ctx->priv;

    (void)ch;
    if (screen_scroll(&p->skip, p->rows, ctx->body.h - 2, act)) {
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

static bool rreview_can_advance(const struct screen_ctx *ctx,
                                struct wiz_err *why)
{
    const struct rreview_priv *p = ctx->priv;

    if (p->errors)
        return err_set(why, WIZ_EUSAGE, "an error stands (%s)",
                       p->first) == 0;
    return true;
}

static void rreview_key_table(const struct screen_ctx *ctx,
                              struct ui_keys *t)
{
    const struct rreview_priv *p = ctx->priv;

    if (p->rows > ctx->body.h - 2)
        screen_keys_scroll(t);
    if (!p->errors)
        ui_keys_add(t, ACT_NEXT, 0, "Enter", "start loadstate");
    ui_keys_add(t, ACT_BACK, 0, "Esc", "back");
}

const struct screen_ops screen_restore_review = {
    .name = "restore-review",
    .title = "Review",
    .enter = rreview_enter,
    .leave = rreview_leave,
    .layout = rreview_layout,
    .draw = rreview_draw,
    .handle = rreview_handle,
    .can_advance = rreview_can_advance,
    .key_table = rreview_key_table,
};

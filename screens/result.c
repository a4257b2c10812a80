/*
 * Result: the return code with its name, meaning and fix; the cause found
 * in scanstate.log (the first real error above the generic failure lines)
 * and its error summary; counts; where the store, logs and report are;
 * what to do next (the matching loadstate command, hard-link cautions).
 * On a practice machine built for a training lesson ("usmtwiz lab create
 * LESSON"), the lesson's instructor sheet (symptom, cause, fix,
 * documentation) opens with l.
 * Model: reads model->run (done).
 * After a killed, crashed or cancelled capture, m moves the partial store
 * aside (asked first) so that nobody restores it.
 * Keys: PgUp/PgDn scroll; l lesson sheet (lessons only); m move a partial
 * store aside; Enter or q leaves.
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
#include "core/run/report.h"
#include "core/usmt/retcodes.h"
#include "core/run/sclog.h"
#include "core/session/wizard.h"
#include "core/session/wizard_run.h"
#include "platform/fs.h"
#include "ui/dialog.h"
#include "ui/text.h"

struct result_priv {
    char *text;         /* the whole result as lines */
    int lines;
    int skip;
    char *lesson;       /* the training lesson of the volumes, or NULL */
    char *sheet;        /* its instructor sheet as plain text */
};

static char *build_text(const struct wizard *w)
{
    char *text = wizard_run_result_text(w, w->run);
    char *next = wizard_run_next_steps(w, w->run);
    char *all = xasprintf("%s\nNext:\n%s", text, next);

    free(text);
    free(next);
    return all;
}

static int result_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct result_priv *p = xcalloc(1, sizeof(*p));

    (void)err;
    ctx->priv = p;
    if (ctx->model->run && ctx->model->run->done) {
        struct wiz_err lerr;

        p->text = build_text(ctx->model);
        if (wizard_lesson_sheet(ctx->model, &p->lesson, &p->sheet,
                                &lerr) == 0) {
            char *t = xasprintf("%s\nTraining lesson '%s': press l for its "
                                "instructor sheet (symptom, cause, fix, "
                                "documentation).\n", p->text, p->lesson);

            free(p->text);
            p->text = t;
        }
        for (const char *s = p->text; *s; s++)
            p->lines += *s == '\n';
    } else {
        p->text = xstrdup("The capture has not finished.\n");
        p->lines = 1;
    }
    return 0;
}

static void result_leave(struct screen_ctx *ctx)
{
    struct result_priv *p = ctx->priv;

    free(p->text);
    free(p->lesson);
    free(p->sheet);
    free(p);
}

static void result_layout(struct screen_ctx *ctx, const struct rect *body)
{
    (void)body;
    ctx->dirty = true;
}

static void result_draw(struct screen_ctx *ctx)
{
    struct result_priv *p = ctx->priv;
    const struct rect *r = &ctx->body;
    const char *nl = strchr(p->text, '\n');
    size_t len = nl ? (size_t)(nl - p->text) : strlen(p->text);

    /*
     * Wrapped, each line keeping its indent, so the loadstate command and
     * the cautions are read whole; the rows count is what scrolls.
     */
    p->lines = text_draw_wrapped(r, p->skip, p->text, TEXT_NORMAL);
    if (p->skip == 0 && len) {
        char *one = xstrndup(p->text, len);
        unsigned attr = !strncmp(one, "Failed", 6) ||
                        !strncmp(one, "INCOMPLETE", 10) ||
                        !strncmp(one, "Cancelled", 9) ? TEXT_ERROR : TEXT_BOLD;
        struct rect head = { r->y, r->x, 1, r->w };

        /* the headline again, in its attribute (it is one short line) */
        text_fill(r->y, r->x, r->w, TEXT_NORMAL);
        text_draw_wrapped(&head, 0, one, attr);
        free(one);
    }
}

/* Ask, then move the partial store to <store>.incomplete. */
static void move_aside(struct screen_ctx *ctx)
{
    struct wiz_err err;
    char *to;

    ctx->dirty = true;
    if (!dialog_confirm("Partial store",
                        "The store this capture left is incomplete and "
                        "must not be restored.  Move it aside (to "
                        "<store>.incomplete)?", "Move", "Keep", false))
        return;
    if (wizard_run_move_aside(ctx->model, ctx->model->run, &to, &err) < 0) {
        screen_status(ctx, "%s", err.msg);
        return;
    }
    screen_status(ctx, "the partial store is now %s", to);
    free(to);
}

static enum screen_result result_handle(struct screen_ctx *ctx,
                                        enum action act, int ch)
{
    struct result_priv *p = ctx->priv;

    switch (act) {
    case ACT_DOWN:
    case ACT_PAGE_DOWN:
        if (p->skip + ctx->body.h < p->lines)
            p->skip += act == ACT_DOWN ? 1 : ctx->body.h - 1;
        ctx->dirty = true;
        return SCREEN_HANDLED;
    case ACT_UP:
    case ACT_PAGE_UP:
        p->skip -= act == ACT_UP ? 1 : ctx->body.h - 1;
        if (p->skip < 0)
            p->skip = 0;
        ctx->dirty = true;
        return SCREEN_HANDLED;
    case ACT_CHAR:
        if ((ch == 'm' || ch == 'M') && ctx->model->run &&
            wizard_run_store_partial(ctx->model->run)) {
            move_aside(ctx);
            return SCREEN_HANDLED;
        }
        if ((ch == 'l' || ch == 'L') && p->sheet) {
            char *title = xasprintf("Lesson %s: instructor sheet",
                                    p->lesson);

            dialog_text(title, p->sheet);
            free(title);
            ctx->dirty = true;
            return SCREEN_HANDLED;
        }
        return SCREEN_IGNORED;
    case ACT_QUIT:
        return SCREEN_DONE;
    default:
        return SCREEN_IGNORED;
    }
}

/* The capture is over: no Esc back to it. */
static void result_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct result_priv *p = ctx->priv;

    if (p->lines > ctx->body.h) {
        ui_keys_add(t, ACT_UP, 0, "Up/Down/PgUp/PgDn", "scroll");
        ui_keys_also(t, ACT_DOWN);
        ui_keys_also(t, ACT_PAGE_UP);
        ui_keys_also(t, ACT_PAGE_DOWN);
    }
    if (ctx->model->run && wizard_run_store_partial(ctx->model->run)) {
        ui_keys_add(t, ACT_CHAR, 'm', "m", "move aside");
        ui_keys_add(t, ACT_CHAR, 'M', NULL, NULL);
    }
    if (p->sheet) {
        ui_keys_add(t, ACT_CHAR, 'l', "l", "lesson sheet");
        ui_keys_add(t, ACT_CHAR, 'L', NULL, NULL);
    }
    ui_keys_add(t, ACT_NEXT, 0, "Enter/q", "finish");
    ui_keys_also(t, ACT_QUIT);
}

const struct screen_ops screen_result = {
    .name = "result",
    .title = "Result",
    .enter = result_enter,
    .leave = result_leave,
    .layout = result_layout,
    .draw = result_draw,
    .handle = result_handle,
    .key_table = result_key_table,
};

/*
 * Review: the exact command line (key hidden), the environment variables
 * and the offline.xml, then every finding with its fix.  Errors block the
 * launch and warnings need an acknowledgement; the reason shows on screen.
 * Enter ends the wizard's flow (the run step comes after it).
 * Model: reads everything; wizard_fix / wizard_ack change the plan and the
 * acknowledgements.
 * Every finding is drawn whole (wrapped under its severity), the current
 * one with its rule and fix.
 * Keys: Up/Down finding, PgUp/PgDn scroll the command, a apply fix,
 * Space acknowledge a warning, e explain the finding's rule, p save the
 * choices as a preset.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/session/wizard.h"
#include "core/session/wizard_run.h"
#include "ui/dialog.h"
#include "ui/input.h"
#include "ui/list.h"
#include "ui/text.h"

#define REVIEW_MAX 128

struct review_priv {
    char *text;
    int skip;
    int text_rows;
    struct list list;           /* the current finding */
    size_t ftop;                /* the first finding shown */
    struct wizard_finding f[REVIEW_MAX];
    size_t n;
    struct rect top, bottom, verdict;
    struct rect top_laid;       /* top as laid out, for a 1-row verdict */
    unsigned gen;               /* the model's check that f comes from */
};

static void refresh(struct screen_ctx *ctx)
{
    struct review_priv *p = ctx->priv;

    free(p->text);
    p->text = wizard_review_text(ctx->model);
    p->n = wizard_findings(ctx->model, WIZ_PART_ALL, p->f, REVIEW_MAX);
    if (p->n > REVIEW_MAX)
        p->n = REVIEW_MAX;
    p->gen = wizard_findings_generation(ctx->model);
    list_set_count(&p->list, p->n);
    ctx->dirty = true;
}

static void review_layout(struct screen_ctx *ctx, const struct rect *body);

/*
 * The rules were checked again since f was read (a profile finished
 * sizing, say): f's strings are gone and its indices name other
 * findings, so read them again.  True when that happened.
 */
static bool resync(struct screen_ctx *ctx)
{
    struct review_priv *p = ctx->priv;

    if (p->gen == wizard_findings_generation(ctx->model))
        return false;
    refresh(ctx);
    review_layout(ctx, &ctx->body);
    return true;
}

static int review_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct review_priv *p = xcalloc(1, sizeof(*p));

    (void)err;
    ctx->priv = p;
    list_init(&p->list);
    refresh(ctx);
    return 0;
}

static void review_leave(struct screen_ctx *ctx)
{
    struct review_priv *p = ctx->priv;

    free(p->text);
    free(p);
}

static const char *sev_word(enum wizard_sev s, bool acked)
{
    if (s == WIZ_SEV_WARNING && acked)
        return "WARNING (acknowledged)";
    return wizard_sev_label(s);
}

/*
 * Finding i as the list shows it, whole (new string): its severity and
 * message; the current one also with its rule, its fix and where the
 * fact comes from.
 */
static char *finding_text(const struct review_priv *p, size_t i, bool cur)
{
    const struct wizard_finding *f = &p->f[i];
    const char *fixes = f->can_fix ? " (a fixes)" : "";

    if (!cur)
        return xasprintf("%s%s: %s", sev_word(f->sev, f->acked), fixes,
                         f->message);
    return xasprintf("%s%s: %s [%s]\nFix: %s%s%s%s",
                     sev_word(f->sev, f->acked), fixes, f->message, f->id,
                     *f->fix ? f->fix : "(none)",
                     f->can_fix ? "  (a applies it)" : "",
                     *f->ref ? "  See " : "", f->ref);
}

/* The rows finding i needs, wrapped in width columns. */
static int finding_rows(const struct review_priv *p, size_t i, bool cur,
                        int width)
{
    struct rect none = { 0, 0, 0, width };
    char *s = finding_text(p, i, cur);
    int rows = text_draw_wrapped(&none, 0, s, TEXT_NORMAL);

    free(s);
    return rows > 0 ? rows : 1;
}

/*
 * The findings take the rows they need wrapped (the current one with its
 * fix), within half the body, more when the tallest current finding needs
 * them, always leaving the command three rows.
 */
static void review_layout(struct screen_ctx *ctx, const struct rect *body)
{
    struct review_priv *p = ctx->priv;
    int w = body->w - 2;
    int sum = 0, extra = 0, tallest = 1, need, cap, fh;

    for (size_t i = 0; i < p->n; i++) {
        int hn = finding_rows(p, i, false, w);
        int hc = finding_rows(p, i, true, w);

        sum += hn;
        if (hc - hn > extra)
            extra = hc - hn;
        if (hc > tallest)
            tallest = hc;
    }
    need = p->n ? sum + extra : 1;
    cap = body->h / 2 + 1;
    if (cap < tallest)
        cap = tallest;
    if (cap > body->h - 5)
        cap = body->h - 5;
    if (cap < 1)
        cap = 1;
    fh = 1 + (need < cap ? need : cap);
    p->verdict = *body;
    p->verdict.h = 1;
    p->top = *body;
    p->top.y = body->y + 1;
    p->top.h = body->h - fh - 2;
    p->top_laid = p->top;
    p->bottom = *body;
    p->bottom.y = body->y + body->h - fh;
    p->bottom.h = fh;
    /* the list only keeps the current finding; the rows are drawn here */
    list_set_height(&p->list, p->n ? p->n : 1);
    ctx->dirty = true;
}

/*
 * The findings, each whole and wrapped under its severity, from ftop on:
 * only findings that fit entirely are drawn, the current one always.
 */
static void draw_findings(struct review_priv *p)
{
    int h = p->bottom.h - 1, w = p->bottom.w - 2, row = 0;
    int y = p->bottom.y + 1;
    size_t cur = p->list.cur, last = p->ftop;
    char head[64];

    if (cur < p->ftop)
        p->ftop = cur;
    for (;;) {
        int rows = 0;

        for (size_t i = p->ftop; i <= cur; i++)
            rows += finding_rows(p, i, i == cur, w);
        if (rows <= h || p->ftop == cur)
            break;
        p->ftop++;
    }
    for (size_t i = p->ftop; i < p->n; i++) {
        const struct wizard_finding *f = &p->f[i];
        bool is_cur = i == cur;
        int rows = finding_rows(p, i, is_cur, w);
        unsigned attr = f->sev == WIZ_SEV_ERROR ? TEXT_ERROR :
                        f->sev == WIZ_SEV_WARNING && !f->acked ? TEXT_WARN :
                        TEXT_NORMAL;

        if (row + rows > h && !is_cur)
            break;
        struct rect r = { y + row, p->bottom.x + 2, h - row, w };
        char *s = finding_text(p, i, is_cur);

        text_draw(y + row, p->bottom.x, 2, is_cur ? ">" : " ",
                  attr | (is_cur ? TEXT_REVERSE : 0));
        text_draw_wrapped(&r, 0, s, attr | (is_cur ? TEXT_REVERSE : 0));
        free(s);
        row += rows;
        last = i;
    }
    if (p->ftop == 0 && last + 1 >= p->n)
        snprintf(head, sizeof(head), "Findings: %zu", p->n);
    else
        snprintf(head, sizeof(head), "Findings: %zu (%zu to %zu shown)",
                 p->n, p->ftop + 1, last + 1);
    text_draw(p->bottom.y, p->bottom.x, p->bottom.w, head,
              TEXT_BOLD | TEXT_UNDERLINE);
}

static void review_draw(struct screen_ctx *ctx)
{
    struct review_priv *p = ctx->priv;
    struct wiz_err why;
    char buf[1200];

    err_clear(&why);
    resync(ctx);
    p->top = p->top_laid;
    if (wizard_blocked(ctx->model, &why)) {
        struct rect v = p->verdict, none = { 0, 0, 0, p->verdict.w };
        int need;

        snprintf(buf, sizeof(buf), "START BLOCKED: %s", why.msg);
        need = text_draw_wrapped(&none, 0, buf, TEXT_ERROR);
        /* a second row from the command's part, never a cut verdict */
        if (need == 2 && p->top.h > 4) {
            v.h = 2;
            p->top.y++;
            p->top.h--;
        } else if (need > 1) {
            snprintf(buf, sizeof(buf), "START BLOCKED: by an error or an "
                     "unacknowledged warning in the findings below");
        }
        text_draw_wrapped(&v, 0, buf, TEXT_ERROR);
    } else {
        text_draw(p->verdict.y, p->verdict.x, p->verdict.w,
                  "READY: nothing blocks the capture. Enter starts it.",
                  TEXT_OK | TEXT_BOLD);
    }
    p->text_rows = text_draw_wrapped(&p->top, p->skip, p->text, TEXT_NORMAL);
    if (p->n)
        draw_findings(p);
    else
        text_draw(p->bottom.y, p->bottom.x, p->bottom.w, "Findings: 0",
                  TEXT_BOLD | TEXT_UNDERLINE);
}

static void save_preset(struct screen_ctx *ctx)
{
    const struct plan *plan = &ctx->model->plan;
    struct input in;
    struct wiz_err err;

    input_init(&in, 1024, false);
    if (plan->log_path) {
        char *dir = xstrdup(plan->log_path);
        char *slash = strrchr(dir, '\\');

        if (slash)
            slash[1] = '\0';
        char *def = xasprintf("%susmtwiz-preset.xml", slash ? dir : "");

        input_set(&in, def);
        free(def);
        free(dir);
    }
    if (dialog_prompt(" Save these choices as a preset ",
                      "Preset file (the key is never saved in it):", &in)) {
        err_clear(&err);
        if (wizard_save_preset(ctx->model, input_text(&in), &err) < 0)
            screen_status(ctx, "cannot save the preset: %s", err_msg(&err));
        else
            screen_status(ctx, "preset saved: %s", input_text(&in));
    }
    input_release(&in);
    ctx->dirty = true;
}

/*
 * A selected user with a TEMP profile is skipped by scanstate and its
 * real ('.bak') profile stays behind: with consent, take that folder as
 * files (a generated /i XML beside the logs; files only, no settings).
 */
static void bak_as_files(struct screen_ctx *ctx)
{
    const char *name;
    struct wiz_err err;
    char *text;

    ctx->dirty = true;
    if (!wizard_bak_selected(ctx->model, &name) ||
        wizard_bak_as_files_on(ctx->model)) {
        screen_status(ctx, "no selected user has a '.bak' profile left to "
                           "take as files");
        return;
    }
    text = xasprintf("scanstate will skip %s: Windows gave this user a "
                     "temporary profile, and the real one (the '.bak' "
                     "entry) with all its files would stay on the old "
                     "disk.  Capture that folder as files?  Files only, "
                     "no settings; nothing is written to the offline "
                     "volume.", name);
    bool yes = dialog_confirm(" Real profile as files ", text, "Capture",
                              "No", false);

    free(text);
    if (!yes)
        return;
    err_clear(&err);
    if (wizard_bak_as_files(ctx->model, &err) < 0) {
        screen_status(ctx, "cannot: %s", err_msg(&err));
        return;
    }
    refresh(ctx);
    review_layout(ctx, &ctx->body);
    screen_status(ctx, "the '.bak' profile folder goes in as files (/i)");
}

static enum screen_result review_handle(struct screen_ctx *ctx,
                                        enum action act, int ch)
{
    struct review_priv *p = ctx->priv;
    struct wiz_err err;

    /* a finding acted on must be the one on the screen */
    if (resync(ctx) && (act == ACT_TOGGLE || (act == ACT_CHAR && ch == 'a'))) {
        screen_status(ctx, "the findings changed: look again");
        return SCREEN_HANDLED;
    }
    switch (act) {
    case ACT_UP:
    case ACT_DOWN:
    case ACT_HOME:
    case ACT_END:
        list_move(&p->list, act);
        ctx->dirty = true;
        return SCREEN_HANDLED;
    case ACT_PAGE_UP:
        p->skip -= p->top.h - 1;
        if (p->skip < 0)
            p->skip = 0;
        ctx->dirty = true;
        return SCREEN_HANDLED;
    case ACT_PAGE_DOWN:
        if (p->skip + p->top.h < p->text_rows)
            p->skip += p->top.h - 1;
        ctx->dirty = true;
        return SCREEN_HANDLED;
    case ACT_TOGGLE:
        if (p->n && p->f[p->list.cur].sev == WIZ_SEV_WARNING) {
            wizard_ack(ctx->model, p->f[p->list.cur].index);
            p->n = wizard_findings(ctx->model, WIZ_PART_ALL, p->f, REVIEW_MAX);
            if (p->n > REVIEW_MAX)
                p->n = REVIEW_MAX;
            screen_status(ctx, "warning acknowledged");
            /* as Space on Users: act, then go to the next row */
            list_move(&p->list, ACT_DOWN);
            review_layout(ctx, &ctx->body);
        }
        return SCREEN_HANDLED;
    case ACT_CHAR:
        if (ch == 'a' && p->n) {
            if (!p->f[p->list.cur].can_fix) {
                screen_status(ctx, "this finding has no automatic fix");
                return SCREEN_HANDLED;
            }
            err_clear(&err);
            if (wizard_fix(ctx->model, p->f[p->list.cur].index, &err) < 0)
                screen_status(ctx, "cannot fix: %s", err_msg(&err));
            else
                screen_status(ctx, "fix applied");
            refresh(ctx);
            review_layout(ctx, &ctx->body);
            return SCREEN_HANDLED;
        }
        if (ch == 'p') {
            save_preset(ctx);
            return SCREEN_HANDLED;
        }
        if (ch == 'f') {
            bak_as_files(ctx);
            return SCREEN_HANDLED;
        }
        if (ch == 'e' && p->n) {
            screen_explain_rule(p->f[p->list.cur].id);
            ctx->dirty = true;
            return SCREEN_HANDLED;
        }
        return SCREEN_IGNORED;
    default:
        return SCREEN_IGNORED;
    }
}

static bool review_can_advance(const struct screen_ctx *ctx,
                               struct wiz_err *why)
{
    return !wizard_blocked(ctx->model, why);
}

static void review_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct review_priv *p = ctx->priv;
    const char *name;
    const struct wizard_finding *f = p->n ? &p->f[p->list.cur] : NULL;

    /* most wanted first: a narrow bar leaves out the last ones; a user's
       real profile left behind comes before everything */
    if (wizard_bak_selected(ctx->model, &name) &&
        !wizard_bak_as_files_on(ctx->model)) {
        ui_keys_add(t, ACT_CHAR, 'f', "f", ".bak files");
        ui_keys_add(t, ACT_CHAR, 'F', NULL, NULL);
    }
    if (f && f->can_fix)
        ui_keys_add(t, ACT_CHAR, 'a', "a", "fix");
    if (f && f->sev == WIZ_SEV_WARNING && !f->acked)
        ui_keys_add(t, ACT_TOGGLE, 0, "Space", "ack");
    if (f)
        ui_keys_add(t, ACT_CHAR, 'e', "e", "why");
    if (p->n > 1) {
        ui_keys_add(t, ACT_UP, 0, "Up/Down", "move");
        ui_keys_also(t, ACT_DOWN);
        ui_keys_also(t, ACT_HOME);
        ui_keys_also(t, ACT_END);
    }
    if (p->skip > 0 || p->skip + p->top.h < p->text_rows) {
        ui_keys_add(t, ACT_PAGE_UP, 0, "PgUp/PgDn", "command");
        ui_keys_also(t, ACT_PAGE_DOWN);
    }
    ui_keys_add(t, ACT_CHAR, 'p', "p", "preset");
    /* blocked, Enter says why, as Next does on every screen */
    screen_keys_flow(t, "start");
}

const struct screen_ops screen_review = {
    .name = "review",
    .title = "Review",
    .enter = review_enter,
    .leave = review_leave,
    .layout = review_layout,
    .draw = review_draw,
    .handle = review_handle,
    .can_advance = review_can_advance,
    .key_table = review_key_table,
};

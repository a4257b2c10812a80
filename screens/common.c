/*
 * What every screen shares: the findings panel (the rules' findings about
 * this screen's part of the plan, inline), the one-key automatic fix, and
 * label/value rows.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "core/rules/rules.h"
#include "core/session/wizard.h"
#include "ui/dialog.h"
#include "ui/input.h"
#include "ui/text.h"

#define PANEL_MAX 32

/*
 * The findings of parts, and (WIZ_PART_EXTRA) every finding that quotes
 * one of the extra switches, wherever it belongs.
 */
static size_t collect(const struct screen_ctx *ctx, unsigned parts,
                      struct wizard_finding *out, size_t max)
{
    struct wizard_finding all[PANEL_MAX];
    size_t n = wizard_findings(ctx->model, WIZ_PART_ALL, all, PANEL_MAX);
    const struct plan_strv *extra = &ctx->model->plan.extra_args;
    size_t k = 0;

    if (!(parts & WIZ_PART_EXTRA))
        return wizard_findings(ctx->model, parts, out, max);
    if (n > PANEL_MAX)
        n = PANEL_MAX;
    for (size_t i = 0; i < n; i++) {
        bool take = wizard_finding_in(ctx->model, all[i].index, parts);

        for (size_t j = 0; !take && j < extra->n; j++)
            take = str_icasestr(all[i].message, extra->items[j]) != NULL;
        if (!take)
            continue;
        if (k < max)
            out[k] = all[i];
        k++;
    }
    return k;
}

/* The message column of a finding (after its label) and the label. */
static int finding_label(const struct wizard_finding *f, char *buf,
                         size_t n)
{
    int used;

    snprintf(buf, n, "%s%s:", wizard_sev_label(f->sev),
             f->acked ? " (ok)" : "");
    used = text_width(buf);
    return used < 9 ? 9 : used + 1;
}

static void finding_text(const struct wizard_finding *f, char *buf,
                         size_t n)
{
    snprintf(buf, n, "%s%s%s%s", f->message, *f->fix ? " - fix: " : "",
             f->fix, f->can_fix ? " [a]" : "");
}

/* Rows finding f takes wrapped in width columns (its indent kept). */
static int finding_rows(const struct wizard_finding *f, int width)
{
    char label[64], buf[1024];
    int mc = finding_label(f, label, sizeof(label));
    struct rect none = { 0, 0, 0, width - mc };

    if (none.w < 1)
        return 1;
    finding_text(f, buf, sizeof(buf));
    return text_draw_wrapped(&none, 0, buf, TEXT_NORMAL);
}

int screen_findings_count(const struct screen_ctx *ctx, unsigned parts)
{
    struct wizard_finding f[PANEL_MAX];
    size_t n = collect(ctx, parts, f, PANEL_MAX);
    int rows = 0;

    /* wrapped, each finding whole: the layout caps the panel's height */
    for (size_t i = 0; i < n && i < PANEL_MAX; i++)
        rows += ctx->body.w > 0 ? finding_rows(&f[i], ctx->body.w) : 1;
    return rows;
}

/*
 * The findings wrapped with their indent, each one whole; when the panel
 * cannot hold them all, its last row says how many more there are and
 * that Review shows every one.
 */
void screen_draw_findings(const struct screen_ctx *ctx, const struct rect *r,
                          unsigned parts)
{
    struct wizard_finding f[PANEL_MAX];
    size_t n = collect(ctx, parts, f, PANEL_MAX);
    size_t shown = n < PANEL_MAX ? n : PANEL_MAX, drawn = 0;
    int row = 0, total = 0;
    bool part = false;          /* the last one drawn is not whole */
    char buf[1024];

    if (r->h <= 0)
        return;
    if (!n)
        return;
    snprintf(buf, sizeof(buf), "Findings here: %zu  (Review lists all%s)",
             n, screen_has_fix(ctx, parts) ? "; a = apply the automatic fix"
                                           : "");
    text_draw(r->y, r->x, r->w, buf, TEXT_BOLD | TEXT_UNDERLINE);
    row = 1;
    for (size_t i = 0; i < shown; i++)
        total += finding_rows(&f[i], r->w);
    for (size_t i = 0; i < shown && row < r->h; i++) {
        unsigned attr = f[i].sev == WIZ_SEV_ERROR ? TEXT_ERROR :
                        f[i].sev == WIZ_SEV_WARNING ? TEXT_WARN : TEXT_NORMAL;
        int need = finding_rows(&f[i], r->w);
        /* a row kept for "more" unless everything fits */
        int room = r->h - row - (total <= r->h - 1 ? 0 : 1);
        char label[64];
        int mc = finding_label(&f[i], label, sizeof(label));
        struct rect m = { r->y + row, r->x + mc, need, r->w - mc };

        if (room <= 0)
            break;
        if (need > room)
            m.h = room;
        text_draw(r->y + row, r->x, mc - 1, label, attr);
        finding_text(&f[i], buf, sizeof(buf));
        text_draw_wrapped(&m, 0, buf, TEXT_NORMAL);
        row += m.h;
        drawn++;
        if (m.h < need) {
            part = true;
            break;
        }
    }
    if (drawn < n || part) {
        size_t more = n - drawn;

        if (part && more)
            snprintf(buf, sizeof(buf), "the rest of this one and %zu more: "
                     "Review shows every finding whole", more);
        else if (part)
            snprintf(buf, sizeof(buf), "the rest of this one: Review shows "
                     "every finding whole");
        else
            snprintf(buf, sizeof(buf), "%zu more: Review shows every "
                     "finding whole", more);
        text_draw(r->y + r->h - 1, r->x, r->w, buf, TEXT_DIM);
    }
}

bool screen_apply_fix(struct screen_ctx *ctx, unsigned parts)
{
    struct wizard_finding f[PANEL_MAX];
    size_t n = collect(ctx, parts, f, PANEL_MAX);
    struct wiz_err err;

    for (size_t i = 0; i < n && i < PANEL_MAX; i++) {
        if (!f[i].can_fix)
            continue;
        char id[128];

        snprintf(id, sizeof(id), "%s", f[i].id);
        err_clear(&err);
        if (wizard_fix(ctx->model, f[i].index, &err) < 0)
            screen_status(ctx, "cannot fix '%s': %s", id, err_msg(&err));
        else
            screen_status(ctx, "fixed: %s", id);
        return true;
    }
    screen_status(ctx, "no automatic fix here");
    return false;
}

bool screen_has_fix(const struct screen_ctx *ctx, unsigned parts)
{
    struct wizard_finding f[PANEL_MAX];
    size_t n = collect(ctx, parts, f, PANEL_MAX);

    for (size_t i = 0; i < n && i < PANEL_MAX; i++) {
        if (f[i].can_fix)
            return true;
    }
    return false;
}

int screen_draw_field(const struct rect *r, int row, int label_w,
                      const char *label, const char *value, unsigned attr)
{
    if (row >= r->h)
        return row + 1;
    text_draw(r->y + row, r->x, label_w, label, TEXT_BOLD);
    text_draw(r->y + row, r->x + label_w, r->w - label_w, value, attr);
    return row + 1;
}

void screen_explain_rule(const char *id)
{
    char *text = wizard_rule_explanation(id);
    char title[96];

    if (text) {
        snprintf(title, sizeof(title), " Rule %s ", id);
        dialog_text(title, text);
        free(text);
        return;
    }
    const char *near[4];
    size_t n = rules_suggest(id, near, 4);
    struct strbuf sb = STRBUF_INIT;

    strbuf_addf(&sb, "There is no rule '%s'.", id);
    for (size_t i = 0; i < n; i++)
        strbuf_addf(&sb, "%s %s", i ? "," : " Did you mean:", near[i]);
    strbuf_adds(&sb, n ? "?" : "");
    dialog_message(" Explain a rule ", sb.buf);
    strbuf_release(&sb);
}

void screen_explain_prompt(void)
{
    struct input in;

    input_init(&in, 64, false);
    if (dialog_prompt(" Explain a rule ",
                      "Rule id (the help ends with this screen's):", &in) &&
        *input_text(&in))
        screen_explain_rule(input_text(&in));
    input_release(&in);
}

void screen_keys_list(struct ui_keys *t, const char *what)
{
    ui_keys_add(t, ACT_UP, 0, "Up/Down", what);
    ui_keys_also(t, ACT_DOWN);
    ui_keys_also(t, ACT_PAGE_UP);
    ui_keys_also(t, ACT_PAGE_DOWN);
    ui_keys_also(t, ACT_HOME);
    ui_keys_also(t, ACT_END);
}

void screen_keys_flow(struct ui_keys *t, const char *next)
{
    ui_keys_add(t, ACT_NEXT, 0, "Enter", next);
    ui_keys_add(t, ACT_BACK, 0, "Esc", "back");
}

void screen_keys_fix(const struct screen_ctx *ctx, struct ui_keys *t,
                     unsigned parts)
{
    if (screen_has_fix(ctx, parts))
        ui_keys_add(t, ACT_CHAR, 'a', "a", "fix");
}

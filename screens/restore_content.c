/*
 * What to restore (restore): the migration XML files loadstate gets (/i:
 * the capture's set by default, from its report; another set loses the
 * rerouting of the files left out, restore-xml-set), the capture's
 * Config.xml (/config, only when the capture had one), continue on errors
 * (/c) and the log's verbosity (/v).  /sf is not offered: the reference
 * documents no meaning for it.  Below, the findings.
 * Model: restore_session_set_xml, restore_session_set_config,
 * restore_session_set_options; reads facts.capture_xml.
 * Keys: Up/Down choose; Space toggles (on /v: the next level); Left/Right
 * change /v; Enter goes on; Esc back.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/plan/plan.h"
#include "core/session/restore.h"
#include "ui/list.h"
#include "ui/text.h"

enum rcontent_row { ROW_XML, ROW_CONFIG, ROW_C, ROW_V };

struct rcontent_row_def {
    enum rcontent_row kind;
    char *xml;              /* ROW_XML: the file, owned */
    bool captured;          /* ROW_XML: in the capture's /i set */
};

struct rcontent_priv {
    struct rcontent_row_def *rows;
    size_t n;
    struct list list;
};

/* The /v levels loadstate takes (reference §2.1 /v), then none. */
static const int levels[] = { 0, 1, 4, 5, 8, 9, 12, 13, PLAN_UNSET };
#define N_LEVELS (sizeof(levels) / sizeof(levels[0]))

static void add_row(struct rcontent_priv *p, enum rcontent_row kind,
                    const char *xml, bool captured)
{
    p->rows = xreallocarray(p->rows, p->n + 1, sizeof(*p->rows));
    p->rows[p->n].kind = kind;
    p->rows[p->n].xml = xml ? xstrdup(xml) : NULL;
    p->rows[p->n].captured = captured;
    p->n++;
}

static bool has_row(const struct rcontent_priv *p, const char *xml)
{
    for (size_t i = 0; i < p->n; i++) {
        if (p->rows[i].xml && str_ieq(p->rows[i].xml, xml))
            return true;
    }
    return false;
}

static int rcontent_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct rcontent_priv *p = xcalloc(1, sizeof(*p));
    const struct restore_session *s = ctx->restore;
    static const char *const usual[] = { "MigDocs.xml", "MigApp.xml",
                                         "MigUser.xml" };

    (void)err;
    ctx->priv = p;
    for (size_t i = 0; i < s->facts.n_capture_xml; i++)
        add_row(p, ROW_XML, s->facts.capture_xml[i], true);
    for (size_t i = 0; i < s->cmd.n_xml; i++) {
        if (!has_row(p, s->cmd.xml[i]))
            add_row(p, ROW_XML, s->cmd.xml[i], false);
    }
    for (size_t i = 0; i < sizeof(usual) / sizeof(usual[0]); i++) {
        if (!has_row(p, usual[i]))
            add_row(p, ROW_XML, usual[i], false);
    }
    if (s->facts.capture_config)
        add_row(p, ROW_CONFIG, NULL, true);
    add_row(p, ROW_C, NULL, false);
    add_row(p, ROW_V, NULL, false);
    list_init(&p->list);
    list_set_count(&p->list, p->n);
    return 0;
}

static void rcontent_leave(struct screen_ctx *ctx)
{
    struct rcontent_priv *p = ctx->priv;

    for (size_t i = 0; i < p->n; i++)
        free(p->rows[i].xml);
    free(p->rows);
    free(p);
}

static void rcontent_layout(struct screen_ctx *ctx, const struct rect *body)
{
    (void)body;
    ctx->dirty = true;
}

/* What a /v level logs (reference §2.1 /v). */
static const char *level_name(int v)
{
    switch (v) {
    case 0: return "errors and warnings";
    case 1: return "verbose";
    case 4: return "errors and status";
    case 5: return "verbose and status";
    case 8: return "errors, to a debugger";
    case 9: return "verbose, to a debugger";
    case 12: return "errors and status, to a debugger";
    case 13: return "verbose and status, to a debugger";
    default: return "not a level loadstate takes";
    }
}

static int current_level(const struct restore_session *s)
{
    return s->cmd.v ? atoi(s->cmd.v) : PLAN_UNSET;
}

static void row_line(const struct restore_session *s,
                     const struct rcontent_row_def *row, bool cur,
                     struct screen_lines *sl)
{
    const char *mark = cur ? ">" : " ";
    unsigned attr = cur ? TEXT_REVERSE : TEXT_NORMAL;

    switch (row->kind) {
    case ROW_XML:
        screen_lines_add(sl, 0, attr, "%s [%c] /i:%s  (%s)", mark,
                         restore_session_has_xml(s, row->xml) ? 'x' : ' ',
                         row->xml, row->captured ? "the capture's"
                                                 : "not in the capture");
        break;
    case ROW_CONFIG:
        screen_lines_add(sl, 0, attr, "%s [%c] /config:%s  (the capture's)",
                         mark, s->cmd.config ? 'x' : ' ',
                         s->facts.capture_config);
        break;
    case ROW_C:
        screen_lines_add(sl, 0, attr, "%s [%c] /c  continue on errors",
                         mark, s->cmd.c ? 'x' : ' ');
        break;
    case ROW_V:
        if (s->cmd.v)
            screen_lines_add(sl, 0, attr, "%s     /v:%s  log: %s", mark,
                             s->cmd.v, level_name(current_level(s)));
        else
            screen_lines_add(sl, 0, attr, "%s     no /v  log: loadstate's "
                             "default (errors and warnings)", mark);
        break;
    }
}

static void rcontent_draw(struct screen_ctx *ctx)
{
    struct rcontent_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    const struct rect *r = &ctx->body;
    struct screen_lines sl = { 0 };

    screen_lines_add(&sl, 0, TEXT_BOLD, "%s", s->facts.report_known
                     ? "The capture's /i set is ticked: the same files keep "
                       "its rerouting rules."
                     : "The capture's /i set is not known (no report).");
    for (size_t i = 0; i < p->n; i++)
        row_line(s, &p->rows[i], i == p->list.cur, &sl);
    screen_lines_add(&sl, 0, TEXT_DIM, "/sf is not offered: the reference "
                     "documents no meaning for it.");
    screen_lines_add(&sl, 0, TEXT_NORMAL, "%s", "");

    /* the findings that fit whole; Review lists them all */
    struct screen_lines fl = { 0 };
    int room = r->h - screen_lines_rows(&sl, r->w) - 1;
    size_t shown = 0;

    screen_lines_findings(s, &fl, false);
    for (; shown < fl.n; shown++) {
        struct screen_lines one = { 0 };

        screen_lines_add(&one, fl.l[shown].indent, fl.l[shown].attr, "%s",
                         fl.l[shown].text);
        room -= screen_lines_rows(&one, r->w);
        screen_lines_release(&one);
        if (room < 0)
            break;
        screen_lines_add(&sl, fl.l[shown].indent, fl.l[shown].attr, "%s",
                         fl.l[shown].text);
    }
    if (shown < fl.n)
        screen_lines_add(&sl, 0, TEXT_DIM, "More findings on Review.");
    screen_lines_release(&fl);
    screen_lines_draw(&sl, r, 0);
    screen_lines_release(&sl);
}

static void next_level(struct restore_session *s, int dir)
{
    int cur = current_level(s);
    size_t at = 0;

    while (at < N_LEVELS && levels[at] != cur)
        at++;
    if (at == N_LEVELS)
        at = N_LEVELS - 1;
    at = (at + N_LEVELS + (size_t)(dir > 0 ? 1 : N_LEVELS - 1)) % N_LEVELS;
    restore_session_set_options(s, s->cmd.c, levels[at]);
}

static enum screen_result rcontent_handle(struct screen_ctx *ctx,
                                          enum action act, int ch)
{
    struct rcontent_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;

    (void)ch;
    if (list_move(&p->list, act)) {
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    if (!p->n)
        return SCREEN_IGNORED;
    const struct rcontent_row_def *row = &p->rows[p->list.cur];

    if (row->kind == ROW_V && (act == ACT_LEFT || act == ACT_RIGHT ||
                               act == ACT_TOGGLE)) {
        next_level(s, act == ACT_LEFT ? -1 : 1);
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    if (act != ACT_TOGGLE)
        return SCREEN_IGNORED;
    if (row->kind == ROW_XML)
        restore_session_set_xml(s, row->xml,
                                !restore_session_has_xml(s, row->xml));
    else if (row->kind == ROW_CONFIG)
        restore_session_set_config(s, !s->cmd.config);
    else if (row->kind == ROW_C)
        restore_session_set_options(s, !s->cmd.c, current_level(s));
    ctx->dirty = true;
    return SCREEN_HANDLED;
}

static void rcontent_key_table(const struct screen_ctx *ctx,
                               struct ui_keys *t)
{
    const struct rcontent_priv *p = ctx->priv;
    const struct rcontent_row_def *row = p->n ? &p->rows[p->list.cur]
                                              : NULL;

    if (p->n > 1)
        screen_keys_list(t, "choose");
    if (row && row->kind == ROW_V) {
        ui_keys_add(t, ACT_TOGGLE, 0, "Space/Left/Right", "level");
        ui_keys_also(t, ACT_LEFT);
        ui_keys_also(t, ACT_RIGHT);
    } else if (row) {
        ui_keys_add(t, ACT_TOGGLE, 0, "Space", "toggle");
    }
    screen_keys_flow(t, "next");
}

const struct screen_ops screen_restore_content = {
    .name = "restore-content",
    .title = "What to restore",
    .enter = rcontent_enter,
    .leave = rcontent_leave,
    .layout = rcontent_layout,
    .draw = rcontent_draw,
    .handle = rcontent_handle,
    .key_table = rcontent_key_table,
};

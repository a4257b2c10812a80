/*
 * Users: the profiles of the chosen installation as a checklist with name,
 * where the name came from, kind, SID, size (filled by a background walk
 * from tick, with a spinner) and last use.  Filters: "/" text, k kind,
 * d "used in the last N days".  The selection lives in the plan as SIDs.
 * Model: reads users, writes plan.sids (wizard_user_select); sizes with
 * wizard_size_step.
 * Keys: Space toggle, + select shown, - unselect shown, = select only the
 * shown, / filter, k kind, d days, a fix.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/session/wizard.h"
#include "platform/sys.h"
#include "ui/dialog.h"
#include "ui/input.h"
#include "ui/list.h"
#include "ui/progress.h"
#include "ui/text.h"

#define KIND_ALL (-1)
#define SIZE_SLICE_MS 25

struct users_priv {
    struct list list;
    size_t *view;           /* indices into users.u of the shown rows */
    size_t n_view;
    struct input filter;    /* "/" text */
    bool filter_focus;
    int kind;               /* enum user_kind, or KIND_ALL */
    unsigned days;          /* 0 = no "last used" filter */
    unsigned spin;
    bool sizing;
    int n_found;            /* findings the panel was laid out for */
    struct rect head, rows, detail, panel;
    int col[6];             /* name, source, kind, SID, size, last use */
};

enum { COL_NAME, COL_SOURCE, COL_KIND, COL_SID, COL_SIZE, COL_LAST };

/* Columns sized to their content within the width (box of 4 first). */
static void size_columns(struct screen_ctx *ctx)
{
    struct users_priv *p = ctx->priv;
    const struct user_list *ul = &ctx->model->users;
    int want[6] = { 4, 6, 4, 3, 8, 10 };
    static const int min[6] = { 8, 6, 5, 12, 8, 10 };

    for (size_t i = 0; i < ul->n; i++) {
        const struct win_user *u = &ul->u[i];
        int w[4] = { text_width(u->name),
                     text_width(name_source_name(u->name_source)),
                     text_width(user_kind_name(u->kind)),
                     text_width(u->sid) };

        for (int c = 0; c < 4; c++) {
            if (w[c] > want[c])
                want[c] = w[c];
        }
        /* the size column says "no folder" (size_text) */
        if (!u->sized && (!u->profile_path || !u->folder_exists) &&
            text_width("no folder") > want[COL_SIZE])
            want[COL_SIZE] = text_width("no folder");
    }
    layout_columns(want, min, 6, p->rows.w - 4, 1, p->col);
}

/* The x of column c. */
static int col_x(const struct users_priv *p, int c)
{
    int x = p->rows.x + 4;

    for (int i = 0; i < c; i++)
        x += p->col[i] + 1;
    return x;
}

static bool matches(const struct users_priv *p, const struct win_user *u,
                    int64_t last)
{
    const char *t = input_text(&p->filter);

    if (p->kind != KIND_ALL && (int)u->kind != p->kind)
        return false;
    if (p->days && (!u->last_use ||
                    u->last_use < last - (int64_t)p->days * 86400))
        return false;
    if (*t && !str_icasestr(u->name ? u->name : "", t) &&
        !str_icasestr(u->sid ? u->sid : "", t) &&
        !str_icasestr(u->account ? u->account : "", t) &&
        !str_icasestr(u->profile_win ? u->profile_win : "", t))
        return false;
    return true;
}

static void rebuild_view(struct screen_ctx *ctx)
{
    struct users_priv *p = ctx->priv;
    const struct user_list *ul = &ctx->model->users;
    int64_t last = wizard_last_use(ctx->model);
    size_t keep = p->n_view ? p->view[p->list.cur] : SIZE_MAX;
    size_t sel = 0;

    free(p->view);
    p->view = xcalloc(ul->n ? ul->n : 1, sizeof(*p->view));
    p->n_view = 0;
    for (size_t i = 0; i < ul->n; i++) {
        if (!matches(p, &ul->u[i], last ? last : sys_now()))
            continue;
        if (ul->u[i].sid && i == keep)
            sel = p->n_view;
        p->view[p->n_view++] = i;
    }
    list_set_count(&p->list, p->n_view);
    list_select(&p->list, sel);
    ctx->dirty = true;
}

static int users_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct users_priv *p = xcalloc(1, sizeof(*p));

    (void)err;
    ctx->priv = p;
    list_init(&p->list);
    input_init(&p->filter, 128, false);
    p->kind = KIND_ALL;
    p->sizing = true;
    rebuild_view(ctx);
    if (ctx->model->users_note[0])
        screen_status(ctx, "%s", ctx->model->users_note);
    return 0;
}

static void users_leave(struct screen_ctx *ctx)
{
    struct users_priv *p = ctx->priv;

    input_release(&p->filter);
    free(p->view);
    free(p);
}

static int detail_rows(const struct screen_ctx *ctx, int width);

static void users_layout(struct screen_ctx *ctx, const struct rect *body)
{
    struct users_priv *p = ctx->priv;
    struct rect main_part;
    int panel_rows;

    p->n_found = screen_findings_count(ctx, WIZ_PART_USERS);
    panel_rows = p->n_found;
    /* the profiles come first: the panel takes at most a quarter */
    if (panel_rows > body->h / 4 - 1)
        panel_rows = body->h / 4 - 1;
    layout_split_findings(body, panel_rows, &main_part, &p->panel);
    p->head = main_part;
    p->head.h = 2;
    p->detail = main_part;
    p->detail.h = detail_rows(ctx, main_part.w);
    p->detail.y = main_part.y + main_part.h - p->detail.h;
    p->rows = main_part;
    p->rows.y = main_part.y + 2;
    p->rows.h = main_part.h - 2 - p->detail.h - 1;
    if (p->rows.h < 1)
        p->rows.h = 1;
    list_set_height(&p->list, (size_t)p->rows.h);
    size_columns(ctx);
    ctx->dirty = true;
}

static void size_text(const struct screen_ctx *ctx, size_t i, char *buf,
                      size_t n)
{
    const struct users_priv *p = ctx->priv;
    const struct win_user *u = &ctx->model->users.u[i];
    char sz[32];

    if (u->sized)
        snprintf(buf, n, "%s", str_human_size(u->size_bytes, sz, sizeof(sz)));
    else if (!u->profile_path || !u->folder_exists)
        snprintf(buf, n, "no folder");
    else if (wizard_user_sizing(ctx->model, i))
        snprintf(buf, n, "%s %s", progress_spinner(p->spin),
                 str_human_size(u->size_bytes, sz, sizeof(sz)));
    else
        snprintf(buf, n, "...");
}

static void date_text(int64_t t, char *buf, size_t n)
{
    struct sys_tm tm;

    if (!t) {
        snprintf(buf, n, "unknown");
        return;
    }
    sys_localtime(t, &tm);
    snprintf(buf, n, "%04d-%02d-%02d", tm.year + 1900, tm.mon + 1, tm.mday);
}

static void draw_head(struct screen_ctx *ctx)
{
    struct users_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;
    char buf[256], est[32];
    bool complete;
    uint64_t e = wizard_estimate(w, &complete);
    int x = p->head.x;

    /* the rows that can be picked: one per SID */
    size_t rows = wizard_user_rows(w);

    snprintf(buf, sizeof(buf), "%zu of %zu selected, %s%s",
             wizard_users_selected(w), rows,
             str_human_size(e, est, sizeof(est)),
             complete ? "" : " so far");
    x += text_draw(p->head.y, x, p->head.w, buf, TEXT_BOLD) + 2;
    if (w->walk)
        x += text_draw(p->head.y, x, p->head.x + p->head.w - x,
                       "sizing ", TEXT_NORMAL),
        x += text_draw(p->head.y, x, 1, progress_spinner(p->spin), TEXT_BOLD) + 2;
    text_draw(p->head.y, x, 6, "Filter", TEXT_NORMAL);
    x += 7;
    text_draw_input(p->head.y, x, 16, &p->filter, p->filter_focus);
    x += 17;
    /* only the filters in force, short enough for 80 columns */
    buf[0] = '\0';
    if (p->kind != KIND_ALL)
        snprintf(buf, sizeof(buf), "kind %s%s",
                 user_kind_name((enum user_kind)p->kind), p->days ? ", " : "");
    if (p->days) {
        char when[32] = "today";

        /* counted back from the PC's last use, which the screen names */
        if (wizard_last_use(w))
            date_text(wizard_last_use(w), when, sizeof(when));
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
                 "used %ud to %s", p->days, when);
    }
    text_draw(p->head.y, x, p->head.x + p->head.w - x, buf, TEXT_NORMAL);
    {
        int y = p->head.y + 1, hx = p->head.x;
        unsigned a = TEXT_BOLD | TEXT_UNDERLINE;

        text_fill(y, hx, p->head.w, a);
        text_draw(y, col_x(p, COL_NAME), p->col[COL_NAME], "Name", a);
        text_draw(y, col_x(p, COL_SOURCE), p->col[COL_SOURCE], "Source", a);
        text_draw(y, col_x(p, COL_KIND), p->col[COL_KIND], "Kind", a);
        text_draw(y, col_x(p, COL_SID), p->col[COL_SID], "SID", a);
        text_draw_right(y, col_x(p, COL_SIZE), p->col[COL_SIZE], "Size", a);
        text_draw(y, col_x(p, COL_LAST), p->col[COL_LAST], "Last use", a);
    }
}

/* The SID drawn whole, or cut in its middle so that its RID shows. */
static void draw_sid(int y, int x, int w, const char *sid, unsigned attr)
{
    const char *tail = sid ? strrchr(sid, '-') : NULL;
    int tw = tail ? text_width(tail) : 0;

    text_fill(y, x, w, attr);
    if (!sid || text_width(sid) <= w || !tail || w - tw < 6) {
        text_draw(y, x, w, sid ? sid : "", attr);
        return;
    }
    text_draw(y, x, w - tw, sid, attr);
    text_draw(y, x + w - tw, tw, tail, attr);
}

static void draw_row(struct screen_ctx *ctx, size_t vi, int y)
{
    struct users_priv *p = ctx->priv;
    size_t i = p->view[vi];
    const struct win_user *u = &ctx->model->users.u[i];
    bool cur = vi == p->list.cur && !p->filter_focus;
    unsigned attr = cur ? TEXT_REVERSE : TEXT_NORMAL;
    char buf[64];
    int x = p->rows.x;

    text_fill(y, x, p->rows.w, attr);
    /* a TEMP or .bak row of another user's SID has no box of its own */
    text_draw(y, x, 4, wizard_user_owner(ctx->model, i) != SIZE_MAX ? " - " :
              wizard_user_selected(ctx->model, i) ? "[x]" : "[ ]",
              attr | TEXT_BOLD);
    text_draw_cell(y, col_x(p, COL_NAME), p->col[COL_NAME], u->name, attr);
    text_draw_cell(y, col_x(p, COL_SOURCE), p->col[COL_SOURCE],
                   name_source_name(u->name_source), attr);
    text_draw_cell(y, col_x(p, COL_KIND), p->col[COL_KIND],
                   user_kind_name(u->kind), attr);
    draw_sid(y, col_x(p, COL_SID), p->col[COL_SID], u->sid, attr);
    size_text(ctx, i, buf, sizeof(buf));
    text_draw_right(y, col_x(p, COL_SIZE), p->col[COL_SIZE], buf, attr);
    date_text(u->last_use, buf, sizeof(buf));
    text_draw(y, col_x(p, COL_LAST), p->col[COL_LAST], buf, attr);
}

enum { DETAIL_SID, DETAIL_PROFILE, DETAIL_SIZE, DETAIL_FIELDS };
#define DETAIL_LABEL_W 9

/* Field k of user i's details into buf; returns its label. */
static const char *detail_field(const struct screen_ctx *ctx, size_t i,
                                int k, char *buf, size_t n)
{
    const struct win_user *u = &ctx->model->users.u[i];
    char sz[32];

    switch (k) {
    case DETAIL_SID:
        snprintf(buf, n, "%s  %s%s%s", u->sid ? u->sid : "",
                 u->account ? u->account : "",
                 u->full_name && *u->full_name ? "  " : "",
                 u->full_name ? u->full_name : "");
        return "SID:";
    case DETAIL_PROFILE:
        snprintf(buf, n, "%s%s", u->profile_win ? u->profile_win :
                 "(none)", u->folder_exists ? "" : "  (folder missing)");
        if (wizard_user_owner(ctx->model, i) != SIZE_MAX) {
            const struct win_user *o =
                &ctx->model->users.u[wizard_user_owner(ctx->model, i)];

            snprintf(buf + strlen(buf), n - strlen(buf),
                     "  (%s profile of %s, goes with that row)",
                     user_kind_name(u->kind), o->name ? o->name : o->sid);
        }
        return "Profile:";
    default:
        snprintf(buf, n, "%llu files, %s%s; %llu unreadable",
                 (unsigned long long)u->size_files,
                 str_human_size(u->size_bytes, sz, sizeof(sz)),
                 u->sized ? "" : " so far",
                 (unsigned long long)u->size_unreadable);
        if (u->size_cloud_files) {
            size_t len = strlen(buf);

            snprintf(buf + len, n - len, "; %llu cloud-only (%s)",
                     (unsigned long long)u->size_cloud_files,
                     str_human_size(u->size_cloud_bytes, sz, sizeof(sz)));
        }
        if (u->n_onedrive) {
            /* where the cloud files are, to tell the customer */
            char *acc = users_onedrive_text(u);
            size_t len = strlen(buf);

            snprintf(buf + len, n - len, "; OneDrive: %s", acc);
            free(acc);
        }
        return "Size:";
    }
}

/* Rows field k of user i takes wrapped in width columns. */
static int detail_field_rows(const struct screen_ctx *ctx, size_t i, int k,
                             int width)
{
    char buf[768];
    struct rect none = { 0, 0, 0, width - DETAIL_LABEL_W };

    if (none.w < 1)
        return 1;
    detail_field(ctx, i, k, buf, sizeof(buf));
    return text_draw_wrapped(&none, 0, buf, TEXT_NORMAL);
}

/* Rows the details of the longest user take (the height stays put). */
static int detail_rows(const struct screen_ctx *ctx, int width)
{
    int most = DETAIL_FIELDS;

    for (size_t i = 0; i < ctx->model->users.n; i++) {
        int rows = 0;

        for (int k = 0; k < DETAIL_FIELDS; k++)
            rows += detail_field_rows(ctx, i, k, width);
        if (rows > most)
            most = rows;
    }
    return most > 6 ? 6 : most;
}

static void draw_detail(struct screen_ctx *ctx)
{
    struct users_priv *p = ctx->priv;
    const struct rect *r = &p->detail;
    char buf[768];
    int row = 0;
    size_t i;

    if (!p->n_view)
        return;
    i = p->view[p->list.cur];
    for (int k = 0; k < DETAIL_FIELDS && row < r->h; k++) {
        const char *label = detail_field(ctx, i, k, buf, sizeof(buf));
        struct rect v = { r->y + row, r->x + DETAIL_LABEL_W,
                          detail_field_rows(ctx, i, k, r->w),
                          r->w - DETAIL_LABEL_W };

        /* the last field keeps what is left (the height is capped) */
        if (row + v.h > r->h || k == DETAIL_FIELDS - 1)
            v.h = r->h - row;
        text_draw(r->y + row, r->x, DETAIL_LABEL_W, label, TEXT_BOLD);
        text_draw_wrapped(&v, 0, buf, TEXT_NORMAL);
        row += v.h;
    }
}

static void users_draw(struct screen_ctx *ctx)
{
    struct users_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;

    draw_head(ctx);
    if (!w->users_ok) {
        char buf[600];

        snprintf(buf, sizeof(buf), "Users: not available: %s",
                 w->os_chosen ? w->users_error : "no volume chosen");
        text_draw(p->rows.y, p->rows.x, p->rows.w, buf, TEXT_ERROR);
    } else if (!p->n_view) {
        text_draw(p->rows.y, p->rows.x, p->rows.w, w->users.n ?
                  "No user matches the filters." : "No profiles found.",
                  TEXT_WARN);
    }
    for (size_t i = p->list.top; list_is_visible(&p->list, i); i++)
        draw_row(ctx, i, p->rows.y + (int)(i - p->list.top));
    draw_detail(ctx);
    screen_draw_findings(ctx, &p->panel, WIZ_PART_USERS);
}

static void select_shown(struct screen_ctx *ctx, int how)
{
    struct users_priv *p = ctx->priv;
    struct wizard *w = ctx->model;

    if (how == '=') {
        for (size_t i = 0; i < w->users.n; i++)
            wizard_user_select(w, i, false);
    }
    for (size_t vi = 0; vi < p->n_view; vi++)
        wizard_user_select(w, p->view[vi], how != '-');
    users_layout(ctx, &ctx->body);
}

static void ask_days(struct screen_ctx *ctx)
{
    struct users_priv *p = ctx->priv;
    struct input in;
    char buf[16];
    uint64_t v;

    input_init(&in, 6, false);
    if (p->days) {
        snprintf(buf, sizeof(buf), "%u", p->days);
        input_set(&in, buf);
    }
    if (dialog_prompt(" Used within N days ",
                      "Show users used within N days of the PC's last use "
                      "(empty or 0: all)",
                      &in)) {
        if (!*input_text(&in))
            p->days = 0;
        else if (str_to_u64(input_text(&in), &v) == 0 && v < 100000)
            p->days = (unsigned)v;
        else
            screen_status(ctx, "'%s' is not a number of days",
                          input_text(&in));
        rebuild_view(ctx);
    }
    input_release(&in);
    ctx->dirty = true;
}

static enum screen_result filter_key(struct screen_ctx *ctx, enum action act,
                                     int ch)
{
    struct users_priv *p = ctx->priv;

    if (act == ACT_NEXT || act == ACT_BACK || act == ACT_UP ||
        act == ACT_DOWN || act == ACT_TAB) {
        p->filter_focus = false;
        ctx->mode = KEYMAP_NORMAL;
        if (act == ACT_BACK)
            input_set(&p->filter, "");
        rebuild_view(ctx);
        return SCREEN_HANDLED;
    }
    if (input_handle(&p->filter, act, (uint32_t)ch)) {
        rebuild_view(ctx);
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

static enum screen_result users_handle(struct screen_ctx *ctx,
                                       enum action act, int ch)
{
    struct users_priv *p = ctx->priv;

    if (p->filter_focus)
        return filter_key(ctx, act, ch);
    if (list_move(&p->list, act)) {
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    switch (act) {
    case ACT_TOGGLE:
        if (p->n_view) {
            size_t i = p->view[p->list.cur];

            wizard_user_select(ctx->model, i,
                               !wizard_user_selected(ctx->model, i));
            users_layout(ctx, &ctx->body);
            list_move(&p->list, ACT_DOWN);
        }
        return SCREEN_HANDLED;
    case ACT_FILTER:
        p->filter_focus = true;
        ctx->mode = KEYMAP_TEXT;
        ctx->dirty = true;
        return SCREEN_HANDLED;
    case ACT_CHAR:
        break;
    default:
        return SCREEN_IGNORED;
    }
    switch (ch) {
    case '+':
    case '-':
    case '=':
        select_shown(ctx, ch);
        return SCREEN_HANDLED;
    case 'k':
        p->kind = p->kind == KIND_ALL ? USER_LOCAL :
                  p->kind >= USER_ORPHAN ? KIND_ALL : p->kind + 1;
        rebuild_view(ctx);
        return SCREEN_HANDLED;
    case 'd':
        ask_days(ctx);
        return SCREEN_HANDLED;
    case 'a':
        screen_apply_fix(ctx, WIZ_PART_USERS);
        users_layout(ctx, &ctx->body);
        return SCREEN_HANDLED;
    default:
        return SCREEN_IGNORED;
    }
}

static void users_tick(struct screen_ctx *ctx)
{
    struct users_priv *p = ctx->priv;

    if (!ctx->model->users_ok)
        return;
    bool more = wizard_size_step(ctx->model, SIZE_SLICE_MS);

    if (ctx->model->size_error[0]) {
        /* a profile folder vanished under the walk: say so, once */
        screen_status(ctx, "%s", ctx->model->size_error);
        ctx->model->size_error[0] = '\0';
        ctx->dirty = true;
    }
    if (more) {
        p->spin++;
        ctx->dirty = true;
        /* a size that landed may change the findings, and the panel */
        if (screen_findings_count(ctx, WIZ_PART_USERS) != p->n_found)
            users_layout(ctx, &ctx->body);
    } else if (p->sizing) {
        p->sizing = false;
        users_layout(ctx, &ctx->body);
    }
}

static bool users_can_advance(const struct screen_ctx *ctx,
                              struct wiz_err *why)
{
    if (!ctx->model->users_ok) {
        err_set(why, WIZ_EUSAGE, "the users are not available: %s",
                ctx->model->users_error);
        return false;
    }
    if (!wizard_users_selected(ctx->model)) {
        err_set(why, WIZ_EUSAGE, "select at least one user (Space)");
        return false;
    }
    return true;
}

static void users_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct users_priv *p = ctx->priv;

    if (p->filter_focus) {
        ui_keys_add_typing(t, "to filter");
        ui_keys_add(t, ACT_NEXT, 0, "Enter", "keep filter");
        ui_keys_also(t, ACT_UP);
        ui_keys_also(t, ACT_DOWN);
        ui_keys_also(t, ACT_TAB);
        ui_keys_add(t, ACT_BACK, 0, "Esc", "clear filter");
        return;
    }
    /* most wanted first: a narrow bar leaves out the last ones */
    if (p->n_view &&
        wizard_user_owner(ctx->model, p->view[p->list.cur]) == SIZE_MAX)
        ui_keys_add(t, ACT_TOGGLE, 0, "Space", "pick, go down");
    screen_keys_fix(ctx, t, WIZ_PART_USERS);
    if (p->n_view) {
        ui_keys_add(t, ACT_CHAR, '+', "+-=", "shown");
        ui_keys_add(t, ACT_CHAR, '-', NULL, NULL);
        ui_keys_add(t, ACT_CHAR, '=', NULL, NULL);
    }
    ui_keys_add(t, ACT_FILTER, 0, "/ k d", "filter");
    ui_keys_add(t, ACT_CHAR, 'k', NULL, NULL);
    ui_keys_add(t, ACT_CHAR, 'd', NULL, NULL);
    if (p->n_view)
        screen_keys_list(t, "move");
    screen_keys_flow(t, "next");
}

const struct screen_ops screen_users = {
    .name = "users",
    .title = "Users",
    .enter = users_enter,
    .leave = users_leave,
    .layout = users_layout,
    .draw = users_draw,
    .handle = users_handle,
    .can_advance = users_can_advance,
    .tick = users_tick,
    .key_table = users_key_table,
};

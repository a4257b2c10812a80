/*
 * Accounts (restore): each stored user, the account it lands in on the new
 * PC and the switch that makes it so (same account, /mu, /md, /lac), or
 * left out (/ue).
 * Model: restore_session_account reads; restore_session_leave_out leaves a
 * user out or takes them back; restore_session_move_domain moves every
 * stored user of a domain (/md), restore_session_move_user one user (/mu).
 * With /lac, p asks for the password of the accounts it creates, typed
 * twice, masked (restore_session_set_lac_password: locked memory; set by
 * usmtwiz after loadstate on Result, never on loadstate's line).
 * Keys: Up/Down choose; Space leaves out / takes back; d moves the domain
 * of the user under the cursor, m that user (a prompt each); p the /lac
 * password; Enter goes on.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/plan/loadcmd.h"
#include "core/session/restore.h"
#include "ui/dialog.h"
#include "ui/input.h"
#include "ui/list.h"
#include "ui/text.h"

struct raccounts_priv {
    struct list list;
};

static int raccounts_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct raccounts_priv *p = xcalloc(1, sizeof(*p));

    (void)err;
    ctx->priv = p;
    list_init(&p->list);
    list_set_count(&p->list, ctx->restore->facts.n_users);
    return 0;
}

static void raccounts_leave(struct screen_ctx *ctx)
{
    free(ctx->priv);
}

static void raccounts_layout(struct screen_ctx *ctx, const struct rect *body)
{
    (void)body;
    ctx->dirty = true;
}

/* The lines of stored user i; cur marks the one under the cursor. */
static void user_lines(struct restore_session *s, size_t i, bool cur,
                       struct screen_lines *sl)
{
    const struct restore_user *u = &s->facts.users[i];
    bool out = restore_session_left_out(s, i);
    char *acct, *how;

    restore_session_account(s, i, &acct, &how);
    if (out)
        screen_lines_add(sl, 0, cur ? TEXT_REVERSE : TEXT_DIM,
                         "%s LEFT OUT  %s%s%s (%s)", cur ? ">" : " ",
                         u->domain ? u->domain : "", u->domain ? "\\" : "",
                         u->name ? u->name : "?", u->kind ? u->kind : "?");
    else
        screen_lines_add(sl, 0, cur ? TEXT_REVERSE : TEXT_BOLD,
                         "%s restore   %s%s%s (%s) -> %s", cur ? ">" : " ",
                         u->domain ? u->domain : "", u->domain ? "\\" : "",
                         u->name ? u->name : "?", u->kind ? u->kind : "?",
                         acct);
    screen_lines_add(sl, 12, TEXT_NORMAL, "%s", how);
    screen_lines_add(sl, 12, TEXT_DIM, "%s", u->sid ? u->sid : "no SID");
    free(acct);
    free(how);
}

static void raccounts_draw(struct screen_ctx *ctx)
{
    struct raccounts_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    const struct rect *r = &ctx->body;
    struct screen_lines sl = { 0 };
    char buf[512];
    size_t n = s->facts.n_users, left = 0;

    for (size_t i = 0; i < n; i++)
        left += restore_session_left_out(s, i);
    if (!n) {
        screen_lines_add(&sl, 0, TEXT_WARN, "The store's users are not "
                         "known (no capture report beside it): loadstate "
                         "restores every user it holds, each to the account "
                         "of the same name.");
        screen_lines_draw(&sl, r, 0);
        screen_lines_release(&sl);
        return;
    }
    snprintf(buf, sizeof(buf), "Stored users: %zu, %zu to restore, %zu "
             "left out.  New PC: %s", n, n - left, left,
             s->facts.target_computer ? s->facts.target_computer
                                      : "name not read");
    text_draw(r->y, r->x, r->w, buf, TEXT_BOLD);
    if (s->cmd.lac)
        text_draw(r->y + 1, r->x, r->w, s->lac_password
                  ? "/lac password: set, not shown; given after loadstate"
                  : "/lac: new local accounts created disabled (p: a "
                    "password)", TEXT_NORMAL);
    for (size_t i = 0; i < n; i++)
        user_lines(s, i, i == p->list.cur, &sl);
    struct rect at = { r->y + 2, r->x, r->h - 2, r->w };
    int total = screen_lines_rows(&sl, r->w);
    int first = screen_lines_row_of(&sl, 3 * p->list.cur, r->w);
    int end = screen_lines_row_of(&sl, 3 * p->list.cur + 3, r->w);
    int skip = 0;

    /* the user under the cursor whole on screen */
    if (end > at.h)
        skip = end - at.h;
    if (skip > first)
        skip = first;
    if (total - skip < at.h && total > at.h)
        skip = total - at.h;
    screen_lines_draw(&sl, &at, skip);
    screen_lines_release(&sl);
}

/* Can the user under the cursor be moved: 'd' its domain, 'm' itself? */
static bool can_move(const struct screen_ctx *ctx, int key)
{
    const struct raccounts_priv *p = ctx->priv;
    const struct restore_session *s = ctx->restore;

    if (!s->facts.n_users || restore_session_left_out(s, p->list.cur))
        return false;
    const struct restore_user *u = &s->facts.users[p->list.cur];

    return key == 'd' ? u->domain && u->name : u->name != NULL;
}

/* 'd': every stored user of the domain of the one under the cursor. */
static void move_domain(struct screen_ctx *ctx)
{
    struct raccounts_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    const char *dom = s->facts.users[p->list.cur].domain;
    size_t at = loadcmd_md_index(&s->cmd, dom);
    struct input in;
    struct wiz_err err;
    char old[512], nw[512];
    char label[640];

    input_init(&in, 256, false);
    if (at != (size_t)-1 &&
        loadcmd_split_map(s->cmd.md[at], old, nw, sizeof(old)))
        input_set(&in, nw);
    snprintf(label, sizeof(label), "Every stored user of %s moves to the "
             "domain (/md; empty: they stay in %s):", dom, dom);
    if (dialog_prompt(" Move the domain ", label, &in)) {
        err_clear(&err);
        if (restore_session_move_domain(s, dom, input_text(&in), &err) < 0)
            screen_status(ctx, "%s", err_msg(&err));
        else if (in.len && !str_ieq(input_text(&in), dom))
            screen_status(ctx, "the users of %s move to %s (/md:%s:%s)", dom,
                          input_text(&in), dom, input_text(&in));
        else
            screen_status(ctx, "the users of %s stay in %s", dom, dom);
    }
    input_release(&in);
    ctx->dirty = true;
}

/* 'm': the user under the cursor into another account. */
static void move_user(struct screen_ctx *ctx)
{
    struct raccounts_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    const struct restore_user *u = &s->facts.users[p->list.cur];
    struct input in;
    struct wiz_err err;
    char to[512];
    char label[640];

    input_init(&in, 256, false);
    if (loadcmd_map_account(&s->cmd, NULL, u->name, u->sid, to, sizeof(to),
                            NULL) == LOADCMD_MAP_MU)
        input_set(&in, to);
    snprintf(label, sizeof(label), "The account %s%s%s lands in, as "
             "DOMAIN\\user (/mu; empty: no /mu):", u->domain ? u->domain : "",
             u->domain ? "\\" : "", u->name);
    if (dialog_prompt(" Move the user ", label, &in)) {
        err_clear(&err);
        if (restore_session_move_user(s, p->list.cur, input_text(&in),
                                      &err) < 0)
            screen_status(ctx, "%s", err_msg(&err));
        else if (in.len)
            screen_status(ctx, "%s lands in %s (/mu)", u->name,
                          input_text(&in));
        else
            screen_status(ctx, "%s: no /mu", u->name);
    }
    input_release(&in);
    ctx->dirty = true;
}

/* The longest /lac password typed here (the session takes 127). */
#define LAC_TYPED_MAX 127

/* 'p': the /lac password, twice, masked; an empty first entry clears it. */
static void lac_password(struct screen_ctx *ctx)
{
    struct restore_session *s = ctx->restore;
    struct input one, two;
    struct wiz_err err;

    input_init(&one, LAC_TYPED_MAX, true);
    input_init(&two, LAC_TYPED_MAX, true);
    if (!dialog_prompt(" /lac password ", "Password of the local accounts "
                       "/lac creates (empty: they stay disabled):", &one)) {
        screen_status(ctx, "the password is as it was");
    } else if (!one.len) {
        restore_session_set_lac_password(s, NULL, 0, NULL);
        screen_status(ctx, "no password: the accounts stay disabled");
    } else if (!dialog_prompt(" /lac password ", "The same password "
                              "again:", &two)) {
        screen_status(ctx, "the password is as it was");
    } else if (one.len != two.len ||
               memcmp(input_text(&one), input_text(&two), one.len)) {
        screen_status(ctx, "the two passwords differ: none was set");
    } else {
        err_clear(&err);
        if (restore_session_set_lac_password(s, input_text(&one), one.len,
                                             &err) < 0)
            screen_status(ctx, "%s", err_msg(&err));
        else
            screen_status(ctx, "password set: usmtwiz gives it to the "
                          "restored local accounts after loadstate");
    }
    input_release(&one);
    input_release(&two);
    ctx->dirty = true;
}

static enum screen_result raccounts_handle(struct screen_ctx *ctx,
                                           enum action act, int ch)
{
    struct raccounts_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;

    if (act == ACT_CHAR && ch == 'p') {
        if (!s->cmd.lac)
            return SCREEN_IGNORED;
        lac_password(ctx);
        return SCREEN_HANDLED;
    }
    if (act == ACT_CHAR && (ch == 'd' || ch == 'm')) {
        if (!can_move(ctx, ch))
            return SCREEN_IGNORED;
        if (ch == 'd')
            move_domain(ctx);
        else
            move_user(ctx);
        return SCREEN_HANDLED;
    }
    if (list_move(&p->list, act)) {
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    if (act == ACT_TOGGLE && s->facts.n_users) {
        size_t i = p->list.cur;
        const struct restore_user *u = &s->facts.users[i];
        bool out = !restore_session_left_out(s, i);

        if (!u->name) {
            screen_status(ctx, "this user has no name in the report: /ue "
                          "cannot name it");
            return SCREEN_HANDLED;
        }
        restore_session_leave_out(s, i, out);
        screen_status(ctx, out ? "%s is left out (/ue:*\\%s)"
                               : "%s is restored again", u->name, u->name);
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

static void raccounts_key_table(const struct screen_ctx *ctx,
                                struct ui_keys *t)
{
    const struct restore_session *s = ctx->restore;

    if (s->facts.n_users > 1)
        screen_keys_list(t, "choose");
    if (s->facts.n_users) {
        size_t cur = ((const struct raccounts_priv *)ctx->priv)->list.cur;

        ui_keys_add(t, ACT_TOGGLE, 0, "Space",
                    restore_session_left_out(s, cur) ? "take back"
                                                     : "leave out");
        if (can_move(ctx, 'd'))
            ui_keys_add(t, ACT_CHAR, 'd', "d", "move domain");
        if (can_move(ctx, 'm'))
            ui_keys_add(t, ACT_CHAR, 'm', "m", "move user");
    }
    if (s->cmd.lac)
        ui_keys_add(t, ACT_CHAR, 'p', "p", "lac password");
    screen_keys_flow(t, "next");
}

const struct screen_ops screen_restore_accounts = {
    .name = "restore-accounts",
    .title = "Accounts",
    .enter = raccounts_enter,
    .leave = raccounts_leave,
    .layout = raccounts_layout,
    .draw = raccounts_draw,
    .handle = raccounts_handle,
    .key_table = raccounts_key_table,
};

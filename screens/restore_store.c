/*
 * Store (restore): the stores found on the new PC's drives, newest first,
 * with what each holds (source PC, Windows, date, users, kind, encrypted,
 * the capture's result); the one under the cursor is opened, so the
 * findings below it are about that store.  A store given with --store
 * heads the list.
 * Model: restore_find_stores to list; restore_session_open for the store
 * under the cursor (facts gathered, default loadstate line).
 * Keys: Up/Down or PgUp/PgDn choose; Enter takes the store.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/session/restore.h"
#include "platform/sys.h"
#include "ui/list.h"
#include "ui/text.h"

struct rstore_priv {
    struct restore_stores found;
    const char **win;           /* per row: the store as Windows sees it */
    const struct restore_store **st;    /* per row, NULL for --store's */
    char *given;                /* the store open on entry, not found */
    size_t n;
    struct list list;
    char error[512];            /* the row under the cursor cannot open */
};

static const char *row_name(const struct restore_store *st)
{
    return st->win ? st->win : st->host;
}

/* Open the store under the cursor unless it is the open one. */
static void open_current(struct screen_ctx *ctx)
{
    struct rstore_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    struct wiz_err err;

    if (!p->n)
        return;
    const char *want = p->win[p->list.cur];

    p->error[0] = '\0';
    if (s->cmd.store && str_ieq(s->cmd.store, want))
        return;
    err_clear(&err);
    if (restore_session_open(s, want, &err) < 0)
        snprintf(p->error, sizeof(p->error), "%s", err_msg(&err));
    ctx->dirty = true;
}

static int rstore_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct rstore_priv *p = xcalloc(1, sizeof(*p));
    struct restore_session *s = ctx->restore;
    size_t k = 0;

    (void)err;
    ctx->priv = p;
    list_init(&p->list);
    restore_find_stores(&s->vols, NULL, &p->found);
    p->win = xcalloc(p->found.n + 1, sizeof(*p->win));
    p->st = xcalloc(p->found.n + 1, sizeof(*p->st));
    bool listed = false;

    for (size_t i = 0; s->cmd.store && i < p->found.n; i++)
        listed |= str_ieq(row_name(&p->found.s[i]), s->cmd.store);
    if (s->cmd.store && !listed) {
        p->given = xstrdup(s->cmd.store);
        p->win[k++] = p->given;
    }
    for (size_t i = 0; i < p->found.n; i++) {
        p->st[k] = &p->found.s[i];
        p->win[k++] = row_name(&p->found.s[i]);
    }
    p->n = k;
    list_set_count(&p->list, p->n);
    for (size_t i = 0; s->cmd.store && i < p->n; i++) {
        if (str_ieq(p->win[i], s->cmd.store))
            list_select(&p->list, i);
    }
    open_current(ctx);
    return 0;
}

static void rstore_leave(struct screen_ctx *ctx)
{
    struct rstore_priv *p = ctx->priv;

    restore_stores_release(&p->found);
    free(p->win);
    free(p->st);
    free(p->given);
    free(p);
}

static void rstore_layout(struct screen_ctx *ctx, const struct rect *body)
{
    struct rstore_priv *p = ctx->priv;
    int h = body->h / 3 - 1;

    if (p->n && (size_t)h > p->n)
        h = (int)p->n;
    list_set_height(&p->list, (size_t)(h > 1 ? h : 1));
    ctx->dirty = true;
}

static void when_text(int64_t t, char *buf, size_t n)
{
    struct sys_tm tm;

    if (!t) {
        snprintf(buf, n, "date unknown");
        return;
    }
    sys_localtime(t, &tm);
    snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", tm.year + 1900, tm.mon + 1,
             tm.mday, tm.hour, tm.min);
}

/* What the store under the cursor holds, then its findings. */
static void details(struct screen_ctx *ctx, struct screen_lines *sl)
{
    struct rstore_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    const struct restore_store *st = p->st[p->list.cur];
    const struct restore_facts *f = &s->facts;
    char when[64];

    if (p->error[0]) {
        screen_lines_add(sl, 0, TEXT_ERROR, "Cannot open it: %s", p->error);
        return;
    }
    if (st && st->has_report) {
        when_text(st->finished, when, sizeof(when));
        screen_lines_add(sl, 0, TEXT_NORMAL, "Captured on %s (%s), %s; "
                         "capture result: %s", st->computer ? st->computer
                         : "?", st->windows ? st->windows : "Windows not "
                         "recorded", when, st->result ? st->result :
                         "not recorded");
        screen_lines_add(sl, 0, TEXT_NORMAL, "%s store%s, %zu user%s:",
                         st->kind ? st->kind : "unknown kind of",
                         st->encrypted ? ", encrypted" : "", st->n_users,
                         st->n_users == 1 ? "" : "s");
    } else if (f->report_known) {
        screen_lines_add(sl, 0, TEXT_NORMAL, "Captured on %s, %s store%s, "
                         "%zu users:", f->source_computer ?
                         f->source_computer : "?", f->store_kind ?
                         f->store_kind : "unknown kind of", f->encrypted ?
                         ", encrypted" : "", f->n_users);
    } else {
        screen_lines_add(sl, 0, TEXT_WARN, "No capture report beside it: "
                         "what it holds is not known.");
    }
    for (size_t i = 0; f->report_known && i < f->n_users; i++)
        screen_lines_add(sl, 2, TEXT_NORMAL, "%s (%s, %s)",
                         f->users[i].name ? f->users[i].name : "?",
                         f->users[i].kind ? f->users[i].kind : "?",
                         f->users[i].sid ? f->users[i].sid : "no SID");
    for (size_t i = 0; i < s->notes.n; i++)
        screen_lines_add(sl, 0, TEXT_WARN, "note: %s", s->notes.items[i]);
    screen_lines_add(sl, 0, TEXT_BOLD | TEXT_UNDERLINE, "Findings for this "
                     "store (Review lists them all again):");
    screen_lines_findings(s, sl, false);
}

static void rstore_draw(struct screen_ctx *ctx)
{
    struct rstore_priv *p = ctx->priv;
    const struct rect *r = &ctx->body;
    char buf[1024], when[64];
    int row = 0;

    if (!p->n) {
        struct screen_lines sl = { 0 };

        screen_lines_add(&sl, 0, TEXT_ERROR, "No store was found on the new "
                         "PC's drives.");
        screen_lines_add(&sl, 0, TEXT_NORMAL, "A store is a folder with "
                         "usmtwiz-report.xml beside it, or USMT\\USMT.MIG, "
                         "USMT\\File or USMT\\hardlink.main, at most four "
                         "levels below a drive's root.  Connect the disk "
                         "that holds it, or start again with --store DIR.");
        screen_lines_draw(&sl, r, 0);
        screen_lines_release(&sl);
        return;
    }
    snprintf(buf, sizeof(buf), "Stores on the new PC's drives, newest first: "
             "%zu", p->n);
    text_draw(r->y + row++, r->x, r->w, buf, TEXT_BOLD);
    for (size_t i = p->list.top; list_is_visible(&p->list, i); i++) {
        const struct restore_store *st = p->st[i];
        bool cur = i == p->list.cur;

        if (!st)
            snprintf(buf, sizeof(buf), "%s %s  (given with --store)",
                     cur ? ">" : " ", p->win[i]);
        else if (st->has_report) {
            when_text(st->finished, when, sizeof(when));
            snprintf(buf, sizeof(buf), "%s %s  %s  %s  %zu user%s%s",
                     cur ? ">" : " ", p->win[i], st->computer ?
                     st->computer : "?", when, st->n_users,
                     st->n_users == 1 ? "" : "s",
                     st->encrypted ? "  encrypted" : "");
        } else {
            snprintf(buf, sizeof(buf), "%s %s  (no capture report)",
                     cur ? ">" : " ", p->win[i]);
        }
        struct rect at = { r->y + row, r->x, 1, r->w };
        struct rect none = { 0, 0, 0, r->w };
        int need = text_draw_wrapped(&none, 0, buf, TEXT_NORMAL);

        /* a row too long for the width is drawn shorter, never cut */
        if (need > 1 && st)
            snprintf(buf, sizeof(buf), "%s %s  %zu user%s", cur ? ">" : " ",
                     p->win[i], st->n_users, st->n_users == 1 ? "" : "s");
        text_draw_cell(at.y, at.x, at.w, buf, cur ? TEXT_REVERSE : 0);
        row++;
    }
    row = 1 + (int)p->list.height + 1;

    struct screen_lines sl = { 0 };
    struct rect d = { r->y + row, r->x, r->h - row, r->w };

    details(ctx, &sl);
    if (screen_lines_rows(&sl, d.w) > d.h) {
        /* the last row says what is left out: Review shows it whole */
        d.h--;
        text_draw(d.y + d.h, d.x, d.w, "more: Review shows every finding "
                  "whole", TEXT_DIM);
    }
    screen_lines_draw(&sl, &d, 0);
    screen_lines_release(&sl);
}

static enum screen_result rstore_handle(struct screen_ctx *ctx,
                                        enum action act, int ch)
{
    struct rstore_priv *p = ctx->priv;

    (void)ch;
    if (list_move(&p->list, act)) {
        open_current(ctx);
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

static bool rstore_can_advance(const struct screen_ctx *ctx,
                               struct wiz_err *why)
{
    const struct rstore_priv *p = ctx->priv;

    if (!p->n)
        return err_set(why, WIZ_EUSAGE, "no store was found") == 0;
    if (p->error[0])
        return err_set(why, WIZ_EUSAGE, "%s", p->error) == 0;
    return true;
}

static void rstore_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct rstore_priv *p = ctx->priv;

    if (p->n > 1) {
        ui_keys_add(t, ACT_UP, 0, "Up/Down", "choose");
        ui_keys_also(t, ACT_DOWN);
        ui_keys_add(t, ACT_PAGE_UP, 0, "PgUp/PgDn", "choose");
        ui_keys_also(t, ACT_PAGE_DOWN);
        ui_keys_also(t, ACT_HOME);
        ui_keys_also(t, ACT_END);
    }
    if (p->n && !p->error[0])
        ui_keys_add(t, ACT_NEXT, 0, "Enter", "take this store");
}

const struct screen_ops screen_restore_store = {
    .name = "restore-store",
    .title = "Store",
    .enter = rstore_enter,
    .leave = rstore_leave,
    .layout = rstore_layout,
    .draw = rstore_draw,
    .handle = rstore_handle,
    .can_advance = rstore_can_advance,
    .key_table = rstore_key_table,
};

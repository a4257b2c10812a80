/*
 * Result (restore): loadstate's return code with its meaning and fix, each
 * stored user restored or not with its reason, where the restore report
 * went (beside the store and on the new PC), the logs, what to do next.
 * The report is written on entry.
 * Model: restore_session_write_report, restore_session_result, the
 * per-user outcome and reason; restore_session_remove_store after a
 * confirmation (default No) for a hard-link store.
 * Keys: PgUp/PgDn or Up/Down scroll; r removes the hard-link store (asked
 * first); Enter leaves.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/run/report.h"
#include "core/session/restore.h"
#include "core/usmt/retcodes.h"
#include "ui/dialog.h"
#include "ui/text.h"

struct rresult_priv {
    struct screen_lines text;
    struct screen_lines lac;    /* what the /lac password step did */
    int skip;
    int rows;
    char report_error[512];
};

static void build(struct screen_ctx *ctx)
{
    struct rresult_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    struct screen_lines *t = &p->text;
    const char *res = restore_session_result(s);
    const struct retcode *rc = retcode_by_code(s->rc);
    struct strbuf sb = STRBUF_INIT;

    if (s->rc == 0)
        strbuf_adds(&sb, "USMT_SUCCESS: loadstate finished");
    else
        retcode_one_line(s->rc, &sb);
    screen_lines_add(t, 0, !strcmp(res, "success") ? TEXT_OK | TEXT_BOLD
                                                   : TEXT_ERROR,
                     "Restore %s: loadstate returned %d (%s)", res, s->rc,
                     sb.buf);
    strbuf_release(&sb);
    if (rc && s->rc != 0 && rc->meaning)
        screen_lines_add(t, 2, TEXT_NORMAL, "%s", rc->meaning);
    if (rc && s->rc != 0 && rc->fix)
        screen_lines_add(t, 2, TEXT_NORMAL, "Fix: %s", rc->fix);
    if (s->cancelled)
        screen_lines_add(t, 2, TEXT_WARN, "The restore was stopped on "
                         "request.");
    screen_lines_add(t, 0, TEXT_NORMAL, "%s", "");
    screen_lines_add(t, 0, TEXT_BOLD | TEXT_UNDERLINE, "Stored users:");
    for (size_t i = 0; i < s->facts.n_users; i++) {
        const struct restore_user *u = &s->facts.users[i];
        bool ok = s->outcome[i] == RESTORE_RESTORED;
        char *acct, *how;

        restore_session_account(s, i, &acct, &how);
        if (ok)
            screen_lines_add(t, 2, TEXT_OK, "%s: RESTORED as %s (%s)",
                             u->name ? u->name : "?", acct,
                             s->why ? s->why[i] : "");
        else
            screen_lines_add(t, 2, TEXT_WARN, "%s: NOT RESTORED: %s",
                             u->name ? u->name : "?",
                             s->why ? s->why[i] : "not known");
        free(acct);
        free(how);
    }
    if (!s->facts.n_users)
        screen_lines_add(t, 2, TEXT_NORMAL, "not known (no capture report "
                         "beside the store): see loadstate.log");
    screen_lines_add(t, 0, TEXT_NORMAL, "%s", "");
    screen_lines_add(t, 0, TEXT_BOLD | TEXT_UNDERLINE, "Report and logs:");
    for (size_t i = 0; i < 2; i++) {
        if (!s->report_dirs_win[i])
            continue;
        screen_lines_add(t, 2, TEXT_NORMAL, "Report: %s\\%s",
                         s->report_dirs_win[i], RESTORE_REPORT_TEXT_NAME);
        if (s->target_root)
            screen_lines_add(t, 4, TEXT_DIM, "on this machine: %s",
                             s->report_dirs[i]);
    }
    if (p->report_error[0])
        screen_lines_add(t, 2, TEXT_ERROR, "%s", p->report_error);
    screen_lines_add(t, 2, TEXT_NORMAL, "Log: %s", s->cmd.l ? s->cmd.l
                                                          : "none");
    for (size_t i = 0; i < p->lac.n; i++)
        screen_lines_add(t, p->lac.l[i].indent, p->lac.l[i].attr, "%s",
                         p->lac.l[i].text);
    screen_lines_add(t, 0, TEXT_NORMAL, "%s", "");
    screen_lines_add(t, 0, TEXT_BOLD | TEXT_UNDERLINE, "Next:");
    if (s->cancelled || s->rc != 0) {
        screen_lines_add(t, 2, TEXT_NORMAL, "Fix the cause above (loadstate."
                         "log names it), then run usmtwiz restore again: "
                         "the store is unchanged.");
    } else if (!restore_session_complete(s)) {
        screen_lines_add(t, 2, TEXT_NORMAL, "A stored user is not on the new "
                         "PC: see its reason above and loadstate.log.");
    } else {
        screen_lines_add(t, 2, TEXT_NORMAL, "Each user signs out and in "
                         "once: wallpaper, fonts and screen saver apply at "
                         "the next sign-in.");
        if (s->store_removed)
            screen_lines_add(t, 2, TEXT_OK, "The hard-link store was "
                             "removed (usmtutils /rd).");
        else if (s->cmd.hardlink)
            screen_lines_add(t, 2, TEXT_NORMAL, "The hard-link store can be "
                             "removed with usmtutils /rd once the users have "
                             "checked their data: r removes it (asked "
                             "first).");
    }
}

static void said_enabled(const char *account, void *arg)
{
    screen_lines_add(arg, 2, TEXT_OK, "Password set and account enabled: "
                     "%s", account);
}

/*
 * After a run that returned 0: the password typed on Accounts (or read
 * from --lac-password-file) given to each restored local account, then
 * wiped from memory.
 */
static void apply_lac(struct screen_ctx *ctx)
{
    struct rresult_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    struct wiz_err e;

    if (!s->lac_password || !s->cmd.lac)
        return;
    err_clear(&e);
    if (s->rc != 0)
        screen_lines_add(&p->lac, 2, TEXT_WARN, "loadstate did not succeed: "
                         "no account got the /lac password.");
    else if (restore_session_apply_lac_password(s, said_enabled, &p->lac,
                                                &e) < 0)
        screen_lines_add(&p->lac, 2, TEXT_ERROR, "The /lac password was not "
                         "set: %s", err_msg(&e));
    restore_session_set_lac_password(s, NULL, 0, NULL);
}

static int rresult_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct rresult_priv *p = xcalloc(1, sizeof(*p));
    struct restore_session *s = ctx->restore;
    struct wiz_err e;

    (void)err;
    ctx->priv = p;
    apply_lac(ctx);
    err_clear(&e);
    if (!s->report_dirs[0] && !s->report_dirs[1] &&
        restore_session_write_report(s, &e) < 0)
        snprintf(p->report_error, sizeof(p->report_error), "%s",
                 err_msg(&e));
    build(ctx);
    return 0;
}

static void rresult_leave(struct screen_ctx *ctx)
{
    struct rresult_priv *p = ctx->priv;

    screen_lines_release(&p->text);
    screen_lines_release(&p->lac);
    free(p);
}

static void rresult_layout(struct screen_ctx *ctx, const struct rect *body)
{
    struct rresult_priv *p = ctx->priv;

    p->rows = screen_lines_rows(&p->text, body->w);
    ctx->dirty = true;
}

static void rresult_draw(struct screen_ctx *ctx)
{
    struct rresult_priv *p = ctx->priv;

    p->rows = screen_lines_rows(&p->text, ctx->body.w);
    screen_lines_draw(&p->text, &ctx->body, p->skip);
}

static enum screen_result rresult_handle(struct screen_ctx *ctx,
                                         enum action act, int ch)
{
    struct rresult_priv *p = ctx->priv;

    if (act == ACT_CHAR && ch == 'r' &&
        restore_session_can_remove_store(ctx->restore)) {
        struct wiz_err e;

        if (!dialog_confirm(" Remove the store ", "Remove the hard-link "
                            "store with usmtutils /rd?  The users' files on "
                            "this PC stay; the store folder goes, with the "
                            "capture and restore reports beside it (the "
                            "restore report's copy under ProgramData "
                            "stays).", "Remove", "Keep", false)) {
            screen_status(ctx, "the hard-link store stays");
            return SCREEN_HANDLED;
        }
        err_clear(&e);
        if (restore_session_remove_store(ctx->restore, &e) < 0)
            screen_status(ctx, "%s", err_msg(&e));
        else
            screen_status(ctx, "the hard-link store was removed");
        screen_lines_release(&p->text);
        build(ctx);
        p->rows = screen_lines_rows(&p->text, ctx->body.w);
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    if (act == ACT_NEXT)
        return SCREEN_DONE;
    if (screen_scroll(&p->skip, p->rows, ctx->body.h, act)) {
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

static void rresult_key_table(const struct screen_ctx *ctx,
                              struct ui_keys *t)
{
    const struct rresult_priv *p = ctx->priv;

    if (p->rows > ctx->body.h)
        screen_keys_scroll(t);
    if (restore_session_can_remove_store(ctx->restore))
        ui_keys_add(t, ACT_CHAR, 'r', "r", "remove store");
    ui_keys_add(t, ACT_NEXT, 0, "Enter", "leave");
}

const struct screen_ops screen_restore_result = {
    .name = "restore-result",
    .title = "Result",
    .enter = rresult_enter,
    .leave = rresult_leave,
    .layout = rresult_layout,
    .draw = rresult_draw,
    .handle = rresult_handle,
    .key_table = rresult_key_table,
};

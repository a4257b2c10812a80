/*
 * Key (restore): the key of an encrypted store, typed masked (one '*' a
 * character, never echoed), checked against the fingerprint the capture
 * recorded.  Passed over for a store that is not encrypted.
 * Model: restore_session_set_key; reads facts.key_fingerprint and
 * facts.given_fp.
 * Keys: typing edits; Enter sets the key and goes on; Esc back.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/plan/keyfile.h"
#include "core/session/restore.h"
#include "ui/input.h"
#include "ui/text.h"

struct rkey_priv {
    struct input in;
};

static bool rkey_skip(const struct screen_ctx *ctx)
{
    return !ctx->restore->cmd.decrypt;
}

static int rkey_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct rkey_priv *p = xcalloc(1, sizeof(*p));

    (void)err;
    ctx->priv = p;
    input_init(&p->in, KEYFILE_MAX_KEY, true);
    ctx->mode = KEYMAP_TEXT;
    return 0;
}

static void rkey_leave(struct screen_ctx *ctx)
{
    struct rkey_priv *p = ctx->priv;

    input_release(&p->in);
    free(p);
}

static void rkey_layout(struct screen_ctx *ctx, const struct rect *body)
{
    (void)body;
    ctx->dirty = true;
}

/* Does the key set match the capture's fingerprint: 1, 0, -1 unknown? */
static int key_matches(const struct restore_session *s)
{
    if (!s->key || !s->facts.key_fingerprint || !s->facts.given_fp[0])
        return -1;
    return strcmp(s->facts.key_fingerprint, s->facts.given_fp) == 0;
}

static void rkey_draw(struct screen_ctx *ctx)
{
    struct rkey_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    const struct rect *r = &ctx->body;
    struct screen_lines sl = { 0 };
    int m = key_matches(s);

    screen_lines_add(&sl, 0, TEXT_NORMAL, "The store was encrypted at "
                     "capture time (%s): loadstate needs the same key "
                     "(/decrypt%s%s).", s->cmd.decrypt_alg ?
                     s->cmd.decrypt_alg : "algorithm not recorded",
                     s->cmd.decrypt_alg ? ":" : "", s->cmd.decrypt_alg ?
                     s->cmd.decrypt_alg : "");
    screen_lines_add(&sl, 0, TEXT_NORMAL, "It is typed here, shown as one "
                     "* a character, and reaches loadstate only through a "
                     "private key file that is wiped when the run ends: "
                     "never the command line, a log, the screen or a "
                     "report.");
    screen_lines_add(&sl, 0, TEXT_NORMAL, "%s", "");
    screen_lines_draw(&sl, r, 0);
    int row = screen_lines_rows(&sl, r->w);

    text_draw(r->y + row, r->x, 5, "Key:", TEXT_BOLD);
    text_draw_input(r->y + row, r->x + 5, r->w - 5, &p->in, true);
    row += 2;
    const char *state = !s->key ? "No key is set yet."
        : m == 1 ? "A key is set: it matches the fingerprint the capture "
                   "recorded."
        : m == 0 ? "The key set is NOT the capture's: its fingerprint "
                   "differs from the one the capture recorded.  Type the "
                   "right key."
                 : "A key is set.  The capture recorded no fingerprint: "
                   "loadstate tells whether it is right.";
    struct screen_lines st = { 0 };
    struct rect at = { r->y + row, r->x, r->h - row, r->w };

    screen_lines_add(&st, 0, m == 0 ? TEXT_ERROR : m == 1 ? TEXT_OK
                                                          : TEXT_NORMAL,
                     "%s", state);
    if (s->key && m != 0 && p->in.len == 0)
        screen_lines_add(&st, 0, TEXT_NORMAL, "Enter keeps it; typing a "
                         "new one replaces it.");
    screen_lines_draw(&st, &at, 0);
    screen_lines_release(&st);
    screen_lines_release(&sl);
}

static enum screen_result rkey_handle(struct screen_ctx *ctx,
                                      enum action act, int ch)
{
    struct rkey_priv *p = ctx->priv;
    struct restore_session *s = ctx->restore;
    struct wiz_err err;

    if (act == ACT_NEXT) {
        if (!p->in.len)
            return s->key && key_matches(s) != 0 ? SCREEN_NEXT
                                                  : SCREEN_HANDLED;
        err_clear(&err);
        if (restore_session_set_key(s, input_text(&p->in), p->in.len,
                                    &err) < 0) {
            screen_status(ctx, "%s", err_msg(&err));
            return SCREEN_HANDLED;
        }
        input_set(&p->in, "");
        if (key_matches(s) == 0) {
            screen_status(ctx, "not the capture's key: type it again");
            return SCREEN_HANDLED;
        }
        return SCREEN_NEXT;
    }
    if (input_handle(&p->in, act, (uint32_t)ch)) {
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

static bool rkey_can_advance(const struct screen_ctx *ctx,
                             struct wiz_err *why)
{
    if (!ctx->restore->key)
        return err_set(why, WIZ_EUSAGE, "type the store's key") == 0;
    if (key_matches(ctx->restore) == 0)
        return err_set(why, WIZ_EUSAGE, "the key is not the capture's") == 0;
    return true;
}

static void rkey_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct rkey_priv *p = ctx->priv;

    ui_keys_add_typing(t, "the key");
    if (p->in.len)
        ui_keys_add(t, ACT_NEXT, 0, "Enter", "set the key");
    else if (ctx->restore->key && key_matches(ctx->restore) != 0)
        ui_keys_add(t, ACT_NEXT, 0, "Enter", "keep it");
    ui_keys_add(t, ACT_BACK, 0, "Esc", "back");
}

const struct screen_ops screen_restore_key = {
    .name = "restore-key",
    .title = "Key",
    .enter = rkey_enter,
    .leave = rkey_leave,
    .layout = rkey_layout,
    .draw = rkey_draw,
    .handle = rkey_handle,
    .can_advance = rkey_can_advance,
    .key_table = rkey_key_table,
    .skip = rkey_skip,
};

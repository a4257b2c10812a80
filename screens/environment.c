/*
 * Environment: where we run (Windows PE or not, architecture), the X: RAM
 * disk, the USMT folder (scanstate.exe found, its architecture and version,
 * missing DLLs, migration XML), MSXML.  Problems show here before any
 * choice is made.
 * Model: reads env, volume_root, note; runs wizard_probe_env.
 * Keys: r probe again; a apply fix; Enter next (no Esc: the first step).
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/session/wizard.h"
#include "platform/sys.h"
#include "ui/text.h"

struct env_priv {
    struct rect main_part;
    struct rect panel;
};

static int env_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    (void)err;
    ctx->priv = xcalloc(1, sizeof(struct env_priv));
    wizard_probe_env(ctx->model, false);
    if (ctx->model->note[0])
        screen_status(ctx, "%s", ctx->model->note);
    return 0;
}

static void env_leave(struct screen_ctx *ctx)
{
    free(ctx->priv);
}

static void env_layout(struct screen_ctx *ctx, const struct rect *body)
{
    struct env_priv *p = ctx->priv;

    layout_split_findings(body, screen_findings_count(ctx, WIZ_PART_ENV), &p->main_part, &p->panel);
}

static void env_draw(struct screen_ctx *ctx)
{
    struct env_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;
    const struct usmt_env *e = &w->env;
    const struct rect *r = &p->main_part;
    struct strbuf sb = STRBUF_INIT;
    char buf[1024];
    int row = 0;
    const int lw = 14;

    if (!w->env_ok) {
        row = screen_draw_field(r, row, lw, "Environment:", "not available",
                                TEXT_ERROR);
        snprintf(buf, sizeof(buf), "cannot probe the environment: %s",
                 w->env_error);
        row = screen_draw_field(r, row, lw, "", buf, TEXT_NORMAL);
        row++;
    }
    if (w->env_ok) {
        usmtenv_describe(e, &sb);
        for (char *line = sb.buf; line && *line && row < r->h;) {
            char *nl = strchr(line, '\n');

            if (nl)
                *nl = '\0';
            text_draw(r->y + row++, r->x, r->w, line,
                      str_starts_with(line, "Problem") ||
                      str_icasestr(line, "missing") ||
                      str_icasestr(line, "not found") ? TEXT_ERROR :
                      TEXT_NORMAL);
            line = nl ? nl + 1 : NULL;
        }
    } else {
        snprintf(buf, sizeof(buf), "%s", sys_is_winpe() ? "Windows PE" :
                 "not Windows PE (practice or preparation)");
        row = screen_draw_field(r, row, lw, "Running in:", buf, TEXT_NORMAL);
    }
    row++;
    row = screen_draw_field(r, row, lw, "Volumes from:",
                            w->volume_root ? w->volume_root :
                            "this machine", TEXT_NORMAL);
    if (!w->usmt_dir)
        row = screen_draw_field(r, row, lw, "USMT folder:",
                                "none given (start with --usmt DIR)",
                                TEXT_WARN);
    (void)row;
    strbuf_release(&sb);
    screen_draw_findings(ctx, &p->panel, WIZ_PART_ENV);
}

static enum screen_result env_handle(struct screen_ctx *ctx, enum action act,
                                     int ch)
{
    if (act != ACT_CHAR)
        return SCREEN_IGNORED;
    if (ch == 'r') {
        wizard_probe_env(ctx->model, true);
        env_layout(ctx, &ctx->body);
        screen_status(ctx, "probed again");
        return SCREEN_HANDLED;
    }
    if (ch == 'a') {
        screen_apply_fix(ctx, WIZ_PART_ENV);
        env_layout(ctx, &ctx->body);
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

/* The first step: nothing to go back to, so Esc is not offered. */
static void env_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    ui_keys_add(t, ACT_CHAR, 'r', "r", "probe again");
    screen_keys_fix(ctx, t, WIZ_PART_ENV);
    ui_keys_add(t, ACT_NEXT, 0, "Enter", "next");
}

const struct screen_ops screen_environment = {
    .name = "environment",
    .title = "Environment",
    .enter = env_enter,
    .leave = env_leave,
    .layout = env_layout,
    .draw = env_draw,
    .handle = env_handle,
    .key_table = env_key_table,
};

/*
 * Options: continue on errors (/c), verbosity (/v), EFS handling (/efs),
 * local only (/localonly), list files (/listfiles), encryption (a key typed
 * twice and masked, with a strength hint, or a key file) and free extra
 * switches, linted while they are typed.
 * Model: reads the plan; changes continue on errors, verbosity, EFS,
 * local only, /listfiles, encryption, key (secret), key file, extra
 * switches and the key typed again through the wizard's setters.
 * Keys: Up/Down field, Space/Left/Right change, a fix.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/plan/winquote.h"
#include "core/session/wizard.h"
#include "ui/input.h"
#include "ui/text.h"

enum opt_field {
    OF_C,
    OF_V,
    OF_EFS,
    OF_LOCAL,
    OF_LIST,
    OF_ENC,
    OF_KEY,
    OF_KEY2,
    OF_KEYFILE,
    OF_EXTRA,
    OF_COUNT
};

static const int verbosities[] = { 0, 1, 4, 5, 8, 9, 12, 13 };
static const enum plan_efs efs_values[] = {
    PLAN_EFS_UNSET, PLAN_EFS_ABORT, PLAN_EFS_SKIP, PLAN_EFS_DECRYPTCOPY,
    PLAN_EFS_COPYRAW, PLAN_EFS_HARDLINK,
};

struct opt_priv {
    int focus;
    struct input key, key2, keyfile, extra;
    char *lint;                 /* switches scanstate would not know */
    struct rect main_part, panel;
};

static bool visible(const struct wizard *w, int f)
{
    if (f == OF_KEY || f == OF_KEY2)
        return w->encrypt_mode == 1;
    if (f == OF_KEYFILE)
        return w->encrypt_mode == 2;
    return true;
}

static struct input *field_input(struct opt_priv *p, int f)
{
    switch (f) {
    case OF_KEY:
        return &p->key;
    case OF_KEY2:
        return &p->key2;
    case OF_KEYFILE:
        return &p->keyfile;
    case OF_EXTRA:
        return &p->extra;
    default:
        return NULL;
    }
}

static void set_mode(struct screen_ctx *ctx)
{
    struct opt_priv *p = ctx->priv;

    ctx->mode = field_input(p, p->focus) ? KEYMAP_TEXT : KEYMAP_NORMAL;
}

static void join_extra(const struct plan *plan, struct input *in)
{
    char *s;

    if (!plan->extra_args.n)
        return;
    s = winquote_join(NULL, (const char *const *)plan->extra_args.items,
                      plan->extra_args.n);
    input_set(in, s);
    free(s);
}

static int opt_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct opt_priv *p = xcalloc(1, sizeof(*p));
    struct wizard *w = ctx->model;

    (void)err;
    ctx->priv = p;
    wizard_default_options(w);
    input_init(&p->key, 256, true);
    input_init(&p->key2, 256, true);
    input_init(&p->keyfile, 1024, false);
    input_init(&p->extra, 4096, false);
    if (w->plan.key)
        input_set(&p->key, w->plan.key);
    if (w->key_confirm)
        input_set(&p->key2, w->key_confirm);
    if (w->plan.keyfile)
        input_set(&p->keyfile, w->plan.keyfile);
    join_extra(&w->plan, &p->extra);
    p->focus = OF_C;
    set_mode(ctx);
    return 0;
}

static void opt_leave(struct screen_ctx *ctx)
{
    struct opt_priv *p = ctx->priv;

    input_release(&p->key);
    input_release(&p->key2);
    input_release(&p->keyfile);
    input_release(&p->extra);
    free(p->lint);
    free(p);
}

static void opt_layout(struct screen_ctx *ctx, const struct rect *body)
{
    struct opt_priv *p = ctx->priv;

    layout_split_findings(body, screen_findings_count(ctx, WIZ_PART_OPTIONS | WIZ_PART_EXTRA), &p->main_part, &p->panel);
    ctx->dirty = true;
}

/* A rough hint: length and character classes (no dictionary). */
static const char *key_strength(const char *k)
{
    size_t n = 0;
    int lower = 0, upper = 0, digit = 0, other = 0;

    for (const unsigned char *s = (const unsigned char *)k; *s; s++) {
        if ((*s & 0xc0) != 0x80)
            n++;
        if (*s >= 'a' && *s <= 'z')
            lower = 1;
        else if (*s >= 'A' && *s <= 'Z')
            upper = 1;
        else if (*s >= '0' && *s <= '9')
            digit = 1;
        else
            other = 1;
    }
    int classes = lower + upper + digit + other;

    if (n == 0)
        return "empty";
    if (n < 8 || classes < 2)
        return "weak: use 12+ characters of several kinds";
    if (n < 12 || classes < 3)
        return "fair";
    return "strong";
}

static int draw_label(struct screen_ctx *ctx, int row, int f,
                      const char *label)
{
    struct opt_priv *p = ctx->priv;
    const struct rect *r = &p->main_part;

    if (row < r->h)
        text_draw(r->y + row, r->x, 24, label,
                  p->focus == f ? TEXT_BOLD | TEXT_REVERSE : TEXT_BOLD);
    return row;
}

static int draw_value(struct screen_ctx *ctx, int row, int f,
                      const char *value, unsigned attr)
{
    struct opt_priv *p = ctx->priv;
    const struct rect *r = &p->main_part;

    draw_label(ctx, row, f, NULL);
    if (row < r->h)
        text_draw(r->y + row, r->x + 24, r->w - 24, value,
                  attr | (p->focus == f ? TEXT_UNDERLINE : 0));
    return row + 1;
}

static int draw_input(struct screen_ctx *ctx, int row, int f)
{
    struct opt_priv *p = ctx->priv;
    const struct rect *r = &p->main_part;

    if (row < r->h)
        text_draw_input(r->y + row, r->x + 24, r->w - 24, field_input(p, f),
                        p->focus == f);
    return row + 1;
}

static void opt_draw(struct screen_ctx *ctx)
{
    struct opt_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;
    const struct plan *plan = &w->plan;
    const struct rect *r = &p->main_part;
    char buf[512];
    int row = 0;

    draw_label(ctx, row, OF_C, "Continue on errors:");
    row = draw_value(ctx, row, OF_C, plan->continue_on_error ?
                     "[x] /c (skip files that fail, log them)" :
                     "[ ] stop at the first error", TEXT_NORMAL);
    draw_label(ctx, row, OF_V, "Verbosity (/v):");
    snprintf(buf, sizeof(buf), "< %d >%s", plan->verbosity == PLAN_UNSET ?
             0 : plan->verbosity, plan->verbosity >= 13 ?
             "  (everything, for diagnosis)" : "");
    row = draw_value(ctx, row, OF_V, buf, TEXT_NORMAL);
    draw_label(ctx, row, OF_EFS, "Encrypted files (/efs):");
    snprintf(buf, sizeof(buf), "< %s >", plan->efs == PLAN_EFS_UNSET ?
             "not given: the capture stops at an EFS file" :
             plan_efs_name(plan->efs));
    row = draw_value(ctx, row, OF_EFS, buf, TEXT_NORMAL);
    draw_label(ctx, row, OF_LOCAL, "Local drives only:");
    row = draw_value(ctx, row, OF_LOCAL, plan->localonly ?
                     "[x] /localonly" : "[ ] all drives", TEXT_NORMAL);
    draw_label(ctx, row, OF_LIST, "List files:");
    snprintf(buf, sizeof(buf), "%s", plan->listfiles_path ?
             plan->listfiles_path : "");
    row = draw_value(ctx, row, OF_LIST, plan->listfiles_path ?
                     buf : "[ ] no /listfiles", TEXT_NORMAL);
    row++;
    draw_label(ctx, row, OF_ENC, "Encrypt the store:");
    row = draw_value(ctx, row, OF_ENC, w->encrypt_mode == 0 ? "< no >" :
                     w->encrypt_mode == 1 ? "< yes, with a key typed here >" :
                     "< yes, with a key file >", TEXT_NORMAL);
    if (w->encrypt_mode == 1) {
        draw_label(ctx, row, OF_KEY, "  Key:");
        row = draw_input(ctx, row, OF_KEY);
        draw_label(ctx, row, OF_KEY2, "  Key again:");
        row = draw_input(ctx, row, OF_KEY2);
        bool differ = strcmp(input_text(&p->key), input_text(&p->key2));

        snprintf(buf, sizeof(buf), "%s; strength: %s",
                 differ ? "THE TWO KEYS DIFFER" : *input_text(&p->key) ?
                 "both match" : "type the key twice",
                 key_strength(input_text(&p->key)));
        if (row < r->h)
            text_draw(r->y + row, r->x + 24, r->w - 24, buf,
                      strcmp(input_text(&p->key), input_text(&p->key2)) ?
                      TEXT_ERROR : TEXT_NORMAL);
        row++;
    } else if (w->encrypt_mode == 2) {
        draw_label(ctx, row, OF_KEYFILE, "  Key file:");
        row = draw_input(ctx, row, OF_KEYFILE);
    }
    row++;
    draw_label(ctx, row, OF_EXTRA, "Extra switches:");
    row = draw_input(ctx, row, OF_EXTRA);
    if (p->lint && row < r->h) {
        snprintf(buf, sizeof(buf), "  not scanstate switches: %s", p->lint);
        text_draw(r->y + row, r->x + 24, r->w - 24, buf, TEXT_ERROR);
    }
    screen_draw_findings(ctx, &p->panel, WIZ_PART_OPTIONS | WIZ_PART_EXTRA);
}

static void cycle(struct screen_ctx *ctx, int dir)
{
    struct opt_priv *p = ctx->priv;
    struct wizard *w = ctx->model;
    const struct plan *plan = &w->plan;
    size_t nv = sizeof(verbosities) / sizeof(verbosities[0]);
    size_t ne = sizeof(efs_values) / sizeof(efs_values[0]);
    size_t i;

    switch (p->focus) {
    case OF_C:
        wizard_set_continue(w, !plan->continue_on_error);
        break;
    case OF_V:
        for (i = 0; i < nv && verbosities[i] != plan->verbosity; i++)
            ;
        i = i == nv ? 0 : (i + nv + (size_t)(dir > 0 ? 1 : nv - 1)) % nv;
        wizard_set_verbosity(w, verbosities[i]);
        break;
    case OF_EFS:
        for (i = 0; i < ne && efs_values[i] != plan->efs; i++)
            ;
        i = i == ne ? 0 : (i + (dir > 0 ? 1 : ne - 1)) % ne;
        wizard_set_efs(w, efs_values[i]);
        break;
    case OF_LOCAL:
        wizard_set_localonly(w, !plan->localonly);
        break;
    case OF_LIST:
        wizard_set_listfiles(w, !plan->listfiles_path);
        break;
    case OF_ENC:
        wizard_set_encrypt(w, (w->encrypt_mode + (dir > 0 ? 1 : 2)) % 3);
        wizard_set_key(w, w->encrypt_mode == 1 &&
                       *input_text(&p->key) ? input_text(&p->key) : NULL);
        wizard_set_keyfile(w, w->encrypt_mode == 2 &&
                           *input_text(&p->keyfile) ?
                           input_text(&p->keyfile) : NULL);
        break;
    default:
        return;
    }
    wizard_touch(w);
    opt_layout(ctx, &ctx->body);
}

static void commit_input(struct screen_ctx *ctx)
{
    struct opt_priv *p = ctx->priv;
    struct wizard *w = ctx->model;
    struct wiz_err err;

    switch (p->focus) {
    case OF_KEY:
        wizard_set_key(w, *input_text(&p->key) ? input_text(&p->key) : NULL);
        break;
    case OF_KEY2:
        wizard_set_key_confirm(w, input_text(&p->key2));
        break;
    case OF_KEYFILE:
        wizard_set_keyfile(w, *input_text(&p->keyfile) ?
                           input_text(&p->keyfile) : NULL);
        break;
    case OF_EXTRA:
        free(p->lint);
        p->lint = NULL;
        err_clear(&err);
        if (wizard_set_extra(w, input_text(&p->extra), &p->lint, &err) < 0)
            p->lint = xstrdup(err_msg(&err));
        break;
    default:
        return;
    }
    wizard_touch(w);
    opt_layout(ctx, &ctx->body);
}

static void move_focus(struct screen_ctx *ctx, int dir)
{
    struct opt_priv *p = ctx->priv;

    do {
        p->focus = (p->focus + OF_COUNT + dir) % OF_COUNT;
    } while (!visible(ctx->model, p->focus));
    set_mode(ctx);
    ctx->dirty = true;
}

static enum screen_result opt_handle(struct screen_ctx *ctx, enum action act,
                                     int ch)
{
    struct opt_priv *p = ctx->priv;
    struct input *in = field_input(p, p->focus);

    switch (act) {
    case ACT_UP:
    case ACT_BACKTAB:
        move_focus(ctx, -1);
        return SCREEN_HANDLED;
    case ACT_DOWN:
    case ACT_TAB:
        move_focus(ctx, 1);
        return SCREEN_HANDLED;
    default:
        break;
    }
    if (in) {
        if (input_handle(in, act, (uint32_t)ch)) {
            commit_input(ctx);
            return SCREEN_HANDLED;
        }
        return SCREEN_IGNORED;
    }
    if (act == ACT_TOGGLE || act == ACT_RIGHT) {
        cycle(ctx, 1);
        return SCREEN_HANDLED;
    }
    if (act == ACT_LEFT) {
        cycle(ctx, -1);
        return SCREEN_HANDLED;
    }
    if (act == ACT_CHAR && ch == 'a') {
        screen_apply_fix(ctx, WIZ_PART_OPTIONS | WIZ_PART_EXTRA);
        input_set(&p->extra, "");
        join_extra(&ctx->model->plan, &p->extra);
        opt_layout(ctx, &ctx->body);
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

static bool opt_can_advance(const struct screen_ctx *ctx, struct wiz_err *why)
{
    const struct opt_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;

    if (w->encrypt_mode == 1) {
        if (!*input_text(&p->key)) {
            err_set(why, WIZ_EUSAGE, "type the encryption key (twice)");
            return false;
        }
        if (strcmp(input_text(&p->key), input_text(&p->key2))) {
            err_set(why, WIZ_EUSAGE, "the two keys differ: type the same "
                    "key twice");
            return false;
        }
    }
    if (w->encrypt_mode == 2 && !*input_text(&p->keyfile)) {
        err_set(why, WIZ_EUSAGE, "give the key file");
        return false;
    }
    if (p->lint) {
        err_set(why, WIZ_EUSAGE, "extra switches: not scanstate switches: %s",
                p->lint);
        return false;
    }
    return true;
}

static void opt_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct opt_priv *p = ctx->priv;

    ui_keys_add(t, ACT_UP, 0, "Up/Down", "field");
    ui_keys_also(t, ACT_DOWN);
    ui_keys_also(t, ACT_TAB);
    ui_keys_also(t, ACT_BACKTAB);
    if (p->focus == OF_KEY || p->focus == OF_KEY2 || p->focus == OF_KEYFILE ||
        p->focus == OF_EXTRA) {
        ui_keys_add_typing(t, "the value");
    } else {
        ui_keys_add(t, ACT_TOGGLE, 0, "Space/Left/Right", "change");
        ui_keys_also(t, ACT_LEFT);
        ui_keys_also(t, ACT_RIGHT);
        screen_keys_fix(ctx, t, WIZ_PART_OPTIONS | WIZ_PART_EXTRA);
    }
    screen_keys_flow(t, "next");
}

const struct screen_ops screen_options = {
    .name = "options",
    .title = "Options",
    .enter = opt_enter,
    .leave = opt_leave,
    .layout = opt_layout,
    .draw = opt_draw,
    .handle = opt_handle,
    .can_advance = opt_can_advance,
    .key_table = opt_key_table,
};

/*
 * Volume: every volume, with or without Windows, with its facts (letter,
 * label, size, file system, Windows product/build/architecture, computer
 * name, last shutdown) and flags (BitLocker-locked, hibernated, Fast
 * Startup, dirty hives, several Windows folders).  A volume that cannot be
 * used says why.
 * A BitLocker-locked volume shows its key protector IDs (to look the
 * recovery key up by) and u unlocks it: the 48-digit recovery password,
 * typed masked and checked block by block as it is typed, or a .BEK key
 * file; then the scan runs again and its Windows appears.
 * Model: runs wizard_scan; wizard_choose_row sets the offline switch and
 * loads the users; wizard_unlock_row unlocks a locked volume.
 * Keys: arrows move, Enter chooses, r scans again, u unlock (a locked
 * volume), a apply fix.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/bitlocker.h"
#include "core/session/wizard.h"
#include "platform/sys.h"
#include "ui/dialog.h"
#include "ui/input.h"
#include "ui/list.h"
#include "ui/text.h"

#define DETAIL_ROWS 8

struct vol_priv {
    struct list list;
    struct rect head, rows, detail, panel;
};

static void vol_sync(struct screen_ctx *ctx)
{
    struct vol_priv *p = ctx->priv;

    list_set_count(&p->list, ctx->model->n_rows);
    list_select(&p->list, wizard_default_row(ctx->model));
}

static int vol_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct vol_priv *p = xcalloc(1, sizeof(*p));

    (void)err;
    ctx->priv = p;
    list_init(&p->list);
    wizard_scan(ctx->model, false);
    vol_sync(ctx);
    return 0;
}

static void vol_leave(struct screen_ctx *ctx)
{
    free(ctx->priv);
}

static void vol_layout(struct screen_ctx *ctx, const struct rect *body)
{
    struct vol_priv *p = ctx->priv;
    struct rect main_part;

    layout_split_findings(body, screen_findings_count(ctx, WIZ_PART_VOLUME), &main_part, &p->panel);
    p->head = main_part;
    p->head.h = 1;
    p->detail = main_part;
    p->detail.h = DETAIL_ROWS;
    p->detail.y = main_part.y + main_part.h - DETAIL_ROWS;
    p->rows = main_part;
    p->rows.y = main_part.y + 1;
    p->rows.h = main_part.h - 1 - DETAIL_ROWS - 1;
    if (p->rows.h < 1)
        p->rows.h = 1;
    list_set_height(&p->list, (size_t)p->rows.h);
}

static void flags_text(const struct winvol *v, const struct winos *os,
                       struct strbuf *sb)
{
    if (v->vol.locked)
        strbuf_adds(sb, "BitLocker-locked, ");
    if (os) {
        if (os->hibernated)
            strbuf_adds(sb, "hibernated, ");
        if (os->fast_startup)
            strbuf_adds(sb, "Fast Startup on, ");
        if (os->dirty)
            strbuf_addf(sb, "dirty hives (%s), ", os->dirty_hives ?
                        os->dirty_hives : "?");
        if (os->arch_mismatch)
            strbuf_adds(sb, "architecture unclear, ");
    }
    if (v->n_os > 1)
        strbuf_addf(sb, "%zu Windows folders, ", v->n_os);
    if (v->vol.readonly)
        strbuf_adds(sb, "read-only, ");
    if (sb->len >= 2)
        strbuf_setlen(sb, sb->len - 2);
}

static void vol_name(const struct winvol *v, char *buf, size_t n)
{
    if (v->vol.letter)
        snprintf(buf, n, "%c:", v->vol.letter);
    else
        snprintf(buf, n, "%s", v->vol.root ? v->vol.root : "?");
}

static void draw_row(struct screen_ctx *ctx, size_t i, int y)
{
    struct vol_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;
    const struct winvol *v;
    const struct winos *os;
    bool cur = i == p->list.cur;
    bool chosen;
    unsigned attr = cur ? TEXT_REVERSE : TEXT_NORMAL;
    char buf[256], size[32];
    int x = p->rows.x;

    wizard_row_get(w, i, &v, &os);
    chosen = w->os_chosen && w->rows[i].vol == w->vol_sel &&
             w->rows[i].os == w->os_sel;
    text_fill(y, x, p->rows.w, attr);
    text_draw(y, x, 2, cur ? ">" : chosen ? "*" : " ", attr | TEXT_BOLD);
    x += 2;
    vol_name(v, buf, sizeof(buf));
    text_draw_cell(y, x, 3, buf, attr);
    x += 4;
    text_draw_cell(y, x, 12, v->vol.label, attr);
    x += 13;
    text_draw_right(y, x, 9, str_human_size(v->vol.total_bytes, size,
                                            sizeof(size)), attr);
    x += 10;
    text_draw_cell(y, x, 6, v->vol.fs, attr);
    x += 7;
    if (os) {
        const char *name = os->friendly ? os->friendly : "Windows";
        const char *paren = strstr(name, " (");
        int room = p->rows.x + p->rows.w - x;

        snprintf(buf, sizeof(buf), "%s%s%s", name,
                 os->computer_name && *os->computer_name ? "  " : "",
                 os->computer_name ? os->computer_name : "");
        /* too narrow: the build and architecture stay in the details */
        if (text_width(buf) > room && paren)
            snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(paren - name), name,
                     os->computer_name && *os->computer_name ? "  " : "",
                     os->computer_name ? os->computer_name : "");
    } else
        snprintf(buf, sizeof(buf), "(%s)", w->rows[i].why_not ?
                 w->rows[i].why_not : "no Windows");
    text_draw(y, x, p->rows.x + p->rows.w - x, buf,
              attr | (w->rows[i].usable ? 0 : TEXT_DIM));
}

static void draw_detail(struct screen_ctx *ctx)
{
    struct vol_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;
    const struct rect *r = &p->detail;
    const struct winvol *v;
    const struct winos *os;
    struct strbuf sb = STRBUF_INIT;
    char buf[512], fr[32], tot[32];
    int row = 0;
    const int lw = 15;

    if (p->list.n == 0)
        return;
    wizard_row_get(w, p->list.cur, &v, &os);
    vol_name(v, buf, sizeof(buf));
    strbuf_addf(&sb, "%s %s  %s free of %s, %s, %s", buf, v->vol.label,
                str_human_size(v->vol.free_bytes, fr, sizeof(fr)),
                str_human_size(v->vol.total_bytes, tot, sizeof(tot)),
                *v->vol.fs ? v->vol.fs : "file system unknown",
                vol_kind_name(v->vol.kind));
    row = screen_draw_field(r, row, lw, "Volume:", sb.buf, TEXT_NORMAL);
    if (os) {
        /* the same name as the list above (build >= 22000: Windows 11) */
        snprintf(buf, sizeof(buf), "%s  %s",
                 os->windir_win ? os->windir_win : "?",
                 os->friendly ? os->friendly : "Windows");
        row = screen_draw_field(r, row, lw, "Windows:", buf, TEXT_NORMAL);
        if (os->last_shutdown) {
            struct sys_tm tm;

            sys_localtime(os->last_shutdown, &tm);
            snprintf(buf, sizeof(buf), "%s%s%s, last shut down "
                     "%04d-%02d-%02d %02d:%02d",
                     os->computer_name ? os->computer_name : "?",
                     os->domain && *os->domain ? " in " : "",
                     os->domain ? os->domain : "", tm.year + 1900,
                     tm.mon + 1, tm.mday, tm.hour, tm.min);
        } else {
            snprintf(buf, sizeof(buf), "%s, last shutdown unknown",
                     os->computer_name ? os->computer_name : "?");
        }
        row = screen_draw_field(r, row, lw, "Computer:", buf, TEXT_NORMAL);
    }
    strbuf_reset(&sb);
    flags_text(v, os, &sb);
    row = screen_draw_field(r, row, lw, "Flags:", sb.len ? sb.buf : "none",
                            sb.len ? TEXT_WARN : TEXT_NORMAL);
    if (v->vol.locked) {
        for (size_t i = 0; i < v->n_protectors; i++) {
            snprintf(buf, sizeof(buf), "%s  %s", v->protectors[i].id,
                     vol_protector_kind_name(v->protectors[i].kind));
            row = screen_draw_field(r, row, lw, i ? "" : "Key IDs:", buf,
                                    TEXT_NORMAL);
        }
        if (v->protectors_problem)
            row = screen_draw_field(r, row, lw, "Key IDs:",
                                    v->protectors_problem, TEXT_WARN);
    }
    if (!w->rows[p->list.cur].usable && row < r->h) {
        struct rect why = { r->y + row, r->x + lw, r->h - row, r->w - lw };

        text_draw(r->y + row, r->x, lw, "Cannot use:", TEXT_ERROR);
        text_draw_wrapped(&why, 0, w->rows[p->list.cur].why_not ?
                          w->rows[p->list.cur].why_not : "?", TEXT_NORMAL);
    }
    strbuf_release(&sb);
}

static void vol_draw(struct screen_ctx *ctx)
{
    struct vol_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;

    {
        int y = p->head.y, hx = p->head.x;
        unsigned a = TEXT_BOLD | TEXT_UNDERLINE;

        text_fill(y, hx, p->head.w, a);
        text_draw(y, hx + 2, 3, "Vol", a);
        text_draw(y, hx + 6, 12, "Label", a);
        text_draw_right(y, hx + 19, 9, "Size", a);
        text_draw(y, hx + 29, 6, "FS", a);
        text_draw(y, hx + 36, p->head.w - 36, "Windows and computer", a);
    }
    if (!w->scan_ok) {
        char buf[600];

        snprintf(buf, sizeof(buf), "Volumes: not available: %s",
                 w->scan_error);
        text_draw(p->rows.y, p->rows.x, p->rows.w, buf, TEXT_ERROR);
    } else if (!w->n_rows) {
        text_draw(p->rows.y, p->rows.x, p->rows.w,
                  "No volumes found.", TEXT_WARN);
    }
    for (size_t i = p->list.top; i < p->list.n && list_is_visible(&p->list, i);
         i++)
        draw_row(ctx, i, p->rows.y + (int)(i - p->list.top));
    draw_detail(ctx);
    screen_draw_findings(ctx, &p->panel, WIZ_PART_VOLUME);
}

/* ---- unlocking ---------------------------------------------------------- */

struct note_buf {
    char text[128];
};

/* The check under the masked password, redone after every key. */
static const char *password_note(const char *typed, bool *bad, void *arg)
{
    struct note_buf *nb = arg;
    char pw[BL_PASSWORD_SIZE];
    int block;
    struct wiz_err err;
    int r;

    sys_lock_memory(pw, sizeof(pw));
    r = bitlocker_password_check(typed, pw, &block, &err);
    sys_unlock_memory(pw, sizeof(pw));
    if (r == 0)
        snprintf(nb->text, sizeof(nb->text), "all 8 blocks are valid: Enter "
                 "tries it");
    else if (r == -2 && block == 1)
        snprintf(nb->text, sizeof(nb->text), "8 blocks of 6 digits, each "
                 "checked as it is typed");
    else if (r == -2)
        snprintf(nb->text, sizeof(nb->text), "%d of 8 blocks right so far",
                 block - 1);
    else {
        *bad = true;
        snprintf(nb->text, sizeof(nb->text), "%s", err_msg(&err));
    }
    return nb->text;
}

static void unlocked(struct screen_ctx *ctx, char letter)
{
    vol_sync(ctx);
    vol_layout(ctx, &ctx->body);
    ctx->dirty = true;
    screen_status(ctx, "volume %c: unlocked: its contents are listed",
                  letter);
}

static void unlock_password(struct screen_ctx *ctx, size_t row, char letter,
                            const char *title)
{
    struct input in;
    struct note_buf nb;
    struct wiz_err err;
    int block;

    input_init(&in, 128, true);
    for (;;) {
        if (!dialog_prompt_note(title, "Recovery password, 48 digits (shown "
                                "as *):", &in, password_note, &nb)) {
            screen_status(ctx, "volume %c: not unlocked", letter);
            break;
        }
        err_clear(&err);
        if (wizard_unlock_row(ctx->model, row, input_text(&in), NULL, &block,
                              &err) == 0) {
            unlocked(ctx, letter);
            break;
        }
        /* the text stays, so a wrong block can be mended */
        dialog_message(" Not unlocked ", err_msg(&err));
    }
    input_release(&in);
    ctx->dirty = true;
}

static void unlock_keyfile(struct screen_ctx *ctx, size_t row, char letter,
                           const char *title)
{
    struct input in;
    struct wiz_err err;
    int block;

    input_init(&in, 1024, false);
    for (;;) {
        if (!dialog_prompt(title, "Path of the .BEK key file:", &in) ||
            !*input_text(&in)) {
            screen_status(ctx, "volume %c: not unlocked", letter);
            break;
        }
        err_clear(&err);
        if (wizard_unlock_row(ctx->model, row, NULL, input_text(&in), &block,
                              &err) == 0) {
            unlocked(ctx, letter);
            break;
        }
        dialog_message(" Not unlocked ", err_msg(&err));
    }
    input_release(&in);
    ctx->dirty = true;
}

static void unlock_volume(struct screen_ctx *ctx)
{
    struct vol_priv *p = ctx->priv;
    const struct winvol *v;
    const struct winos *os;
    struct strbuf sb = STRBUF_INIT;
    char title[32];
    char letter;
    int c;

    wizard_row_get(ctx->model, p->list.cur, &v, &os);
    letter = v->vol.letter ? v->vol.letter : '?';
    snprintf(title, sizeof(title), " Unlock %c: ", letter);
    strbuf_addf(&sb, "Volume %c: is locked by BitLocker. Look its recovery "
                "key up by its key ID (Microsoft account, Entra ID, Active "
                "Directory, or a printout):\n\n", letter);
    for (size_t i = 0; i < v->n_protectors; i++)
        strbuf_addf(&sb, "  %s  %s\n", v->protectors[i].id,
                    vol_protector_kind_name(v->protectors[i].kind));
    if (v->protectors_problem)
        strbuf_addf(&sb, "  Key IDs: %s\n", v->protectors_problem);
    else if (!v->n_protectors)
        strbuf_adds(&sb, "  (no key protector is listed)\n");
    strbuf_adds(&sb, "\np  type the 48-digit recovery password\n"
                "k  give a .BEK key file (on a USB stick: {ID}.BEK)\n");
    c = dialog_text_keys(title, sb.buf, "pk",
                         " p password  k key file  Esc cancel ");
    strbuf_release(&sb);
    if (c == 'p')
        unlock_password(ctx, p->list.cur, letter, title);
    else if (c == 'k')
        unlock_keyfile(ctx, p->list.cur, letter, title);
    ctx->dirty = true;
}

static enum screen_result vol_handle(struct screen_ctx *ctx, enum action act,
                                     int ch)
{
    struct vol_priv *p = ctx->priv;
    struct wiz_err err;

    if (list_move(&p->list, act)) {
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    if (act == ACT_NEXT || act == ACT_TOGGLE) {
        err_clear(&err);
        if (wizard_choose_row(ctx->model, p->list.cur, &err) < 0) {
            screen_status(ctx, "%s", err_msg(&err));
            return SCREEN_HANDLED;
        }
        wizard_touch(ctx->model);
        vol_layout(ctx, &ctx->body);
        ctx->dirty = true;
        return act == ACT_NEXT ? SCREEN_NEXT : SCREEN_HANDLED;
    }
    if (act == ACT_CHAR && ch == 'r') {
        wizard_scan(ctx->model, true);
        vol_sync(ctx);
        vol_layout(ctx, &ctx->body);
        screen_status(ctx, "scanned again: %zu volume rows",
                      ctx->model->n_rows);
        return SCREEN_HANDLED;
    }
    if (act == ACT_CHAR && ch == 'u' && p->list.n &&
        wizard_row_locked(ctx->model, p->list.cur)) {
        unlock_volume(ctx);
        return SCREEN_HANDLED;
    }
    if (act == ACT_CHAR && ch == 'a') {
        screen_apply_fix(ctx, WIZ_PART_VOLUME);
        vol_layout(ctx, &ctx->body);
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

static bool vol_can_advance(const struct screen_ctx *ctx, struct wiz_err *why)
{
    if (!ctx->model->os_chosen) {
        err_set(why, WIZ_EUSAGE, "choose a volume with a usable Windows "
                "installation");
        return false;
    }
    return true;
}

static void vol_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct vol_priv *p = ctx->priv;

    if (p->list.n)
        ui_keys_add(t, ACT_TOGGLE, 0, "Space", "choose");
    if (p->list.n && wizard_row_locked(ctx->model, p->list.cur))
        ui_keys_add(t, ACT_CHAR, 'u', "u", "unlock");
    ui_keys_add(t, ACT_CHAR, 'r', "r", "rescan");
    screen_keys_fix(ctx, t, WIZ_PART_VOLUME);
    if (p->list.n)
        screen_keys_list(t, "move");
    screen_keys_flow(t, "next");
}

const struct screen_ops screen_volume = {
    .name = "volume",
    .title = "Volume",
    .enter = vol_enter,
    .leave = vol_leave,
    .layout = vol_layout,
    .draw = vol_draw,
    .handle = vol_handle,
    .can_advance = vol_can_advance,
    .key_table = vol_key_table,
};

#include "ui/loop.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "platform/sys.h"
#include "ui/dialog.h"
#include "ui/frame.h"
#include "ui/keymap.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/screen.h"
#include "ui/term.h"

#define TICK_MS 100

struct ui {
    struct wizard *model;
    struct ui_hooks hooks;
    const struct screen_ops *const *screens;
    size_t n;
    size_t cur;
    const char **titles;
    struct screen_ctx ctx;
    struct layout lay;
    bool need_layout;
    char msg[1024];        /* the loop's own message (why Next refused) */
    bool msg_is_error;
};

static const struct screen_ops *cur_ops(const struct ui *ui)
{
    return ui->screens[ui->cur];
}

/* Does screen i have nothing to ask now (it is passed over)? */
static bool skipped(const struct ui *ui, size_t i)
{
    return ui->screens[i]->skip && ui->screens[i]->skip(&ui->ctx);
}

static void relayout(struct ui *ui)
{
    int cols, lines;

    term_size(&cols, &lines);
    layout_compute(cols, lines, &ui->lay);
    ui->ctx.body = ui->lay.body;
    if (!ui->lay.too_small && cur_ops(ui)->layout)
        cur_ops(ui)->layout(&ui->ctx, &ui->lay.body);
    ui->need_layout = false;
    ui->ctx.dirty = true;
}

/* The keys that work now: the screen's, then help and quit. */
static void current_keys(const struct ui *ui, struct ui_keys *t)
{
    bool text = ui->ctx.mode == KEYMAP_TEXT;

    ui_keys_init(t);
    if (cur_ops(ui)->key_table) {
        cur_ops(ui)->key_table(&ui->ctx, t);
    } else {
        /* a screen without a table gets every key: name the flow's */
        ui_keys_add(t, ACT_NEXT, 0, "Enter", "next");
        if (ui->cur > 0)
            ui_keys_add(t, ACT_BACK, 0, "Esc", "back");
    }
    if (ui->hooks.help_text && !ui_keys_has(t, ACT_HELP, 0))
        ui_keys_add(t, ACT_HELP, 0, text ? "F1" : "?", "help");
    if (!ui_keys_has(t, ACT_QUIT, 0))
        ui_keys_add(t, ACT_QUIT, 0, text ? "F10" : "q", "quit");
}

/* Draw everything (no flush); also the dialogs' backdrop. */
static void paint(void *arg, bool resized)
{
    struct ui *ui = arg;
    const struct screen_ops *ops = cur_ops(ui);
    struct frame_info fi;
    struct ui_keys keys;
    char left[512], right[256];

    if (resized || ui->need_layout)
        relayout(ui);
    term_erase();
    if (ui->lay.too_small) {
        frame_draw_too_small(&ui->lay);
        ui->ctx.dirty = false;
        return;
    }
    ops->draw(&ui->ctx);
    memset(&fi, 0, sizeof(fi));
    fi.title = ops->title;
    /* the step line names the screens that are shown, in order */
    for (size_t i = 0; i < ui->n; i++) {
        if (i != ui->cur && skipped(ui, i))
            continue;
        if (i == ui->cur)
            fi.step = fi.nsteps;
        ui->titles[fi.nsteps++] = ui->screens[i]->title;
    }
    fi.step_titles = ui->titles;
    fi.badge = ui->hooks.badge;
    fi.status = ui->msg[0] ? ui->msg : ui->ctx.status;
    fi.status_is_error = ui->msg[0] && ui->msg_is_error;
    current_keys(ui, &keys);
    ui_keys_bar(&keys, ui->lay.keys.w, left, sizeof(left), right,
                sizeof(right));
    fi.keys = left;
    fi.nav = right;
    frame_draw(&ui->lay, &fi);
    ui->ctx.dirty = false;
}

static int enter_screen(struct ui *ui, size_t i, struct wiz_err *err)
{
    ui->cur = i;
    memset(&ui->ctx.status, 0, sizeof(ui->ctx.status));
    ui->ctx.priv = NULL;
    ui->ctx.mode = KEYMAP_NORMAL;
    ui->ctx.dirty = true;
    log_info("screen: %s", cur_ops(ui)->name);
    if (ui->hooks.entering)
        ui->hooks.entering(ui->model);
    if (cur_ops(ui)->enter(&ui->ctx, err) < 0)
        return -1;
    ui->need_layout = true;
    return 0;
}

static void leave_screen(struct ui *ui)
{
    if (cur_ops(ui)->leave)
        cur_ops(ui)->leave(&ui->ctx);
    ui->ctx.priv = NULL;
}

static void go_to(struct ui *ui, size_t target)
{
    size_t from = ui->cur;
    struct wiz_err err;

    leave_screen(ui);
    err_clear(&err);
    if (enter_screen(ui, target, &err) < 0) {
        snprintf(ui->msg, sizeof(ui->msg), "cannot open %s: %s",
                 cur_ops(ui)->title, err_msg(&err));
        ui->msg_is_error = true;
        if (enter_screen(ui, from, NULL) < 0)
            BUG("screen '%s' cannot be entered again", ui->screens[from]->name);
    }
}

static bool confirm_quit(struct ui *ui)
{
    bool yes;

    if (!ui->hooks.would_lose || !ui->hooks.would_lose(ui->model))
        return true;
    yes = dialog_confirm("Quit usmtwiz?",
                         "The choices you made will be lost. Quit anyway?",
                         "Quit", "Stay", false);
    /* the dialog's backdrop painted over the screen: draw it again */
    ui->ctx.dirty = true;
    return yes;
}

static void show_help(struct ui *ui)
{
    char *text, *help, *keys_text;
    char title[128];
    struct ui_keys keys;

    if (!ui->hooks.help_text)
        return;
    help = ui->hooks.help_text(ui->model, cur_ops(ui)->name);
    current_keys(ui, &keys);
    keys_text = ui_keys_help(&keys);
    text = xasprintf("Keys that work here now:\n%s\n%s", keys_text, help);
    free(keys_text);
    free(help);
    snprintf(title, sizeof(title), " Help: %s ", cur_ops(ui)->title);
    if (ui->hooks.explain_prompt) {
        while (dialog_text_keys(title, text, "e", " Up/Down PgUp/PgDn scroll"
                                "  e explain a rule  Esc close ") == 'e')
            ui->hooks.explain_prompt();
    } else {
        dialog_text(title, text);
    }
    free(text);
    ui->ctx.dirty = true;
}

/* Next was asked for: go on when the screen allows it. */
static bool advance(struct ui *ui, enum ui_outcome *outcome)
{
    struct wiz_err why;
    const struct screen_ops *ops = cur_ops(ui);

    err_clear(&why);
    if (ops->can_advance && !ops->can_advance(&ui->ctx, &why)) {
        snprintf(ui->msg, sizeof(ui->msg), "Cannot go on: %s",
                 why.msg[0] ? why.msg : "this step is not complete");
        ui->msg_is_error = true;
        ui->ctx.dirty = true;
        return false;
    }
    size_t next = ui->cur + 1;

    while (next < ui->n && skipped(ui, next))
        next++;
    if (next >= ui->n) {
        *outcome = UI_DONE;
        return true;
    }
    go_to(ui, next);
    return false;
}

/* Returns true when the loop should end. */
static bool dispatch(struct ui *ui, enum action act, int ch,
                     enum ui_outcome *outcome)
{
    enum screen_result res = SCREEN_IGNORED;

    if (ui->lay.too_small) {
        if (act == ACT_QUIT) {
            *outcome = UI_QUIT;
            return confirm_quit(ui);
        }
        return false;
    }
    if (ui->msg[0]) {
        ui->msg[0] = '\0';
        ui->ctx.dirty = true;
    }
    {
        struct ui_keys keys;

        /* only the keys the bar and the help name do anything */
        current_keys(ui, &keys);
        if (cur_ops(ui)->key_table && !ui_keys_has(&keys, act, ch) &&
            act != ACT_QUIT)
            return false;
    }
    res = cur_ops(ui)->handle(&ui->ctx, act, ch);
    if (res == SCREEN_IGNORED) {
        switch (act) {
        case ACT_NEXT:
            res = SCREEN_NEXT;
            break;
        case ACT_BACK:
            res = SCREEN_BACK;
            break;
        case ACT_QUIT:
            res = SCREEN_QUIT;
            break;
        case ACT_HELP:
            show_help(ui);
            return false;
        default:
            return false;
        }
    }
    switch (res) {
    case SCREEN_NEXT:
        return advance(ui, outcome);
    case SCREEN_BACK: {
        size_t prev = ui->cur;

        while (prev > 0 && skipped(ui, prev - 1))
            prev--;
        if (prev > 0)
            go_to(ui, prev - 1);
        return false;
    }
    case SCREEN_QUIT:
        *outcome = UI_QUIT;
        ui->ctx.dirty = true;
        return confirm_quit(ui);
    case SCREEN_DONE:
        *outcome = UI_DONE;
        return true;
    default:
        return false;
    }
}

int ui_run(struct wizard *model, const struct ui_hooks *hooks,
           const struct screen_ops *const *screens, size_t n,
           enum ui_outcome *outcome, struct wiz_err *err)
{
    struct ui ui;
    uint64_t last_tick = 0;

    if (!n)
        BUG("no screens");
    memset(&ui, 0, sizeof(ui));
    ui.model = model;
    if (hooks)
        ui.hooks = *hooks;
    ui.screens = screens;
    ui.n = n;
    ui.titles = xcalloc(n, sizeof(*ui.titles));
    ui.ctx.model = model;
    ui.ctx.restore = ui.hooks.restore;
    if (term_begin(err) < 0) {
        free(ui.titles);
        return -1;
    }
    sys_signals_install(term_end);
    dialog_set_backdrop(paint, &ui);
    *outcome = UI_QUIT;
    if (enter_screen(&ui, 0, err) < 0) {
        term_end();
        free(ui.titles);
        return -1;
    }
    for (;;) {
        const struct screen_ops *ops = cur_ops(&ui);
        int ch = 0;
        bool is_key = false;
        int got;

        if (sys_terminated() || term_is_gone()) {
            /*
             * SIGTERM, SIGHUP or a terminal that went away: end now on
             * every screen, asking nothing; a capture goes on (attach)
             */
            log_info("wizard: %s", term_is_gone() ? "the terminal is gone"
                                                  : "asked to end");
            sys_signals_ending();
            *outcome = UI_INTERRUPTED;
            break;
        }
        if (sys_interrupted()) {
            /* a screen may take Ctrl+C itself (Run: confirm a cancel) */
            sys_interrupt_clear();
            if (!ops->interrupt || !ops->interrupt(&ui.ctx)) {
                *outcome = UI_INTERRUPTED;
                break;
            }
        }
        if (ui.need_layout || ui.ctx.dirty) {
            paint(&ui, ui.need_layout);
            term_flush();
        }
        got = term_read(ops->tick ? TICK_MS : -1, &ch, &is_key);
        if (ops->tick && sys_monotonic_ms() - last_tick >= TICK_MS) {
            last_tick = sys_monotonic_ms();
            ops->tick(&ui.ctx);
        }
        if (!got)
            continue;
        enum action act = keymap_translate(ui.ctx.mode, ch, is_key);

        if (act == ACT_RESIZE) {
            ui.need_layout = true;
            continue;
        }
        if (act == ACT_REDRAW) {
            term_repaint();
            ui.ctx.dirty = true;
            continue;
        }
        if (act == ACT_NONE)
            continue;
        if (dispatch(&ui, act, ch, outcome))
            break;
    }
    leave_screen(&ui);
    dialog_set_backdrop(NULL, NULL);
    term_end();
    free(ui.titles);
    return 0;
}

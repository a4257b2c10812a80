#ifndef WIZ_UI_SCREEN_H
#define WIZ_UI_SCREEN_H

#include <stdbool.h>

#include "ui/keymap.h"
#include "ui/layout.h"

/*
 * What the event loop (ui/loop.c) knows of a screen: this interface and
 * nothing else.  The screens themselves (screens/, include/screens.h) and
 * the model they drive are unknown to the ui layer; ctx->model is carried
 * as an opaque pointer.
 */

struct wizard;
struct restore_session;
struct wiz_err;
struct ui_keys;

enum screen_result {
    SCREEN_HANDLED,     /* the key was used; redraw if dirty */
    SCREEN_IGNORED,     /* not ours: the loop may use it */
    SCREEN_NEXT,        /* go on (the loop asks can_advance first) */
    SCREEN_BACK,        /* previous screen */
    SCREEN_QUIT,        /* leave the wizard (the loop may ask first) */
    SCREEN_DONE,        /* the flow is complete (Review: start) */
};

struct screen_ctx {
    struct wizard *model;   /* borrowed, opaque to ui; owned by the
                               caller of ui_run */
    struct restore_session *restore;    /* the restore's model (ui_hooks),
                                           opaque to ui; NULL otherwise */
    void *priv;             /* the screen's own state */
    bool dirty;             /* draw again before waiting for a key */
    struct rect body;       /* where the screen may draw (set by layout) */
    enum keymap_mode mode;  /* KEYMAP_TEXT while a text input has focus */
    char status[256];       /* one-line message for the status line */
};

struct screen_ops {
    const char *name;       /* stable id: logs, help file, e2e tests */
    const char *title;      /* shown in the title bar and the step line */
    int (*enter)(struct screen_ctx *ctx, struct wiz_err *err);
    void (*leave)(struct screen_ctx *ctx);
    void (*layout)(struct screen_ctx *ctx, const struct rect *body);
    void (*draw)(struct screen_ctx *ctx);
    enum screen_result (*handle)(struct screen_ctx *ctx, enum action act,
                                 int ch);
    /* May the technician go on?  When not, why (shown on screen). */
    bool (*can_advance)(const struct screen_ctx *ctx, struct wiz_err *why);
    /* Optional: called about every 100 ms for background work. */
    void (*tick)(struct screen_ctx *ctx);
    /*
     * Optional: Ctrl+C (SIGINT/SIGTERM) arrived.  Return true when the
     * screen deals with it (the Run screen asks whether to cancel);
     * otherwise the wizard ends.
     */
    bool (*interrupt)(struct screen_ctx *ctx);
    /*
     * The keys that work now, Enter and Esc included when they do
     * something (ui/keys.h): the key bar, the help and the dispatch all
     * come from this table, and a key not in it never reaches handle.
     * The loop adds help and quit when the screen does not name them.
     * Optional: without it every key reaches handle and the bar names
     * Enter and Esc.
     */
    void (*key_table)(const struct screen_ctx *ctx, struct ui_keys *t);
    /*
     * Optional: the screen has nothing to ask now (Key for a store that is
     * not encrypted).  The loop passes over it going on and going back,
     * and leaves it out of the step line.
     */
    bool (*skip)(const struct screen_ctx *ctx);
};

#endif

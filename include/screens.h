#ifndef WIZ_SCREENS_H
#define WIZ_SCREENS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/attr.h"
#include "ui/keymap.h"
#include "ui/layout.h"

/*
 * One screen = one file under screens/ = one struct screen_ops.  Screens
 * keep their own state in ctx->priv (made in enter, freed in leave) and the
 * shared choices in the model; they mark ctx->dirty instead of drawing, and
 * return what should happen instead of doing it: only ui/loop.c navigates.
 */

struct wizard;
struct wiz_err;

enum screen_result {
    SCREEN_HANDLED,     /* the key was used; redraw if dirty */
    SCREEN_IGNORED,     /* not ours: the loop may use it */
    SCREEN_NEXT,        /* go on (the loop asks can_advance first) */
    SCREEN_BACK,        /* previous screen */
    SCREEN_QUIT,        /* leave the wizard (the loop may ask first) */
    SCREEN_DONE,        /* the flow is complete (Review: start) */
};

struct screen_ctx {
    struct wizard *model;   /* borrowed; owned by the caller of ui_run */
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
    /* Optional: the screen's own keys for the key bar ("Space select"). */
    const char *(*keys)(const struct screen_ctx *ctx);
};

/* Set the status-line message of a screen (printf style). */
void screen_status(struct screen_ctx *ctx, const char *fmt, ...)
    WIZ_PRINTF(2, 3);

/*
 * Shared drawing helpers (screens/common.c).  parts are enum wizard_part
 * bits: the findings concerning them are listed as "ERROR"/"WARNING" lines
 * (words, not colour alone) with their fix.
 */
/*
 * Show the explanation of rule id as 'usmtwiz lint --explain' prints it;
 * an unknown id gets a message naming the closest ids.
 */
void screen_explain_rule(const char *id);
/* Ask for a rule id (from the help), then explain it. */
void screen_explain_prompt(void);
/* Rows the findings panel of parts wants (0 when there is none). */
int screen_findings_count(const struct screen_ctx *ctx, unsigned parts);
/* Draw the findings of parts in r; the first row is a heading. */
void screen_draw_findings(const struct screen_ctx *ctx, const struct rect *r,
                          unsigned parts);
/*
 * Apply the first automatic fix among the findings of parts; the status
 * line says what happened.  Returns true when there was one.
 */
bool screen_apply_fix(struct screen_ctx *ctx, unsigned parts);
/* Is there an automatic fix among the findings of parts (for key bars)? */
bool screen_has_fix(const struct screen_ctx *ctx, unsigned parts);
/* "Label:" in a fixed column, then the value; returns the next row. */
int screen_draw_field(const struct rect *r, int row, int label_w,
                      const char *label, const char *value, unsigned attr);

extern const struct screen_ops screen_environment;
extern const struct screen_ops screen_volume;
extern const struct screen_ops screen_users;
extern const struct screen_ops screen_store;
extern const struct screen_ops screen_migrate;
extern const struct screen_ops screen_options;
extern const struct screen_ops screen_review;
extern const struct screen_ops screen_run;
extern const struct screen_ops screen_result;

/* The screens in wizard order (screens/registry.c); *n gets the count. */
const struct screen_ops *const *screens_all(size_t *n);

#endif

#ifndef WIZ_SCREENS_H
#define WIZ_SCREENS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/attr.h"
#include "ui/keymap.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/screen.h"

/*
 * One screen = one file under screens/ = one struct screen_ops.  Screens
 * keep their own state in ctx->priv (made in enter, freed in leave) and the
 * shared choices in the model; they mark ctx->dirty instead of drawing, and
 * return what should happen instead of doing it: only ui/loop.c navigates.
 */

struct wizard;
struct wiz_err;

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

/*
 * Key tables (ui/keys.h).  Up/Down move, with PgUp/PgDn/Home/End working
 * too, named what; then Enter named next and Esc back: the keys of a step
 * in the middle of the flow.
 */
void screen_keys_list(struct ui_keys *t, const char *what);
void screen_keys_flow(struct ui_keys *t, const char *next);
/* a (what) when the findings of parts have an automatic fix. */
void screen_keys_fix(const struct screen_ctx *ctx, struct ui_keys *t,
                     unsigned parts);

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

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

/*
 * The restore's screens (usmtwiz restore): their model is ctx->restore, a
 * struct restore_session changed only through its setters.
 */
extern const struct screen_ops screen_restore_store;
extern const struct screen_ops screen_restore_accounts;
extern const struct screen_ops screen_restore_content;
extern const struct screen_ops screen_restore_key;
extern const struct screen_ops screen_restore_review;
extern const struct screen_ops screen_restore_run;
extern const struct screen_ops screen_restore_result;

/* The restore's screens in order (screens/restore_common.c). */
const struct screen_ops *const *screens_restore(size_t *n);

/*
 * Text as lines, each wrapped with its own indent and never cut, scrolled
 * by rows (screens/restore_common.c).  attr is enum text_attr bits.
 */
struct screen_line {
    int indent;
    unsigned attr;
    char *text;         /* owned */
};

struct screen_lines {
    struct screen_line *l;
    size_t n, alloc;
};

void screen_lines_add(struct screen_lines *sl, int indent, unsigned attr,
                      const char *fmt, ...) WIZ_PRINTF(4, 5);
void screen_lines_release(struct screen_lines *sl);
/* Rows all the lines need in width columns. */
int screen_lines_rows(const struct screen_lines *sl, int width);
/* The first row of line number line in width columns. */
int screen_lines_row_of(const struct screen_lines *sl, size_t line,
                        int width);
/* Draw the lines in r from row skip on. */
void screen_lines_draw(const struct screen_lines *sl, const struct rect *r,
                       int skip);
/*
 * Add the restore session's findings ("ERROR id: message", then its fix
 * indented), and with skipped the rules not checked.  Returns the number
 * of errors.
 */
struct restore_session;
size_t screen_lines_findings(struct restore_session *s,
                             struct screen_lines *sl, bool skipped);
/* The number of error findings; *first the first one's rule id. */
size_t screen_restore_errors(struct restore_session *s, const char **first);
/* PgUp/PgDn (with Up/Down, Home/End) scrolling text, for key tables. */
void screen_keys_scroll(struct ui_keys *t);
/*
 * A USMT log line as a tail shows it, in buf: without its 20-column date,
 * runs of spaces (the aligned columns) made one.  Returns buf.
 */
const char *screen_log_line(const char *l, char *buf, size_t size);
/* Apply a scrolling action to *skip; false when act is not one. */
bool screen_scroll(int *skip, int total, int height, enum action act);

#endif

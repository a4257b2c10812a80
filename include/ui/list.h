#ifndef WIZ_UI_LIST_H
#define WIZ_UI_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/keymap.h"

/*
 * The state of a scrolling list: how many rows, which one is current, which
 * one is at the top of the visible window.  Pure (no curses); list_draw-style
 * drawing lives in the screens with text.h.
 */
struct list {
    size_t n;           /* number of rows */
    size_t cur;         /* current row (0 when n == 0) */
    size_t top;         /* first visible row */
    size_t height;      /* visible rows (at least 1) */
};

void list_init(struct list *l);
/* Change the row count, keeping cur and top in range. */
void list_set_count(struct list *l, size_t n);
/* Change the visible height (after a resize), keeping cur visible. */
void list_set_height(struct list *l, size_t height);
/* Make row i current (clamped) and visible. */
void list_select(struct list *l, size_t i);
/*
 * Apply a movement action (up, down, page up/down, home, end).  Returns
 * true when the action was a movement (even at an edge), false otherwise.
 */
bool list_move(struct list *l, enum action act);
/* Is row i inside the visible window? */
bool list_is_visible(const struct list *l, size_t i);

/* A list whose rows can be checked. */
struct checklist {
    struct list list;
    bool *checked;      /* n entries, owned */
};

void checklist_init(struct checklist *c);
void checklist_release(struct checklist *c);
/* Resize to n rows; new rows are unchecked, kept rows keep their state. */
void checklist_set_count(struct checklist *c, size_t n);
/* Toggle the current row; returns its new state (false when empty). */
bool checklist_toggle(struct checklist *c);
void checklist_set(struct checklist *c, size_t i, bool on);
void checklist_set_all(struct checklist *c, bool on);
size_t checklist_count_checked(const struct checklist *c);

#endif

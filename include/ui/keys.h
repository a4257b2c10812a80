#ifndef WIZ_UI_KEYS_H
#define WIZ_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/keymap.h"

/*
 * The keys that work on a screen in its current state: one table, filled
 * by the screen, from which the loop draws the key bar, writes the keys
 * into the help, and decides which keys reach the screen at all.  A key
 * that is not in the table does nothing, so the bar cannot promise a key
 * that does not work, nor hide one that does.  Pure (no curses).
 */

#define UI_KEYS_MAX 40

struct ui_key {
    enum action act;
    int ch;             /* ACT_CHAR: the character; 0 = any character */
    const char *key;    /* as written: "Space", "PgUp/PgDn"; NULL = works,
                           named together with the entry before it */
    const char *what;   /* "pick the user and go down" */
};

struct ui_keys {
    struct ui_key k[UI_KEYS_MAX];
    size_t n;
};

void ui_keys_init(struct ui_keys *t);
/* Add a key (strings are borrowed: literals); extra entries are dropped. */
void ui_keys_add(struct ui_keys *t, enum action act, int ch, const char *key,
                 const char *what);
/* Add an action that works, named by the entry before it ("Up/Down"). */
void ui_keys_also(struct ui_keys *t, enum action act);
/* Typing and the editing keys of a text input, named "type" + what. */
void ui_keys_add_typing(struct ui_keys *t, const char *what);
/* Does act (with ch for ACT_CHAR) work? */
bool ui_keys_has(const struct ui_keys *t, enum action act, int ch);
/* Is act drawn on the right of the bar (Enter, Esc, help, quit)? */
bool ui_keys_is_nav(enum action act);

/* What the help key says on a bar that left keys out. */
#define UI_KEYS_MORE "more keys"

/*
 * The key bar in width columns: the screen's keys on the left, Enter/Esc/
 * help/quit on the right, each "key what" separated by two spaces.  When
 * they do not fit, keys are left out from the end of the left part and the
 * help key reads UI_KEYS_MORE ("F1 more keys"): the help lists them all,
 * from the same table.  left and right get at most size bytes.
 */
void ui_keys_bar(const struct ui_keys *t, int width, char *left,
                 size_t left_size, char *right, size_t right_size);

/* The table as help lines ("  Space       pick ..."); caller frees. */
char *ui_keys_help(const struct ui_keys *t);

#endif

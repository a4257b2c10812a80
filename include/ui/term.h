#ifndef WIZ_UI_TERM_H
#define WIZ_UI_TERM_H

#include <stdbool.h>

/* Colour pair numbers: set up by term_begin, used by ui/text.c. */
enum text_pair {
    TEXT_PAIR_ERROR = 1,
    TEXT_PAIR_WARN,
    TEXT_PAIR_OK,
    TEXT_PAIR_BAR,
};

/*
 * The terminal has one owner: this module alone starts and ends curses.
 * term_begin and term_end are idempotent; term_end is also the die hook and
 * the restore callback of the fatal-signal handler, so the terminal comes
 * back on every exit.
 */

struct wiz_err;

/* Take the terminal (curses in wide-character mode); -1 when impossible. */
int term_begin(struct wiz_err *err);
/*
 * How long (ms) a lone Esc waits for the rest of an escape sequence: the
 * ESCDELAY environment variable when it is a number up to 1000, else 0 on
 * a console that delivers keys as records (the Windows console), else 25.
 */
int term_escape_delay(const char *env, bool key_records);
/* Give the terminal back; safe to call at any time and more than once. */
void term_end(void);
bool term_is_active(void);
/* Colour is used only when the terminal has it and NO_COLOR is unset. */
bool term_has_colour(void);
/* Current size in columns and lines. */
void term_size(int *cols, int *lines);

/*
 * Wait up to timeout_ms (-1 = until a key) for a key.  Returns 1 with the
 * key in *ch (*is_keycode: a curses KEY_* code, else a code point), 0 on a
 * timeout or an interrupted wait.  Queued resize events are merged into one.
 */
int term_read(int timeout_ms, int *ch, bool *is_keycode);
/* The terminal hung up: no key will ever come (the program should end). */
bool term_is_gone(void);

/* Show the cursor at y,x, or hide it. */
void term_cursor(bool visible, int y, int x);
/* Forget what is on the terminal: the next flush repaints everything. */
void term_repaint(void);
/* Erase the whole screen image (the next flush writes only changes). */
void term_erase(void);
/* Send the drawn screen to the terminal (one update per frame). */
void term_flush(void);
/* Is the locale UTF-8 (so "…" and box characters may be drawn)? */
bool term_is_utf8(void);

#endif

#ifndef WIZ_UI_KEYMAP_H
#define WIZ_UI_KEYMAP_H

#include <stdbool.h>

/*
 * Keys are translated once, here, into actions (DESIGN §1).  Screens never
 * compare against curses key codes; letters a screen gives a meaning to
 * arrive as ACT_CHAR with the character.  In text mode (a text input has
 * the focus) printable characters are always ACT_CHAR, so "q" and "?" can
 * be typed.
 */

enum action {
    ACT_NONE,
    ACT_UP,
    ACT_DOWN,
    ACT_LEFT,
    ACT_RIGHT,
    ACT_PAGE_UP,
    ACT_PAGE_DOWN,
    ACT_HOME,
    ACT_END,
    ACT_TOGGLE,         /* Space */
    ACT_NEXT,           /* Enter */
    ACT_BACK,           /* Esc */
    ACT_TAB,            /* Tab: next field, or completion in a path */
    ACT_BACKTAB,        /* Shift+Tab */
    ACT_HELP,           /* F1, ? */
    ACT_QUIT,           /* F10, q */
    ACT_FILTER,         /* / */
    ACT_REDRAW,         /* Ctrl+L */
    ACT_BACKSPACE,      /* text mode: delete before the cursor */
    ACT_DELETE,         /* text mode: delete under the cursor */
    ACT_RESIZE,         /* the terminal changed size */
    ACT_CHAR,           /* a character (see ch) */
};

enum keymap_mode {
    KEYMAP_NORMAL,
    KEYMAP_TEXT,
};

/*
 * Translate one key.  is_keycode says ch is a curses function-key code
 * (KEY_*), otherwise ch is a character (a Unicode code point).
 */
enum action keymap_translate(enum keymap_mode mode, int ch, bool is_keycode);

/* Stable lower-case name of an action ("page-down"), for logs and tests. */
const char *keymap_action_name(enum action act);

#endif

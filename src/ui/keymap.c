#include "ui/keymap.h"

#include <curses.h>

#include <stddef.h>

struct binding {
    int ch;
    bool is_keycode;
    enum action act;
    bool text_too;      /* also in text mode */
};

#define CTRL_KEY(c) ((c) & 0x1f)

/* One table for the whole program (DESIGN §1); the first match wins. */
static const struct binding bindings[] = {
    { KEY_UP, true, ACT_UP, true },
    { KEY_DOWN, true, ACT_DOWN, true },
    { KEY_LEFT, true, ACT_LEFT, true },
    { KEY_RIGHT, true, ACT_RIGHT, true },
    { KEY_PPAGE, true, ACT_PAGE_UP, true },
    { KEY_NPAGE, true, ACT_PAGE_DOWN, true },
    { KEY_HOME, true, ACT_HOME, true },
    { KEY_END, true, ACT_END, true },
    { KEY_ENTER, true, ACT_NEXT, true },
    { KEY_BTAB, true, ACT_BACKTAB, true },
    { KEY_F(1), true, ACT_HELP, true },
    { KEY_F(10), true, ACT_QUIT, true },
    { KEY_RESIZE, true, ACT_RESIZE, true },
    { KEY_BACKSPACE, true, ACT_BACKSPACE, true },
    { KEY_DC, true, ACT_DELETE, true },
    { '\n', false, ACT_NEXT, true },
    { '\r', false, ACT_NEXT, true },
    { 27, false, ACT_BACK, true },
    { '\t', false, ACT_TAB, true },
    { CTRL_KEY('l'), false, ACT_REDRAW, true },
    { 127, false, ACT_BACKSPACE, true },
    { CTRL_KEY('h'), false, ACT_BACKSPACE, true },
    { CTRL_KEY('a'), false, ACT_HOME, true },
    { CTRL_KEY('e'), false, ACT_END, true },
    { CTRL_KEY('d'), false, ACT_DELETE, true },
    /* raw mode delivers Ctrl+C as a key: quit (Run: cancel), asking first */
    { CTRL_KEY('c'), false, ACT_QUIT, true },
    { ' ', false, ACT_TOGGLE, false },
    { '?', false, ACT_HELP, false },
    { 'q', false, ACT_QUIT, false },
    { '/', false, ACT_FILTER, false },
};

enum action keymap_translate(enum keymap_mode mode, int ch, bool is_keycode)
{
    for (size_t i = 0; i < sizeof(bindings) / sizeof(bindings[0]); i++) {
        const struct binding *b = &bindings[i];

        if (b->ch != ch || b->is_keycode != is_keycode)
            continue;
        if (mode == KEYMAP_TEXT && !b->text_too)
            break;
        return b->act;
    }
    if (is_keycode)
        return ACT_NONE;
    if (ch >= 0x20 && ch != 0x7f && !(ch >= 0x80 && ch < 0xa0) &&
        ch <= 0x10ffff)
        return ACT_CHAR;
    return ACT_NONE;
}

const char *keymap_action_name(enum action act)
{
    static const char *const names[] = {
        "none", "up", "down", "left", "right", "page-up", "page-down",
        "home", "end", "toggle", "next", "back", "tab", "backtab", "help",
        "quit", "filter", "redraw", "backspace", "delete", "resize", "char",
    };

    if ((size_t)act < sizeof(names) / sizeof(names[0]))
        return names[act];
    return "?";
}

#ifndef WIZ_UI_INPUT_H
#define WIZ_UI_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/keymap.h"

/*
 * A one-line text input: UTF-8 text, a cursor on a character boundary and a
 * byte limit.  Pure (no curses); the drawing is input_draw in text.h.  A
 * masked input (for keys) is drawn as '*' per character, its buffer is
 * locked in RAM (sys_lock_memory) and wiped when released.
 */
struct input {
    char *buf;          /* owned, NUL-terminated UTF-8 */
    size_t len;         /* bytes in buf */
    size_t cur;         /* cursor, byte offset on a character boundary */
    size_t max;         /* most bytes accepted */
    bool masked;
    bool changed;       /* set by every edit; the owner clears it */
};

/* An empty input taking at most max bytes (0 = 4096). */
void input_init(struct input *in, size_t max, bool masked);
/* Free (and for a masked input wipe) the text. */
void input_release(struct input *in);
/* Replace the text (cut at max on a character boundary), cursor at end. */
void input_set(struct input *in, const char *text);
/* Borrowed text, valid until the next edit. */
const char *input_text(const struct input *in);
/*
 * Apply an action: ACT_CHAR inserts ch (a code point; controls refused),
 * left/right/home/end move, backspace/delete remove.  Returns true when the
 * action belonged to the input.
 */
bool input_handle(struct input *in, enum action act, uint32_t ch);

/*
 * What to show in width columns: the first byte shown and the column of
 * the cursor, scrolled so the cursor is always visible.
 */
void input_view(const struct input *in, int width, size_t *first,
                int *cursor_col);

#endif

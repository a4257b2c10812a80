#ifndef WIZ_UI_TEXT_H
#define WIZ_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Drawing text.  Every string reaches the terminal through text_draw: it is
 * escaped (control characters, bidi overrides: utf8_escape_for_terminal),
 * converted from UTF-8 to wide characters and cut by display width, so
 * names like "Jörg" and "李雷" keep columns aligned.  Attributes never carry
 * meaning alone: severities are also written as words.
 */

struct input;
struct rect;

enum text_attr {
    TEXT_NORMAL = 0,
    TEXT_BOLD = 1 << 0,
    TEXT_REVERSE = 1 << 1,
    TEXT_DIM = 1 << 2,
    TEXT_UNDERLINE = 1 << 3,
    TEXT_ERROR = 1 << 4,    /* bold, red where colour is allowed */
    TEXT_WARN = 1 << 5,     /* bold, yellow where colour is allowed */
    TEXT_OK = 1 << 6,       /* green where colour is allowed */
    TEXT_BAR = 1 << 7,      /* title and key bars: reverse (or blue) */
};

/*
 * Draw s at y,x in at most width columns; a cut string ends in "…" ("~"
 * without UTF-8).  Returns the columns used.
 */
int text_draw(int y, int x, int width, const char *s, unsigned attr);
/* Like text_draw, then pad with spaces to exactly width columns. */
int text_draw_cell(int y, int x, int width, const char *s, unsigned attr);
/* Right-aligned in width columns. */
int text_draw_right(int y, int x, int width, const char *s, unsigned attr);
/* Fill width columns with spaces in attr. */
void text_fill(int y, int x, int width, unsigned attr);
/* Display width of s as text_draw would draw it (escapes included). */
int text_width(const char *s);
/*
 * Word-wrap s into the rectangle from row skip on; returns the number of
 * rows the whole text needs at that width (to size scrolling).
 */
int text_draw_wrapped(const struct rect *r, int skip, const char *s,
                      unsigned attr);
/* Draw an input in width columns; with focus the cursor goes there. */
void text_draw_input(int y, int x, int width, const struct input *in,
                     bool focus);
/* A box outline around r (ASCII without UTF-8/ACS). */
void text_box(const struct rect *r, unsigned attr);

#endif

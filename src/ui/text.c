#include "ui/text.h"

#include <curses.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "ui/input.h"
#include "ui/layout.h"
#include "ui/term.h"

static void set_attr(unsigned attr)
{
    attr_t a = A_NORMAL;
    short pair = 0;

    if (attr & TEXT_BOLD)
        a |= A_BOLD;
    if (attr & TEXT_REVERSE)
        a |= A_REVERSE;
    if (attr & TEXT_DIM)
        a |= A_DIM;
    if (attr & TEXT_UNDERLINE)
        a |= A_UNDERLINE;
    if (attr & (TEXT_ERROR | TEXT_WARN))
        a |= A_BOLD;
    if (attr & TEXT_BAR)
        a |= A_REVERSE;
    if (term_has_colour()) {
        if (attr & TEXT_ERROR)
            pair = TEXT_PAIR_ERROR;
        else if (attr & TEXT_WARN)
            pair = TEXT_PAIR_WARN;
        else if (attr & TEXT_OK)
            pair = TEXT_PAIR_OK;
        else if (attr & TEXT_BAR) {
            pair = TEXT_PAIR_BAR;
            a &= ~(attr_t)A_REVERSE;
        }
    }
    wattr_set(stdscr, a, pair, NULL);
}

static int cp_width(uint32_t cp)
{
    char enc[5] = { 0 };

    utf8_encode(cp, enc);
    return (int)utf8_width(enc);
}

static wchar_t to_wchar(uint32_t cp)
{
    if (sizeof(wchar_t) < 4 && cp > 0xffff)
        return (wchar_t)0xfffd;
    return (wchar_t)cp;
}

/*
 * Put the escaped string into wide characters that fit in width columns;
 * returns the columns used.  When cut, the last column holds the marker.
 */
static int fit(const char *s, int width, wchar_t *out, size_t *nout)
{
    char *esc = utf8_escape_for_terminal(s ? s : "");
    size_t len = strlen(esc);
    int cols = 0;
    size_t n = 0;
    int total = (int)utf8_width(esc);

    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(esc + i, len - i, &cp);
        int w = cp_width(cp);

        i += k;
        if (total > width && cols + w > width - 1)
            break;
        if (cols + w > width)
            break;
        out[n++] = to_wchar(cp);
        cols += w;
    }
    if (total > width && width > 0) {
        out[n++] = term_is_utf8() ? (wchar_t)0x2026 : (wchar_t)'~';
        cols++;
    }
    out[n] = 0;
    *nout = n;
    free(esc);
    return cols;
}

int text_draw(int y, int x, int width, const char *s, unsigned attr)
{
    wchar_t *w;
    size_t n;
    int cols;

    if (width <= 0)
        return 0;
    w = xcalloc((size_t)width * 2 + 2, sizeof(*w));
    cols = fit(s, width, w, &n);
    set_attr(attr);
    if (n)
        mvwaddnwstr(stdscr, y, x, w, (int)n);
    set_attr(TEXT_NORMAL);
    free(w);
    return cols;
}

void text_fill(int y, int x, int width, unsigned attr)
{
    if (width <= 0)
        return;
    set_attr(attr);
    mvwhline(stdscr, y, x, ' ', width);
    set_attr(TEXT_NORMAL);
}

int text_draw_cell(int y, int x, int width, const char *s, unsigned attr)
{
    int used;

    if (width <= 0)
        return 0;
    text_fill(y, x, width, attr);
    used = text_draw(y, x, width, s, attr);
    return used;
}

int text_width(const char *s)
{
    char *esc = utf8_escape_for_terminal(s ? s : "");
    int w = (int)utf8_width(esc);

    free(esc);
    return w;
}

int text_draw_right(int y, int x, int width, const char *s, unsigned attr)
{
    int w = text_width(s);

    if (w >= width)
        return text_draw(y, x, width, s, attr);
    return text_draw(y, x + width - w, w, s, attr);
}

/* Byte length of the next word or run of spaces (a newline is its own). */
static size_t token_len(const char *s)
{
    size_t n = 0;

    if (*s == '\n')
        return 1;
    if (*s == ' ') {
        while (s[n] == ' ')
            n++;
        return n;
    }
    while (s[n] && s[n] != ' ' && s[n] != '\n')
        n++;
    return n;
}

int text_draw_wrapped(const struct rect *r, int skip, const char *s,
                      unsigned attr)
{
    int row = 0, col = 0, indent = 0;
    const char *p = s ? s : "";

    while (*p) {
        size_t n = token_len(p);
        char *tok = xstrndup(p, n);
        int w = text_width(tok);

        if (*p == '\n') {
            row++;
            col = 0;
            indent = 0;
        } else if (*p == ' ' && col == 0 && (p == s || p[-1] == '\n')) {
            /* indentation at the start of a source line is kept, also
               on the rows the line wraps onto */
            col = w < r->w / 2 ? w : 0;
            indent = col;
        } else if (*p != ' ' && w > r->w - indent && r->w - indent > 0) {
            /* a word wider than a whole row (a path): broken by columns */
            size_t len = strlen(tok);

            for (size_t i = 0; i < len;) {
                uint32_t cp;
                size_t k = utf8_decode(tok + i, len - i, &cp);
                int cw = cp_width(cp);
                char one[5] = { 0 };

                if (col + cw > r->w) {
                    row++;
                    col = indent;
                }
                memcpy(one, tok + i, k < 4 ? k : 4);
                if (row >= skip && row - skip < r->h)
                    text_draw(r->y + row - skip, r->x + col, cw, one, attr);
                col += cw;
                i += k;
            }
        } else {
            if (col + w > r->w && col > indent) {
                row++;
                col = indent;
                if (*p == ' ') {
                    free(tok);
                    p += n;
                    continue;
                }
            }
            if (row >= skip && row - skip < r->h)
                text_draw(r->y + row - skip, r->x + col, r->w - col, tok,
                          attr);
            col += w;
            if (col > r->w) {
                row++;
                col = indent;
            }
        }
        free(tok);
        p += n;
    }
    return row + (col > 0 ? 1 : 0);
}

void text_draw_input(int y, int x, int width, const struct input *in,
                     bool focus)
{
    size_t first;
    int cur;
    const char *t = input_text(in);
    unsigned attr = focus ? TEXT_UNDERLINE | TEXT_BOLD : TEXT_UNDERLINE;

    if (width <= 0)
        return;
    input_view(in, width, &first, &cur);
    text_fill(y, x, width, attr);
    if (in->masked) {
        size_t nchars = 0;

        for (size_t i = first; i < in->len; i++)
            nchars += ((unsigned char)t[i] & 0xc0) != 0x80;
        char *stars = xmalloc(nchars + 1);

        memset(stars, '*', nchars);
        stars[nchars] = '\0';
        text_draw(y, x, width, stars, attr);
        free(stars);
    } else {
        text_draw(y, x, width, t + first, attr);
    }
    if (focus)
        term_cursor(true, y, x + cur);
}

void text_box(const struct rect *r, unsigned attr)
{
    bool u = term_is_utf8();
    const char *h = u ? "\xe2\x94\x80" : "-";
    const char *v = u ? "\xe2\x94\x82" : "|";
    struct strbuf line = STRBUF_INIT;

    if (r->w < 2 || r->h < 2)
        return;
    /* box characters as text, not ACS: they survive vt100 in UTF-8 */
    for (int i = 0; i < r->w - 2; i++)
        strbuf_adds(&line, h);
    for (int y = r->y + 1; y < r->y + r->h - 1; y++) {
        text_fill(y, r->x, r->w, attr & ~(unsigned)TEXT_BOLD);
        text_draw(y, r->x, 1, v, attr);
        text_draw(y, r->x + r->w - 1, 1, v, attr);
    }
    text_draw(r->y, r->x, 1, u ? "\xe2\x94\x8c" : "+", attr);
    text_draw(r->y, r->x + 1, r->w - 2, line.buf, attr);
    text_draw(r->y, r->x + r->w - 1, 1, u ? "\xe2\x94\x90" : "+", attr);
    text_draw(r->y + r->h - 1, r->x, 1, u ? "\xe2\x94\x94" : "+", attr);
    text_draw(r->y + r->h - 1, r->x + 1, r->w - 2, line.buf, attr);
    text_draw(r->y + r->h - 1, r->x + r->w - 1, 1,
              u ? "\xe2\x94\x98" : "+", attr);
    strbuf_release(&line);
}

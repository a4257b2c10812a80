#include "ui/frame.h"

#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "ui/layout.h"
#include "ui/text.h"

static void draw_title(const struct layout *lay, const struct frame_info *fi)
{
    char buf[256];
    const struct rect *r = &lay->title;

    text_fill(r->y, r->x, r->w, TEXT_BAR);
    snprintf(buf, sizeof(buf), " usmtwiz  Step %zu of %zu: %s", fi->step + 1,
             fi->nsteps, fi->title);
    text_draw(r->y, r->x, r->w, buf, TEXT_BAR | TEXT_BOLD);
    if (fi->badge && *fi->badge) {
        snprintf(buf, sizeof(buf), "[%s] ", fi->badge);
        text_draw_right(r->y, r->x, r->w, buf, TEXT_BAR);
    }
}

static void draw_steps(const struct layout *lay, const struct frame_info *fi)
{
    const struct rect *r = &lay->steps;
    int x = r->x;

    for (size_t i = 0; i < fi->nsteps && x < r->x + r->w; i++) {
        char buf[64];
        bool cur = i == fi->step;

        snprintf(buf, sizeof(buf), cur ? "[%zu %s]" : " %zu %s ", i + 1,
                 fi->step_titles[i]);
        if (i > 0 && !cur && i != fi->step + 1)
            memmove(buf, buf + 1, strlen(buf));
        x += text_draw(r->y, x, r->x + r->w - x, buf,
                       cur ? TEXT_BOLD | TEXT_REVERSE :
                       i < fi->step ? TEXT_NORMAL : TEXT_DIM);
    }
}

void frame_draw(const struct layout *lay, const struct frame_info *fi)
{
    struct strbuf right = STRBUF_INIT;
    const struct rect *k = &lay->keys;
    int rw;

    draw_title(lay, fi);
    draw_steps(lay, fi);
    if (fi->status && *fi->status)
        text_draw(lay->status.y, lay->status.x + 1, lay->status.w - 1,
                  fi->status, fi->status_is_error ? TEXT_ERROR : TEXT_BOLD);

    text_fill(k->y, k->x, k->w, TEXT_BAR);
    if (fi->nav && *fi->nav)
        strbuf_addf(&right, " %s ", fi->nav);
    rw = text_width(right.buf);
    if (rw > k->w)
        rw = k->w;
    text_draw(k->y, k->x + k->w - rw, rw, right.buf, TEXT_BAR | TEXT_BOLD);
    if (fi->keys && *fi->keys && k->w - rw > 2)
        text_draw(k->y, k->x + 1, k->w - rw - 2, fi->keys, TEXT_BAR);
    strbuf_release(&right);
}

void frame_draw_too_small(const struct layout *lay)
{
    char buf[160];
    const struct rect *r = &lay->notice;
    int y = r->h / 2 - 2;

    if (y < 0)
        y = 0;
    snprintf(buf, sizeof(buf), "Terminal too small: %dx%d", lay->cols,
             lay->lines);
    text_draw(y, 0, r->w, buf, TEXT_BOLD);
    snprintf(buf, sizeof(buf), "usmtwiz needs at least %dx%d.",
             LAYOUT_MIN_COLS, LAYOUT_MIN_LINES);
    text_draw(y + 1, 0, r->w, buf, TEXT_NORMAL);
    text_draw(y + 2, 0, r->w, "Enlarge it: your choices are kept.",
              TEXT_NORMAL);
    text_draw(y + 3, 0, r->w, "F10 quits.", TEXT_NORMAL);
}

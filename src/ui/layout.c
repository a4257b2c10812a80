#include "ui/layout.h"

#include <string.h>

static struct rect mkrect(int y, int x, int h, int w)
{
    struct rect r;

    r.y = y;
    r.x = x;
    r.h = h < 0 ? 0 : h;
    r.w = w < 0 ? 0 : w;
    return r;
}

void layout_compute(int cols, int lines, struct layout *out)
{
    memset(out, 0, sizeof(*out));
    if (cols < 0)
        cols = 0;
    if (lines < 0)
        lines = 0;
    out->cols = cols;
    out->lines = lines;
    out->too_small = cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES;
    out->notice = mkrect(0, 0, lines, cols);
    if (out->too_small)
        return;
    out->title = mkrect(0, 0, 1, cols);
    out->steps = mkrect(1, 0, 1, cols);
    out->body = mkrect(2, 1, lines - 4, cols - 2);
    out->status = mkrect(lines - 2, 0, 1, cols);
    out->keys = mkrect(lines - 1, 0, 1, cols);
}

void layout_split_findings(const struct rect *body, int n,
                           struct rect *main_part, struct rect *panel)
{
    int want = n > 0 ? n + 1 : 0;
    int max = body->h / 3;

    if (body->h - want < 5)
        want = body->h - 5;
    if (want > max)
        want = max;
    if (n > 0 && want < 2)
        want = body->h >= 7 ? 2 : 0;
    if (want < 0)
        want = 0;
    *main_part = mkrect(body->y, body->x, body->h - want, body->w);
    *panel = mkrect(body->y + body->h - want, body->x, want, body->w);
}

struct rect layout_center(const struct rect *area, int w, int h)
{
    if (w > area->w)
        w = area->w;
    if (h > area->h)
        h = area->h;
    return mkrect(area->y + (area->h - h) / 2, area->x + (area->w - w) / 2,
                  h, w);
}

int layout_columns(const int *want, const int *min, int n, int width,
                   int gap, int *out)
{
    int used = n > 0 ? gap * (n - 1) : 0;

    for (int i = 0; i < n; i++) {
        out[i] = want[i] > min[i] ? want[i] : min[i];
        used += out[i];
    }
    /* the column with the most to spare gives up one column at a time */
    while (used > width) {
        int best = -1;

        for (int i = 0; i < n; i++) {
            if (out[i] > min[i] && (best < 0 || out[i] > out[best]))
                best = i;
        }
        if (best < 0)
            break;
        out[best]--;
        used--;
    }
    return used;
}

#ifndef WIZ_UI_LAYOUT_H
#define WIZ_UI_LAYOUT_H

#include <stdbool.h>

/*
 * Screen layout as a pure function of the terminal size: no curses here, so
 * it is tested without a terminal.  Every resize recomputes it from scratch.
 *
 *   row 0          title bar (program, step n/N, screen title)
 *   row 1          step line (every step, the current one marked)
 *   rows 2..h-3    body (the screen's own area)
 *   row h-2        status line (last message, reason a step is blocked)
 *   row h-1        key bar (the keys that work here)
 */

#define LAYOUT_MIN_COLS 80
#define LAYOUT_MIN_LINES 24

struct rect {
    int y, x, h, w;
};

struct layout {
    int cols, lines;
    bool too_small;         /* below 80x24: only the notice is drawn */
    struct rect title;
    struct rect steps;
    struct rect body;
    struct rect status;
    struct rect keys;
    struct rect notice;     /* where the too-small notice goes */
};

/* Compute the layout of a cols x lines terminal (negative counts as 0). */
void layout_compute(int cols, int lines, struct layout *out);

/*
 * Split a body into a main part and a findings panel below it: the panel
 * gets one row per finding plus a heading, at most a third of the body and
 * never less than 5 rows for main.  n == 0 gives an empty panel.
 */
void layout_split_findings(const struct rect *body, int n,
                           struct rect *main_part, struct rect *panel);

/*
 * Column widths for a table n columns wide in width columns with gap
 * spaces between columns: each gets what its content wants (want[i]) when
 * everything fits; otherwise the widest columns give up columns first, but
 * none below min[i].  out[i] gets the widths; returns the columns used.
 */
int layout_columns(const int *want, const int *min, int n, int width,
                   int gap, int *out);

/* A centred box of at most w x h inside area (clipped to it). */
struct rect layout_center(const struct rect *area, int w, int h);

#endif

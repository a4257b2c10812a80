#ifndef WIZ_UI_FRAME_H
#define WIZ_UI_FRAME_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The frame around every screen: the title bar, the step line (current
 * step marked with brackets, not only by colour), the status line and the
 * key bar, which always lists the keys that work at that moment.
 */

struct layout;

struct frame_info {
    const char *title;              /* current screen */
    size_t step;                    /* 0-based */
    size_t nsteps;
    const char *const *step_titles; /* nsteps entries */
    const char *badge;              /* "simulate" etc., or NULL */
    const char *status;             /* message, or "" */
    bool status_is_error;
    const char *keys;               /* the screen's keys, or NULL */
    const char *nav;                /* Enter, Esc, help, quit, or NULL */
};

void frame_draw(const struct layout *lay, const struct frame_info *fi);
/* The notice shown instead of everything when the terminal is too small. */
void frame_draw_too_small(const struct layout *lay);

#endif

#ifndef WIZ_UI_LOOP_H
#define WIZ_UI_LOOP_H

#include <stddef.h>

/*
 * The one event loop: relayout after a resize, draw what is dirty in one
 * update, wait for a key (with a short timeout while a screen has
 * background work), translate it, let the screen handle it, navigate.
 */

struct wizard;
struct screen_ops;
struct wiz_err;

enum ui_outcome {
    UI_QUIT,            /* the technician quit */
    UI_INTERRUPTED,     /* SIGTERM/SIGHUP/SIGINT */
    UI_DONE,            /* the last screen finished the flow */
};

/*
 * Run screens[0..n) over model in the terminal (taken and given back
 * here).  Returns -1 with err when the terminal cannot be used.
 */
int ui_run(struct wizard *model, const struct screen_ops *const *screens,
           size_t n, enum ui_outcome *outcome, struct wiz_err *err);

#endif

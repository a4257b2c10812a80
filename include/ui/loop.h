#ifndef WIZ_UI_LOOP_H
#define WIZ_UI_LOOP_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The one event loop: relayout after a resize, draw what is dirty in one
 * update, wait for a key (with a short timeout while a screen has
 * background work), translate it, let the screen handle it, navigate.
 */

struct wizard;
struct restore_session;
struct screen_ops;
struct wiz_err;

/*
 * What the loop needs from whoever owns the model, so that it knows no
 * screen and no core: all optional (NULL: no badge, quit without asking,
 * no help, no rule explanations, nothing before a screen is entered).
 */
struct ui_hooks {
    const char *badge;          /* shown in the title bar ("simulate") */
    /* Would quitting now lose choices the technician made? */
    bool (*would_lose)(const struct wizard *model);
    /* The help text of screen name (caller frees). */
    char *(*help_text)(const struct wizard *model, const char *name);
    /* Help's 'e' key: ask for a rule id and explain it. */
    void (*explain_prompt)(void);
    /*
     * A screen is about to be shown (again): what the model read from the
     * disks may have changed meanwhile.
     */
    void (*entering)(struct wizard *model);
    /* The restore's model, given to its screens as ctx->restore. */
    struct restore_session *restore;
};

enum ui_outcome {
    UI_QUIT,            /* the technician quit */
    UI_INTERRUPTED,     /* SIGTERM/SIGHUP/SIGINT */
    UI_DONE,            /* the last screen finished the flow */
};

/*
 * Run screens[0..n) over model in the terminal (taken and given back
 * here); hooks may be NULL.  Returns -1 with err when the terminal cannot
 * be used.
 */
int ui_run(struct wizard *model, const struct ui_hooks *hooks,
           const struct screen_ops *const *screens, size_t n,
           enum ui_outcome *outcome, struct wiz_err *err);

#endif

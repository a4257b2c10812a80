/*
 * The proof that the ui layer stands alone (STYLE §2): the event loop,
 * widgets and terminal code linked with base, platform and ncursesw only,
 * driving one screen that is neither in screens/ nor backed by core.  With
 * USMTWIZ_UI_ALONE_RUN set it also runs: the screen quits at the first key.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/err.h"
#include "ui/loop.h"
#include "ui/screen.h"

static int alone_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    (void)ctx;
    (void)err;
    return 0;
}

static void alone_draw(struct screen_ctx *ctx)
{
    (void)ctx;
}

static enum screen_result alone_handle(struct screen_ctx *ctx,
                                       enum action act, int ch)
{
    (void)ctx;
    (void)act;
    (void)ch;
    return SCREEN_DONE;
}

static const struct screen_ops screen_alone = {
    .name = "alone",
    .title = "Alone",
    .enter = alone_enter,
    .draw = alone_draw,
    .handle = alone_handle,
};

int main(void)
{
    const struct screen_ops *const screens[] = { &screen_alone };
    enum ui_outcome outcome;
    struct wiz_err err;

    if (!getenv("USMTWIZ_UI_ALONE_RUN"))
        return 0;
    err_clear(&err);
    if (ui_run(NULL, NULL, screens, 1, &outcome, &err) < 0) {
        fprintf(stderr, "ui_alone: %s\n", err_msg(&err));
        return 2;
    }
    return outcome == UI_DONE ? 0 : 1;
}

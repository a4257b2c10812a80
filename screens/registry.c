/*
 * The order of the wizard's screens (DESIGN §1).
 */
#include "screens.h"

#include <stdarg.h>
#include <stdio.h>

static const struct screen_ops *const order[] = {
    &screen_environment,
    &screen_volume,
    &screen_users,
    &screen_store,
    &screen_migrate,
    &screen_options,
    &screen_review,
    &screen_run,
    &screen_result,
};

const struct screen_ops *const *screens_all(size_t *n)
{
    *n = sizeof(order) / sizeof(order[0]);
    return order;
}

void screen_status(struct screen_ctx *ctx, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(ctx->status, sizeof(ctx->status), fmt, ap);
    va_end(ap);
    ctx->dirty = true;
}

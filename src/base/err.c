#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_clear(struct wiz_err *err)
{
    if (!err)
        return;
    err->code = WIZ_OK;
    err->msg[0] = '\0';
}

int err_set(struct wiz_err *err, enum wiz_err_code code, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return -1;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return -1;
}

int err_prefix(struct wiz_err *err, const char *fmt, ...)
{
    char prefix[WIZ_ERR_MSG_MAX];
    char old[WIZ_ERR_MSG_MAX];
    va_list ap;

    if (!err)
        return -1;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof(old));
    size_t n = strlen(prefix);

    memcpy(err->msg, prefix, n + 1);
    if (old[0] && n + 2 < sizeof(err->msg)) {
        memcpy(err->msg + n, ": ", 3);
        n += 2;
        size_t m = strlen(old);

        if (m > sizeof(err->msg) - 1 - n)
            m = sizeof(err->msg) - 1 - n;
        memcpy(err->msg + n, old, m);
        err->msg[n + m] = '\0';
    }
    return -1;
}

const char *err_msg(const struct wiz_err *err)
{
    return err ? err->msg : "";
}

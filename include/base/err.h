#ifndef WIZ_BASE_ERR_H
#define WIZ_BASE_ERR_H

#include "base/attr.h"

/*
 * Errors are data.  A fallible function returns 0 on success and -1 on
 * failure and, when the caller passed a non-NULL struct wiz_err, fills it.
 * Messages follow git's grammar: lower case, no final full stop, the subject
 * in single quotes, failure first: "cannot open hive 'X': permission denied".
 */

enum wiz_err_code {
    WIZ_OK = 0,
    WIZ_EIO,        /* a file could not be read or written */
    WIZ_ENOENT,     /* something named does not exist */
    WIZ_EFORMAT,    /* input is malformed (hive, XML, .reg, log) */
    WIZ_EUSAGE,     /* the caller or the user asked for something invalid */
    WIZ_ELIMIT,     /* input is larger than we accept */
    WIZ_EEXIST,     /* it already exists and we will not overwrite it */
    WIZ_ECANCEL,    /* cancelled */
    WIZ_ESYS,       /* an operating-system call failed */
};

#define WIZ_ERR_MSG_MAX 512

struct wiz_err {
    enum wiz_err_code code;
    char msg[WIZ_ERR_MSG_MAX];
};

/* Reset to "no error". */
void err_clear(struct wiz_err *err);
/* Fill err (if not NULL) and return -1, so callers write return err_set(). */
int err_set(struct wiz_err *err, enum wiz_err_code code, const char *fmt, ...)
    WIZ_PRINTF(3, 4);
/* Put "prefix: " in front of the message already in err (if any). */
int err_prefix(struct wiz_err *err, const char *fmt, ...)
    WIZ_PRINTF(2, 3);
/* The message, or "" when err is NULL or clear. */
const char *err_msg(const struct wiz_err *err);

#endif

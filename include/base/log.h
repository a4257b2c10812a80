#ifndef WIZ_BASE_LOG_H
#define WIZ_BASE_LOG_H

#include "base/attr.h"

/*
 * Diagnostic log to a file (never to the terminal: curses owns it).
 * Until log_open succeeds, messages are dropped.
 */
enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

struct wiz_err;

/* Open (append) path; returns -1 and fills err when it cannot. */
int log_open(const char *path, struct wiz_err *err);
void log_close(void);
void log_msg(enum log_level level, const char *fmt, ...)
    WIZ_PRINTF(2, 3);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif

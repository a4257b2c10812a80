#include "base/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/err.h"

static FILE *log_file;

int log_open(const char *path, struct wiz_err *err)
{
    FILE *f = fopen(path, "a");

    if (!f)
        return err_set(err, WIZ_EIO, "cannot open log '%s': %s", path,
                       strerror(errno));
    log_close();
    log_file = f;
    return 0;
}

void log_close(void)
{
    if (log_file)
        fclose(log_file);
    log_file = NULL;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    static const char *const names[] = { "debug", "info", "warn", "error" };
    char stamp[32];
    time_t now;
    va_list ap;

    if (!log_file)
        return;
    now = time(NULL);
    struct tm *tm = localtime(&now);

    if (!tm || !strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", tm))
        strcpy(stamp, "?");
    fprintf(log_file, "%s %-5s ", stamp, names[level]);
    va_start(ap, fmt);
    vfprintf(log_file, fmt, ap);
    va_end(ap);
    fputc('\n', log_file);
    fflush(log_file);
}

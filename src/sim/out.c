/*
 * The two logs in scanstate's layouts (usmt-reference.md §5):
 *   scanstate.log  "%-20s %-21s [0x%06x] %s" with the timestamp
 *                  "YYYY-MM-DD HH:MM:SS," and an optional
 *                  "[gle=0x%08x]" suffix;
 *   progress log   "DD Mon YYYY, HH:MM:SS +hh:mm, HH:MM:SS, key, value..."
 * Lines end in CRLF as on Windows (SIM_EOL=lf or --eol lf for LF).  Each
 * line is flushed at once so readers can follow the files live.
 */
#include "sim.h"

#include <stdarg.h>
#include <string.h>

#include "base/strbuf.h"
#include "platform/sys.h"

static void stamp(char *buf, size_t size)
{
    struct sys_tm tm;

    sys_localtime(sys_now(), &tm);
    snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d,", tm.year + 1900,
             tm.mon + 1, tm.mday, tm.hour, tm.min, tm.sec);
}

void sim_usmt_time(char *buf, size_t size)
{
    struct sys_tm tm;

    sys_localtime(sys_now(), &tm);
    snprintf(buf, size, "%04d/%02d/%02d:%02d:%02d:%02d.%03u", tm.year + 1900,
             tm.mon + 1, tm.mday, tm.hour, tm.min, tm.sec,
             (unsigned)(sys_monotonic_ms() % 1000));
}

static void vlog(struct sim_out *out, const char *level, unsigned code,
                 bool gle, unsigned gle_val, const char *fmt, va_list ap)
{
    char ts[96];
    struct strbuf sb;

    if (!out->log)
        return;
    stamp(ts, sizeof(ts));
    strbuf_init(&sb);
    strbuf_addf(&sb, "%-20s %-21s [0x%06x] ", ts, level, code & 0xffffffu);
    strbuf_vaddf(&sb, fmt, ap);
    if (gle)
        strbuf_addf(&sb, "[gle=0x%08x]", gle_val);
    strbuf_adds(&sb, out->eol);
    fwrite(sb.buf, 1, sb.len, out->log);
    fflush(out->log);
    strbuf_release(&sb);
}

void sim_log(struct sim_out *out, const char *level, unsigned code,
             const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(out, level, code, false, 0, fmt, ap);
    va_end(ap);
}

void sim_log_gle(struct sim_out *out, const char *level, unsigned code,
                 unsigned gle, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(out, level, code, true, gle, fmt, ap);
    va_end(ap);
}

void sim_log_cont(struct sim_out *out, const char *text)
{
    if (!out->log)
        return;
    fputs(text, out->log);
    fputs(out->eol, out->log);
    fflush(out->log);
}

void sim_progress(struct sim_out *out, const char *fmt, ...)
{
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
                                          "Jun", "Jul", "Aug", "Sep", "Oct",
                                          "Nov", "Dec" };
    struct sys_tm tm;
    struct strbuf sb;
    va_list ap;

    if (!out->prog)
        return;
    int64_t now = sys_now();
    int64_t el = now - out->start;

    if (el < 0)
        el = 0;
    sys_localtime(now, &tm);
    int off = tm.utc_offset_min;
    char sign = off < 0 ? '-' : '+';

    if (off < 0)
        off = -off;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%02d %s %04d, %02d:%02d:%02d %c%02d:%02d, "
                     "%02d:%02d:%02d, ",
                tm.mday, months[tm.mon % 12], tm.year + 1900, tm.hour, tm.min,
                tm.sec, sign, off / 60, off % 60, (int)(el / 3600),
                (int)(el / 60 % 60), (int)(el % 60));
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    strbuf_adds(&sb, out->eol);
    fwrite(sb.buf, 1, sb.len, out->prog);
    fflush(out->prog);
    strbuf_release(&sb);
}

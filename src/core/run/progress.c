#include "core/run/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/run/follow.h"

/*
 * A reader keeps the file open and reads on from where it stopped (no
 * seeking, so no 2 GB limit of fseek's long); it checks the path's
 * identity and size before each poll to notice a replaced or truncated
 * file.
 */
struct progress_reader {
    struct follow fl;       /* the file, read on from where we stopped */
    struct strbuf line;     /* the line being assembled */
    bool skipping;          /* inside an over-long line */
    bool changed;
    struct progress_state st;
};

void progress_state_init(struct progress_state *st)
{
    memset(st, 0, sizeof(*st));
    st->percent = -1;
    st->estimate_percent = -1;
    st->minutes_remaining = -1;
    st->elapsed_s = -1;
    st->error_code = -1;
}

void progress_state_release(struct progress_state *st)
{
    free(st->program);
    free(st->product_version);
    free(st->computer_name);
    free(st->command_line);
    free(st->phase);
    free(st->current_user);
    free(st->final_message);
    for (size_t i = 0; i < st->n_users; i++)
        free(st->users[i].name);
    free(st->users);
    for (size_t i = 0; i < st->n_errors_kept; i++) {
        free(st->errors[i].type);
        free(st->errors[i].object);
        free(st->errors[i].action);
        free(st->errors[i].text);
    }
    free(st->errors);
    progress_state_init(st);
}

/* ---- splitting --------------------------------------------------------- */

/*
 * Split buf (len bytes, writable, one spare byte for a NUL) in place: each
 * field ends with a NUL written over its comma or closing quote.  At most
 * max fields are kept.  No allocation: this runs for every line.
 */
static size_t split_inplace(char *buf, size_t len, char **f, size_t max)
{
    size_t n = 0;
    size_t i = 0;

    for (;;) {
        size_t start;
        size_t end;

        while (i < len && buf[i] == ' ')
            i++;
        if (i < len && buf[i] == '"') {
            /* a quoted value ends at a quote followed by "," or the end */
            start = ++i;
            end = len;
            for (size_t j = start; j < len; j++) {
                if (buf[j] != '"')
                    continue;
                size_t k = j + 1;

                while (k < len && (buf[k] == ' ' || buf[k] == '\t'))
                    k++;
                if (k == len || buf[k] == ',') {
                    end = j;
                    break;
                }
            }
            i = end;
            while (i < len && buf[i] != ',')
                i++;
        } else {
            start = i;
            while (i < len && buf[i] != ',')
                i++;
            end = i;
            while (end > start && (buf[end - 1] == ' ' ||
                                   buf[end - 1] == '\t'))
                end--;
        }
        if (n < max)
            f[n++] = buf + start;
        bool last = i >= len;

        buf[end] = '\0';
        if (last)
            break;
        i++;    /* the comma */
    }
    return n;
}

#define FIELDS_MAX 64

char **progress_split(const char *line, size_t len, size_t *n)
{
    char *buf = xmalloc(len + 1);
    char *f[FIELDS_MAX];

    memcpy(buf, line, len);
    buf[len] = '\0';
    *n = split_inplace(buf, len, f, FIELDS_MAX);
    char **v = xcalloc(*n + 1, sizeof(*v));

    for (size_t i = 0; i < *n; i++)
        v[i] = xstrdup(f[i]);
    free(buf);
    return v;
}

void progress_fields_free(char **fields)
{
    if (!fields)
        return;
    for (size_t i = 0; fields[i]; i++)
        free(fields[i]);
    free(fields);
}

/* ---- record parsing ---------------------------------------------------- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "09 Feb 2021" */
static bool looks_like_date(const char *s)
{
    return is_digit(s[0]) && is_digit(s[1]) && s[2] == ' ' && s[3] &&
           s[4] && s[5] && s[6] == ' ' && is_digit(s[7]) && is_digit(s[8]) &&
           is_digit(s[9]) && is_digit(s[10]) && s[11] == '\0';
}

/* "HH:MM:SS" (hours may have more digits); seconds or -1. */
static int64_t parse_hms(const char *s, size_t *used)
{
    int64_t h = 0;
    size_t i = 0;

    if (!is_digit(s[0]))
        return -1;
    while (is_digit(s[i]) && i < 9)
        h = h * 10 + (s[i++] - '0');
    if (s[i] != ':' || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) ||
        s[i + 3] != ':' || !is_digit(s[i + 4]) || !is_digit(s[i + 5]))
        return -1;
    int m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    int sec = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');

    if (used)
        *used = i + 6;
    return h * 3600 + m * 60 + sec;
}

/* A decimal number with '.' whatever the locale says; false on junk. */
static bool parse_decimal(const char *s, double *out)
{
    double v = 0;
    double scale = 0.1;
    bool digits = false;
    bool neg = false;

    if (*s == '-') {
        neg = true;
        s++;
    }
    for (; is_digit(*s); s++) {
        v = v * 10 + (*s - '0');
        digits = true;
    }
    if (*s == '.') {
        for (s++; is_digit(*s); s++) {
            v += (*s - '0') * scale;
            scale /= 10;
            digits = true;
        }
    }
    if (!digits || *s)
        return false;
    *out = neg ? -v : v;
    return true;
}

static bool parse_uint(const char *s, uint64_t *out)
{
    if (!is_digit(*s))
        return false;
    return str_to_u64(s, out) == 0;
}

/* Value after key among the key/value pairs from field 3 on; NULL if not. */
static const char *pair(char **f, size_t n, const char *key)
{
    for (size_t i = 3; i + 1 < n; i += 2) {
        if (str_ieq(f[i], key))
            return f[i + 1];
    }
    return NULL;
}

static void set_str(char **dst, const char *val)
{
    if (!val || (*dst && !strcmp(*dst, val)))
        return;
    free(*dst);
    *dst = xstrdup(val);
}

static struct progress_user *user_slot(struct progress_state *st,
                                       const char *name)
{
    for (size_t i = 0; i < st->n_users; i++) {
        if (str_ieq(st->users[i].name, name))
            return &st->users[i];
    }
    if (st->n_users >= PROGRESS_USERS_MAX)
        return NULL;
    st->users = xreallocarray(st->users, st->n_users + 1,
                              sizeof(*st->users));
    struct progress_user *u = &st->users[st->n_users++];

    memset(u, 0, sizeof(*u));
    u->name = xstrdup(name);
    return u;
}

static void note_user(struct progress_state *st, const char *name,
                      const char *included)
{
    struct progress_user *u = user_slot(st, name);

    if (!u)
        return;
    u->detected = true;
    if (included)
        u->included = str_ieq(included, "Yes");
}

/* Gathering a user's data started (not "SYSTEM", the machine part). */
static void note_collected(struct progress_state *st, const char *name)
{
    struct progress_user *u;

    if (str_ieq(name, "SYSTEM") || !(u = user_slot(st, name)))
        return;
    u->collected = true;
}

static void note_error(struct progress_state *st, char **f, size_t n)
{
    const char *action = pair(f, n, "action");
    bool abort = action && str_ieq(action, "Abort");

    st->n_errors++;
    if (abort)
        st->n_aborts++;
    else
        st->n_ignored++;
    if (st->n_errors_kept >= PROGRESS_ERRORS_MAX)
        return;
    st->errors = xreallocarray(st->errors, st->n_errors_kept + 1,
                               sizeof(*st->errors));
    struct progress_error *e = &st->errors[st->n_errors_kept++];
    const char *obj = pair(f, n, "objectName");
    const char *text = pair(f, n, "errorText");

    e->type = xstrdup(n > 4 ? f[4] : "");
    e->object = xstrdup(obj ? obj : "");
    e->action = xstrdup(action ? action : "");
    e->abort = abort;
    e->text = xstrdup(text ? text : "");
}

static void apply(struct progress_state *st, char **f, size_t n)
{
    const char *key = f[3];
    const char *val = n > 4 ? f[4] : NULL;
    double d;
    uint64_t u;

    if (str_ieq(key, "program")) {
        set_str(&st->program, val);
        set_str(&st->product_version, pair(f, n, "productVersion"));
        set_str(&st->computer_name, pair(f, n, "computerName"));
        set_str(&st->command_line, pair(f, n, "commandLine"));
    } else if (!val) {
        return;
    } else if (str_ieq(key, "PHASE")) {
        set_str(&st->phase, val);
    } else if (str_ieq(key, "totalPercentageCompleted")) {
        if (parse_uint(val, &u))
            st->percent = u > 100 ? 100 : (int)u;
    } else if (str_ieq(key, "estimatePercentageCompleted")) {
        if (parse_uint(val, &u))
            st->estimate_percent = u > 100 ? 100 : (int)u;
    } else if (str_ieq(key, "totalSizeInMBToTransfer")) {
        if (parse_decimal(val, &d) && d >= 0) {
            st->total_mb = d;
            st->have_total_mb = true;
        }
    } else if (str_ieq(key, "totalMinutesRemaining")) {
        if (parse_uint(val, &u))
            st->minutes_remaining = u > 1000000 ? 1000000 : (int)u;
    } else if (str_ieq(key, "detectedUser")) {
        note_user(st, val, pair(f, n, "includedInMigration"));
    } else if (str_ieq(key, "forUser") || str_ieq(key, "collectingUser") ||
               str_ieq(key, "processingUser")) {
        set_str(&st->current_user, val);
        if (!str_ieq(key, "forUser"))
            note_collected(st, val);
    } else if (str_ieq(key, "error")) {
        note_error(st, f, n);
    } else if (str_ieq(key, "errorCode")) {
        if (parse_uint(val, &u) && u <= 0x7fffffff) {
            const char *ign = pair(f, n, "numberOfIgnoredErrors");

            st->finished = true;
            st->error_code = (int)u;
            st->ignored_errors = 0;
            if (ign && parse_uint(ign, &u))
                st->ignored_errors = u;
            free(st->final_message);
            st->final_message = xstrdup(pair(f, n, "message") ?
                                        pair(f, n, "message") : "");
        }
    }
}

static void copy_bounded(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Parse buf (len bytes + room for a NUL), splitting it in place. */
static int parse_inplace(struct progress_state *st, char *buf, size_t len)
{
    char *f[FIELDS_MAX + 1];
    size_t used = 0;
    size_t n = split_inplace(buf, len, f, FIELDS_MAX);

    f[n] = NULL;
    if (n < 4 || !looks_like_date(f[0]) || parse_hms(f[1], &used) < 0)
        goto out;
    int64_t elapsed = parse_hms(f[2], NULL);

    if (elapsed < 0 || !f[3][0])
        goto out;
    copy_bounded(st->last_date, sizeof(st->last_date), f[0]);
    copy_bounded(st->last_time, sizeof(st->last_time), f[1]);
    st->last_time[used < sizeof(st->last_time) ? used : 0] = '\0';
    const char *off = f[1] + used;

    while (*off == ' ')
        off++;
    copy_bounded(st->last_utc_offset, sizeof(st->last_utc_offset), off);
    st->elapsed_s = elapsed;
    apply(st, f, n);
    st->records++;
    return 1;
out:
    return 0;
}

int progress_parse_line(struct progress_state *st, const char *line,
                        size_t len)
{
    char small[1024];
    char *buf = len < sizeof(small) ? small : xmalloc(len + 1);

    memcpy(buf, line, len);
    buf[len] = '\0';
    int ok = parse_inplace(st, buf, len);

    if (buf != small)
        free(buf);
    return ok;
}

/* ---- the reader -------------------------------------------------------- */

struct progress_reader *progress_reader_new(const char *path)
{
    struct progress_reader *r = xcalloc(1, sizeof(*r));

    follow_init(&r->fl, path, "progress log");
    strbuf_init(&r->line);
    progress_state_init(&r->st);
    return r;
}

void progress_reader_free(struct progress_reader *r)
{
    if (!r)
        return;
    follow_release(&r->fl);
    strbuf_release(&r->line);
    progress_state_release(&r->st);
    free(r);
}

void progress_reader_reset(struct progress_reader *r)
{
    uint64_t restarts = r->st.restarts;

    follow_close(&r->fl);
    strbuf_reset(&r->line);
    r->skipping = false;
    progress_state_release(&r->st);
    r->st.restarts = restarts;
    r->changed = true;
}

static void end_line(struct progress_reader *r)
{
    size_t len = r->line.len;

    if (len && r->line.buf[len - 1] == '\r')
        len--;
    if (len) {
        /* the line buffer is ours and has room for the NUL */
        if (parse_inplace(&r->st, r->line.buf, len))
            r->changed = true;
        else
            r->st.bad_lines++;
    }
    strbuf_reset(&r->line);
}

void progress_reader_feed(struct progress_reader *r, const char *data,
                          size_t len)
{
    r->st.offset += len;
    while (len) {
        const char *nl = memchr(data, '\n', len);
        size_t take = nl ? (size_t)(nl - data) : len;

        if (r->skipping) {
            /* drop the rest of an over-long line */
        } else if (r->line.len + take > PROGRESS_LINE_MAX) {
            r->st.long_lines++;
            r->changed = true;
            strbuf_reset(&r->line);
            r->skipping = true;
        } else {
            strbuf_add(&r->line, data, take);
        }
        if (!nl)
            break;
        if (r->skipping)
            r->skipping = false;
        else
            end_line(r);
        data = nl + 1;
        len -= take + 1;
    }
}

void progress_reader_finish(struct progress_reader *r)
{
    if (!r->skipping && r->line.len)
        end_line(r);
    strbuf_reset(&r->line);
    r->skipping = false;
}

static void feed_cb(void *ctx, const char *data, size_t len)
{
    progress_reader_feed((struct progress_reader *)ctx, data, len);
}

int progress_reader_poll(struct progress_reader *r, bool *changed,
                         struct wiz_err *err)
{
    bool replaced;

    r->changed = false;
    if (changed)
        *changed = false;
    if (follow_poll(&r->fl, r->st.offset, feed_cb, r, &replaced, err) < 0)
        return -1;
    if (replaced) {
        progress_reader_reset(r);
        r->st.restarts++;
        if (follow_poll(&r->fl, 0, feed_cb, r, &replaced, err) < 0)
            return -1;
    }
    if (changed)
        *changed = r->changed;
    return 0;
}

const struct progress_state *progress_reader_state(
    const struct progress_reader *r)
{
    return &r->st;
}

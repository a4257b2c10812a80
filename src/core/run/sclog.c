#include "core/run/sclog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/run/follow.h"

struct sclog_reader {
    struct follow fl;       /* the file, read on from where we stopped */
    struct strbuf line;         /* the line being assembled */
    bool skipping;              /* dropping the rest of an over-long line */
    bool have_rec;              /* cur holds an open record */
    struct sclog_record cur;    /* message kept in msg */
    struct strbuf msg;
    bool in_summary;            /* inside the USMT ERROR SUMMARY table */
    bool want_cause;            /* a failure line came before any cause */
    bool changed;
    char tail[SCLOG_TAIL_MAX][SCLOG_TAIL_WIDTH];
    size_t tail_head, tail_n;
    /*
     * Lines of the block being fed, not yet copied into tail: only the
     * last SCLOG_TAIL_MAX of a block are ever kept, so the copy waits for
     * the end of the block.
     */
    struct {
        const char *line;
        size_t len;
    } pending[SCLOG_TAIL_MAX];
    size_t pending_head, pending_n;
    struct sclog_state st;
};

static const char *const level_names[SCLOG_LEVELS] = {
    "?", "Info", "Status", "Warning", "Error", "FatalError", "Verbose",
    "Trace",
};

const char *sclog_level_name(enum sclog_level level)
{
    return (unsigned)level < SCLOG_LEVELS ? level_names[level] : "?";
}

/* ---- line prefix ------------------------------------------------------- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}


/* "YYYY-MM-DD HH:MM:SS" at s (19 bytes available). */
static bool is_stamp(const char *s)
{
    /* written out: every line of the log is tested */
    return is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
           is_digit(s[3]) && s[4] == '-' && is_digit(s[5]) &&
           is_digit(s[6]) && s[7] == '-' && is_digit(s[8]) &&
           is_digit(s[9]) && s[10] == ' ' && is_digit(s[11]) &&
           is_digit(s[12]) && s[13] == ':' && is_digit(s[14]) &&
           is_digit(s[15]) && s[16] == ':' && is_digit(s[17]) &&
           is_digit(s[18]);
}

/* Letters a and b (n of them) equal but for case. */
static bool same_letters(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((a[i] | 0x20) != (b[i] | 0x20))
            return false;
    }
    return true;
}

static enum sclog_level level_of(const char *s, size_t n)
{
    /* every line has a level: compare lengths before letters */
    static const unsigned char level_len[SCLOG_LEVELS] = { 1, 4, 6, 7, 5, 10,
                                                           7, 5 };

    for (int l = SCLOG_INFO; l < SCLOG_LEVELS; l++) {
        if (level_len[l] == n && same_letters(s, level_names[l], n))
            return (enum sclog_level)l;
    }
    return SCLOG_OTHER;
}

/* Level word, blanks, "[0x" 6 hex "]" from p; message offset or -1. */
static long parse_level_code(const char *line, size_t len, size_t p,
                             bool need_known, struct sclog_record *rec)
{
    size_t w = p;

    while (w < len && ((line[w] >= 'A' && line[w] <= 'Z') ||
                       (line[w] >= 'a' && line[w] <= 'z')))
        w++;
    if (w == p || w - p > 20)
        return -1;
    enum sclog_level lvl = level_of(line + p, w - p);

    if (need_known && lvl == SCLOG_OTHER)
        return -1;
    size_t b = w;

    while (b < len && line[b] == ' ')
        b++;
    if (b == w || b + 10 > len || memcmp(line + b, "[0x", 3) != 0 ||
        line[b + 9] != ']')
        return -1;
    uint32_t code = 0;

    for (size_t i = b + 3; i < b + 9; i++) {
        int h = str_hexval(line[i]);

        if (h < 0)
            return -1;
        code = code * 16 + (uint32_t)h;
    }
    rec->level = lvl;
    rec->code = code;
    size_t m = b + 10;

    if (m < len && line[m] == ' ')
        m++;
    return (long)m;
}

long sclog_parse_header(const char *line, size_t len,
                        struct sclog_record *rec)
{
    memset(rec, 0, sizeof(*rec));
    /*
     * A stamp normally opens the line; copies pasted from consoles carry
     * a short prefix ("[VERBOSE]<21:44:52> "), so look a little further.
     */
    size_t limit = len < 64 ? len : 64;

    for (size_t i = 0; i + 21 <= len && i < limit; i++) {
        if (!is_digit(line[i]) || (i && line[i - 1] != ' ' &&
                                   line[i - 1] != ']' && line[i - 1] != '>'))
            continue;
        if (!is_stamp(line + i) || line[i + 19] != ',' || line[i + 20] != ' ')
            continue;
        size_t p = i + 21;

        while (p < len && line[p] == ' ')
            p++;
        long m = parse_level_code(line, len, p, false, rec);

        if (m < 0)
            continue;
        memcpy(rec->time, line + i, 19);
        rec->time[19] = '\0';
        return m;
    }
    /* USMT 3 style: no timestamp, a known level first */
    if (len && line[0] != ' ')
        return parse_level_code(line, len, 0, true, rec);
    return -1;
}

/* ---- records ----------------------------------------------------------- */

static void record_release(struct sclog_record *rec)
{
    free(rec->message);
    memset(rec, 0, sizeof(*rec));
}

static void record_copy(struct sclog_record *dst,
                        const struct sclog_record *src, const char *msg)
{
    record_release(dst);
    *dst = *src;
    dst->message = xstrdup(msg);
}

/* Remove a trailing "[gle=0x........]" from the message. */
static void strip_gle(struct strbuf *msg, struct sclog_record *rec)
{
    static const size_t glen = 16;    /* "[gle=0x" 8 hex "]" */
    size_t n = msg->len;

    /* strbuf_rtrim, without a strchr per byte: this runs for every record */
    while (n && (msg->buf[n - 1] == ' ' || msg->buf[n - 1] == '\t' ||
                 msg->buf[n - 1] == '\r' || msg->buf[n - 1] == '\n' ||
                 msg->buf[n - 1] == '\0'))
        n--;
    msg->len = n;
    if (msg->alloc)
        msg->buf[n] = '\0';
    if (msg->len < glen)
        return;
    const char *g = msg->buf + msg->len - glen;

    if (memcmp(g, "[gle=0x", 7) != 0 || g[15] != ']')
        return;
    uint32_t v = 0;

    for (int i = 7; i < 15; i++) {
        int h = str_hexval(g[i]);

        if (h < 0)
            return;
        v = v * 16 + (uint32_t)h;
    }
    rec->has_gle = true;
    rec->gle = v;
    strbuf_setlen(msg, msg->len - glen);
}

static bool is_generic_failure(const char *m)
{
    /* consequences, not causes: the cause is logged near them */
    return str_starts_with(m, "Unable to Complete Migration") ||
           str_starts_with(m, "Unable to process object") ||
           str_starts_with(m, "Migration failed to complete successfully") ||
           str_starts_with(m, "USMT is shutting down due to errors");
}

static void set_after(char **dst, const char *msg, const char *prefix)
{
    free(*dst);
    *dst = xstrdup(msg + strlen(prefix));
}

/* Text of a record with its line breaks removed (wrapped command lines). */
static char *unwrap(const char *msg)
{
    struct strbuf sb;

    strbuf_init(&sb);
    for (const char *p = msg; *p; p++) {
        if (*p != '\n')
            strbuf_addch(&sb, *p);
    }
    return strbuf_detach(&sb, NULL);
}

static void note_cmdline_error(struct sclog_state *st, const char *msg)
{
    const char *mark = strstr(msg, "##ERROR##");
    const char *ls = mark;

    while (ls > msg && ls[-1] != '\n')
        ls--;
    const char *ae = mark;

    while (ls < ae && *ls == ' ')
        ls++;
    while (ae > ls && ae[-1] == ' ')
        ae--;
    free(st->cmdline_error_at);
    st->cmdline_error_at = xstrndup(ls, (size_t)(ae - ls));
    /* the reason is the last non-empty line of the record */
    const char *end = msg + strlen(msg);

    while (end > msg && (end[-1] == '\n' || end[-1] == ' '))
        end--;
    const char *start = end;

    while (start > msg && start[-1] != '\n')
        start--;
    while (start < end && *start == ' ')
        start++;
    free(st->cmdline_error);
    st->cmdline_error = xstrndup(start, (size_t)(end - start));
}

static void note_summary_row(struct sclog_state *st, const char *msg)
{
    /* "|           395 |           No |         37 | Read error ..." */
    char *cols[4] = { NULL, NULL, NULL, NULL };
    const char *p = msg + 1;
    int n = 0;

    while (n < 4) {
        const char *bar = n < 3 ? strchr(p, '|') : NULL;
        const char *end = bar ? bar : p + strlen(p);

        while (p < end && *p == ' ')
            p++;
        const char *e = end;

        while (e > p && e[-1] == ' ')
            e--;
        cols[n++] = xstrndup(p, (size_t)(e - p));
        if (!bar)
            break;
        p = bar + 1;
    }
    uint64_t code;
    uint64_t rec;

    if (n == 4 && st->n_summary < SCLOG_SUMMARY_MAX &&
        str_to_u64(cols[0], &code) == 0 && code <= 0xffffffffu &&
        str_to_u64(cols[2], &rec) == 0) {
        struct sclog_summary_row *row = &st->summary[st->n_summary++];

        row->error_code = (uint32_t)code;
        row->caused_abort = str_ieq(cols[1], "Yes");
        row->recurrence = rec;
        row->first = cols[3];
        cols[3] = NULL;
    }
    for (int i = 0; i < 4; i++)
        free(cols[i]);
}

static void push_error(struct sclog_reader *r, const struct sclog_record *rec,
                       const char *msg)
{
    struct sclog_state *st = &r->st;
    size_t slot;

    if (st->n_errors_kept < SCLOG_ERRORS_MAX) {
        slot = (st->errors_head + st->n_errors_kept) % SCLOG_ERRORS_MAX;
        st->n_errors_kept++;
    } else {
        slot = st->errors_head;
        st->errors_head = (st->errors_head + 1) % SCLOG_ERRORS_MAX;
    }
    record_copy(&st->errors[slot], rec, msg);
}

const struct sclog_record *sclog_state_error(const struct sclog_state *st,
                                             size_t i)
{
    if (i >= st->n_errors_kept)
        return NULL;
    return &st->errors[(st->errors_head + i) % SCLOG_ERRORS_MAX];
}

/* ---- users ------------------------------------------------------------- */

static struct sclog_user *user_slot(struct sclog_state *st, const char *sid,
                                    size_t len)
{
    for (size_t i = 0; i < st->n_users; i++) {
        if (strlen(st->users[i].sid) == len &&
            !str_ncasecmp(st->users[i].sid, sid, len))
            return &st->users[i];
    }
    if (st->n_users >= SCLOG_USERS_MAX || len >= SCLOG_SID_MAX)
        return NULL;
    st->users = xreallocarray(st->users, st->n_users + 1,
                              sizeof(*st->users));
    struct sclog_user *u = &st->users[st->n_users++];

    memset(u, 0, sizeof(*u));
    memcpy(u->sid, sid, len);
    u->sid[len] = '\0';
    return u;
}

static unsigned user_flags_of(const struct sclog_record *rec, const char *m)
{
    unsigned f = 0;

    if (str_icasestr(m, "duplicate SID"))
        f |= str_icasestr(m, "ignored") || rec->level == SCLOG_WARNING
                 ? SCLOG_USER_TEMP_SKIPPED : SCLOG_USER_DUP_SID;
    if ((rec->has_gle && rec->gle == 0x534) || str_icasestr(m, "not found"))
        f |= SCLOG_USER_UNMAPPED;
    if (str_icasestr(m, " is excluded"))
        f |= SCLOG_USER_EXCLUDED;
    else if (str_icasestr(m, " is included"))
        f |= SCLOG_USER_INCLUDED;
    if (rec->level == SCLOG_ERROR || rec->level == SCLOG_FATAL)
        f |= SCLOG_USER_ERROR;
    return f;
}

/* Note what a record says about each user whose SID it names. */
static void note_users(struct sclog_state *st, const struct sclog_record *rec,
                       const char *m)
{
    unsigned f;

    if (!strstr(m, "S-1-") || !(f = user_flags_of(rec, m)))
        return;
    for (const char *p = strstr(m, "S-1-"); p; p = strstr(p, "S-1-")) {
        size_t len = 4;

        while ((is_digit(p[len]) || p[len] == '-') && len < SCLOG_SID_MAX)
            len++;
        while (len > 4 && p[len - 1] == '-')
            len--;
        struct sclog_user *u = user_slot(st, p, len);

        p += len;
        if (!u)
            continue;
        u->flags |= f;
        if (f & SCLOG_USER_ERROR)
            u->errors++;
        if (!u->why && (f & (SCLOG_USER_TEMP_SKIPPED | SCLOG_USER_DUP_SID |
                             SCLOG_USER_UNMAPPED | SCLOG_USER_ERROR)))
            u->why = xstrndup(m, 512);
    }
}

const struct sclog_user *sclog_state_user(const struct sclog_state *st,
                                          const char *sid)
{
    for (size_t i = 0; st && sid && i < st->n_users; i++) {
        if (str_ieq(st->users[i].sid, sid))
            return &st->users[i];
    }
    return NULL;
}

static void close_record(struct sclog_reader *r)
{
    struct sclog_state *st = &r->st;
    struct sclog_record *rec = &r->cur;

    if (!r->have_rec)
        return;
    r->have_rec = false;
    strip_gle(&r->msg, rec);
    const char *m = strbuf_str(&r->msg);

    st->records++;
    st->by_level[rec->level]++;
    r->changed = true;
    if (r->in_summary) {
        if (m[0] == '|') {
            note_summary_row(st, m);
            return;
        }
        if (m[0] == '+' || m[0] == '*')
            return;
        r->in_summary = false;
    }
    if (strstr(m, "USMT ERROR SUMMARY")) {
        r->in_summary = true;
        /* a second table (a log appended to) replaces the first */
        for (size_t i = 0; i < st->n_summary; i++) {
            free(st->summary[i].first);
            st->summary[i].first = NULL;
        }
        st->n_summary = 0;
    } else if (str_starts_with(m, "USMT Started at ")) {
        set_after(&st->started, m, "USMT Started at ");
    } else if (str_starts_with(m, "USMT Completed at ")) {
        set_after(&st->completed, m, "USMT Completed at ");
    } else if (str_starts_with(m, "Command line: ")) {
        free(st->command_line);
        st->command_line = unwrap(m + strlen("Command line: "));
    } else if (str_starts_with(m, "Activity: '")) {
        const char *a = m + strlen("Activity: '");
        const char *q = strchr(a, '\'');

        free(st->activity);
        st->activity = xstrndup(a, q ? (size_t)(q - a) : strlen(a));
    } else if (str_starts_with(m, "Success") && rec->level == SCLOG_INFO) {
        uint64_t n = 0;
        const char *c = m + strlen("Success");

        st->success = true;
        if (*c == ',') {
            while (*++c == ' ')
                ;
            char num[24];
            size_t k = 0;

            while (is_digit(c[k]) && k < sizeof(num) - 1) {
                num[k] = c[k];
                k++;
            }
            num[k] = '\0';
            if (k && str_to_u64(num, &n) == 0 &&
                str_starts_with(c + k, " errors ignored")) {
                st->have_errors_ignored = true;
                st->errors_ignored = n;
            }
        }
    } else if (str_starts_with(m, "Entering MigShutdown method")) {
        st->shutdown = true;
    } else if (!st->version && strstr(m, ".EXE Version ")) {
        st->version = xstrdup(m);
    }
    if (strstr(m, "##ERROR##"))
        note_cmdline_error(st, m);
    note_users(st, rec, m);
    if (rec->level != SCLOG_ERROR && rec->level != SCLOG_FATAL)
        return;
    if (is_generic_failure(m)) {
        st->failed = true;
        if (st->have_cause)
            return;
        /* the cause is the last specific error above this line */
        for (size_t i = st->n_errors_kept; i-- > 0;) {
            const struct sclog_record *e = sclog_state_error(st, i);

            if (!is_generic_failure(e->message)) {
                record_copy(&st->cause, e, e->message);
                st->have_cause = true;
                return;
            }
        }
        r->want_cause = true;
        return;
    }
    push_error(r, rec, m);
    if (r->want_cause && !st->have_cause) {
        record_copy(&st->cause, rec, m);
        st->have_cause = true;
        r->want_cause = false;
    }
}

static void add_tail(struct sclog_reader *r, const char *line, size_t len)
{
    size_t slot;

    if (r->tail_n < SCLOG_TAIL_MAX) {
        slot = (r->tail_head + r->tail_n) % SCLOG_TAIL_MAX;
        r->tail_n++;
    } else {
        slot = r->tail_head;
        r->tail_head = (r->tail_head + 1) % SCLOG_TAIL_MAX;
    }
    if (len >= SCLOG_TAIL_WIDTH)
        len = SCLOG_TAIL_WIDTH - 1;
    memcpy(r->tail[slot], line, len);
    r->tail[slot][len] = '\0';
}

static void add_to_message(struct sclog_reader *r, const char *s, size_t len)
{
    if (r->msg.len + len > SCLOG_RECORD_MAX) {
        r->cur.truncated = true;
        len = r->msg.len < SCLOG_RECORD_MAX ? SCLOG_RECORD_MAX - r->msg.len
                                            : 0;
    }
    strbuf_add(&r->msg, s, len);
}

/* Remember a line of the current block for the tail (see pending). */
static void pend_tail(struct sclog_reader *r, const char *line, size_t len)
{
    size_t slot;

    if (r->pending_n < SCLOG_TAIL_MAX) {
        slot = (r->pending_head + r->pending_n) % SCLOG_TAIL_MAX;
        r->pending_n++;
    } else {
        slot = r->pending_head;
        r->pending_head = (r->pending_head + 1) % SCLOG_TAIL_MAX;
    }
    r->pending[slot].line = line;
    r->pending[slot].len = len;
}

/* Copy the pending lines into the tail, oldest first. */
static void flush_tail(struct sclog_reader *r)
{
    for (size_t i = 0; i < r->pending_n; i++) {
        size_t slot = (r->pending_head + i) % SCLOG_TAIL_MAX;

        add_tail(r, r->pending[slot].line, r->pending[slot].len);
    }
    r->pending_head = 0;
    r->pending_n = 0;
}

/*
 * One complete line (without its '\n'); borrowed is true when line points
 * into the block being fed (valid until the feed returns), false when it
 * is the assembly buffer.
 */
static void end_line(struct sclog_reader *r, const char *line, size_t len,
                     bool borrowed)
{
    struct sclog_record rec;

    if (len && line[len - 1] == '\r')
        len--;
    if (borrowed) {
        pend_tail(r, line, len);
    } else {
        flush_tail(r);
        add_tail(r, line, len);
    }
    long m = sclog_parse_header(line, len, &rec);

    if (m >= 0) {
        close_record(r);
        r->cur = rec;
        r->have_rec = true;
        strbuf_reset(&r->msg);
        add_to_message(r, line + m, len - (size_t)m);
    } else if (r->have_rec) {
        r->st.continuation_lines++;
        add_to_message(r, "\n", 1);
        add_to_message(r, line, len);
    } else if (len) {
        r->st.continuation_lines++;
    }
}

/* The line assembled across blocks is complete. */
static void end_assembled_line(struct sclog_reader *r)
{
    end_line(r, r->line.buf ? r->line.buf : "", r->line.len, false);
    strbuf_reset(&r->line);
}

/* ---- the reader -------------------------------------------------------- */

static void state_release(struct sclog_state *st)
{
    free(st->version);
    free(st->started);
    free(st->completed);
    free(st->command_line);
    free(st->activity);
    free(st->cmdline_error);
    free(st->cmdline_error_at);
    record_release(&st->cause);
    for (size_t i = 0; i < SCLOG_ERRORS_MAX; i++)
        record_release(&st->errors[i]);
    for (size_t i = 0; i < st->n_summary; i++)
        free(st->summary[i].first);
    for (size_t i = 0; i < st->n_users; i++)
        free(st->users[i].why);
    free(st->users);
    memset(st, 0, sizeof(*st));
}

struct sclog_reader *sclog_reader_new(const char *path)
{
    struct sclog_reader *r = xcalloc(1, sizeof(*r));

    follow_init(&r->fl, path, "log");
    strbuf_init(&r->line);
    strbuf_init(&r->msg);
    return r;
}

void sclog_reader_reset(struct sclog_reader *r)
{
    uint64_t restarts = r->st.restarts;

    follow_close(&r->fl);
    strbuf_reset(&r->line);
    strbuf_reset(&r->msg);
    r->skipping = false;
    r->have_rec = false;
    r->in_summary = false;
    r->want_cause = false;
    r->tail_head = 0;
    r->tail_n = 0;
    r->pending_head = 0;
    r->pending_n = 0;
    state_release(&r->st);
    r->st.restarts = restarts;
    r->changed = true;
}

void sclog_reader_free(struct sclog_reader *r)
{
    if (!r)
        return;
    follow_release(&r->fl);
    strbuf_release(&r->line);
    strbuf_release(&r->msg);
    state_release(&r->st);
    free(r);
}

void sclog_reader_feed(struct sclog_reader *r, const char *data, size_t len)
{
    const char *end = data + len;

    r->st.offset += len;
    while (data < end) {
        const char *nl = memchr(data, '\n', (size_t)(end - data));
        size_t take = nl ? (size_t)(nl - data) : (size_t)(end - data);

        if (nl && !r->line.len && !r->skipping) {
            /* the common case: a whole line inside the block, read in place */
            if (take > SCLOG_LINE_MAX) {
                /* keep the start of an over-long line, drop the rest */
                r->st.long_lines++;
                take = SCLOG_LINE_MAX;
            }
            end_line(r, data, take, true);
            data = nl + 1;
            continue;
        }
        if (!r->skipping) {
            size_t room = SCLOG_LINE_MAX - r->line.len;

            if (take > room) {
                strbuf_add(&r->line, data, room);
                r->st.long_lines++;
                r->skipping = true;
            } else {
                strbuf_add(&r->line, data, take);
            }
        }
        if (!nl)
            break;
        r->skipping = false;
        end_assembled_line(r);
        data = nl + 1;
    }
    flush_tail(r);
}

void sclog_reader_finish(struct sclog_reader *r)
{
    if (r->line.len)
        end_assembled_line(r);
    r->skipping = false;
    close_record(r);
}

static void feed_cb(void *ctx, const char *data, size_t len)
{
    sclog_reader_feed((struct sclog_reader *)ctx, data, len);
}

int sclog_reader_poll(struct sclog_reader *r, bool *changed,
                      struct wiz_err *err)
{
    uint64_t before = r->st.offset;
    bool replaced;

    r->changed = false;
    if (changed)
        *changed = false;
    if (follow_poll(&r->fl, r->st.offset, feed_cb, r, &replaced, err) < 0)
        return -1;
    if (replaced) {
        sclog_reader_reset(r);
        r->st.restarts++;
        before = r->st.offset;
        if (follow_poll(&r->fl, 0, feed_cb, r, &replaced, err) < 0)
            return -1;
    }
    if (changed)
        *changed = r->changed || r->st.offset != before;
    return 0;
}

const struct sclog_state *sclog_reader_state(const struct sclog_reader *r)
{
    return &r->st;
}

size_t sclog_reader_tail(const struct sclog_reader *r, const char **lines,
                         size_t max)
{
    size_t n = r->tail_n < max ? r->tail_n : max;
    size_t skip = r->tail_n - n;

    for (size_t i = 0; i < n; i++)
        lines[i] = r->tail[(r->tail_head + skip + i) % SCLOG_TAIL_MAX];
    return n;
}

static void push_line(char ***v, size_t *n, size_t *alloc, char *s)
{
    XGROW(*v, *alloc, *n + 2);
    (*v)[(*n)++] = s;
    (*v)[*n] = NULL;
}

static char *format_record(const struct sclog_record *rec)
{
    return xasprintf("%s [0x%06x] %s", sclog_level_name(rec->level),
                     (unsigned)rec->code, rec->message);
}

char **sclog_explain(const struct sclog_state *st, size_t *n)
{
    char **v = NULL;
    size_t alloc = 0;

    *n = 0;
    XGROW(v, alloc, 1);
    v[0] = NULL;
    if (st->cmdline_error)
        push_line(&v, n, &alloc,
                  xasprintf("command line: %s", st->cmdline_error));
    if (st->have_cause)
        push_line(&v, n, &alloc, format_record(&st->cause));
    for (size_t i = st->n_errors_kept; i-- > 0;) {
        const struct sclog_record *e = sclog_state_error(st, i);

        if (st->have_cause && e->code == st->cause.code &&
            !strcmp(e->message, st->cause.message))
            continue;
        push_line(&v, n, &alloc, format_record(e));
    }
    return v;
}

void sclog_lines_free(char **lines)
{
    if (!lines)
        return;
    for (size_t i = 0; lines[i]; i++)
        free(lines[i]);
    free(lines);
}

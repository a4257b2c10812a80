#ifndef WIZ_CORE_SCLOG_H
#define WIZ_CORE_SCLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The scanstate log (/l, scanstate.log), read as it grows.  A record starts
 * with "YYYY-MM-DD HH:MM:SS, <Level padded to 21> [0xNNNNNN] <message>"
 * (older logs: no timestamp) and may end in "[gle=0xNNNNNNNN]"; lines
 * without that prefix continue the record before them.  The reader keeps
 * only what the Run and Result screens need, in bounded memory whatever the
 * size of the log: milestones, counts, the last lines, the last errors, the
 * first real cause of a failure, the command-line error and the USMT ERROR
 * SUMMARY table.
 */

struct wiz_err;

#define SCLOG_LINE_MAX (64 * 1024)  /* longer lines are cut (counted) */
#define SCLOG_RECORD_MAX (8 * 1024) /* message bytes kept per record */
#define SCLOG_TAIL_MAX 64           /* last raw lines kept */
#define SCLOG_TAIL_WIDTH 512        /* bytes kept of each of them */
#define SCLOG_ERRORS_MAX 16         /* last Error/FatalError records kept */
#define SCLOG_SUMMARY_MAX 64        /* error summary rows kept */
#define SCLOG_USERS_MAX 256         /* users (by SID) noted */
#define SCLOG_SID_MAX 184           /* longest SID kept, NUL included */

enum sclog_level {
    SCLOG_OTHER,        /* a level name we do not know */
    SCLOG_INFO,
    SCLOG_STATUS,
    SCLOG_WARNING,
    SCLOG_ERROR,
    SCLOG_FATAL,        /* FatalError */
    SCLOG_VERBOSE,
    SCLOG_TRACE,
    SCLOG_LEVELS
};

/* "Info", "Error", ... ("?" for SCLOG_OTHER). */
const char *sclog_level_name(enum sclog_level level);

struct sclog_record {
    char time[20];          /* "2017-09-01 16:10:07", "" when none */
    enum sclog_level level;
    uint32_t code;          /* the [0x......] component code */
    char *message;          /* lines joined with '\n', gle removed; owned */
    bool has_gle;
    uint32_t gle;           /* GetLastError when logged (often stale) */
    bool truncated;         /* message cut at SCLOG_RECORD_MAX */
};

struct sclog_summary_row {
    uint32_t error_code;
    bool caused_abort;
    uint64_t recurrence;
    char *first;            /* "First Occurence" text; owned */
};

/*
 * What the log said about one user, found by the SID in a record.  The
 * reference (§5.1) gives the record layout but no per-user wording, so
 * the words matched are few and loose: "duplicate SID" (the temporary
 * profile of §3.7/§8), a record with gle 0x534 (ERROR_NONE_MAPPED: the
 * SID maps to no account or profile and the user is skipped), "not
 * found", "is included", "is excluded", and any Error record.
 */
enum sclog_user_flags {
    SCLOG_USER_INCLUDED = 1 << 0,
    SCLOG_USER_EXCLUDED = 1 << 1,
    SCLOG_USER_TEMP_SKIPPED = 1 << 2,   /* duplicate SID error ignored */
    SCLOG_USER_DUP_SID = 1 << 3,        /* duplicate SID error (rc 26) */
    SCLOG_USER_UNMAPPED = 1 << 4,       /* gle 0x534 or folder not found */
    SCLOG_USER_ERROR = 1 << 5,          /* an Error record names it */
};

struct sclog_user {
    char sid[SCLOG_SID_MAX];
    unsigned flags;             /* enum sclog_user_flags */
    uint64_t errors;            /* Error/FatalError records naming it */
    char *why;                  /* first record that skipped it; owned */
};

struct sclog_state {
    char *version;          /* "SCANSTATE.EXE Version 10.0.22621", NULL */
    char *started;          /* text after "USMT Started at " */
    char *completed;        /* text after "USMT Completed at " */
    char *command_line;     /* after "Command line: ", wraps joined */
    char *activity;         /* last MIGACTIVITY_... */
    bool success;           /* a "Success..." or "Successful run" line */
    bool have_errors_ignored;
    uint64_t errors_ignored;/* from "Success, N errors ignored." */
    bool failed;            /* a generic "migration failed" line was seen */
    bool shutdown;          /* "Entering MigShutdown method" */
    char *cmdline_error;    /* the reason under "##ERROR##", NULL */
    char *cmdline_error_at; /* the command line cut at "##ERROR## -->" */
    struct sclog_record cause;  /* first real cause of the failure */
    bool have_cause;
    struct sclog_record errors[SCLOG_ERRORS_MAX];  /* ring, oldest first */
    size_t n_errors_kept;   /* valid entries (<= SCLOG_ERRORS_MAX) */
    size_t errors_head;     /* index of the oldest entry */
    struct sclog_summary_row summary[SCLOG_SUMMARY_MAX];
    size_t n_summary;
    struct sclog_user *users;   /* by SID, first seen first */
    size_t n_users;
    uint64_t records;
    uint64_t by_level[SCLOG_LEVELS];
    uint64_t continuation_lines;
    uint64_t long_lines;
    uint64_t restarts;
    uint64_t offset;
};

struct sclog_reader;

struct sclog_reader *sclog_reader_new(const char *path);
void sclog_reader_free(struct sclog_reader *r);
/*
 * Read what was appended since the last call (a missing file changes
 * nothing; a truncated or replaced file starts over).  The record being
 * written stays open until the next record starts or finish is called.
 */
int sclog_reader_poll(struct sclog_reader *r, bool *changed,
                      struct wiz_err *err);
void sclog_reader_feed(struct sclog_reader *r, const char *data, size_t len);
/* End of input: close the pending line and record. */
void sclog_reader_finish(struct sclog_reader *r);
void sclog_reader_reset(struct sclog_reader *r);
/* Borrowed; valid until the next call on r. */
const struct sclog_state *sclog_reader_state(const struct sclog_reader *r);
/*
 * The last raw lines, oldest first: fills up to max borrowed pointers
 * (valid until the next call on r) and returns how many.
 */
size_t sclog_reader_tail(const struct sclog_reader *r, const char **lines,
                         size_t max);
/* What the log said about the user with this SID, or NULL (borrowed). */
const struct sclog_user *sclog_state_user(const struct sclog_state *st,
                                          const char *sid);
/* The i-th kept error record, oldest first (i < n_errors_kept). */
const struct sclog_record *sclog_state_error(const struct sclog_state *st,
                                             size_t i);
/*
 * Lines that explain a failure, most useful first: the command-line error,
 * the first real cause, then the last errors ("Error [0x0802e9] ...").
 * New array of new strings (free with sclog_lines_free), count in *n.
 */
char **sclog_explain(const struct sclog_state *st, size_t *n);
void sclog_lines_free(char **lines);

/*
 * Parse the prefix of one line.  Returns the offset of the message and
 * fills rec (message not set) when the line starts a record; -1 when it is
 * a continuation.  Exposed for tests.
 */
long sclog_parse_header(const char *line, size_t len,
                        struct sclog_record *rec);

#endif

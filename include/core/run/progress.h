#ifndef WIZ_CORE_PROGRESS_H
#define WIZ_CORE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The scanstate progress log (/progress), read while scanstate appends to
 * it.  Each line is "DD Mon YYYY, HH:MM:SS +hh:mm, HH:MM:SS, key, value,
 * key, value, ..." with values that may contain commas wrapped in double
 * quotes.  The reader keeps its offset and reads only new bytes; a
 * half-written last line waits for its newline; CRLF or LF; a file that
 * shrinks or is replaced makes it start over; a line longer than
 * PROGRESS_LINE_MAX is skipped and counted.  Unknown keys are ignored.
 */

struct wiz_err;

#define PROGRESS_LINE_MAX (256 * 1024)
#define PROGRESS_ERRORS_MAX 256     /* error records kept (all are counted) */
#define PROGRESS_USERS_MAX 1024     /* detected users kept */

struct progress_error {
    char *type;         /* UnableToOpen, UnableToCopy, ... */
    char *object;       /* objectName */
    char *action;       /* "Ignore", "Abort", as written */
    bool abort;         /* action is Abort: the run stops */
    char *text;         /* errorText, "" when absent */
};

struct progress_user {
    char *name;         /* CONTOSO\jdoe, or a SID offline */
    bool included;      /* includedInMigration, Yes */
    bool detected;      /* a detectedUser record named it */
    bool collected;     /* collectingUser/processingUser named it: its
                           data was being gathered */
};

struct progress_state {
    /* header record */
    char *program;          /* ScanState.exe; NULL until seen */
    char *product_version;
    char *computer_name;
    char *command_line;
    /* latest values */
    char *phase;            /* Initializing, Scanning, Collecting, ... */
    int percent;            /* totalPercentageCompleted, -1 unknown */
    int estimate_percent;   /* estimatePercentageCompleted, -1 unknown */
    bool have_total_mb;
    double total_mb;        /* totalSizeInMBToTransfer */
    int minutes_remaining;  /* totalMinutesRemaining, -1 unknown */
    char *current_user;     /* last collectingUser/processingUser/forUser */
    struct progress_user *users;
    size_t n_users;
    struct progress_error *errors;  /* the first PROGRESS_ERRORS_MAX */
    size_t n_errors_kept;
    uint64_t n_errors;      /* every error record */
    uint64_t n_ignored;     /* action Ignore */
    uint64_t n_aborts;      /* action Abort */
    /* final record */
    bool finished;          /* an errorCode record was read */
    int error_code;
    uint64_t ignored_errors;    /* numberOfIgnoredErrors */
    char *final_message;
    /* time of the last record */
    char last_date[16];     /* "09 Feb 2021" */
    char last_time[16];     /* "22:19:41" */
    char last_utc_offset[8];/* "-02:00" */
    int64_t elapsed_s;      /* migration time of the last record, -1 */
    /* bookkeeping */
    uint64_t records;       /* lines understood */
    uint64_t bad_lines;     /* lines that were not progress records */
    uint64_t long_lines;    /* lines over PROGRESS_LINE_MAX, skipped */
    uint64_t restarts;      /* times the file shrank or was replaced */
    uint64_t offset;        /* bytes of the file consumed */
};

struct progress_reader;

/* A reader for path (not opened until the first poll); free with _free. */
struct progress_reader *progress_reader_new(const char *path);
void progress_reader_free(struct progress_reader *r);

/*
 * Read what was appended since the last call.  A missing file is not an
 * error (nothing changes).  *changed (may be NULL) tells whether the state
 * changed.  Fails only when the file exists but cannot be read.
 */
int progress_reader_poll(struct progress_reader *r, bool *changed,
                         struct wiz_err *err);
/*
 * Feed bytes directly (what poll does after reading); lets tests and other
 * sources use the parser without a file.
 */
void progress_reader_feed(struct progress_reader *r, const char *data,
                          size_t len);
/*
 * The writer is done: treat a pending line without newline as complete
 * (for reading a finished or truncated log).
 */
void progress_reader_finish(struct progress_reader *r);
/* Forget everything, as when the file was replaced. */
void progress_reader_reset(struct progress_reader *r);
/* The state (borrowed; valid until the next call on r). */
const struct progress_state *progress_reader_state(
    const struct progress_reader *r);

/*
 * Split one line (no newline) into fields at ", " outside double quotes;
 * surrounding quotes are removed, an unclosed quote runs to the end.
 * Returns a new NULL-terminated array of new strings (free with
 * progress_fields_free) and the count in *n.
 */
char **progress_split(const char *line, size_t len, size_t *n);
void progress_fields_free(char **fields);

/*
 * Understand one line into st: returns 1 when it was a progress record,
 * 0 when not (the state is unchanged).
 */
int progress_parse_line(struct progress_state *st, const char *line,
                        size_t len);
void progress_state_init(struct progress_state *st);
void progress_state_release(struct progress_state *st);

#endif

#ifndef WIZ_CORE_RUN_VERIFY_H
#define WIZ_CORE_RUN_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Was every selected user captured?  After scanstate returns, what was
 * asked (the selected profiles) is reconciled with what happened
 * (scanstate.log, the progress log, the store on disk), user by user, and
 * the profiles of real people that were not selected are listed with the
 * reason, so that "where is this user's data?" always has an answer.
 * A return code of 0 or 3 with a selected user not captured is an
 * incomplete capture, never a success; a scanstate that was killed or
 * crashed leaves a store that must not be restored.  Pure: no terminal,
 * no file is read or written here (the caller measures the store).
 */

struct strbuf;
struct progress_state;
struct sclog_state;

enum verify_state {
    VERIFY_CAPTURED,
    VERIFY_CAPTURED_ERRORS,     /* in the store, some of its files not */
    VERIFY_NOT_CAPTURED,
};

enum verify_verdict {
    VERIFY_SUCCESS,             /* every selected user is in the store */
    VERIFY_SUCCESS_ERRORS,      /* rc 3 or user errors; every user is in */
    VERIFY_INCOMPLETE,          /* rc 0 or 3, a selected user is not */
    VERIFY_FAILED,              /* scanstate failed */
    VERIFY_KILLED,              /* killed or crashed: a partial store */
    VERIFY_CANCELLED,
    VERIFY_NOT_STARTED,
};

/* One ProfileList entry as the caller knows it (strings borrowed). */
struct verify_profile {
    const char *sid;
    const char *name;               /* for people */
    const char *account;            /* DOMAIN\user, or "" */
    const char *kind;               /* user_kind_name() */
    const char *profile_online;     /* C:\Users\x as Windows saw it, "" */
    const char *profile_win;        /* D:\Users\x as Windows PE sees it */
    bool selected;
    bool real_person;               /* not a service or TEMP profile */
    bool temporary;                 /* the TEMP profile of its SID */
    bool folder_exists;
    bool temp_twin;                 /* its SID also has a TEMP profile: this
                                       is the real one (the .bak key) */
    bool as_files;                  /* its folder went in as files (/i) */
    bool stored_known;              /* stored_bytes was measured */
    uint64_t stored_bytes;
    const char *why_not_selected;   /* when not selected, or NULL */
};

struct verify_input {
    int rc;                         /* scanstate's code, -1 never ended */
    bool signalled;                 /* killed by a signal */
    bool cancelled;                 /* the technician stopped it */
    const struct progress_state *progress;  /* NULL without */
    const struct sclog_state *log;          /* NULL without */
    const struct verify_profile *profiles;
    size_t n_profiles;
    bool store_compressed;          /* one USMT.MIG: no bytes per user */
};

struct verify_user {
    char *sid;
    char *name;
    char *kind;
    enum verify_state state;
    bool stored_known;
    uint64_t stored_bytes;
    uint64_t errors;        /* error records about its files */
    bool as_files;
    char *why;              /* what happened, for people; "" when nothing */
};

struct verify_result {
    enum verify_verdict verdict;
    struct verify_user *users;      /* selected users, one per SID */
    size_t n_users;
    struct verify_user *others;     /* real people not selected */
    size_t n_others;
    size_t n_not_captured;
    bool store_compressed;          /* from the input */
};

/*
 * Reconcile in with what happened into out (owned: release it with
 * verify_result_release).  Never fails.
 */
void verify_run(const struct verify_input *in, struct verify_result *out);
void verify_result_release(struct verify_result *res);

/* "captured", "captured with errors", "not captured". */
const char *verify_state_word(enum verify_state s);
/* The report's result word: "success", "incomplete", "killed", ... */
const char *verify_verdict_word(enum verify_verdict v);
/* Is the store usable at all (success, with errors, incomplete)? */
bool verify_store_usable(enum verify_verdict v);
/* One line saying how the capture ended, for people (newline added). */
void verify_verdict_text(const struct verify_result *res, struct strbuf *out);
/*
 * What a captured user's line says instead of its bytes in a compressed
 * store: the progress log and scanstate.log give no bytes per user
 * (reference §5.1, §5.2: totalSizeInMBToTransfer is for the whole
 * capture), and USMT.MIG is not read here.
 */
#define VERIFY_COMPRESSED_SIZE \
    "size in the store not known (a compressed store is one USMT.MIG)"
/* The per-user lines and the users not selected, for people. */
void verify_users_text(const struct verify_result *res, struct strbuf *out);

#endif

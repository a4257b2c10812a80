#ifndef WIZ_CORE_RUN_STORECHECK_H
#define WIZ_CORE_RUN_STORECHECK_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Does a store check out?  The one check of a store, after a capture that
 * succeeded (wizard, plain mode, `run`) and on demand (`usmtwiz verify`).
 *
 * With usmtutils (the USMT folder's usmtutils.exe, or the simulator's
 * usmtutils-sim), a compressed store is checked by it:
 *   usmtutils /verify[:catalog|all] <store>\USMT\USMT.MIG
 *             [/decrypt /keyfile:<file>]
 * and its return code read (0 good; 42 USMT_ERROR_CORRUPTED_STORE "The
 * store contains one or more corrupted files", 37 wrong key, reference
 * §4.1; /verify and /extract work on compressed stores, §7.3).  The
 * report types and the argument order are those of Microsoft's usmtutils
 * syntax page, which the reference does not reproduce.  The key only ever
 * travels in a key file.
 *
 * Without usmtutils, and for uncompressed and hard-link stores (which
 * usmtutils does not verify), usmtwiz reads the store itself against the
 * layout of reference §7.3: USMT\USMT.MIG present, not empty and of the
 * size the capture recorded when that is known; or USMT\catalog.mig
 * present and not empty and the USMT\File tree present with files (a
 * hard-link store: USMT\hardlink.main too), as many files and bytes as
 * the capture left when that is known.  The catalog's format is not
 * documented, so the files are counted (with the one walker,
 * users_size_path), not checked one by one against it.
 */

struct wiz_err;

enum storecheck_verdict {
    STORECHECK_GOOD,        /* the store checks out */
    STORECHECK_DAMAGED,     /* it does not: damaged, missing or partial */
    STORECHECK_UNCHECKED,   /* it could not be checked (usmtutils did not
                               run, no key for an encrypted store) */
};

enum storecheck_kind {
    STORECHECK_KIND_UNKNOWN,    /* look at the folder */
    STORECHECK_KIND_COMPRESSED,
    STORECHECK_KIND_UNCOMPRESSED,
    STORECHECK_KIND_HARDLINK,
};

struct storecheck_input {
    const char *store;          /* the store folder, for us */
    enum storecheck_kind kind;  /* as the plan says, or UNKNOWN */
    const char *usmtutils;      /* program to run, NULL: our own reading */
    const char *keyfile;        /* key file of an encrypted store, or NULL */
    bool encrypted;             /* the capture encrypted the store */
    bool all;                   /* /verify:all (every file) */
    bool size_known;            /* the capture recorded USMT.MIG's size */
    uint64_t size;
    bool files_known;           /* the capture recorded the File tree of an
                                   uncompressed or hard-link store */
    uint64_t files;
    uint64_t file_bytes;
    const char *output_path;    /* where usmtutils' console output goes
                                   (NULL: a file beside nothing: discarded) */
};

struct storecheck_result {
    enum storecheck_verdict verdict;
    enum storecheck_kind kind;  /* as found */
    bool by_usmtutils;          /* usmtutils gave the answer */
    int rc;                     /* its return code, -1 when not run */
    bool files_known;           /* the File tree was counted */
    uint64_t files;             /* its files and bytes */
    uint64_t file_bytes;
    char *text;                 /* one line for people, no newline */
};

/*
 * Check the store; out is always filled (release it).  Returns 0, or -1
 * with err only for bad input (no store folder given).
 */
int storecheck_run(const struct storecheck_input *in,
                   struct storecheck_result *out, struct wiz_err *err);
void storecheck_result_release(struct storecheck_result *res);
/*
 * The usmtutils to run for a USMT folder (for us), or NULL when it has no
 * usmtutils.exe: that program, or with simulate the stand-in
 * usmtutils-sim beside the running usmtwiz.  Caller frees.
 */
char *storecheck_find_usmtutils(const char *usmt_dir, bool simulate);
/*
 * Check the store in folder store (for us) on demand: what its capture
 * report (usmtwiz-report.xml beside it, when there is one) recorded
 * gives the kind, USMT.MIG's size and whether it is encrypted; usmtutils
 * comes from usmt_dir (storecheck_find_usmtutils).  keyfile (may be NULL)
 * is passed to usmtutils, never read here.  output_path as in
 * storecheck_input.
 */
int storecheck_store(const char *store, const char *usmt_dir, bool simulate,
                     const char *keyfile, bool all, const char *output_path,
                     struct storecheck_result *out, struct wiz_err *err);
/* "good", "damaged", "not checked". */
const char *storecheck_verdict_word(enum storecheck_verdict v);
/* "compressed", "uncompressed", "hard-link", "unknown". */
const char *storecheck_kind_word(enum storecheck_kind k);

#endif

#ifndef WIZ_CORE_REPORT_H
#define WIZ_CORE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The job receipt: what one capture did, written next to the store as
 * usmtwiz-report.xml (for tools: `usmtwiz report summarize`) and
 * usmtwiz-report.txt (for people).  The schema is in
 * assets/doc/report-xml.md.  A report never holds the encryption key: the
 * command line it records is the display form, where a key is masked.
 * Both files are replaced atomically, so an old report stays intact when
 * the disk is full.
 */

struct wiz_err;
struct strbuf;

#define REPORT_XML_NAME "usmtwiz-report.xml"
#define REPORT_TEXT_NAME "usmtwiz-report.txt"

struct report_user {
    char *sid;
    char *name;
    char *kind;             /* user_kind_name() words */
    uint64_t bytes;         /* profile size when known, else 0 */
    /* after the run (core/run/verify), NULL when not checked: */
    char *capture;          /* "captured", "captured with errors", "not
                               captured"; for users not selected: "not
                               selected" */
    char *note;             /* why, or how it was captured; "" */
    bool stored_known;
    uint64_t stored_bytes;  /* its bytes found in the store */
};

struct report_field {
    char *name;             /* ticket field: "customer", "job", ... */
    char *value;
};

struct report {
    char *tool_version;
    char *mode;             /* "wizard", "unattended", "attach" */
    bool simulated;         /* scanstate-sim ran, not scanstate */
    int64_t started;        /* seconds since 1970 UTC */
    int64_t finished;
    char *computer;         /* the offline PC's name */
    char *windows;          /* "Windows 11 Pro 23H2 (22631.2861) x64" */
    char *technician;
    struct report_field *fields;
    size_t n_fields;
    struct report_user *users;
    size_t n_users;
    struct report_user *others; /* real people's profiles not selected */
    size_t n_others;
    char *store_path;       /* as scanstate saw it */
    char *store_kind;       /* "compressed", "uncompressed", "hardlink" */
    uint64_t store_bytes;   /* measured after the run, 0 if unknown */
    uint64_t total_mb;      /* totalSizeInMBToTransfer from progress */
    char *command;          /* display form: the key is masked */
    char *loadstate;        /* the matching loadstate command, or NULL */
    char **env;             /* "NAME=value", NULL-terminated or NULL */
    char **findings;        /* "warning id: message (acknowledged)" */
    int rc;                 /* scanstate return code, -1 when it never ran */
    char *rc_symbol;        /* USMT_SUCCESS, ... */
    char *result;           /* "success", "success-with-skipped-errors",
                               "incomplete" (a selected user is not in
                               the store), "failed", "killed" (a partial
                               store: never restore it), "cancelled",
                               "not-started" */
    uint32_t ignored_errors;
    char *log_path;
    char *progress_path;
    char *key_fingerprint;  /* capture_key_fingerprint(), never the key */
    char *store_check;      /* core/run/storecheck: "good", "damaged",
                               "not checked"; NULL when not checked */
    char *store_check_text; /* what the check found, for people */
    uint64_t mig_bytes;     /* USMT.MIG's size at the check, 0 unknown */
    uint64_t store_files;   /* files of USMT\File at the check, 0 unknown */
    uint64_t store_file_bytes;
    /* the selected users' OneDrive files whose data is only in the cloud */
    char *cloud_handling;   /* "excluded" (a migration XML names them),
                               "left" (scanstate logs a read error for
                               each), NULL when there were none */
    uint64_t cloud_files;
    uint64_t cloud_bytes;
    uint64_t cloud_excluded;    /* how many the XML names */
    char *cloud_xml;        /* that XML as scanstate saw it, or NULL */
};

void report_init(struct report *r);
void report_release(struct report *r);
/* Copies name/value. */
void report_add_field(struct report *r, const char *name, const char *value);
void report_add_user(struct report *r, const char *sid, const char *name,
                     const char *kind, uint64_t bytes);
void report_add_finding(struct report *r, const char *text);
/* Record what became of selected user i (copies the strings). */
void report_set_user_capture(struct report *r, size_t i, const char *capture,
                             const char *note, bool stored_known,
                             uint64_t stored_bytes);
/* A real person's profile that was not selected, and why. */
void report_add_other(struct report *r, const char *sid, const char *name,
                      const char *kind, const char *why);
void report_add_env(struct report *r, const char *name_value);

/* The result word for a return code (0, 3, 2 and others). */
const char *report_result_for_rc(int rc);

/* Render as XML / as text into out. */
int report_to_xml(const struct report *r, struct strbuf *out,
                  struct wiz_err *err);
void report_to_text(const struct report *r, struct strbuf *out);
/* Write both files into dir (atomically each). */
int report_write(const struct report *r, const char *dir,
                 struct wiz_err *err);
/* Read a usmtwiz-report.xml (size-capped, no network, no entities). */
int report_read(const char *path, struct report *r, struct wiz_err *err);

enum report_format { REPORT_TABLE, REPORT_CSV };

/*
 * Find every usmtwiz-report.xml below each dir (depth-limited; links not
 * followed), read them and print one line each, newest first.  Unreadable
 * reports are listed as problems at the end (they do not stop the others).
 * Returns the number of reports read, or -1 when no dir could be read.
 */
int report_summarize(char *const *dirs, size_t n, enum report_format fmt,
                     struct strbuf *out, struct wiz_err *err);

/*
 * The restore's receipt (usmtwiz restore), written next to the store and
 * on the new PC as usmtwiz-restore-report.xml and .txt: which store went
 * to which PC, every stored user with the account it landed in and what
 * became of it, the loadstate line (a key file named, never a key), the
 * findings, the return code and the logs.  Schema in
 * assets/doc/report-xml.md.
 */
#define RESTORE_REPORT_XML_NAME "usmtwiz-restore-report.xml"
#define RESTORE_REPORT_TEXT_NAME "usmtwiz-restore-report.txt"

struct restore_report_user {
    const char *sid;
    const char *name;
    const char *kind;
    const char *account;    /* the account on the new PC */
    const char *how;        /* the switch that makes it so */
    const char *result;     /* "restored", "not restored", "left out" */
    const char *note;       /* how that was decided, or NULL */
};

/* Every string is borrowed from the caller. */
struct restore_report {
    const char *tool_version;
    bool simulated;
    int64_t started;
    int64_t finished;
    const char *computer;           /* the new PC */
    const char *source_computer;    /* the old PC, from the capture */
    const char *store_path;         /* as loadstate saw it */
    const char *store_kind;
    bool encrypted;
    const struct restore_report_user *users;
    size_t n_users;
    const char *command;            /* the loadstate line */
    const char *const *findings;    /* "warning id: message", n_findings */
    size_t n_findings;
    int rc;
    const char *rc_symbol;
    const char *result;             /* "success", "incomplete", "failed",
                                       "cancelled" */
    const char *log_path;
    const char *progress_path;
};

int restore_report_to_xml(const struct restore_report *r, struct strbuf *out,
                          struct wiz_err *err);
void restore_report_to_text(const struct restore_report *r,
                            struct strbuf *out);
/* Write both files into dir (atomically each). */
int restore_report_write(const struct restore_report *r, const char *dir,
                         struct wiz_err *err);

#endif

#ifndef WIZ_CORE_SESSION_RESTORE_H
#define WIZ_CORE_SESSION_RESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan/loadcmd.h"
#include "core/plan/plan.h"
#include "core/rules/restore.h"
#include "core/rules/rules.h"
#include "platform/vol.h"

/*
 * The restore side of a migration (issue 15): one model that `usmtwiz
 * restore` (and `lint` on a loadstate line) asks.
 *
 *   facts     the store (its capture report, its files), the new PC's
 *             Windows, the USMT folder, the key given for an encrypted
 *             store: gathered by restore_gather, the one gatherer that lint
 *             uses too;
 *   choices   a struct loadcmd: the loadstate line itself, set by
 *             restore_session_defaults from the facts and changed through
 *             the setters; the argv is written from it, never parsed back;
 *   findings  the restore rules over facts and choices, recomputed when a
 *             setter marked the session changed;
 *   the run   loadstate (or loadstate-sim) started and followed by the
 *             job follower of the capture, each stored user then looked
 *             for on the new PC.
 *
 * Paths named _win are as Windows on the new PC sees them ("E:\stores\PC");
 * _host ones are where the same thing is for this program (a practice
 * folder on Linux, the same path on Windows).  The key is held in locked
 * memory and reaches loadstate only through a private /keyfile that is
 * wiped when the run ends: never argv, a log, the screen or a report.
 */

struct wiz_err;
struct strbuf;
struct job;
struct preset_restore;

/* Where the facts are. */
struct restore_where {
    const struct vol_list *vols;    /* the new PC's drives, or NULL */
    const char *target_root;        /* practice new PC, NULL this machine */
    char volume;                    /* the new Windows' drive, 0 the only */
    const char *usmt_host;          /* the USMT folder, or NULL */
    int winpe;                      /* 1, 0, -1 ask the platform */
    bool this_machine;              /* the new PC is the running Windows
                                       (no target_root): its facts come
                                       from the platform */
};

/*
 * Fill f with what can be known: the store folder (store_host, may be
 * NULL when it was not found) and its capture report, the capture's USMT
 * version from its progress log, the fingerprint of the key on lc (a /key
 * value or the file /keyfile names) or of key when given, the new PC's
 * Windows (name, build, bits, drive) and loadstate's version.  What cannot
 * be read is said as a line in notes ("cannot read the capture report:
 * ..."); the rules list what stays unknown as not checked.
 */
void restore_gather(struct restore_facts *f, const struct restore_where *w,
                    const char *store_host, const struct loadcmd *lc,
                    const char *key, struct plan_strv *notes);

/* A store found on the new PC's drives. */
struct restore_store {
    char *host;             /* the store folder for us */
    char *win;              /* as loadstate will see it, "E:\stores\PC" */
    bool has_report;        /* a readable usmtwiz-report.xml beside it */
    bool has_store;         /* USMT\USMT.MIG, USMT\File or hardlink.main */
    char *computer;         /* from the report, else NULL */
    char *windows;
    char *kind;             /* "compressed", "uncompressed", "hardlink" */
    char *result;           /* the capture's result word */
    int64_t finished;       /* 0 unknown */
    size_t n_users;
    bool encrypted;
};

struct restore_stores {
    struct restore_store *s;
    size_t n;
};

/*
 * Look for stores on every drive of vols (and below under_host when
 * given): a folder holding usmtwiz-report.xml, or USMT\USMT.MIG,
 * USMT\File or USMT\hardlink.main, at most four levels below a drive's
 * root; links are not followed.  Newest capture first.
 */
void restore_find_stores(const struct vol_list *vols, const char *under_host,
                         struct restore_stores *out);
void restore_stores_release(struct restore_stores *st);

struct restore_opts {
    const char *target_root;    /* practice new PC; NULL this machine */
    char volume;                /* the new Windows' drive; 0 the only one */
    const char *usmt_host;      /* the USMT folder; NULL = none */
    bool simulate;              /* run loadstate-sim */
    int winpe;                  /* as restore_where */
};

/* What became of a stored user after the run. */
enum restore_outcome {
    RESTORE_NOT_RUN,
    RESTORE_RESTORED,       /* loadstate included it (progress log), or
                               its profile folder is on the new PC */
    RESTORE_NOT_RESTORED,   /* left out, loadstate failed or excluded it,
                               or nothing shows it arrived */
};

struct restore_session {
    char *target_root;          /* practice new PC, NULL this machine */
    char volume;
    char *usmt_host;
    bool simulate;
    int winpe;
    struct vol_list vols;
    bool have_vols;
    char *store_host;           /* owned */
    struct restore_facts facts;
    struct loadcmd cmd;         /* the choices: the loadstate line */
    char *key;                  /* locked, wiped on release; NULL none */
    size_t key_len;
    char *lac_password;         /* for the accounts /lac creates: locked,
                                   wiped on release; never on loadstate's
                                   line; NULL none */
    size_t lac_password_len;
    struct plan_strv notes;     /* what the gatherer could not read, and
                                   what of the preset did not apply */
    const struct preset_restore *preset;    /* borrowed, NULL none */
    struct findings findings;
    bool stale;
    /* the run */
    struct job *job;
    char *keyfile_host;         /* the private key file while it runs */
    char *program;              /* loadstate.exe or loadstate-sim for us */
    char *log_host;
    char *progress_host;
    enum restore_outcome *outcome;  /* per facts.users */
    const char **why;           /* per facts.users: how it was decided */
    int rc;                     /* -1 before the end */
    bool cancelled;
    int64_t started;
    int64_t finished;
    char *report_dirs[2];       /* where the report went: beside the store,
                                   on the new PC; NULL where it failed */
    char *report_dirs_win[2];   /* the same as Windows sees them */
    bool store_removed;         /* usmtutils /rd removed the store */
};

/*
 * Open the new PC's drives (o->target_root as for vol_enumerate).
 * -1 when they cannot be listed.
 */
int restore_session_init(struct restore_session *s,
                         const struct restore_opts *o, struct wiz_err *err);
void restore_session_release(struct restore_session *s);

/*
 * Choose the store (a path as Windows sees it, "E:\stores\PC", or one for
 * us): gather the facts and set the default loadstate line for them.
 * -1 when the folder is not there.
 */
int restore_session_open(struct restore_session *s, const char *store,
                         struct wiz_err *err);

/*
 * The loadstate line a technician would start from, for the facts: the
 * store; the capture's /i set and /config; /nocompress, /hardlink
 * /nocompress for the store's kind; /decrypt with the capture's algorithm
 * for an encrypted store; /lac when the store holds local accounts; /mu
 * OLDPC\user:NEWPC\user for each local account of a renamed PC; /c, /v:5,
 * /l and /progress in "<store>-logs" beside the store.
 */
void restore_session_defaults(struct restore_session *s);

/*
 * The same default line for any facts (restore_session_defaults uses it;
 * so does the capture, for the loadstate line on its Result and in its
 * report): lc->store must be set, the rest is replaced.
 */
void restore_line_defaults(const struct restore_facts *f, struct loadcmd *lc);
/* A loadstate line as people read it, the key file named keyfile. */
void restore_line_display(const struct loadcmd *lc, const char *keyfile,
                          struct strbuf *out);

/* Setters: each marks the findings stale. */
int restore_session_set_key(struct restore_session *s, const char *key,
                            size_t len, struct wiz_err *err);
/*
 * Add "/mu:old:new" (owned copy); a /mu of the same old account (any
 * case) is replaced, so loadstate never gets two for one user.
 */
void restore_session_add_mu(struct restore_session *s, const char *map);
/* Add "/md:OLD:NEW" (owned copy); one of the same OLD domain is replaced. */
void restore_session_add_md(struct restore_session *s, const char *map);
/*
 * Move every stored user of domain old to domain nw (/md:OLD:NEW, one per
 * OLD domain); nw NULL, empty or old itself takes the move back.  -1 when
 * a name is not a domain name (err says which).
 */
int restore_session_move_domain(struct restore_session *s, const char *old,
                                const char *nw, struct wiz_err *err);
/*
 * Map one stored user to account ("FABRIKAM\\john", /mu:OLD\\user:account,
 * OLD its domain or for a local user the source PC), replacing any /mu of
 * that user; account NULL or empty removes them.  -1 when account is not
 * DOMAIN\\user or the stored user has no name.
 */
int restore_session_move_user(struct restore_session *s, size_t user,
                              const char *account, struct wiz_err *err);
/*
 * Give loadstate /i:file (on) or not (off), file compared in any case;
 * the order of the others is kept, a new one goes last.
 */
void restore_session_set_xml(struct restore_session *s, const char *file,
                             bool on);
bool restore_session_has_xml(const struct restore_session *s,
                             const char *file);
/* /config with the capture's Config.xml (on), or none. */
void restore_session_set_config(struct restore_session *s, bool on);
/* /lac and /lae (/lae is dropped without /lac). */
void restore_session_set_lac(struct restore_session *s, bool lac, bool lae);
/* /c, and /v:verbosity (PLAN_UNSET: no /v). */
void restore_session_set_options(struct restore_session *s, bool c,
                                 int verbosity);
/*
 * Take a preset's restore part (borrowed: it must outlive s, or be
 * replaced by NULL first): its mappings, left-out users, /lac /lae and
 * options go over the default line now when a store is open, and each
 * time one is opened.  A left-out name no stored user has is said in
 * notes.
 */
void restore_session_use_preset(struct restore_session *s,
                                const struct preset_restore *pr);
/* Leave a stored user out (/ue:NAME), or take them back. */
void restore_session_leave_out(struct restore_session *s, size_t user,
                               bool out);
bool restore_session_left_out(const struct restore_session *s, size_t user);

/* The findings, recomputed when stale. */
const struct findings *restore_session_findings(struct restore_session *s);

/*
 * The account a stored user lands in, as "PC-NEW\ana", and how, as the
 * switch that makes it so ("same account", "/mu ...", "/lac: created
 * disabled", "left out (/ue)").  Caller frees both.
 */
void restore_session_account(const struct restore_session *s, size_t user,
                             char **account, char **how);

/*
 * The loadstate line as shown to people and as started: every argument
 * quoted for the Windows command line; the key file is named
 * "<key file>" until the run made one.  Never holds a key or password.
 */
void restore_session_display(const struct restore_session *s,
                             struct strbuf *out);

/*
 * Start loadstate: refused while an error finding stands (err says
 * which), in Windows PE, or without a program to run.  The key file is
 * written just before the start.
 */
int restore_session_start(struct restore_session *s, struct wiz_err *err);
/* As job_poll; at the end the key file is wiped and users looked for. */
int restore_session_poll(struct restore_session *s, int timeout_ms,
                         struct wiz_err *err);
const struct job_status *restore_session_status(const struct restore_session *s);
/*
 * The last lines of loadstate.log (borrowed until the next poll), at most
 * max; 0 before the start.
 */
size_t restore_session_log_tail(const struct restore_session *s,
                                const char **lines, size_t max);
/* Ask loadstate to stop (killed after grace_s, 0 = 30 s); force kills
 * it now. */
int restore_session_cancel(struct restore_session *s, bool force,
                           unsigned grace_s, struct wiz_err *err);

/* After the run: true when every stored user not left out was restored. */
bool restore_session_complete(const struct restore_session *s);
/* "success", "incomplete", "failed", "cancelled" after the run. */
const char *restore_session_result(const struct restore_session *s);

/*
 * Write the restore report next to the store and on the new PC (its
 * system drive's ProgramData\usmtwiz\restores\<old PC>-<time>); the
 * places that took it are in report_dirs.  -1 (err says why) only when
 * neither did.
 */
int restore_session_write_report(struct restore_session *s,
                                 struct wiz_err *err);

/*
 * May the store be removed now: a hard-link store (/hardlink) whose
 * restore returned 0 with every user restored, not removed yet.
 */
bool restore_session_can_remove_store(const struct restore_session *s);
/*
 * Remove the hard-link store with usmtutils /rd (usmtutils-sim with
 * simulate), the way Microsoft documents for a store whose links may be
 * locked.  Only when restore_session_can_remove_store; the front-end asks
 * first (the default is to keep it).  The store folder goes whole, the
 * capture and restore reports beside it too (the restore report's copy on
 * the new PC stays).  -1 with err when usmtutils is missing or fails
 * (rc 35: a reboot may be needed).
 */
int restore_session_remove_store(struct restore_session *s,
                                 struct wiz_err *err);

/*
 * The password the local accounts loadstate creates with /lac get after
 * the run (loadstate would take it only on its command line, where the
 * process list and loadstate.log show it): held locked like the key,
 * wiped on release.  1 to 127 characters, no line end; len 0 clears it.
 * No finding depends on it, so the findings stay as they are.
 */
int restore_session_set_lac_password(struct restore_session *s,
                                     const char *pw, size_t len,
                                     struct wiz_err *err);

/*
 * After a run that returned 0 with /lac and a password: give every
 * restored local account the password and enable it, through
 * sys_account_set_password (on a practice new PC the fact is recorded on
 * its Windows volume).  done(account, arg) is called for each account
 * that got it (may be NULL).  Returns how many did, 0 when there is
 * nothing to do, -1 with err at the first failure (err never holds the
 * password).
 */
int restore_session_apply_lac_password(struct restore_session *s,
                                       void (*done)(const char *account,
                                                    void *arg),
                                       void *arg, struct wiz_err *err);

#endif

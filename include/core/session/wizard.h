#ifndef WIZ_CORE_WIZARD_H
#define WIZ_CORE_WIZARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan/plan.h"
#include "core/offline/users.h"
#include "core/usmt/usmtenv.h"
#include "core/offline/winos.h"
#include "platform/share.h"

/*
 * The model the wizard's screens share (no curses): the facts we found
 * (environment, volumes, users and their sizes), the choices (the plan)
 * and the findings of the rules about them.  It is owned by the caller of
 * the UI; front-ends read the plan and change the model only through
 * these functions.  Every fact-gathering step records its failure as
 * text, so a screen can always show why something is missing instead of
 * stopping.
 *
 * The findings are a cache of the model: every function here that changes
 * a fact or a choice marks the model stale, and every reader of findings
 * or of what the rules saw on the disks (wizard_findings,
 * wizard_has_finding, wizard_finding_in, wizard_blocked,
 * wizard_store_exists, the run's report) checks the
 * rules again first when it is stale.  Those readers take a const model
 * all the same: the cache lives behind w->checked and refreshing it
 * changes nothing else.  Nobody has to remember to call a check.
 */

struct wiz_err;
struct size_walk;
struct wizard_checked;
struct findings;
struct strbuf;
struct wizard_run;
struct usmtxml_doc;
struct preset;
struct preset_field_value;

#define WIZARD_MSG_MAX 512

struct wizard_opts {
    const char *volume_root;    /* --volume-root, NULL = this machine */
    const char *usmt_dir;       /* --usmt, NULL = look for one */
    const char *preset_path;    /* --preset */
    const char *data_dir;       /* where help/ lives, NULL = default */
    bool simulate;              /* --simulate: scanstate-sim runs */
    bool winpe;                 /* judge as in Windows PE (lint --winpe) */
};

/* One row of the Volume screen: a volume and (maybe) an installation. */
struct wizard_vol_row {
    size_t vol;                 /* index into scan.vols */
    size_t os;                  /* index into vols[vol].os, or SIZE_MAX */
    bool usable;                /* a Windows installation we can capture */
    const char *why_not;        /* borrowed: why it cannot be used */
};

struct wizard {
    char *volume_root;
    char *usmt_dir;
    char *x_root;               /* the WinPE system drive for us, or NULL */
    char *data_dir;
    char *preset_path;
    bool simulate;
    bool winpe;                 /* opts.winpe */
    char *program;              /* the program a command line named, or
                                   NULL (the rules read it) */

    bool env_done;              /* usmtenv_probe ran */
    bool env_ok;
    struct usmt_env env;
    char env_error[WIZARD_MSG_MAX];

    bool scan_done;
    bool scan_ok;
    struct win_scan scan;
    char scan_error[WIZARD_MSG_MAX];
    struct wizard_vol_row *rows;
    size_t n_rows;

    bool os_chosen;
    size_t vol_sel, os_sel;     /* the chosen installation */

    bool users_ok;
    struct user_list users;
    char users_error[WIZARD_MSG_MAX];
    /* why the preset's user rules took nobody ("" when they took some) */
    char users_note[WIZARD_MSG_MAX];
    size_t size_next;           /* next user to size */
    struct size_walk *walk;     /* the walk under way, or NULL */

    struct plan plan;           /* every choice; the command comes from it */
    char *key_confirm;          /* the key typed the second time (secret:
                                   plan_secret_dup / plan_secret_free) */
    bool store_overwrite_ok;    /* the technician agreed to overwrite */
    struct usmtxml_doc *config_doc; /* Config.xml being edited, or NULL */
    char *config_src;           /* where it was loaded from (for us) */
    bool config_dirty;          /* toggled since loaded or saved */
    bool options_done;          /* wizard_default_options ran */
    int encrypt_mode;           /* 0 none, 1 key typed, 2 key file */

    unsigned places_set;        /* places set on purpose: bits
                                   (1u << enum wizard_place) */
    struct wizard_checked *checked; /* the findings and what the rules
                                       saw, and whether the model changed
                                       since (core/session/wizard.c) */
    struct wizard_run *run;     /* the capture started from Review, or NULL
                                   (freed by wizard_run_drop) */
    bool changed;               /* choices someone would lose on quit
                                   (wizard_touch; not the findings) */
    char note[WIZARD_MSG_MAX];  /* a start-up notice for the first screen */
    struct preset *preset;      /* --preset, loaded; NULL when none */
    bool preset_applied;        /* applied to the chosen installation */
    struct preset_field_value *ticket;  /* the ticket fields (owned) */
    size_t n_ticket;
    /*
     * Set by wizard_size_step when a profile folder disappeared while it
     * was being sized ("" otherwise); the screens show it.
     */
    char size_error[WIZARD_MSG_MAX];
};

/* The parts of the wizard findings are sorted into (one per screen). */
enum wizard_part {
    WIZ_PART_ENV = 1 << 0,
    WIZ_PART_VOLUME = 1 << 1,
    WIZ_PART_USERS = 1 << 2,
    WIZ_PART_STORE = 1 << 3,
    WIZ_PART_CONTENT = 1 << 4,
    WIZ_PART_OPTIONS = 1 << 5,
    WIZ_PART_ALL = (1 << 6) - 1,
    /* screens only: also what quotes an extra switch (screens/common.c) */
    WIZ_PART_EXTRA = 1 << 6,
};

/* A screen that shows the findings of one part. */
struct wizard_screen_part {
    const char *name;           /* the screen's name ("users") */
    const char *title;          /* its title ("Users") */
    unsigned part;              /* enum wizard_part bit */
};

/* The screens with findings of their own, in wizard order (static). */
const struct wizard_screen_part *wizard_screen_parts(size_t *n);
/* The rule fields (enum rule_field bits) the findings of parts concern. */
unsigned wizard_part_fields(unsigned parts);
/*
 * Everything about rule id as "usmtwiz lint --explain" prints it, with
 * the screens that show its findings; NULL for an unknown id.  Caller
 * frees.
 */
char *wizard_rule_explanation(const char *id);

enum wizard_sev { WIZ_SEV_ERROR, WIZ_SEV_WARNING, WIZ_SEV_INFO };

/*
 * The one naming of severities: "error", "warning", "info" (the rules'
 * names, for lines and reports) and "ERROR", "WARNING", "NOTE" (labels
 * on screens).  Static strings.
 */
const char *wizard_sev_name(enum wizard_sev sev);
const char *wizard_sev_label(enum wizard_sev sev);

/* One finding as the screens show it (strings borrowed from the model). */
struct wizard_finding {
    size_t index;               /* for wizard_fix / wizard_ack */
    const char *id;             /* rule id */
    enum wizard_sev sev;
    const char *message;
    const char *fix;            /* what to do, "" when nothing */
    const char *ref;            /* where the fact comes from, "" */
    bool can_fix;               /* an automatic fix exists */
    bool acked;                 /* a warning already acknowledged */
};

/* Set up from the options; nothing is probed yet. */
void wizard_init(struct wizard *w, const struct wizard_opts *opts);
/*
 * Load the preset (opts.preset_path) that pre-fills every screen; -1 with
 * err when it cannot be used ("FILE:LINE: message", or "cannot parse
 * 'FILE': line N: ..." when it is not XML we read).
 */
int wizard_load_preset(struct wizard *w, struct wiz_err *err);
/*
 * Save the current choices as a preset (path for us or with a drive
 * letter).  Never holds the key.
 */
int wizard_save_preset(const struct wizard *w, const char *path,
                       struct wiz_err *err);
void wizard_release(struct wizard *w);

/*
 * The model of an existing command line (lint's way in): plan, parsed
 * from it, is moved in (left empty); program is the scanstate it names
 * (NULL when none).  The environment is probed; with a volume root the
 * volumes are scanned, the installation the line captures is chosen (the
 * one its offline folder names, else the only one on volume, else the
 * only one) with its users, and the users the line selects are sized.
 * What cannot be gathered goes into notes, a "note: ..." line each.
 */
void wizard_from_line(struct wizard *w, struct plan *plan, char volume,
                      const char *program, struct strbuf *notes);
/*
 * The findings as the rules gave them (with what was not checked and
 * why), for lint's full output.  Valid until the model changes.
 */
const struct findings *wizard_rule_findings(const struct wizard *w);

/* Probe the environment and the USMT folder (once; again with force). */
void wizard_probe_env(struct wizard *w, bool force);
/* Scan every volume (once; again with force) and build the rows. */
void wizard_scan(struct wizard *w, bool force);
/* Row index of the chosen installation, or the first usable one. */
size_t wizard_default_row(const struct wizard *w);
/* Borrowed pointers of a row; os is NULL for a volume without Windows. */
void wizard_row_get(const struct wizard *w, size_t row,
                    const struct winvol **vol, const struct winos **os);

/*
 * Choose the installation of a row: sets the offline switch, loads its
 * users and selects the default ones (only when the choice changes).
 * Returns -1 with err when the row cannot be used.
 */
int wizard_choose_row(struct wizard *w, size_t row, struct wiz_err *err);
/* True when the volume of row is BitLocker-locked. */
bool wizard_row_locked(const struct wizard *w, size_t row);
/*
 * Unlock the BitLocker-locked volume of row with its recovery password as
 * typed (checked block by block before it is tried: *bad_block is the
 * first wrong block, 1 to 8, else 0) or, password NULL, the .BEK key file
 * bek_host, then scan every volume again, so its Windows and users
 * appear.  The password is copied only to locked memory, wiped after use,
 * and never reaches the log or err.  -1 with the reason.
 */
int wizard_unlock_row(struct wizard *w, size_t row, const char *password,
                      const char *bek_host, int *bad_block,
                      struct wiz_err *err);
/* The chosen installation and its volume (NULL when none). */
const struct winos *wizard_os(const struct wizard *w);
const struct winvol *wizard_os_volume(const struct wizard *w);
/*
 * When the offline PC was last used (seconds since 1970): its last
 * shutdown or its newest profile use, whichever is later; 0 when neither
 * is known.  "Used in the last N days" counts back from here, not from
 * today: a PC shut down months ago still has recent users.
 */
int64_t wizard_last_use(const struct wizard *w);

/*
 * The row that owns user i when i is a temporary profile sharing its SID
 * with another row (that user, even as a .bak), or a .bak sharing it with
 * the user's live profile; else SIZE_MAX.
 * Such a row is one row per profile, shown as the owner's, and never
 * selected itself: the selection is by SID, so it follows the owner.
 */
size_t wizard_user_owner(const struct wizard *w, size_t i);
/*
 * Is user i selected (by SID in the plan)?  Never for a row with an owner
 * (wizard_user_owner), so each SID is counted once.
 */
bool wizard_user_selected(const struct wizard *w, size_t i);
/* Select or unselect user i; a row with an owner is left alone. */
void wizard_user_select(struct wizard *w, size_t i, bool on);
size_t wizard_users_selected(const struct wizard *w);
/*
 * The users that can be picked: one per profile, a row with an owner
 * (wizard_user_owner) counted with that owner.  The "N of M selected" of
 * every front-end.
 */
size_t wizard_user_rows(const struct wizard *w);

/*
 * Size profiles in the background: work for about budget_ms and return
 * true while there is more to do.  Sizes land in users.u[i].size_*.  A
 * profile folder that disappears meanwhile (volume removed) ends its walk
 * unsized, with folder_exists false, USERS_VANISHED_PROBLEM as its
 * problem and a message in size_error.
 */
bool wizard_size_step(struct wizard *w, unsigned budget_ms);
/* Is user i being sized right now? */
bool wizard_user_sizing(const struct wizard *w, size_t i);
/* Sum of the selected users' sizes; *complete says all were sized. */
uint64_t wizard_estimate(const struct wizard *w, bool *complete);

/*
 * The places of a capture.  The store is chosen; the others follow it
 * (working folder on its volume, logs in "<store>-logs", /listfiles and
 * the offline.xml beside the logs) until the technician or the preset's
 * templates set them on purpose (wizard.places_set).
 */
enum wizard_place {
    WIZ_PLACE_STORE,
    WIZ_PLACE_WORKDIR,
    WIZ_PLACE_LOG,
    WIZ_PLACE_PROGRESS,
};

/*
 * Default store, working directory and logs: the preset's places first
 * (wizard_preset_places; a failure lands in note), then the writable
 * volume with the most free space that is not the offline one and not X:,
 * store folder "<L>:\\USMT\\<computer>", and what follows the store:
 * working directory "<S>:\\USMT-work" on the store's volume S: when it
 * can hold one (else on L:), logs in "<store>-logs".  Only fills what is
 * still empty.
 */
void wizard_default_places(struct wizard *w);
/*
 * Move the store to path (NULL: none) and the places that follow it with
 * it; those set on purpose stay.  A path without a known drive (still
 * being typed) moves nothing else.  Clears the consent to overwrite.
 */
void wizard_set_store(struct wizard *w, const char *path);
/* Is path on a file share ("\\server\share\...")? */
bool wizard_path_is_share(const char *path);
/*
 * The share the store is on, "\\server\share" (caller frees), or NULL
 * when the store is not on a share.
 */
char *wizard_store_share(const struct wizard *w);
/*
 * Connect the store's share with user (NULL or "": the current one) and
 * password (a secret: used for the call, never kept, logged or shown).
 * The rules look at the share again.  -1 with err saying why (network
 * not started, server or share not found, access denied).
 */
int wizard_connect_share(struct wizard *w, const char *user,
                         const char *password, struct wiz_err *err);
/* The store's share as the rules saw it. */
struct wizard_share_state {
    bool on_share;              /* the store is on a share */
    bool looked;                /* this machine could tell (share_can_look) */
    enum share_failure failure; /* SHARE_OK: reached */
    bool free_known;
    uint64_t free_bytes;        /* room on the share, when free_known */
};
void wizard_store_share_state(const struct wizard *w,
                              struct wizard_share_state *st);
/*
 * Set the working folder, /l or /progress on purpose (NULL: none): it no
 * longer follows the store.
 */
void wizard_set_place(struct wizard *w, enum wizard_place place,
                      const char *path);
/* Was place set on purpose (by the technician or a preset template)? */
bool wizard_place_is_set(const struct wizard *w, enum wizard_place place);
/*
 * Why volume v cannot hold place (NULL: it can), as a few words for a
 * status line: a hard-link store lives on the offline volume and only
 * there; a copy store, the working folder and the logs go elsewhere (the
 * logs may sit beside a hard-link store), never on X:.
 */
const char *wizard_place_why_not(const struct wizard *w,
                                 enum wizard_place place,
                                 const struct vol_info *v);
/*
 * The ticket fields the preset's templates may name (%job%...), copied;
 * give them before the places are expanded.
 */
void wizard_set_ticket(struct wizard *w,
                       const struct preset_field_value *fields, size_t n);
/*
 * The one expansion of the preset's places, for every front-end: store,
 * working folder and log folder from its templates (computer name, date,
 * ticket fields), the log folder "<store>-logs" without a template,
 * scanstate.log and progress.log in it, and /listfiles when the preset
 * asks.  Only fills what is still empty; nothing without a preset.  -1
 * with err ("store: ...") when a template cannot be expanded.
 */
int wizard_preset_places(struct wizard *w, struct wiz_err *err);
/* Where /listfiles goes by default: files.txt beside the logs (new). */
char *wizard_listfiles_path(const struct wizard *w);
/*
 * A Windows path ("E:\\dir") as this machine sees it (_host: under the
 * volume's root), or NULL when no volume has that letter.  Caller frees.
 */
char *wizard_host_path(const struct wizard *w, const char *winpath);
/* The volume with drive letter c, or NULL. */
const struct vol_info *wizard_volume_by_letter(const struct wizard *w,
                                               char c);
/*
 * Does the store folder already hold a USMT store (as the rules saw it)?
 * *marker gets the file that says so (borrowed until the model changes)
 * when it does.
 */
bool wizard_store_exists(const struct wizard *w, const char **marker);

/* Default migration XML: MigApp.xml and MigDocs.xml when found. */
void wizard_default_content(struct wizard *w);
/*
 * Load a Config.xml (path for us) to edit its components; it becomes the
 * plan's /config until it is changed.  -1 with err when it cannot be read
 * or is not a Config.xml.
 */
int wizard_config_load(struct wizard *w, const char *path,
                       struct wiz_err *err);
/* Stop using a Config.xml. */
void wizard_config_drop(struct wizard *w);
/* Toggle component i (and those inside it) between migrate yes and no. */
int wizard_config_toggle(struct wizard *w, size_t i, struct wiz_err *err);
/*
 * Save the changed Config.xml as a new file (never the one it came from,
 * never over an existing file) and make it the plan's /config.
 */
int wizard_config_save(struct wizard *w, const char *path,
                       struct wiz_err *err);

/*
 * Default options, once: continue on errors (/c), verbosity 13, EFS files
 * copied raw (/efs:copyraw, so they never abort the capture).
 */
void wizard_default_options(struct wizard *w);
/*
 * Replace the extra switches by the arguments of line (Windows rules).
 * Fills *unknown (caller frees, NULL when none) with the switches scanstate
 * does not know, for linting while typing.
 */
int wizard_set_extra(struct wizard *w, const char *line, char **unknown,
                     struct wiz_err *err);

/*
 * The choices the screens and plain mode make, one setter each (each
 * marks the model stale).  Paths are as Windows PE sees them; NULL clears.
 * A new store path forgets the agreement to overwrite the old store.
 */
/* /o, and that the technician agreed to it. */
void wizard_set_overwrite(struct wizard *w, bool on);
void wizard_set_store_kind(struct wizard *w, enum plan_store_kind kind);
void wizard_set_continue(struct wizard *w, bool on);
void wizard_set_verbosity(struct wizard *w, int level);
void wizard_set_efs(struct wizard *w, enum plan_efs efs);
void wizard_set_localonly(struct wizard *w, bool on);
/* /listfiles at wizard_listfiles_path, or none. */
void wizard_set_listfiles(struct wizard *w, bool on);
/* Encryption: 0 none, 1 a key typed, 2 a key file (encrypt_mode). */
void wizard_set_encrypt(struct wizard *w, int mode);
/* The key (secret, copied into locked memory) and the key file. */
void wizard_set_key(struct wizard *w, const char *key);
void wizard_set_keyfile(struct wizard *w, const char *path);
/* The key typed the second time (secret). */
void wizard_set_key_confirm(struct wizard *w, const char *key);
/*
 * Add one migration XML (at the end, as given: the rules judge one named
 * twice) or remove it; clear them all.
 */
void wizard_set_xml(struct wizard *w, const char *name, bool on);
void wizard_clear_xml(struct wizard *w);

/*
 * What Review shows: the exact command line (key hidden), the environment
 * scanstate gets and the offline.xml for the chosen installation, as text
 * for people.  Caller frees.
 */
char *wizard_review_text(const struct wizard *w);

/*
 * When the plan uses /offline:<file>, write that offline.xml (for us) from
 * the plan; 0 without writing when the plan does not use one.
 */
int wizard_write_offline_xml(struct wizard *w, struct wiz_err *err);

/*
 * Something outside the model may have changed on the disks (a screen is
 * shown again, a file was written by hand): the next reader gathers the
 * facts and checks the rules again.
 */
void wizard_disks_changed(struct wizard *w);
/*
 * How many times the rules have been checked (checking them first when
 * the model is stale): a front-end that keeps the
 * findings (wizard_findings borrows their strings until the next check)
 * reads them again when this moved.
 */
unsigned wizard_findings_generation(const struct wizard *w);
/*
 * The findings concerning parts (errors first), at most max of them into
 * out; returns how many there are in all.  Valid until the model changes;
 * an index stays the one wizard_fix and wizard_ack take until then.
 */
size_t wizard_findings(const struct wizard *w, unsigned parts,
                       struct wizard_finding *out, size_t max);
/*
 * Do the rules find rule id?  *message (may be NULL) gets the first such
 * finding's message, borrowed until the model changes.
 */
bool wizard_has_finding(const struct wizard *w, const char *id,
                        const char **message);
/* Does finding index concern any of parts? */
bool wizard_finding_in(const struct wizard *w, size_t index, unsigned parts);
/*
 * Apply the automatic fix of finding index (as the last reader of the
 * findings saw it).  A finding about an extra switch is fixed in the extra
 * switches.
 */
int wizard_fix(struct wizard *w, size_t index, struct wiz_err *err);
/*
 * OneDrive files whose data is only in the cloud (rule
 * users-cloud-only-files): offline scanstate logs a read error (395) for
 * each.  wizard_cloud_exclude writes CLOUDXML_NAME (core/plan/cloudxml.h)
 * into the working folder (else beside the log), naming every such file
 * of the selected users, and adds it to the /i set; count (may be NULL)
 * says how many it names and how many names it could not carry.  -1 with
 * err when there is no folder for it yet or it cannot be written.
 * wizard_cloud_xml_refresh writes it again (the selection may have
 * changed) when the plan carries it, and does nothing otherwise; the
 * capture calls it before scanstate starts, as does wizard_fix.
 */
struct cloudxml_count;
struct report;
int wizard_cloud_exclude(struct wizard *w, struct cloudxml_count *count,
                         struct wiz_err *err);
int wizard_cloud_xml_refresh(struct wizard *w, struct cloudxml_count *count,
                             struct wiz_err *err);
/* Does the plan carry that XML? */
bool wizard_cloud_exclude_on(const struct wizard *w);
/*
 * Do the selected (and sized) users have cloud-only files?  Their count
 * and bytes go into files and bytes (each may be NULL).
 */
bool wizard_cloud_pending(const struct wizard *w, uint64_t *files,
                          uint64_t *bytes);
/*
 * Refresh the XML and record in r what becomes of the cloud-only files:
 * excluded (how many) or left to fail; nothing when there are none.
 */
int wizard_cloud_report(struct wizard *w, struct report *r,
                        struct wiz_err *err);
/*
 * Acknowledge the warning of finding index (as the last reader saw it) and
 * its rule's others; the acknowledgement outlives later checks.
 */
void wizard_ack(struct wizard *w, size_t index);
/*
 * Does something block the launch?  When it does, why (the first error or
 * unacknowledged warning) goes into why.
 */
bool wizard_blocked(const struct wizard *w, struct wiz_err *why);

/*
 * The help text of a screen (data_dir/help/<name>.txt), or a short text
 * saying where it was looked for.  Caller frees.
 */
char *wizard_help_text(const struct wizard *w, const char *name);
/* The same for a data folder (the restore's screens). */
char *wizard_help_read(const char *data_dir, const char *name);
/*
 * The training lesson the practice volumes belong to: the lesson named in
 * volume_root's lab.facts (written by "usmtwiz lab create"; read, never
 * written) and its instructor sheet from data_dir/training/, as plain
 * text (lab_sheet_text).  0 with both set (caller frees); -1 when the
 * volumes are no lesson (WIZ_ENOENT, also without a volume root) or the
 * sheet cannot be read (err says why).
 */
int wizard_lesson_sheet(const struct wizard *w, char **lesson, char **sheet,
                        struct wiz_err *err);

/* Something the technician chose would be lost by quitting. */
void wizard_touch(struct wizard *w);

#endif

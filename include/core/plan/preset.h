#ifndef WIZ_CORE_PRESET_H
#define WIZ_CORE_PRESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/plan/plan.h"

/*
 * Presets: the choices of a capture saved as an XML file, so a bench can
 * capture PC after PC the same way and a task sequence can run usmtwiz
 * unattended.  The schema is in assets/doc/presets.md.  A preset selects
 * users by rules (kinds, recent use, SID patterns), never by name, and
 * never holds an encryption key (a key file path may be given).
 */

struct wiz_err;
struct strbuf;
struct user_list;
struct win_user;

/* Kinds of user a preset may include (bits). */
enum preset_kinds {
    PRESET_KIND_LOCAL = 1 << 0,
    PRESET_KIND_DOMAIN = 1 << 1,
    PRESET_KIND_ENTRA = 1 << 2,
    PRESET_KIND_MSA = 1 << 3,
};

struct preset_field {
    char *name;             /* "customer", "job", "technician" */
    char *label;            /* shown when asking; "" = the name */
    bool required;
};

/*
 * The restore part of a preset (<restore>): what `usmtwiz restore --preset`
 * sets on the default loadstate line once the store is open.  Unset
 * values (NULL, -1, PLAN_UNSET) keep the default.
 */
struct preset_restore {
    bool present;           /* the preset has a <restore> section */
    char *store;            /* the store folder; NULL: found on the drives */
    char *key_file;         /* the key of an encrypted store, from a file */
    struct plan_strv mu;    /* "old:new" for /mu, in order */
    struct plan_strv md;    /* "OLD:NEW" for /md, in order */
    struct plan_strv leave_out;     /* stored user names for /ue */
    int lac;                /* /lac: 1 on, 0 off, -1 the default */
    int lae;                /* /lae: 1 on, 0 off, -1 the default */
    char *lac_password_file;    /* the password of the /lac accounts */
    int continue_on_error;  /* /c: 1, 0, -1 the default (on) */
    int verbosity;          /* PLAN_UNSET or a /v value */
    bool remove_store;      /* remove a hard-link store after a restore
                               that succeeded, even with --yes */
};

struct preset {
    char *name;
    char *description;
    /* store */
    char *store_template;   /* "E:\\stores\\%COMPUTERNAME%-%DATE%" */
    enum plan_store_kind store_kind;
    bool overwrite;
    char *working_dir_template;  /* NULL: usmtwiz chooses */
    char *log_dir_template;      /* NULL: beside the store */
    /* users */
    unsigned kinds;         /* enum preset_kinds */
    int used_within_days;   /* -1: no limit */
    struct plan_strv exclude_sids;  /* patterns: "*-500", "S-1-5-21-*" */
    /* content */
    struct plan_strv xml_files;
    char *config_path;
    /* options */
    bool continue_on_error;
    int verbosity;          /* PLAN_UNSET or a /v value */
    enum plan_efs efs;
    bool localonly;
    bool listfiles;
    /* encryption */
    bool encrypt;
    char *encrypt_alg;      /* NULL = scanstate's default */
    bool ask_key;           /* ask for the key at run time */
    char *key_file;         /* or read it from this file */
    struct plan_strv extra_args;
    /* ticket fields asked for and put in the store name and report */
    struct preset_field *fields;
    size_t n_fields;
    /* warnings acknowledged in advance, by rule id */
    struct plan_strv acknowledge;
    /* the restore on the new PC */
    struct preset_restore restore;
};

void preset_init(struct preset *p);
void preset_release(struct preset *p);

/*
 * Load and validate path.  Every problem is reported as "FILE:LINE:
 * message" (the first one in err).  The file must be a <usmtwizPreset>;
 * a <key> element is refused (keys are never stored).  <store> is
 * required unless the preset has a <restore> section (a restore preset);
 * the capture refuses a preset without a <store>.
 */
int preset_load(const char *path, struct preset *p, struct wiz_err *err);
int preset_load_buffer(const char *name, const char *data, size_t len,
                       struct preset *p, struct wiz_err *err);
/* Write p as XML (atomically). */
int preset_save(const struct preset *p, const char *path,
                struct wiz_err *err);

/* Template variables for the store, working and log folders. */
struct preset_vars {
    const char *computer_name;
    int64_t now;            /* seconds since 1970 UTC; local time is used */
    const struct preset_field_value {
        const char *name;
        const char *value;
    } *fields;
    size_t n_fields;
};

/*
 * Expand %COMPUTERNAME%, %DATE% (YYYY-MM-DD), %TIME% (HHMM) and
 * %<field>% (ticket fields, case-insensitive) in tmpl.  Characters a
 * Windows file name cannot hold are replaced by '_' in the values.  An
 * unknown %NAME% or an empty required value fails with the name.
 */
int preset_expand(const char *tmpl, const struct preset_vars *vars,
                  char **out, struct wiz_err *err);

/*
 * Why the preset's user rule leaves this user out, for people (a kind it
 * never takes or does not list, no folder, not used recently, an
 * excluded SID pattern); NULL when it takes the user.  Caller frees.
 */
char *preset_why_not_user(const struct preset *p, const struct win_user *u,
                          int64_t now);
/*
 * When the preset's user rule takes none of users, which of its parts
 * left them out, as one line for people appended to out ("the preset's
 * user rules take nobody: <usedWithinDays>1</usedWithinDays> leaves out
 * 9 profiles..."); nothing when it takes someone.
 */
void preset_why_none(const struct preset *p, const struct user_list *users,
                     int64_t now, struct strbuf *out);
/* Does the preset's user rule take this user? */
bool preset_wants_user(const struct preset *p, const struct win_user *u,
                       int64_t now);
/*
 * Fill plan from the preset: SIDs of the users the rules take, store kind,
 * XML files, Config.xml, options, encryption, extra switches.  Paths from
 * templates are set by the caller (they need the facts of the machine).
 * Returns the number of users selected.
 */
size_t preset_apply(const struct preset *p, const struct user_list *users,
                    int64_t now, struct plan *plan);
/*
 * Make a preset from a plan chosen in the wizard (Review: "save as
 * preset"): options and content are copied; the user selection becomes
 * the kinds of the selected users; the store path becomes the template.
 */
void preset_from_plan(const struct plan *plan, const struct user_list *users,
                      struct preset *p);

#endif

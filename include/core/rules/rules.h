#ifndef WIZ_CORE_RULES_H
#define WIZ_CORE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/attr.h"
#include "platform/share.h"
#include "platform/vol.h"

/*
 * The pitfall rule engine.  Every rule is one row of a table: a stable id,
 * a severity, the parts of the plan it concerns, a check, a fix (applied
 * automatically where there is one obvious fix) and where the fact comes
 * from.  Checks are pure: they read the plan and facts gathered beforehand
 * (rules_facts_gather does the file-system work), so tests fill the structs
 * by hand.  The Review screen, lint and run share the table.
 */

struct wiz_err;
struct plan;
struct usmt_env;
struct winos;
struct winvol;
struct win_scan;
struct user_list;
struct strbuf;
struct restore_ctx;

enum rule_severity {
    RULE_ERROR,     /* blocks the launch */
    RULE_WARNING,   /* needs an acknowledgement */
    RULE_INFO,
};

/* Which parts of the plan a rule concerns, so screens show theirs. */
enum rule_field {
    RF_ENV = 1 << 0,        /* where we run, the USMT folder */
    RF_VOLUME = 1 << 1,     /* offline volume, Windows folder, offline switch */
    RF_USERS = 1 << 2,      /* user selection: /ui /ue /uel /all */
    RF_STORE = 1 << 3,      /* store path, kind, /o */
    RF_WORKDIR = 1 << 4,    /* USMT_WORKING_DIR, TEMP */
    RF_LOGS = 1 << 5,       /* /l /progress /listfiles */
    RF_XML = 1 << 6,        /* /i migration XML */
    RF_CONFIG = 1 << 7,     /* /config */
    RF_OPTIONS = 1 << 8,    /* /c /v /r /w /localonly /p /vsc ... */
    RF_EFS = 1 << 9,        /* /efs */
    RF_ENCRYPT = 1 << 10,   /* /encrypt /key /keyfile */
    RF_SYNTAX = 1 << 11,    /* unknown, repeated, malformed switches */
    RF_RESTORE = 1 << 12,   /* the loadstate side (core/rules/restore.h) */
};
#define RF_ALL ((1u << 13) - 1)

/* Facts a rule needs; when one is missing the rule is skipped, and said. */
enum rule_need {
    RN_ENV = 1 << 0,        /* struct usmt_env */
    RN_OS = 1 << 1,         /* the chosen installation (and its volume) */
    RN_USERS = 1 << 2,      /* the user list of that installation */
    RN_STORE = 1 << 3,      /* store facts */
    RN_WORKDIR = 1 << 4,    /* working-directory facts */
    RN_FILES = 1 << 5,      /* XML, Config.xml and key-file facts */
    RN_SCAN = 1 << 6,       /* every volume */
    RN_USMT = 1 << 7,       /* a USMT folder was given and probed */
    RN_ESTIMATE = 1 << 8,   /* the selected users' sizes are known */
    RN_RESTORE = 1 << 9,    /* a loadstate line (struct restore_ctx) */
    RN_REPORT = 1 << 10,    /* the store's capture report was read */
    RN_TARGET = 1 << 11,    /* the new PC's Windows was read */
    RN_KEY = 1 << 12,       /* the key given on the line was read */
    RN_VERSIONS = 1 << 13,  /* USMT versions of capture and restore */
    RN_ELEVATION = 1 << 14, /* whether loadstate runs elevated */
    RN_STORE_SEEN = 1 << 15,    /* the store folder was looked at */
};

/* What we know about a folder the plan names (store, working directory). */
struct place_facts {
    bool known;             /* gathered; false = could not look */
    bool exists;
    bool is_dir;
    bool writable;
    bool readonly_volume;
    bool free_known;
    uint64_t free_bytes;
    char fs[16];            /* "NTFS", "FAT32", "" unknown */
    enum vol_kind kind;     /* VOL_UNKNOWN when not known */
    char letter;            /* drive letter, 0 unknown */
    bool on_x;              /* the WinPE RAM disk (X:) */
    bool on_share;          /* a \\server\share path */
    bool share_looked;      /* we could tell whether it is reached */
    enum share_failure share_failure;   /* SHARE_OK: the share is reached */
};

struct store_facts {
    struct place_facts place;
    bool has_store;         /* <store>\USMT holds USMT.MIG/catalog.mig/... */
    char *store_marker;     /* which file said so (owned), NULL */
    bool hardlink_main;     /* <store>\USMT\hardlink.main exists */
    int same_volume_as_os;  /* 1 yes, 0 no, -1 unknown */
};

/* One XML file the plan names (/i, /config, /offline). */
struct xml_facts {
    char *path;             /* as the plan names it (owned) */
    bool known;             /* we looked */
    bool exists;
    bool parsed;            /* well-formed (libxml2, no network, no DTD) */
    char *error;            /* why not parsed (owned), NULL */
    char *root;             /* root element name (owned), NULL */
    char *urlid;            /* <migration urlid="..."> (owned), NULL */
};

/* One hive the capture reads, opened and checked before the run. */
enum hive_state {
    HIVE_STATE_OK,
    HIVE_STATE_MISSING,     /* the file is not there */
    HIVE_STATE_UNREADABLE,  /* permission denied, read error */
    HIVE_STATE_DAMAGED,     /* truncated, zeros, bad structure */
};

struct hive_facts {
    char *name;             /* "SOFTWARE", "NTUSER.DAT" (owned) */
    char *path_win;         /* as scanstate sees it (owned) */
    char *user;             /* the user's display name; NULL for the
                               machine hives (owned) */
    enum hive_state state;
    char *why;              /* the reason in words, NULL when OK (owned) */
};

struct rule_facts {
    struct store_facts store;
    struct place_facts workdir;
    struct place_facts temp;        /* TEMP, when set */
    struct place_facts log_dir;     /* the folder /l writes into */
    struct place_facts progress_dir;/* the folder /progress writes into */
    struct xml_facts *xml;          /* one per /i, same order */
    size_t n_xml;
    struct xml_facts config;        /* /config, path NULL when none */
    struct xml_facts offline_xml;   /* /offline, path NULL when none */
    int keyfile_readable;           /* 1, 0, -1 unknown or no /keyfile */
    uint64_t keyfile_size;
    uint64_t estimate_bytes;        /* selected users' sizes, 0 unknown */
    bool estimate_known;
    uint64_t largest_file;          /* largest file of those profiles,
                                       0 unknown */
    struct hive_facts *hives;       /* SOFTWARE, SYSTEM, SAM, then each
                                       selected user's NTUSER.DAT and
                                       UsrClass.dat */
    size_t n_hives;
    size_t hives_alloc;
};

void rule_facts_init(struct rule_facts *f);
void rule_facts_release(struct rule_facts *f);

/*
 * Look at what the plan names: store, USMT_WORKING_DIR, TEMP, /i,
 * /config, /offline and /keyfile, and open and check every hive the
 * capture reads (os's SOFTWARE, SYSTEM and SAM; NTUSER.DAT and
 * UsrClass.dat of each selected user), through vols (drive letter -> folder;
 * NULL or an unknown letter leaves that fact unknown).  os and users may
 * be NULL; users' sizes give the store estimate.  Reads files, writes
 * nothing.  out is initialised here; release it with rule_facts_release.
 */
int rules_facts_gather(const struct plan *plan, const struct vol_list *vols,
                       const struct winos *os, const struct user_list *users,
                       struct rule_facts *out);
/*
 * Where a Windows path ("D:\\Users\\x") is on this machine, resolving
 * each component without regard to case; NULL for relative, UNC or
 * unknown-letter paths.  Caller frees.
 */
char *rules_map_path(const struct vol_list *vols, const char *winpath);

/* Warnings the user acknowledged, by rule id; survives re-checks. */
struct rule_acks {
    char **ids;
    size_t n;
    size_t alloc;
};

void rule_acks_init(struct rule_acks *a);
void rule_acks_release(struct rule_acks *a);
void rule_acks_add(struct rule_acks *a, const char *id);
bool rule_acks_has(const struct rule_acks *a, const char *id);

/*
 * Everything a check may read; any pointer but plan may be NULL.  Switch
 * rules read plan->switches (the command line as typed, for lint) and the
 * plan's fields (the wizard's choices).  program is the program named in
 * front of a linted command line ("loadstate.exe"), NULL when none.
 */
struct rule_ctx {
    const struct plan *plan;
    /*
     * When plan is the wizard's choices with its extra switches parsed in:
     * the choices alone (their own switches count once beside the typed
     * ones, as the builder emits them); NULL otherwise.
     */
    const struct plan *choices;
    const char *program;
    const struct usmt_env *env;
    const struct winos *os;         /* the chosen installation */
    const struct winvol *vol;       /* the volume holding os */
    const struct win_scan *scan;    /* every volume */
    const struct user_list *users;  /* users of os */
    const struct rule_facts *facts;
    const struct rule_acks *acks;
    /* a loadstate line: only the restore rules run; NULL otherwise */
    const struct restore_ctx *restore;
};

struct finding;
struct rule_out;

struct rule {
    const char *id;                 /* stable, e.g. "offline-ui-by-name" */
    enum rule_severity severity;
    unsigned fields;                /* enum rule_field bits */
    unsigned needs;                 /* enum rule_need bits */
    const char *summary;            /* one line for --list-rules */
    const char *fix;                /* default fix text */
    const char *ref;                /* section of the reference, "§2.4" */
    const char *doc;                /* Microsoft doc name */
    void (*check)(const struct rule_ctx *ctx, struct rule_out *out);
    /* Edit the plan as the finding's fix says; NULL when no automatic fix. */
    int (*autofix)(struct plan *plan, const struct finding *f,
                   struct wiz_err *err);
};

struct finding {
    const struct rule *rule;        /* borrowed from the static table */
    enum rule_severity severity;    /* = rule->severity */
    char *message;                  /* owned */
    char *fix;                      /* owned */
    char *fix_arg;                  /* data for the automatic fix, owned */
    bool acked;                     /* a warning the user acknowledged */
};

struct findings {
    struct finding *f;
    size_t n;
    size_t alloc;
    char **skipped;                 /* "rule-id: why", owned */
    size_t n_skipped;
    size_t skipped_alloc;
};

void findings_init(struct findings *fs);
void findings_release(struct findings *fs);

/*
 * Run every rule against ctx and append the findings to out, sorted by
 * severity (errors first) then by table order.  Rules whose facts are
 * missing (ctx->env NULL, ...) are recorded in out->skipped.
 */
void rules_check(const struct rule_ctx *ctx, struct findings *out);

/* Counts by severity; warnings already acknowledged are not counted. */
size_t findings_count(const struct findings *fs, enum rule_severity sev);
/* True when an error is present or a warning is not acknowledged. */
bool findings_block(const struct findings *fs);
/* The findings that concern any of fields, in order (indices into fs). */
size_t findings_for_fields(const struct findings *fs, unsigned fields,
                           size_t *idx, size_t max);
/* Mark every finding of rule id as acknowledged. */
void findings_ack(struct findings *fs, const char *id);

/* Does this finding have an automatic fix? */
bool finding_can_fix(const struct finding *f);
/* Apply the finding's automatic fix to plan; -1 when there is none. */
int rules_apply_fix(struct plan *plan, const struct finding *f,
                    struct wiz_err *err);

struct win_user;
/*
 * Is u migrated by plan?  Its SIDs and /ui SID patterns decide; a plan
 * that narrows nothing migrates everyone but the built-in accounts.
 */
bool rules_user_selected(const struct plan *plan, const struct win_user *u);

/* The whole table in stable order. */
const struct rule *rules_list(size_t *n);
const struct rule *rules_find(const char *id);
const char *rule_severity_name(enum rule_severity sev);
/* Field names, comma separated ("store,logs") appended to sb. */
void rule_fields_describe(unsigned fields, struct strbuf *sb);

/*
 * The long explanation of rule id: what it looks at and why that matters,
 * one paragraph without line breaks (borrowed, static); NULL when there is
 * none.
 */
const char *rules_explanation(const char *id);
/* Entry i of the explanation table (for tests); false past the end. */
bool rules_explanation_at(size_t i, const char **id, const char **text);
/*
 * Up to max rule ids that look like id (a typo, a word of it), best
 * first, into out (borrowed from the table); returns how many.
 */
size_t rules_suggest(const char *id, const char **out, size_t max);
/*
 * Everything about rule r as "usmtwiz lint --explain" prints it, wrapped
 * at 76 columns: what it catches, why it matters, the fix and whether it
 * is automatic, the severity, the fields it looks at (screens, when not
 * NULL, names the screens that show it) and the source.  Appends to out.
 */
void rule_describe(const struct rule *r, const char *screens,
                   struct strbuf *out);

/* Called by checks: add a finding (printf-style message). */
struct finding *rule_emit(struct rule_out *out, const char *fmt, ...)
    WIZ_PRINTF(2, 3);
/* Replace the finding's fix text. */
void finding_set_fix(struct finding *f, const char *fmt, ...)
    WIZ_PRINTF(2, 3);
/* Attach the data the automatic fix needs (copied). */
void finding_set_arg(struct finding *f, const char *arg);

#endif

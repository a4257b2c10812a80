#ifndef WIZ_CORE_PLAN_H
#define WIZ_CORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The migration plan: every choice of one scanstate capture, whether it was
 * made in the wizard or read from an existing command line (cmdline.h).
 * The rules (lint, review screen) read it; cmdline_build turns it into the
 * argv and environment for scanstate.
 *
 * Ownership: struct plan owns every string and array it points to.  The
 * setters copy their arguments (NULL clears the field); the plan_add_*
 * functions append copies.  Read the fields directly; change them only
 * through the functions below so that ownership stays right.  Paths are
 * UTF-8 and written as scanstate will see them (Windows form, "D:\\x");
 * a name ending in _host is the same place on this machine (a practice
 * folder on Linux, the path itself on Windows).
 *
 * The encryption key is a secret: it is never printed, never put in a raw
 * switch text, and its memory is zeroed before it is freed.
 */

/* Integer switch values (/v, /r, /w) use these besides real values. */
#define PLAN_UNSET (-1)    /* the switch was not given */
#define PLAN_INVALID (-2)  /* given, but its text is not a whole number */

/* A list of owned strings. */
struct plan_strv {
    char **items;
    size_t n;
    size_t alloc;
};

enum plan_offline_mode {
    PLAN_OFFLINE_NONE,      /* no offline switch: online capture */
    PLAN_OFFLINE_WINDIR,    /* /offlineWinDir:<offline_windir> */
    PLAN_OFFLINE_XML,       /* /offline:<offline_xml> */
    PLAN_OFFLINE_WINOLD,    /* /offlineWinOld:<offline_windir> */
};

enum plan_store_kind {
    PLAN_STORE_COMPRESSED,   /* default: one USMT.MIG file */
    PLAN_STORE_UNCOMPRESSED, /* /nocompress */
    PLAN_STORE_HARDLINK,     /* /hardlink /nocompress */
};

enum plan_efs {
    PLAN_EFS_UNSET,          /* no /efs: scanstate aborts on EFS files */
    PLAN_EFS_ABORT,
    PLAN_EFS_SKIP,
    PLAN_EFS_DECRYPTCOPY,
    PLAN_EFS_COPYRAW,
    PLAN_EFS_HARDLINK,
    PLAN_EFS_INVALID,        /* /efs with a value scanstate rejects */
};

/*
 * Every switch the parser knows.  PLAN_SW_STORE marks a positional
 * argument (the store path); the rules flag more than one.
 */
enum plan_sw {
    PLAN_SW_UNKNOWN,
    PLAN_SW_STORE,
    /* store */
    PLAN_SW_O, PLAN_SW_NOCOMPRESS, PLAN_SW_HARDLINK, PLAN_SW_ENCRYPT,
    PLAN_SW_KEY, PLAN_SW_KEYFILE, PLAN_SW_VSC, PLAN_SW_LOCALONLY,
    PLAN_SW_APPS, PLAN_SW_PPKG, PLAN_SW_DRIVERS, PLAN_SW_DIFF,
    /* rules and content */
    PLAN_SW_I, PLAN_SW_CONFIG, PLAN_SW_GENCONFIG, PLAN_SW_GENMIGXML,
    PLAN_SW_AUTO, PLAN_SW_TARGETWINDOWS7, PLAN_SW_TARGETWINDOWS8,
    PLAN_SW_LISTFILES,
    /* offline */
    PLAN_SW_OFFLINE, PLAN_SW_OFFLINEWINDIR, PLAN_SW_OFFLINEWINOLD,
    /* logging, monitoring, errors */
    PLAN_SW_L, PLAN_SW_V, PLAN_SW_PROGRESS, PLAN_SW_C, PLAN_SW_R,
    PLAN_SW_W, PLAN_SW_P, PLAN_SW_TEL, PLAN_SW_HELP,
    /* users */
    PLAN_SW_ALL, PLAN_SW_UI, PLAN_SW_UE, PLAN_SW_UEL, PLAN_SW_EFS,
    /* undocumented token of the 10.0.15063 parser */
    PLAN_SW_NONADMIN,
    /* LoadState-only switches */
    PLAN_SW_LAC, PLAN_SW_LAE, PLAN_SW_MD, PLAN_SW_MU, PLAN_SW_SF,
    PLAN_SW_DECRYPT,
    PLAN_SW_COUNT
};

/*
 * One argument (or "/x value" pair) of a parsed command line, in order,
 * duplicates kept: what lint reports on.
 */
struct plan_switch {
    enum plan_sw id;
    char *text;     /* as typed; "/l x.log" when the value was separate;
                       /key values are replaced by "********" */
    char *name;     /* name as typed without '/' or value ("offlineWinDir");
                       the whole argument for PLAN_SW_STORE */
    char *value;    /* the value, NULL when none was given ("" when the
                       colon had nothing after it); "********" for /key */
    bool value_separate; /* value came from the next argument */
    int pos;        /* index of the (first) argument, 0 = the first one
                       after the program name */
};

enum plan_user_kind { PLAN_USER_UI, PLAN_USER_UE, PLAN_USER_UEL };

/* A /ui, /ue or /uel rule as given on a command line. */
struct plan_user_rule {
    enum plan_user_kind kind;
    char *value;    /* "contoso\\*", "S-1-5-21-...*", "30" */
};

/* An environment variable for scanstate that has no field of its own. */
struct plan_env {
    char *name;
    char *value;
};

struct plan {
    /* offline source */
    enum plan_offline_mode offline_mode;
    char offline_volume;        /* 'D', or 0 when unknown */
    char *offline_windir;       /* "D:\\Windows" (or Windows.old for
                                   WINOLD) as scanstate sees it */
    char *offline_windir_host; /* the same folder for us, or NULL */
    char *offline_xml;          /* /offline:<file>, or a file we write */
    struct plan_strv extra_windirs;    /* more <winDir><path> entries */
    struct plan_strv offline_mappings; /* <mappings><path> "C:\\, D:\\" */
    bool fail_on_multiple_windir;
    bool make_working_dir;      /* the wizard creates working_dir when
                                   the run starts: the technician agreed
                                   (workdir-missing's fix), or it is the
                                   wizard's own default */

    /* users */
    struct plan_strv sids;      /* the wizard's selection: profile SIDs */
    struct plan_user_rule *user_rules;  /* from a command line, in order */
    size_t n_user_rules;
    size_t user_rules_alloc;
    bool all_users;             /* /all */

    /* store */
    char *store_path;           /* positional; NULL when none */
    enum plan_store_kind store_kind;
    bool overwrite;             /* /o */
    char *working_dir;          /* USMT_WORKING_DIR */
    char *temp_dir;             /* TEMP when it differs from working_dir */

    /* logs */
    char *log_path;             /* /l */
    char *progress_path;        /* /progress */
    char *listfiles_path;       /* /listfiles */
    int verbosity;              /* /v: PLAN_UNSET, PLAN_INVALID or value */

    /* content */
    struct plan_strv xml_files; /* /i, in order */
    char *config_path;          /* /config */
    bool continue_on_error;     /* /c */
    enum plan_efs efs;
    bool localonly;             /* /localonly */
    bool vsc;                   /* /vsc given (value in the raw switch) */
    int retries;                /* /r: PLAN_UNSET, PLAN_INVALID or value */
    int wait_secs;              /* /w: likewise */

    /* encryption */
    bool encrypt;               /* /encrypt */
    char *encrypt_alg;          /* "AES_256", NULL = default (3DES) */
    char *key;                  /* secret; NULL when none */
    char *keyfile;              /* /keyfile path */

    /* estimate and generation modes */
    bool estimate;              /* /p */
    char *estimate_path;        /* /p:<file>, NULL for bare /p */
    char *genconfig;            /* /genconfig:<file> */
    char *genmigxml;            /* /genmigxml:<file> */
    bool auto_mode;             /* /auto */
    char *auto_dir;             /* /auto:<dir> */
    bool target_windows7;
    bool target_windows8;

    /* environment for scanstate (beside working_dir / temp_dir) */
    char *offline_arch;         /* MIG_OFFLINE_PLATFORM_ARCH "32"/"64" */
    char *fail_on_profile_error; /* MIG_FAIL_ON_PROFILE_ERROR ("0") */
    struct plan_env *env;       /* any other variable, in order */
    size_t n_env;
    size_t env_alloc;

    /* switches kept verbatim (argument text), emitted by the builder */
    struct plan_strv other_switches;  /* known: /apps /ppkg /tel ... */
    struct plan_strv loadstate_switches; /* /lac /md ... (for lint) */
    struct plan_strv unknown_switches;   /* not known at all */
    struct plan_strv extra_args;      /* typed by the user in the wizard */

    /* the parsed command line, in order with duplicates (lint) */
    char *program;              /* program named before the arguments
                                   ("X:\\usmt\\scanstate.exe"), or NULL */
    struct plan_switch *switches;
    size_t n_switches;
    size_t switches_alloc;
};

/* Empty plan: nothing chosen, integers PLAN_UNSET.  No allocation. */
void plan_init(struct plan *plan);
/* Free everything the plan owns (the key is zeroed first). */
void plan_release(struct plan *plan);
/*
 * A deep copy of src into dst (initialised here; release it): every field,
 * list and switch record, the key as a secret again.
 */
void plan_copy(struct plan *dst, const struct plan *src);
/* plan_release + plan_init. */
void plan_clear(struct plan *plan);

/* Replace *field (a char * member of plan) by a copy of value (NULL ok). */
void plan_set_str(char **field, const char *value);
/*
 * Do two Windows paths name the same place?  Case (ASCII), '/' against
 * '\\', repeated and trailing separators and surrounding double quotes
 * (a quoted "D:\\Windows\\" reaches scanstate as D:\\Windows") do not
 * count.  NULL equals nothing.
 */
bool plan_winpath_eq(const char *a, const char *b);
/*
 * path in the form plan_winpath_eq compares: quotes and trailing
 * separators gone, '\\' only, a drive root kept as "D:\\" (new string;
 * case is kept).
 */
char *plan_winpath_norm(const char *path);

void plan_set_offline_windir(struct plan *plan, const char *windir,
                             const char *windir_host);
void plan_set_store_path(struct plan *plan, const char *path);
void plan_set_working_dir(struct plan *plan, const char *dir);
void plan_set_log_path(struct plan *plan, const char *path);
void plan_set_progress_path(struct plan *plan, const char *path);
void plan_set_listfiles_path(struct plan *plan, const char *path);
void plan_set_config_path(struct plan *plan, const char *path);
/*
 * The key is copied into locked memory (plan_secret_dup); the old one is
 * zeroed before it is freed.
 */
void plan_set_key(struct plan *plan, const char *key);
void plan_set_keyfile(struct plan *plan, const char *path);

/* String lists: append a copy; find (ASCII case-insensitive) and remove. */
void plan_strv_push(struct plan_strv *v, const char *s);
bool plan_strv_has(const struct plan_strv *v, const char *s);
/* Remove every entry equal (case-insensitive) to s; returns how many. */
size_t plan_strv_remove(struct plan_strv *v, const char *s);
void plan_strv_release(struct plan_strv *v);

/* The SID selection (no duplicates; case-insensitive). */
void plan_add_sid(struct plan *plan, const char *sid);
bool plan_has_sid(const struct plan *plan, const char *sid);
void plan_remove_sid(struct plan *plan, const char *sid);
void plan_add_xml(struct plan *plan, const char *path);
/*
 * A command line that selects users the wizard's way ("/ue:*\\*" and
 * "/ui:<SID>*" rules only) becomes the SID selection, the one form every
 * rule and front-end reads; any other mix of /ui, /ue and /uel stays as
 * the rules the command line brought.
 */
void plan_user_rules_to_sids(struct plan *plan);
void plan_add_user_rule(struct plan *plan, enum plan_user_kind kind,
                        const char *value);

/*
 * Set an environment variable for scanstate.  USMT_WORKING_DIR, TEMP,
 * MIG_OFFLINE_PLATFORM_ARCH and MIG_FAIL_ON_PROFILE_ERROR (any case) go
 * to their fields; others replace a same-named entry of env or are
 * appended.  value NULL removes the variable.
 */
void plan_set_env(struct plan *plan, const char *name, const char *value);
/*
 * Value of a variable the plan sets (fields included; TEMP falls back to
 * working_dir).  Borrowed until the plan changes; NULL when not set.
 */
const char *plan_get_env(const struct plan *plan, const char *name);

/* Append a raw switch record (copies the strings; value may be NULL). */
void plan_add_switch(struct plan *plan, enum plan_sw id, const char *text,
                     const char *name, const char *value,
                     bool value_separate, int pos);
/* How many raw switches have this id. */
size_t plan_count_switch(const struct plan *plan, enum plan_sw id);
/* The first raw switch with this id, or NULL (borrowed). */
const struct plan_switch *plan_find_switch(const struct plan *plan,
                                           enum plan_sw id);

/* Names for messages: "hardlink", "copyraw", "offlineWinDir"... */
const char *plan_efs_name(enum plan_efs efs);
/* Parse an /efs value (any case); PLAN_EFS_INVALID when unknown. */
enum plan_efs plan_efs_parse(const char *value);
const char *plan_store_kind_name(enum plan_store_kind kind);
/*
 * The store kind as files write it (reports, presets): "compressed",
 * "uncompressed", "hardlink" (plan_store_kind_name is for sentences).
 */
const char *plan_store_kind_word(enum plan_store_kind kind);
const char *plan_offline_mode_name(enum plan_offline_mode mode);

/* Zero n bytes in a way the compiler cannot drop (for secrets). */
void plan_secure_zero(void *p, size_t n);
/*
 * A copy of the secret s in memory locked in RAM (sys_lock_memory: kept
 * out of swap and core dumps where the system allows); NULL for NULL.
 * Free it with plan_secret_free only.
 */
char *plan_secret_dup(const char *s);
/* Zero, unlock and free a string from plan_secret_dup; NULL is a no-op. */
void plan_secret_free(char *s);

#endif

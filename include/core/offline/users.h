#ifndef WIZ_CORE_USERS_H
#define WIZ_CORE_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The users of an offline Windows installation, from ProfileList, SAM, the
 * IdentityStore cache, LogonUI and the profile folders.  Names are for
 * people; SIDs are what scanstate gets.
 */

struct wiz_err;
struct winos;

/*
 * The cloud-only files a profile walk found, as paths relative to the
 * folder walked, with '\\' between the parts (as Windows writes them),
 * in the order the walk met them.  At most CLOUD_FILES_MAX are listed;
 * the rest are counted in unlisted.
 */
struct cloud_files {
    char **rel;             /* owned, each owned */
    size_t n;
    size_t alloc;
    uint64_t unlisted;      /* found beyond CLOUD_FILES_MAX */
};

#define CLOUD_FILES_MAX 100000

void cloud_files_release(struct cloud_files *c);


/*
 * A OneDrive account signed in on the user's profile, from the user's own
 * hive (NTUSER.DAT): HKCU\\Software\\Microsoft\\OneDrive\\Accounts\\<key>.
 * The USMT reference is silent on OneDrive; the key and its values are
 * those the OneDrive client writes (Personal, Business1, Business2...).
 */
struct onedrive_account {
    char *key;              /* "Personal", "Business1", ... */
    char *email;            /* UserEmail, "" when not set */
    char *folder;           /* UserFolder as Windows saw it, "" */
    char *name;             /* DisplayName (the organisation), "" */
};

/* At most this many accounts are read from one hive. */
#define ONEDRIVE_ACCOUNTS_MAX 16

enum user_kind {
    USER_LOCAL,         /* S-1-5-21-<machine>-RID with a SAM account */
    USER_DOMAIN,        /* S-1-5-21-<domain>-RID not in SAM */
    USER_ENTRA,         /* S-1-12-1-... (Entra ID / Azure AD) */
    USER_MSA,           /* local account linked to a Microsoft account */
    USER_BUILTIN,       /* S-1-5-18/19/20, Administrator-500, Guest-501 */
    USER_TEMP,          /* temporary profile (TEMP folder / State flag) */
    USER_BAK,           /* "<SID>.bak" duplicate key */
    USER_ORPHAN,        /* ProfileList entry whose folder is gone */
    USER_UNKNOWN,       /* S-1-5-21-... while SAM is damaged: local or
                           domain cannot be told */
};

enum name_source {
    NAME_SAM,           /* SAM account name (full name if given) */
    NAME_IDSTORE,       /* IdentityStore cache (Entra/Microsoft account) */
    NAME_LOGONUI,       /* LogonUI last logged-on user */
    NAME_FOLDER,        /* profile folder name */
    NAME_WELLKNOWN,     /* well-known SID (SYSTEM, LOCAL SERVICE, ...) */
    NAME_SID,           /* nothing better: the SID itself */
};

const char *user_kind_name(enum user_kind kind);
const char *name_source_name(enum name_source src);

struct win_user {
    char *sid;              /* "S-1-5-21-...-1001" (no ".bak") */
    char *key_name;         /* ProfileList key name, may end in ".bak" */
    char *name;             /* display name, UTF-8 */
    char *account;          /* DOMAIN\user or user@example.com, "" */
    char *full_name;        /* SAM full name, "" */
    enum name_source name_source;
    enum user_kind kind;
    uint32_t rid;           /* last SID part, 0 if not S-1-5-21 */
    char *profile_online;   /* ProfileImagePath expanded: "C:\\Users\\x" */
    char *profile_win;      /* same on the WinPE letter: "D:\\Users\\x" */
    char *profile_path;     /* path for us, NULL when unmappable */
    bool folder_exists;
    uint32_t state;         /* ProfileList State */
    uint32_t flags;         /* ProfileList Flags */
    int64_t last_use;       /* seconds since 1970 UTC, 0 unknown */
    bool sized;             /* size fields filled by users_size */
    uint64_t size_bytes;
    uint64_t size_files;
    uint64_t size_unreadable;
    bool default_selected;  /* a real person's profile */
    /* Added: */
    char *problem;          /* NULL, or what is wrong with this entry */
    int64_t load_time;      /* LocalProfileLoadTime, seconds UTC, 0 none */
    int64_t unload_time;    /* LocalProfileUnloadTime, 0 none */
    uint64_t size_dirs;
    uint64_t size_links_skipped;
    uint64_t size_largest;  /* largest file, 0 unknown (filled by
                               users_size) */
    uint64_t size_cloud_files;  /* OneDrive placeholders whose data is only
                                   in the cloud (offline scanstate cannot
                                   read them) */
    uint64_t size_cloud_bytes;
    struct cloud_files cloud;   /* those files, listed (filled by
                                   users_size and the session's walk) */
    struct onedrive_account *onedrive;  /* from its NTUSER.DAT, owned */
    size_t n_onedrive;
    bool onedrive_read;     /* read (with the sizing: users_size_apply) */
};

/*
 * The OneDrive accounts in the user hive at path (opened read-only), in
 * key order, into *out (a new array, free with onedrive_accounts_free);
 * keys without UserFolder and UserEmail are left out.  A hive without the
 * key gives none; a hive that cannot be opened fails with its reason.
 */
int users_onedrive_read(const char *path, struct onedrive_account **out,
                        size_t *n, struct wiz_err *err);
void onedrive_accounts_free(struct onedrive_account *a, size_t n);
/*
 * "bob@contoso.com, C:\\Users\\bob\\OneDrive - Contoso" for each account,
 * joined by "; " (new string; "" when there is none).
 */
char *users_onedrive_text(const struct win_user *u);

struct user_list {
    struct win_user *u;
    size_t n;
};

/* What users_load_info says about the list as a whole. */
struct user_load_info {
    char *problem;          /* NULL, or notes: SAM unreadable, skipped keys */
    char *machine_sid;      /* "S-1-5-21-a-b-c" from SAM, "" when unknown */
};

/* Most ProfileList keys users_load reads; the rest are noted and skipped. */
#define USERS_MAX 5000


/*
 * Load the users of os (its hives are opened read-only).  A missing SAM or
 * IdentityStore is not an error; a corrupt SOFTWARE hive is.
 */
int users_load(const struct winos *os, struct user_list *out,
               struct wiz_err *err);
void user_list_release(struct user_list *list);
/*
 * users_load that also fills info (owned; release it with
 * user_load_info_release) with notes about the list as a whole.
 */
int users_load_info(const struct winos *os, struct user_list *out,
                    struct user_load_info *info, struct wiz_err *err);
void user_load_info_release(struct user_load_info *info);

struct size_result {
    uint64_t bytes;
    uint64_t files;
    uint64_t dirs;
    uint64_t unreadable;    /* entries we could not read (counted, skipped) */
    uint64_t largest;       /* size of the largest file */
    char unreadable_why[96];/* why the first unreadable folder could not
                               be opened, "" none */
    uint64_t links_skipped; /* junctions and links not followed */
    uint64_t cloud_files;   /* cloud placeholders without local data
                               (fs_stat's cloud_only), also in files */
    uint64_t cloud_bytes;   /* their sizes, also in bytes */
    bool cancelled;
    bool vanished;          /* the path or a folder below it disappeared
                               during the walk (volume removed?) */
};

/*
 * Walk path counting files and bytes without following links or junctions.
 * progress (may be NULL) is called every few thousand entries; when it
 * returns false the walk stops with result->cancelled.  Unreadable entries
 * are counted, not fatal.  When path or a folder found below it is gone
 * by the time the walk reaches it (the volume was removed or unmounted),
 * the walk ends with result->vanished, the counts so far, and -1 with
 * WIZ_ENOENT.
 */
int users_size_path(const char *path,
                    bool (*progress)(void *ctx, const struct size_result *sofar),
                    void *ctx, struct size_result *result,
                    struct wiz_err *err);

/*
 * The one profile walker, in steps (users_size_path runs it to the end;
 * the Users screen, plain mode and `run` run it in slices), so every
 * front-end counts the same entries the same way.  users_walk_new starts
 * a walk of path (a folder; a link, file or missing path is counted at
 * once); never fails, free it with users_walk_free.
 */
struct size_walk;
struct size_walk *users_walk_new(const char *path,
                                 bool (*progress)(void *ctx,
                                                  const struct size_result *),
                                 void *ctx);
/*
 * Visit up to max_entries entries, stopping early once the monotonic
 * clock reaches end_ms (0: no deadline).  Returns true while there is
 * more to do; a vanished folder or a cancel by progress ends the walk.
 */
bool users_walk_step(struct size_walk *w, uint64_t max_entries,
                     uint64_t end_ms);
/* The counts so far (borrowed until users_walk_free). */
const struct size_result *users_walk_result(const struct size_walk *w);
/*
 * Hand the cloud-only files listed so far to out (released first); the
 * walk's own list is empty afterwards.
 */
void users_walk_take_cloud(struct size_walk *w, struct cloud_files *out);
void users_walk_free(struct size_walk *w);

/*
 * users_size_path that also lists the cloud-only files into cloud
 * (released first; NULL: not listed).
 */
int users_size_path_cloud(const char *path,
                          bool (*progress)(void *ctx,
                                           const struct size_result *),
                          void *ctx, struct size_result *result,
                          struct cloud_files *cloud, struct wiz_err *err);

/*
 * Size one user's profile (users_size_path on profile_path) and fill the
 * size fields; a user without a folder is left unsized.
 */
/*
 * Copy a walk's result (whole or so far) into u's size fields; a folder of
 * which nothing could be read gets that as its problem.
 */
void users_size_apply(struct win_user *u, const struct size_result *r);
int users_size(struct win_user *u,
               bool (*progress)(void *ctx, const struct size_result *sofar),
               void *ctx, struct wiz_err *err);

/* The problem text of a profile folder that vanished while being sized. */
#define USERS_VANISHED_PROBLEM \
    "the profile folder disappeared while it was being sized " \
    "(was the volume removed?)"

/*
 * Test seam of the profile walker (users_walk_step and users_size_path):
 * hook (NULL: none) is called after each entry a walk
 * lists, with the folder being listed and the entry's name, so that tests
 * can change the tree under a walk.  Not for production use.
 */
void users_set_walk_hook(void (*hook)(void *ctx, const char *dir,
                                      const char *name), void *ctx);
/*
 * Called by the walkers after each entry: runs the hook, then sleeps
 * USMTWIZ_WALK_DELAY_MS milliseconds when that variable is set (a slow
 * disk, for end-to-end tests and demonstrations).
 */
void users_walk_tick(const char *dir, const char *name);

#endif

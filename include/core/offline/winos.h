#ifndef WIZ_CORE_WINOS_H
#define WIZ_CORE_WINOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/sys.h"
#include "platform/vol.h"

/*
 * Offline Windows detection: every volume, every Windows folder on it, and
 * what its SOFTWARE and SYSTEM hives say.  Nothing here writes anything.
 */

struct wiz_err;
struct hive;
struct winos_cache;

struct winos {
    char *windir;           /* path for us: ".../D/Windows" or "D:\\Windows" */
    char *windir_win;       /* as scanstate in WinPE sees it: "D:\\Windows" */
    char *system_root;      /* as the OS saw itself: "C:\\Windows" */
    char *product_name;     /* ProductName, as written */
    char *edition_id;       /* EditionID */
    char *display_version;  /* DisplayVersion or ReleaseId, "" if none */
    char *installation_type;/* "Client", "Server", ... */
    char *current_version;  /* "6.1", "6.3" */
    uint32_t build;         /* CurrentBuildNumber/CurrentBuild, 0 unknown */
    uint32_t ubr;           /* update build revision */
    int family;             /* 11, 10, 8, 7, 6 (Vista), 5 (XP), 0 unknown */
    char *friendly;         /* "Windows 11 Pro 23H2 (22631.2861) x64" */
    bool is_server;
    enum sys_arch arch;     /* from SYSTEM PROCESSOR_ARCHITECTURE */
    bool arch_mismatch;     /* SysWOW64 presence disagrees with arch */
    char *computer_name;
    char *domain;           /* "" when none; workgroup machines */
    int64_t last_shutdown;  /* seconds since 1970 UTC, 0 unknown */
    bool hibernated;        /* hiberfil.sys holds a hibernated system */
    bool fast_startup;      /* HiberbootEnabled = 1 */
    bool dirty;             /* a hive has unequal sequence numbers */
    char *dirty_hives;      /* "SOFTWARE, SYSTEM" or "" */
    char *problem;          /* NULL, or why this installation is unusable */
    /* Added for users and inspect: */
    char letter;            /* WinPE drive letter of the volume, 0 none */
    char *os_root;          /* folder holding windir for us (the volume
                               root, or ".../Windows.old") */
    char *os_root_win;      /* the same as scanstate sees it: "D:\\" */
    bool has_syswow64;      /* <windir>\\SysWOW64 exists */
    int major, minor;       /* 10.0, 6.3, 6.1 (0 when unknown) */
    char *family_name;      /* "11", "10", "8.1", "8", "7", "" */
    char *registered_owner; /* "" when none */
    bool is_winpe;          /* Windows PE (MiniNT), not an installation */
    char *csd_version;      /* CSDVersion ("Service Pack 1"), "" none */
    struct winos_cache *cache; /* private: hives kept open for users_load */
};

struct winvol {
    struct vol_info vol;    /* owned copies of the strings */
    struct winos *os;       /* Windows installations found (may be 0) */
    size_t n_os;
    char *problem;          /* NULL, or why the volume can't be read */
    bool winpe;             /* holds Windows PE (the boot RAM disk): its
                               Windows folder is not listed in os */
    /* a BitLocker-locked volume: its key protectors (IDs to look the
       recovery key up by), or why they could not be read */
    struct vol_protector *protectors;
    size_t n_protectors;
    char *protectors_problem;
};

struct win_scan {
    struct winvol *vols;
    size_t n;
};

/*
 * Scan every volume (volume_root as for vol_enumerate).  A broken hive or a
 * locked volume is recorded in problem fields; only a failure to list the
 * volumes at all returns -1.
 */
int winos_scan(const char *volume_root, struct win_scan *out,
               struct wiz_err *err);
/*
 * Read one Windows folder (path for us) on a volume with letter (0 when
 * none).  os is always initialised (release it); a hive that cannot be read
 * fills os->problem and returns -1 with the same message in err.
 */
int winos_read(const char *windir, char letter, struct winos *os,
               struct wiz_err *err);
void winos_release(struct winos *os);
/*
 * The hive name ("SOFTWARE", "SYSTEM", "SAM") of os, opened read-only on
 * first use and kept open until winos_close_hives or winos_release, so that
 * users_load does not read a large SOFTWARE hive twice.  Borrowed; NULL with
 * err filled when the hive is missing or unreadable.
 */
struct hive *winos_hive(const struct winos *os, const char *name,
                        struct wiz_err *err);
/* Close the hives kept open by winos_hive (they reopen on demand). */
void winos_close_hives(struct winos *os);
/*
 * Find name below dir with Windows' case-insensitive matching (exact match
 * first).  Returns a new path or NULL when nothing matches.
 */
char *winos_find_ci(const char *dir, const char *name);
/* Resolve a relative path of '/'- or '\\'-separated parts the same way. */
char *winos_resolve_ci(const char *dir, const char *relpath);
/*
 * The same below dir, but a part that does not exist yet (a store to
 * create) is kept as given, with what follows it: always a new path.
 */
char *winos_resolve_ci_keep(const char *dir, const char *relpath);
void win_scan_release(struct win_scan *scan);
/* Free one volume of a scan (its installations too). */
void winvol_release(struct winvol *wv);
/* Total number of Windows installations found. */
size_t win_scan_count(const struct win_scan *scan);

#endif

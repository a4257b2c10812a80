#ifndef WIZ_PLATFORM_VOL_H
#define WIZ_PLATFORM_VOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Volumes.  In WinPE every drive letter.  On Linux either the sub-folders
 * of a volume root given with --volume-root (folder "C" is drive C:, and a
 * file "C.volume" beside it may describe label, file system, size, free
 * space, BitLocker lock and drive type; see assets/doc/volume-root.md) or,
 * without one, the mounted NTFS file systems.
 */

struct wiz_err;

enum vol_kind { VOL_FIXED, VOL_REMOVABLE, VOL_NETWORK, VOL_CDROM, VOL_RAM,
                VOL_UNKNOWN };

struct vol_info {
    char letter;        /* 'C'..'Z', or 0 when the volume has none */
    char *root;         /* where its files are for us ("D:\\", ".../D") */
    char *label;        /* "" when none */
    char *fs;           /* "NTFS", "FAT32", "exFAT", ... or "" */
    enum vol_kind kind;
    uint64_t total_bytes;
    uint64_t free_bytes;
    bool locked;        /* BitLocker-locked: contents unreadable */
    bool readonly;
};

struct vol_list {
    struct vol_info *v;
    size_t n;
};

/* "fixed", "removable", ... */
const char *vol_kind_name(enum vol_kind kind);

/*
 * Fill list with every volume.  volume_root NULL means the real machine.
 * A volume that cannot be queried is still listed (with what is known).
 */
int vol_enumerate(const char *volume_root, struct vol_list *list,
                  struct wiz_err *err);
void vol_list_release(struct vol_list *list);

/*
 * Write the facts file for a practice volume (used by the lab builder):
 * DIR/<letter>.volume.
 */
int vol_write_facts(const char *volume_root, const struct vol_info *info,
                    struct wiz_err *err);

#endif

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

/*
 * BitLocker key protectors and unlocking.  On Windows through the
 * BitLocker WMI provider (Win32_EncryptableVolume), so no secret is ever
 * on a command line.  On a practice volume (--volume-root) the facts file
 * DIR/<letter>.volume lists the protectors, each with a salted hash of its
 * secret, and a locked volume's contents wait in DIR/<letter>.fve until
 * the right secret is given: then they become DIR/<letter> (the locked
 * view, holding only the FVE-FS marker, is kept as DIR/<letter>.locked)
 * and the facts say unlocked, as Windows keeps a volume unlocked until it
 * restarts.
 */
enum vol_protector_kind { VOL_PROT_RECOVERY, VOL_PROT_BEK, VOL_PROT_OTHER };

#define VOL_PROTECTOR_ID_SIZE 40    /* "{8-4-4-4-12}" and its NUL */

struct vol_protector {
    char id[VOL_PROTECTOR_ID_SIZE];     /* "{XXXXXXXX-XXXX-...}" */
    enum vol_protector_kind kind;
};

/* "recovery password", "external key (.BEK)", "other" */
const char *vol_protector_kind_name(enum vol_protector_kind kind);

/*
 * The key protectors of a volume (caller frees *out).  0 with none, or -1
 * with why they cannot be read.
 */
int vol_key_protectors(const struct vol_info *v, struct vol_protector **out,
                       size_t *n, struct wiz_err *err);

/*
 * Unlock v with a recovery password, already checked and written as the
 * 8 blocks of 6 digits joined by '-' (55 characters).  The password is not
 * kept, copied to the log, nor put in err.  -1 with the reason (a wrong
 * password is WIZ_EUSAGE).
 */
int vol_unlock_recovery(const struct vol_info *v, const char *password,
                        struct wiz_err *err);
/* Unlock v with a .BEK key file (path on this machine). */
int vol_unlock_bek(const struct vol_info *v, const char *bek_host,
                   struct wiz_err *err);

/*
 * For the lab builder: add a protector to the facts file of practice
 * volume DIR/<letter>.volume, its secret given (a recovery password as
 * above, or the bytes of a key file).  Its ID follows from the secret and
 * the letter, so two builds give the same volume; id receives it.
 */
int vol_facts_add_protector(const char *volume_root, char letter,
                            enum vol_protector_kind kind, const void *secret,
                            size_t len, char id[VOL_PROTECTOR_ID_SIZE],
                            struct wiz_err *err);

#endif

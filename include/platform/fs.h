#ifndef WIZ_PLATFORM_FS_H
#define WIZ_PLATFORM_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Files and folders.  Paths are UTF-8; the Win32 layer converts them to
 * UTF-16 at each call.  Nothing here follows a symbolic link or junction
 * unless it says so.
 */

struct wiz_err;

enum fs_type { FS_NONE, FS_FILE, FS_DIR, FS_LINK, FS_OTHER };

struct fs_stat {
    enum fs_type type;      /* FS_NONE when the path does not exist */
    uint64_t size;          /* bytes, files only */
    int64_t mtime;          /* seconds since 1970 UTC */
    uint64_t dev;           /* volume identity, to compare volumes */
    uint64_t ino;           /* file identity within dev */
    uint32_t nlink;         /* hard links */
    bool readonly;          /* we may not write it */
    bool cloud_only;        /* files only: a cloud placeholder whose data
                               is not on this disk (OneDrive Files On-
                               Demand): NTFS attributes RECALL_ON_DATA_
                               ACCESS, RECALL_ON_OPEN or OFFLINE.  Windows
                               reads the attributes (and counts a reparse
                               point of the cloud-files family as a file,
                               not a link); POSIX reads them from the
                               "system.ntfs_attrib" attribute of the NTFS
                               driver, or "user.ntfs_attrib" (the same 4
                               bytes, little-endian) that practice volumes
                               write, for files with less data allocated
                               than their size */
};

/* The NTFS file attributes fs_stat's cloud_only looks for. */
#define FS_NTFS_ATTR_OFFLINE 0x00001000u
#define FS_NTFS_ATTR_RECALL_ON_OPEN 0x00040000u
#define FS_NTFS_ATTR_RECALL_ON_DATA_ACCESS 0x00400000u
#define FS_NTFS_ATTR_CLOUD_ONLY (FS_NTFS_ATTR_OFFLINE | \
                                 FS_NTFS_ATTR_RECALL_ON_OPEN | \
                                 FS_NTFS_ATTR_RECALL_ON_DATA_ACCESS)

/* lstat-like: a missing path is not an error (type = FS_NONE). */
int fs_stat(const char *path, struct fs_stat *st, struct wiz_err *err);
/* Like fs_stat but follows links. */
int fs_stat_follow(const char *path, struct fs_stat *st, struct wiz_err *err);
bool fs_exists(const char *path);
bool fs_is_dir(const char *path);

struct fs_dir;
/* Open a folder for listing; "." and ".." are never returned. */
int fs_dir_open(const char *path, struct fs_dir **out, struct wiz_err *err);
/*
 * Next entry name (borrowed until the next call): returns 1 with *name set,
 * 0 at the end, -1 on a read error.
 */
int fs_dir_next(struct fs_dir *d, const char **name, struct wiz_err *err);
/*
 * What the listing itself says of the entry fs_dir_next just returned
 * (FS_DIR, FS_FILE, FS_LINK, FS_OTHER), without a look at the entry; FS_NONE
 * when the listing does not say (ask fs_dir_stat).
 */
enum fs_type fs_dir_entry_type(const struct fs_dir *d);
void fs_dir_close(struct fs_dir *d);
/*
 * lstat-like look at entry name of the open folder d, without building the
 * full path (fast walks: fstatat on POSIX).  Missing is FS_NONE, not an
 * error.
 */
int fs_dir_stat(struct fs_dir *d, const char *name, struct fs_stat *st,
                struct wiz_err *err);

/* fopen with a UTF-8 path. */
FILE *fs_fopen(const char *path, const char *mode);
/*
 * Move f to offset bytes from its start (from_end: back from its end),
 * without the 2 GB limit of fseek's long.  0 or -1.
 */
int fs_seek(FILE *f, uint64_t offset, bool from_end);
/* Position of f in bytes, -1 on error. */
int64_t fs_tell(FILE *f);
/*
 * Read a whole file of at most max bytes into a new buffer (NUL appended,
 * not counted in *len).  Larger files fail with WIZ_ELIMIT.
 */
int fs_read_file(const char *path, size_t max, char **data, size_t *len,
                 struct wiz_err *err);
/* Create or truncate path and write data. */
int fs_write_file(const char *path, const void *data, size_t len,
                  struct wiz_err *err);
/*
 * Create path, which must not exist yet (WIZ_EEXIST when it does), and
 * write data.  A partly written file is removed again.
 */
int fs_write_file_new(const char *path, const void *data, size_t len,
                      struct wiz_err *err);
/*
 * Write to a temporary file beside path, flush it to disk, then rename it
 * over path: readers see the old or the new file, never a partial one.
 * With private_mode the file is readable by the owner only.
 */
int fs_write_file_atomic(const char *path, const void *data, size_t len,
                         bool private_mode, struct wiz_err *err);
/* Make path and missing parents. */
int fs_mkdir_p(const char *path, struct wiz_err *err);
int fs_remove(const char *path, struct wiz_err *err);
/* Remove a tree without following links out of it. */
int fs_remove_tree(const char *path, struct wiz_err *err);
int fs_rename(const char *from, const char *to, struct wiz_err *err);
int fs_hardlink(const char *existing, const char *link, struct wiz_err *err);
int fs_copy_file(const char *from, const char *to, struct wiz_err *err);
/*
 * A name of path for a library that opens files with the C runtime's
 * narrow open() (hivex).  POSIX: path itself.  Windows, where narrow
 * names go through the ANSI code page: path when it is ASCII, else its
 * 8.3 short name, else (short names switched off) a copy in a new
 * temporary folder, returned in *copy_dir for fs_remove_tree; a copy is
 * only made when allow_copy is set (a reader; a writer would write to
 * the copy).  *copy_dir is NULL when no copy was made.
 */
int fs_narrow_path(const char *path, bool allow_copy, char **out,
                   char **copy_dir, struct wiz_err *err);
/* Overwrite a file's bytes with zeros, flush, then remove it. */
int fs_wipe_file(const char *path, struct wiz_err *err);
int fs_set_mtime(const char *path, int64_t mtime, struct wiz_err *err);
/*
 * Give a practice file NTFS attributes fs_stat reads back (cloud_only):
 * POSIX writes them as "user.ntfs_attrib" (WIZ_EIO when the file system
 * keeps no such attributes); Windows sets what SetFileAttributes accepts
 * (OFFLINE; the recall attributes belong to the cloud filter).
 */
int fs_set_ntfs_attrib(const char *path, uint32_t attr, struct wiz_err *err);
/* Free and total bytes of the file system holding path. */
int fs_space(const char *path, uint64_t *free_bytes, uint64_t *total_bytes,
             struct wiz_err *err);
/* Can we create files in this folder? */
bool fs_dir_is_writable(const char *path);
/* A new private folder under the temp area; caller frees *out. */
int fs_make_temp_dir(const char *prefix, char **out, struct wiz_err *err);
/*
 * A file in the temporary area that outlives one process (TMPDIR or /tmp;
 * %TEMP% on Windows, X: in Windows PE, so it is gone after a reboot).
 * Caller frees.
 */
char *fs_state_path(const char *name);
/* The native separator ('/' or '\\'). */
char fs_sep(void);
/* a + sep + b (no doubled separator); caller frees. */
char *fs_join(const char *a, const char *b);
/* Absolute, normalised form of path (need not exist); caller frees. */
char *fs_absolute(const char *path);

/*
 * Create or truncate path as a file of size bytes: head (head_len bytes,
 * may be NULL) first, then zeros.  The zeros are a hole (sparse) where the
 * file system allows, so a "6 GB" practice file costs almost nothing.
 */
int fs_create_sized(const char *path, const void *head, size_t head_len,
                    uint64_t size, struct wiz_err *err);
/* Make a symbolic link at linkpath pointing to target (kept as given). */
int fs_symlink(const char *target, const char *linkpath, struct wiz_err *err);
/* Absolute path of the running program, or NULL when unknown; caller frees. */
char *fs_exe_path(void);

#endif

#ifndef WIZ_PLATFORM_COMMON_FS_OS_H
#define WIZ_PLATFORM_COMMON_FS_OS_H

#include <stdbool.h>

/*
 * What each system provides to src/platform/common/tree.c (not a public
 * header): the two steps of removing a tree that differ by system.
 */

struct fs_stat;
struct wiz_err;

/*
 * When path (as st describes it) is a link of any kind (symbolic link,
 * junction, other reparse point), remove the link itself, never what it
 * points to, and set *removed.  0, or -1 with err.
 */
int fs_os_remove_link(const char *path, const struct fs_stat *st,
                      bool *removed, struct wiz_err *err);
/* Remove the empty folder path; 0, or -1 with err naming it. */
int fs_os_rmdir(const char *path, struct wiz_err *err);

#endif

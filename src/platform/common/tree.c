/*
 * Removing a folder tree, the same walk on every system: links are
 * removed as links (a junction in a practice store never takes its target
 * with it), files with fs_remove, folders once they are empty.
 */
#include "platform/fs.h"

#include <stdbool.h>
#include <stdlib.h>

#include "base/err.h"
#include "fs_os.h"

int fs_remove_tree(const char *path, struct wiz_err *err)
{
    struct fs_stat st;
    struct fs_dir *d;
    const char *name;
    bool removed = false;
    int r;

    if (fs_stat(path, &st, err) < 0)
        return -1;
    if (st.type == FS_NONE)
        return 0;
    if (fs_os_remove_link(path, &st, &removed, err) < 0)
        return -1;
    if (removed)
        return 0;
    if (st.type != FS_DIR)
        return fs_remove(path, err);
    if (fs_dir_open(path, &d, err) < 0)
        return -1;
    while ((r = fs_dir_next(d, &name, err)) == 1) {
        char *child = fs_join(path, name);

        r = fs_remove_tree(child, err);
        free(child);
        if (r < 0)
            break;
    }
    fs_dir_close(d);
    if (r < 0)
        return -1;
    return fs_os_rmdir(path, err);
}

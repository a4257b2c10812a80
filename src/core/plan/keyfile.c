#include "core/plan/keyfile.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/plan/plan.h"
#include "platform/fs.h"
#include "platform/sys.h"

#define KEY_FILE_NAME "usmt.key"
#define TEMP_PREFIX "usmtwiz-key"

void keyfile_free_secret(char *p, size_t n)
{
    if (p) {
        sys_unlock_memory(p, n);
        free(p);
    }
}

static int check_key(const char *key, size_t len, struct wiz_err *err)
{
    (void)key;
    if (len == 0) {
        return err_set(err, WIZ_EUSAGE,
                       "the encryption key must have at least one character");
    }
    if (len > KEYFILE_MAX_KEY) {
        return err_set(err, WIZ_EUSAGE,
                       "the encryption key has %zu characters (at most %d)",
                       len, KEYFILE_MAX_KEY);
    }
    return 0;
}

int keyfile_write(const char *path, const char *key, struct wiz_err *err)
{
    size_t len = key ? strlen(key) : 0;

    if (check_key(key, len, err) < 0) {
        return -1;
    }
    if (fs_exists(path)) {
        return err_set(err, WIZ_EEXIST,
                       "cannot write key file '%s': it already exists", path);
    }
    if (fs_write_file_atomic(path, key, len, true, err) < 0) {
        return err_prefix(err, "cannot write key file");
    }
    return 0;
}

int keyfile_create_temp(const char *key, char **path_out,
                        struct wiz_err *err)
{
    char *dir = NULL;
    char *path;

    *path_out = NULL;
    if (check_key(key, key ? strlen(key) : 0, err) < 0) {
        return -1;
    }
    if (fs_make_temp_dir(TEMP_PREFIX, &dir, err) < 0) {
        return -1;
    }
    path = fs_join(dir, KEY_FILE_NAME);
    if (keyfile_write(path, key, err) < 0) {
        fs_remove_tree(dir, NULL);
        free(path);
        free(dir);
        return -1;
    }
    free(dir);
    *path_out = path;
    return 0;
}

/* The folder part of path, or NULL when there is none. */
static char *parent_dir(const char *path)
{
    const char *sep = NULL;

    for (const char *p = path; *p; p++) {
        if (*p == '/' || *p == '\\') {
            sep = p;
        }
    }
    if (!sep || sep == path) {
        return NULL;
    }
    return xstrndup(path, (size_t)(sep - path));
}

/* Only folders we made ourselves are removed. */
static bool is_our_temp_dir(const char *dir)
{
    const char *base = dir;

    for (const char *p = dir; *p; p++) {
        if (*p == '/' || *p == '\\') {
            base = p + 1;
        }
    }
    return str_starts_with(base, TEMP_PREFIX);
}

int keyfile_wipe(const char *path, struct wiz_err *err)
{
    char *dir;
    bool ours;

    if (fs_wipe_file(path, err) < 0) {
        return -1;
    }
    dir = parent_dir(path);
    ours = dir && str_ends_with(path, KEY_FILE_NAME) && is_our_temp_dir(dir);
    if (ours) {
        struct fs_dir *d;
        const char *name;

        /* remove the folder only when nothing else is in it */
        if (fs_dir_open(dir, &d, NULL) == 0) {
            int more = fs_dir_next(d, &name, NULL);

            fs_dir_close(d);
            if (more == 0) {
                fs_remove_tree(dir, NULL);
            }
        }
    }
    free(dir);
    return 0;
}

int keyfile_check(const char *path, size_t *len, struct wiz_err *err)
{
    char *data = NULL;
    size_t n = 0;
    int ret;

    *len = 0;
    if (!fs_exists(path)) {
        return err_set(err, WIZ_ENOENT,
                       "cannot read key file '%s': no such file", path);
    }
    /* a little over the limit, so that "too long" can be told apart */
    if (fs_read_file(path, KEYFILE_MAX_KEY * 4 + 16, &data, &n, err) < 0) {
        return err_prefix(err, "cannot read key file");
    }
    sys_lock_memory(data, n + 1);
    ret = check_key(data, n, err);
    if (ret == 0) {
        *len = n;
    }
    keyfile_free_secret(data, n + 1);
    return ret;
}

/*
 * Profile sizing: an iterative walk (an explicit stack of folder paths, one
 * folder open at a time) that counts files and bytes, never follows links
 * or junctions, and treats unreadable entries as counts, not failures.
 */
#include "core/offline/users.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "platform/fs.h"
#include "platform/sys.h"

static void (*walk_hook)(void *ctx, const char *dir, const char *name);
static void *walk_hook_ctx;

void users_set_walk_hook(void (*hook)(void *ctx, const char *dir,
                                      const char *name), void *ctx)
{
    walk_hook = hook;
    walk_hook_ctx = ctx;
}

void users_walk_tick(const char *dir, const char *name)
{
    static long delay_ms = -1;

    if (walk_hook)
        walk_hook(walk_hook_ctx, dir, name);
    if (delay_ms < 0) {
        const char *v = sys_getenv("USMTWIZ_WALK_DELAY_MS");

        delay_ms = v ? strtol(v, NULL, 10) : 0;
        if (delay_ms < 0 || delay_ms > 10000)
            delay_ms = 0;
    }
    if (delay_ms > 0)
        sys_sleep_ms((unsigned)delay_ms);
}

/* How many entries between two progress calls. */
#define SIZE_PROGRESS_EVERY 4096

struct dir_stack {
    char **paths;
    size_t n;
    size_t alloc;
};

struct walk {
    struct dir_stack st;
    struct size_result *r;
    bool (*progress)(void *ctx, const struct size_result *sofar);
    void *ctx;
    uint64_t entries;
    uint64_t next_report;
};

static void stack_push(struct dir_stack *st, char *path)
{
    XGROW(st->paths, st->alloc, st->n + 1);
    st->paths[st->n++] = path;
}

static void stack_release(struct dir_stack *st)
{
    for (size_t i = 0; i < st->n; i++)
        free(st->paths[i]);
    free(st->paths);
    memset(st, 0, sizeof(*st));
}

/* dir + "/" + name without a doubled separator (new string). */
static char *join_entry(const char *dir, size_t dir_len, const char *name)
{
    size_t name_len = strlen(name);
    bool need_sep = dir_len && dir[dir_len - 1] != fs_sep() &&
                    dir[dir_len - 1] != '/';
    char *p = xmalloc(dir_len + need_sep + name_len + 1);

    memcpy(p, dir, dir_len);
    if (need_sep)
        p[dir_len] = fs_sep();
    memcpy(p + dir_len + need_sep, name, name_len + 1);
    return p;
}

/* Report progress when due; false when the caller wants to stop. */
static bool walk_report(struct walk *w)
{
    if (!w->progress || w->entries < w->next_report)
        return true;
    w->next_report = w->entries + SIZE_PROGRESS_EVERY;
    if (w->progress(w->ctx, w->r))
        return true;
    w->r->cancelled = true;
    return false;
}

/* Count one folder's entries; sub-folders go onto the stack. */
static void walk_one(struct walk *w, const char *dir)
{
    struct size_result *r = w->r;
    struct fs_dir *d;
    const char *name;
    size_t dir_len = strlen(dir);
    int rc;

    struct wiz_err e;

    if (fs_dir_open(dir, &d, &e) < 0) {
        /*
         * listed a moment ago by its parent: gone means removed; a folder
         * that is there but cannot be opened (permission denied, a path
         * longer than this system allows) is unreadable, not gone
         */
        if (e.code == WIZ_ENOENT && !fs_exists(dir)) {
            r->vanished = true;
            return;
        }
        r->unreadable++;
        if (!r->unreadable_why[0]) {
            const char *why = strstr(e.msg, "': ");

            why = why ? why + 3 : e.msg;
            size_t n = strlen(why);

            if (n >= sizeof(r->unreadable_why))
                n = sizeof(r->unreadable_why) - 1;
            memcpy(r->unreadable_why, why, n);
            r->unreadable_why[n] = '\0';
        }
        return;
    }
    while ((rc = fs_dir_next(d, &name, NULL)) == 1) {
        struct fs_stat s;

        w->entries++;
        users_walk_tick(dir, name);
        if (!walk_report(w))
            break;
        if (fs_dir_stat(d, name, &s, NULL) < 0) {
            r->unreadable++;
            continue;
        }
        switch (s.type) {
        case FS_FILE:
            r->files++;
            r->bytes += s.size;
            if (s.size > r->largest)
                r->largest = s.size;
            break;
        case FS_DIR:
            r->dirs++;
            stack_push(&w->st, join_entry(dir, dir_len, name));
            break;
        case FS_LINK:
            r->links_skipped++;
            break;
        case FS_OTHER:
            r->files++;
            break;
        case FS_NONE:
            /* vanished between listing and looking: nothing to count */
            break;
        }
    }
    if (rc < 0)
        r->unreadable++;
    fs_dir_close(d);
}

int users_size_path(const char *path,
                    bool (*progress)(void *ctx, const struct size_result *sofar),
                    void *ctx, struct size_result *result,
                    struct wiz_err *err)
{
    struct walk w;
    struct fs_stat s;

    memset(result, 0, sizeof(*result));
    if (fs_stat(path, &s, err) < 0)
        return -1;
    switch (s.type) {
    case FS_NONE:
        return err_set(err, WIZ_ENOENT, "cannot size '%s': no such folder",
                       path);
    case FS_LINK:
        result->links_skipped = 1;
        return 0;
    case FS_FILE:
    case FS_OTHER:
        result->files = 1;
        result->bytes = s.size;
        result->largest = s.size;
        return 0;
    case FS_DIR:
        break;
    }
    memset(&w, 0, sizeof(w));
    w.r = result;
    w.progress = progress;
    w.ctx = ctx;
    w.next_report = SIZE_PROGRESS_EVERY;
    stack_push(&w.st, xstrdup(path));
    /* a vanished folder ends the walk: the rest is gone with it */
    while (w.st.n && !result->cancelled && !result->vanished) {
        char *dir = w.st.paths[--w.st.n];

        walk_one(&w, dir);
        free(dir);
    }
    stack_release(&w.st);
    if (!result->cancelled && !fs_exists(path))
        result->vanished = true;
    if (result->vanished)
        return err_set(err, WIZ_ENOENT,
                       "cannot size '%s': it disappeared during the walk "
                       "(was the volume removed?)", path);
    return 0;
}

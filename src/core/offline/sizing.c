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

struct size_walk {
    struct dir_stack st;
    struct size_result r;
    bool (*progress)(void *ctx, const struct size_result *sofar);
    void *ctx;
    uint64_t entries;
    uint64_t next_report;
    /* the folder being listed (resumed by the next step), or NULL */
    struct fs_dir *cur;
    char *cur_path;
    size_t root_len;        /* length of the folder walked */
    struct cloud_files cloud;
};

void cloud_files_release(struct cloud_files *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->rel[i]);
    free(c->rel);
    memset(c, 0, sizeof(*c));
}

/* Note name (in folder dir) as a cloud-only file, relative to the root. */
static void cloud_note(struct size_walk *w, const char *dir,
                       const char *name)
{
    struct cloud_files *c = &w->cloud;

    if (c->n >= CLOUD_FILES_MAX) {
        c->unlisted++;
        return;
    }
    size_t dl = strlen(dir);
    const char *rest = dl > w->root_len ? dir + w->root_len : "";

    while (*rest == fs_sep() || *rest == '/')
        rest++;
    char *rel = *rest ? xasprintf("%s\\%s", rest, name) : xstrdup(name);

    for (char *p = rel; *p; p++) {
        if (*p == fs_sep() || *p == '/')
            *p = '\\';
    }
    XGROW(c->rel, c->alloc, c->n + 1);
    c->rel[c->n++] = rel;
}

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
static bool walk_report(struct size_walk *w)
{
    if (!w->progress || w->entries < w->next_report)
        return true;
    w->next_report = w->entries + SIZE_PROGRESS_EVERY;
    if (w->progress(w->ctx, &w->r))
        return true;
    w->r.cancelled = true;
    return false;
}

/* Open folder dir (taken) as the one being listed. */
static void walk_open(struct size_walk *w, char *dir)
{
    struct wiz_err e;

    if (fs_dir_open(dir, &w->cur, &e) < 0) {
        /*
         * listed a moment ago by its parent: gone means removed; a folder
         * that is there but cannot be opened (permission denied, a path
         * longer than this system allows) is unreadable, not gone
         */
        if (e.code == WIZ_ENOENT && !fs_exists(dir)) {
            w->r.vanished = true;
        } else {
            w->r.unreadable++;
            if (!w->r.unreadable_why[0]) {
                const char *why = strstr(e.msg, "': ");

                why = why ? why + 3 : e.msg;
                size_t n = strlen(why);

                if (n >= sizeof(w->r.unreadable_why))
                    n = sizeof(w->r.unreadable_why) - 1;
                memcpy(w->r.unreadable_why, why, n);
                w->r.unreadable_why[n] = '\0';
            }
        }
        w->cur = NULL;
        free(dir);
        return;
    }
    w->cur_path = dir;
}

static void walk_close(struct size_walk *w)
{
    if (w->cur)
        fs_dir_close(w->cur);
    w->cur = NULL;
    free(w->cur_path);
    w->cur_path = NULL;
}

/*
 * Count the next entry of the folder being listed; sub-folders go onto
 * the stack.  The folder is closed when it has no more entries.
 */
static void walk_entry(struct size_walk *w)
{
    struct size_result *r = &w->r;
    const char *dir = w->cur_path;
    const char *name;
    struct fs_stat s;
    int rc = fs_dir_next(w->cur, &name, NULL);

    if (rc != 1) {
        if (rc < 0)
            r->unreadable++;
        walk_close(w);
        return;
    }
    w->entries++;
    users_walk_tick(dir, name);
    if (!walk_report(w))
        return;
    if (fs_dir_stat(w->cur, name, &s, NULL) < 0) {
        r->unreadable++;
        return;
    }
    switch (s.type) {
    case FS_FILE:
        r->files++;
        r->bytes += s.size;
        if (s.size > r->largest)
            r->largest = s.size;
        if (s.cloud_only) {
            r->cloud_files++;
            r->cloud_bytes += s.size;
            cloud_note(w, dir, name);
        }
        break;
    case FS_DIR:
        r->dirs++;
        stack_push(&w->st, join_entry(dir, strlen(dir), name));
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

struct size_walk *users_walk_new(const char *path,
                                 bool (*progress)(void *ctx,
                                                  const struct size_result *),
                                 void *ctx)
{
    struct size_walk *w = xcalloc(1, sizeof(*w));
    struct fs_stat s;

    w->progress = progress;
    w->ctx = ctx;
    w->next_report = SIZE_PROGRESS_EVERY;
    w->root_len = strlen(path);
    if (fs_stat(path, &s, NULL) < 0) {
        w->r.unreadable = 1;
        return w;
    }
    switch (s.type) {
    case FS_NONE:
        w->r.vanished = true;
        break;
    case FS_LINK:
        w->r.links_skipped = 1;
        break;
    case FS_FILE:
    case FS_OTHER:
        w->r.files = 1;
        w->r.bytes = s.size;
        w->r.largest = s.size;
        if (s.cloud_only) {
            w->r.cloud_files = 1;
            w->r.cloud_bytes = s.size;
            {
                const char *base = strrchr(path, fs_sep());

                cloud_note(w, "", base ? base + 1 : path);
            }
        }
        break;
    case FS_DIR:
        stack_push(&w->st, xstrdup(path));
        break;
    }
    return w;
}

bool users_walk_step(struct size_walk *w, uint64_t max_entries,
                     uint64_t end_ms)
{
    /* a vanished folder ends the walk: the rest is gone with it */
    while (!w->r.cancelled && !w->r.vanished) {
        if (!w->cur) {
            if (!w->st.n)
                return false;
            walk_open(w, w->st.paths[--w->st.n]);
            continue;
        }
        if (!max_entries--)
            return true;
        walk_entry(w);
        if (end_ms && sys_monotonic_ms() >= end_ms)
            break;
    }
    return !w->r.cancelled && !w->r.vanished && (w->cur || w->st.n);
}

const struct size_result *users_walk_result(const struct size_walk *w)
{
    return &w->r;
}

void users_walk_take_cloud(struct size_walk *w, struct cloud_files *out)
{
    cloud_files_release(out);
    *out = w->cloud;
    memset(&w->cloud, 0, sizeof(w->cloud));
}

void users_walk_free(struct size_walk *w)
{
    if (!w)
        return;
    walk_close(w);
    stack_release(&w->st);
    cloud_files_release(&w->cloud);
    free(w);
}

int users_size_path(const char *path,
                    bool (*progress)(void *ctx, const struct size_result *sofar),
                    void *ctx, struct size_result *result,
                    struct wiz_err *err)
{
    return users_size_path_cloud(path, progress, ctx, result, NULL, err);
}

int users_size_path_cloud(const char *path,
                          bool (*progress)(void *ctx,
                                           const struct size_result *),
                          void *ctx, struct size_result *result,
                          struct cloud_files *cloud, struct wiz_err *err)
{
    struct size_walk *w;
    struct fs_stat s;

    memset(result, 0, sizeof(*result));
    if (cloud)
        cloud_files_release(cloud);
    if (fs_stat(path, &s, err) < 0)
        return -1;
    if (s.type == FS_NONE)
        return err_set(err, WIZ_ENOENT, "cannot size '%s': no such folder",
                       path);
    w = users_walk_new(path, progress, ctx);
    while (users_walk_step(w, UINT64_MAX, 0))
        ;
    *result = w->r;
    if (cloud)
        users_walk_take_cloud(w, cloud);
    users_walk_free(w);
    if (s.type != FS_DIR)
        return 0;
    if (!result->cancelled && !fs_exists(path))
        result->vanished = true;
    if (result->vanished)
        return err_set(err, WIZ_ENOENT,
                       "cannot size '%s': it disappeared during the walk "
                       "(was the volume removed?)", path);
    return 0;
}

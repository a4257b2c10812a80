#include "core/run/follow.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "platform/fs.h"

void follow_init(struct follow *fl, const char *path, const char *what)
{
    fl->path = xstrdup(path ? path : "");
    fl->what = what;
    fl->f = NULL;
    fl->dev = 0;
    fl->ino = 0;
    fl->head_len = 0;
    fl->replacements = 0;
}

void follow_close(struct follow *fl)
{
    if (fl->f)
        fclose(fl->f);
    fl->f = NULL;
    fl->head_len = 0;
}

/*
 * Is the start of the file still what was read first?  Read through a
 * second handle, so the one we read on with keeps its place.  A file that
 * cannot be opened now is taken as unchanged (retried at the next poll).
 */
static bool same_head(const struct follow *fl)
{
    char now[FOLLOW_HEAD_MAX];
    FILE *f;
    size_t got;

    if (!fl->head_len)
        return true;
    f = fs_fopen(fl->path, "rb");
    if (!f)
        return true;
    got = fread(now, 1, fl->head_len, f);
    fclose(f);
    return got == fl->head_len && !memcmp(now, fl->head, got);
}

static void keep_head(struct follow *fl, const char *data, size_t len)
{
    size_t take = sizeof(fl->head) - fl->head_len;

    if (take > len)
        take = len;
    memcpy(fl->head + fl->head_len, data, take);
    fl->head_len += take;
}

void follow_release(struct follow *fl)
{
    follow_close(fl);
    free(fl->path);
    fl->path = NULL;
}

int follow_poll(struct follow *fl, uint64_t consumed,
                void (*feed)(void *ctx, const char *data, size_t len),
                void *ctx, bool *replaced, struct wiz_err *err)
{
    struct fs_stat st;
    char buf[64 * 1024];
    size_t got;

    *replaced = false;
    if (fs_stat_follow(fl->path, &st, err) < 0)
        return -1;
    if (st.type == FS_NONE)
        return 0;
    if (fl->f && (st.dev != fl->dev || st.ino != fl->ino ||
                  st.size < consumed || !same_head(fl))) {
        follow_close(fl);
        fl->replacements++;
        *replaced = true;
        return 0;
    }
    if (!fl->f) {
        fl->f = fs_fopen(fl->path, "rb");
        if (!fl->f)
            return err_set(err, WIZ_EIO, "cannot open %s '%s'", fl->what,
                           fl->path);
        fl->dev = st.dev;
        fl->ino = st.ino;
    }
    /*
     * Seek to where we are before reading on: clearerr alone leaves some
     * C runtimes (Windows') stuck at the end of file they saw last time.
     */
    clearerr(fl->f);
    (void)fseek(fl->f, 0, SEEK_CUR);
    while ((got = fread(buf, 1, sizeof(buf), fl->f)) > 0) {
        if (fl->head_len < sizeof(fl->head))
            keep_head(fl, buf, got);
        feed(ctx, buf, got);
    }
    if (ferror(fl->f))
        return err_set(err, WIZ_EIO, "cannot read %s '%s'", fl->what,
                       fl->path);
    return 0;
}

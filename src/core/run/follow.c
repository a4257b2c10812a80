#include "core/run/follow.h"

#include <stdlib.h>

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
}

void follow_close(struct follow *fl)
{
    if (fl->f)
        fclose(fl->f);
    fl->f = NULL;
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
                  st.size < consumed)) {
        follow_close(fl);
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
    while ((got = fread(buf, 1, sizeof(buf), fl->f)) > 0)
        feed(ctx, buf, got);
    if (ferror(fl->f))
        return err_set(err, WIZ_EIO, "cannot read %s '%s'", fl->what,
                       fl->path);
    return 0;
}

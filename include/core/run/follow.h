#ifndef WIZ_CORE_FOLLOW_H
#define WIZ_CORE_FOLLOW_H

/*
 * A file that another program is still writing (scanstate's progress log
 * and scanstate.log), read on from where the last read stopped.  The file
 * may not exist yet, may be replaced by a new one, may get shorter, or
 * may be rewritten in place by a new run (same file, already longer than
 * what was read): the caller is told, starts its parsing afresh and reads
 * it from the start.  A rewrite is noticed by the first bytes of the file,
 * kept from the first read and compared before each read on.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct wiz_err;

/* Bytes of the start of a file compared to notice a rewrite in place. */
#define FOLLOW_HEAD_MAX 64

struct follow {
    char *path;
    const char *what;           /* "progress log", "log": for messages */
    FILE *f;
    uint64_t dev, ino;
    char head[FOLLOW_HEAD_MAX];     /* the first bytes read from the file */
    size_t head_len;
    uint64_t replacements;          /* times it was replaced or truncated */
};

void follow_init(struct follow *fl, const char *path, const char *what);
/* Close the file (the next poll opens it again from the start). */
void follow_close(struct follow *fl);
void follow_release(struct follow *fl);
/*
 * Give everything added since the last call to feed(ctx, data, len).
 * consumed is how many bytes the caller has been fed so far.  When the
 * file was replaced or is now shorter than that, nothing is fed, the file
 * is closed and *replaced is set (fl->replacements counts it): reset the
 * parsing, then poll again.
 * A file that does not exist yet feeds nothing and is no error.
 */
int follow_poll(struct follow *fl, uint64_t consumed,
                void (*feed)(void *ctx, const char *data, size_t len),
                void *ctx, bool *replaced, struct wiz_err *err);

#endif

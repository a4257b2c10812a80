#ifndef WIZ_BASE_STRBUF_H
#define WIZ_BASE_STRBUF_H

#include <stdarg.h>

#include "base/attr.h"
#include <stddef.h>

/*
 * A growable NUL-terminated byte buffer (after git's strbuf).  buf is never
 * NULL after strbuf_init; len excludes the terminator.
 */
struct strbuf {
    char *buf;
    size_t len;
    size_t alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
/* Free the contents; the struct can be reused after strbuf_init. */
void strbuf_release(struct strbuf *sb);
/* Hand the string to the caller (who frees it); sb is re-initialised. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
    WIZ_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    WIZ_PRINTF(2, 0);
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Remove trailing white space (space, tab, CR, LF). */
void strbuf_rtrim(struct strbuf *sb);
/* Return a borrowed pointer; "" for an uninitialised-but-zeroed buffer. */
const char *strbuf_str(const struct strbuf *sb);

/*
 * Append text word-wrapped: each line starts with indent and holds at most
 * width columns (a longer word stands alone); ends with a newline.
 */
void strbuf_add_wrapped(struct strbuf *sb, const char *indent,
                        const char *text, size_t width);

#endif

#include "base/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static char strbuf_empty[1];

void strbuf_init(struct strbuf *sb)
{
    sb->buf = strbuf_empty;
    sb->len = 0;
    sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
    if (sb->alloc)
        free(sb->buf);
    strbuf_init(sb);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
    char *p;

    if (!sb->alloc)
        p = xstrdup("");
    else
        p = sb->buf;
    if (len)
        *len = sb->len;
    strbuf_init(sb);
    return p;
}

void strbuf_reset(struct strbuf *sb)
{
    strbuf_setlen(sb, 0);
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
    if (!sb->buf)
        strbuf_init(sb);
    if (extra > SIZE_MAX - sb->len - 1)
        BUG("strbuf too large");
    size_t need = sb->len + extra + 1;

    if (need <= sb->alloc)
        return;
    size_t n = sb->alloc ? sb->alloc : 64;

    while (n < need)
        n = n > SIZE_MAX / 2 ? need : n * 2;
    if (!sb->alloc) {
        char *p = xmalloc(n);

        memcpy(p, sb->buf, sb->len);
        sb->buf = p;
    } else {
        sb->buf = xrealloc(sb->buf, n);
    }
    sb->alloc = n;
    sb->buf[sb->len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    strbuf_grow(sb, len);
    if (len)                /* an empty strbuf may have no buffer at all */
        memcpy(sb->buf + sb->len, data, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
    strbuf_grow(sb, 1);
    sb->buf[sb->len++] = (char)c;
    sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;

    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);

    va_end(cp);
    if (n < 0)
        BUG("bad format string '%s'", fmt);
    strbuf_grow(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
    if (!sb->buf)
        strbuf_init(sb);
    if (len > sb->len)
        BUG("strbuf_setlen beyond length");
    sb->len = len;
    if (sb->alloc)
        sb->buf[len] = '\0';
}

void strbuf_rtrim(struct strbuf *sb)
{
    while (sb->len && strchr(" \t\r\n", sb->buf[sb->len - 1]))
        sb->len--;
    if (sb->alloc)
        sb->buf[sb->len] = '\0';
}

const char *strbuf_str(const struct strbuf *sb)
{
    return sb->buf ? sb->buf : "";
}

void strbuf_add_wrapped(struct strbuf *sb, const char *indent,
                        const char *text, size_t width)
{
    size_t col = 0;
    const char *p = text;

    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t w = strcspn(p, " ");

        if (col && col + 1 + w > width) {
            strbuf_addch(sb, '\n');
            col = 0;
        }
        if (!col) {
            strbuf_adds(sb, indent);
            col = strlen(indent);
        } else {
            strbuf_addch(sb, ' ');
            col++;
        }
        strbuf_add(sb, p, w);
        col += w;
        p += w;
    }
    strbuf_addch(sb, '\n');
}

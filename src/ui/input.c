#include "ui/input.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "base/xalloc.h"
#include "platform/sys.h"

void input_init(struct input *in, size_t max, bool masked)
{
    memset(in, 0, sizeof(*in));
    in->max = max ? max : 4096;
    in->masked = masked;
    in->buf = xcalloc(in->max + 1, 1);
    /* a key typed here stays in RAM; a refusal is logged, not fatal */
    if (masked)
        sys_lock_memory(in->buf, in->max + 1);
}

void input_release(struct input *in)
{
    if (in->buf) {
        /* zeroes the whole buffer (masked or not), then unlocks it */
        sys_unlock_memory(in->buf, in->max + 1);
        free(in->buf);
    }
    in->buf = NULL;
    in->len = in->cur = 0;
}

const char *input_text(const struct input *in)
{
    return in->buf ? in->buf : "";
}

/* Length of the character starting at byte i. */
static size_t char_len(const struct input *in, size_t i)
{
    uint32_t cp;

    return i < in->len ? utf8_decode(in->buf + i, in->len - i, &cp) : 0;
}

/* Start of the character before byte i. */
static size_t prev_char(const struct input *in, size_t i)
{
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && ((unsigned char)in->buf[i] & 0xc0) == 0x80)
        i--;
    return i;
}

void input_set(struct input *in, const char *text)
{
    size_t n = strlen(text);

    if (n > in->max) {
        n = in->max;
        while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
            n--;
    }
    memset(in->buf, 0, in->max + 1);
    memcpy(in->buf, text, n);
    in->len = n;
    in->cur = n;
    in->changed = true;
}

static bool insert(struct input *in, uint32_t ch)
{
    char enc[4];
    size_t n;

    if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) ||
        ch > 0x10ffff || (ch >= 0xd800 && ch <= 0xdfff))
        return true;
    n = utf8_encode(ch, enc);
    if (in->len + n > in->max)
        return true;
    memmove(in->buf + in->cur + n, in->buf + in->cur, in->len - in->cur);
    memcpy(in->buf + in->cur, enc, n);
    in->len += n;
    in->cur += n;
    in->buf[in->len] = '\0';
    in->changed = true;
    return true;
}

static void remove_at(struct input *in, size_t at)
{
    size_t n = char_len(in, at);

    if (!n)
        return;
    memmove(in->buf + at, in->buf + at + n, in->len - at - n);
    in->len -= n;
    memset(in->buf + in->len, 0, n);
    in->changed = true;
}

bool input_handle(struct input *in, enum action act, uint32_t ch)
{
    switch (act) {
    case ACT_CHAR:
        return insert(in, ch);
    case ACT_TOGGLE:
        return insert(in, ' ');
    case ACT_LEFT:
        in->cur = prev_char(in, in->cur);
        return true;
    case ACT_RIGHT:
        in->cur += char_len(in, in->cur);
        return true;
    case ACT_HOME:
        in->cur = 0;
        return true;
    case ACT_END:
        in->cur = in->len;
        return true;
    case ACT_BACKSPACE:
        if (in->cur > 0) {
            size_t p = prev_char(in, in->cur);

            remove_at(in, p);
            in->cur = p;
        }
        return true;
    case ACT_DELETE:
        remove_at(in, in->cur);
        return true;
    default:
        return false;
    }
}

/* Columns taken by the character at byte i (a masked one shows as '*'). */
static int char_cols(const struct input *in, size_t i)
{
    char tmp[5] = { 0 };
    size_t n = char_len(in, i);

    if (in->masked)
        return 1;
    memcpy(tmp, in->buf + i, n < 4 ? n : 4);
    return (int)utf8_width(tmp);
}

void input_view(const struct input *in, int width, size_t *first,
                int *cursor_col)
{
    size_t start = 0;
    int col = 0;

    if (width < 1)
        width = 1;
    /* columns from the start to the cursor */
    for (size_t i = 0; i < in->cur; i += char_len(in, i))
        col += char_cols(in, i);
    /* drop characters from the left until the cursor fits */
    while (col > width - 1 && start < in->cur) {
        col -= char_cols(in, start);
        start += char_len(in, start);
    }
    *first = start;
    *cursor_col = col;
}

#include "base/utf.h"

#include <string.h>

#include "base/strbuf.h"
#include "base/xalloc.h"

#define REPLACEMENT 0xFFFDu

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[0];
    size_t need;
    uint32_t min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        need = 2;
        min = 0x80;
        c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        need = 3;
        min = 0x800;
        c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        need = 4;
        min = 0x10000;
        c &= 0x07;
    } else {
        *cp = REPLACEMENT;
        return 1;
    }
    if (n < need) {
        *cp = REPLACEMENT;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = REPLACEMENT;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = REPLACEMENT;
        return 1;
    }
    *cp = c;
    return need;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool utf8_is_valid(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);

        if (cp == REPLACEMENT && k == 1 &&
            !(n - i >= 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
            return false;
        i += k;
    }
    return true;
}

char *utf16le_to_utf8(const unsigned char *s, size_t n, bool keep_nul,
                      size_t *out_len)
{
    struct strbuf sb;
    size_t units = n / 2;

    strbuf_init(&sb);
    strbuf_grow(&sb, units);
    for (size_t i = 0; i < units; i++) {
        uint32_t c = (uint32_t)s[2 * i] | ((uint32_t)s[2 * i + 1] << 8);
        char buf[4];

        if (c == 0 && !keep_nul)
            break;
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < units) {
            uint32_t d = (uint32_t)s[2 * i + 2] |
                         ((uint32_t)s[2 * i + 3] << 8);

            if (d >= 0xDC00 && d <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
                i++;
            } else {
                c = REPLACEMENT;
            }
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = REPLACEMENT;
        }
        strbuf_add(&sb, buf, utf8_encode(c, buf));
    }
    return strbuf_detach(&sb, out_len);
}

unsigned char *utf8_to_utf16le(const char *s, size_t n, size_t *out_len)
{
    unsigned char *out = xmalloc(n * 4 + 2);
    size_t o = 0;
    size_t i = 0;

    while (i < n) {
        uint32_t cp;

        i += utf8_decode(s + i, n - i, &cp);
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            uint32_t hi = 0xD800 + (v >> 10);
            uint32_t lo = 0xDC00 + (v & 0x3FF);

            out[o++] = (unsigned char)(hi & 0xFF);
            out[o++] = (unsigned char)(hi >> 8);
            out[o++] = (unsigned char)(lo & 0xFF);
            out[o++] = (unsigned char)(lo >> 8);
        } else {
            out[o++] = (unsigned char)(cp & 0xFF);
            out[o++] = (unsigned char)(cp >> 8);
        }
    }
    out[o] = 0;
    out[o + 1] = 0;
    if (out_len)
        *out_len = o;
    return out;
}

static bool is_dangerous(uint32_t cp)
{
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
        return true;
    /* bidirectional embeddings, overrides, isolates and marks */
    if (cp == 0x200E || cp == 0x200F || cp == 0x061C)
        return true;
    if (cp >= 0x202A && cp <= 0x202E)
        return true;
    if (cp >= 0x2066 && cp <= 0x2069)
        return true;
    /* line and paragraph separators move the cursor on some terminals */
    if (cp == 0x2028 || cp == 0x2029)
        return true;
    return false;
}

char *utf8_escape_for_terminal(const char *s)
{
    struct strbuf sb;
    size_t n = strlen(s);
    size_t i = 0;

    strbuf_init(&sb);
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);

        if (cp == REPLACEMENT && k == 1 &&
            !(n - i >= 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0)) {
            strbuf_addf(&sb, "\\x%02X", (unsigned char)s[i]);
        } else if (cp < 0x80 && is_dangerous(cp)) {
            strbuf_addf(&sb, "\\x%02X", (unsigned)cp);
        } else if (is_dangerous(cp)) {
            strbuf_addf(&sb, "\\u{%04X}", (unsigned)cp);
        } else {
            strbuf_add(&sb, s + i, k);
        }
        i += k;
    }
    return strbuf_detach(&sb, NULL);
}

static bool is_wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) ||
           (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) ||
           (cp >= 0x1F300 && cp <= 0x1F64F) ||
           (cp >= 0x20000 && cp <= 0x3FFFD);
}

static bool is_zero_width(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B ||
           (cp >= 0x200C && cp <= 0x200D) || cp == 0xFEFF;
}

size_t utf8_width(const char *s)
{
    size_t n = strlen(s);
    size_t i = 0;
    size_t w = 0;

    while (i < n) {
        uint32_t cp;

        i += utf8_decode(s + i, n - i, &cp);
        if (is_zero_width(cp))
            continue;
        w += is_wide(cp) ? 2 : 1;
    }
    return w;
}

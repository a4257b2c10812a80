/*
 * iconv.c: UTF-8, UTF-16LE and LATIN1 (ISO-8859-1) conversions for the
 * Windows sysroot (see iconv.h). Stateless: every call converts whole
 * characters and leaves the pointers after the last one converted.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iconv.h"

enum wiz_cs { CS_UTF8, CS_UTF16LE, CS_LATIN1 };

struct wiz_iconv {
    enum wiz_cs from;
    enum wiz_cs to;
};

static int cs_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'a' && x <= 'z')
            x = (char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z')
            y = (char)(y - 'a' + 'A');
        if (x == '-' || x == '_')
            x = '-';
        if (y == '-' || y == '_')
            y = '-';
        if (x != y)
            return 0;
    }
    return *a == *b;
}

static int cs_parse(const char *name, enum wiz_cs *out)
{
    if (cs_equal(name, "UTF-8") || cs_equal(name, "UTF8"))
        *out = CS_UTF8;
    else if (cs_equal(name, "UTF-16LE") || cs_equal(name, "UTF16LE"))
        *out = CS_UTF16LE;
    else if (cs_equal(name, "LATIN1") || cs_equal(name, "ISO-8859-1") ||
             cs_equal(name, "ISO8859-1"))
        *out = CS_LATIN1;
    else
        return -1;
    return 0;
}

iconv_t iconv_open(const char *tocode, const char *fromcode)
{
    struct wiz_iconv *cd;
    enum wiz_cs to, from;

    if (!tocode || !fromcode || cs_parse(tocode, &to) < 0 ||
        cs_parse(fromcode, &from) < 0) {
        errno = EINVAL;
        return (iconv_t)-1;
    }
    cd = malloc(sizeof(*cd));
    if (!cd) {
        errno = ENOMEM;
        return (iconv_t)-1;
    }
    cd->from = from;
    cd->to = to;
    return cd;
}

int iconv_close(iconv_t cd)
{
    if (!cd || cd == (iconv_t)-1) {
        errno = EBADF;
        return -1;
    }
    free(cd);
    return 0;
}

/* One character from the input: its code point and length in bytes.
 * Returns 0, or an errno value (EINVAL: incomplete, EILSEQ: invalid). */
static int decode(enum wiz_cs cs, const unsigned char *p, size_t n,
                  uint32_t *cp, size_t *len)
{
    if (cs == CS_LATIN1) {
        *cp = p[0];
        *len = 1;
        return 0;
    }
    if (cs == CS_UTF16LE) {
        uint32_t hi, lo;
        if (n < 2)
            return EINVAL;
        hi = (uint32_t)p[0] | ((uint32_t)p[1] << 8);
        if (hi >= 0xDC00 && hi <= 0xDFFF)
            return EILSEQ;
        if (hi < 0xD800 || hi > 0xDBFF) {
            *cp = hi;
            *len = 2;
            return 0;
        }
        if (n < 4)
            return EINVAL;
        lo = (uint32_t)p[2] | ((uint32_t)p[3] << 8);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return EILSEQ;
        *cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
        *len = 4;
        return 0;
    }
    /* UTF-8: shortest form only, no surrogates, at most U+10FFFF */
    {
        uint32_t c = p[0], min;
        size_t need, i;
        if (c < 0x80) {
            *cp = c;
            *len = 1;
            return 0;
        }
        if ((c & 0xE0) == 0xC0) {
            need = 2;
            c &= 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            need = 3;
            c &= 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            need = 4;
            c &= 0x07;
            min = 0x10000;
        } else {
            return EILSEQ;
        }
        for (i = 1; i < need; i++) {
            if (i >= n)
                return EINVAL;
            if ((p[i] & 0xC0) != 0x80)
                return EILSEQ;
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return EILSEQ;
        *cp = c;
        *len = need;
        return 0;
    }
}

/* The bytes of one code point in the output set; 0 if not representable. */
static size_t encode(enum wiz_cs cs, uint32_t c, unsigned char out[4])
{
    if (cs == CS_LATIN1) {
        if (c > 0xFF)
            return 0;
        out[0] = (unsigned char)c;
        return 1;
    }
    if (cs == CS_UTF16LE) {
        if (c < 0x10000) {
            out[0] = (unsigned char)(c & 0xFF);
            out[1] = (unsigned char)(c >> 8);
            return 2;
        }
        c -= 0x10000;
        {
            uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
            out[0] = (unsigned char)(hi & 0xFF);
            out[1] = (unsigned char)(hi >> 8);
            out[2] = (unsigned char)(lo & 0xFF);
            out[3] = (unsigned char)(lo >> 8);
        }
        return 4;
    }
    if (c < 0x80) {
        out[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (unsigned char)(0xC0 | (c >> 6));
        out[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (c >> 12));
        out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (c >> 18));
    out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

size_t iconv(iconv_t cd, char **inbuf, size_t *inbytesleft, char **outbuf,
             size_t *outbytesleft)
{
    if (!cd || cd == (iconv_t)-1) {
        errno = EBADF;
        return (size_t)-1;
    }
    /* no shift state: a reset or a flush has nothing to do */
    if (!inbuf || !*inbuf)
        return 0;
    while (*inbytesleft > 0) {
        const unsigned char *p = (const unsigned char *)*inbuf;
        unsigned char tmp[4];
        uint32_t c;
        size_t len, olen;
        int e = decode(cd->from, p, *inbytesleft, &c, &len);

        if (e) {
            errno = e;
            return (size_t)-1;
        }
        olen = encode(cd->to, c, tmp);
        if (olen == 0) {
            errno = EILSEQ;
            return (size_t)-1;
        }
        if (olen > *outbytesleft) {
            errno = E2BIG;
            return (size_t)-1;
        }
        memcpy(*outbuf, tmp, olen);
        *outbuf += olen;
        *outbytesleft -= olen;
        *inbuf += len;
        *inbytesleft -= len;
    }
    return 0;
}

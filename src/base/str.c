#include "base/str.h"

#include <stdio.h>
#include <string.h>

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

int str_casecmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    while (*x && lower(*x) == lower(*y)) {
        x++;
        y++;
    }
    return lower(*x) - lower(*y);
}

int str_ncasecmp(const char *a, const char *b, size_t n)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    for (size_t i = 0; i < n; i++) {
        int d = lower(x[i]) - lower(y[i]);

        if (d || !x[i])
            return d;
    }
    return 0;
}

bool str_ieq(const char *a, const char *b)
{
    return str_casecmp(a, b) == 0;
}

bool str_starts_with(const char *s, const char *prefix)
{
    /* most calls fail on the first byte: test it before measuring prefix */
    if (!prefix[0])
        return true;
    return s[0] == prefix[0] &&
           strncmp(s + 1, prefix + 1, strlen(prefix + 1)) == 0;
}

bool str_istarts_with(const char *s, const char *prefix)
{
    return str_ncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s);
    size_t m = strlen(suffix);

    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool str_iends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s);
    size_t m = strlen(suffix);

    return n >= m && str_casecmp(s + n - m, suffix) == 0;
}

const char *str_icasestr(const char *hay, const char *needle)
{
    size_t m = strlen(needle);

    for (; *hay; hay++) {
        if (str_ncasecmp(hay, needle, m) == 0)
            return hay;
    }
    return m ? NULL : hay;
}

int str_to_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    unsigned base = 10;

    if (!s || !*s)
        return -1;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (!*s)
            return -1;
    }
    for (; *s; s++) {
        unsigned d;

        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && lower(*s) >= 'a' && lower(*s) <= 'f')
            d = (unsigned)(lower(*s) - 'a' + 10);
        else
            return -1;
        if (v > (UINT64_MAX - d) / base)
            return -1;
        v = v * base + d;
    }
    *out = v;
    return 0;
}

char *str_human_size(uint64_t bytes, char *buf, size_t size)
{
    static const char *const units[] = { "B", "KB", "MB", "GB", "TB", "PB",
                                         "EB" };
    double v = (double)bytes;
    unsigned u = 0;

    while (v >= 1024.0 && u < 6) {
        v /= 1024.0;
        u++;
    }
    if (u == 0)
        snprintf(buf, size, "%llu B", (unsigned long long)bytes);
    else
        snprintf(buf, size, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    return buf;
}

bool str_wildmatch(const char *p, const char *s)
{
    const char *star = NULL;
    const char *ss = NULL;

    while (*s) {
        if (*p == '*') {
            star = p++;
            ss = s;
        } else if (*p == '?' || (*p && lower((unsigned char)*p) ==
                                           lower((unsigned char)*s))) {
            p++;
            s++;
        } else if (star) {
            p = star + 1;
            s = ++ss;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return !*p;
}

int str_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#include "base/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*die_hook)(void);
static int die_hook_ran;

void die_set_hook(void (*hook)(void))
{
    die_hook = hook;
    die_hook_ran = 0;
}

void die_run_hook(void)
{
    if (die_hook && !die_hook_ran) {
        die_hook_ran = 1;
        die_hook();
    }
}

_Noreturn static void out_of_memory(size_t size)
{
    die_run_hook();
    fprintf(stderr, "usmtwiz: fatal: out of memory (%zu bytes)\n", size);
    exit(2);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p)
        out_of_memory(size);
    return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size)
        out_of_memory(SIZE_MAX);
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

    if (!p)
        out_of_memory(nmemb * size);
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);

    if (!p)
        out_of_memory(size);
    return p;
}

void *xreallocarray(void *ptr, size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size)
        out_of_memory(SIZE_MAX);
    return xrealloc(ptr, nmemb * size);
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = 0;

    while (len < n && s[len])
        len++;
    if (len == SIZE_MAX)
        out_of_memory(SIZE_MAX);
    char *p = xmalloc(len + 1);

    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    va_list cp;

    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);

    va_end(cp);
    if (n < 0)
        BUG("bad format string '%s'", fmt);
    char *p = xmalloc((size_t)n + 1);

    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    char *p = xvasprintf(fmt, ap);

    va_end(ap);
    return p;
}

void xgrow(void **arr, size_t *alloc, size_t need, size_t elsize)
{
    if (need <= *alloc)
        return;
    size_t n = *alloc ? *alloc : 8;

    while (n < need) {
        if (n > SIZE_MAX / 2)
            out_of_memory(SIZE_MAX);
        n *= 2;
    }
    *arr = xreallocarray(*arr, n, elsize);
    *alloc = n;
}

_Noreturn void die(const char *fmt, ...)
{
    va_list ap;

    die_run_hook();
    fputs("usmtwiz: fatal: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

_Noreturn void bug_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    die_run_hook();
    fprintf(stderr, "usmtwiz: BUG at %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

#ifndef WIZ_BASE_XALLOC_H
#define WIZ_BASE_XALLOC_H

#include <stdarg.h>

#include "base/attr.h"
#include <stddef.h>

/*
 * Allocation that never returns NULL.  On failure (or on a size that would
 * overflow) the die hook runs (it restores the terminal) and the process
 * exits with status 2.  We are an application: there is no recoverable OOM.
 */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* xreallocarray: realloc to nmemb * size bytes, rejecting overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; caller frees. */
char *xasprintf(const char *fmt, ...)
    WIZ_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap)
    WIZ_PRINTF(1, 0);

/* Grow *arr (of *alloc elements of elsize) so it holds at least need. */
void xgrow(void **arr, size_t *alloc, size_t need, size_t elsize);
#define XGROW(arr, alloc, need) \
    xgrow((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

/*
 * The die hook is called before the process exits on a fatal error; the UI
 * sets it to restore the terminal.  Passing NULL removes it.
 */
void die_set_hook(void (*hook)(void));
/* Run the die hook once; safe to call more than once. */
void die_run_hook(void);

/* Unrecoverable start-up error: message on stderr, exit status 2. */
_Noreturn void die(const char *fmt, ...)
    WIZ_PRINTF(1, 2);
/* A bug: restores the terminal, prints file:line and aborts. */
_Noreturn void bug_at(const char *file, int line, const char *fmt, ...)
    WIZ_PRINTF(3, 4);
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)

#endif

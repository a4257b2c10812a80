#ifndef WIZ_PLATFORM_COMMON_MEMLOCK_H
#define WIZ_PLATFORM_COMMON_MEMLOCK_H

#include <stddef.h>

/*
 * What each system provides to src/platform/common/memlock.c (not a public
 * header): the page size, locking whole pages in RAM (and out of core
 * dumps where the system can), unlocking them, and a wipe the compiler
 * cannot drop.
 */

size_t memlock_os_page_size(void);
/* 0, or -1 with a short reason (no secret in it) in why. */
int memlock_os_lock(void *start, size_t len, char *why, size_t why_size);
void memlock_os_unlock(void *start, size_t len);
void memlock_os_wipe(void *p, size_t n);

#endif

/*
 * Secrets in locked memory.  The systems lock whole pages and do not count:
 * one unlock frees a page however many buffers on it were locked.  So we
 * keep a small table of the ranges handed to sys_lock_memory and unlock a
 * page only when no other recorded range still touches it.  One thread
 * only (usmtwiz has no other).
 */
#include "platform/sys.h"

#include <stdint.h>

#include "base/log.h"
#include "memlock.h"

#define MEMLOCK_SLOTS 64

struct locked_range {
    uintptr_t start;    /* 0 = free slot */
    size_t len;
};

static struct locked_range ranges[MEMLOCK_SLOTS];
static bool warned;

static uintptr_t page_down(uintptr_t a)
{
    uintptr_t pg = (uintptr_t)memlock_os_page_size();

    return a - a % pg;
}

static bool range_touches_page(const struct locked_range *r, uintptr_t page)
{
    return r->start && page_down(r->start) <= page &&
           page_down(r->start + r->len - 1) >= page;
}

static bool page_in_use(uintptr_t page, const struct locked_range *except)
{
    for (size_t i = 0; i < MEMLOCK_SLOTS; i++) {
        if (&ranges[i] != except && range_touches_page(&ranges[i], page))
            return true;
    }
    return false;
}

/* Unlock the pages of r that no other recorded range touches. */
static void release_pages(const struct locked_range *r)
{
    uintptr_t pg = (uintptr_t)memlock_os_page_size();
    uintptr_t last = page_down(r->start + r->len - 1);

    for (uintptr_t page = page_down(r->start); page <= last; page += pg) {
        if (!page_in_use(page, r))
            memlock_os_unlock((void *)page, (size_t)pg);
    }
}

/*
 * Lock the pages of r that no recorded range holds yet, one by one, so
 * that a refusal undoes exactly what this call locked.
 */
static int lock_pages(const struct locked_range *r, char *why,
                      size_t why_size)
{
    uintptr_t pg = (uintptr_t)memlock_os_page_size();
    uintptr_t first = page_down(r->start);
    uintptr_t last = page_down(r->start + r->len - 1);

    for (uintptr_t page = first; page <= last; page += pg) {
        if (page_in_use(page, NULL))
            continue;
        if (memlock_os_lock((void *)page, (size_t)pg, why, why_size) < 0) {
            for (uintptr_t done = first; done < page; done += pg) {
                if (!page_in_use(done, NULL))
                    memlock_os_unlock((void *)done, (size_t)pg);
            }
            return -1;
        }
    }
    return 0;
}

static void warn_once(size_t n, const char *why)
{
    if (warned)
        return;
    warned = true;
    log_warn("cannot lock %zu bytes of secret memory in RAM (%s): the key "
             "may reach the swap file; it is still wiped after use", n, why);
}

void sys_wipe(void *p, size_t n)
{
    if (p && n)
        memlock_os_wipe(p, n);
}

int sys_lock_memory(void *p, size_t n)
{
    struct locked_range *slot = NULL;
    char why[128];

    if (!p || !n)
        return 0;
    for (size_t i = 0; i < MEMLOCK_SLOTS && !slot; i++) {
        if (!ranges[i].start)
            slot = &ranges[i];
    }
    if (!slot) {
        warn_once(n, "too many locked buffers");
        return -1;
    }
    struct locked_range want = { (uintptr_t)p, n };

    why[0] = '\0';
    if (lock_pages(&want, why, sizeof(why)) < 0) {
        warn_once(n, why);
        return -1;
    }
    slot->start = (uintptr_t)p;
    slot->len = n;
    return 0;
}

void sys_unlock_memory(void *p, size_t n)
{
    if (!p)
        return;
    sys_wipe(p, n);
    for (size_t i = 0; i < MEMLOCK_SLOTS; i++) {
        if (ranges[i].start == (uintptr_t)p) {
            release_pages(&ranges[i]);
            ranges[i].start = 0;
            ranges[i].len = 0;
            return;
        }
    }
}

size_t sys_locked_buffers(void)
{
    size_t n = 0;

    for (size_t i = 0; i < MEMLOCK_SLOTS; i++) {
        if (ranges[i].start)
            n++;
    }
    return n;
}

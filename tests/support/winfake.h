#ifndef WIZ_TESTS_WINFAKE_H
#define WIZ_TESTS_WINFAKE_H

/*
 * Small offline Windows installations for unit tests, written with the
 * project's regf writer and hive adapter (no binary fixtures).  Every
 * function fails the running test on error.
 */

#include <stddef.h>
#include <stdint.h>

struct hive;

/* A new empty hive at path (parents created), opened for writing. */
struct hive *winfake_hive_new(const char *path);
/* Open an existing hive for writing. */
struct hive *winfake_hive_edit(const char *path);
/* Commit and close. */
void winfake_hive_done(struct hive *h);

void winfake_sz(struct hive *h, const char *key, const char *name,
                const char *value);
void winfake_expand_sz(struct hive *h, const char *key, const char *name,
                       const char *value);
void winfake_dword(struct hive *h, const char *key, const char *name,
                   uint32_t value);
void winfake_raw(struct hive *h, const char *key, const char *name,
                 uint32_t type, const void *data, size_t len);
void winfake_key(struct hive *h, const char *key);

/* SAM user: Names\<name> (type = RID) and <RID>\V with the full name. */
void winfake_sam_user(struct hive *h, const char *name, uint32_t rid,
                      const char *full_name);
/* SAM\Domains\Account\V ending in machine SID S-1-5-21-a-b-c. */
void winfake_sam_machine(struct hive *h, uint32_t a, uint32_t b, uint32_t c);

struct winfake_os {
    const char *windows;        /* folder name, e.g. "Windows" */
    const char *product;        /* ProductName */
    const char *build;          /* CurrentBuild */
    uint32_t ubr;
    const char *arch;           /* "AMD64", "x86", ... or NULL */
    const char *computer;
    const char *domain;         /* "" or NULL for none */
    int wow64;                  /* make SysWOW64 */
};

/*
 * Write <voldir>/<os->windows>/System32/config/{SOFTWARE,SYSTEM,SAM} with
 * the basic facts; returns the windir path (new string).
 */
char *winfake_install(const char *voldir, const struct winfake_os *os);
/* <windir>/System32/config/<name> (new string). */
char *winfake_config(const char *windir, const char *name);

#endif

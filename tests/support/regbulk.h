/*
 * A bulk writer of registry hives for tests and benchmarks: keys and values
 * are collected in memory, then written in regf format in one go (sorted
 * subkey lists, one shared security cell).  hivex's write API rewrites
 * lists on every insert, which is far too slow for tens of thousands of
 * keys; this writer is not part of usmtwiz.  Failures end the process.
 */
#ifndef WIZ_TESTS_REGBULK_H
#define WIZ_TESTS_REGBULK_H

#include <stddef.h>
#include <stdint.h>

struct key;

struct key *key_new(const char *name);
/* Child by name (ASCII case-insensitive), created when missing. */
struct key *key_child(struct key *k, const char *name);
/* Key at a backslash-separated path below root, created when missing. */
struct key *key_path(struct key *root, const char *path);
void key_val(struct key *k, const char *name, uint32_t type,
             const void *data, uint32_t len);
/* ASCII string as REG_SZ (type 1) or REG_EXPAND_SZ (type 2). */
void set_sz(struct key *root, const char *path, const char *name,
            uint32_t type, const char *s);
void set_dword(struct key *root, const char *path, const char *name,
               uint32_t v);
/* Write the tree rooted at root as a hive file at path. */
void write_hive(const char *path, struct key *root);
void key_free(struct key *k);

#endif

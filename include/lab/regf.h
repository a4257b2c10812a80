#ifndef WIZ_CORE_REGF_H
#define WIZ_CORE_REGF_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writers for registry hive files (regf format 1.3): base block with its
 * checksum, hbins, keys, values and one security cell.  hivex cannot create
 * a hive from nothing; it opens and fills what regf_create_empty writes.
 * regf_write_tree writes a whole tree in one go (see below).
 */

struct wiz_err;

/*
 * Create path (it must not exist) holding an empty hive whose root key is
 * root_name; mtime is the key and header time (seconds since 1970 UTC).
 */
int regf_create_empty(const char *path, const char *root_name, int64_t mtime,
                      struct wiz_err *err);

/*
 * A key tree in memory, written in one go by regf_write_tree.  Building a
 * large hive this way avoids hivex's cost of rewriting a key's whole subkey
 * list for every child added (quadratic in time and file size for keys
 * with thousands of subkeys).
 */
struct regf_value {
    char *name;             /* owned; "" = the default value */
    uint32_t type;
    unsigned char *data;    /* owned, NULL when len == 0 */
    size_t len;
};

struct regf_key {
    char *name;             /* owned */
    struct regf_key *parent;    /* borrowed; NULL for the root */
    struct regf_key **kids;     /* owned */
    size_t nkids, kids_alloc;
    struct regf_value *vals;    /* owned */
    size_t nvals;
};

/* A new key named name, appended to parent's children (parent may be NULL
 * for a root).  Owned by the parent, or by the caller for a root. */
struct regf_key *regf_key_new(const char *name, struct regf_key *parent);
/* Free k and everything below it; unlinks it from its parent. */
void regf_key_free(struct regf_key *k);

/*
 * Create path (it must not exist) holding the tree below root (whose name
 * is the root key name).  Subkeys are written sorted by upper-case name,
 * as Windows expects; every key gets mtime and one shared security cell.
 */
int regf_write_tree(const char *path, const struct regf_key *root,
                    int64_t mtime, struct wiz_err *err);

#endif

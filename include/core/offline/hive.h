#ifndef WIZ_CORE_HIVE_H
#define WIZ_CORE_HIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The hive adapter: the only code that talks to hivex.  Node and value
 * handles are hivex offsets (0 = none); they are valid while the hive is
 * open.  Every lookup is case-insensitive, as in Windows.  Strings come
 * back as new UTF-8 strings that the caller frees.
 */

struct wiz_err;
struct hive;

/* Registry value types (winnt.h numbering). */
enum hive_type {
    HIVE_REG_NONE = 0,
    HIVE_REG_SZ = 1,
    HIVE_REG_EXPAND_SZ = 2,
    HIVE_REG_BINARY = 3,
    HIVE_REG_DWORD = 4,
    HIVE_REG_DWORD_BIG_ENDIAN = 5,
    HIVE_REG_LINK = 6,
    HIVE_REG_MULTI_SZ = 7,
    HIVE_REG_RESOURCE_LIST = 8,
    HIVE_REG_FULL_RESOURCE_DESCRIPTOR = 9,
    HIVE_REG_RESOURCE_REQUIREMENTS_LIST = 10,
    HIVE_REG_QWORD = 11,
};

/* What the 4096-byte base block says, read without hivex. */
struct hive_header {
    uint32_t seq1, seq2;        /* differ: the hive is dirty */
    uint32_t major, minor;      /* format version, 1.3 / 1.5 */
    int64_t last_written;       /* seconds since 1970 UTC, 0 if unknown */
    char embedded_name[64];     /* UTF-8 of the name in the header */
    bool checksum_ok;
};

/*
 * Read and check the base block of path.  A file that is not a hive gets a
 * clear message: empty, too short, "CREG" (Windows 9x), other signature.
 * A wrong checksum is reported in checksum_ok and a dirty hive in
 * seq1 != seq2: both are facts, not errors.
 */
int hive_read_header(const char *path, struct hive_header *hdr,
                     struct wiz_err *err);

/*
 * Open a hive; read-only unless writable.  Failures name the reason in
 * words (not a Windows NT hive, bad checksum, truncated, trailing garbage,
 * permission denied).  On success *out is owned: close with hive_close.
 */
int hive_open(const char *path, bool writable, struct hive **out,
              struct wiz_err *err);
void hive_close(struct hive *h);
/*
 * Is the hive at path usable?  Opens it read-only and checks what an
 * open alone lets pass: a file shorter than its header says (truncated)
 * and a root key whose subkeys cannot be listed.  Returns 0 when the
 * hive is good; -1 with the reason in err otherwise (WIZ_ENOENT missing,
 * WIZ_EIO unreadable such as permission denied, WIZ_EFORMAT damaged).
 */
int hive_check(const char *path, struct wiz_err *err);

size_t hive_root(struct hive *h);
/*
 * Find a key by a backslash-separated path below node (node 0 = the root).
 * Missing is not an error: returns 0 with *found = 0.
 */
int hive_lookup(struct hive *h, size_t node, const char *path, size_t *found,
                struct wiz_err *err);
/* Children of node as a new array (caller frees). */
int hive_children(struct hive *h, size_t node, size_t **kids, size_t *n,
                  struct wiz_err *err);
/* Name of a key (new string) and its last-write time (seconds, UTC). */
char *hive_node_name(struct hive *h, size_t node);
int64_t hive_node_mtime(struct hive *h, size_t node);

/* Values of a key as a new array of value handles (caller frees). */
int hive_values(struct hive *h, size_t node, size_t **vals, size_t *n,
                struct wiz_err *err);
/* Name of a value; "" for the default value (new string). */
char *hive_value_name(struct hive *h, size_t val);

struct hive_value {
    uint32_t type;          /* enum hive_type, or any number (SAM RIDs) */
    unsigned char *data;    /* owned, may be NULL when len == 0 */
    size_t len;
};
void hive_value_release(struct hive_value *v);

/* Raw value by handle. */
int hive_value_read(struct hive *h, size_t val, struct hive_value *out,
                    struct wiz_err *err);
/*
 * Raw value by name ("" = default) below node; *found false when missing.
 */
int hive_get(struct hive *h, size_t node, const char *name,
             struct hive_value *out, bool *found, struct wiz_err *err);
/*
 * REG_SZ / REG_EXPAND_SZ (also REG_MULTI_SZ: first string) as UTF-8; a
 * missing value gives *out = NULL and returns 0.  Strings without a
 * terminator are accepted; other types fail with WIZ_EFORMAT.
 */
int hive_get_string(struct hive *h, size_t node, const char *name,
                    char **out, struct wiz_err *err);
/* REG_DWORD (or 4-byte binary); *found false when missing. */
int hive_get_dword(struct hive *h, size_t node, const char *name,
                   uint32_t *out, bool *found, struct wiz_err *err);
/* REG_QWORD (or 8-byte binary); *found false when missing. */
int hive_get_qword(struct hive *h, size_t node, const char *name,
                   uint64_t *out, bool *found, struct wiz_err *err);
/* REG_MULTI_SZ as a new NULL-terminated array of new strings. */
int hive_get_multi(struct hive *h, size_t node, const char *name,
                   char ***out, size_t *n, struct wiz_err *err);
void hive_strv_free(char **v);

/*
 * Writing (hive opened writable).  hivex rewrites a key's whole subkey list
 * for each child added and never reuses freed space, so thousands of
 * children under one key cost quadratic time and file size: build large
 * hives with regimport_new_hive (core/regimport.h) instead.
 */
int hive_add_child(struct hive *h, size_t parent, const char *name,
                   size_t *child, struct wiz_err *err);
/* Find or create every key along path; returns the last. */
int hive_mkpath(struct hive *h, const char *path, size_t *node,
                struct wiz_err *err);
int hive_delete_child(struct hive *h, size_t node, struct wiz_err *err);
int hive_set_value(struct hive *h, size_t node, const char *name,
                   uint32_t type, const void *data, size_t len,
                   struct wiz_err *err);
int hive_delete_value(struct hive *h, size_t node, const char *name,
                      struct wiz_err *err);
/* One value to write with hive_replace_values (all borrowed). */
struct hive_value_set {
    const char *name;       /* "" = the default value */
    uint32_t type;
    const void *data;
    size_t len;
};
/*
 * Replace every value of node by the n given (names must differ, ignoring
 * case).  One rewrite instead of one per value: use it for bulk writes.
 */
int hive_replace_values(struct hive *h, size_t node,
                        const struct hive_value_set *vals, size_t n,
                        struct wiz_err *err);
/* The path the hive was opened from (borrowed, valid until close). */
const char *hive_path(const struct hive *h);
/* Write the changes to path (NULL = the file it was opened from). */
int hive_commit(struct hive *h, const char *path, struct wiz_err *err);

/* FILETIME (100 ns since 1601) to seconds since 1970; 0 stays 0. */
int64_t hive_filetime_to_unix(uint64_t ft);
/*
 * The checksum of a regf base block (its first 512 bytes): the XOR of the
 * first 127 dwords, 0 and ~0 being reserved.  The reader checks it, the
 * practice hive writer sets it.
 */
uint32_t hive_header_checksum(const unsigned char *base);
uint64_t hive_unix_to_filetime(int64_t t);

#endif

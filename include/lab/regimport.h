#ifndef WIZ_CORE_REGIMPORT_H
#define WIZ_CORE_REGIMPORT_H

/*
 * Import a .reg file ("Windows Registry Editor Version 5.00", UTF-16LE with
 * BOM or UTF-8) into a hive opened for writing.  Key paths in the file are
 * taken relative to the hive root after removing the prefix strip (e.g.
 * "HKEY_LOCAL_MACHINE\\SOFTWARE"); keys outside it are an error.
 * Errors read "file:line: message".  hivexregedit's dialect is accepted
 * too: no header line, and strings of any type as str(N):"text".
 */

#include <stddef.h>
#include <stdint.h>

struct wiz_err;
struct hive;

int regimport_file(struct hive *h, const char *reg_path, const char *strip,
                   struct wiz_err *err);
/* The same from memory (name is used in messages). */
int regimport_buffer(struct hive *h, const char *name, const char *data,
                     unsigned long len, const char *strip,
                     struct wiz_err *err);

/*
 * Create a new hive file hive_path (it must not exist; WIZ_EEXIST) whose
 * root key is root_name, holding the n .reg files imported in order, and
 * every key time mtime.  The tree is built in memory and written in one
 * go, without hivex: use this for large hives (tens of thousands of keys,
 * keys with thousands of subkeys), where importing through hivex grows
 * quadratically.  Errors as for regimport_file.
 */
int regimport_new_hive(const char *hive_path, const char *root_name,
                       int64_t mtime, const char *const *reg_paths, size_t n,
                       const char *strip, struct wiz_err *err);

#endif

#ifndef WIZ_CORE_REGF_H
#define WIZ_CORE_REGF_H

#include <stdint.h>

/*
 * A writer for empty registry hive files (regf format 1.3): base block with
 * its checksum, one hbin, the root key and its security cell.  hivex cannot
 * create a hive from nothing; it opens and fills what this writes.
 */

struct wiz_err;

/*
 * Create path (it must not exist) holding an empty hive whose root key is
 * root_name; mtime is the key and header time (seconds since 1970 UTC).
 */
int regf_create_empty(const char *path, const char *root_name, int64_t mtime,
                      struct wiz_err *err);

#endif

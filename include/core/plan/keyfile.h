#ifndef WIZ_CORE_KEYFILE_H
#define WIZ_CORE_KEYFILE_H

#include <stddef.h>

/*
 * The encryption key goes to scanstate through /keyfile, never on the
 * command line (where process listings, logs and the console would show
 * it).  The file holds the key's bytes only, no line end, readable by the
 * owner only; after the run it is overwritten with zeros and removed.
 * Buffers that held a key are zeroed before they are freed.
 */

struct wiz_err;

/* scanstate: the key has 1..256 characters. */
#define KEYFILE_MAX_KEY 256

/*
 * Write key to path, which must not exist yet (WIZ_EEXIST otherwise), as a
 * private file (owner read/write only).  An empty key or one longer than
 * KEYFILE_MAX_KEY bytes is refused with WIZ_EUSAGE.
 */
int keyfile_write(const char *path, const char *key, struct wiz_err *err);

/*
 * Make a new private folder under the temp area and write key to
 * "<folder>/usmt.key" in it; *path_out (caller frees) names the file.
 * Remove it with keyfile_wipe.
 */
int keyfile_create_temp(const char *key, char **path_out,
                        struct wiz_err *err);

/*
 * Overwrite the file with zeros, remove it, and remove its folder too when
 * that folder is then empty and was made by keyfile_create_temp.  A
 * missing file is not an error.
 */
int keyfile_wipe(const char *path, struct wiz_err *err);

/*
 * Read a key file for checking (lint: "key file unreadable", empty or too
 * long).  On success *len is the key length in bytes; the bytes read are
 * zeroed and freed before returning.  Fails with WIZ_ENOENT, WIZ_EIO, or
 * WIZ_EUSAGE for an empty key or one longer than KEYFILE_MAX_KEY.
 */
int keyfile_check(const char *path, size_t *len, struct wiz_err *err);

/*
 * Zero n bytes at p in a way the compiler cannot drop, end its memory lock
 * (sys_lock_memory) when it had one, then free p.
 */
void keyfile_free_secret(char *p, size_t n);

#endif

#ifndef WIZ_PLATFORM_COMMON_FVE_PRACTICE_H
#define WIZ_PLATFORM_COMMON_FVE_PRACTICE_H

#include <stddef.h>

#include "platform/vol.h"

/*
 * BitLocker on practice volumes (not a public header): the key
 * protectors in DIR/<letter>.volume, one line each,
 *   protector={ID} recovery|bek SALT HASH
 * where HASH is the SHA-256 (hex) of SALT followed by the secret (the
 * dashed recovery password, or the bytes of the key file).  A secret is
 * never written, only its salted hash.
 */

/* True when v is a practice volume (its facts file exists). */
bool fve_practice_is(const struct vol_info *v);
int fve_practice_protectors(const struct vol_info *v,
                            struct vol_protector **out, size_t *n,
                            struct wiz_err *err);
/* Unlock v when secret matches one of its protectors of that kind. */
int fve_practice_unlock(const struct vol_info *v,
                        enum vol_protector_kind kind, const void *secret,
                        size_t len, struct wiz_err *err);

#endif

#ifndef WIZ_BASE_SHA256_H
#define WIZ_BASE_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 (FIPS 180-4), for fingerprints and before/after hashes. */

struct sha256 {
    uint32_t h[8];
    uint64_t len;           /* bytes hashed so far */
    unsigned char buf[64];
    size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* Lower-case hex of the digest of data (hex needs 65 bytes). */
void sha256_hex(const void *data, size_t n, char hex[65]);

#endif

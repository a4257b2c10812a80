#ifndef WIZ_CORE_MIGSTORE_H
#define WIZ_CORE_MIGSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The compressed store that scanstate-sim writes as <store>\USMT\USMT.MIG,
 * and that usmtwiz can list and verify.  It stands in for Microsoft's
 * undocumented format; this one is ours and documented here.  All integers
 * are little-endian.
 *
 *   file     = header, data, catalog, trailer
 *   header   = "WZMIG\r\n\x1a" (8 bytes), u32 version (1), u32 flags
 *   data     = for each catalog entry in order, its chunks
 *   chunk    = u32 raw_len (<= 1 MiB), u32 stored_len, u8 method
 *              (0 stored, 1 LZ), 3 zero bytes, stored_len bytes;
 *              an empty file has no chunk
 *   catalog  = "CTLG", u32 count, then count entries:
 *              u16 name_len, name (UTF-8, '\' separated, as in the
 *              store: "File\C$\Users\jdoe\Desktop\a.txt"), u64 size,
 *              i64 mtime (seconds since 1970 UTC), u32 attributes,
 *              u64 data_offset, u64 data_length (chunk bytes), u32 crc32
 *              of the content
 *   trailer  = u64 catalog_offset, u64 catalog_length, u32 crc32 of the
 *              catalog, u32 flags, "WZMIGEND" (32 bytes in all)
 *
 * LZ is a byte-oriented LZ77 (LZ4-like sequences: a token with literal
 * and match lengths, literals, a u16 back offset).  Flag 1 = encrypted:
 * the header is followed by a u64 key fingerprint and chunk payloads are
 * XORed with a key-derived stream.  That is a training stand-in for
 * /encrypt (it proves the key is needed), not real cryptography.
 */

struct wiz_err;

#define MIGSTORE_FLAG_ENCRYPTED 1u
#define MIGSTORE_CHUNK_MAX (1024u * 1024u)
#define MIGSTORE_NAME_MAX 4096

struct migstore_entry {
    char *name;
    uint64_t size;
    int64_t mtime;
    uint32_t attributes;
    uint64_t data_offset;
    uint64_t data_length;
    uint32_t crc;
};

struct migstore_catalog {
    struct migstore_entry *e;
    size_t n;
    uint32_t flags;
    uint64_t key_fingerprint;   /* 0 unless encrypted */
    uint64_t total_size;        /* sum of entry sizes */
    uint64_t file_size;         /* bytes of the store file */
};

struct migstore_writer;

/*
 * Create a new store file at path (WIZ_EEXIST when it exists).  key NULL
 * means not encrypted.  *out is owned: end with _finish or _abort.
 */
int migstore_create(const char *path, const char *key,
                    struct migstore_writer **out, struct wiz_err *err);
/* Add the contents of the file src under name. */
int migstore_add_file(struct migstore_writer *w, const char *name,
                      const char *src, int64_t mtime, uint32_t attributes,
                      struct wiz_err *err);
/* Add len bytes of data under name. */
int migstore_add_data(struct migstore_writer *w, const char *name,
                      const void *data, size_t len, int64_t mtime,
                      uint32_t attributes, struct wiz_err *err);
/* Write catalog and trailer, close and free w (also on failure). */
int migstore_finish(struct migstore_writer *w, struct wiz_err *err);
/* Close, remove the partial file, free w. */
void migstore_abort(struct migstore_writer *w);

/* Read the catalog of a store file (no key needed to list). */
int migstore_read_catalog(const char *path, struct migstore_catalog *cat,
                          struct wiz_err *err);
void migstore_catalog_release(struct migstore_catalog *cat);

/*
 * Read every entry and check its size and checksum.  *bad (may be NULL)
 * counts damaged entries; a damaged entry is not a failure of the call,
 * an unreadable file or a wrong key is.
 */
int migstore_verify(const char *path, const char *key, uint64_t *bad,
                    struct wiz_err *err);
/* Write entry index of the store to dest (created or truncated). */
int migstore_extract(const char *path, const char *key, size_t index,
                     const char *dest, struct wiz_err *err);

/* Compression primitives (exposed for tests). */
/* Bound on the compressed size of n bytes. */
size_t migstore_lz_bound(size_t n);
/* Compress n bytes of src into dst (room for lz_bound); returns length. */
size_t migstore_lz_compress(const unsigned char *src, size_t n,
                            unsigned char *dst);
/* Decompress; -1 when the input is malformed or does not give raw_len. */
int migstore_lz_decompress(const unsigned char *src, size_t n,
                           unsigned char *dst, size_t raw_len);
uint32_t migstore_crc32(uint32_t crc, const void *data, size_t n);

#endif

#ifndef WIZ_BASE_UTF_H
#define WIZ_BASE_UTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * UTF-8 is the only text encoding inside usmtwiz.  These convert at the
 * edges: UTF-16LE from hives, .reg files and Win32; code points for the UI.
 */

/*
 * Decode one code point from s (at most n bytes).  Returns the number of
 * bytes used (1..4) and stores the code point in *cp; invalid or truncated
 * sequences consume one byte and yield U+FFFD.  n must be > 0.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Append the UTF-8 form of cp to out (room for 4 bytes); returns bytes. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* True when the n bytes are well-formed UTF-8. */
bool utf8_is_valid(const char *s, size_t n);

/*
 * UTF-16LE (n bytes; an odd last byte is ignored) to a new NUL-terminated
 * UTF-8 string.  Conversion stops at the first U+0000 unless keep_nul.
 * Unpaired surrogates become U+FFFD.  Caller frees; *out_len may be NULL.
 */
char *utf16le_to_utf8(const unsigned char *s, size_t n, bool keep_nul,
                      size_t *out_len);
/*
 * UTF-8 (n bytes) to a new UTF-16LE byte string with a 2-byte terminator
 * appended (not counted in *out_len, which is in bytes).  Caller frees.
 */
unsigned char *utf8_to_utf16le(const char *s, size_t n, size_t *out_len);

/*
 * A copy of s safe to print on a terminal: control characters, DEL,
 * C1 controls, bidirectional overrides/isolates and invalid bytes are
 * written as \xNN or \u{NNNN}.  Backslashes stay as they are (Windows
 * paths are full of them).  Caller frees.
 */
char *utf8_escape_for_terminal(const char *s);

/* Number of terminal columns s takes (East Asian wide counts 2). */
size_t utf8_width(const char *s);

#endif

#ifndef WIZ_BASE_STR_H
#define WIZ_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Small string helpers that C11 lacks (no locale: ASCII case folding). */

int str_casecmp(const char *a, const char *b);
int str_ncasecmp(const char *a, const char *b, size_t n);
bool str_ieq(const char *a, const char *b);
bool str_starts_with(const char *s, const char *prefix);
bool str_istarts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
bool str_iends_with(const char *s, const char *suffix);
/* Case-insensitive substring search; NULL when absent. */
const char *str_icasestr(const char *hay, const char *needle);
/* The value of one hex digit (either case), or -1. */
int str_hexval(int c);
/* Parse a whole decimal (or 0x hex) unsigned number; -1 on junk/overflow. */
int str_to_u64(const char *s, uint64_t *out);
/* "1.5 GB"-style size into buf (at least 16 bytes); returns buf. */
char *str_human_size(uint64_t bytes, char *buf, size_t size);
/* Wildcard match with '*' and '?', ASCII case-insensitive. */
bool str_wildmatch(const char *pattern, const char *s);

#endif

/*
 * iconv.h: the iconv interface for the Windows sysroot of usmtwiz.
 *
 * MinGW-w64 has no iconv. hivex needs exactly four conversions
 * (UTF-8 <-> UTF-16LE and UTF-8 <-> LATIN1) and libxml2 is built
 * without iconv, so this small implementation is all the sysroot needs.
 * It follows POSIX: (size_t)-1 with errno E2BIG, EILSEQ or EINVAL.
 */
#ifndef USMTWIZ_SYSROOT_ICONV_H
#define USMTWIZ_SYSROOT_ICONV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wiz_iconv *iconv_t;

iconv_t iconv_open(const char *tocode, const char *fromcode);
size_t iconv(iconv_t cd, char **inbuf, size_t *inbytesleft,
             char **outbuf, size_t *outbytesleft);
int iconv_close(iconv_t cd);

#ifdef __cplusplus
}
#endif

#endif

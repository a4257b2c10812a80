#ifndef WIZ_CORE_OFFLINE_BITLOCKER_H
#define WIZ_CORE_OFFLINE_BITLOCKER_H

#include <stddef.h>

/*
 * The BitLocker recovery password as typed: 48 digits in 8 blocks of 6.
 * Each block is a multiple of 11 whose quotient is below 65536 (so at most
 * 720885): a mistyped digit almost always breaks its block, and the
 * technician is told which block before the password is tried.
 */

#define BL_PASSWORD_DIGITS 48
#define BL_PASSWORD_BLOCKS 8
/* the 8 blocks joined by '-' and a NUL */
#define BL_PASSWORD_SIZE 56

struct wiz_err;

/*
 * Check typed (digits, with any '-' or blanks between them).  0 and the
 * dashed form in out; or -1 with the reason in err, naming the first wrong
 * block (1 to 8) but never a digit of it, and *bad_block set to that block
 * (0 when the fault is no block's: a character that is not a digit, too
 * many digits); or -2 when every complete block is right but digits are
 * missing (*bad_block: the block to finish), so a prompt can say so while
 * the password is typed.  out is written only on success; the caller
 * wipes it.
 */
int bitlocker_password_check(const char *typed, char out[BL_PASSWORD_SIZE],
                             int *bad_block, struct wiz_err *err);

#endif

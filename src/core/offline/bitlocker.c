/*
 * The BitLocker recovery password's own check, block by block (see the
 * header).  The digits pass through a local buffer that is wiped before
 * returning; messages never hold a digit of the password.
 */
#include "core/offline/bitlocker.h"

#include <string.h>

#include "base/err.h"
#include "platform/sys.h"

int bitlocker_password_check(const char *typed, char out[BL_PASSWORD_SIZE],
                             int *bad_block, struct wiz_err *err)
{
    char d[BL_PASSWORD_DIGITS];
    size_t n = 0;
    size_t pos = 0;
    int r = 0;

    *bad_block = 0;
    sys_lock_memory(d, sizeof(d));
    for (const char *p = typed; *p && !r; p++) {
        pos++;
        if (*p == '-' || *p == ' ' || *p == '\t')
            continue;
        if (*p < '0' || *p > '9') {
            r = err_set(err, WIZ_EUSAGE, "character %zu is not a digit",
                        pos);
            break;
        }
        if (n == BL_PASSWORD_DIGITS) {
            r = err_set(err, WIZ_EUSAGE, "more than %d digits (8 blocks "
                        "of 6)", BL_PASSWORD_DIGITS);
            break;
        }
        d[n++] = *p;
        if (n % 6 == 0) {
            unsigned long v = 0;

            for (size_t i = n - 6; i < n; i++)
                v = v * 10 + (unsigned long)(d[i] - '0');
            if (v % 11 || v / 11 >= 65536) {
                *bad_block = (int)(n / 6);
                r = err_set(err, WIZ_EUSAGE, "block %d is wrong (not a "
                            "multiple of 11 up to 720885)", *bad_block);
            }
            v = 0;
            sys_wipe(&v, sizeof(v));
        }
    }
    if (!r && n < BL_PASSWORD_DIGITS) {
        *bad_block = (int)(n / 6) + 1;
        err_set(err, WIZ_EUSAGE, "only %zu of %d digits: block %d is %s", n,
                BL_PASSWORD_DIGITS, *bad_block,
                n % 6 ? "incomplete" : "missing");
        r = -2;
    }
    if (!r) {
        size_t o = 0;

        for (size_t i = 0; i < BL_PASSWORD_DIGITS; i++) {
            if (i && i % 6 == 0)
                out[o++] = '-';
            out[o++] = d[i];
        }
        out[o] = '\0';
    }
    sys_unlock_memory(d, sizeof(d));
    return r;
}

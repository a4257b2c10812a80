#ifndef WIZ_PLATFORM_COMMON_ACCOUNT_OS_H
#define WIZ_PLATFORM_COMMON_ACCOUNT_OS_H

#include <stddef.h>

/*
 * What each system provides to src/platform/common/account.c (not a
 * public header): set a local account's password and enable it on this
 * machine.  0, or -1 with err (never naming the password).
 */

struct wiz_err;

int account_os_set_password(const char *user, const char *password,
                            struct wiz_err *err);

#endif

#ifndef WIZ_TESTS_WIN32_CHECK_H
#define WIZ_TESTS_WIN32_CHECK_H

/*
 * The Windows test programs run under wine without cmocka: CHECK counts,
 * and each program ends with "win32: N passed, N failed".
 */
#include <stdio.h>

static int passed;
static int failed;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            passed++;                                                      \
        } else {                                                           \
            failed++;                                                      \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                  \
    } while (0)

#endif

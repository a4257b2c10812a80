/*
 * Windows command-line splitting and quoting: split anything; quoting
 * every piece and splitting again must give the same pieces.
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/plan/winquote.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = xstrndup((const char *)data, size);
    struct winquote_argv a;
    struct winquote_argv b;
    struct wiz_err err;

    winquote_argv_init(&a);
    winquote_argv_init(&b);
    if (winquote_split(line, 0, 1 << 20, 4096, &a, &err) == 0) {
        char *joined = winquote_join(NULL, (const char *const *)a.argv,
                                     a.argc);

        if (winquote_split(joined, 0, 0, 0, &b, &err) != 0 ||
            a.argc != b.argc)
            abort();
        for (size_t i = 0; i < a.argc; i++) {
            if (strcmp(a.argv[i], b.argv[i]))
                abort();
        }
        free(joined);
    }
    winquote_argv_release(&a);
    winquote_argv_release(&b);
    free(line);
    return 0;
}

/*
 * Replay files through one fuzz target without libFuzzer: used by
 * `make check` (built with ASan/UBSan) so every corpus and crash input
 * stays a regression test.  Usage: replay FILE...
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
    int bad = 0;

    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");

        if (!f) {
            fprintf(stderr, "replay: cannot open '%s'\n", argv[i]);
            bad = 1;
            continue;
        }
        size_t cap = 1 << 16;
        size_t n = 0;
        unsigned char *buf = malloc(cap);

        for (;;) {
            if (n == cap) {
                cap *= 2;
                buf = realloc(buf, cap);
            }
            size_t got = fread(buf + n, 1, cap - n, f);

            if (!got)
                break;
            n += got;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
    }
    return bad;
}

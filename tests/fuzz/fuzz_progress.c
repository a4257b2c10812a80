/* Progress-log reader: arbitrary bytes fed in arbitrary chunks. */
#include <string.h>

#include "core/run/progress.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct progress_reader *r = progress_reader_new("fuzz");
    size_t chunk = size ? (data[0] % 64) + 1 : 1;

    for (size_t off = 0; off < size; off += chunk) {
        size_t n = size - off < chunk ? size - off : chunk;

        progress_reader_feed(r, (const char *)data + off, n);
    }
    progress_reader_finish(r);
    const struct progress_state *st = progress_reader_state(r);

    if (st->phase)
        (void)strlen(st->phase);
    progress_reader_free(r);
    return 0;
}

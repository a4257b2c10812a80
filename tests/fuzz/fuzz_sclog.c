/* scanstate.log reader: arbitrary bytes in arbitrary chunks. */
#include <stdlib.h>
#include <string.h>

#include "core/run/sclog.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sclog_reader *r = sclog_reader_new("fuzz");
    size_t chunk = size ? (data[0] % 97) + 1 : 1;
    const char *lines[8];

    for (size_t off = 0; off < size; off += chunk) {
        size_t n = size - off < chunk ? size - off : chunk;

        sclog_reader_feed(r, (const char *)data + off, n);
    }
    sclog_reader_finish(r);
    size_t k = sclog_reader_tail(r, lines, 8);

    for (size_t i = 0; i < k; i++)
        (void)strlen(lines[i]);
    size_t n = 0;
    char **why = sclog_explain(sclog_reader_state(r), &n);

    for (size_t i = 0; i < n; i++)
        free(why[i]);
    free(why);
    sclog_reader_free(r);
    return 0;
}

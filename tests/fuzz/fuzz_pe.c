/* PE header and version-resource reader on arbitrary bytes. */
#include "base/err.h"
#include "core/pe.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pe_info info;
    struct wiz_err err;

    pe_read_buffer(data, size, &info, &err);
    return 0;
}

/* Preset loader: arbitrary bytes as a preset XML file. */
#include "base/err.h"
#include "core/plan/preset.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct preset p;
    struct wiz_err err;

    preset_init(&p);
    (void)preset_load_buffer("fuzz.xml", (const char *)data, size, &p, &err);
    preset_release(&p);
    return 0;
}

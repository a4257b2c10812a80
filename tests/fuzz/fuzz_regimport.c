/* .reg importer: arbitrary bytes imported into a fresh empty hive. */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "core/offline/hive.h"
#include "lab/regf.h"
#include "lab/regimport.h"
#include "fuzz.h"
#include "platform/fs.h"

static char *fresh_path;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct wiz_err err;
    struct hive *h;

    if (!fresh_path) {
        char *dir;

        if (fs_make_temp_dir("fuzz-regimport", &dir, &err) < 0)
            abort();
        fresh_path = fs_join(dir, "hive");
        free(dir);
    }
    (void)fs_remove(fresh_path, &err);
    if (regf_create_empty(fresh_path, "ROOT", 0, &err) < 0)
        abort();
    if (hive_open(fresh_path, true, &h, &err) < 0)
        abort();
    (void)regimport_buffer(h, "fuzz.reg", (const char *)data,
                           (unsigned long)size, NULL, &err);
    hive_close(h);
    return 0;
}

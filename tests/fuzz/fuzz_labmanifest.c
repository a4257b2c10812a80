/*
 * Practice-scenario manifests: any text is either accepted (and every
 * line then has its verb and a file:line) or refused with a message that
 * starts with "file:line: ".  Inputs that include other files are skipped:
 * the target reads nothing from disk.
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "lab/lab.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xstrndup((const char *)data, size);
    struct lab_manifest *m = NULL;
    struct wiz_err err;

    if (strstr(text, "include")) {
        free(text);
        return 0;
    }
    err_clear(&err);
    if (lab_manifest_parse("f/scenario.txt", "/nonexistent", (const char *)data,
                           size, &m, &err) == 0) {
        for (size_t i = 0; i < m->n; i++) {
            if (!m->lines[i].verb || m->lines[i].line < 1)
                abort();
        }
        lab_manifest_free(m);
    } else if (m || !str_starts_with(err.msg, "f/scenario.txt:")) {
        abort();
    }
    free(text);
    return 0;
}

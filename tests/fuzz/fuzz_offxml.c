/*
 * offline.xml: read anything; when it reads and can be written back, the
 * written file must read back with the same Windows folders and mappings.
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "core/plan/offxml.h"
#include "fuzz.h"

static int same_list(const struct plan_strv *a, const struct plan_strv *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->items[i], b->items[i]) != 0)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct offxml in;
    struct offxml again;
    struct wiz_err err;
    char *text;
    size_t len;

    offxml_init(&in);
    offxml_init(&again);
    if (offxml_parse((const char *)data, size, "fuzz.xml", &in, &err) == 0 &&
        offxml_to_string(&in, &text, &len, &err) == 0) {
        if (offxml_parse(text, len, "again.xml", &again, &err) != 0 ||
            !same_list(&in.windirs, &again.windirs) ||
            !same_list(&in.mappings, &again.mappings) ||
            again.problems.n != 0)
            abort();
        free(text);
    }
    offxml_release(&in);
    offxml_release(&again);
    return 0;
}

/*
 * Command-line parser and builder: a scanstate command line as typed,
 * parsed into a plan, then built back into argv, environment and display.
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/plan/cmdline.h"
#include "core/plan/plan.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = xstrndup((const char *)data, size);
    struct plan plan;
    struct wiz_err err;

    plan_init(&plan);
    if (cmdline_parse_string(&plan, line, &err) == 0) {
        struct cmdline_built b;

        cmdline_built_init(&b);
        cmdline_build(&plan, plan.key ? "X:\\key.txt" : NULL, "scanstate.exe",
                      &b, &err);
        cmdline_built_release(&b);
        free(cmdline_display(&plan, "scanstate.exe"));
    }
    plan_release(&plan);
    free(line);
    return 0;
}

/* usmtwiz explain: not built yet (placeholder until its issue lands). */
#include <stdio.h>

#include "cmd.h"

int cmd_explain(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("usmtwiz: 'explain' is not available in this build yet\n", stderr);
    return WIZ_EXIT_USAGE;
}

/* usmtwiz lab: not built yet (placeholder until its issue lands). */
#include <stdio.h>

#include "cmd.h"

int cmd_lab(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("usmtwiz: 'lab' is not available in this build yet\n", stderr);
    return WIZ_EXIT_USAGE;
}

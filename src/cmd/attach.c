/* usmtwiz attach: not built yet (placeholder until its issue lands). */
#include <stdio.h>

#include "cmd.h"

int cmd_attach(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("usmtwiz: 'attach' is not available in this build yet\n", stderr);
    return WIZ_EXIT_USAGE;
}

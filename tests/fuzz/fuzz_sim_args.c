/* fuzz-sources: src/sim/args.c */
/*
 * The simulator's command-line parser: the input split at NUL bytes into
 * arguments after "scanstate.exe".
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/sim/sim.h"
#include "fuzz.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    char *argv[MAX_ARGS + 2];
    int argc = 1;
    struct sim_opts o;
    struct sim_cmdline_error e;

    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    argv[0] = "scanstate.exe";
    for (size_t i = 0; i <= size && argc <= MAX_ARGS;) {
        argv[argc++] = copy + i;
        i += strlen(copy + i) + 1;
    }
    argv[argc] = NULL;
    (void)sim_args_parse(argc, argv, &o, &e);
    sim_opts_release(&o);
    free(e.message);
    free(copy);
    return 0;
}

/*
 * usmtwiz: argv, wiring and exit codes.  The only file that knows every
 * layer; the commands themselves live in src/cmd/.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "platform/sys.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    { "inspect", cmd_inspect, "show the offline Windows volumes and users" },
    { "lint", cmd_lint, "check a scanstate command line against every rule\n"
      "            (lint --explain RULE-ID: why a rule exists)" },
    { "explain", cmd_explain, "explain a scanstate return code" },
    { "run", cmd_run, "unattended capture from a preset" },
    { "attach", cmd_attach, "follow a scanstate that is already running" },
    { "report", cmd_report, "read and summarise capture reports" },
    { "restore", cmd_restore, "restore a capture on the new PC (loadstate)" },
    { "verify", cmd_verify, "check a store (usmtutils /verify, or usmtwiz's\n"
      "            own reading)" },
    { "lab", cmd_lab, "build practice volumes for tests and training" },
};

static void usage(FILE *out)
{
    fputs("usage: usmtwiz [--volume-root DIR] [--usmt DIR] [--preset FILE]\n"
          "               [--simulate] [--plain] [--log FILE]\n"
          "               [--share \\\\\\\\SRV\\\\SHARE=DIR]...\n"
          "       usmtwiz COMMAND [ARGS...]\n\n"
          "Without a command usmtwiz starts the capture wizard.\n\n"
          "Commands:\n", out);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\nEvery command takes --help.  See usmtwiz(1).\n", out);
}

int main(int argc, char **argv)
{
    sys_startup(&argc, &argv);
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return WIZ_EXIT_OK;
    }
    if (argc >= 2 && !strcmp(argv[1], "--version")) {
        printf("usmtwiz %s\n", wiz_version);
        return WIZ_EXIT_OK;
    }
    if (argc >= 2 && argv[1][0] != '-') {
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
            if (!strcmp(argv[1], commands[i].name))
                return commands[i].fn(argc - 1, argv + 1);
        }
        fprintf(stderr, "usmtwiz: '%s' is not a command\n", argv[1]);
        usage(stderr);
        return WIZ_EXIT_USAGE;
    }
    return cmd_wizard(argc, argv);
}

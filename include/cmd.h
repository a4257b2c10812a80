#ifndef WIZ_CMD_H
#define WIZ_CMD_H

/*
 * The commands of the usmtwiz program.  Each returns the process exit
 * status (see EXIT STATUS in usmtwiz(1) and the constants below).
 */

enum wiz_exit {
    WIZ_EXIT_OK = 0,        /* done; for lint: nothing blocks the run */
    WIZ_EXIT_FAIL = 1,      /* cancelled, findings block, nothing found */
    WIZ_EXIT_USAGE = 2,     /* bad usage or an error that stopped us */
    WIZ_EXIT_RUN_FAILED = 3 /* scanstate ran and failed (run, attach) */
};

int cmd_wizard(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_lab(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_report(int argc, char **argv);

struct wizard;
/*
 * The wizard as numbered line-by-line prompts (usmtwiz --plain, TERM=dumb,
 * or no terminal) on a model set up by cmd_wizard; the same exit status.
 */
int cmd_plain(struct wizard *w);

#include "base/version.h"

#endif

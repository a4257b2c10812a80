#ifndef WIZ_CMD_H
#define WIZ_CMD_H

#include <stddef.h>

/*
 * The commands of the usmtwiz program.  Each returns the process exit
 * status (see EXIT STATUS in usmtwiz(1) and the constants below).
 */

enum wiz_exit {
    WIZ_EXIT_OK = 0,        /* done; for lint: nothing blocks the run */
    WIZ_EXIT_FAIL = 1,      /* cancelled, findings block, nothing found */
    WIZ_EXIT_USAGE = 2,     /* bad usage or an error that stopped us */
    WIZ_EXIT_RUN_FAILED = 3, /* scanstate ran and failed (run, attach) */
    WIZ_EXIT_INCOMPLETE = 4, /* scanstate succeeded but a selected user is
                                not in the store */
    WIZ_EXIT_REPORT = 5      /* the capture succeeded but its report could
                                not be written beside the store */
};

int cmd_wizard(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_lab(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_attach(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_verify(int argc, char **argv);

struct wizard;
struct wizard_run;
/*
 * The exit status for a capture that ended: cancelled 1, failed or killed
 * 3, incomplete 4, report not beside the store 5, else 0 (the first that
 * applies, in that order).
 */
int cmd_run_exit(const struct wizard_run *run);
/*
 * The wizard as numbered line-by-line prompts (usmtwiz --plain, TERM=dumb,
 * or no terminal) on a model set up by cmd_wizard; the same exit status.
 */
int cmd_plain(struct wizard *w);
/*
 * The follower's progress lines, as they come, on standard output (the
 * .lines of struct follow_ops for plain mode, run and restore).
 */
void cmd_print_lines(void *ctx, const char *text, size_t len);
/*
 * Where help/ lives ($USMTWIZ_DATADIR, beside the program, ../assets in
 * the build tree, or the installed data folder).  Caller frees.
 */
char *cmd_data_dir(void);

#include "base/version.h"

#endif

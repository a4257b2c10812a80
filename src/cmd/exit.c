/*
 * How a run ended, for the line front-ends: the one mapping from a
 * capture's end to the exit status of `run`, the plain mode and the wizard
 * (usmtwiz(1), EXIT STATUS), and the follower's lines on standard output.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/run/verify.h"
#include "core/session/wizard_run.h"

int cmd_run_exit(const struct wizard_run *run)
{
    const struct report *r = &run->report;

    if (r->result && !strcmp(r->result, "cancelled"))
        return WIZ_EXIT_FAIL;
    if (wizard_run_store_damaged(run))
        return WIZ_EXIT_INCOMPLETE;
    if (run->verified) {
        switch (run->verify.verdict) {
        case VERIFY_SUCCESS:
        case VERIFY_SUCCESS_ERRORS:
            break;
        case VERIFY_INCOMPLETE:
            return WIZ_EXIT_INCOMPLETE;
        case VERIFY_CANCELLED:
            return WIZ_EXIT_FAIL;
        default:
            return WIZ_EXIT_RUN_FAILED;
        }
    } else if (r->rc != 0 && r->rc != 3) {
        return WIZ_EXIT_RUN_FAILED;
    }
    if (!run->report_written || run->report_elsewhere)
        return WIZ_EXIT_REPORT;
    return WIZ_EXIT_OK;
}

void cmd_print_lines(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    fwrite(text, 1, len, stdout);
    fflush(stdout);
}

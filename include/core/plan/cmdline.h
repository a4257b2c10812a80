#ifndef WIZ_CORE_CMDLINE_H
#define WIZ_CORE_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/plan/plan.h"

/*
 * The scanstate command line: parse one into a plan (for lint and for
 * loading a saved line), and build one from a plan (for run and export).
 *
 * Parsing follows the scanstate syntax: "scanstate <StorePath> [options]",
 * options in any order and any case, "/x:value" or "/x value" for options
 * that take a value.  User mistakes never make parsing fail: they are
 * recorded in plan->switches (in order, duplicates kept) for the rules.
 */

struct wiz_err;

#define CMDLINE_MAX_ARGS 1000       /* more arguments than this: refused */
#define CMDLINE_MAX_ARG_LEN 32767   /* a Windows command line's limit */

enum cmdline_arg {
    CMDLINE_ARG_NONE,       /* "/o" */
    CMDLINE_ARG_REQUIRED,   /* "/l:x" or "/l x" */
    CMDLINE_ARG_OPTIONAL,   /* "/p" or "/p:x" (colon form only) */
};

/* What the parser knows about one switch. */
struct cmdline_switch_info {
    enum plan_sw id;
    const char *name;       /* canonical spelling without '/': "offlineWinDir" */
    enum cmdline_arg arg;
    bool repeatable;        /* /i /ui /ue /uel */
    bool loadstate_only;    /* /lac /lae /md /mu /sf /decrypt */
    bool undocumented;      /* only in the binary, not in the docs */
};

/* Info for a switch id (never NULL; PLAN_SW_UNKNOWN/STORE have name ""). */
const struct cmdline_switch_info *cmdline_switch_info(enum plan_sw id);
/*
 * Look up a switch name (without '/', any case, "?" and "help" included);
 * PLAN_SW_UNKNOWN when it is not one we know.
 */
enum plan_sw cmdline_switch_lookup(const char *name);

/*
 * Parse argc arguments (without the program name) into plan, which must
 * be initialised (normally empty).  Known switches also set the plan's
 * fields; when a single-use switch is repeated the last one wins (the
 * rules report the repetition from plan->switches).  Fails (-1,
 * WIZ_ELIMIT) only for more than CMDLINE_MAX_ARGS arguments or an argument
 * longer than CMDLINE_MAX_ARG_LEN; the plan is then left unchanged.
 */
int cmdline_parse_argv(struct plan *plan, int argc, const char *const *argv,
                       struct wiz_err *err);

/*
 * Split a whole command line (as in a .bat file, a script or a log) with
 * the Microsoft C runtime rules and parse the arguments after the program
 * as cmdline_parse_argv does.  The program is the first argument whose
 * file name is scanstate or loadstate (".exe" optional, any case, any
 * folder); what comes before it ("IF EXIST x", "cmd /c", "&") is dropped,
 * and a repeated program path ("IF EXIST a.exe a.exe ...") counts once.
 * When no argument names it but one quoted argument holds a whole command
 * ("cmd /k \"X:\\scanstate.exe ...\"", Start-Process -ArgumentList),
 * that argument is parsed instead.  A line starting "ScanStateArgs=" (MDT
 * CustomSettings.ini) holds arguments only.  Otherwise the whole line is
 * arguments.  plan->program records the program as written (NULL when
 * none), so the rules can tell a loadstate line.
 */
int cmdline_parse_string(struct plan *plan, const char *line,
                         struct wiz_err *err);

/*
 * What scanstate gets.  argv excludes the program name and is
 * NULL-terminated; env entries are "NAME=VALUE" (NULL-terminated), only
 * the variables the plan sets (the caller merges them into the inherited
 * environment).  display is one line for humans: the program (when given)
 * and the arguments, quoted as a Windows command line.  All owned.
 */
struct cmdline_built {
    char **argv;
    size_t argc;
    char **env;
    size_t n_env;
    char *display;
};

void cmdline_built_init(struct cmdline_built *b);
void cmdline_built_release(struct cmdline_built *b);

/*
 * Build scanstate's arguments and environment from plan.  Order (stable):
 *   store path (then any further positional arguments of a parsed
 *   line); offline switch; when the plan has SIDs "/ue:*\*" then
 *   "/ui:<SID>*" for each; the plan's own /ui /ue /uel rules in order,
 *   /all; /i files in order; /config; /o; /nocompress (/hardlink
 *   /nocompress for a hard-link store); /c; /v; /efs; /l; /progress;
 *   /listfiles; /localonly; /vsc; /r; /w; /p; /encrypt + /keyfile;
 *   /genconfig; /genmigxml; /auto; /targetWindows7/8; other known
 *   switches, loadstate-only and unknown switches as typed (so a parsed
 *   line comes back whole; the rules block the bad ones); the user's
 *   extra arguments.
 * Values the parser found invalid (/v:x, /efs:x) are given back as typed.
 * The key never goes into argv: when plan->key is set, key_file must name
 * the file keyfile_write() made for it, and "/keyfile:<key_file>" is used
 * (fails with WIZ_EUSAGE otherwise).  Environment: USMT_WORKING_DIR, TEMP
 * (temp_dir, else the working folder), MIG_OFFLINE_PLATFORM_ARCH and
 * MIG_FAIL_ON_PROFILE_ERROR when set, then plan->env in order.
 * program (NULL = none) only goes into display.  out must be initialised
 * (it is released first).
 */
int cmdline_build(const struct plan *plan, const char *key_file,
                  const char *program, struct cmdline_built *out,
                  struct wiz_err *err);

/*
 * The command line for humans before any key file exists: like
 * cmdline_build's display, with "/key:********" for a key.  Never fails;
 * caller frees.
 */
char *cmdline_display(const struct plan *plan, const char *program);

#endif

#ifndef WIZ_CORE_WINQUOTE_H
#define WIZ_CORE_WINQUOTE_H

#include <stddef.h>

/*
 * Windows command lines, split and quoted the way the Microsoft C runtime
 * (the post-2008 UCRT/msvcrt rules) turns a command line into argv:
 * - arguments are separated by spaces and tabs outside quotes;
 * - 2n backslashes then '"' give n backslashes and toggle quoting;
 * - 2n+1 backslashes then '"' give n backslashes and a literal '"';
 * - backslashes not followed by '"' are literal;
 * - inside quotes, '""' gives one literal '"' and stays quoted.
 * The program name (argv[0]) has its own rule: quotes only toggle, and
 * backslashes are always literal.
 */

struct wiz_err;

/* A split command line: argv[argc] is NULL.  Owns its strings. */
struct winquote_argv {
    char **argv;
    size_t argc;
    size_t alloc;
};

enum winquote_flags {
    /* Read the first argument with the argv[0] (program name) rule. */
    WINQUOTE_PROGRAM_NAME = 1 << 0,
};

void winquote_argv_init(struct winquote_argv *a);
void winquote_argv_release(struct winquote_argv *a);

/*
 * Split line into a (which must be initialised; arguments are appended).
 * Never fails on content; fails with WIZ_ELIMIT when the line is longer
 * than max_len bytes (0 = no limit) or gives more than max_args (0 = no
 * limit) arguments.
 */
int winquote_split(const char *line, enum winquote_flags flags,
                   size_t max_len, size_t max_args, struct winquote_argv *a,
                   struct wiz_err *err);

/*
 * Quote one argument so that winquote_split gives it back unchanged.
 * Arguments without space, tab, newline or '"' (and not empty) are left
 * as they are.  Caller frees.
 */
char *winquote_quote(const char *arg);

/*
 * Join arguments into one command line, each one quoted; when program is
 * not NULL it comes first, quoted with the argv[0] rule (a program path
 * may not contain '"').  Caller frees.
 */
char *winquote_join(const char *program, const char *const *argv,
                    size_t argc);

#endif

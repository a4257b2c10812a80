#include "core/plan/winquote.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"

void winquote_argv_init(struct winquote_argv *a)
{
    a->argv = NULL;
    a->argc = 0;
    a->alloc = 0;
}

void winquote_argv_release(struct winquote_argv *a)
{
    for (size_t i = 0; i < a->argc; i++) {
        free(a->argv[i]);
    }
    free(a->argv);
    winquote_argv_init(a);
}

static void argv_push(struct winquote_argv *a, struct strbuf *sb)
{
    XGROW(a->argv, a->alloc, a->argc + 2);
    a->argv[a->argc++] = strbuf_detach(sb, NULL);
    a->argv[a->argc] = NULL;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* argv[0]: quotes toggle, nothing else is special. */
static const char *split_program(const char *p, struct strbuf *sb)
{
    bool quoted = false;

    while (*p && (quoted || !is_blank(*p))) {
        if (*p == '"') {
            quoted = !quoted;
        } else {
            strbuf_addch(sb, *p);
        }
        p++;
    }
    return p;
}

/* One ordinary argument starting at a non-blank character. */
static const char *split_arg(const char *p, struct strbuf *sb)
{
    bool quoted = false;

    for (;;) {
        size_t slashes = 0;
        bool copy = true;

        while (*p == '\\') {
            slashes++;
            p++;
        }
        if (*p == '"') {
            if (slashes % 2 == 0) {
                if (quoted && p[1] == '"') {
                    p++;
                } else {
                    copy = false;
                    quoted = !quoted;
                }
            }
            slashes /= 2;
        }
        for (size_t i = 0; i < slashes; i++) {
            strbuf_addch(sb, '\\');
        }
        if (!*p || (!quoted && is_blank(*p))) {
            return p;
        }
        if (copy) {
            strbuf_addch(sb, *p);
        }
        p++;
    }
}

int winquote_split(const char *line, enum winquote_flags flags,
                   size_t max_len, size_t max_args, struct winquote_argv *a,
                   struct wiz_err *err)
{
    const char *p = line;
    struct strbuf sb = STRBUF_INIT;
    size_t start = a->argc;

    if (max_len && strlen(line) > max_len) {
        return err_set(err, WIZ_ELIMIT,
                       "command line too long: %zu bytes (at most %zu)",
                       strlen(line), max_len);
    }
    strbuf_init(&sb);
    if (flags & WINQUOTE_PROGRAM_NAME) {
        p = split_program(p, &sb);
        argv_push(a, &sb);
    }
    for (;;) {
        while (is_blank(*p)) {
            p++;
        }
        if (!*p) {
            break;
        }
        if (max_args && a->argc - start >= max_args) {
            strbuf_release(&sb);
            return err_set(err, WIZ_ELIMIT,
                           "command line has too many arguments "
                           "(at most %zu)", max_args);
        }
        p = split_arg(p, &sb);
        argv_push(a, &sb);
    }
    strbuf_release(&sb);
    return 0;
}

static bool needs_quotes(const char *arg)
{
    if (!*arg) {
        return true;
    }
    return strpbrk(arg, " \t\n\v\"") != NULL;
}

static void add_quoted(struct strbuf *sb, const char *arg)
{
    if (!needs_quotes(arg)) {
        strbuf_adds(sb, arg);
        return;
    }
    strbuf_addch(sb, '"');
    for (const char *p = arg;; p++) {
        size_t slashes = 0;

        while (*p == '\\') {
            slashes++;
            p++;
        }
        if (!*p) {
            /* double them: the closing quote must stay a quote */
            for (size_t i = 0; i < slashes * 2; i++) {
                strbuf_addch(sb, '\\');
            }
            break;
        }
        if (*p == '"') {
            for (size_t i = 0; i < slashes * 2 + 1; i++) {
                strbuf_addch(sb, '\\');
            }
        } else {
            for (size_t i = 0; i < slashes; i++) {
                strbuf_addch(sb, '\\');
            }
        }
        strbuf_addch(sb, *p);
    }
    strbuf_addch(sb, '"');
}

char *winquote_quote(const char *arg)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_init(&sb);
    add_quoted(&sb, arg);
    return strbuf_detach(&sb, NULL);
}

char *winquote_join(const char *program, const char *const *argv,
                    size_t argc)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_init(&sb);
    if (program) {
        bool q = !*program || strpbrk(program, " \t") != NULL;

        if (q) {
            strbuf_addch(&sb, '"');
        }
        strbuf_adds(&sb, program);
        if (q) {
            strbuf_addch(&sb, '"');
        }
    }
    for (size_t i = 0; i < argc; i++) {
        if (sb.len) {
            strbuf_addch(&sb, ' ');
        }
        add_quoted(&sb, argv[i]);
    }
    return strbuf_detach(&sb, NULL);
}

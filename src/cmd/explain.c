/*
 * usmtwiz explain CODE|SYMBOL|"MESSAGE": a scanstate return code in plain
 * words.  Exit 0 when found, 1 when nothing documented matches, 2 on bad
 * usage.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/strbuf.h"
#include "cmd.h"
#include "core/usmt/retcodes.h"

#define MAX_SHOWN 16

static void usage(FILE *out)
{
    fputs("usage: usmtwiz explain CODE|SYMBOL|MESSAGE\n"
          "       usmtwiz explain --list\n\n"
          "Explain a scanstate return code: its symbol, category, meaning,\n"
          "every message scanstate prints for it, and the fix.\n\n"
          "  CODE      a return code such as 29 (or 0x1d)\n"
          "  SYMBOL    such as USMT_FAILED_MIGSTARTUP (case and the USMT_\n"
          "            prefix do not matter)\n"
          "  MESSAGE   words from a scanstate message or a whole log line,\n"
          "            such as \"A minimum of 250 MB\"\n"
          "  --list    every documented return code with a summary\n"
          "  --help    this text\n\n"
          "Exit status: 0 explained, 1 not a documented code or message,\n"
          "2 bad usage.\n", out);
}

/* Two lines a code, so the list fits an 80-column console. */
static void list_all(void)
{
    size_t n;
    const struct retcode *t = retcode_table(&n);

    for (size_t i = 0; i < n; i++) {
        printf("%-3d %-40s %s\n    %s\n", t[i].code, t[i].symbol,
               retcode_category_name(t[i].category), t[i].summary);
    }
}

static void print_rc(const struct retcode *rc)
{
    struct strbuf sb = STRBUF_INIT;

    retcode_describe(rc, &sb);
    fputs(sb.buf, stdout);
    strbuf_release(&sb);
}

static int explain_code(const char *arg, uint64_t v)
{
    const struct retcode *rc = v <= INT_MAX ? retcode_by_code((int)v) : NULL;

    if (!rc) {
        printf("%s is not a documented scanstate return code.\n"
               "Documented codes: 0-3, 11-14, 26-29, 31-42, 61, 71, 72 "
               "('usmtwiz explain --list').\n", arg);
        return WIZ_EXIT_FAIL;
    }
    print_rc(rc);
    return WIZ_EXIT_OK;
}

static int explain_message(const char *text)
{
    struct retcode_match m[MAX_SHOWN];
    size_t total = retcode_find_message(text, m, MAX_SHOWN);
    size_t shown = total < MAX_SHOWN ? total : MAX_SHOWN;
    const struct retcode *done[MAX_SHOWN];
    size_t ndone = 0;

    if (!total) {
        printf("'%s' is not a documented scanstate return code, symbol or "
               "message.\nSee 'usmtwiz explain --list'.\n", text);
        return WIZ_EXIT_FAIL;
    }
    for (size_t i = 0; i < shown; i++) {
        if (i)
            putchar('\n');
        printf("Message: %s%s\n", m[i].message,
               m[i].extra ? " (in scanstate's message table, not in the "
               "docs)" : "");
        if (!m[i].rc) {
            struct strbuf sb = STRBUF_INIT;

            retcode_describe_orphan(m[i].orphan, &sb);
            fputs(sb.buf, stdout);
            strbuf_release(&sb);
            continue;
        }
        bool seen = false;

        for (size_t j = 0; j < ndone; j++)
            seen = seen || done[j] == m[i].rc;
        if (seen) {
            printf("Return code %d, explained above.\n", m[i].rc->code);
            continue;
        }
        done[ndone++] = m[i].rc;
        print_rc(m[i].rc);
    }
    if (total > shown) {
        printf("\n%zu more messages match; give more of the words.\n",
               total - shown);
    }
    return WIZ_EXIT_OK;
}

int cmd_explain(int argc, char **argv)
{
    struct strbuf q = STRBUF_INIT;
    bool list = false;
    int first = 1;

    for (; first < argc; first++) {
        const char *a = argv[first];

        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return WIZ_EXIT_OK;
        }
        if (!strcmp(a, "--list")) {
            list = true;
        } else if (!strcmp(a, "--")) {
            first++;
            break;
        } else if (a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9')) {
            fprintf(stderr, "usmtwiz explain: '%s' is not an option\n", a);
            usage(stderr);
            return WIZ_EXIT_USAGE;
        } else {
            break;
        }
    }
    if (list) {
        if (first < argc) {
            fputs("usmtwiz explain: --list takes no code\n", stderr);
            return WIZ_EXIT_USAGE;
        }
        list_all();
        return WIZ_EXIT_OK;
    }
    if (first >= argc) {
        fputs("usmtwiz explain: a code, symbol or message is needed\n",
              stderr);
        usage(stderr);
        return WIZ_EXIT_USAGE;
    }
    /* several words are one message typed without quotes */
    for (int i = first; i < argc; i++) {
        if (i > first)
            strbuf_addch(&q, ' ');
        strbuf_adds(&q, argv[i]);
    }
    const char *s = q.buf;
    uint64_t v;
    int rc;

    while (*s == ' ')
        s++;
    if (!*s) {
        fputs("usmtwiz explain: the code, symbol or message is empty\n",
              stderr);
        rc = WIZ_EXIT_USAGE;
    } else if (s[0] == '-' && s[1] >= '0' && s[1] <= '9') {
        printf("%s is not a documented scanstate return code (they are "
               "never negative).\n", s);
        rc = WIZ_EXIT_FAIL;
    } else if (str_to_u64(s, &v) == 0 &&
               ((v <= INT_MAX && retcode_by_code((int)v)) ||
                !retcode_find_message(s, NULL, 0))) {
        /* a Windows error code such as 0x80070005 is a message */
        rc = explain_code(s, v);
    } else if (retcode_by_symbol(s)) {
        print_rc(retcode_by_symbol(s));
        rc = WIZ_EXIT_OK;
    } else {
        rc = explain_message(s);
    }
    strbuf_release(&q);
    return rc;
}

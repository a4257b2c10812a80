/*
 * usmtwiz report: read the job receipts that every capture leaves next to
 * its store.
 *   usmtwiz report summarize [--csv] DIR...   one line per report found
 *   usmtwiz report show FILE|DIR              one report as text
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "cmd.h"
#include "core/run/report.h"
#include "platform/fs.h"

static void usage(FILE *out)
{
    fputs("usage: usmtwiz report summarize [--csv] DIR...\n"
          "       usmtwiz report show FILE|DIR\n\n"
          "summarize  find every " REPORT_XML_NAME " below the folders (for\n"
          "           example a share of stores) and print one line each:\n"
          "           date, machine, technician, users, size, duration,\n"
          "           result; --csv for a spreadsheet\n"
          "show       print one report for people\n\n"
          "Exit status: 0 when at least one report was read, 1 when none\n"
          "was found, 2 on bad usage or unreadable input.\n", out);
}

static int summarize(int argc, char **argv)
{
    enum report_format fmt = REPORT_TABLE;
    char **dirs = xcalloc((size_t)argc + 1, sizeof(*dirs));
    size_t n = 0;
    struct strbuf out;
    struct wiz_err err;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--csv")) {
            fmt = REPORT_CSV;
        } else if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            free(dirs);
            return WIZ_EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "usmtwiz report: unknown option '%s'\n",
                    argv[i]);
            free(dirs);
            return WIZ_EXIT_USAGE;
        } else {
            dirs[n++] = argv[i];
        }
    }
    if (!n) {
        usage(stderr);
        free(dirs);
        return WIZ_EXIT_USAGE;
    }
    strbuf_init(&out);
    int found = report_summarize(dirs, n, fmt, &out, &err);

    free(dirs);
    if (found < 0) {
        fprintf(stderr, "usmtwiz report: %s\n", err.msg);
        strbuf_release(&out);
        return WIZ_EXIT_USAGE;
    }
    fwrite(out.buf, 1, out.len, stdout);
    strbuf_release(&out);
    if (!found) {
        fprintf(stderr, "usmtwiz report: no %s found\n", REPORT_XML_NAME);
        return WIZ_EXIT_FAIL;
    }
    return WIZ_EXIT_OK;
}

static int show(const char *path)
{
    struct report r;
    struct wiz_err err;
    struct strbuf out;
    char *file = fs_is_dir(path) ? fs_join(path, REPORT_XML_NAME)
                                 : xstrdup(path);

    if (report_read(file, &r, &err) < 0) {
        fprintf(stderr, "usmtwiz report: %s\n", err.msg);
        free(file);
        return WIZ_EXIT_USAGE;
    }
    free(file);
    strbuf_init(&out);
    report_to_text(&r, &out);
    fwrite(out.buf, 1, out.len, stdout);
    strbuf_release(&out);
    report_release(&r);
    return WIZ_EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? WIZ_EXIT_USAGE : WIZ_EXIT_OK;
    }
    if (!strcmp(argv[1], "summarize"))
        return summarize(argc - 1, argv + 1);
    if (!strcmp(argv[1], "show") && argc == 3)
        return show(argv[2]);
    usage(stderr);
    return WIZ_EXIT_USAGE;
}

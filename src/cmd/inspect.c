/*
 * usmtwiz inspect [--volume-root DIR] [VOLUME...] [--xml] [--no-sizes]
 * What the Volume and Users screens show, as text or XML.  Exit status:
 * 0 at least one Windows installation, 1 none, 2 usage or no volume list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/inspect.h"

static void inspect_usage(FILE *out)
{
    fputs("usage: usmtwiz inspect [--volume-root DIR] [VOLUME...] [--xml] "
          "[--no-sizes]\n\n"
          "Show every volume, the Windows installations on it and their "
          "users.\n\n"
          "  --volume-root DIR  practice volumes: DIR/C is drive C: "
          "(see usmtwiz(1))\n"
          "  VOLUME             only these volumes (\"D\", \"D:\" or a "
          "folder)\n"
          "  --xml              XML instead of text "
          "(schema: assets/doc/inspect-xml.md)\n"
          "  --no-sizes         do not size the profiles nor read their OneDrive\n"
          "                     accounts (faster)\n"
          "  --help, --version\n\n"
          "Exit status: 0 Windows found, 1 none found, 2 usage or the "
          "volumes\ncannot be listed.\n",
          out);
}

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "usmtwiz inspect: %s '%s'\n", what, arg);
    inspect_usage(stderr);
    return WIZ_EXIT_USAGE;
}

int cmd_inspect(int argc, char **argv)
{
    const char *root = NULL;
    const char **only = xcalloc((size_t)argc + 1, sizeof(*only));
    size_t n_only = 0;
    bool xml = false;
    bool sizes = true;
    bool opts_done = false;
    int rc;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (opts_done || a[0] != '-' || !a[1]) {
            only[n_only++] = a;
        } else if (!strcmp(a, "--")) {
            opts_done = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            inspect_usage(stdout);
            free(only);
            return WIZ_EXIT_OK;
        } else if (!strcmp(a, "--version")) {
            printf("usmtwiz %s\n", wiz_version);
            free(only);
            return WIZ_EXIT_OK;
        } else if (!strcmp(a, "--xml")) {
            xml = true;
        } else if (!strcmp(a, "--no-sizes")) {
            sizes = false;
        } else if (!strcmp(a, "--volume-root")) {
            if (i + 1 >= argc) {
                free(only);
                return usage_error("a folder must follow", a);
            }
            root = argv[++i];
        } else if (!strncmp(a, "--volume-root=", 14)) {
            root = a + 14;
        } else {
            free(only);
            return usage_error("unknown option", a);
        }
    }

    struct inspect_data d;
    struct wiz_err err;
    struct strbuf out;

    err_clear(&err);
    if (inspect_collect(root, only, n_only, sizes, &d, &err) < 0) {
        fprintf(stderr, "usmtwiz inspect: %s\n", err.msg);
        free(only);
        return WIZ_EXIT_USAGE;
    }
    free(only);
    strbuf_init(&out);
    if (xml) {
        if (inspect_render_xml(&d, &out, &err) < 0) {
            fprintf(stderr, "usmtwiz inspect: %s\n", err.msg);
            strbuf_release(&out);
            inspect_data_release(&d);
            return WIZ_EXIT_USAGE;
        }
    } else {
        inspect_render_text(&d, &out);
    }
    fwrite(out.buf, 1, out.len, stdout);
    rc = win_scan_count(&d.scan) ? WIZ_EXIT_OK : WIZ_EXIT_FAIL;
    /* nothing on this machine: say how to look at practice volumes */
    if (rc == WIZ_EXIT_FAIL && !root && !n_only)
        fprintf(stderr, "usmtwiz inspect: no Windows installation on the "
                "volumes of this machine (%zu found). To inspect practice "
                "volumes (a folder per drive: DIR/C is C:), give "
                "--volume-root DIR, e.g. after 'usmtwiz lab create demo "
                "LAB': --volume-root LAB/volumes\n", d.scan.n);
    strbuf_release(&out);
    inspect_data_release(&d);
    if (fflush(stdout) != 0)
        return WIZ_EXIT_USAGE;
    return rc;
}

/*
 * usmtwiz verify: does a store check out?  The same check as after a
 * capture (core/run/storecheck): usmtutils /verify when the USMT folder
 * has it, else usmtwiz's own reading of the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "cmd.h"
#include "core/rules/rules.h"
#include "core/run/storecheck.h"
#include "platform/fs.h"
#include "platform/sys.h"
#include "platform/vol.h"

static void usage(FILE *out)
{
    fputs("usage: usmtwiz verify STORE [--keyfile FILE] [--usmt DIR] [--all]\n"
          "                      [--volume-root DIR] [--simulate]\n\n"
          "Check a store before the old disk is wiped.  STORE is the store\n"
          "folder (the one given to scanstate, E:\\USMT\\PC1).  With a USMT\n"
          "folder that has usmtutils.exe, a compressed store is checked by\n"
          "'usmtutils /verify:catalog' (--all: /verify:all, every file);\n"
          "otherwise usmtwiz reads the store itself: USMT.MIG present and of\n"
          "the size its capture recorded, or catalog.mig and the File tree\n"
          "of an uncompressed or hard-link store.\n\n"
          "  --keyfile FILE     key file of an encrypted store (passed to\n"
          "                     usmtutils as /decrypt /keyfile:FILE)\n"
          "  --usmt DIR         the USMT folder (for usmtutils.exe)\n"
          "  --all              verify every file, not only the catalog\n"
          "  --volume-root DIR  practice volumes: DIR/E is drive E:\n"
          "  --simulate         run usmtutils-sim instead of usmtutils.exe\n\n"
          "Exit status: 0 the store checks out, 1 it does not (damaged,\n"
          "missing or partial), 2 bad usage, 3 it could not be checked.\n",
          out);
}

/* STORE as a path for us: a Windows path on the practice volumes. */
static char *local_store(const char *store, const char *volume_root)
{
    struct vol_list vols;
    char *mapped = NULL;

    if (!volume_root || !store[0] || store[1] != ':')
        return xstrdup(store);
    if (vol_enumerate(volume_root, &vols, NULL) == 0) {
        mapped = rules_map_path(&vols, store);
        vol_list_release(&vols);
    }
    return mapped;
}

int cmd_verify(int argc, char **argv)
{
    const char *store = NULL;
    const char *keyfile = NULL;
    const char *usmt = NULL;
    const char *root = NULL;
    bool all = false;
    bool simulate = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;

        if (!strcmp(a, "--help")) {
            usage(stdout);
            return WIZ_EXIT_OK;
        } else if (!strcmp(a, "--all")) {
            all = true;
        } else if (!strcmp(a, "--simulate")) {
            simulate = true;
        } else if (!strcmp(a, "--keyfile") && more) {
            keyfile = argv[++i];
        } else if (!strcmp(a, "--usmt") && more) {
            usmt = argv[++i];
        } else if (!strcmp(a, "--volume-root") && more) {
            root = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "usmtwiz verify: unknown option '%s' (or its "
                            "value is missing)\n", a);
            return WIZ_EXIT_USAGE;
        } else if (store) {
            fprintf(stderr, "usmtwiz verify: one store at a time ('%s' "
                            "and '%s')\n", store, a);
            return WIZ_EXIT_USAGE;
        } else {
            store = a;
        }
    }
    if (!store) {
        usage(stderr);
        return WIZ_EXIT_USAGE;
    }
    if (simulate && root)
        sys_setenv("USMTWIZ_VOLUME_ROOT", root);
    char *local = local_store(store, root);

    if (!local) {
        fprintf(stderr, "usmtwiz verify: '%s' is not on a volume under "
                        "'%s'\n", store, root);
        return WIZ_EXIT_USAGE;
    }
    char *key_host = keyfile ? local_store(keyfile, root) : NULL;

    if (keyfile && (!key_host || !fs_exists(key_host))) {
        fprintf(stderr, "usmtwiz verify: the key file '%s' does not "
                        "exist\n", keyfile);
        free(key_host);
        free(local);
        return WIZ_EXIT_USAGE;
    }
    if (usmt && !fs_is_dir(usmt)) {
        fprintf(stderr, "usmtwiz verify: the USMT folder '%s' does not "
                        "exist\n", usmt);
        free(key_host);
        free(local);
        return WIZ_EXIT_USAGE;
    }
    struct storecheck_result res;
    struct wiz_err err;
    int code;

    if (storecheck_store(local, usmt, simulate, key_host, all, NULL, &res,
                         &err) < 0) {
        fprintf(stderr, "usmtwiz verify: %s\n", err.msg);
        code = WIZ_EXIT_USAGE;
    } else {
        printf("store: %s (%s)\n", store, storecheck_kind_word(res.kind));
        printf("checked by: %s\n",
               res.by_usmtutils ? "usmtutils /verify" : "usmtwiz (usmtutils "
               "not used)");
        printf("result: %s: %s\n", storecheck_verdict_word(res.verdict),
               res.text ? res.text : "");
        code = res.verdict == STORECHECK_GOOD ? WIZ_EXIT_OK
               : res.verdict == STORECHECK_DAMAGED ? WIZ_EXIT_FAIL
                                                   : WIZ_EXIT_RUN_FAILED;
    }
    storecheck_result_release(&res);
    free(key_host);
    free(local);
    return code;
}

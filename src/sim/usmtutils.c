/*
 * usmtutils-sim: the stand-in for usmtutils.exe's /verify (the same
 * program as scanstate-sim, started under a name beginning with
 * "usmtutils").  It checks the practice compressed store for real (our
 * USMT.MIG format, include/lab/migstore.h: every entry's size and
 * checksum with /verify:all, the catalog alone with /verify:catalog), so
 * a store cut short or with flipped bytes is reported damaged.
 *
 *   usmtutils /verify[:summary|all|failureonly|catalog] FILE
 *             [/decrypt[:ALG]] [/keyfile:FILE | /key:KEY] [/l:LOG]
 *   usmtutils /rd STORE
 *
 * /rd removes a store folder and everything in it (reference §7.4: the
 * way to delete a hard-link store whose files are locked): 0 when it is
 * gone, 35 USMT_UNABLE_DELETE_STORE "There was an error removing the
 * store" when it cannot be (or is not there).
 *
 * Return codes, reference §4.1: 0 good; 42 USMT_ERROR_CORRUPTED_STORE
 * "The store contains one or more corrupted files"; 37 "The store holds
 * encrypted data but the correct encryption key was not provided"; 27 "A
 * store path is missing or has incomplete data"; 38 "An error occurred
 * during store access"; 11 for a command line it does not understand.
 * The reference gives neither the syntax (taken from Microsoft's
 * usmtutils page) nor the console wording: the lines printed here are
 * ours.  FILE may be a Windows path, mapped through USMTWIZ_VOLUME_ROOT
 * as scanstate-sim maps them.
 */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/plan/keyfile.h"
#include "lab/migstore.h"
#include "platform/fs.h"
#include "platform/sys.h"

bool sim_is_usmtutils(const char *argv0)
{
    const char *a = strrchr(argv0, '/');
    const char *b = strrchr(argv0, '\\');
    const char *base = a > b ? a + 1 : b ? b + 1 : argv0;

    return str_istarts_with(base, "usmtutils");
}

static int usage_error(const char *what)
{
    printf("\n%s\n\nUsmtUtils return code: 11\n", what);
    return 11;
}

static int verdict(int rc, const char *line)
{
    printf("\n%s\n\nUsmtUtils return code: %d\n", line, rc);
    fflush(stdout);
    return rc;
}

/* usmtutils /rd STORE */
static int remove_store(const char *store)
{
    struct sim_ctx ctx;
    struct wiz_err err;
    const char *root = sys_getenv("USMTWIZ_VOLUME_ROOT");

    memset(&ctx, 0, sizeof(ctx));
    ctx.volume_root = root && *root ? xstrdup(root) : NULL;
    char *path = sim_path(&ctx, store);
    int rc = 0;

    free(ctx.volume_root);
    printf("Removing the store %s\n", store);
    if (!fs_is_dir(path)) {
        printf("There is no store folder '%s'\n", store);
        rc = 35;
    } else if (fs_remove_tree(path, &err) < 0) {
        printf("%s\n", err.msg);
        rc = 35;
    }
    free(path);
    return rc ? verdict(35, "There was an error removing the store")
              : verdict(0, "The store was removed");
}

int sim_usmtutils_main(int argc, char **argv)
{
    const char *mode = NULL;
    const char *file = NULL;
    const char *keyfile = NULL;
    const char *key = NULL;
    bool decrypt = false;

    printf("Microsoft (R) USMT Utility (usmtutils-sim)\n");
    if (argc >= 2 && (str_ieq(argv[1], "/rd") || str_ieq(argv[1], "-rd"))) {
        if (argc != 3)
            return usage_error("Command line option is not valid");
        return remove_store(argv[2]);
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (a[0] != '/' && a[0] != '-') {
            if (file)
                return usage_error("Command line option is not valid");
            file = a;
        } else if (str_ieq(a + 1, "verify")) {
            mode = "summary";
        } else if (str_istarts_with(a + 1, "verify:")) {
            mode = a + 8;
            if (!str_ieq(mode, "summary") && !str_ieq(mode, "all") &&
                !str_ieq(mode, "failureonly") && !str_ieq(mode, "catalog"))
                return usage_error("Command line option is not valid");
        } else if (str_ieq(a + 1, "decrypt") ||
                   str_istarts_with(a + 1, "decrypt:")) {
            decrypt = true;
        } else if (str_istarts_with(a + 1, "keyfile:")) {
            keyfile = a + 9;
        } else if (str_istarts_with(a + 1, "key:")) {
            key = a + 5;
        } else if (str_istarts_with(a + 1, "l:") ||
                   str_istarts_with(a + 1, "v:")) {
            continue;
        } else if (a[0] == '/' && strchr(a + 1, '/') && !file) {
            /* a POSIX path (/tmp/s/USMT/USMT.MIG) is a file, not a switch */
            file = a;
        } else {
            return usage_error("Command line option is not valid");
        }
    }
    if (!mode || !file)
        return usage_error("Command line arguments are required. Specify /? "
                           "for options.");
    if ((key || keyfile) && !decrypt)
        return usage_error("/key or /keyfile used without enabling "
                           "encryption");
    if (key && keyfile)
        return usage_error("/key and /keyfile both specified");

    struct sim_ctx ctx;

    memset(&ctx, 0, sizeof(ctx));
    const char *root = sys_getenv("USMTWIZ_VOLUME_ROOT");

    ctx.volume_root = root && *root ? xstrdup(root) : NULL;
    char *path = sim_path(&ctx, file);
    char *secret = NULL;
    size_t secret_len = 0;
    struct wiz_err err;
    int rc;

    if (keyfile) {
        char *kpath = sim_path(&ctx, keyfile);

        if (fs_read_file(kpath, KEYFILE_MAX_KEY + 1, &secret, &secret_len,
                         &err) < 0) {
            free(kpath);
            free(path);
            free(ctx.volume_root);
            return verdict(33, "Error accessing the file specified by the "
                               "/keyfile parameter");
        }
        free(kpath);
    }
    free(ctx.volume_root);
    printf("Verifying %s (%s)\n", file, mode);
    if (str_ieq(mode, "catalog")) {
        struct migstore_catalog cat;

        if (migstore_read_catalog(path, &cat, &err) < 0) {
            rc = err.code == WIZ_ENOENT ? 27 : err.code == WIZ_EIO ? 38 : 42;
            printf("Catalog: FAILED (%s)\n", err.msg);
        } else {
            bool enc = (cat.flags & MIGSTORE_FLAG_ENCRYPTED) != 0;

            printf("Catalog: OK, %zu files, %llu bytes%s\n", cat.n,
                   (unsigned long long)cat.total_size,
                   enc ? ", encrypted" : "");
            rc = 0;
            if (enc && !secret) {
                printf("The store is encrypted: give /decrypt with its "
                       "key file\n");
                rc = 37;
            }
            migstore_catalog_release(&cat);
        }
    } else {
        uint64_t bad = 0;

        if (migstore_verify(path, secret, &bad, &err) < 0) {
            rc = err.code == WIZ_ENOENT ? 27
                 : err.code == WIZ_EUSAGE ? 37
                 : err.code == WIZ_EIO ? 38 : 42;
            printf("Store: FAILED (%s)\n", err.msg);
        } else {
            printf("Files: %llu corrupted\n", (unsigned long long)bad);
            rc = bad ? 42 : 0;
        }
    }
    if (secret)
        keyfile_free_secret(secret, secret_len);
    free(path);
    switch (rc) {
    case 0:
        return verdict(0, "The store was verified: no corrupted file");
    case 27:
        return verdict(27, "A store path is missing or has incomplete data");
    case 33:
        return verdict(33, "Error accessing the file specified by the "
                           "/keyfile parameter");
    case 37:
        return verdict(37, "The store holds encrypted data but the correct "
                           "encryption key was not provided");
    case 38:
        return verdict(38, "An error occurred during store access");
    default:
        return verdict(42, "The store contains one or more corrupted "
                           "files");
    }
}

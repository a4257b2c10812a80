/*
 * Hive reading: arbitrary bytes as a hive file; open it read-only and walk
 * every key and value (bounded), as inspect does on a damaged PC.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/err.h"
#include "core/offline/hive.h"
#include "fuzz.h"
#include "platform/fs.h"

static unsigned budget;

static void walk(struct hive *h, size_t node, int depth)
{
    size_t *kids = NULL;
    size_t *vals = NULL;
    size_t nk = 0;
    size_t nv = 0;

    if (depth > 32 || budget == 0)
        return;
    budget--;
    free(hive_node_name(h, node));
    (void)hive_node_mtime(h, node);
    if (hive_values(h, node, &vals, &nv, NULL) == 0) {
        for (size_t i = 0; i < nv && i < 64; i++) {
            struct hive_value v;
            char *name = hive_value_name(h, vals[i]);

            if (hive_value_read(h, vals[i], &v, NULL) == 0)
                hive_value_release(&v);
            /* by name too, for the first few: each is a lookup */
            if (i < 4) {
                char *s = NULL;

                hive_get_string(h, node, name, &s, NULL);
                free(s);
            }
            free(name);
        }
        free(vals);
    }
    if (hive_children(h, node, &kids, &nk, NULL) == 0) {
        for (size_t i = 0; i < nk && i < 64; i++)
            walk(h, kids[i], depth + 1);
        free(kids);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /*
     * One file, made once and rewritten for each input (run.sh points
     * TMPDIR at a tmpfs): hivex opens hives by name only.
     */
    static char *dir;
    static char *path;
    struct wiz_err err;
    struct hive *h;
    struct hive_header hdr;

    if (!dir) {
        if (fs_make_temp_dir("fuzz-hive", &dir, &err) < 0)
            abort();
        path = fs_join(dir, "hive");
    }
    /* not fs_write_file: its fsync and rename cost more than the rest */
    FILE *f = fopen(path, "wb");

    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    hive_read_header(path, &hdr, &err);
    if (hive_open(path, false, &h, &err) == 0) {
        budget = 500;
        walk(h, hive_root(h), 0);
        hive_close(h);
    }
    return 0;
}

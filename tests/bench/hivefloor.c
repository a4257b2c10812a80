/*
 * The floor for reading hives: one process that opens each hive with
 * hivex and reads one value, nothing else (a bench tool, not part of
 * usmtwiz).
 *
 *   hivefloor HIVE KEY VALUE [HIVE KEY VALUE]...
 *
 * KEY is backslash-separated below the root; VALUE "@" is the default
 * value.  Prints the length of each value read; fails when one is missing.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hivex.h>

static hive_node_h lookup(hive_h *h, const char *path)
{
    hive_node_h node = hivex_root(h);
    char *copy = strdup(path);
    char *save = NULL;

    for (char *part = strtok_r(copy, "\\", &save); part && node;
         part = strtok_r(NULL, "\\", &save))
        node = hivex_node_get_child(h, node, part);
    free(copy);
    return node;
}

int main(int argc, char **argv)
{
    if (argc < 4 || (argc - 1) % 3 != 0) {
        fputs("usage: hivefloor HIVE KEY VALUE...\n", stderr);
        return 2;
    }
    for (int i = 1; i + 2 < argc; i += 3) {
        hive_h *h = hivex_open(argv[i], 0);

        if (!h) {
            perror(argv[i]);
            return 1;
        }
        hive_node_h node = lookup(h, argv[i + 1]);
        hive_value_h val = node ? hivex_node_get_value(
            h, node, strcmp(argv[i + 2], "@") ? argv[i + 2] : "") : 0;
        hive_type t;
        size_t len = 0;
        char *data = val ? hivex_value_value(h, val, &t, &len) : NULL;

        if (!data) {
            fprintf(stderr, "hivefloor: no value '%s' in '%s'\n", argv[i + 2],
                    argv[i]);
            return 1;
        }
        printf("%zu\n", len);
        free(data);
        hivex_close(h);
    }
    return 0;
}

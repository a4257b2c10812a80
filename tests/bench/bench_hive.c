/*
 * Benchmarks of hive building and reading (not a test: prints numbers for
 * tests/bench/hive.sh).
 *   bench_hive gen FILE KEYS WIDE   write a .reg of KEYS keys (4 values
 *                                   each) like a SOFTWARE export; WIDE of
 *                                   them are siblings under one key (as
 *                                   Classes or CLSID are)
 *   bench_hive direct HIVE REG      regimport_new_hive (tree in memory,
 *                                   written in one go)
 *   bench_hive hivex HIVE REG       empty hive + hivex, key by key (what
 *                                   hivexregedit --merge does)
 *   bench_hive walk HIVE            every key and value through hive.h
 * direct/hivex print "seconds cpu_seconds hive_bytes peak_rss_kb"; walk
 * prints "seconds cpu_seconds keys values peak_rss_kb".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/err.h"
#include "core/offline/hive.h"
#include "lab/regf.h"
#include "lab/regimport.h"
#include "platform/fs.h"

static const char *const STRIP = "HKEY_LOCAL_MACHINE\\SOFTWARE";
static const int64_t MTIME = 1700000000;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* User + system CPU seconds: the machine may be busy with other work. */
static double cpu_seconds(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static long peak_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void key_body(FILE *f, unsigned long i)
{
    fprintf(f, "\"DisplayName\"=\"Component %lu of a product\"\r\n", i);
    fprintf(f, "\"InstallLocation\"=\"C:\\\\Program Files\\\\Vendor%03lu\\\\"
               "Product%03lu\"\r\n", i % 997, i % 331);
    fprintf(f, "\"Version\"=dword:%08lx\r\n", i);
    fprintf(f, "\"Blob\"=hex:");
    for (int j = 0; j < 64; j++)
        fprintf(f, "%02lx%s", (i + (unsigned long)j) & 0xff,
                j == 63 ? "\r\n\r\n" : ",");
}

static int gen(const char *path, unsigned long keys, unsigned long wide)
{
    FILE *f = fopen(path, "wb");

    if (!f)
        return 1;
    fprintf(f, "Windows Registry Editor Version 5.00\r\n\r\n");
    for (unsigned long i = 0; i < wide && i < keys; i++) {
        fprintf(f, "[%s\\Classes\\CLSID\\{%08lx-0000-4000-8000-%012lu}]\r\n",
                STRIP, i * 2654435761u & 0xffffffffu, i);
        key_body(f, i);
    }
    for (unsigned long i = wide; i < keys; i++) {
        fprintf(f, "[%s\\Vendor%02lu\\Product%03lu\\Component%05lu]\r\n",
                STRIP, i % 40, (i / 40) % 100, i);
        key_body(f, i);
    }
    return fclose(f) != 0;
}

static unsigned long long file_size(const char *path)
{
    struct fs_stat st;

    if (fs_stat(path, &st, NULL) < 0)
        return 0;
    return st.size;
}

static int build_hivex(const char *hive, const char *reg, struct wiz_err *err)
{
    struct hive *h;
    int r;

    if (regf_create_empty(hive, "ROOT", MTIME, err) < 0 ||
        hive_open(hive, true, &h, err) < 0)
        return -1;
    r = regimport_file(h, reg, STRIP, err);
    if (r == 0)
        r = hive_commit(h, NULL, err);
    hive_close(h);
    return r;
}

static void walk(struct hive *h, size_t node, unsigned long *keys,
                 unsigned long *values)
{
    size_t *kids, n, *vals, nv;

    (*keys)++;
    free(hive_node_name(h, node));
    if (hive_values(h, node, &vals, &nv, NULL) == 0) {
        for (size_t i = 0; i < nv; i++) {
            struct hive_value v;

            free(hive_value_name(h, vals[i]));
            if (hive_value_read(h, vals[i], &v, NULL) == 0)
                hive_value_release(&v);
            (*values)++;
        }
        free(vals);
    }
    if (hive_children(h, node, &kids, &n, NULL) == 0) {
        for (size_t i = 0; i < n; i++)
            walk(h, kids[i], keys, values);
        free(kids);
    }
}

int main(int argc, char **argv)
{
    struct wiz_err err;
    double t0;

    if (argc == 5 && strcmp(argv[1], "gen") == 0)
        return gen(argv[2], strtoul(argv[3], NULL, 10),
                   strtoul(argv[4], NULL, 10));
    if (argc == 4 && strcmp(argv[1], "direct") == 0) {
        const char *files[] = { argv[3] };

        remove(argv[2]);    /* run after run by benchtime */
        t0 = now();
        if (regimport_new_hive(argv[2], "ROOT", MTIME, files, 1, STRIP,
                               &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        printf("%.3f %.3f %llu %ld\n", now() - t0, cpu_seconds(),
               file_size(argv[2]), peak_rss_kb());
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "hivex") == 0) {
        remove(argv[2]);
        t0 = now();
        if (build_hivex(argv[2], argv[3], &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        printf("%.3f %.3f %llu %ld\n", now() - t0, cpu_seconds(),
               file_size(argv[2]), peak_rss_kb());
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "walk") == 0) {
        struct hive *h;
        unsigned long keys = 0, values = 0;

        t0 = now();
        if (hive_open(argv[2], false, &h, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        walk(h, hive_root(h), &keys, &values);
        hive_close(h);
        printf("%.3f %.3f %lu %lu %ld\n", now() - t0, cpu_seconds(), keys,
               values, peak_rss_kb());
        return 0;
    }
    fprintf(stderr, "usage: bench_hive gen FILE KEYS WIDE | direct HIVE REG"
                    " | hivex HIVE REG | walk HIVE\n");
    return 2;
}

/*
 * The log readers as whole processes, for tests/bench/logs.sh to time
 * (not a test).
 *   bench_logs gen-progress FILE MB   write a progress log of MB megabytes
 *   bench_logs gen-sclog FILE MB      write a scanstate.log of MB megabytes
 *   bench_logs progress FILE          read FILE with the progress reader;
 *                                     prints the records
 *   bench_logs sclog FILE             read FILE with the scanstate.log
 *                                     reader; prints records and errors
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "core/run/progress.h"
#include "core/run/sclog.h"

static void write_progress(const char *path, unsigned long long bytes)
{
    FILE *f = fopen(path, "wb");
    unsigned long long n = 0;
    unsigned i = 0;

    if (!f) {
        perror(path);
        exit(2);
    }
    n += (unsigned long long)fprintf(f,
        "24 Nov 2026, 10:00:00 +01:00, 00:00:00, program, scanstate.exe, "
        "productVersion, \"10.0.22621.1 (ni_release.220506-1250)\", "
        "computerName, MINWINPC, commandLine, \"X:\\USMT\\scanstate.exe "
        "E:\\store /offlineWinDir:D:\\Windows /c\"\r\n");
    while (n < bytes) {
        unsigned s = i % 86400;

        switch (i % 4) {
        case 0:
            n += (unsigned long long)fprintf(f,
                "24 Nov 2026, %02u:%02u:%02u +01:00, %02u:%02u:%02u, "
                "totalPercentageCompleted, %u\r\n", s / 3600, s / 60 % 60,
                s % 60, s / 3600, s / 60 % 60, s % 60, i % 100);
            break;
        case 1:
            n += (unsigned long long)fprintf(f,
                "24 Nov 2026, %02u:%02u:%02u +01:00, %02u:%02u:%02u, "
                "forUser, S-1-5-21-1-2-3-%u, totalSizeInMBToTransfer, "
                "%u.5\r\n", s / 3600, s / 60 % 60, s % 60, s / 3600,
                s / 60 % 60, s % 60, 1000 + i % 300, i % 5000);
            break;
        case 2:
            n += (unsigned long long)fprintf(f,
                "24 Nov 2026, %02u:%02u:%02u +01:00, %02u:%02u:%02u, error, "
                "UnableToOpen, objectName, \"D:\\Users\\u%u\\AppData\\Local"
                "\\a, b %u.dat\", action, Ignore\r\n", s / 3600,
                s / 60 % 60, s % 60, s / 3600, s / 60 % 60, s % 60, i % 300,
                i);
            break;
        default:
            n += (unsigned long long)fprintf(f,
                "24 Nov 2026, %02u:%02u:%02u +01:00, %02u:%02u:%02u, PHASE, "
                "Gathering\r\n", s / 3600, s / 60 % 60, s % 60, s / 3600,
                s / 60 % 60, s % 60);
        }
        i++;
    }
    fclose(f);
}

static void write_sclog(const char *path, unsigned long long bytes)
{
    FILE *f = fopen(path, "wb");
    unsigned long long n = 0;
    unsigned i = 0;

    if (!f) {
        perror(path);
        exit(2);
    }
    while (n < bytes) {
        if (i % 100 == 7)
            n += (unsigned long long)fprintf(f,
                "2026-11-24 10:%02u:%02u, Error                 [0x0802e9] "
                "Unable to copy D:\\Users\\u%u\\file%u.pst[gle=0x00000020]"
                "\r\n", i / 60 % 60, i % 60, i % 300, i);
        else if (i % 50 == 3)
            n += (unsigned long long)fprintf(f,
                "  continuation of a long message for record %u\r\n", i);
        else
            n += (unsigned long long)fprintf(f,
                "2026-11-24 10:%02u:%02u, Info                  [0x000000] "
                "Processing D:\\Users\\u%u\\Documents\\report %u.docx\r\n",
                i / 60 % 60, i % 60, i % 300, i);
        i++;
    }
    fclose(f);
}

/* Read path to the end with one reader; prints the records. */
static int read_progress(const char *path)
{
    struct progress_reader *r = progress_reader_new(path);
    struct wiz_err err;
    bool changed;

    do {
        if (progress_reader_poll(r, &changed, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
    } while (changed);
    printf("%llu\n",
           (unsigned long long)progress_reader_state(r)->records);
    progress_reader_free(r);
    return 0;
}

static int read_sclog(const char *path)
{
    struct sclog_reader *r = sclog_reader_new(path);
    struct wiz_err err;
    bool changed;

    do {
        if (sclog_reader_poll(r, &changed, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
    } while (changed);
    sclog_reader_finish(r);
    const struct sclog_state *st = sclog_reader_state(r);

    printf("%llu %llu\n", (unsigned long long)st->records,
           (unsigned long long)st->by_level[SCLOG_ERROR]);
    sclog_reader_free(r);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "gen-progress")) {
        write_progress(argv[2], strtoull(argv[3], NULL, 10) << 20);
        return 0;
    }
    if (argc == 4 && !strcmp(argv[1], "gen-sclog")) {
        write_sclog(argv[2], strtoull(argv[3], NULL, 10) << 20);
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "progress"))
        return read_progress(argv[2]);
    if (argc == 3 && !strcmp(argv[1], "sclog"))
        return read_sclog(argv[2]);
    fputs("usage: bench_logs gen-progress|gen-sclog FILE MB | "
          "progress|sclog FILE\n", stderr);
    return 2;
}

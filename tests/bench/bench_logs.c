/*
 * Benchmarks of the log readers (not a test: prints BENCH lines).
 *   bench_logs progress FILE MB    write a progress log of MB megabytes,
 *                                  then time the incremental reader on it
 *   bench_logs sclog FILE MB       write a scanstate.log of MB megabytes,
 *                                  then time the reader (the caller times
 *                                  `grep -c Error` on the same file)
 * Prints "seconds bytes records" for the caller to turn into BENCH lines.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/err.h"
#include "core/run/progress.h"
#include "core/run/sclog.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

int main(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: bench_logs progress|sclog FILE MB\n", stderr);
        return 2;
    }
    unsigned long long bytes = strtoull(argv[3], NULL, 10) << 20;
    struct wiz_err err;
    bool changed;
    double t0;
    double t1;
    unsigned long long records;

    if (!strcmp(argv[1], "progress")) {
        write_progress(argv[2], bytes);
        struct progress_reader *r = progress_reader_new(argv[2]);

        t0 = now();
        do {
            if (progress_reader_poll(r, &changed, &err) < 0) {
                fprintf(stderr, "%s\n", err.msg);
                return 1;
            }
        } while (changed);
        t1 = now();
        records = progress_reader_state(r)->records;
        progress_reader_free(r);
    } else {
        write_sclog(argv[2], bytes);
        struct sclog_reader *r = sclog_reader_new(argv[2]);

        t0 = now();
        do {
            if (sclog_reader_poll(r, &changed, &err) < 0) {
                fprintf(stderr, "%s\n", err.msg);
                return 1;
            }
        } while (changed);
        t1 = now();
        records = sclog_reader_state(r)->records;
        sclog_reader_free(r);
    }
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    printf("%.4f %llu %llu %ld\n", t1 - t0, bytes, records, ru.ru_maxrss);
    return 0;
}

/*
 * Times users_size_path over the given folders (the profile sizing of the
 * Users screen) and prints: seconds files bytes links_skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/err.h"
#include "core/offline/users.h"

static double now(void)
{
    struct timespec ts;

    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    unsigned long long files = 0, bytes = 0, links = 0;
    double t0 = now();

    for (int i = 1; i < argc; i++) {
        struct size_result r;
        struct wiz_err err;

        if (users_size_path(argv[i], NULL, NULL, &r, &err) < 0) {
            fprintf(stderr, "bench_sizing: %s\n", err.msg);
            return 2;
        }
        files += r.files;
        bytes += r.bytes;
        links += r.links_skipped;
    }
    printf("%.4f %llu %llu %llu\n", now() - t0, files, bytes, links);
    return 0;
}

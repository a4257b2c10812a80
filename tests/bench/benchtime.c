/*
 * Times whole processes the same way for both sides of a comparison (a
 * bench tool, not part of usmtwiz; POSIX directly):
 *
 *   benchtime [-n RUNS] [-o FILE] [-s] -- CMD [ARG...]
 *
 * Runs CMD once to warm the caches (not counted), then RUNS times (at
 * least 3, default 5), each with stdout into FILE (default /dev/null is
 * avoided on purpose: GNU grep stops at the first match when it sees its
 * output is /dev/null) and stderr into FILE.err.  Prints one line:
 *
 *   <median wall s> <median cpu s> <min wall s> <max wall s> <runs>
 *
 * where cpu is user + system time of the child (wait4).  A run that exits
 * non-zero or dies from a signal makes benchtime fail (exit 1) with the
 * reason on stderr, unless -s (any exit status is accepted).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One run; wall and cpu seconds; -1 when it could not run or failed. */
static int run_once(char **argv, const char *out, int any_status,
                    double *wall, double *cpu)
{
    char err_path[4096];
    struct rusage ru;
    int status;
    double t0 = now();
    pid_t pid = fork();

    if (pid < 0) {
        perror("benchtime: fork");
        return -1;
    }
    if (pid == 0) {
        int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

        snprintf(err_path, sizeof(err_path), "%s.err", out);
        int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

        if (fd < 0 || fe < 0 || dup2(fd, 1) < 0 || dup2(fe, 2) < 0)
            _exit(126);
        close(fd);
        close(fe);
        execvp(argv[0], argv);
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("benchtime: wait4");
        return -1;
    }
    *wall = now() - t0;
    *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "benchtime: '%s' died from signal %d\n", argv[0],
                WTERMSIG(status));
        return -1;
    }
    if (WEXITSTATUS(status) == 127 || WEXITSTATUS(status) == 126) {
        fprintf(stderr, "benchtime: cannot run '%s'\n", argv[0]);
        return -1;
    }
    if (!any_status && WEXITSTATUS(status) != 0) {
        fprintf(stderr, "benchtime: '%s' exited with %d (see %s.err)\n",
                argv[0], WEXITSTATUS(status), out);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 5;
    const char *out = "benchtime.out";
    int any_status = 0;
    int i = 1;

    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            runs = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(argv[i], "-s")) {
            any_status = 1;
        } else {
            break;
        }
    }
    if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
        fputs("usage: benchtime [-n RUNS] [-o FILE] [-s] -- CMD [ARG...]\n",
              stderr);
        return 2;
    }
    if (runs < 3)
        runs = 3;
    if (runs > 99)
        runs = 99;
    char **cmd = argv + i + 1;
    double wall[99];
    double cpu[99];
    double w;
    double c;

    if (run_once(cmd, out, any_status, &w, &c) < 0)
        return 1;
    for (int k = 0; k < runs; k++) {
        if (run_once(cmd, out, any_status, &wall[k], &cpu[k]) < 0)
            return 1;
    }
    double lo = wall[0];
    double hi = wall[0];

    for (int k = 1; k < runs; k++) {
        lo = wall[k] < lo ? wall[k] : lo;
        hi = wall[k] > hi ? wall[k] : hi;
    }
    printf("%.4f %.4f %.4f %.4f %d\n", median(wall, runs), median(cpu, runs),
           lo, hi, runs);
    return 0;
}

/*
 * Time from starting a program on a fresh 80x24 pseudo-terminal to text
 * showing on it (a bench tool, not part of usmtwiz; POSIX directly):
 *
 *   benchpty [-n RUNS] REGEX -- CMD [ARG...]
 *
 * Runs CMD once to warm the caches (not counted), then RUNS times (at
 * least 3): each time a new pty (TERM=xterm-256color), CMD on it, and the
 * output read until REGEX (POSIX extended) matches it with escape
 * sequences and blanks removed (curses may move the cursor instead of
 * writing spaces, so "Step 1 of 9" is matched as "Step1of9").  The
 * program is then killed.  Prints "<median ms> <min ms> <max ms> <runs>";
 * fails (exit 1) when the text does not show within 10 s.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Append raw terminal output to text, without escapes and blanks. */
static void add_text(char *text, size_t *len, size_t cap, const char *raw,
                     size_t n, int *esc)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)raw[i];

        if (*esc == 1) {
            *esc = (c == '[' || c == ']' || c == '(' || c == ')') ? 2 : 0;
            continue;
        }
        if (*esc == 2) {
            /* CSI / OSC / charset: ends at a final byte or BEL */
            if ((c >= 0x40 && c <= 0x7e) || c == 7)
                *esc = 0;
            continue;
        }
        if (c == 0x1b) {
            *esc = 1;
            continue;
        }
        if (c <= ' ' || c == 0x7f)
            continue;
        if (*len + 1 < cap) {
            text[(*len)++] = (char)c;
            text[*len] = '\0';
        }
    }
}

/* One run; milliseconds to the text, or -1. */
static double run_once(char **argv, const regex_t *re)
{
    struct winsize ws = { 24, 80, 0, 0 };
    int fd;
    double t0 = now_ms();
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    static char text[1 << 20];
    size_t len = 0;
    int esc = 0;
    double found = -1;

    if (pid < 0) {
        perror("benchpty: forkpty");
        return -1;
    }
    if (pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        execvp(argv[0], argv);
        _exit(127);
    }
    text[0] = '\0';
    while (now_ms() - t0 < 10000) {
        struct pollfd p = { fd, POLLIN, 0 };
        char buf[65536];

        if (poll(&p, 1, 100) <= 0)
            continue;
        ssize_t n = read(fd, buf, sizeof(buf));

        if (n <= 0)
            break;
        add_text(text, &len, sizeof(text), buf, (size_t)n, &esc);
        if (regexec(re, text, 0, NULL, 0) == 0) {
            found = now_ms() - t0;
            break;
        }
    }
    kill(pid, SIGKILL);
    close(fd);
    waitpid(pid, NULL, 0);
    if (found < 0)
        fprintf(stderr, "benchpty: '%s' did not show within 10 s; the "
                "terminal showed: %.300s\n", argv[0], text);
    return found;
}

int main(int argc, char **argv)
{
    int runs = 5;
    int i = 1;

    if (i + 1 < argc && !strcmp(argv[i], "-n")) {
        runs = atoi(argv[i + 1]);
        i += 2;
    }
    if (i + 2 >= argc || strcmp(argv[i + 1], "--") != 0) {
        fputs("usage: benchpty [-n RUNS] REGEX -- CMD [ARG...]\n", stderr);
        return 2;
    }
    regex_t re;

    if (regcomp(&re, argv[i], REG_EXTENDED | REG_NOSUB) != 0) {
        fprintf(stderr, "benchpty: bad regex '%s'\n", argv[i]);
        return 2;
    }
    if (runs < 3)
        runs = 3;
    if (runs > 99)
        runs = 99;
    char **cmd = argv + i + 2;
    double t[99];

    if (run_once(cmd, &re) < 0)
        return 1;
    for (int k = 0; k < runs; k++) {
        t[k] = run_once(cmd, &re);
        if (t[k] < 0)
            return 1;
    }
    qsort(t, (size_t)runs, sizeof(t[0]), cmp_double);
    double med = runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;

    printf("%.2f %.2f %.2f %d\n", med, t[0], t[runs - 1], runs);
    regfree(&re);
    return 0;
}

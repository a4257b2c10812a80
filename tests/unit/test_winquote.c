#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/plan/winquote.h"
#include "platform/fs.h"
#include "../support/testlib.h"

struct split_case {
    const char *line;
    const char *want[6]; /* NULL-terminated */
};

/* Cases worked out by hand from the C runtime's documented rules. */
static const struct split_case split_cases[] = {
    { "a b c", { "a", "b", "c", NULL } },
    { "  a\t\tb  ", { "a", "b", NULL } },
    { "\"a b\" c", { "a b", "c", NULL } },
    { "a\\\\b", { "a\\\\b", NULL } },
    { "a\\\\\\\"b", { "a\\\"b", NULL } },            /* a\\\"b → a\"b */
    { "\"a\\\\\" b", { "a\\", "b", NULL } },          /* "a\\" b */
    { "a\\\"b", { "a\"b", NULL } },
    { "\"ab\\\"c\" \"\\\\\" d", { "ab\"c", "\\", "d", NULL } },
    { "\"\"", { "", NULL } },
    { "\"\" \"\"", { "", "", NULL } },
    { "\"a\"\"b\"", { "a\"b", NULL } },               /* "" inside quotes */
    { "\"a\"\"\"b", { "a\"b", NULL } },
    { "a\"b c\"d", { "ab cd", NULL } },
    { "/i:\"C:\\My Files\\x.xml\" /o", { "/i:C:\\My Files\\x.xml", "/o",
                                        NULL } },
    { "\"unterminated arg", { "unterminated arg", NULL } },
    { "C:\\dir\\ x", { "C:\\dir\\", "x", NULL } },
    { "", { NULL } },
    { "   ", { NULL } },
};

static void check_split(const char *line, enum winquote_flags flags,
                        const char *const *want)
{
    struct winquote_argv a;
    struct wiz_err err;
    size_t n = 0;

    winquote_argv_init(&a);
    assert_int_equal(winquote_split(line, flags, 0, 0, &a, &err), 0);
    while (want[n]) {
        n++;
    }
    if (a.argc != n) {
        fail_msg("'%s': %zu arguments, want %zu", line, a.argc, n);
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(a.argv[i], want[i]) != 0) {
            fail_msg("'%s': argument %zu is '%s', want '%s'", line, i,
                     a.argv[i], want[i]);
        }
    }
    if (a.argv) {
        assert_null(a.argv[a.argc]);
    }
    winquote_argv_release(&a);
}

static void test_winquote_split_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]);
         i++) {
        check_split(split_cases[i].line, 0, split_cases[i].want);
    }
}

static void test_winquote_split_program_name_rule(void **state)
{
    static const char *const want1[] = {
        "C:\\Program Files\\x\\", "a\"b", NULL
    };
    static const char *const want2[] = { "C:\\x\\scan\\", "\\\\", NULL };
    static const char *const want3[] = { "", "a", NULL };

    (void)state;
    /* in argv[0] the backslash before a quote is literal */
    check_split("\"C:\\Program Files\\x\\\" a\\\"b", WINQUOTE_PROGRAM_NAME,
                want1);
    check_split("C:\\x\\scan\\ \\\\", WINQUOTE_PROGRAM_NAME, want2);
    check_split("\"\" a", WINQUOTE_PROGRAM_NAME, want3);
}

static void test_winquote_split_limits(void **state)
{
    struct winquote_argv a;
    struct wiz_err err;

    (void)state;
    winquote_argv_init(&a);
    assert_int_equal(winquote_split("a b c d", 0, 0, 3, &a, &err), -1);
    assert_int_equal(err.code, WIZ_ELIMIT);
    winquote_argv_release(&a);
    assert_int_equal(winquote_split("a b c", 0, 4, 0, &a, &err), -1);
    assert_int_equal(err.code, WIZ_ELIMIT);
    winquote_argv_release(&a);
    assert_int_equal(winquote_split("a b c", 0, 5, 3, &a, &err), 0);
    assert_int_equal(a.argc, 3);
    winquote_argv_release(&a);
}

/* join then split must give the same arguments back */
static void round_trip(const char *const *args, size_t n)
{
    char *line = winquote_join(NULL, args, n);
    struct winquote_argv a;
    struct wiz_err err;

    winquote_argv_init(&a);
    assert_int_equal(winquote_split(line, 0, 0, 0, &a, &err), 0);
    if (a.argc != n) {
        fail_msg("line '%s': %zu arguments, want %zu", line, a.argc, n);
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(a.argv[i], args[i]) != 0) {
            fail_msg("line '%s': argument %zu '%s' != '%s'", line, i,
                     a.argv[i], args[i]);
        }
    }
    winquote_argv_release(&a);
    free(line);
}

static void test_winquote_round_trip_nasty_table(void **state)
{
    static const char *const nasty[] = {
        "", " ", "\t", "a b", "\"", "\"\"", "\\", "\\\\", "a\\", "a\\\\",
        "C:\\Program Files\\", "C:\\Program Files\\\\", "\\\"", "\\\\\"",
        "a\"b", "a\\\"b", "\" \"", "end\\ ", "x\ny", "x\vy",
        "/i:C:\\My Files\\x.xml", "/ue:*\\*", "/key:pa ss\"wo\\rd\\",
        "%computername%\\*", "\xC3\xA9l\xC3\xA8ve \xE6\x9D\x8E",
        "trailing space ", " leading", "\\\\server\\share\\",
    };
    size_t n = sizeof(nasty) / sizeof(nasty[0]);

    (void)state;
    round_trip(nasty, n);
    for (size_t i = 0; i < n; i++) {
        round_trip(&nasty[i], 1);
    }
}

/* xorshift32: a fixed seed gives the same arguments on every run */
static uint32_t next_rand(uint32_t *s)
{
    uint32_t x = *s;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

static void test_winquote_round_trip_generated(void **state)
{
    /* bytes biased towards the characters that matter */
    static const char special[] = { '\\', '"', ' ', '\t', 'a', '\\', '"' };
    uint32_t seed = 0x5eed1234u;

    (void)state;
    for (int round = 0; round < 2000; round++) {
        size_t n = 1 + next_rand(&seed) % 5;
        char *args[5];

        for (size_t i = 0; i < n; i++) {
            size_t len = next_rand(&seed) % 12;

            args[i] = xmalloc(len + 1);
            for (size_t j = 0; j < len; j++) {
                uint32_t r = next_rand(&seed);
                char c;

                if (r % 2) {
                    c = special[(r >> 8) % sizeof(special)];
                } else {
                    c = (char)(1 + (r >> 8) % 255); /* any byte but NUL */
                }
                args[i][j] = c;
            }
            args[i][len] = '\0';
        }
        round_trip((const char *const *)args, n);
        for (size_t i = 0; i < n; i++) {
            free(args[i]);
        }
    }
}

static void test_winquote_quote_leaves_plain_args(void **state)
{
    char *q;

    (void)state;
    q = winquote_quote("/offlineWinDir:D:\\Windows");
    assert_string_equal(q, "/offlineWinDir:D:\\Windows");
    free(q);
    q = winquote_quote("C:\\a b\\");
    assert_string_equal(q, "\"C:\\a b\\\\\"");
    free(q);
    q = winquote_quote("");
    assert_string_equal(q, "\"\"");
    free(q);
    q = winquote_join("C:\\Program Files\\USMT\\scanstate.exe",
                      (const char *const[]){ "E:\\s", "/o" }, 2);
    assert_string_equal(q,
                        "\"C:\\Program Files\\USMT\\scanstate.exe\" E:\\s /o");
    free(q);
}

/* Each line is one process start under wine: keep the number modest. */
#define ORACLE_LINES 120

/*
 * An independent oracle: a MinGW program run under wine, whose C runtime
 * (wine's msvcrt) splits each line; skipped when either tool is missing.
 */
static const char oracle_child[] =
    "#include <stdio.h>\n"
    "int main(int argc, char **argv)\n"
    "{\n"
    "    for (int i = 1; i < argc; i++) {\n"
    "        for (const unsigned char *p = (const unsigned char *)argv[i];\n"
    "             *p; p++)\n"
    "            printf(\"%02x\", *p);\n"
    "        printf(\"|\\n\");\n"
    "    }\n"
    "    return 0;\n"
    "}\n";

static const char oracle_launcher[] =
    "#include <windows.h>\n"
    "#include <stdio.h>\n"
    "#include <string.h>\n"
    "int main(int argc, char **argv)\n"
    "{\n"
    "    static char line[8192], cmd[8300];\n"
    "    FILE *f = argc > 1 ? fopen(argv[1], \"rb\") : NULL;\n"
    "    if (!f) return 2;\n"
    "    while (fgets(line, sizeof line, f)) {\n"
    "        size_t n = strlen(line);\n"
    "        STARTUPINFOA si;\n"
    "        PROCESS_INFORMATION pi;\n"
    "        while (n && line[n - 1] == '\\n') line[--n] = 0;\n"
    "        snprintf(cmd, sizeof cmd, \"child.exe %s\", line);\n"
    "        memset(&si, 0, sizeof si);\n"
    "        si.cb = sizeof si;\n"
    "        fflush(stdout);\n"
    "        if (!CreateProcessA(\"child.exe\", cmd, NULL, NULL, TRUE, 0,\n"
    "                            NULL, NULL, &si, &pi)) {\n"
    "            printf(\"error %lu|\\n--\\n\", GetLastError());\n"
    "            continue;\n"
    "        }\n"
    "        WaitForSingleObject(pi.hProcess, INFINITE);\n"
    "        CloseHandle(pi.hProcess);\n"
    "        CloseHandle(pi.hThread);\n"
    "        printf(\"--\\n\");\n"
    "        fflush(stdout);\n"
    "    }\n"
    "    return 0;\n"
    "}\n";

static bool have_tool(const char *name)
{
    char *cmd = xasprintf("command -v %s >/dev/null 2>&1", name);
    int status;
    char *out = test_run(cmd, &status);

    free(out);
    free(cmd);
    return status == 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/*
 * Compare the oracle's "hex|" lines for one command line with ours.
 * Returns where the next block starts; on a difference or garbled output
 * it returns NULL with the reason in why.
 */
static char *oracle_block(char *out, const char *line, char *why,
                          size_t whylen)
{
    struct winquote_argv a;
    struct wiz_err err;
    size_t i = 0;
    char *next = NULL;

    winquote_argv_init(&a);
    assert_int_equal(winquote_split(line, 0, 0, 0, &a, &err), 0);
    while (out && strncmp(out, "--", 2) != 0) {
        char *end = strchr(out, '|');
        char arg[4096];
        size_t n = 0;

        if (!end || (end - out) % 2 || end - out >= 8000) {
            snprintf(why, whylen, "line [%.80s]: garbled output", line);
            goto out;
        }
        for (char *p = out; p < end; p += 2) {
            int hi = hexval(p[0]);
            int lo = hexval(p[1]);

            if (hi < 0 || lo < 0) {
                snprintf(why, whylen, "line [%.80s]: garbled output", line);
                goto out;
            }
            arg[n++] = (char)(hi * 16 + lo);
        }
        arg[n] = '\0';
        if (i >= a.argc || strcmp(a.argv[i], arg) != 0) {
            snprintf(why, whylen,
                     "line [%.80s]: the C runtime gives argument %zu [%.80s], "
                     "we give [%.80s]", line, i, arg,
                     i < a.argc ? a.argv[i] : "(none)");
            goto out;
        }
        i++;
        out = strchr(end, '\n');
        out = out ? out + 1 : NULL;
    }
    if (!out) {
        snprintf(why, whylen, "line [%.80s]: output ends early", line);
    } else if (i != a.argc) {
        snprintf(why, whylen,
                 "line [%.80s]: the C runtime gives %zu arguments, we give %zu",
                 line, i, a.argc);
    } else {
        next = strchr(out, '\n');
        next = next ? next + 1 : out + strlen(out);
    }
out:
    winquote_argv_release(&a);
    return next;
}

/* Run the oracle over lines.txt; "" in why when all lines agree. */
static bool run_oracle(const char *dir, char *const *list, size_t n,
                       char *why, size_t whylen)
{
    char *cmd = xasprintf("cd '%s' && WINEDEBUG=-all wine launch.exe "
                          "lines.txt 2>/dev/null", dir);
    int status;
    char *out = test_run(cmd, &status);
    char *cursor = out;

    free(cmd);
    why[0] = '\0';
    if (status != 0 || !strstr(out, "--")) {
        snprintf(why, whylen, "wine did not run the oracle (status %d)",
                 status);
        free(out);
        return false;
    }
    /* wine may turn "\n" into "\r\n" */
    for (char *p = out; *p; p++) {
        if (*p == '\r') {
            *p = ' ';
        }
    }
    for (size_t i = 0; i < n && cursor; i++) {
        cursor = oracle_block(cursor, list[i], why, whylen);
    }
    free(out);
    return true;
}

static void test_winquote_split_matches_msvcrt_under_wine(void **state)
{
    static const char alphabet[] = "\\\"\\\" \t ab\\\"x:/";
    char *dir;
    char *path;
    char *cmd;
    char *out;
    int status;
    struct strbuf_like {
        char *buf;
        size_t len;
    } lines = { NULL, 0 };
    char **list = xcalloc(ORACLE_LINES, sizeof(*list));
    size_t n = 0;
    uint32_t seed = 0x0bad5eedu;
    char why1[512];
    char why2[512];
    bool ran;

    (void)state;
    if (!have_tool("x86_64-w64-mingw32-gcc") || !have_tool("wine")) {
        printf("note: MinGW or wine is not installed; skipping the C "
               "runtime oracle\n");
        free(list);
        skip();
    }
    dir = test_tmpdir("winquote-oracle");
    path = fs_join(dir, "child.c");
    test_write(path, oracle_child, strlen(oracle_child));
    free(path);
    path = fs_join(dir, "launch.c");
    test_write(path, oracle_launcher, strlen(oracle_launcher));
    free(path);
    cmd = xasprintf("cd '%s' && x86_64-w64-mingw32-gcc -O1 -o child.exe "
                    "child.c && x86_64-w64-mingw32-gcc -O1 -o launch.exe "
                    "launch.c 2>&1", dir);
    out = test_run(cmd, &status);
    free(cmd);
    if (status != 0) {
        fail_msg("cannot build the oracle: %s", out);
    }
    free(out);

    /* hand-picked lines, random lines, and our own quoting of random args */
    for (size_t i = 0; i < sizeof(split_cases) / sizeof(split_cases[0]);
         i++) {
        list[n++] = xstrdup(split_cases[i].line);
    }
    while (n < ORACLE_LINES * 2 / 3) {
        size_t len = next_rand(&seed) % 14;
        char *l = xmalloc(len + 1);

        for (size_t j = 0; j < len; j++) {
            l[j] = alphabet[next_rand(&seed) % (sizeof(alphabet) - 1)];
        }
        l[len] = '\0';
        list[n++] = l;
    }
    while (n < ORACLE_LINES) {
        const char *args[3];
        char bufs[3][12];

        for (size_t k = 0; k < 3; k++) {
            size_t len = next_rand(&seed) % 10;

            for (size_t j = 0; j < len; j++) {
                bufs[k][j] =
                    alphabet[next_rand(&seed) % (sizeof(alphabet) - 1)];
            }
            bufs[k][len] = '\0';
            args[k] = bufs[k];
        }
        list[n++] = winquote_join(NULL, args, 3);
    }
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(list[i]);

        lines.buf = xrealloc(lines.buf, lines.len + l + 2);
        memcpy(lines.buf + lines.len, list[i], l);
        lines.len += l;
        lines.buf[lines.len++] = '\n';
    }
    path = fs_join(dir, "lines.txt");
    test_write(path, lines.buf, lines.len);
    free(path);
    free(lines.buf);

    /*
     * wine shares one prefix with every other test on the machine: a
     * difference counts only when a second run gives the same one.
     */
    ran = run_oracle(dir, list, n, why1, sizeof(why1));
    if (ran && why1[0]) {
        ran = run_oracle(dir, list, n, why2, sizeof(why2));
        if (ran && why2[0] && strcmp(why1, why2) == 0) {
            fail_msg("%s", why1);
        }
        if (ran && why2[0]) {
            snprintf(why1, sizeof(why1), "wine answered differently twice");
            ran = false;
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(list[i]);
    }
    free(list);
    test_tmpdir_remove(dir);
    if (!ran) {
        printf("note: %s; skipping the C runtime oracle\n", why1);
        skip();
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_winquote_split_table),
        cmocka_unit_test(test_winquote_split_program_name_rule),
        cmocka_unit_test(test_winquote_split_limits),
        cmocka_unit_test(test_winquote_round_trip_nasty_table),
        cmocka_unit_test(test_winquote_round_trip_generated),
        cmocka_unit_test(test_winquote_quote_leaves_plain_args),
        cmocka_unit_test(test_winquote_split_matches_msvcrt_under_wine),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/winquote.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_winquote_split_table),
        cmocka_unit_test(test_winquote_split_program_name_rule),
        cmocka_unit_test(test_winquote_split_limits),
        cmocka_unit_test(test_winquote_round_trip_nasty_table),
        cmocka_unit_test(test_winquote_round_trip_generated),
        cmocka_unit_test(test_winquote_quote_leaves_plain_args),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

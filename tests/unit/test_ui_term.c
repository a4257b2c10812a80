#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ui/term.h"

static void test_ui_term_escape_delay(void **state)
{
    static const struct {
        const char *env;
        bool key_records;
        int want;
    } cases[] = {
        { NULL, false, 25 },        /* a terminal: sequences need a wait */
        { NULL, true, 0 },          /* the Windows console: keys are records */
        { "", true, 0 },
        { "100", true, 100 },       /* the technician's ESCDELAY wins */
        { "0", false, 0 },
        { "5000", false, 25 },      /* absurd values are ignored */
        { "fast", true, 0 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = term_escape_delay(cases[i].env, cases[i].key_records);

        if (got != cases[i].want)
            fail_msg("case %zu: got %d, want %d", i, got, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ui_term_escape_delay),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ui/progress.h"

static void test_ui_progress_bar_fills_and_clamps(void **state)
{
    char buf[64];

    (void)state;
    progress_bar_text(0, 20, buf, sizeof(buf));
    assert_string_equal(buf, "[.............]   0%");
    assert_int_equal(strlen(buf), 20);
    progress_bar_text(100, 20, buf, sizeof(buf));
    assert_string_equal(buf, "[#############] 100%");
    progress_bar_text(50, 20, buf, sizeof(buf));
    assert_int_equal(strlen(buf), 20);
    assert_non_null(strstr(buf, " 50%"));
    assert_int_equal(strchr(buf, '.') - buf, 7);    /* 6 of 13 filled */
    progress_bar_text(250, 20, buf, sizeof(buf));
    assert_non_null(strstr(buf, "100%"));
    progress_bar_text(-3, 20, buf, sizeof(buf));
    assert_non_null(strstr(buf, "  0%"));
}

static void test_ui_progress_small_width_gives_number(void **state)
{
    char buf[64];

    (void)state;
    progress_bar_text(42, 6, buf, sizeof(buf));
    assert_string_equal(buf, " 42%");
    progress_bar_text(42, 40, buf, 10);             /* buffer too small */
    assert_string_equal(buf, " 42%");
}

static void test_ui_progress_spinner_cycles(void **state)
{
    (void)state;
    assert_string_equal(progress_spinner(0), "|");
    assert_string_equal(progress_spinner(3), "\\");
    assert_string_equal(progress_spinner(4), "|");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ui_progress_bar_fills_and_clamps),
        cmocka_unit_test(test_ui_progress_small_width_gives_number),
        cmocka_unit_test(test_ui_progress_spinner_cycles),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

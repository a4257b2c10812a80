#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ui/keys.h"

/* Given a screen's table, a key works exactly when the table names it. */
static void test_ui_keys_only_named_keys_work(void **state)
{
    struct ui_keys t;

    (void)state;
    ui_keys_init(&t);
    ui_keys_add(&t, ACT_TOGGLE, 0, "Space", "pick");
    ui_keys_add(&t, ACT_CHAR, 'a', "a", "fix");
    ui_keys_add(&t, ACT_UP, 0, "Up/Down", "move");
    ui_keys_also(&t, ACT_DOWN);
    ui_keys_add(&t, ACT_NEXT, 0, "Enter", "next");

    assert_true(ui_keys_has(&t, ACT_TOGGLE, ' '));
    assert_true(ui_keys_has(&t, ACT_CHAR, 'a'));
    assert_false(ui_keys_has(&t, ACT_CHAR, 'b'));
    assert_true(ui_keys_has(&t, ACT_DOWN, 0));
    assert_false(ui_keys_has(&t, ACT_BACK, 27));
    assert_false(ui_keys_has(&t, ACT_PAGE_DOWN, 0));
}

static void test_ui_keys_typing_takes_any_character(void **state)
{
    struct ui_keys t;

    (void)state;
    ui_keys_init(&t);
    ui_keys_add_typing(&t, "to filter");
    assert_true(ui_keys_has(&t, ACT_CHAR, 'q'));
    assert_true(ui_keys_has(&t, ACT_CHAR, 0x00e9));
    assert_true(ui_keys_has(&t, ACT_BACKSPACE, 0));
    assert_false(ui_keys_has(&t, ACT_NEXT, 0));
}

/* The bar: screen keys left, navigation right; narrow bars drop the last
   screen keys, never the navigation. */
static void test_ui_keys_bar_fits_the_width(void **state)
{
    struct ui_keys t;
    char left[256], right[128];

    (void)state;
    ui_keys_init(&t);
    ui_keys_add(&t, ACT_TOGGLE, 0, "Space", "pick");
    ui_keys_add(&t, ACT_CHAR, 'a', "a", "fix");
    ui_keys_add(&t, ACT_UP, 0, "Up/Down", "move");
    ui_keys_add(&t, ACT_NEXT, 0, "Enter", "next");
    ui_keys_add(&t, ACT_BACK, 0, "Esc", "back");

    ui_keys_bar(&t, 80, left, sizeof(left), right, sizeof(right));
    assert_string_equal(left, "Space pick  a fix  Up/Down move");
    assert_string_equal(right, "Enter next  Esc back");

    ui_keys_bar(&t, 41, left, sizeof(left), right, sizeof(right));
    assert_string_equal(left, "Space pick  a fix");
    assert_string_equal(right, "Enter next  Esc back");
    assert_true(strlen(left) + strlen(right) + 4 <= 41);

    ui_keys_bar(&t, 20, left, sizeof(left), right, sizeof(right));
    assert_string_equal(left, "");
    assert_string_equal(right, "Enter next  Esc back");
}

/* A bar that leaves keys out says so on its help key. */
static void test_ui_keys_bar_names_the_help_for_left_out_keys(void **state)
{
    struct ui_keys t;
    char left[256], right[128];

    (void)state;
    ui_keys_init(&t);
    ui_keys_add(&t, ACT_TOGGLE, 0, "Space", "pick");
    ui_keys_add(&t, ACT_CHAR, 'a', "a", "fix");
    ui_keys_add(&t, ACT_UP, 0, "Up/Down", "move");
    ui_keys_add(&t, ACT_NEXT, 0, "Enter", "next");
    ui_keys_add(&t, ACT_HELP, 0, "F1", "help");

    ui_keys_bar(&t, 80, left, sizeof(left), right, sizeof(right));
    assert_string_equal(left, "Space pick  a fix  Up/Down move");
    assert_string_equal(right, "Enter next  F1 help");

    /* "Up/Down move" does not fit: the help key offers the rest */
    ui_keys_bar(&t, 50, left, sizeof(left), right, sizeof(right));
    assert_string_equal(left, "Space pick  a fix");
    assert_string_equal(right, "Enter next  F1 " UI_KEYS_MORE);
    assert_true(strlen(left) + strlen(right) + 4 <= 50);
}

static void test_ui_keys_help_lists_named_keys(void **state)
{
    struct ui_keys t;
    char *h;

    (void)state;
    ui_keys_init(&t);
    ui_keys_add(&t, ACT_TOGGLE, 0, "Space", "pick");
    ui_keys_add(&t, ACT_UP, 0, "Up/Down", "move");
    ui_keys_also(&t, ACT_DOWN);
    ui_keys_add(&t, ACT_BACK, 0, "Esc", "back");
    h = ui_keys_help(&t);
    assert_string_equal(h, "  Space    pick\n"
                           "  Up/Down  move\n"
                           "  Esc      back\n");
    free(h);
}

static void test_ui_keys_table_is_bounded(void **state)
{
    struct ui_keys t;

    (void)state;
    ui_keys_init(&t);
    for (int i = 0; i < UI_KEYS_MAX + 10; i++)
        ui_keys_add(&t, ACT_CHAR, 'a' + i % 26, "x", "y");
    assert_int_equal(t.n, UI_KEYS_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ui_keys_only_named_keys_work),
        cmocka_unit_test(test_ui_keys_typing_takes_any_character),
        cmocka_unit_test(test_ui_keys_bar_fits_the_width),
        cmocka_unit_test(test_ui_keys_bar_names_the_help_for_left_out_keys),
        cmocka_unit_test(test_ui_keys_help_lists_named_keys),
        cmocka_unit_test(test_ui_keys_table_is_bounded),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

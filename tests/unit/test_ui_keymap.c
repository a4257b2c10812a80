#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>

#include "ui/keymap.h"

struct key_case {
    enum keymap_mode mode;
    int ch;
    bool is_keycode;
    enum action want;
};

static void test_ui_keymap_design_keys(void **state)
{
    static const struct key_case cases[] = {
        { KEYMAP_NORMAL, KEY_UP, true, ACT_UP },
        { KEYMAP_NORMAL, KEY_DOWN, true, ACT_DOWN },
        { KEYMAP_NORMAL, KEY_PPAGE, true, ACT_PAGE_UP },
        { KEYMAP_NORMAL, KEY_NPAGE, true, ACT_PAGE_DOWN },
        { KEYMAP_NORMAL, KEY_HOME, true, ACT_HOME },
        { KEYMAP_NORMAL, KEY_END, true, ACT_END },
        { KEYMAP_NORMAL, ' ', false, ACT_TOGGLE },
        { KEYMAP_NORMAL, '\r', false, ACT_NEXT },
        { KEYMAP_NORMAL, '\n', false, ACT_NEXT },
        { KEYMAP_NORMAL, KEY_ENTER, true, ACT_NEXT },
        { KEYMAP_NORMAL, 27, false, ACT_BACK },
        { KEYMAP_NORMAL, '/', false, ACT_FILTER },
        { KEYMAP_NORMAL, KEY_F(1), true, ACT_HELP },
        { KEYMAP_NORMAL, '?', false, ACT_HELP },
        { KEYMAP_NORMAL, KEY_F(10), true, ACT_QUIT },
        { KEYMAP_NORMAL, 'q', false, ACT_QUIT },
        { KEYMAP_NORMAL, 0x0c, false, ACT_REDRAW },
        { KEYMAP_NORMAL, KEY_RESIZE, true, ACT_RESIZE },
        { KEYMAP_NORMAL, 'a', false, ACT_CHAR },
        { KEYMAP_NORMAL, 0x00e9, false, ACT_CHAR },
        { KEYMAP_NORMAL, KEY_F(5), true, ACT_NONE },
        { KEYMAP_NORMAL, 0x01, false, ACT_HOME },
        { KEYMAP_NORMAL, 0x07, false, ACT_NONE },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum action got = keymap_translate(cases[i].mode, cases[i].ch,
                                           cases[i].is_keycode);

        if (got != cases[i].want)
            fail_msg("case %zu: key %d gave %s, want %s", i, cases[i].ch,
                     keymap_action_name(got),
                     keymap_action_name(cases[i].want));
    }
}

static void test_ui_keymap_text_mode_types_letters(void **state)
{
    static const struct key_case cases[] = {
        /* what is a command elsewhere is text in an input */
        { KEYMAP_TEXT, 'q', false, ACT_CHAR },
        { KEYMAP_TEXT, '?', false, ACT_CHAR },
        { KEYMAP_TEXT, '/', false, ACT_CHAR },
        { KEYMAP_TEXT, ' ', false, ACT_CHAR },
        { KEYMAP_TEXT, 0x674e, false, ACT_CHAR },
        /* but the way out and the function keys still work */
        { KEYMAP_TEXT, KEY_F(10), true, ACT_QUIT },
        { KEYMAP_TEXT, KEY_F(1), true, ACT_HELP },
        { KEYMAP_TEXT, 27, false, ACT_BACK },
        { KEYMAP_TEXT, '\r', false, ACT_NEXT },
        { KEYMAP_TEXT, '\t', false, ACT_TAB },
        { KEYMAP_TEXT, 127, false, ACT_BACKSPACE },
        { KEYMAP_TEXT, KEY_BACKSPACE, true, ACT_BACKSPACE },
        { KEYMAP_TEXT, KEY_DC, true, ACT_DELETE },
        { KEYMAP_TEXT, KEY_LEFT, true, ACT_LEFT },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum action got = keymap_translate(cases[i].mode, cases[i].ch,
                                           cases[i].is_keycode);

        if (got != cases[i].want)
            fail_msg("case %zu: key %d gave %s, want %s", i, cases[i].ch,
                     keymap_action_name(got),
                     keymap_action_name(cases[i].want));
    }
}

static void test_ui_keymap_names_are_stable(void **state)
{
    (void)state;
    assert_string_equal(keymap_action_name(ACT_PAGE_DOWN), "page-down");
    assert_string_equal(keymap_action_name(ACT_CHAR), "char");
    assert_string_equal(keymap_action_name((enum action)999), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ui_keymap_design_keys),
        cmocka_unit_test(test_ui_keymap_text_mode_types_letters),
        cmocka_unit_test(test_ui_keymap_names_are_stable),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

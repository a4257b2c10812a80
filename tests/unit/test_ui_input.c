#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "platform/sys.h"
#include "ui/input.h"

static void type(struct input *in, const char *ascii)
{
    for (const char *p = ascii; *p; p++)
        input_handle(in, ACT_CHAR, (uint32_t)(unsigned char)*p);
}

static void test_ui_input_edits_utf8_by_character(void **state)
{
    struct input in;

    (void)state;
    input_init(&in, 64, false);
    type(&in, "J");
    input_handle(&in, ACT_CHAR, 0xf6);          /* ö */
    type(&in, "rg");
    assert_string_equal(input_text(&in), "J\xc3\xb6rg");
    input_handle(&in, ACT_LEFT, 0);
    input_handle(&in, ACT_LEFT, 0);
    input_handle(&in, ACT_BACKSPACE, 0);        /* removes both bytes of ö */
    assert_string_equal(input_text(&in), "Jrg");
    assert_int_equal(in.cur, 1);
    input_handle(&in, ACT_CHAR, 0x674e);        /* 李 */
    assert_string_equal(input_text(&in), "J\xe6\x9d\x8erg");
    input_handle(&in, ACT_HOME, 0);
    input_handle(&in, ACT_DELETE, 0);
    assert_string_equal(input_text(&in), "\xe6\x9d\x8erg");
    input_handle(&in, ACT_END, 0);
    assert_int_equal(in.cur, in.len);
    input_handle(&in, ACT_RIGHT, 0);            /* at the end: no move */
    assert_int_equal(in.cur, in.len);
    assert_false(input_handle(&in, ACT_UP, 0)); /* not an input key */
    input_release(&in);
}

static void test_ui_input_refuses_controls_and_overflow(void **state)
{
    struct input in;

    (void)state;
    input_init(&in, 5, false);
    input_handle(&in, ACT_CHAR, 0x1b);
    input_handle(&in, ACT_CHAR, 0x7f);
    input_handle(&in, ACT_CHAR, 0x85);
    input_handle(&in, ACT_CHAR, 0xd800);
    assert_int_equal(in.len, 0);
    type(&in, "abcd");
    input_handle(&in, ACT_CHAR, 0xf6);          /* 2 bytes: does not fit */
    assert_string_equal(input_text(&in), "abcd");
    type(&in, "e");
    type(&in, "f");
    assert_string_equal(input_text(&in), "abcde");
    /* input_set cuts on a character boundary */
    input_set(&in, "abc\xe6\x9d\x8e");
    assert_string_equal(input_text(&in), "abc");
    input_set(&in, "ab\xe6\x9d\x8e");
    assert_string_equal(input_text(&in), "ab\xe6\x9d\x8e");
    input_release(&in);
}

static void test_ui_input_view_keeps_cursor_visible(void **state)
{
    struct input in;
    size_t first;
    int col;

    (void)state;
    input_init(&in, 256, false);
    input_set(&in, "E:\\USMT\\a-long-computer-name\\more");
    input_view(&in, 10, &first, &col);
    assert_true(col <= 9);
    assert_true(first > 0);
    input_handle(&in, ACT_HOME, 0);
    input_view(&in, 10, &first, &col);
    assert_int_equal(first, 0);
    assert_int_equal(col, 0);
    /* wide characters count two columns */
    input_set(&in, "\xe6\x9d\x8e\xe9\x9b\xb7");
    input_view(&in, 20, &first, &col);
    assert_int_equal(col, 4);
    input_release(&in);
}

static void test_ui_input_masked_wipes_and_counts_stars(void **state)
{
    struct input in;
    size_t first;
    int col;

    (void)state;
    input_init(&in, 32, true);
    type(&in, "secret");
    input_handle(&in, ACT_CHAR, 0x674e);
    input_view(&in, 40, &first, &col);
    assert_int_equal(col, 7);                   /* one star per character */
    input_release(&in);
    assert_null(in.buf);
    assert_int_equal(in.len, 0);
}

/* A key typed in a masked input lives in locked memory until release. */
static void test_ui_input_masked_buffer_locked(void **state)
{
    struct input key;
    struct input path;

    (void)state;
    assert_int_equal(sys_locked_buffers(), 0);
    input_init(&path, 64, false);
    assert_int_equal(sys_locked_buffers(), 0);
    input_init(&key, 256, true);
    assert_int_equal(sys_locked_buffers(), 1);
    type(&key, "secret");
    input_set(&key, "another secret");
    assert_int_equal(sys_locked_buffers(), 1);
    input_release(&key);
    assert_int_equal(sys_locked_buffers(), 0);
    input_release(&path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ui_input_edits_utf8_by_character),
        cmocka_unit_test(test_ui_input_refuses_controls_and_overflow),
        cmocka_unit_test(test_ui_input_view_keeps_cursor_visible),
        cmocka_unit_test(test_ui_input_masked_wipes_and_counts_stars),
        cmocka_unit_test(test_ui_input_masked_buffer_locked),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

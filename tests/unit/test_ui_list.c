#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ui/list.h"

static void test_ui_list_moves_and_scrolls(void **state)
{
    struct list l;

    (void)state;
    list_init(&l);
    list_set_height(&l, 5);
    list_set_count(&l, 12);
    assert_int_equal(l.cur, 0);
    assert_true(list_move(&l, ACT_UP));
    assert_int_equal(l.cur, 0);            /* stays at the top edge */
    for (int i = 0; i < 6; i++)
        list_move(&l, ACT_DOWN);
    assert_int_equal(l.cur, 6);
    assert_int_equal(l.top, 2);            /* current row stays visible */
    assert_true(list_is_visible(&l, 6));
    assert_false(list_is_visible(&l, 1));
    list_move(&l, ACT_PAGE_DOWN);
    assert_int_equal(l.cur, 10);
    list_move(&l, ACT_PAGE_DOWN);
    assert_int_equal(l.cur, 11);           /* clamped */
    assert_int_equal(l.top, 7);
    list_move(&l, ACT_HOME);
    assert_int_equal(l.cur, 0);
    assert_int_equal(l.top, 0);
    list_move(&l, ACT_END);
    assert_int_equal(l.cur, 11);
    assert_false(list_move(&l, ACT_TOGGLE));
}

static void test_ui_list_shrinking_keeps_cursor_in_range(void **state)
{
    struct list l;

    (void)state;
    list_init(&l);
    list_set_height(&l, 4);
    list_set_count(&l, 20);
    list_select(&l, 15);
    list_set_count(&l, 3);
    assert_int_equal(l.cur, 2);
    assert_int_equal(l.top, 0);
    list_set_count(&l, 0);
    assert_int_equal(l.cur, 0);
    assert_true(list_move(&l, ACT_DOWN));
    assert_int_equal(l.cur, 0);
    assert_false(list_is_visible(&l, 0));
}

static void test_ui_list_resize_keeps_current_visible(void **state)
{
    struct list l;

    (void)state;
    list_init(&l);
    list_set_height(&l, 20);
    list_set_count(&l, 100);
    list_select(&l, 50);
    list_set_height(&l, 3);
    assert_true(list_is_visible(&l, 50));
    list_set_height(&l, 0);                /* never zero rows */
    assert_int_equal(l.height, 1);
    assert_true(list_is_visible(&l, 50));
}

static void test_ui_checklist_toggles_and_counts(void **state)
{
    struct checklist c;

    (void)state;
    checklist_init(&c);
    assert_false(checklist_toggle(&c));    /* empty: nothing to toggle */
    checklist_set_count(&c, 4);
    list_set_height(&c.list, 10);
    assert_true(checklist_toggle(&c));
    list_move(&c.list, ACT_DOWN);
    list_move(&c.list, ACT_DOWN);
    assert_true(checklist_toggle(&c));
    assert_int_equal(checklist_count_checked(&c), 2);
    assert_false(checklist_toggle(&c));
    assert_int_equal(checklist_count_checked(&c), 1);
    /* growing keeps old state, new rows start unchecked */
    checklist_set_count(&c, 6);
    assert_true(c.checked[0]);
    assert_false(c.checked[5]);
    checklist_set_all(&c, true);
    assert_int_equal(checklist_count_checked(&c), 6);
    checklist_set(&c, 99, false);          /* out of range is ignored */
    checklist_set(&c, 3, false);
    assert_int_equal(checklist_count_checked(&c), 5);
    checklist_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ui_list_moves_and_scrolls),
        cmocka_unit_test(test_ui_list_shrinking_keeps_cursor_in_range),
        cmocka_unit_test(test_ui_list_resize_keeps_current_visible),
        cmocka_unit_test(test_ui_checklist_toggles_and_counts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ui/layout.h"

static void assert_inside(const struct rect *r, int cols, int lines)
{
    assert_true(r->y >= 0 && r->x >= 0);
    assert_true(r->y + r->h <= lines);
    assert_true(r->x + r->w <= cols);
}

static void test_ui_layout_minimum_size_fits(void **state)
{
    struct layout l;

    (void)state;
    layout_compute(80, 24, &l);
    assert_false(l.too_small);
    assert_int_equal(l.title.y, 0);
    assert_int_equal(l.steps.y, 1);
    assert_int_equal(l.body.y, 2);
    assert_int_equal(l.body.h, 20);
    assert_int_equal(l.body.w, 78);
    assert_int_equal(l.status.y, 22);
    assert_int_equal(l.keys.y, 23);
    assert_int_equal(l.keys.w, 80);
    assert_inside(&l.body, 80, 24);
    /* body ends right above the status line */
    assert_int_equal(l.body.y + l.body.h, l.status.y);
}

static void test_ui_layout_large_terminal_grows_body(void **state)
{
    struct layout l;

    (void)state;
    layout_compute(250, 80, &l);
    assert_false(l.too_small);
    assert_int_equal(l.body.h, 76);
    assert_int_equal(l.body.w, 248);
    assert_int_equal(l.keys.y, 79);
    assert_inside(&l.body, 250, 80);
}

static void test_ui_layout_too_small_keeps_only_notice(void **state)
{
    static const int sizes[][2] = { { 79, 24 }, { 80, 23 }, { 40, 10 },
                                    { 0, 0 }, { -5, -5 } };
    struct layout l;

    (void)state;
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        layout_compute(sizes[i][0], sizes[i][1], &l);
        assert_true(l.too_small);
        assert_int_equal(l.body.h, 0);
        assert_true(l.notice.w >= 0 && l.notice.h >= 0);
    }
}

static void test_ui_layout_findings_panel_is_bounded(void **state)
{
    struct rect body = { 2, 1, 20, 78 };
    struct rect main_part, panel;

    (void)state;
    /* no findings: the whole body */
    layout_split_findings(&body, 0, &main_part, &panel);
    assert_int_equal(main_part.h, 20);
    assert_int_equal(panel.h, 0);
    /* two findings: heading + 2 rows below the main part */
    layout_split_findings(&body, 2, &main_part, &panel);
    assert_int_equal(panel.h, 3);
    assert_int_equal(main_part.h, 17);
    assert_int_equal(panel.y, main_part.y + main_part.h);
    /* many findings: at most a third of the body */
    layout_split_findings(&body, 50, &main_part, &panel);
    assert_int_equal(panel.h, 6);
    assert_int_equal(main_part.h + panel.h, 20);
}

static void test_ui_layout_center_clips(void **state)
{
    struct rect area = { 0, 0, 24, 80 };
    struct rect r;

    (void)state;
    r = layout_center(&area, 40, 10);
    assert_int_equal(r.x, 20);
    assert_int_equal(r.y, 7);
    r = layout_center(&area, 200, 100);
    assert_int_equal(r.w, 80);
    assert_int_equal(r.h, 24);
    assert_int_equal(r.x, 0);
}

/* Columns take what their content wants, and shrink widest first. */
static void test_ui_layout_columns_size_to_content(void **state)
{
    const int want[] = { 21, 14, 9, 45, 8, 10 };
    const int min[] = { 8, 6, 5, 12, 8, 10 };
    int out[6];

    (void)state;
    /* wide enough: everything whole */
    assert_int_equal(layout_columns(want, min, 6, 200, 1, out), 112);
    assert_int_equal(out[0], 21);
    assert_int_equal(out[3], 45);
    /* 80 columns: the SID gives first, the dates and sizes never */
    assert_int_equal(layout_columns(want, min, 6, 76, 1, out), 76);
    assert_int_equal(out[4], 8);
    assert_int_equal(out[5], 10);
    assert_int_equal(out[2], 9);
    assert_true(out[3] >= 12 && out[3] < 45);
    /* too narrow for the minimums: they are kept */
    assert_int_equal(layout_columns(want, min, 6, 20, 1, out), 54);
    for (int i = 0; i < 6; i++)
        assert_int_equal(out[i], min[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ui_layout_minimum_size_fits),
        cmocka_unit_test(test_ui_layout_large_terminal_grows_body),
        cmocka_unit_test(test_ui_layout_too_small_keeps_only_notice),
        cmocka_unit_test(test_ui_layout_findings_panel_is_bounded),
        cmocka_unit_test(test_ui_layout_center_clips),
        cmocka_unit_test(test_ui_layout_columns_size_to_content),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

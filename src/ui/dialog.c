#include "ui/dialog.h"

#include <stdio.h>
#include <string.h>

#include "platform/sys.h"
#include "ui/input.h"
#include "ui/keymap.h"
#include "ui/layout.h"
#include "ui/term.h"
#include "ui/text.h"

static void (*backdrop)(void *arg, bool resized);
static void *backdrop_arg;

void dialog_set_backdrop(void (*paint)(void *arg, bool resized), void *arg)
{
    backdrop = paint;
    backdrop_arg = arg;
}

static struct layout paint_back(bool resized)
{
    struct layout lay;
    int cols, lines;

    term_size(&cols, &lines);
    layout_compute(cols, lines, &lay);
    if (backdrop)
        backdrop(backdrop_arg, resized);
    else
        term_erase();
    return lay;
}

static struct rect full_area(const struct layout *lay)
{
    struct rect a = { 0, 0, lay->lines, lay->cols };

    return a;
}

/* Read one key as an action; a resize is reported as ACT_RESIZE. */
static enum action read_action(enum keymap_mode mode, int *ch)
{
    bool is_key;

    /* the program must end, or no key will come: close the dialog */
    if (sys_interrupted() || sys_terminated() || term_is_gone())
        return ACT_QUIT;
    if (term_read(250, ch, &is_key) == 1)
        return keymap_translate(mode, *ch, is_key);
    return sys_interrupted() || term_is_gone() ? ACT_QUIT : ACT_NONE;
}

static int wrapped_rows(int width, const char *text)
{
    struct rect probe = { 0, 0, 0, width };

    return text_draw_wrapped(&probe, 0, text, TEXT_NORMAL);
}

bool dialog_confirm(const char *title, const char *text, const char *yes,
                    const char *no, bool default_yes)
{
    bool sel_yes = default_yes;
    bool resized = false;

    for (;;) {
        struct layout lay = paint_back(resized);
        struct rect area = full_area(&lay);
        int w = lay.cols - 8 < 64 ? lay.cols - 8 : 64;
        int rows = wrapped_rows(w - 4, text);
        struct rect box = layout_center(&area, w, rows + 5);
        struct rect inner = { box.y + 1, box.x + 2, box.h - 4, box.w - 4 };
        char yb[64], nb[64];
        int ch;

        resized = false;
        text_box(&box, TEXT_BOLD);
        text_draw(box.y, box.x + 2, box.w - 4, title, TEXT_BOLD);
        text_draw_wrapped(&inner, 0, text, TEXT_NORMAL);
        snprintf(yb, sizeof(yb), sel_yes ? "> %s <" : "  %s  ", yes);
        snprintf(nb, sizeof(nb), !sel_yes ? "> %s <" : "  %s  ", no);
        int bx = box.x + 2;

        bx += text_draw(box.y + box.h - 2, bx, box.w - 4, yb,
                        sel_yes ? TEXT_REVERSE | TEXT_BOLD : TEXT_NORMAL);
        bx += 2;
        text_draw(box.y + box.h - 2, bx, box.x + box.w - 2 - bx, nb,
                  !sel_yes ? TEXT_REVERSE | TEXT_BOLD : TEXT_NORMAL);
        term_flush();

        switch (read_action(KEYMAP_NORMAL, &ch)) {
        case ACT_LEFT:
        case ACT_RIGHT:
        case ACT_TAB:
        case ACT_BACKTAB:
        case ACT_UP:
        case ACT_DOWN:
            sel_yes = !sel_yes;
            break;
        case ACT_NEXT:
            return sel_yes;
        case ACT_BACK:
        case ACT_QUIT:
            return false;
        case ACT_RESIZE:
            resized = true;
            break;
        case ACT_REDRAW:
            term_repaint();
            break;
        case ACT_CHAR:
            if (ch == 'y' || ch == 'Y')
                return true;
            if (ch == 'n' || ch == 'N')
                return false;
            break;
        default:
            break;
        }
    }
}

void dialog_message(const char *title, const char *text)
{
    (void)dialog_confirm(title, text, "OK", "Close", true);
}

void dialog_text(const char *title, const char *text)
{
    dialog_text_keys(title, text, NULL, NULL);
}

int dialog_text_keys(const char *title, const char *text, const char *keys,
                     const char *hint)
{
    int skip = 0;
    bool resized = false;

    for (;;) {
        struct layout lay = paint_back(resized);
        struct rect area = full_area(&lay);
        struct rect box = layout_center(&area, lay.cols - 4, lay.lines - 2);
        struct rect inner = { box.y + 1, box.x + 2, box.h - 3, box.w - 4 };
        int total = wrapped_rows(inner.w, text);
        int ch;

        resized = false;
        if (skip > total - inner.h)
            skip = total - inner.h;
        if (skip < 0)
            skip = 0;
        text_box(&box, TEXT_BOLD);
        text_draw(box.y, box.x + 2, box.w - 4, title, TEXT_BOLD);
        text_draw_wrapped(&inner, skip, text, TEXT_NORMAL);
        text_draw(box.y + box.h - 1, box.x + 2, box.w - 4,
                  hint ? hint : total > inner.h ?
                  " Up/Down PgUp/PgDn scroll  Esc close " : " Esc close ",
                  TEXT_REVERSE);
        term_flush();

        switch (read_action(KEYMAP_NORMAL, &ch)) {
        case ACT_UP:
            skip--;
            break;
        case ACT_DOWN:
            skip++;
            break;
        case ACT_PAGE_UP:
            skip -= inner.h - 1;
            break;
        case ACT_PAGE_DOWN:
        case ACT_TOGGLE:
            skip += inner.h - 1;
            break;
        case ACT_HOME:
            skip = 0;
            break;
        case ACT_END:
            skip = total;
            break;
        case ACT_NEXT:
        case ACT_BACK:
        case ACT_QUIT:
        case ACT_HELP:
            return 0;
        case ACT_RESIZE:
            resized = true;
            break;
        case ACT_REDRAW:
            term_repaint();
            break;
        case ACT_CHAR:
            if (keys && ch > 0 && ch < 128 && strchr(keys, ch))
                return ch;
            break;
        default:
            break;
        }
    }
}

bool dialog_prompt(const char *title, const char *label, struct input *in)
{
    return dialog_prompt_note(title, label, in, NULL, NULL);
}

bool dialog_prompt_note(const char *title, const char *label,
                        struct input *in,
                        const char *(*note)(const char *text, bool *bad,
                                            void *arg),
                        void *arg)
{
    bool resized = false;

    for (;;) {
        struct layout lay = paint_back(resized);
        struct rect area = full_area(&lay);
        int w = lay.cols - 8 < 70 ? lay.cols - 8 : 70;
        struct rect box = layout_center(&area, w, 6);
        int ch;

        resized = false;
        text_box(&box, TEXT_BOLD);
        text_draw(box.y, box.x + 2, box.w - 4, title, TEXT_BOLD);
        text_draw(box.y + 1, box.x + 2, box.w - 4, label, TEXT_NORMAL);
        text_draw_input(box.y + 2, box.x + 2, box.w - 4, in, true);
        if (note) {
            bool bad = false;
            const char *t = note(input_text(in), &bad, arg);

            text_draw(box.y + 3, box.x + 2, box.w - 4, t ? t : "",
                      bad ? TEXT_ERROR : TEXT_DIM);
        }
        text_draw(box.y + 4, box.x + 2, box.w - 4, "Enter accept  Esc cancel",
                  TEXT_DIM);
        term_flush();

        enum action act = read_action(KEYMAP_TEXT, &ch);

        switch (act) {
        case ACT_NEXT:
            term_cursor(false, 0, 0);
            return true;
        case ACT_BACK:
        case ACT_QUIT:
            term_cursor(false, 0, 0);
            return false;
        case ACT_RESIZE:
            resized = true;
            break;
        case ACT_REDRAW:
            term_repaint();
            break;
        default:
            input_handle(in, act, (uint32_t)ch);
            break;
        }
    }
}

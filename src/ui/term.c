#include "ui/term.h"

#include <curses.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "platform/sys.h"

static bool active;
static bool colour;
static bool utf8_locale;
static int cursor_y = -1, cursor_x = -1;
static bool cursor_on;
static bool gone;

static void setup_colours(void)
{
    const char *nc = sys_getenv("NO_COLOR");

    colour = false;
    if (nc && *nc)
        return;
    if (!has_colors() || start_color() == ERR)
        return;
    use_default_colors();
    init_pair(TEXT_PAIR_ERROR, COLOR_RED, -1);
    init_pair(TEXT_PAIR_WARN, COLOR_YELLOW, -1);
    init_pair(TEXT_PAIR_OK, COLOR_GREEN, -1);
    init_pair(TEXT_PAIR_BAR, COLOR_WHITE, COLOR_BLUE);
    colour = true;
}

int term_escape_delay(const char *env, bool key_records)
{
    uint64_t v;

    if (env && *env && str_to_u64(env, &v) == 0 && v <= 1000)
        return (int)v;
    /*
     * The Windows console driver gets keys as key records, never as
     * escape sequences: waiting for the rest of a sequence after Esc only
     * delays (under wine, swallows) a lone Esc.  Terminals send function
     * keys as sequences, which arrive together well within 25 ms.
     */
    return key_records ? 0 : 25;
}

int term_begin(struct wiz_err *err)
{
    const char *loc;

    if (active)
        return 0;
    /*
     * Only the character set comes from the user's locale (curses needs
     * it for wide characters); numbers, times and messages stay in the C
     * locale, as in the reports and command lines the wizard writes.  It
     * also spares loading a dozen locale files before the first screen.
     */
    loc = setlocale(LC_CTYPE, "");
    utf8_locale = sys_console_is_unicode() ||
                  (loc && (str_icasestr(loc, "UTF-8") ||
                           str_icasestr(loc, "utf8")));
    if (!sys_stdin_is_tty() || !sys_stdout_is_tty())
        return err_set(err, WIZ_EUSAGE,
                       "the wizard needs a terminal (use 'usmtwiz run' "
                       "for unattended captures)");
    if (!initscr())
        return err_set(err, WIZ_ESYS, "cannot start the terminal interface");
    active = true;
    die_set_hook(term_end);
    /* set after initscr, which resets it: Esc is "back" */
    set_escdelay(term_escape_delay(sys_getenv("ESCDELAY"),
                                   sys_console_is_unicode()));
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    meta(stdscr, TRUE);
    curs_set(0);
    setup_colours();
    return 0;
}

/* Does the terminal have a screen of its own that endwin goes back to? */
static bool has_alt_screen(void)
{
    char *rmcup = tigetstr("rmcup");

    return rmcup && rmcup != (char *)-1 && *rmcup;
}

void term_end(void)
{
    if (!active)
        return;
    active = false;
    /*
     * Leave a blank screen with the cursor at the top: on a terminal
     * without an alternate screen (vt100, the Windows console) the last
     * screen would otherwise stay, with what we print next over its
     * bottom line.
     */
    werase(stdscr);
    wmove(stdscr, 0, 0);
    wrefresh(stdscr);
    curs_set(1);
    endwin();
    /* endwin parks the cursor on the last line: home it, unless the
       terminal went back to its own screen (rmcup) */
    if (!has_alt_screen()) {
        char *home = tigetstr("home");

        if (home && home != (char *)-1)
            putp(home);
        fflush(stdout);
    }
}

bool term_is_active(void)
{
    return active;
}

bool term_has_colour(void)
{
    return colour;
}

bool term_is_utf8(void)
{
    return utf8_locale;
}

void term_size(int *cols, int *lines)
{
    *cols = COLS;
    *lines = LINES;
}

int term_read(int timeout_ms, int *ch, bool *is_keycode)
{
    wint_t wc;
    int r;

    if (gone) {
        /* nothing will come: wait as asked, not spin */
        sys_sleep_ms(timeout_ms > 0 ? (unsigned)timeout_ms : 100u);
        return 0;
    }
    /* on a console of key records, wait here: curses would drop an Esc
     * that comes without its character (wine) */
    r = sys_console_key_wait(timeout_ms);
    if (r == 0)
        return 0;
    wtimeout(stdscr, r > 0 ? 10 : timeout_ms);
    r = wget_wch(stdscr, &wc);
    if (r == ERR) {
        /* a hung-up terminal reads end of file at once, forever */
        if (sys_stdin_is_gone())
            gone = true;
        return 0;
    }
    *is_keycode = r == KEY_CODE_YES;
    *ch = (int)wc;
    if (*is_keycode && *ch == KEY_RESIZE) {
        /* merge a burst of resizes into one relayout */
        wtimeout(stdscr, 0);
        for (;;) {
            r = wget_wch(stdscr, &wc);
            if (r == ERR)
                break;
            if (r == KEY_CODE_YES && wc != KEY_RESIZE) {
                ungetch((int)wc);
                break;
            }
            if (r != KEY_CODE_YES) {
                unget_wch((wchar_t)wc);
                break;
            }
        }
    }
    return 1;
}

bool term_is_gone(void)
{
    return gone;
}

void term_cursor(bool visible, int y, int x)
{
    cursor_on = visible;
    cursor_y = y;
    cursor_x = x;
}

void term_repaint(void)
{
    clearok(curscr, TRUE);
}

void term_erase(void)
{
    werase(stdscr);
    cursor_on = false;
}

void term_flush(void)
{
    if (cursor_on && cursor_y >= 0) {
        wmove(stdscr, cursor_y, cursor_x);
        curs_set(1);
    } else {
        curs_set(0);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

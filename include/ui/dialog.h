#ifndef WIZ_UI_DIALOG_H
#define WIZ_UI_DIALOG_H

#include <stdbool.h>

/*
 * Modal dialogs: a question with buttons, a scrolling text (help), a one-
 * line prompt.  While one is open it owns the keys; the screen behind is
 * repainted through the backdrop (set by the loop), which also redoes the
 * layout after a resize.
 */

struct input;

/*
 * The loop's painter: draws the current screen (relayout first when
 * resized) without flushing.
 */
void dialog_set_backdrop(void (*paint)(void *arg, bool resized), void *arg);

/*
 * Ask a question.  Returns true for yes.  Esc and 'n' answer no, 'y'
 * answers yes; default_yes chooses the button Enter takes at first.
 */
bool dialog_confirm(const char *title, const char *text, const char *yes,
                    const char *no, bool default_yes);
/* Show a message until a key is pressed. */
void dialog_message(const char *title, const char *text);
/* A scrolling text (help); arrows/PgUp/PgDn scroll, Esc/Enter/q close. */
void dialog_text(const char *title, const char *text);
/*
 * The same, also closed by one of the characters in keys; returns that
 * character, or 0 when closed otherwise.  hint replaces the bottom line
 * (NULL: the usual one).
 */
int dialog_text_keys(const char *title, const char *text, const char *keys,
                     const char *hint);
/*
 * A one-line prompt editing in; returns true when accepted with Enter
 * (in keeps the text either way).
 */
bool dialog_prompt(const char *title, const char *label, struct input *in);
/*
 * The same with a line under the input that note(text, &bad, arg) writes
 * after every key (a check as one types); bad draws it as an error.  The
 * note must not repeat the text (it may be a masked secret).
 */
bool dialog_prompt_note(const char *title, const char *label,
                        struct input *in,
                        const char *(*note)(const char *text, bool *bad,
                                            void *arg),
                        void *arg);

#endif

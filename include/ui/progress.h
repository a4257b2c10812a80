#ifndef WIZ_UI_PROGRESS_H
#define WIZ_UI_PROGRESS_H

#include <stddef.h>

/*
 * Progress shown as text (pure: no curses), so it reads the same on a
 * vt100 without colour: a bar "[#####.....]  42%" and a spinner.
 */

/*
 * Write a bar of exactly width columns for percent (clamped to 0..100)
 * into buf (at least width + 1 bytes): "[####......] 42%".  A width too
 * small for the brackets and the number gives just the number.
 */
void progress_bar_text(int percent, int width, char *buf, size_t size);

/* The spinner frame for tick n ("|", "/", "-", "\\"). */
const char *progress_spinner(unsigned n);

#endif

#ifndef WIZ_CORE_PROGRESS_TEXT_H
#define WIZ_CORE_PROGRESS_TEXT_H

#include <stdbool.h>

/*
 * Progress as occasional plain lines, for logs, task sequences, serial
 * consoles and screen readers: one line when the phase changes, when the
 * percentage crosses a multiple of 10, when the current user changes, on
 * each error record, when a stall starts, when a followed log was
 * replaced or cut short (read again from its start), and at the end.
 * Never a redraw.
 */

struct strbuf;
struct job_status;

struct progress_text {
    const char *tool;       /* "scanstate" (init) or "loadstate" */
    const char *user_verb;  /* "collecting" (init) or "restoring" */
    char *phase;
    char *user;
    int decile;             /* last multiple of 10 printed, -1 none */
    unsigned long long errors_seen;
    unsigned long long progress_restarts;   /* replacements already said */
    unsigned long long log_restarts;
    bool stall_said;
    bool end_said;
};

void progress_text_init(struct progress_text *pt);
void progress_text_release(struct progress_text *pt);
/* Append the lines due for this status (none when nothing changed). */
void progress_text_update(struct progress_text *pt,
                          const struct job_status *st, struct strbuf *out);

#endif

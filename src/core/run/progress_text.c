#include "core/run/progress_text.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/run/job.h"
#include "core/run/progress.h"
#include "core/run/sclog.h"

void progress_text_init(struct progress_text *pt)
{
    memset(pt, 0, sizeof(*pt));
    pt->decile = -1;
    pt->tool = "scanstate";
    pt->user_verb = "collecting";
}

void progress_text_release(struct progress_text *pt)
{
    free(pt->phase);
    free(pt->user);
    progress_text_init(pt);
}

static bool changed(char **have, const char *now)
{
    if (!now || (*have && !strcmp(*have, now)))
        return false;
    free(*have);
    *have = xstrdup(now);
    return true;
}

static void stamp(const struct job_status *st, struct strbuf *out)
{
    char buf[16];

    strbuf_addf(out, "[%s] ",
                job_format_duration((int64_t)(st->elapsed_ms / 1000), buf,
                                    sizeof(buf)));
}

/*
 * A followed log that was replaced or cut short is read again from its
 * start (core/run/follow.c): say so, and forget what was printed from
 * the old one.
 */
static void say_restarts(struct progress_text *pt, const struct job_status *st,
                         struct strbuf *out)
{
    const struct progress_state *ps = st->progress;

    if (ps && ps->restarts > pt->progress_restarts) {
        pt->progress_restarts = ps->restarts;
        stamp(st, out);
        strbuf_addf(out, "the progress log was replaced or cut short "
                         "(%s started again?): reading it again "
                         "from its start\n", pt->tool);
        free(pt->phase);
        pt->phase = NULL;
        free(pt->user);
        pt->user = NULL;
        pt->decile = -1;
        pt->errors_seen = 0;
    }
    if (st->log && st->log->restarts > pt->log_restarts) {
        pt->log_restarts = st->log->restarts;
        stamp(st, out);
        strbuf_addf(out, "%s.log was replaced or cut short: reading "
                         "it again from its start\n", pt->tool);
    }
}

void progress_text_update(struct progress_text *pt,
                          const struct job_status *st, struct strbuf *out)
{
    const struct progress_state *ps = st->progress;

    say_restarts(pt, st, out);
    if (ps) {
        if (changed(&pt->phase, ps->phase)) {
            stamp(st, out);
            strbuf_addf(out, "phase: %s\n", ps->phase);
        }
        if (ps->current_user && changed(&pt->user, ps->current_user)) {
            char *u = utf8_escape_for_terminal(ps->current_user);

            stamp(st, out);
            strbuf_addf(out, "%s %s\n", pt->user_verb, u);
            free(u);
        }
        if (ps->percent >= 0 && ps->percent / 10 > pt->decile) {
            pt->decile = ps->percent / 10;
            stamp(st, out);
            strbuf_addf(out, "%d %%", ps->percent);
            if (ps->have_total_mb)
                strbuf_addf(out, " of %.0f MB", ps->total_mb);
            if (st->remaining_s > 0) {
                char buf[16];

                strbuf_addf(out, ", about %s left",
                            job_format_duration(st->remaining_s, buf,
                                                sizeof(buf)));
            }
            strbuf_addch(out, '\n');
        }
        for (; pt->errors_seen < ps->n_errors; pt->errors_seen++) {
            if (pt->errors_seen >= ps->n_errors_kept) {
                pt->errors_seen = ps->n_errors;
                stamp(st, out);
                strbuf_adds(out, "more errors; see the logs\n");
                break;
            }
            const struct progress_error *e = &ps->errors[pt->errors_seen];
            char *obj = utf8_escape_for_terminal(e->object ? e->object : "");

            stamp(st, out);
            strbuf_addf(out, "%s: %s %s\n",
                        e->abort ? "error (stops the run)"
                                 : "error (skipped)",
                        e->type ? e->type : "", obj);
            free(obj);
        }
    }
    if (st->stalled && !pt->stall_said) {
        pt->stall_said = true;
        stamp(st, out);
        strbuf_addf(out, "no progress for %llu min%s%s\n",
                    (unsigned long long)(st->since_progress_ms / 60000),
                    pt->user ? " - still working on " : "",
                    pt->user ? pt->user : "");
    } else if (!st->stalled) {
        pt->stall_said = false;
    }
    if (st->phase == JOB_DONE && !pt->end_said) {
        pt->end_said = true;
        stamp(st, out);
        if (st->rc < 0)
            strbuf_addf(out, "stopped following; %s's result is "
                             "unknown\n", pt->tool);
        else if (st->signalled)
            strbuf_addf(out, "%s was killed (status %d)\n", pt->tool,
                        st->rc);
        else
            strbuf_addf(out, "%s ended with return code %d\n", pt->tool,
                        st->rc);
    }
}

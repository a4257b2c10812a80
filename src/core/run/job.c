#include "core/run/job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/run/progress.h"
#include "core/run/sclog.h"
#include "platform/proc.h"
#include "platform/sys.h"

#define DEFAULT_STALL_S 300

struct job {
    struct proc *proc;              /* NULL when attached */
    struct progress_reader *progress;
    struct sclog_reader *log;
    struct job_status status;
    uint64_t started_ms;
    uint64_t last_change_ms;
    uint64_t cancel_at_ms;          /* kill after this, when cancelling */
    uint64_t last_records;
    unsigned stall_after_s;
};

static struct job *job_new(const char *progress_path, const char *log_path,
                           unsigned stall_after_s)
{
    struct job *job = xcalloc(1, sizeof(*job));

    if (progress_path)
        job->progress = progress_reader_new(progress_path);
    if (log_path)
        job->log = sclog_reader_new(log_path);
    job->started_ms = sys_monotonic_ms();
    job->last_change_ms = job->started_ms;
    job->stall_after_s = stall_after_s ? stall_after_s : DEFAULT_STALL_S;
    job->status.phase = JOB_RUNNING;
    job->status.rc = -1;
    job->status.remaining_s = -1;
    return job;
}

int job_start(const struct job_spec *spec, struct job **out,
              struct wiz_err *err)
{
    struct proc_spec ps = { spec->program, spec->argv, spec->envp, spec->cwd,
                            spec->output_path };
    struct job *job = job_new(spec->progress_path, spec->log_path,
                              spec->stall_after_s);

    *out = NULL;
    if (proc_spawn(&ps, &job->proc, err) < 0) {
        job_free(job);
        return -1;
    }
    *out = job;
    return 0;
}

int job_attach(const char *progress_path, const char *log_path,
               unsigned stall_after_s, struct job **out,
               struct wiz_err *err)
{
    if (!progress_path)
        return err_set(err, WIZ_EUSAGE, "attach needs a progress log");
    *out = job_new(progress_path, log_path, stall_after_s);
    (*out)->status.attached = true;
    return 0;
}

static void update_estimates(struct job *job, uint64_t now)
{
    const struct progress_state *ps = job->progress
                                          ? progress_reader_state(job->progress)
                                          : NULL;
    struct job_status *st = &job->status;

    st->elapsed_ms = now - job->started_ms;
    st->progress = ps;
    st->log = job->log ? sclog_reader_state(job->log) : NULL;
    if (ps && ps->records != job->last_records) {
        job->last_records = ps->records;
        job->last_change_ms = now;
    }
    st->since_progress_ms = now - job->last_change_ms;
    st->stalled = st->phase == JOB_RUNNING &&
                  st->since_progress_ms >= job->stall_after_s * 1000ull;
    st->remaining_s = -1;
    if (ps && ps->minutes_remaining >= 0) {
        st->remaining_s = ps->minutes_remaining * 60;
    } else if (ps && ps->percent > 0 && ps->percent < 100) {
        uint64_t secs = st->elapsed_ms / 1000;

        st->remaining_s = (int)(secs * (uint64_t)(100 - ps->percent) /
                                (uint64_t)ps->percent);
    }
}

static void read_logs(struct job *job, bool final)
{
    bool changed;

    /* a log that cannot be read now is retried next time */
    if (job->progress) {
        progress_reader_poll(job->progress, &changed, NULL);
        if (final)
            progress_reader_finish(job->progress);
    }
    if (job->log) {
        sclog_reader_poll(job->log, &changed, NULL);
        if (final)
            sclog_reader_finish(job->log);
    }
}

int job_poll(struct job *job, int timeout_ms, struct wiz_err *err)
{
    struct job_status *st = &job->status;

    if (st->phase == JOB_DONE)
        return 1;
    if (job->proc) {
        int status = 0;
        bool signalled = false;
        int r = proc_wait(job->proc, timeout_ms, &status, &signalled, err);

        if (r < 0)
            return -1;
        if (r == 1) {
            read_logs(job, true);
            st->rc = status;
            st->signalled = signalled;
            st->phase = JOB_DONE;
            update_estimates(job, sys_monotonic_ms());
            return 1;
        }
    } else if (timeout_ms > 0) {
        sys_sleep_ms((unsigned)timeout_ms);
    }
    read_logs(job, false);
    uint64_t now = sys_monotonic_ms();

    if (job->status.attached) {
        const struct progress_state *ps = progress_reader_state(job->progress);

        if (ps->finished || st->phase == JOB_CANCELLING) {
            st->rc = ps->finished ? ps->error_code : -1;
            st->phase = JOB_DONE;
            update_estimates(job, now);
            return 1;
        }
    } else if (st->phase == JOB_CANCELLING && now >= job->cancel_at_ms) {
        if (proc_cancel(job->proc, true, err) < 0)
            return -1;
        job->cancel_at_ms = UINT64_MAX;
    }
    update_estimates(job, now);
    return 0;
}

const struct job_status *job_status(const struct job *job)
{
    return &job->status;
}

size_t job_log_tail(const struct job *job, const char **lines, size_t max)
{
    return job->log ? sclog_reader_tail(job->log, lines, max) : 0;
}

int job_cancel(struct job *job, bool force, unsigned grace_s,
               struct wiz_err *err)
{
    struct job_status *st = &job->status;

    if (st->phase == JOB_DONE)
        return 0;
    st->cancel_requested = true;
    st->phase = JOB_CANCELLING;
    if (!job->proc)
        return 0;
    if (proc_cancel(job->proc, force, err) < 0)
        return -1;
    job->cancel_at_ms = force ? UINT64_MAX
                              : sys_monotonic_ms() + grace_s * 1000ull;
    return 0;
}

long job_pid(const struct job *job)
{
    return job->proc ? proc_pid(job->proc) : 0;
}

void job_free(struct job *job)
{
    if (!job)
        return;
    proc_free(job->proc);
    if (job->progress)
        progress_reader_free(job->progress);
    if (job->log)
        sclog_reader_free(job->log);
    free(job);
}

char *job_format_duration(int64_t seconds, char *buf, size_t size)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds >= 3600)
        snprintf(buf, size, "%lld:%02lld:%02lld",
                 (long long)(seconds / 3600),
                 (long long)(seconds / 60 % 60), (long long)(seconds % 60));
    else
        snprintf(buf, size, "%lld:%02lld", (long long)(seconds / 60),
                 (long long)(seconds % 60));
    return buf;
}

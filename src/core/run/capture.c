#include "core/run/capture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/sha256.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/plan/cmdline.h"
#include "core/run/job.h"
#include "core/plan/keyfile.h"

/* Longest key file read for its fingerprint (keys have 1..256 bytes). */
#define KEYFILE_READ_MAX 4096
#include "core/plan/plan.h"
#include "core/run/progress.h"
#include "core/run/sclog.h"
#include "core/run/report.h"
#include "core/usmt/retcodes.h"
#include "platform/fs.h"
#include "platform/sys.h"

struct capture {
    struct job *job;
    char *key_file;             /* while scanstate runs, else NULL */
    char fingerprint[17];       /* "" without a key */
    struct cmdline_built built;
    char **envp;
    char *progress_host;
    char *log_host;
    bool simulated;
    int64_t started;
    int64_t finished;
};

void capture_key_fingerprint(const char *key, char out[17])
{
    struct sha256 s;
    unsigned char d[32];
    static const char prefix[] = "usmtwiz key fingerprint v1:";

    sha256_init(&s);
    sha256_update(&s, prefix, sizeof(prefix) - 1);
    sha256_update(&s, key, strlen(key));
    sha256_final(&s, d);
    for (int i = 0; i < 8; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
    plan_secure_zero(d, sizeof(d));
    /* the hash state still holds key bytes in its block buffer */
    plan_secure_zero(&s, sizeof(s));
}

/* The folder part of a path for us ("" when none). */
static char *parent_of(const char *path)
{
    const char *a = strrchr(path, '/');
    const char *b = strrchr(path, '\\');
    const char *s = a > b ? a : b;

    return s ? xstrndup(path, (size_t)(s - path)) : xstrdup("");
}

static int prepare_file(const char *path, struct wiz_err *err)
{
    char *dir;

    if (!path)
        return 0;
    dir = parent_of(path);
    if (*dir && fs_mkdir_p(dir, err) < 0) {
        free(dir);
        return err_prefix(err, "cannot prepare the log folder");
    }
    free(dir);
    if (fs_exists(path)) {
        char *old = xasprintf("%s.old", path);
        int r = fs_rename(path, old, err);

        free(old);
        if (r < 0)
            return err_prefix(err, "cannot move the previous log aside");
    }
    return 0;
}

static size_t name_len(const char *kv)
{
    const char *eq = strchr(kv, '=');

    return eq ? (size_t)(eq - kv) : strlen(kv);
}

/* ours, minus what the built environment sets, plus built and extra. */
static char **merge_env(char *const *built, size_t n_built,
                        char *const *extra, const char *volume_root,
                        const char *usmt_dir)
{
    char **ours = sys_env_copy();
    size_t n = 0;
    size_t cap = n_built + 4;
    char **env;

    for (size_t i = 0; ours[i]; i++)
        cap++;
    for (size_t i = 0; extra && extra[i]; i++)
        cap++;
    env = xcalloc(cap + 1, sizeof(*env));
    for (size_t i = 0; ours[i]; i++) {
        bool replaced = false;
        size_t len = name_len(ours[i]);

        for (size_t j = 0; j < n_built && !replaced; j++)
            replaced = name_len(built[j]) == len &&
                       !str_ncasecmp(built[j], ours[i], len);
        for (size_t j = 0; extra && extra[j] && !replaced; j++)
            replaced = name_len(extra[j]) == len &&
                       !str_ncasecmp(extra[j], ours[i], len);
        if (volume_root && len == 19 &&
            !strncmp(ours[i], "USMTWIZ_VOLUME_ROOT", 19))
            replaced = true;
        if (usmt_dir && len == 12 && !strncmp(ours[i], "USMTWIZ_USMT", 12))
            replaced = true;
        if (!replaced)
            env[n++] = xstrdup(ours[i]);
    }
    for (size_t j = 0; j < n_built; j++)
        env[n++] = xstrdup(built[j]);
    for (size_t j = 0; extra && extra[j]; j++)
        env[n++] = xstrdup(extra[j]);
    if (volume_root)
        env[n++] = xasprintf("USMTWIZ_VOLUME_ROOT=%s", volume_root);
    /* the simulator takes the practice USMT folder's architecture */
    if (usmt_dir)
        env[n++] = xasprintf("USMTWIZ_USMT=%s", usmt_dir);
    env[n] = NULL;
    sys_env_free(ours);
    return env;
}

static void wipe_key(struct capture *c)
{
    if (c->key_file) {
        sys_secret_file(NULL);
        keyfile_wipe(c->key_file, NULL);
        free(c->key_file);
        c->key_file = NULL;
    }
}

int capture_start(const struct capture_spec *spec, struct capture **out,
                  struct wiz_err *err)
{
    struct capture *c = xcalloc(1, sizeof(*c));
    const struct plan *plan = spec->plan;
    char **argv = NULL;

    *out = NULL;
    cmdline_built_init(&c->built);
    c->simulated = spec->simulated;
    if (plan->key) {
        capture_key_fingerprint(plan->key, c->fingerprint);
        if (keyfile_create_temp(plan->key, &c->key_file, err) < 0)
            goto fail;
        /* a crash from here on still wipes it */
        sys_secret_file(c->key_file);
    } else if (plan->keyfile && spec->keyfile_host) {
        /* the technician's own key file: its fingerprint lets the restore
         * tell the right key from a wrong one (the file is read, its bytes
         * wiped at once; the key is whatever the file holds) */
        char *data = NULL;
        size_t len = 0;

        if (fs_read_file(spec->keyfile_host, KEYFILE_READ_MAX, &data, &len,
                         NULL) == 0 && len > 0) {
            capture_key_fingerprint(data, c->fingerprint);
            sys_wipe(data, len);
        }
        free(data);
    }
    if (cmdline_build(plan, c->key_file, spec->program, &c->built, err) < 0)
        goto fail;
    if (prepare_file(spec->progress_host, err) < 0 ||
        prepare_file(spec->log_host, err) < 0 ||
        prepare_file(spec->output_host, err) < 0)
        goto fail;
    c->envp = merge_env(c->built.env, c->built.n_env, spec->extra_env,
                        spec->simulated ? spec->volume_root : NULL,
                        spec->simulated ? spec->cwd : NULL);
    argv = xcalloc(c->built.argc + 2, sizeof(*argv));
    argv[0] = (char *)(uintptr_t)spec->program;
    for (size_t i = 0; i < c->built.argc; i++)
        argv[i + 1] = c->built.argv[i];
    struct job_spec js = { spec->program, argv, c->envp, spec->cwd,
                           spec->progress_host, spec->log_host,
                           spec->output_host, spec->stall_after_s };

    c->started = sys_now();
    if (job_start(&js, &c->job, err) < 0)
        goto fail;
    free(argv);
    if (spec->progress_host)
        c->progress_host = xstrdup(spec->progress_host);
    if (spec->log_host)
        c->log_host = xstrdup(spec->log_host);
    *out = c;
    return 0;
fail:
    free(argv);
    capture_free(c);
    return -1;
}

int capture_poll(struct capture *c, int timeout_ms, struct wiz_err *err)
{
    int r = job_poll(c->job, timeout_ms, err);

    if (r == 1 && !c->finished) {
        c->finished = sys_now();
        wipe_key(c);
    }
    return r;
}

const struct job_status *capture_status(const struct capture *c)
{
    return job_status(c->job);
}

size_t capture_log_tail(const struct capture *c, const char **lines,
                        size_t max)
{
    return job_log_tail(c->job, lines, max);
}

int capture_cancel(struct capture *c, bool force, unsigned grace_s,
                   struct wiz_err *err)
{
    return job_cancel(c->job, force, grace_s ? grace_s : 30, err);
}

const char *capture_display(const struct capture *c)
{
    return c->built.display ? c->built.display : "";
}

void capture_fill_report(const struct capture *c, struct report *r)
{
    const struct job_status *st = job_status(c->job);
    const struct progress_state *ps = st->progress;

    free(r->command);
    r->command = xstrdup(capture_display(c));
    for (size_t i = 0; i < c->built.n_env; i++)
        report_add_env(r, c->built.env[i]);
    r->simulated = c->simulated;
    r->started = c->started;
    r->finished = c->finished ? c->finished : sys_now();
    r->rc = st->phase == JOB_DONE ? st->rc : -1;
    if (st->cancel_requested && (st->signalled || st->rc == 2))
        r->rc = 2;
    free(r->result);
    r->result = xstrdup(st->cancel_requested && r->rc == 2
                            ? "cancelled" : report_result_for_rc(r->rc));
    const struct retcode *rc = r->rc >= 0 ? retcode_by_code(r->rc) : NULL;

    free(r->rc_symbol);
    r->rc_symbol = rc ? xstrdup(rc->symbol) : NULL;
    if (ps && ps->restarts)
        report_add_finding(r, "notice progress-log-replaced: the progress "
                              "log was replaced or cut short while it was "
                              "followed (scanstate started again?); it was "
                              "read again from its start");
    if (st->log && st->log->restarts)
        report_add_finding(r, "notice log-replaced: scanstate.log was "
                              "replaced or cut short while it was followed; "
                              "it was read again from its start");
    if (ps) {
        r->ignored_errors = (uint32_t)(ps->finished ? ps->ignored_errors
                                                    : ps->n_ignored);
        if (ps->have_total_mb)
            r->total_mb = (uint64_t)(ps->total_mb + 0.5);
    }
    free(r->log_path);
    r->log_path = c->log_host ? xstrdup(c->log_host) : NULL;
    free(r->progress_path);
    r->progress_path = c->progress_host ? xstrdup(c->progress_host) : NULL;
    free(r->key_fingerprint);
    r->key_fingerprint = c->fingerprint[0] ? xstrdup(c->fingerprint) : NULL;
}

long capture_pid(const struct capture *c)
{
    return job_pid(c->job);
}

void capture_free(struct capture *c)
{
    if (!c)
        return;
    wipe_key(c);
    job_free(c->job);
    cmdline_built_release(&c->built);
    sys_env_free(c->envp);
    free(c->progress_host);
    free(c->log_host);
    free(c);
}

#define _GNU_SOURCE
#include "platform/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xalloc.h"

extern char **environ;

/*
 * The child runs in its own process group, so a Ctrl+C typed at our
 * terminal does not reach it and a cancel reaches it and its children.  A
 * close-on-exec pipe tells the parent whether exec worked: it reads EOF on
 * success or the child's errno on failure.
 */
struct proc {
    pid_t pid;
    bool done;
    int status;
    bool signalled;
};

static void child_fail(int fd, int e)
{
    ssize_t w = write(fd, &e, sizeof(e));

    (void)w;
    _exit(127);
}

static void run_child(const struct proc_spec *spec, int errfd)
{
    struct sigaction sa;

    /* signal dispositions we changed must not leak into the child */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGPIPE, &sa, NULL);
    sigset_t none;

    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (setpgid(0, 0) < 0)
        child_fail(errfd, errno);
    if (spec->cwd && chdir(spec->cwd) < 0)
        child_fail(errfd, errno);
    int in = open("/dev/null", O_RDONLY);
    int out = spec->output_path
                  ? open(spec->output_path,
                         O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)
                  : open("/dev/null", O_WRONLY | O_CLOEXEC);

    if (in < 0 || out < 0)
        child_fail(errfd, errno);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
        child_fail(errfd, errno);
    execve(spec->path, spec->argv, spec->envp ? spec->envp : environ);
    child_fail(errfd, errno);
}

int proc_spawn(const struct proc_spec *spec, struct proc **out,
               struct wiz_err *err)
{
    int fds[2];

    *out = NULL;
    if (!spec->path || !spec->argv || !spec->argv[0])
        return err_set(err, WIZ_EUSAGE, "cannot start a program: no path");
    if (pipe2(fds, O_CLOEXEC) < 0)
        return err_set(err, WIZ_ESYS, "cannot start '%s': %s", spec->path,
                       strerror(errno));
    pid_t pid = fork();

    if (pid < 0) {
        int e = errno;

        close(fds[0]);
        close(fds[1]);
        return err_set(err, WIZ_ESYS, "cannot start '%s': %s", spec->path,
                       strerror(e));
    }
    if (pid == 0) {
        close(fds[0]);
        run_child(spec, fds[1]);
    }
    close(fds[1]);
    /* both sides set the group, so a cancel right away cannot miss it */
    setpgid(pid, pid);
    int child_errno = 0;
    ssize_t r;

    do {
        r = read(fds[0], &child_errno, sizeof(child_errno));
    } while (r < 0 && errno == EINTR);
    close(fds[0]);
    if (r == (ssize_t)sizeof(child_errno)) {
        int st;

        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        return err_set(err, child_errno == ENOENT ? WIZ_ENOENT : WIZ_ESYS,
                       "cannot start '%s': %s", spec->path,
                       strerror(child_errno));
    }
    struct proc *p = xcalloc(1, sizeof(*p));

    p->pid = pid;
    *out = p;
    return 0;
}

static int reap(struct proc *p, bool *ended, struct wiz_err *err)
{
    int st;
    pid_t r;

    *ended = false;
    do {
        r = waitpid(p->pid, &st, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r < 0)
        return err_set(err, WIZ_ESYS, "cannot wait for process %ld: %s",
                       (long)p->pid, strerror(errno));
    if (r == 0)
        return 0;
    if (WIFEXITED(st)) {
        p->status = WEXITSTATUS(st);
        p->signalled = false;
    } else if (WIFSIGNALED(st)) {
        p->status = 128 + WTERMSIG(st);
        p->signalled = true;
    } else {
        return 0;   /* stopped or continued: still alive */
    }
    p->done = true;
    *ended = true;
    return 0;
}

int proc_wait(struct proc *p, int timeout_ms, int *status, bool *signalled,
              struct wiz_err *err)
{
    struct timespec start;
    unsigned step_ms = 2;

    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        bool ended = p->done;

        if (!ended && reap(p, &ended, err) < 0)
            return -1;
        if (ended) {
            if (status)
                *status = p->status;
            if (signalled)
                *signalled = p->signalled;
            return 1;
        }
        struct timespec now;

        clock_gettime(CLOCK_MONOTONIC, &now);
        long waited = (long)(now.tv_sec - start.tv_sec) * 1000L +
                      (now.tv_nsec - start.tv_nsec) / 1000000L;

        if (timeout_ms <= 0 || waited >= timeout_ms)
            return 0;
        /* back off from 2 ms to 50 ms: quick for short children, cheap later */
        long left = timeout_ms - waited;
        unsigned ms = step_ms < (unsigned)left ? step_ms : (unsigned)left;
        struct timespec ts = { 0, (long)ms * 1000000L };

        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
            ;
        if (step_ms < 50)
            step_ms *= 2;
    }
}

int proc_cancel(struct proc *p, bool force, struct wiz_err *err)
{
    bool ended = p->done;

    /* never signal a reaped child: its id may belong to someone else now */
    if (!ended && reap(p, &ended, err) < 0)
        return -1;
    if (ended)
        return 0;
    int sig = force ? SIGKILL : SIGINT;

    if (kill(-p->pid, sig) < 0 && errno != ESRCH) {
        if (kill(p->pid, sig) < 0 && errno != ESRCH)
            return err_set(err, WIZ_ESYS, "cannot signal process %ld: %s",
                           (long)p->pid, strerror(errno));
    }
    return 0;
}

bool proc_alive(long pid)
{
    if (pid <= 0)
        return false;
    return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

long proc_pid(const struct proc *p)
{
    return (long)p->pid;
}

void proc_free(struct proc *p)
{
    free(p);
}

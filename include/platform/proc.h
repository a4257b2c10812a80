#ifndef WIZ_PLATFORM_PROC_H
#define WIZ_PLATFORM_PROC_H

#include <stdbool.h>

/*
 * Child processes: scanstate (or scanstate-sim) runs as a child with an
 * explicit environment; its stdout and stderr go to a file.  POSIX: its own
 * process group; Win32: CREATE_NEW_PROCESS_GROUP.
 */

struct wiz_err;
struct proc;

struct proc_spec {
    const char *path;           /* program to run */
    char *const *argv;          /* argv[0] included, NULL-terminated */
    char *const *envp;          /* "K=V" array, NULL-terminated; NULL = ours */
    const char *cwd;            /* NULL = ours */
    const char *output_path;    /* stdout+stderr appended here; NULL = null */
};

int proc_spawn(const struct proc_spec *spec, struct proc **out,
               struct wiz_err *err);
/*
 * Wait up to timeout_ms (0 = just look) for the child to end.  Returns 1
 * when it ended (exit code in *status; a child killed by a signal gives
 * 128 + signal number and *signalled = true), 0 while it runs, -1 on error.
 */
int proc_wait(struct proc *p, int timeout_ms, int *status, bool *signalled,
              struct wiz_err *err);
/*
 * Ask the child to stop (SIGINT to its group; Win32 CTRL_BREAK); with
 * force, kill it (SIGKILL; TerminateProcess).
 */
int proc_cancel(struct proc *p, bool force, struct wiz_err *err);
/* Process id of the child (for a run file that lets us re-attach). */
long proc_pid(const struct proc *p);
/* Is a process with this id running (one we may not have started)? */
bool proc_alive(long pid);
/* Release the handle; a running child is left running. */
void proc_free(struct proc *p);

#endif

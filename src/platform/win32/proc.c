#include "platform/proc.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "w32.h"

struct proc {
    HANDLE process;
    DWORD pid;
    bool done;
    int status;
};

/*
 * Quote one argument so that the Microsoft C runtime's splitting gives it
 * back: backslashes are literal unless they precede a quote; then 2n
 * backslashes + quote stand for n backslashes + a quote delimiter.
 */
static void quote_arg(struct strbuf *sb, const char *arg)
{
    if (*arg && !strpbrk(arg, " \t\n\v\"")) {
        strbuf_adds(sb, arg);
        return;
    }
    strbuf_addch(sb, '"');
    for (const char *p = arg; ; p++) {
        size_t slashes = 0;

        while (*p == '\\') {
            p++;
            slashes++;
        }
        if (!*p) {
            for (size_t i = 0; i < slashes * 2; i++)
                strbuf_addch(sb, '\\');
            break;
        }
        if (*p == '"') {
            for (size_t i = 0; i < slashes * 2 + 1; i++)
                strbuf_addch(sb, '\\');
        } else {
            for (size_t i = 0; i < slashes; i++)
                strbuf_addch(sb, '\\');
        }
        strbuf_addch(sb, *p);
    }
    strbuf_addch(sb, '"');
}

static int cmp_env(const void *a, const void *b)
{
    return _wcsicmp(*(wchar_t *const *)a, *(wchar_t *const *)b);
}

/* A sorted UTF-16 environment block, as CreateProcessW wants it. */
static wchar_t *env_block(char *const *envp)
{
    size_t n = 0;
    size_t chars = 1;

    while (envp[n])
        n++;
    wchar_t **w = xcalloc(n + 1, sizeof(*w));

    for (size_t i = 0; i < n; i++) {
        w[i] = w32_wide(envp[i]);
        chars += wcslen(w[i]) + 1;
    }
    qsort(w, n, sizeof(*w), cmp_env);
    wchar_t *block = xcalloc(chars + 1, sizeof(wchar_t));
    wchar_t *p = block;

    for (size_t i = 0; i < n; i++) {
        size_t len = wcslen(w[i]);

        memcpy(p, w[i], (len + 1) * sizeof(wchar_t));
        p += len + 1;
        free(w[i]);
    }
    *p = 0;
    free(w);
    return block;
}

int proc_spawn(const struct proc_spec *spec, struct proc **out,
               struct wiz_err *err)
{
    struct strbuf cmd;
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    HANDLE outh = INVALID_HANDLE_VALUE;
    wchar_t *wpath;
    wchar_t *wcmd;
    wchar_t *wenv = NULL;
    wchar_t *wcwd = NULL;
    int r = 0;

    *out = NULL;
    strbuf_init(&cmd);
    for (size_t i = 0; spec->argv[i]; i++) {
        if (i)
            strbuf_addch(&cmd, ' ');
        quote_arg(&cmd, spec->argv[i]);
    }
    if (cmd.len >= 32767) {
        strbuf_release(&cmd);
        return err_set(err, WIZ_ELIMIT,
                       "cannot start '%s': the command line is longer than "
                       "Windows allows (32767 characters)", spec->path);
    }
    if (spec->output_path) {
        wchar_t *w = w32_wide_path(spec->output_path);

        outh = CreateFileW(w, FILE_APPEND_DATA,
                           FILE_SHARE_READ | FILE_SHARE_WRITE |
                               FILE_SHARE_DELETE,
                           &sa, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        free(w);
        if (outh == INVALID_HANDLE_VALUE) {
            strbuf_release(&cmd);
            return w32_err(err, "cannot open the output file",
                           spec->output_path);
        }
    } else {
        outh = CreateFileW(L"NUL", GENERIC_WRITE, FILE_SHARE_WRITE, &sa,
                           OPEN_EXISTING, 0, NULL);
    }
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = INVALID_HANDLE_VALUE;
    si.hStdOutput = outh;
    si.hStdError = outh;
    wpath = w32_wide_path(spec->path);
    wcmd = w32_wide(cmd.buf);
    if (spec->envp)
        wenv = env_block(spec->envp);
    if (spec->cwd)
        wcwd = w32_wide_path(spec->cwd);
    if (!CreateProcessW(wpath, wcmd, NULL, NULL, TRUE,
                        CREATE_NEW_PROCESS_GROUP |
                            CREATE_UNICODE_ENVIRONMENT,
                        wenv, wcwd, &si, &pi)) {
        r = w32_err(err, "cannot start", spec->path);
    } else {
        CloseHandle(pi.hThread);
        *out = xcalloc(1, sizeof(**out));
        (*out)->process = pi.hProcess;
        (*out)->pid = pi.dwProcessId;
    }
    if (outh != INVALID_HANDLE_VALUE)
        CloseHandle(outh);
    free(wpath);
    free(wcmd);
    free(wenv);
    free(wcwd);
    strbuf_release(&cmd);
    return r;
}

int proc_wait(struct proc *p, int timeout_ms, int *status, bool *signalled,
              struct wiz_err *err)
{
    if (!p->done) {
        DWORD w = WaitForSingleObject(p->process,
                                      timeout_ms < 0 ? INFINITE
                                                     : (DWORD)timeout_ms);

        if (w == WAIT_TIMEOUT)
            return 0;
        if (w != WAIT_OBJECT_0)
            return w32_err(err, "cannot wait for the child process", NULL);
        DWORD code = 0;

        if (!GetExitCodeProcess(p->process, &code))
            return w32_err(err, "cannot read the child's exit code", NULL);
        p->done = true;
        p->status = (int)code;
    }
    if (status)
        *status = p->status;
    if (signalled)
        *signalled = ((unsigned)p->status & 0xC0000000u) == 0xC0000000u;
    return 1;
}

int proc_cancel(struct proc *p, bool force, struct wiz_err *err)
{
    if (p->done)
        return 0;
    if (!force) {
        /* the child is the leader of its own group: only it gets this */
        if (GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, p->pid))
            return 0;
    }
    if (!TerminateProcess(p->process, 2))
        return w32_err(err, "cannot stop the child process", NULL);
    return 0;
}

long proc_pid(const struct proc *p)
{
    return (long)p->pid;
}

bool proc_alive(long pid)
{
    HANDLE h;
    DWORD code = 0;

    if (pid <= 0)
        return false;
    h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
    if (!h)
        return GetLastError() == ERROR_ACCESS_DENIED;
    BOOL ok = GetExitCodeProcess(h, &code);

    CloseHandle(h);
    return ok && code == STILL_ACTIVE;
}

void proc_free(struct proc *p)
{
    if (!p)
        return;
    CloseHandle(p->process);
    free(p);
}

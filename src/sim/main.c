/*
 * scanstate-sim: a stand-in for scanstate.exe 10 for tests, the demo and
 * training labs.  It checks its command line as scanstate does, reads the
 * offline Windows volume's hives (read-only), walks the selected profiles,
 * writes a real store and writes scanstate.log and the progress log in the
 * real layouts.  Knobs (see assets/man/scanstate-sim.1):
 *   USMTWIZ_VOLUME_ROOT  folder with one sub-folder per drive letter
 *   USMTWIZ_WINPE=1      behave as when running in Windows PE
 *   SIM_PACE_MS / --pace MS        wait after each progress step
 *   SIM_FAIL / --fail RC[@PCT]     fail with RC at PCT percent
 *   SIM_EOL / --eol lf|crlf        line ends of the logs
 *   SIM_DAMAGE_STORE=truncate      after a good run, cut the last 40 bytes
 *                                  off USMT.MIG (a store a faulty USB disk
 *                                  spoiled): usmtutils /verify finds it
 * Marker files on practice volumes: "*.efs" is an EFS-encrypted file,
 * "*.unreadable" a file that cannot be read (as a file that fails to open).
 */
#include "sim.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "core/offline/winos.h"
#include "core/plan/offxml.h"
#include "core/usmt/usmtxml.h"
#include "lab/migstore.h"
#include "core/usmt/retcodes.h"
#include "platform/fs.h"
#include "platform/sys.h"
#include "platform/vol.h"

struct err_row {
    unsigned code;
    bool abort;
    uint64_t count;
    char *first;
};

struct run {
    struct sim_ctx ctx;
    int argc;
    char **argv;
    char *cmdline;          /* program and arguments, for the logs */
    char *log_win;          /* the log path as shown */
    struct err_row rows[8];
    size_t n_rows;
    int percent;
};

static const char *rc_message(int rc, size_t which)
{
    const struct retcode *r = retcode_by_code(rc);

    if (!r || !r->messages || !r->messages[0])
        return "Software malfunction or unknown exception";
    for (size_t i = 0; i < which; i++) {
        if (!r->messages[i + 1])
            return r->messages[i];
    }
    return r->messages[which];
}

/* ---- the command line text --------------------------------------------- */

static void add_arg(struct strbuf *sb, const char *a)
{
    if (sb->len)
        strbuf_addch(sb, ' ');
    if (strchr(a, ' ') || !*a)
        strbuf_addf(sb, "\"%s\"", a);
    else
        strbuf_adds(sb, a);
}

/* The key is never written anywhere: /key:... shows as /key:*. */
static void add_shown_arg(struct strbuf *sb, const char *a)
{
    if (str_istarts_with(a, "/key:") || str_istarts_with(a, "-key:")) {
        if (sb->len)
            strbuf_addch(sb, ' ');
        strbuf_add(sb, a, 5);
        strbuf_addch(sb, '*');
        return;
    }
    add_arg(sb, a);
}

static char *join_args(int argc, char **argv, int from, int to)
{
    struct strbuf sb;
    bool key_next = false;

    strbuf_init(&sb);
    for (int i = from; i < to && i < argc; i++) {
        if (key_next) {
            add_arg(&sb, "*");
            key_next = false;
            continue;
        }
        add_shown_arg(&sb, argv[i]);
        key_next = str_ieq(argv[i], "/key") || str_ieq(argv[i], "-key");
    }
    return strbuf_detach(&sb, NULL);
}

/* ---- endings ----------------------------------------------------------- */

static void log_summary(struct run *r)
{
    struct sim_out *out = &r->ctx.out;
    static const char dashes[] =
        "-----------------------------------------------------------------"
        "------------------------";

    if (!r->n_rows)
        return;
    sim_log(out, "Info", 0, "----------------------------------- USMT ERROR "
            "SUMMARY -----------------------------------");
    sim_log(out, "Info", 0, "* One or more errors were encountered in "
            "migration (ordered by first occurence)");
    sim_log(out, "Info", 0, "+%s", dashes);
    sim_log(out, "Info", 0, "|%14s |%13s |%11s | %-21s", "Error Code",
            "Caused Abort", "Recurrence", "First Occurence");
    for (size_t i = 0; i < r->n_rows; i++)
        sim_log(out, "Info", 0, "|%14u |%13s |%11llu | %s", r->rows[i].code,
                r->rows[i].abort ? "Yes" : "No",
                (unsigned long long)r->rows[i].count, r->rows[i].first);
    sim_log(out, "Info", 0, "+%s", dashes);
}

static void note_row(struct run *r, unsigned code, bool abort,
                     const char *first)
{
    for (size_t i = 0; i < r->n_rows; i++) {
        if (r->rows[i].code == code) {
            r->rows[i].count++;
            r->rows[i].abort = r->rows[i].abort || abort;
            return;
        }
    }
    if (r->n_rows >= sizeof(r->rows) / sizeof(r->rows[0]))
        return;
    r->rows[r->n_rows].code = code;
    r->rows[r->n_rows].abort = abort;
    r->rows[r->n_rows].count = 1;
    r->rows[r->n_rows].first = xstrdup(first);
    r->n_rows++;
}

static void log_end(struct run *r, unsigned gle)
{
    char t[64];

    sim_usmt_time(t, sizeof(t));
    if (gle)
        sim_log_gle(&r->ctx.out, "Info", 0, gle, "USMT Completed at %s", t);
    else
        sim_log(&r->ctx.out, "Info", 0, "USMT Completed at %s", t);
    log_summary(r);
    sim_log(&r->ctx.out, "Info", 0, "Entering MigShutdown method");
    sim_log(&r->ctx.out, "Info", 0, "Leaving MigShutdown method");
}

/* Stop with rc: log, progress record, console. */
static int finish(struct run *r, int rc, const char *msg)
{
    struct sim_out *out = &r->ctx.out;

    if (rc != 0 && rc != 3) {
        sim_log(out, "Error", 0, "%s", msg);
        if (rc == 61 || rc == 72)
            sim_log(out, "Error", 0, "Migration failed to complete "
                    "successfully");
    }
    sim_progress(out, "errorCode, %d, numberOfIgnoredErrors, %llu, "
                 "message, \"%s\"", rc,
                 (unsigned long long)r->ctx.errors_ignored, msg);
    if (rc == 0) {
        sim_log(out, "Status", 0, "Activity: 'MIGACTIVITY_SUCCESS'");
        sim_log(out, "Info", 0, "Successful run");
    } else if (rc == 3) {
        sim_log(out, "Status", 0, "Activity: 'MIGACTIVITY_SUCCESS'");
        sim_log(out, "Info", 0, "Success, %llu errors ignored. See the log "
                "for more information.",
                (unsigned long long)r->ctx.errors_ignored);
    }
    log_end(r, rc ? 2 : 0);
    if (rc == 0)
        printf("\nSuccessful run\n");
    else
        printf("\n%s\n", msg);
    printf("\nScanState return code: %d\n", rc);
    fflush(stdout);
    return rc;
}

/* A command-line error: the block scanstate logs, then the usual end. */
static int cmdline_failed(struct run *r, int rc, const char *msg, int bad)
{
    struct sim_out *out = &r->ctx.out;
    char *before = join_args(r->argc, r->argv, 0, bad >= 0 ? bad : r->argc);
    char *after = bad >= 0 ? join_args(r->argc, r->argv, bad, r->argc)
                           : xstrdup("");
    char *line = xasprintf("  %s ##ERROR## --> ", before);
    char *rest = xasprintf(" %s", after);
    char *reason = xasprintf("  %s[gle=0x00000002]", msg);

    sim_log_gle(out, "Info", 0, 2, "Failed.");
    sim_log(out, "Info", 0, "  An error occurred processing the command "
            "line.");
    sim_log_cont(out, line);
    sim_log_cont(out, rest);
    sim_log_cont(out, reason);
    free(line);
    free(rest);
    free(reason);
    free(before);
    free(after);
    sim_progress(out, "errorCode, %d, numberOfIgnoredErrors, 0, message, "
                 "\"%s\"", rc, msg);
    log_end(r, 2);
    printf("\n%s\n\nScanState return code: %d\n", msg, rc);
    fflush(stdout);
    return rc;
}

/* argv index of the first switch named name ("offlinewindir"), or -1. */
static int find_arg(const struct run *r, const char *name)
{
    size_t n = strlen(name);

    for (int i = 1; i < r->argc; i++) {
        const char *a = r->argv[i];

        if ((a[0] == '/' || a[0] == '-') && !str_ncasecmp(a + 1, name, n) &&
            (a[n + 1] == ':' || a[n + 1] == '\0'))
            return i;
    }
    return -1;
}

/* ---- pacing, cancel and training failures ------------------------------ */

static void pace(struct run *r)
{
    if (r->ctx.o->pace_ms > 0)
        sys_sleep_ms((unsigned)r->ctx.o->pace_ms);
}

/* Advance the percentage one step at a time; 1 when the run must stop. */
static int advance(struct run *r, int to)
{
    while (r->percent < to) {
        if (sys_interrupted())
            return 1;
        r->percent++;
        if (r->ctx.o->fail_rc && r->percent >= r->ctx.o->fail_at)
            return 1;
        sim_progress(&r->ctx.out, "totalPercentageCompleted, %d", r->percent);
        pace(r);
    }
    return sys_interrupted() ? 1 : 0;
}

static int stopped(struct run *r)
{
    if (sys_interrupted()) {
        sim_log(&r->ctx.out, "Info", 0, "Received request to cancel; "
                "stopping");
        return finish(r, 2, rc_message(2, 1));
    }
    int rc = r->ctx.o->fail_rc;

    /* a training failure names the likeliest cause of its code */
    return finish(r, rc, rc_message(rc, rc == 72 ? 3 : 0));
}

/* ---- checks before the gather ------------------------------------------ */

static uint64_t free_space_of(struct run *r, const char *win_or_host,
                              bool *known)
{
    struct sim_ctx *ctx = &r->ctx;
    const char *p = win_or_host;

    *known = false;
    if (ctx->volume_root && p[0] && p[1] == ':') {
        struct vol_list vl;
        uint64_t fr = 0;

        if (vol_enumerate(ctx->volume_root, &vl, NULL) == 0) {
            for (size_t i = 0; i < vl.n; i++) {
                if (vl.v[i].letter == (char)(p[0] & ~0x20)) {
                    fr = vl.v[i].free_bytes;
                    *known = true;
                }
            }
            vol_list_release(&vl);
        }
        return fr;
    }
    char *host = sim_path(ctx, p);
    uint64_t fr = 0;
    uint64_t tot = 0;

    if (fs_space(host, &fr, &tot, NULL) == 0)
        *known = true;
    free(host);
    return fr;
}

static int check_temp(struct run *r)
{
    const char *wd = sys_getenv("USMT_WORKING_DIR");
    const char *tmp = sys_getenv("TEMP");
    const char *where;

    if (wd && *wd)
        where = wd;
    else if (sys_is_winpe())
        where = "X:\\Windows\\TEMP";
    else
        where = tmp && *tmp ? tmp : (fs_sep() == '/' ? "/tmp" : "C:\\");
    bool known;
    uint64_t fr = free_space_of(r, where, &known);

    sim_log(&r->ctx.out, "Info", 0, "Temporary directory: %s", where);
    if (known && fr < SIM_MIN_TEMP_BYTES) {
        sim_log(&r->ctx.out, "Error", 0, "Not enough free space for "
                "temporary files on %s: %llu MB free", where,
                (unsigned long long)(fr >> 20));
        return 29;
    }
    return 0;
}

/*
 * MIG_OFFLINE_PLATFORM_ARCH against the offline Windows (reference §3.4,
 * §3.7): the variable tells scanstate the bitness of the offline system
 * when it differs from scanstate's own.  The reference gives no error
 * text for a wrong or missing value.  The simulator takes the case the
 * variable exists for: a value that contradicts the offline Windows, or
 * no value while scanstate's bitness differs from the offline Windows',
 * makes the offline platform detection fail, and scanstate stops before
 * gathering with rc 36, whose documented message "Compliance check
 * failure; please check the logs for details" covers an architecture it
 * cannot handle (scanstate 10 even holds undocumented bypass variables,
 * MIG_USMT_BYPASS_ARCHITECTURE and MIG_USMT_BYPASS_OS_ARCHITECTURE, for
 * that check).  The log lines naming the two bitnesses are the
 * simulator's wording.  Without a practice USMT folder (architecture
 * unknown) nothing is checked.
 */
static int check_offline_arch(struct run *r)
{
    struct sim_ctx *ctx = &r->ctx;
    int ours = sim_arch_bits(ctx->usmt_arch);
    int os = sim_offline_bits(ctx->windir_host);
    const char *v = sys_getenv("MIG_OFFLINE_PLATFORM_ARCH");

    if (!ours)
        return 0;
    if (v && *v) {
        int want = !strcmp(v, "32") ? 32 : !strcmp(v, "64") ? 64 : 0;

        sim_log(&ctx->out, "Info", 0, "MIG_OFFLINE_PLATFORM_ARCH=%s", v);
        if (want == os)
            return 0;
        sim_log(&ctx->out, "Error", 0, "Offline platform architecture "
                "mismatch: MIG_OFFLINE_PLATFORM_ARCH is %s but the offline "
                "Windows at %s is %d-bit", v, ctx->windir_win, os);
    } else {
        if (ours == os)
            return 0;
        sim_log(&ctx->out, "Error", 0, "Unable to determine the offline "
                "platform architecture: the offline Windows at %s is %d-bit "
                "and this ScanState is %d-bit; set MIG_OFFLINE_PLATFORM_ARCH",
                ctx->windir_win, os, ours);
    }
    sim_log(&ctx->out, "Error", 0, "MigStartupOffline: compliance check "
            "failed for the offline platform");
    return finish(r, 36, rc_message(36, 0));
}

/*
 * The root element of an XML file, read by the one loader (caller frees);
 * NULL with why when it is not XML we read.
 */
static char *xml_root(const char *path, struct wiz_err *why)
{
    struct usmtxml_doc *doc;
    char *name;

    if (usmtxml_load(path, &doc, why) < 0)
        return NULL;
    name = xstrdup(usmtxml_root_name(doc) ? usmtxml_root_name(doc) : "");
    usmtxml_free(doc);
    return name;
}

static int check_scripts(struct run *r)
{
    struct sim_opts *o = r->ctx.o;

    for (size_t i = 0; i < o->n_inc; i++) {
        char *host = sim_path(&r->ctx, o->inc[i]);
        bool there = fs_exists(host);
        struct wiz_err why;
        char *root;
        int rc = 0;

        err_clear(&why);
        root = there ? xml_root(host, &why) : NULL;
        sim_log(&r->ctx.out, "Info", 0, "Script file specified: %s",
                o->inc[i]);
        if (!there) {
            rc = finish(r, 28, "Unable to find a script file specified by "
                        "/i");
        } else if (!root) {
            sim_log(&r->ctx.out, "Error", 0, "%s: %s", o->inc[i], why.msg);
            rc = finish(r, 28, "Script file is invalid for /i");
        } else if (!str_ieq(root, "migration")) {
            sim_log(&r->ctx.out, "Error", 0, "%s: the root element is <%s>, "
                    "not <migration>", o->inc[i], root);
            rc = finish(r, 28, "Script file is invalid for /i");
        }
        free(root);
        free(host);
        if (rc)
            return rc;
    }
    if (o->config) {
        char *host = sim_path(&r->ctx, o->config);
        bool ok = fs_exists(host);

        free(host);
        if (!ok)
            return finish(r, 39, "File argument is invalid for /config");
    }
    return 0;
}

static int check_key(struct run *r)
{
    struct sim_opts *o = r->ctx.o;

    if (o->have_key && !*o->key)
        return finish(r, 33, "The encryption key must have at least one "
                      "character");
    if (o->have_keyfile) {
        char *host = sim_path(&r->ctx, o->keyfile);
        char *data;
        size_t len;

        if (fs_read_file(host, 64 * 1024, &data, &len, NULL) < 0) {
            free(host);
            return finish(r, 33, "Error accessing the file specified by the "
                          "/keyfile parameter");
        }
        free(host);
        size_t n = strcspn(data, "\r\n");

        data[n] = '\0';
        if (!n) {
            free(data);
            return finish(r, 33, "The encryption key must have at least one "
                          "character");
        }
        o->key = data;
    }
    return 0;
}

/* A Windows folder to scanstate: System32\config\SOFTWARE, any case. */
static bool is_windows_dir(const char *host)
{
    char *cfg = winos_resolve_ci(host, "System32/config");
    char *sw = cfg ? winos_find_ci(cfg, "SOFTWARE") : NULL;
    bool ok = sw != NULL;

    free(sw);
    free(cfg);
    return ok;
}

/*
 * offline.xml, read by the one reader of it (offxml_read): the <path>s of
 * <winDir> and <failOnMultipleWinDir>; -1 when it cannot be read as XML.
 */
static int read_offline_xml(const char *host, char ***paths, size_t *n,
                            bool *fail_multi)
{
    struct offxml x;

    *paths = NULL;
    *n = 0;
    *fail_multi = false;
    offxml_init(&x);
    if (offxml_read(host, &x, NULL) < 0) {
        offxml_release(&x);
        return -1;
    }
    *fail_multi = x.fail_on_multiple == 1;
    *paths = xcalloc(x.windirs.n + 1, sizeof(**paths));
    for (size_t i = 0; i < x.windirs.n; i++)
        (*paths)[i] = xstrdup(x.windirs.items[i]);
    *n = x.windirs.n;
    offxml_release(&x);
    return 0;
}

static int find_windir(struct run *r)
{
    struct sim_ctx *ctx = &r->ctx;
    struct sim_opts *o = ctx->o;
    const char *given = o->offline_windir ? o->offline_windir
                                          : o->offline_winold;

    if (given) {
        char *host = sim_path(ctx, given);

        if (!fs_is_dir(host)) {
            free(host);
            return cmdline_failed(r, 11, o->offline_windir
                                  ? "/offlinewindir requires a valid path "
                                    "to offline windows folder"
                                  : "/offlinewinold requires a valid path "
                                    "to offline windows folder",
                                  find_arg(r, o->offline_windir
                                                  ? "offlinewindir"
                                                  : "offlinewinold"));
        }
        if (!is_windows_dir(host)) {
            sim_log(&ctx->out, "Error", 0, "Invalid Windows folder for "
                    "offline gather to start - %s", given);
            free(host);
            return finish(r, 26, rc_message(26, 2));
        }
        ctx->windir_host = host;
        ctx->windir_win = xstrdup(given);
        return 0;
    }
    if (o->offline) {
        char *host = sim_path(ctx, o->offline);
        char **paths;
        size_t n;
        bool multi;

        if (read_offline_xml(host, &paths, &n, &multi) < 0) {
            free(host);
            return cmdline_failed(r, 11, "/offline requires a valid path to "
                                  "an XML file describing offline paths",
                                  find_arg(r, "offline"));
        }
        free(host);
        size_t valid = 0;

        for (size_t i = 0; i < n; i++) {
            char *h = sim_path(ctx, paths[i]);

            if (is_windows_dir(h)) {
                valid++;
                if (!ctx->windir_host) {
                    ctx->windir_host = h;
                    ctx->windir_win = xstrdup(paths[i]);
                    h = NULL;
                }
            }
            free(h);
            free(paths[i]);
        }
        free(paths);
        if (valid > 1 && multi) {
            sim_log(&ctx->out, "Error", 0, "%zu Windows installations "
                    "found and failOnMultipleWinDir is set", valid);
            return finish(r, 26, rc_message(26, 0));
        }
        if (!valid)
            return finish(r, 26, rc_message(26, 2));
        return 0;
    }
    /* online: the running system is drive C: of the practice volumes */
    char *host = sim_path(ctx, "C:\\Windows");

    if (!ctx->volume_root || !is_windows_dir(host)) {
        free(host);
        sim_log(&ctx->out, "Error", 0, "No Windows installation to gather "
                "from (set USMTWIZ_VOLUME_ROOT or use an offline switch)");
        return finish(r, 26, rc_message(26, 1));
    }
    ctx->windir_host = host;
    ctx->windir_win = xstrdup("C:\\Windows");
    return 0;
}

/* ---- the gather -------------------------------------------------------- */

/* Copy keeping holes (practice volumes hold big sparse files). */
static int copy_sparse(const char *from, const char *to)
{
    FILE *in = fs_fopen(from, "rb");
    FILE *out = in ? fs_fopen(to, "wb") : NULL;
    static unsigned char buf[1u << 20];
    size_t n;
    uint64_t pos = 0;
    bool hole_at_end = false;
    int ret = 0;

    if (!in || !out) {
        if (in)
            fclose(in);
        return -1;
    }
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
        bool zero = true;
        size_t i = 0;

        for (; i + 8 <= n && zero; i += 8) {
            uint64_t w;

            memcpy(&w, buf + i, 8);
            zero = w == 0;
        }
        for (; i < n && zero; i++)
            zero = buf[i] == 0;
        if (zero) {
            hole_at_end = true;
        } else {
            if (fs_seek(out, pos, false) < 0 || fwrite(buf, 1, n, out) != n)
                ret = -1;
            hole_at_end = false;
        }
        pos += n;
    }
    if (ferror(in))
        ret = -1;
    if (hole_at_end && pos > 0 &&
        (fs_seek(out, pos - 1, false) < 0 || fputc(0, out) == EOF))
        ret = -1;
    fclose(in);
    if (fclose(out) != 0)
        ret = -1;
    return ret;
}

static char *win_path_of(const struct sim_ctx *ctx, const struct sim_file *f)
{
    /* "File\C$\Users\x\a.txt" seen from WinPE: "D:\Users\x\a.txt" */
    const char *rest = f->store_name + strlen("File\\C$\\");
    char letter = f->store_name[5];

    if (letter == ctx->online_letter)
        letter = ctx->offline_letter;
    return xasprintf("%c:\\%s", letter, rest);
}

static char *store_file_path(const struct sim_ctx *ctx, const char *name)
{
    char *rel = xstrdup(name);

    for (char *p = rel; *p; p++) {
        if (*p == '\\')
            *p = fs_sep();
    }
    char *usmt = fs_join(ctx->store_host, "USMT");
    char *path = fs_join(usmt, rel);

    free(usmt);
    free(rel);
    return path;
}

static int put_in_store(struct run *r, const struct sim_file *f,
                        struct migstore_writer *mig, struct wiz_err *err)
{
    struct sim_ctx *ctx = &r->ctx;

    if (mig)
        return migstore_add_file(mig, f->store_name, f->host, f->mtime, 0x20,
                                 err);
    char *dst = store_file_path(ctx, f->store_name);
    char *dir = xstrdup(dst);
    char *slash = strrchr(dir, fs_sep());
    int ret = 0;

    if (slash)
        *slash = '\0';
    if (fs_mkdir_p(dir, err) < 0) {
        ret = -1;
    } else if (ctx->o->hardlink && fs_hardlink(f->host, dst, NULL) == 0) {
        ret = 0;
    } else {
        if (ctx->o->hardlink)
            sim_log(&ctx->out, "Warning", 0, "Cannot hard-link %s into the "
                    "store (another volume?); copying it", f->host);
        ret = copy_sparse(f->host, dst) < 0
                  ? err_set(err, WIZ_EIO, "cannot copy '%s'", f->host)
                  : 0;
        if (ret == 0)
            fs_set_mtime(dst, f->mtime, NULL);
    }
    free(dir);
    free(dst);
    return ret;
}

/* 1 = keep going, 0 = skip the file, or a return code to stop with. */
static int file_problem(struct run *r, const struct sim_file *f)
{
    struct sim_ctx *ctx = &r->ctx;
    char *win = win_path_of(ctx, f);
    int ret = 1;

    if (f->efs) {
        switch (ctx->o->efs) {
        case SIM_EFS_ABORT:
            sim_log(&ctx->out, "Error", 0, "EFS file found: %s; use /efs to "
                    "choose how to handle it", win);
            sim_progress(&ctx->out, "error, UnableToCopy, objectName, "
                         "\"%s\", action, Abort, errorText, \"EFS-encrypted "
                         "file\"", win);
            ret = 2;
            break;
        case SIM_EFS_SKIP:
            sim_log(&ctx->out, "Info", 0, "Skipping EFS file %s", win);
            ret = 0;
            break;
        default:
            break;
        }
    } else if (f->unreadable || f->cloud) {
        /*
         * a cloud placeholder offline: the cloud filter that would fetch
         * its data is not running.  The reference is silent; a real log
         * shows an error summary row "Read error 395 for C:\\Users\\...
         * \\OneDrive - ..." (395: ERROR_CLOUD_FILE_ACCESS_DENIED), and the
         * line below follows our "Read error 5" line
         */
        bool go_on = ctx->o->c;
        unsigned code = f->cloud ? 395 : 5;
        const char *desc = f->cloud ? "Access to the cloud file is denied."
                                    : "Access is denied.";
        char *first = xasprintf("Read error %u for %s. Windows error %u "
                                "description: %s", code, win, code, desc);

        sim_log_gle(&ctx->out, "Error", 0x0802e9, code, "%s", first);
        sim_progress(&ctx->out, "error, UnableToOpen, objectName, \"%s\", "
                     "action, %s, errorText, \"%s\"", win,
                     go_on ? "Ignore" : "Abort", desc);
        note_row(r, code, !go_on, first);
        free(first);
        if (go_on) {
            ctx->errors_ignored++;
            ret = 0;
        } else {
            sim_log(&ctx->out, "Error", 0, "Unable to process object %s, "
                    "aborting...", win);
            sim_log(&ctx->out, "Error", 0, "USMT is shutting down due to "
                    "errors. If the error is non-fatal, you can use /c to "
                    "ignore these errors and continue migration.");
            ret = 61;
        }
    }
    free(win);
    return ret;
}

/* SIM_DAMAGE_STORE=truncate: USMT.MIG loses its last 40 bytes. */
static void damage_store(const char *usmt)
{
    char *p = fs_join(usmt, "USMT.MIG");
    char *data = NULL;
    size_t len = 0;

    if (fs_read_file(p, (size_t)1 << 30, &data, &len, NULL) == 0 && len > 40)
        fs_write_file(p, data, len - 40, NULL);
    free(data);
    free(p);
}

static void write_listfiles(struct run *r)
{
    struct sim_ctx *ctx = &r->ctx;
    struct strbuf sb;

    if (!ctx->o->listfiles)
        return;
    strbuf_init(&sb);
    for (size_t i = 0; i < ctx->n_files; i++) {
        char *w = win_path_of(ctx, &ctx->files[i]);

        strbuf_addf(&sb, "%s%s", w, ctx->out.eol);
        free(w);
    }
    char *host = sim_path(ctx, ctx->o->listfiles);

    fs_write_file(host, sb.buf, sb.len, NULL);
    free(host);
    strbuf_release(&sb);
}

/*
 * The store disk is full (reference §5.1, real example 2, and §4.1 rc
 * 72): scanstate logs the object it could not write with Win32 error 112
 * and stops, /c or not, because the store itself can no longer be
 * written; the progress log gets an UnableToCopy record (§5.2).
 */
static int store_full(struct run *r, const struct sim_file *f, size_t obj,
                      uint64_t room)
{
    struct sim_out *out = &r->ctx.out;
    char *win = win_path_of(&r->ctx, f);
    char *first = xasprintf("CopyStream: Can't copy streams from {\"%s\"} to "
                            "{\"%zu\"} object. Error 112. Exception class "
                            "UnBCL::IOException: unable to write to "
                            "FileStream.", win, obj);

    sim_log(out, "Info", 0, "Store volume %c: has %llu bytes left; %s "
            "needs %llu", (char)(r->ctx.o->store[0] & ~0x20),
            (unsigned long long)room, win,
            (unsigned long long)f->size);
    sim_log(out, "Error", 0, "Unable to process object %s -> %zu, "
            "aborting...", win, obj);
    sim_log(out, "Error", 0, "USMT is shutting down due to errors. If the "
            "error is non-fatal, you can use /c to ignore these errors and "
            "continue migration.");
    sim_log_gle(out, "Error", 0x0802e9, 112, "%s", first);
    sim_progress(out, "error, UnableToCopy, objectName, \"%s\", action, "
                 "Abort, errorText, \"There is not enough space on the "
                 "disk.\"", win);
    note_row(r, 112, true, first);
    sim_log(out, "Error", 0, "Unable to Complete Migration. MigDoMigration "
            "Failed= 0x4");
    free(first);
    free(win);
    return finish(r, 72, rc_message(72, 3));
}

static int gather(struct run *r)
{
    struct sim_ctx *ctx = &r->ctx;
    struct sim_out *out = &ctx->out;
    struct migstore_writer *mig = NULL;
    struct wiz_err err;
    uint64_t done = 0;
    char *usmt = fs_join(ctx->store_host, "USMT");
    /*
     * What the store may take: the free space the practice volume's facts
     * give for the store's drive.  Every file counts at its full size
     * (what lint's store-low-space rules compare too); a hard-link store
     * writes links only.
     */
    const char *sp = ctx->o->store;
    bool room_known = false;
    uint64_t room = 0;
    uint64_t written = 0;

    if (ctx->volume_root && !ctx->o->hardlink && sp[0] && sp[1] == ':')
        room = free_space_of(r, sp, &room_known);

    sim_log(out, "Status", 0, "Activity: 'MIGACTIVITY_TRANSPORT_SELECTION'");
    if (!ctx->o->nocompress) {
        char *mpath = fs_join(usmt, "USMT.MIG");

        if (migstore_create(mpath, ctx->o->encrypt ? ctx->o->key : NULL,
                            &mig, &err) < 0) {
            free(mpath);
            free(usmt);
            sim_log(out, "Error", 0, "%s", err.msg);
            return finish(r, 27, rc_message(27, 2));
        }
        free(mpath);
    }
    sim_log(out, "Status", 0, "Activity: 'MIGACTIVITY_GATHER_BEGIN'");
    sim_progress(out, "PHASE, Saving");
    pace(r);
    sim_log(out, "Status", 0, "Activity: 'MIGACTIVITY_MIGUNIT_GATHER'");
    for (size_t i = 0; i < ctx->n_files; i++) {
        const struct sim_file *f = &ctx->files[i];

        if (i == 0 || f->user != ctx->files[i - 1].user)
            sim_progress(out, "collectingUser, %s",
                         ctx->users[f->user].name);
        int pr = file_problem(r, f);

        if (pr > 1) {
            migstore_abort(mig);
            free(usmt);
            return finish(r, pr, rc_message(pr, 0));
        }
        if (pr == 1 && room_known && f->size > room - written) {
            migstore_abort(mig);
            free(usmt);
            return store_full(r, f, i + 1, room - written);
        }
        if (pr == 1)
            written += f->size;
        if (pr == 1 && put_in_store(r, f, mig, &err) < 0) {
            char *win = win_path_of(ctx, f);

            sim_log(out, "Error", 0x0802e9, "Unable to store %s: %s", win,
                    err.msg);
            sim_progress(out, "error, UnableToCopy, objectName, \"%s\", "
                         "action, Abort, errorText, \"%s\"", win, err.msg);
            free(win);
            migstore_abort(mig);
            free(usmt);
            return finish(r, 72, rc_message(72, 2));
        }
        if (pr == 1 && ctx->o->v & 1)
            sim_log(out, "Verbose", 0, "Stored %s", f->store_name);
        done += f->size;
        int pct = ctx->total_bytes
                      ? (int)(done * 99 / ctx->total_bytes)
                      : (int)((i + 1) * 99 / ctx->n_files);

        if (advance(r, pct)) {
            migstore_abort(mig);
            free(usmt);
            return stopped(r);
        }
    }
    if (advance(r, 100)) {
        migstore_abort(mig);
        free(usmt);
        return stopped(r);
    }
    if (mig && migstore_finish(mig, &err) < 0) {
        sim_log(out, "Error", 0, "%s", err.msg);
        free(usmt);
        return finish(r, 72, rc_message(72, 0));
    }
    if (mig && str_ieq(sys_getenv("SIM_DAMAGE_STORE") ?
                       sys_getenv("SIM_DAMAGE_STORE") : "", "truncate"))
        damage_store(usmt);
    if (ctx->o->nocompress) {
        /* the catalog of an uncompressed store, in our USMT.MIG format */
        char *cpath = fs_join(usmt, "catalog.mig");
        struct strbuf sb;

        strbuf_init(&sb);
        for (size_t i = 0; i < ctx->n_files; i++)
            strbuf_addf(&sb, "%s\t%llu\r\n", ctx->files[i].store_name,
                        (unsigned long long)ctx->files[i].size);
        if (migstore_create(cpath, NULL, &mig, &err) == 0) {
            migstore_add_data(mig, "catalog.txt", sb.buf, sb.len, sys_now(),
                              0, &err);
            migstore_finish(mig, &err);
        }
        strbuf_release(&sb);
        free(cpath);
        if (ctx->o->hardlink) {
            char *marker = fs_join(usmt, "hardlink.main");

            fs_write_file(marker, "", 0, NULL);
            free(marker);
        }
    }
    free(usmt);
    write_listfiles(r);
    if (ctx->errors_ignored)
        return finish(r, 3, rc_message(3, 0));
    return finish(r, 0, rc_message(0, 0));
}

static int estimate(struct run *r, const char *p_file)
{
    struct sim_ctx *ctx = &r->ctx;
    uint64_t store = (ctx->total_bytes + 4095) / 4096 * 4096;
    char *usmt = fs_join(ctx->store_host, "USMT");

    if (p_file) {
        char *xml = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
                              "<PreMigration>\r\n  <storeSize>\r\n    <size "
                              "clusterSize=\"4096\">%llu</size>\r\n  "
                              "</storeSize>\r\n  <temporarySpace>\r\n    "
                              "<size>%llu</size>\r\n  </temporarySpace>\r\n"
                              "</PreMigration>\r\n",
                              (unsigned long long)store,
                              (unsigned long long)(store / 50 + 4096));
        char *host = sim_path(ctx, p_file);
        int w = fs_write_file(host, xml, strlen(xml), NULL);

        free(host);
        free(xml);
        if (w < 0) {
            free(usmt);
            return cmdline_failed(r, 11, "Invalid space estimate path. Check "
                                  "the parameters and/or file system "
                                  "permissions", -1);
        }
    } else {
        char *txt = xasprintf("4096\t%llu\r\n", (unsigned long long)store);
        char *path = fs_join(usmt, "USMTSIZE.TXT");

        fs_mkdir_p(usmt, NULL);
        fs_write_file(path, txt, strlen(txt), NULL);
        free(path);
        free(txt);
    }
    free(usmt);
    return finish(r, 0, rc_message(0, 0));
}

/* ---- main -------------------------------------------------------------- */

/*
 * scanstate-sim --list-store FILE | --verify-store FILE [KEY]: the
 * USMT.MIG tools for tests and labs (usmtutils /verify stand-in).
 */
static int store_tool(int argc, char **argv)
{
    struct migstore_catalog cat;
    struct wiz_err err;

    if (argc < 3)
        return -1;
    if (!strcmp(argv[1], "--list-store")) {
        if (migstore_read_catalog(argv[2], &cat, &err) < 0) {
            fprintf(stderr, "scanstate-sim: %s\n", err.msg);
            return 2;
        }
        for (size_t i = 0; i < cat.n; i++)
            printf("%12llu %s\n", (unsigned long long)cat.e[i].size,
                   cat.e[i].name);
        printf("%zu files, %llu bytes%s\n", cat.n,
               (unsigned long long)cat.total_size,
               cat.flags & MIGSTORE_FLAG_ENCRYPTED ? ", encrypted" : "");
        migstore_catalog_release(&cat);
        return 0;
    }
    if (!strcmp(argv[1], "--verify-store")) {
        uint64_t bad = 0;

        if (migstore_verify(argv[2], argc > 3 ? argv[3] : NULL, &bad,
                            &err) < 0) {
            fprintf(stderr, "scanstate-sim: %s\n", err.msg);
            return 2;
        }
        printf("%llu damaged files\n", (unsigned long long)bad);
        return bad ? 1 : 0;
    }
    return -1;
}

/* Take the simulator's own --options out of argv. */
static int sim_knobs(int *argc, char **argv, struct sim_opts *knobs)
{
    const char *pace = sys_getenv("SIM_PACE_MS");
    const char *fail = sys_getenv("SIM_FAIL");
    const char *eol = sys_getenv("SIM_EOL");
    int k = 1;

    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];

        if ((!strcmp(a, "--pace") || !strcmp(a, "--fail") ||
             !strcmp(a, "--eol")) && i + 1 < *argc) {
            if (!strcmp(a, "--pace"))
                pace = argv[i + 1];
            else if (!strcmp(a, "--fail"))
                fail = argv[i + 1];
            else
                eol = argv[i + 1];
            i++;
            continue;
        }
        if (!strcmp(a, "--version")) {
            printf("scanstate-sim %s (a scanstate stand-in)\n", SIM_VERSION);
            return 1;
        }
        argv[k++] = argv[i];
    }
    *argc = k;
    argv[k] = NULL;
    knobs->pace_ms = pace ? atoi(pace) : 0;
    knobs->fail_rc = fail ? atoi(fail) : 0;
    knobs->fail_at = 50;
    if (fail && strchr(fail, '@'))
        knobs->fail_at = atoi(strchr(fail, '@') + 1);
    knobs->eol_lf = eol && str_ieq(eol, "lf");
    return 0;
}

static void select_users(struct run *r, bool offline)
{
    struct sim_ctx *ctx = &r->ctx;
    struct sim_opts *o = ctx->o;

    if (o->uel && offline)
        sim_log(&ctx->out, "Warning", 0, "/uel is not supported in offline "
                "mode and is ignored");
    for (size_t i = 0; i < ctx->n_users; i++) {
        struct sim_user *u = &ctx->users[i];
        bool inc = false;
        bool exc = false;

        for (size_t k = 0; k < o->n_ui; k++)
            inc = inc || sim_user_matches(u, o->ui[k], offline);
        for (size_t k = 0; k < o->n_ue; k++)
            exc = exc || sim_user_matches(u, o->ue[k], offline);
        /* /ui wins over /ue */
        u->included = inc || !exc;
        sim_log(&ctx->out, "Info", 0, "User %s (%s, %s) is %s", u->name,
                u->sid, u->profile_online,
                u->included ? "included" : "excluded");
        sim_progress(&ctx->out, "detectedUser, %s, includedInMigration, %s",
                     u->name, u->included ? "Yes" : "No");
    }
}

/*
 * A selected user's NTUSER.DAT that is not a hive it can load: the
 * user's settings cannot be gathered.  The reference says nothing about
 * this case; the simulator takes it as any object it cannot read
 * (§5.2 error records, §2.2 /c): with /c it logs the error, records an
 * UnableToOpen error with action Ignore and gathers the user's files
 * (the run ends with rc 3); without /c it stops as for an unreadable
 * file (rc 61).  The wording of the log line is the simulator's.
 */
static int check_user_hives(struct run *r)
{
    struct sim_ctx *ctx = &r->ctx;

    for (size_t i = 0; i < ctx->n_users; i++) {
        const struct sim_user *u = &ctx->users[i];

        if (!u->included)
            continue;
        char *path = fs_join(u->profile_host, "NTUSER.DAT");
        struct hive *h;
        struct wiz_err err;
        bool bad = fs_exists(path) && hive_open(path, false, &h, &err) < 0;

        if (!bad && fs_exists(path))
            hive_close(h);
        free(path);
        if (!bad)
            continue;
        bool go_on = ctx->o->c;
        char *first = xasprintf("Unable to load the user hive of %s (%s): "
                                "%s", u->sid, u->name, err.msg);

        sim_log_gle(&ctx->out, "Error", 0, 1009, "%s", first);
        sim_progress(&ctx->out, "error, UnableToOpen, objectName, "
                     "\"%s\\NTUSER.DAT\", action, %s, errorText, \"The "
                     "configuration registry database is corrupt.\"",
                     u->profile_online, go_on ? "Ignore" : "Abort");
        note_row(r, 1009, !go_on, first);
        free(first);
        if (!go_on)
            return finish(r, 61, rc_message(61, 0));
        ctx->errors_ignored++;
    }
    return 0;
}

static int run_capture(struct run *r, const char *p_file)
{
    struct sim_ctx *ctx = &r->ctx;
    struct sim_opts *o = ctx->o;
    struct sim_out *out = &ctx->out;
    bool offline = o->offline || o->offline_windir || o->offline_winold;
    int rc;

    if (sys_is_winpe() && !offline)
        return finish(r, 36, "Use /offline to run gather on this platform");
    sim_progress(out, "PHASE, Initializing");
    pace(r);
    sim_log(out, "Status", 0, "Activity: 'MIGACTIVITY_MIGRATION_START'");
    if ((rc = check_key(r)) || (rc = check_scripts(r)))
        return rc;
    if ((rc = find_windir(r)))
        return rc;
    const char *wd = ctx->windir_win;

    ctx->offline_letter = wd[0] && wd[1] == ':' ? (char)(wd[0] & ~0x20) : 'C';
    if (offline)
        sim_log(out, "Info", 0, "Offline engine startup from WinDir - %s", wd);
    sim_log(out, "Status", 0, "Activity: "
            "'MIGACTIVITY_AUTO_GENERATE_OFFLINE_VERSION'");
    if (offline && (rc = check_offline_arch(r)))
        return rc;
    sim_log(out, "Status", 0, "Activity: "
            "'MIGACTIVITY_AUTO_GENERATE_DRIVE_MAPPING'");
    if ((rc = check_temp(r)))
        return finish(r, rc, rc_message(29, 0));
    rc = sim_find_users(ctx);
    if (rc)
        return finish(r, rc, rc_message(rc, 1));
    sim_progress(out, "PHASE, Scanning");
    pace(r);
    sim_log(out, "Status", 0, "Activity: 'MIGACTIVITY_MIGUNIT_DISCOVERY'");
    select_users(r, offline);
    const char *mfpe = sys_getenv("MIG_FAIL_ON_PROFILE_ERROR");

    for (size_t i = 0; i < ctx->n_users; i++) {
        const struct sim_user *u = &ctx->users[i];

        if (!u->included || !u->temp_dup)
            continue;
        /*
         * Reference §3.4 and §8: with MIG_FAIL_ON_PROFILE_ERROR=0 the
         * duplicate SID error is skipped and the temporary profile is
         * excluded; the user's real profile (the ".bak" key) is not
         * gathered either, so the run ends with rc 0 without that user.
         * The exact wording of the skip line is not in the reference.
         */
        if (mfpe && !strcmp(mfpe, "0")) {
            ctx->users[i].included = false;
            sim_log(out, "Warning", 0, "User profile duplicate SID error for "
                    "%s ignored (MIG_FAIL_ON_PROFILE_ERROR=0); the temporary "
                    "profile is excluded", u->sid);
            continue;
        }
        sim_log(out, "Error", 0, "MigStartupOfflineCaught: User profile "
                "duplicate SID error (%s has a temporary profile)", u->sid);
        return finish(r, 26, rc_message(26, 1));
    }
    sim_log(out, "Status", 0, "Activity: 'MIGACTIVITY_MIGUNIT_SELECTION'");
    /* the store */
    char *usmt = fs_join(ctx->store_host, "USMT");

    if (fs_exists(usmt) && !p_file && !o->p_given) {
        if (!o->o) {
            free(usmt);
            return finish(r, 27, rc_message(27, 0));
        }
        if (fs_remove_tree(usmt, NULL) < 0) {
            free(usmt);
            return finish(r, 35, "A store path can't be used because it "
                          "contains data that could not be overwritten");
        }
    }
    if (!o->p_given && fs_mkdir_p(usmt, NULL) < 0) {
        free(usmt);
        return finish(r, 27, "Invalid store path; check the store parameter "
                      "and/or file system permissions");
    }
    free(usmt);
    sim_progress(out, "PHASE, Collecting");
    pace(r);
    for (size_t i = 0; i < ctx->n_users; i++) {
        if (ctx->users[i].included)
            sim_progress(out, "forUser, %s, detectedComponent, \"User "
                         "Data\", includedInMigration, Yes",
                         ctx->users[i].name);
    }
    sim_progress(out, "forUser, SYSTEM, detectedComponent, \"Shared "
                 "Documents\", includedInMigration, Yes");
    sim_scan_files(ctx);
    sim_scan_xml_folders(ctx);
    sim_apply_xml_excludes(ctx);
    if ((rc = check_user_hives(r)))
        return rc;
    sim_progress(out, "totalSizeInMBToTransfer, %.2f",
                 (double)ctx->total_bytes / (1024.0 * 1024.0));
    sim_log(out, "Info", 0, "%zu files, %llu bytes to gather", ctx->n_files,
            (unsigned long long)ctx->total_bytes);
    pace(r);
    if (sys_interrupted())
        return stopped(r);
    if (o->p_given)
        return estimate(r, p_file);
    return gather(r);
}

/*
 * SIM_ARGS_OUT=FILE: write the arguments and the environment variables
 * that matter to scanstate as received, one per line in UTF-8, so tests
 * of the process layer can compare them with what was meant.
 */
static void echo_args(int argc, char **argv)
{
    static const char *const names[] = { "USMT_WORKING_DIR", "TEMP",
        "MIG_OFFLINE_PLATFORM_ARCH", "MIG_FAIL_ON_PROFILE_ERROR" };
    const char *path = sys_getenv("SIM_ARGS_OUT");
    struct strbuf sb = STRBUF_INIT;

    if (!path || !*path)
        return;
    for (int i = 1; i < argc; i++)
        strbuf_addf(&sb, "arg[%s]\n", argv[i]);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = sys_getenv(names[i]);

        strbuf_addf(&sb, "env %s=[%s]\n", names[i], v ? v : "(unset)");
    }
    fs_write_file(path, sb.buf, sb.len, NULL);
    strbuf_release(&sb);
}

int main(int argc, char **argv)
{
    struct run r;
    struct sim_opts knobs;
    struct sim_cmdline_error ce;
    struct sim_opts o;
    int rc;

    sys_startup(&argc, &argv);
    if (sim_is_loadstate(argv[0]))
        return sim_loadstate_main(argc, argv);
    if (sim_is_usmtutils(argv[0]))
        return sim_usmtutils_main(argc, argv);
    echo_args(argc, argv);
    memset(&r, 0, sizeof(r));
    memset(&knobs, 0, sizeof(knobs));
    if ((rc = store_tool(argc, argv)) >= 0)
        return rc;
    if (sim_knobs(&argc, argv, &knobs))
        return 0;
    sys_signals_install(NULL);
    r.argc = argc;
    r.argv = argv;
    r.ctx.o = &o;
    r.ctx.out.eol = knobs.eol_lf ? "\n" : "\r\n";
    r.ctx.out.start = sys_now();
    const char *vr = sys_getenv("USMTWIZ_VOLUME_ROOT");

    r.ctx.volume_root = vr && *vr ? xstrdup(vr) : NULL;
    r.ctx.usmt_arch = sim_usmt_arch(r.ctx.volume_root);
    char *no_start;

    rc = sim_start_check(r.ctx.usmt_arch, sys_host_arch(), sys_is_winpe(),
                         &no_start);
    if (rc) {
        /* Windows itself refused the image: scanstate never ran */
        fprintf(stderr, "%s\n", no_start);
        free(no_start);
        sim_ctx_release(&r.ctx);
        return rc;
    }
    rc = sim_args_parse(argc, argv, &o, &ce);
    o.pace_ms = knobs.pace_ms;
    o.fail_rc = knobs.fail_rc;
    o.fail_at = knobs.fail_at;
    printf("Microsoft (R) Windows User State Migration Tool, Version %s "
           "(scanstate-sim)\n\n", SIM_VERSION);
    if (rc == 1) {
        fputs(sim_help_text(), stdout);
        printf("\nScanState return code: 1\n");
        sim_opts_release(&o);
        sim_ctx_release(&r.ctx);
        return 1;
    }
    /* the logs */
    const char *log_win = o.log ? o.log : "scanstate.log";
    char *log_host = sim_path(&r.ctx, log_win);

    r.ctx.out.log = fs_fopen(log_host, "wb");
    free(log_host);
    if (!r.ctx.out.log) {
        printf("Log path argument is invalid for /l\n\nScanState return "
               "code: 13\n");
        sim_opts_release(&o);
        free(ce.message);
        sim_ctx_release(&r.ctx);
        return 13;
    }
    char t[64];

    r.cmdline = join_args(argc, argv, 0, argc);
    sim_log_gle(&r.ctx.out, "Info", 0, 0xb7, "SCANSTATE.EXE Version %s",
                SIM_VERSION);
    sim_usmt_time(t, sizeof(t));
    sim_log(&r.ctx.out, "Info", 0, "USMT Started at %s", t);
    sim_log(&r.ctx.out, "Info", 0, "Command line: %s", r.cmdline);
    sim_log(&r.ctx.out, "Status", 0,
            "Activity: 'MIGACTIVITY_COMMAND_LINE_PROCESSING'");
    if (rc) {
        rc = cmdline_failed(&r, rc, ce.message, ce.bad_arg);
        goto out;
    }
    sim_log(&r.ctx.out, "Info", 0, "Log messages are being sent to '%s'",
            log_win);
    if (o.progress) {
        char *ph = sim_path(&r.ctx, o.progress);

        r.ctx.out.prog = fs_fopen(ph, "wb");
        free(ph);
        if (!r.ctx.out.prog) {
            rc = finish(&r, 40, "Progress log argument is invalid for "
                        "/progress");
            goto out;
        }
    }
    char *host = sys_hostname();

    sim_progress(&r.ctx.out, "program, ScanState.exe, productVersion, "
                 "\"%s\", computerName, %s, commandLine, \"%s\"",
                 SIM_VERSION, host, r.cmdline);
    free(host);
    r.ctx.store_host = sim_path(&r.ctx, o.store);
    /* /p:file is the only optional value we keep: find it again */
    const char *p_file = NULL;

    for (int i = 1; i < argc; i++) {
        if ((argv[i][0] == '/' || argv[i][0] == '-') &&
            str_istarts_with(argv[i] + 1, "p:"))
            p_file = argv[i] + 3;
    }
    rc = run_capture(&r, p_file);
out:
    for (size_t i = 0; i < r.n_rows; i++)
        free(r.rows[i].first);
    if (r.ctx.out.log)
        fclose(r.ctx.out.log);
    if (r.ctx.out.prog)
        fclose(r.ctx.out.prog);
    free(r.cmdline);
    free(ce.message);
    sim_opts_release(&o);
    sim_ctx_release(&r.ctx);
    return rc;
}

/*
 * loadstate-sim: the loadstate side of the simulator, built from the same
 * sources as scanstate-sim (main() hands over when the program is called
 * loadstate*).  It restores a store scanstate-sim wrote into a practice
 * new PC (--target-root DIR or USMTWIZ_TARGET_ROOT: each sub-folder is a
 * drive, C the new Windows) with loadstate's switches (read by the core
 * loadcmd reader), logs (loadstate.log layout of reference §5.1), progress
 * log (§5.2) and return codes (§4.1):
 *   11 bad command line or no store folder, 14 a local account missing
 *   without /lac, 27 a folder without a store, 34 not elevated (SIM_NOT_ELEVATED=1), 36 Windows PE
 *   (USMTWIZ_WINPE=1), an offline switch or a 64-bit store on 32-bit
 *   Windows, 37 encrypted store without /decrypt or with the wrong key,
 *   38 hard-link store on another volume than C:, 71 with Windows error
 *   2202 for a local account of a renamed PC without /mu, 71 with 1332
 *   for an Entra ID user not mapped to AzureAD\\user@domain.
 * Where Microsoft documents no code (Windows PE, 64 to 32 bit) the choice
 * is ours and the log says so.  Accounts and the source computer come
 * from the capture's usmtwiz-report.xml beside USMT\ (the store format
 * holds files only); restored files land in C:\Users\<user> (or the /mu
 * target name).  Each restored user's account on the new PC (a /mu maps
 * one user, a /md moves a whole domain: loadcmd_map_account) is logged
 * and, on a practice new PC, recorded after a successful run in
 * C:\Windows\usmtwiz-practice-profiles.txt ("stored account<TAB>account
 * on this PC" a line): the practice PC's stand-in for its ProfileList.  A /lac password is accepted and never used or logged
 * beyond the command line loadstate itself records: the practice PC gets
 * no accounts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/users.h"
#include "core/offline/winos.h"
#include "core/plan/loadcmd.h"
#include "core/rules/restore.h"
#include "core/run/report.h"
#include "lab/migstore.h"
#include "platform/fs.h"
#include "platform/sys.h"
#include "sim.h"

#define KEY_MAX 4096

struct lrun {
    struct loadcmd lc;
    struct sim_ctx ctx;         /* volume_root = the target root */
    struct sim_out *out;
    char *store_host;
    char *usmt_host;
    struct report rep;
    bool have_report;
    struct win_scan scan;
    bool have_scan;
    const struct winos *os;     /* the new Windows (drive C) */
    char *key;                  /* owned, zeroed before free */
    char **excluded;            /* account names /ue leaves out, owned */
    size_t n_excluded;
    size_t n_restored;
    struct strbuf accounts;     /* "stored\taccount on this PC\n" each */
};

bool sim_is_loadstate(const char *argv0)
{
    const char *a = strrchr(argv0, '/');
    const char *b = strrchr(argv0, '\\');
    const char *base = a > b ? a + 1 : b ? b + 1 : argv0;

    return str_istarts_with(base, "loadstate");
}

static int lfinish(struct lrun *r, int rc, const char *fmt, ...)
    WIZ_PRINTF(3, 4);

static int lfinish(struct lrun *r, int rc, const char *fmt, ...)
{
    char msg[1024];
    char when[64];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (rc != 0)
        sim_log(r->out, "Error", 0, "%s", msg);
    sim_progress(r->out, "errorCode, %d, numberOfIgnoredErrors, 0, "
                 "message, \"%s\"", rc, msg);
    if (rc == 0)
        sim_log(r->out, "Status", 0, "Activity: 'MIGACTIVITY_SUCCESS'");
    sim_usmt_time(when, sizeof(when));
    sim_log(r->out, "Info", 0, "USMT Completed at %s", when);
    sim_log(r->out, "Info", 0, "Entering MigShutdown method");
    sim_log(r->out, "Info", 0, "Leaving MigShutdown method");
    printf("\n%s\n\nLoadState return code: %d\n", msg, rc);
    fflush(stdout);
    return rc;
}

static FILE *open_out(struct lrun *r, const char *win, const char *def)
{
    const char *p = win ? win : def;
    char *host = sim_path(&r->ctx, p);
    FILE *f = fopen(host, "wb");

    free(host);
    return f;
}

/* A command-line refusal, logged as loadstate does (reference §5.1). */
static int cl_error(struct lrun *r, const char *msg)
{
    sim_log_gle(r->out, "Info", 0, 2, "Failed.");
    sim_log(r->out, "Info", 0, "  An error occurred processing the command "
            "line.");
    return lfinish(r, 11, "%s", msg);
}

static int check_line(struct lrun *r)
{
    const struct loadcmd *lc = &r->lc;

    if (lc->n_unknown)
        return cl_error(r, "Command line option is not valid");
    if (lc->n_repeated)
        return cl_error(r, "An option is specified more than once and "
                       "is ambiguous");
    if (lc->offline)
        return lfinish(r, 36, "Use of /offline is not supported during "
                       "apply");
    if (!lc->store)
        return cl_error(r, "The store parameter is required but not "
                       "specified");
    if (lc->all && (lc->n_ui || lc->n_ue))
        return cl_error(r, "/all conflicts with /ui, /ue or /uel");
    if (lc->lae && !lc->lac)
        return cl_error(r, "/lae is only used with /lac");
    if (lc->hardlink && !lc->nocompress)
        return cl_error(r, "/hardlink requires /nocompress");
    if (lc->key && lc->keyfile)
        return cl_error(r, "/key and /keyfile both specified");
    if ((lc->key || lc->keyfile) && !lc->decrypt)
        return cl_error(r, "/key or /keyfile used without enabling "
                       "encryption");
    if (lc->decrypt && !lc->key && !lc->keyfile)
        /* scanstate's documented wording; loadstate's is not documented */
        return cl_error(r, "/decrypt requires /key or /keyfile");
    return 0;
}

static int check_platform(struct lrun *r)
{
    const char *pe = sys_getenv("USMTWIZ_WINPE");
    const char *ne = sys_getenv("SIM_NOT_ELEVATED");

    if (pe && !strcmp(pe, "1")) {
        sim_log(r->out, "Info", 0, "loadstate-sim: Windows PE; Microsoft "
                "documents no message for loadstate here, rc 36 is the "
                "simulator's choice");
        return lfinish(r, 36, "Compliance check failure; please check the "
                       "logs for details");
    }
    if (ne && !strcmp(ne, "1") && !r->lc.q)
        return lfinish(r, 34, "No rights to create user profiles; log in "
                       "as Administrator; run with elevated privileges");
    return 0;
}

static void find_target(struct lrun *r)
{
    struct wiz_err err;

    if (!r->ctx.volume_root ||
        winos_scan(r->ctx.volume_root, &r->scan, &err) < 0)
        return;
    r->have_scan = true;
    for (size_t i = 0; i < r->scan.n; i++) {
        for (size_t j = 0; j < r->scan.vols[i].n_os; j++) {
            if (r->scan.vols[i].vol.letter == 'C' || !r->os)
                r->os = &r->scan.vols[i].os[j];
        }
    }
}

static int read_key(struct lrun *r)
{
    const struct loadcmd *lc = &r->lc;

    if (lc->key) {
        r->key = xstrdup(lc->key);
        return 0;
    }
    if (!lc->keyfile)
        return 0;
    char *host = sim_path(&r->ctx, lc->keyfile);
    size_t len = 0;

    if (fs_read_file(host, KEY_MAX, &r->key, &len, NULL) < 0 || !len) {
        free(host);
        return lfinish(r, 33, "Error accessing the file specified by the "
                       "/keyfile parameter");
    }
    free(host);
    return 0;
}

static int open_store(struct lrun *r, bool *compressed)
{
    r->store_host = sim_path(&r->ctx, r->lc.store);
    r->usmt_host = fs_join(r->store_host, "USMT");
    char *mig = fs_join(r->usmt_host, "USMT.MIG");
    char *cat = fs_join(r->usmt_host, "catalog.mig");
    char *rep = fs_join(r->store_host, REPORT_XML_NAME);
    int rc = 0;

    *compressed = fs_exists(mig);
    if (!fs_is_dir(r->store_host)) {
        /* as a real LoadState 10.0.14393 log shows it (reference §5.1) */
        sim_log_gle(r->out, "Info", 0, 2, "Failed.");
        rc = lfinish(r, 11, "Settings store argument specified is invalid");
    } else if (!*compressed && !fs_exists(cat)) {
        rc = lfinish(r, 27, "A store path is missing or has incomplete "
                     "data");
    }
    if (!rc && fs_exists(rep) && report_read(rep, &r->rep, NULL) == 0)
        r->have_report = true;
    free(rep);
    free(cat);
    free(mig);
    return rc;
}

static int check_crypt(struct lrun *r, bool compressed)
{
    char *mig = fs_join(r->usmt_host, "USMT.MIG");
    struct migstore_catalog cat;
    struct wiz_err err;
    int rc = 0;

    if (!compressed || migstore_read_catalog(mig, &cat, &err) < 0) {
        free(mig);
        return 0;
    }
    if (cat.flags & MIGSTORE_FLAG_ENCRYPTED) {
        if (!r->lc.decrypt || !r->key ||
            migstore_verify(mig, r->key, NULL, &err) < 0)
            rc = lfinish(r, 37, "The store holds encrypted data but the "
                         "correct encryption key was not provided");
    }
    migstore_catalog_release(&cat);
    free(mig);
    return rc;
}

static int check_hardlink(struct lrun *r)
{
    char *marker = fs_join(r->usmt_host, "hardlink.main");
    bool hl = fs_exists(marker);
    const char *s = r->lc.store;
    char letter = s[0] && s[1] == ':' ? (char)(s[0] & ~0x20) : 0;

    free(marker);
    if (hl && r->lc.hardlink && letter && letter != 'C')
        return lfinish(r, 38, "An error occurred during store access");
    return 0;
}

static int check_arch(struct lrun *r)
{
    unsigned build;
    int bits;

    if (!r->have_report || !r->os || r->os->arch != SYS_ARCH_X86)
        return 0;
    restore_parse_windows(r->rep.windows, &build, &bits);
    if (bits != 64)
        return 0;
    sim_log(r->out, "Info", 0, "loadstate-sim: the return code for this "
            "refusal is not documented; rc 36 is the simulator's choice");
    return lfinish(r, 36, "Unsupported Platform Architecture: Applying a "
                   "store from 64-bit system on a 32-bit system is not "
                   "supported");
}

/* The account name a /mu maps name to (in buf), or NULL. */
static const char *mu_target(const struct loadcmd *lc, const char *name,
                             char *buf, size_t n)
{
    return loadcmd_mu_target(lc, name, NULL, buf, n) ? buf : NULL;
}

static const char *base_name(const char *name)
{
    const char *bs = strrchr(name, '\\');

    return bs ? bs + 1 : name;
}

/*
 * Is the stored user restored?  /ui wins over /ue (reference §2.2
 * precedence); patterns match DOMAIN\\user or the SID.
 */
static bool user_selected(const struct loadcmd *lc, const char *computer,
                          const char *name, const char *sid)
{
    char *full = xasprintf("%s\\%s", computer ? computer : "", name);
    bool sel = true;

    if (lc->n_ue) {
        for (size_t i = 0; sel && i < lc->n_ue; i++) {
            if (str_wildmatch(lc->ue[i], full) ||
                (sid && str_wildmatch(lc->ue[i], sid)))
                sel = false;
        }
    }
    for (size_t i = 0; !sel && i < lc->n_ui; i++) {
        if (str_wildmatch(lc->ui[i], full) ||
            (sid && str_wildmatch(lc->ui[i], sid)))
            sel = true;
    }
    free(full);
    return sel;
}

static bool target_has_account(const struct user_list *ul, const char *name)
{
    for (size_t i = 0; ul && i < ul->n; i++) {
        const char *acct = ul->u[i].account ? base_name(ul->u[i].account)
                                            : "";

        if (str_ieq(acct, name) || str_ieq(ul->u[i].name, name))
            return true;
    }
    return false;
}

/*
 * An Entra ID user: /mu to AzureAD\\user@domain restores it (the one
 * published recipe, Migrate-WindowsUserProfile issue #56); a /mu to
 * another domain fails there with Windows error 1332.  Without /mu the
 * new PC cannot name the S-1-12-1 SID before the user's first sign-in:
 * the same error 1332 is the simulator's choice (no source shows it).
 */
static int check_entra(struct lrun *r, const char *name, const char *sid)
{
    char nw[512];
    bool mapped = loadcmd_mu_new(&r->lc, name, sid, nw, sizeof(nw));

    if (mapped && loadcmd_is_azuread(nw))
        return 0;
    sim_log_gle(r->out, "Error", 0, 1332, "Unable to map the account %s "
                "(%s) to %s: Windows error 1332 (No mapping between account "
                "names and security IDs was done)%s", name, sid ? sid : "",
                mapped ? nw : "an account of this PC",
                mapped ? "" : "; the code for an unmapped Entra ID user is "
                "the simulator's choice");
    return lfinish(r, 71, "A Windows Win32 API error occurred");
}

/*
 * The account stored user full ("CONTOSO\ana", or "ana" for a local
 * account of computer src) lands in, logged and kept for the record.
 */
static void note_account(struct lrun *r, const char *src, const char *full,
                         const char *sid)
{
    const char *bs = strrchr(full, '\\');
    char *domain = bs ? xstrndup(full, (size_t)(bs - full)) : NULL;
    const char *name = bs ? bs + 1 : full;
    char *stored = xasprintf("%s\\%s", domain ? domain : src ? src : "",
                             name);
    char to[512];
    size_t at;

    switch (loadcmd_map_account(&r->lc, domain, name, sid, to, sizeof(to),
                                &at)) {
    case LOADCMD_MAP_MU:
        sim_log(r->out, "Info", 0, "The account %s is restored into %s "
                "(/mu:%s)", stored, to, r->lc.mu[at]);
        break;
    case LOADCMD_MAP_MD:
        sim_log(r->out, "Info", 0, "The account %s is restored into %s "
                "(/md:%s)", stored, to, r->lc.md[at]);
        break;
    case LOADCMD_MAP_NONE:
        snprintf(to, sizeof(to), "%s", stored);
        break;
    }
    strbuf_addf(&r->accounts, "%s\t%s\n", stored, to);
    free(stored);
    free(domain);
}

/* The practice new PC's record of the accounts the profiles went to. */
static void record_accounts(struct lrun *r)
{
    struct wiz_err err;

    if (!r->ctx.volume_root || !r->accounts.len)
        return;
    char *win = fs_join(r->ctx.volume_root, "C");
    char *dir = fs_join(win, "Windows");
    char *path = fs_join(dir, "usmtwiz-practice-profiles.txt");

    if (fs_is_dir(dir) &&
        fs_write_file(path, r->accounts.buf, r->accounts.len, &err) < 0)
        sim_log(r->out, "Warning", 0, "loadstate-sim: cannot record the "
                "accounts: %s", err.msg);
    free(path);
    free(dir);
    free(win);
}

static int check_accounts(struct lrun *r)
{
    struct user_list ul;
    bool have_ul = false;
    const char *src = r->rep.computer;
    /* the new PC: the practice one's Windows, or the running one */
    char *running = r->ctx.volume_root ? NULL : sys_hostname();
    const char *dst = r->os ? r->os->computer_name : running;
    char buf[512];
    int rc = 0;

    if (!r->have_report)
        return 0;
    if (r->os && users_load(r->os, &ul, NULL) == 0)
        have_ul = true;
    for (size_t i = 0; !rc && i < r->rep.n_users; i++) {
        const struct report_user *u = &r->rep.users[i];
        const char *name = base_name(u->name);

        bool sel = user_selected(&r->lc, src, name, u->sid);

        sim_progress(r->out, "detectedUser, %s\\%s, includedInMigration, %s",
                     src ? src : "", name, sel ? "Yes" : "No");
        if (!sel) {
            r->excluded = xrealloc(r->excluded,
                                   (r->n_excluded + 1) * sizeof(char *));
            r->excluded[r->n_excluded++] = xstrdup(name);
            continue;
        }
        note_account(r, src, u->name, u->sid);
        if (u->kind && !strcmp(u->kind, "entra")) {
            rc = check_entra(r, name, u->sid);
            continue;
        }
        if (!u->kind || strcmp(u->kind, "local"))
            continue;
        bool mapped = mu_target(&r->lc, name, buf, sizeof(buf)) != NULL;

        if (src && dst && !str_ieq(src, dst) && !mapped) {
            sim_log_gle(r->out, "Error", 0, 2202, "Unable to map the local "
                        "account %s\\%s on %s: Windows error 2202 (the "
                        "specified username is invalid)", src, name, dst);
            rc = lfinish(r, 71, "A Windows Win32 API error occurred");
        } else if (have_ul && !r->lc.lac &&
                   !target_has_account(&ul, mapped ? buf : name)) {
            rc = lfinish(r, 14, "Unable to create a local account because "
                         "/lac was not specified");
        }
    }
    if (have_ul)
        user_list_release(&ul);
    free(running);
    return rc;
}

/* "File\C$\Users\ana\Desktop\a.txt" -> target path for us, or NULL. */
static char *dest_of(struct lrun *r, const char *name)
{
    char buf[512];

    if (!str_istarts_with(name, "File\\") || strlen(name) < 9)
        return NULL;
    const char *rest = name + strlen("File\\C$\\");
    struct strbuf w;

    strbuf_init(&w);
    strbuf_adds(&w, "C:\\");
    if (str_istarts_with(rest, "Users\\")) {
        const char *user = rest + 6;
        const char *end = strchr(user, '\\');
        size_t len = end ? (size_t)(end - user) : strlen(user);
        char *folder = xstrndup(user, len);
        const char *to = mu_target(&r->lc, folder, buf, sizeof(buf));

        for (size_t i = 0; i < r->n_excluded; i++) {
            if (str_ieq(r->excluded[i], folder)) {
                free(folder);
                strbuf_release(&w);
                return NULL;
            }
        }

        strbuf_addf(&w, "Users\\%s%s", to ? to : folder, end ? end : "");
        free(folder);
    } else {
        strbuf_adds(&w, rest);
    }
    /* no practice new PC: the running Windows' own C: */
    if (!r->ctx.volume_root)
        return strbuf_detach(&w, NULL);
    /* the destination may not exist yet: map without resolving */
    char *c = fs_join(r->ctx.volume_root, "C");
    char *rel = xstrdup(w.buf + 3);

    for (char *p = rel; *p; p++) {
        if (*p == '\\')
            *p = fs_sep();
    }
    char *host = fs_join(c, rel);

    free(rel);
    free(c);
    strbuf_release(&w);
    return host;
}

static int make_parent(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, fs_sep());
    int rc = 0;

    if (slash) {
        *slash = '\0';
        rc = fs_mkdir_p(dir, NULL);
    }
    free(dir);
    return rc;
}

static int apply_compressed(struct lrun *r)
{
    char *mig = fs_join(r->usmt_host, "USMT.MIG");
    struct migstore_catalog cat;
    struct wiz_err err;
    int rc = 0;

    if (migstore_read_catalog(mig, &cat, &err) < 0) {
        free(mig);
        return lfinish(r, 42, "The store contains one or more corrupted "
                       "files");
    }
    for (size_t i = 0; !rc && i < cat.n; i++) {
        char *dst = dest_of(r, cat.e[i].name);

        if (!dst)
            continue;
        if (make_parent(dst) < 0 ||
            migstore_extract(mig, r->key, i, dst, &err) < 0) {
            sim_log(r->out, "Error", 0, "Unable to apply %s: %s",
                    cat.e[i].name, err.msg);
            rc = lfinish(r, 72, "An error occurred in the apply process");
        } else {
            fs_set_mtime(dst, cat.e[i].mtime, NULL);
            r->n_restored++;
        }
        free(dst);
        if (cat.n)
            sim_progress(r->out, "totalPercentageCompleted, %u",
                         (unsigned)((i + 1) * 100 / cat.n));
    }
    migstore_catalog_release(&cat);
    free(mig);
    return rc;
}

/* Walk USMT\File of an uncompressed or hard-link store. */
static int apply_tree(struct lrun *r, const char *host, const char *name)
{
    struct fs_dir *d;
    const char *ent;
    int rc = 0;

    if (!fs_is_dir(host)) {
        char *dst = dest_of(r, name);

        if (dst && (make_parent(dst) < 0 ||
                    fs_copy_file(host, dst, NULL) < 0)) {
            sim_log(r->out, "Error", 0, "Unable to apply %s", name);
            rc = lfinish(r, 72, "An error occurred in the apply process");
        } else if (dst) {
            r->n_restored++;
        }
        free(dst);
        return rc;
    }
    if (fs_dir_open(host, &d, NULL) < 0)
        return 0;
    while (!rc && fs_dir_next(d, &ent, NULL) == 1) {
        char *h = fs_join(host, ent);
        char *n = xasprintf("%s\\%s", name, ent);

        rc = apply_tree(r, h, n);
        free(n);
        free(h);
    }
    fs_dir_close(d);
    return rc;
}

static void log_start(struct lrun *r, int argc, char **argv)
{
    struct strbuf cmd;
    char when[64];

    strbuf_init(&cmd);
    for (int i = 0; i < argc; i++)
        strbuf_addf(&cmd, "%s%s", i ? " " : "", argv[i]);
    sim_usmt_time(when, sizeof(when));
    sim_log_gle(r->out, "Info", 0, 0xb7, "LOADSTATE.EXE Version %s",
                SIM_VERSION);
    sim_log(r->out, "Info", 0, "USMT Started at %s", when);
    sim_log(r->out, "Info", 0, "Command line: %s", cmd.buf ? cmd.buf : "");
    sim_log(r->out, "Status", 0,
            "Activity: 'MIGACTIVITY_COMMAND_LINE_PROCESSING'");
    sim_progress(r->out, "program, LoadState.exe, productVersion, \"%s\", "
                 "computerName, %s, commandLine, \"%s\"", SIM_VERSION,
                 r->os && r->os->computer_name ? r->os->computer_name
                                               : "NEWPC",
                 cmd.buf ? cmd.buf : "");
    sim_progress(r->out, "PHASE, Initializing");
    strbuf_release(&cmd);
}

/* Drop our own options (--target-root DIR) from argv; returns new argc. */
static int own_options(int argc, char **argv, const char **root)
{
    int n = 1;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--target-root") && i + 1 < argc)
            *root = argv[++i];
        else
            argv[n++] = argv[i];
    }
    return n;
}

static int run_steps(struct lrun *r, int argc, char **argv)
{
    bool compressed = false;
    int rc;

    log_start(r, argc, argv);
    if ((rc = check_line(r)) || (rc = check_platform(r)) ||
        (rc = read_key(r)) || (rc = open_store(r, &compressed)) ||
        (rc = check_crypt(r, compressed)) || (rc = check_hardlink(r)) ||
        (rc = check_arch(r)))
        return rc;
    sim_log(r->out, "Status", 0, "Activity: 'MIGACTIVITY_USER_MAPPING'");
    if ((rc = check_accounts(r)))
        return rc;
    sim_log(r->out, "Status", 0, "Activity: 'MIGACTIVITY_APPLY_BEGIN'");
    sim_progress(r->out, "PHASE, Applying");
    if (compressed) {
        rc = apply_compressed(r);
    } else {
        char *file = fs_join(r->usmt_host, "File");

        rc = apply_tree(r, file, "File");
        free(file);
    }
    if (rc)
        return rc;
    sim_log(r->out, "Info", 0, "Applied %zu files", r->n_restored);
    record_accounts(r);
    return lfinish(r, 0, "Successful run");
}

int sim_loadstate_main(int argc, char **argv)
{
    struct lrun r;
    struct sim_out out;
    struct wiz_err err;
    const char *root = sys_getenv("USMTWIZ_TARGET_ROOT");
    int rc;

    memset(&r, 0, sizeof(r));
    memset(&out, 0, sizeof(out));
    argc = own_options(argc, argv, &root);
    report_init(&r.rep);
    strbuf_init(&r.accounts);
    r.ctx.volume_root = root ? xstrdup(root) : NULL;
    r.out = &out;
    out.eol = "\r\n";
    out.start = sys_now();
    if (loadcmd_parse(&r.lc, argc - 1, (const char *const *)argv + 1,
                      &err) < 0) {
        printf("\n%s\n\nLoadState return code: 11\n", err.msg);
        loadcmd_release(&r.lc);
        free(r.ctx.volume_root);
        report_release(&r.rep);
        return 11;
    }
    find_target(&r);
    out.log = open_out(&r, r.lc.l, "loadstate.log");
    out.prog = r.lc.progress ? open_out(&r, r.lc.progress, NULL) : NULL;
    rc = run_steps(&r, argc, argv);
    if (out.log)
        fclose(out.log);
    if (out.prog)
        fclose(out.prog);
    if (r.key) {
        memset(r.key, 0, strlen(r.key));
        free(r.key);
    }
    for (size_t i = 0; i < r.n_excluded; i++)
        free(r.excluded[i]);
    free(r.excluded);
    if (r.have_scan)
        win_scan_release(&r.scan);
    report_release(&r.rep);
    strbuf_release(&r.accounts);
    free(r.store_host);
    free(r.usmt_host);
    free(r.ctx.volume_root);
    loadcmd_release(&r.lc);
    return rc;
}

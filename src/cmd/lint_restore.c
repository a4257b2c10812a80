/*
 * usmtwiz lint on a loadstate line: the restore rules (core/rules/
 * restore.h) over the line, the store's capture report and the new PC's
 * Windows.  Facts a command line cannot give are read from the store
 * folder and --volume-root when they exist, otherwise listed as not
 * checked.
 */
#include "cmd_lint_restore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "cmd.h"
#include "core/offline/winos.h"
#include "core/plan/loadcmd.h"
#include "core/plan/plan.h"
#include "core/rules/restore.h"
#include "core/rules/rules.h"
#include "core/run/capture.h"
#include "core/run/report.h"
#include "core/usmt/usmtenv.h"
#include "platform/fs.h"
#include "platform/sys.h"
#include "platform/vol.h"

/* Longest key file we read (loadstate's keys are 1..256 characters). */
#define KEYFILE_READ_MAX 4096

bool lint_restore_is_loadstate(const char *program)
{
    const char *a = program ? strrchr(program, '\\') : NULL;
    const char *b = program ? strrchr(program, '/') : NULL;
    const char *base = a > b ? a + 1 : b ? b + 1 : program;

    return base && str_istarts_with(base, "loadstate");
}

static char drive_letter(const char *p)
{
    if (p && ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z'))
        && p[1] == ':')
        return (char)(p[0] & ~0x20);
    return 0;
}

/* Where a path on the line is for us: mapped through the volumes, or as
 * it is when it exists here.  Caller frees; NULL when not found. */
static char *local_path(const struct vol_list *vols, const char *p)
{
    if (!p)
        return NULL;
    if (vols) {
        char *m = rules_map_path(vols, p);

        if (m)
            return m;
    }
    return fs_exists(p) ? xstrdup(p) : NULL;
}

/* Bytes of the capture's progress log read for its program record. */
#define PROGRESS_HEAD_MAX 65536

/*
 * The USMT version that captured: the productVersion of the program
 * record heading the capture's progress log (reference §5.2).
 */
static void read_capture_version(const struct vol_list *vols,
                                 const char *progress,
                                 struct restore_facts *f)
{
    char *p = local_path(vols, progress);
    char *data = NULL;
    size_t len = 0;
    FILE *in = p ? fopen(p, "rb") : NULL;

    if (in) {
        data = xmalloc(PROGRESS_HEAD_MAX + 1);
        len = fread(data, 1, PROGRESS_HEAD_MAX, in);
        data[len] = '\0';
        fclose(in);
    }
    const char *v = data ? strstr(data, "productVersion, \"") : NULL;
    unsigned a, b, c, d;

    if (v && sscanf(v + strlen("productVersion, \""), "%u.%u.%u.%u", &a, &b,
                    &c, &d) == 4) {
        f->capture_ver[0] = a;
        f->capture_ver[1] = b;
        f->capture_ver[2] = c;
        f->capture_ver[3] = d;
        f->capture_ver_known = true;
    }
    free(data);
    free(p);
}

static bool has_store(const char *usmt)
{
    static const char *const names[] = { "USMT.MIG", "catalog.mig" };
    bool found = false;

    for (size_t i = 0; i < 2 && !found; i++) {
        char *p = fs_join(usmt, names[i]);

        found = fs_exists(p);
        free(p);
    }
    return found;
}

static void read_store(const struct vol_list *vols, const char *store,
                       struct restore_facts *f)
{
    char *rp = fs_join(store, REPORT_XML_NAME);
    char *hl = fs_join(store, "USMT");
    char *hm = fs_join(hl, "hardlink.main");
    struct report r;
    struct wiz_err err;

    f->hardlink_main = fs_exists(hm);
    f->store_state = RESTORE_STORE_EMPTY;
    if (has_store(hl))
        f->store_state = RESTORE_STORE_FOUND;
    report_init(&r);
    if (fs_exists(rp) && report_read(rp, &r, &err) == 0) {
        restore_facts_from_report(f, &r);
        if (r.progress_path)
            read_capture_version(vols, r.progress_path, f);
    } else if (fs_exists(rp))
        printf("note: cannot read the capture report: %s\n", err.msg);
    report_release(&r);
    free(hm);
    free(hl);
    free(rp);
}

static void read_key(const struct vol_list *vols, const struct loadcmd *lc,
                     struct restore_facts *f)
{
    if (lc->key) {
        capture_key_fingerprint(lc->key, f->given_fp);
        return;
    }
    char *kf = local_path(vols, lc->keyfile);
    char *data = NULL;
    size_t len = 0;

    if (kf && fs_read_file(kf, KEYFILE_READ_MAX, &data, &len, NULL) == 0 &&
        len > 0) {
        capture_key_fingerprint(data, f->given_fp);
        plan_secure_zero(data, len);
    }
    free(data);
    free(kf);
}

static void read_target(const struct lint_restore_opts *o,
                        struct restore_facts *f)
{
    struct win_scan scan;
    struct wiz_err err;
    const struct winos *os = NULL;
    size_t found = 0;

    if (winos_scan(o->volume_root, &scan, &err) < 0) {
        printf("note: cannot look for the new PC's Windows: %s\n", err.msg);
        return;
    }
    for (size_t i = 0; i < scan.n; i++) {
        for (size_t j = 0; j < scan.vols[i].n_os; j++) {
            if (o->volume && scan.vols[i].vol.letter != o->volume)
                continue;
            if (!found++)
                os = &scan.vols[i].os[j];
        }
    }
    if (found > 1) {
        printf("note: %zu Windows installations: give --volume for the new "
               "PC's\n", found);
    } else if (os && !os->problem) {
        f->target_build = os->build;
        f->target_bits = os->arch == SYS_ARCH_X86 ? 32
                         : os->arch == SYS_ARCH_UNKNOWN ? 0 : 64;
        f->target_server = os->is_server;
        f->target_computer = os->computer_name && *os->computer_name
                                 ? xstrdup(os->computer_name)
                                 : NULL;
        f->target_letter = os->letter;
    }
    win_scan_release(&scan);
}

static void put_text(const char *s)
{
    char *safe = utf8_escape_for_terminal(s);

    fputs(safe, stdout);
    free(safe);
}

static void print_findings(const struct findings *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        const struct finding *f = &fs->f[i];

        printf("%-7s %s: ", rule_severity_name(f->severity), f->rule->id);
        put_text(f->message);
        fputs("\n        fix: ", stdout);
        put_text(f->fix);
        printf("\n        see: %s, %s\n", f->rule->ref, f->rule->doc);
    }
    for (size_t i = 0; i < fs->n_skipped; i++)
        printf("not checked (%s)\n", fs->skipped[i]);
}

/* The store's drive is one we can see, so a missing folder is missing. */
static bool store_drive_known(const struct vol_list *vols, const char *p)
{
    char letter = drive_letter(p);

    for (size_t i = 0; vols && letter && i < vols->n; i++) {
        if (vols->v[i].letter == letter)
            return true;
    }
    return false;
}

int lint_restore(const struct lint_restore_opts *o, int argc,
                 const char *const *argv)
{
    struct loadcmd lc;
    struct restore_facts f;
    struct vol_list vols;
    bool have_vols = false;
    struct wiz_err err;

    if (loadcmd_parse(&lc, argc, argv, &err) < 0) {
        printf("error   restore-bad-switch: %s\n", err.msg);
        printf("lint: 1 error, 0 warnings, 0 info: loadstate would not run "
               "as given\n");
        loadcmd_release(&lc);
        return WIZ_EXIT_FAIL;
    }
    restore_facts_init(&f);
    f.winpe = o->winpe || sys_is_winpe() ? 1 : 0;
    if (o->volume_root && vol_enumerate(o->volume_root, &vols, &err) == 0)
        have_vols = true;
    char *store = local_path(have_vols ? &vols : NULL, lc.store);

    if (store)
        read_store(have_vols ? &vols : NULL, store, &f);
    else if (lc.store && store_drive_known(have_vols ? &vols : NULL,
                                           lc.store))
        f.store_state = RESTORE_STORE_MISSING;
    else if (lc.store)
        printf("note: the store folder '%s' was not found here\n", lc.store);
    f.store_letter = drive_letter(lc.store);
    read_key(have_vols ? &vols : NULL, &lc, &f);
    if (o->volume_root)
        read_target(o, &f);
    if (o->usmt) {
        struct usmt_env env;

        if (usmtenv_probe(o->usmt, NULL, &env, &err) == 0 &&
            env.version_known) {
            f.loadstate_ver[0] = env.ver_major;
            f.loadstate_ver[1] = env.ver_minor;
            f.loadstate_ver[2] = env.ver_build;
            f.loadstate_ver[3] = env.ver_rev;
            f.loadstate_ver_known = true;
        }
        usmtenv_release(&env);
    }

    struct restore_ctx rc = { &lc, &f };
    struct rule_ctx ctx;
    struct findings fs;

    memset(&ctx, 0, sizeof(ctx));
    ctx.program = "loadstate.exe";
    ctx.restore = &rc;
    findings_init(&fs);
    rules_check(&ctx, &fs);
    print_findings(&fs);

    size_t ne = findings_count(&fs, RULE_ERROR);
    size_t nw = findings_count(&fs, RULE_WARNING);
    size_t ni = findings_count(&fs, RULE_INFO);

    printf("lint: %zu error%s, %zu warning%s, %zu info: %s\n", ne,
           ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s", ni,
           ne ? "loadstate would not run as given"
              : nw ? "nothing blocks the restore (read the warnings)"
                   : "nothing blocks the restore");
    findings_release(&fs);
    restore_facts_release(&f);
    free(store);
    if (have_vols)
        vol_list_release(&vols);
    loadcmd_release(&lc);
    return ne ? WIZ_EXIT_FAIL : WIZ_EXIT_OK;
}

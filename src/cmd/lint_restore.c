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
#include "core/session/restore.h"
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
    if (o->volume_root && vol_enumerate(o->volume_root, &vols, &err) == 0)
        have_vols = true;
    char *store = lc.store ? rules_map_path(have_vols ? &vols : NULL,
                                            lc.store)
                           : NULL;

    if (!store && lc.store && fs_exists(lc.store))
        store = xstrdup(lc.store);
    if (store && !fs_is_dir(store)) {
        free(store);
        store = NULL;
    }

    struct restore_where where = { have_vols ? &vols : NULL, o->volume_root,
                                   o->volume, o->usmt,
                                   o->winpe || sys_is_winpe() ? 1 : 0, false };
    struct plan_strv notes = { 0 };

    restore_gather(&f, &where, store, &lc, NULL, &notes);
    for (size_t i = 0; i < notes.n; i++) {
        fputs("note: ", stdout);
        put_text(notes.items[i]);
        fputc('\n', stdout);
    }
    plan_strv_release(&notes);

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

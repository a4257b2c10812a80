/*
 * Rules about the offline source: the offline switch, the Windows folder
 * it names, and the state of that volume and installation (BitLocker,
 * hibernation, dirty hives, several installations, server OS, LoadState in
 * Windows PE).  Reference §3.3, §3.5, §3.7, §8, §9, §10.
 */
#include "rules_impl.h"

#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "core/usmt/usmtenv.h"
#include "core/offline/winos.h"

static bool gen_mode(const struct plan *p)
{
    return rp_has(p, PLAN_SW_GENCONFIG) || rp_has(p, PLAN_SW_GENMIGXML);
}

static void check_winpe_no_offline(const struct rule_ctx *ctx,
                                   struct rule_out *out)
{
    if (!ctx->env->winpe || rp_offline(ctx->plan) || gen_mode(ctx->plan))
        return;
    if (ctx->program && str_istarts_with(winpath_base(ctx->program),
                                         "loadstate"))
        return;
    struct finding *f = rule_emit(
        out, "no offline switch: in Windows PE scanstate stops with rc 36 "
        "\"Use /offline to run gather on this platform\"");

    if (ctx->os && ctx->os->windir_win)
        finding_set_fix(f, "add /offlineWinDir:%s", ctx->os->windir_win);
}

static void check_several_switches(const struct rule_ctx *ctx,
                                   struct rule_out *out)
{
    size_t n = rc_count(ctx, PLAN_SW_OFFLINE) +
               rc_count(ctx, PLAN_SW_OFFLINEWINDIR) +
               rc_count(ctx, PLAN_SW_OFFLINEWINOLD);

    if (n < 2)
        return;
    rule_emit(out, "%zu offline switches given: use exactly one of /offline, "
              "/offlineWinDir and /offlineWinOld", n);
}

static void check_running_os(const struct rule_ctx *ctx, struct rule_out *out)
{
    const char *wd = rp_windir(ctx->plan);

    if (!ctx->env->winpe || !wd || winpath_letter(wd) != 'X')
        return;
    rule_emit(out, "'%s' is the running Windows PE, not the offline Windows: "
              "scanstate refuses \"the hosted windows directory\"", wd);
}

static void check_winold_winpe(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    if (!ctx->env->winpe || !rp_has(ctx->plan, PLAN_SW_OFFLINEWINOLD))
        return;
    rule_emit(out, "/offlineWinOld reads Windows.old from a newly installed "
              "Windows, not from Windows PE");
}

static void check_loadstate(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (!ctx->program ||
        !str_istarts_with(winpath_base(ctx->program), "loadstate"))
        return;
    rule_emit(out, "'%s' restores a store; the capture is scanstate's job, "
              "and in Windows PE loadstate is refused (rc 36 \"Use of "
              "/offline is not supported during apply\")",
              winpath_base(ctx->program));
}

/* The volume holding the offline Windows folder, from the scan. */
static const struct winvol *offline_vol(const struct rule_ctx *ctx)
{
    const char *wd = rp_windir(ctx->plan);
    char letter = wd ? winpath_letter(wd) : 0;

    if (ctx->vol)
        return ctx->vol;
    if (!letter || !ctx->scan)
        return NULL;
    for (size_t i = 0; i < ctx->scan->n; i++) {
        if (ctx->scan->vols[i].vol.letter == letter)
            return &ctx->scan->vols[i];
    }
    return NULL;
}

static void check_bitlocker(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct winvol *v = offline_vol(ctx);

    if (!v || !v->vol.locked)
        return;
    struct strbuf ids = STRBUF_INIT;

    for (size_t i = 0; i < v->n_protectors; i++) {
        if (v->protectors[i].kind == VOL_PROT_RECOVERY)
            strbuf_addf(&ids, "%s%s", ids.len ? ", " : "",
                        v->protectors[i].id);
    }
    rule_emit(out, "volume %c: is locked by BitLocker: scanstate cannot read "
              "the offline Windows%s%s%s", v->vol.letter ? v->vol.letter : '?',
              ids.len ? " (recovery key ID " : "", ids.len ? ids.buf : "",
              ids.len ? ")" : "");
    strbuf_release(&ids);
}

static void check_windir_not_windows(const struct rule_ctx *ctx,
                                     struct rule_out *out)
{
    const char *wd = rp_windir(ctx->plan);
    const struct winvol *v = offline_vol(ctx);

    if (!wd || ctx->os || !v || v->vol.locked)
        return;
    for (size_t i = 0; i < v->n_os; i++) {
        if (plan_winpath_eq(v->os[i].windir_win, wd))
            return;
    }
    if (v->problem)
        rule_emit(out, "'%s' is not a Windows folder we could read (%s): "
                  "scanstate stops with rc 11 or 26 (\"Unable to find a "
                  "valid Windows directory\")", wd, v->problem);
    else
        rule_emit(out, "'%s' is not a Windows folder we could read: "
                  "scanstate stops with rc 11 or 26 (\"Unable to find a "
                  "valid Windows directory\")", wd);
}

static bool hardlink(const struct plan *p)
{
    return rp_has(p, PLAN_SW_HARDLINK);
}

static void check_hibernated(const struct rule_ctx *ctx, struct rule_out *out,
                             bool want_hardlink)
{
    const struct winos *os = ctx->os;

    if (!(os->hibernated || os->fast_startup) ||
        hardlink(ctx->plan) != want_hardlink)
        return;
    const char *why = os->hibernated ? "was hibernated"
                                     : "was shut down with Fast Startup";

    if (want_hardlink)
        rule_emit(out, "'%s' %s: a hard-link store writes to that NTFS volume "
                  "while Windows still holds it in its hibernation image, and "
                  "data written now can be lost when it resumes",
                  os->windir_win ? os->windir_win : os->windir, why);
    else
        rule_emit(out, "'%s' %s: the files on disk may not be the latest "
                  "ones", os->windir_win ? os->windir_win : os->windir, why);
}

static void check_hib_hardlink(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    check_hibernated(ctx, out, true);
}

static void check_hib(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_hibernated(ctx, out, false);
}

static void check_dirty(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (!ctx->os->dirty)
        return;
    rule_emit(out, "hives of '%s' were not closed cleanly (%s): the newest "
              "changes sit in their .LOG files",
              ctx->os->windir_win ? ctx->os->windir_win : ctx->os->windir,
              ctx->os->dirty_hives && *ctx->os->dirty_hives
                  ? ctx->os->dirty_hives : "?");
}

static void check_server(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (!ctx->os->is_server)
        return;
    rule_emit(out, "'%s' is a server: scanstate refuses it (\"Server "
              "Operating systems are not supported.\")",
              ctx->os->friendly ? ctx->os->friendly : "the offline Windows");
}

/* Needs plan->offline_xml: the file the caller writes with offxml_write. */
static int fix_several(struct plan *plan, const struct finding *f,
                       struct wiz_err *err)
{
    (void)f;
    if (!plan->offline_xml)
        return err_set(err, WIZ_EUSAGE, "no file name for offline.xml");
    plan->offline_mode = PLAN_OFFLINE_XML;
    plan->fail_on_multiple_windir = true;
    return 0;
}

static void check_several_windows(const struct rule_ctx *ctx,
                                  struct rule_out *out)
{
    const struct plan *p = ctx->plan;
    size_t n = 0;

    for (size_t i = 0; i < ctx->scan->n; i++) {
        const struct winvol *v = &ctx->scan->vols[i];

        /* Windows PE's own X:\Windows is not a candidate */
        if (v->vol.kind == VOL_RAM || v->vol.letter == 'X')
            continue;
        n += v->n_os;
    }

    if (n < 2 || !rp_offline(p))
        return;
    if (p->offline_mode == PLAN_OFFLINE_XML && p->fail_on_multiple_windir)
        return;
    struct finding *f = rule_emit(
        out, "%zu Windows installations are on this machine: scanstate may "
        "pick another one than '%s' or stop with rc 26 \"Multiple Windows "
        "installations found\"", n,
        rp_windir(p) ? rp_windir(p) : "the one you chose");

    finding_set_fix(f, "use an offline.xml whose <winDir> names only '%s', "
                    "with <failOnMultipleWinDir>1</failOnMultipleWinDir>",
                    rp_windir(p) ? rp_windir(p) : "the chosen folder");
    /*
     * The fix switches the plan to /offline:<offline_xml>; without a file
     * name for offline.xml there would be no offline switch at all.
     */
    if (!p->offline_xml)
        finding_set_arg(f, NULL);
}

static const char *hive_state_words(enum hive_state st)
{
    switch (st) {
    case HIVE_STATE_MISSING:
        return "is missing";
    case HIVE_STATE_UNREADABLE:
        return "cannot be read";
    case HIVE_STATE_DAMAGED:
        return "is damaged";
    case HIVE_STATE_OK:
        break;
    }
    return "is usable";
}

/* SOFTWARE, SYSTEM and SAM of the offline Windows, opened and checked. */
static void check_hive_damaged(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const struct rule_facts *f = ctx->facts;

    for (size_t i = 0; f && i < f->n_hives; i++) {
        const struct hive_facts *h = &f->hives[i];

        if (h->user || h->state == HIVE_STATE_OK)
            continue;
        if (str_ieq(h->name, "SAM"))
            rule_emit(out, "the SAM hive '%s' %s: %s; local accounts "
                      "cannot be told from domain accounts nor named, and "
                      "what scanstate does with it is not documented",
                      h->path_win, hive_state_words(h->state),
                      h->why ? h->why : "?");
        else
            rule_emit(out, "the %s hive '%s' %s: %s; scanstate reads it "
                      "to start the offline capture and stops (\"Invalid "
                      "Windows folder for offline gather to start\")",
                      h->name, h->path_win, hive_state_words(h->state),
                      h->why ? h->why : "?");
    }
}

static const struct rule offline_rules[] = {
    { "winpe-no-offline", RULE_ERROR, RF_VOLUME, RN_ENV,
      "no offline switch in Windows PE (rc 36)",
      "add /offlineWinDir:<offline Windows folder>",
      "§3.3, §8", "usmt-return-codes", check_winpe_no_offline, NULL },
    { "offline-several-switches", RULE_ERROR, RF_VOLUME | RF_SYNTAX, 0,
      "more than one of /offline, /offlineWinDir, /offlineWinOld",
      "keep one offline switch", "§2.2, §2.4.9",
      "offline-migration-reference", check_several_switches, NULL },
    { "offline-running-os", RULE_ERROR, RF_VOLUME, RN_ENV,
      "the offline folder is the running Windows PE's own",
      "name the offline Windows folder, e.g. /offlineWinDir:D:\\Windows",
      "§3.3", "scanstate.exe 10.0.15063 strings", check_running_os, NULL },
    { "offline-winold-in-winpe", RULE_ERROR, RF_VOLUME, RN_ENV,
      "/offlineWinOld in Windows PE",
      "use /offlineWinDir in Windows PE", "§2.2, §3.1",
      "offline-migration-reference", check_winold_winpe, NULL },
    { "loadstate-command", RULE_ERROR, RF_SYNTAX, 0,
      "a loadstate command line (restore, refused in Windows PE)",
      "capture with scanstate; run loadstate later in the new Windows",
      "§3.7, §4.1", "usmt-return-codes", check_loadstate, NULL },
    { "volume-bitlocker", RULE_ERROR, RF_VOLUME, RN_SCAN,
      "the offline volume is locked by BitLocker",
      "unlock it in the wizard: Volume screen, key u, with its 48-digit "
      "recovery password or .BEK key file (plain mode: u N); or run "
      "manage-bde -unlock, or suspend BitLocker in Windows before booting "
      "Windows PE", "§3.7",
      "offline-migration-reference", check_bitlocker, NULL },
    { "offline-not-windows", RULE_ERROR, RF_VOLUME, RN_SCAN,
      "the offline folder holds no readable Windows",
      "choose the Windows folder of the offline installation",
      "§3.3", "offline-migration-reference", check_windir_not_windows,
      NULL },
    { "volume-hibernated-hardlink", RULE_ERROR, RF_VOLUME | RF_STORE, RN_OS,
      "hard-link store on a hibernated / Fast Startup volume",
      "boot that Windows and shut it down fully (shutdown /s /t 0), or "
      "use a compressed store on another disk", "§7.4",
      "usmt-hard-link-migration-store", check_hib_hardlink, NULL },
    { "volume-hibernated", RULE_WARNING, RF_VOLUME, RN_OS,
      "the offline Windows is hibernated or used Fast Startup",
      "boot that Windows and shut it down fully (shutdown /s /t 0)",
      "§3.7", "offline-migration-reference", check_hib, NULL },
    { "hives-dirty", RULE_WARNING, RF_VOLUME, RN_OS,
      "offline hives were not closed cleanly",
      "boot that Windows once and shut it down cleanly",
      "§3.3", "offline-migration-reference", check_dirty, NULL },
    { "hive-damaged", RULE_ERROR, RF_VOLUME, RN_OS | RN_FILES,
      "a hive of the offline Windows (SOFTWARE, SYSTEM, SAM) is damaged "
      "or unreadable",
      "repair the disk (chkdsk) or restore the hive from "
      "System32\\config\\RegBack or a backup; or copy the data by hand",
      "§3.3", "scanstate.exe 10.0.15063 strings (SAM: not documented)",
      check_hive_damaged, NULL },
    { "offline-os-server", RULE_ERROR, RF_VOLUME, RN_OS,
      "the offline Windows is a server",
      "USMT does not migrate servers", "§2.1, §9", "usmt-requirements",
      check_server, NULL },
    { "several-windows", RULE_WARNING, RF_VOLUME, RN_SCAN,
      "several Windows installations on the machine (rc 26)",
      "use an offline.xml with the chosen <winDir> and "
      "<failOnMultipleWinDir>1</failOnMultipleWinDir>",
      "§3.5, §8", "offline-migration-reference", check_several_windows,
      fix_several },
};

const struct rule *rules_offline_table(size_t *n)
{
    *n = sizeof(offline_rules) / sizeof(offline_rules[0]);
    return offline_rules;
}

/*
 * Rules about where scanstate runs: the USMT folder (complete, right
 * architecture, right version for the offline OS), MSXML in Windows PE,
 * the working directory (USMT_WORKING_DIR, TEMP) and the environment
 * variables scanstate reads.  Reference §1.2, §3.2, §3.4, §3.7, §9, §10.
 */
#include "rules_impl.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/xalloc.h"
#include "core/usmt/usmtenv.h"
#include "core/offline/winos.h"

#define MIN_TEMP_BYTES (250ull * 1024 * 1024)

static bool is_64(enum sys_arch a)
{
    return a == SYS_ARCH_AMD64 || a == SYS_ARCH_ARM64;
}

static void check_usmt_missing(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const struct usmt_env *env = ctx->env;

    if (env->scanstate_found)
        return;
    if (env->probe_problem)
        rule_emit(out, "the USMT folder '%s' cannot be used: %s",
                  env->usmt_dir, env->probe_problem);
    else
        rule_emit(out, "no scanstate.exe in the USMT folder '%s'",
                  env->usmt_dir);
}

static void check_dlls(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct usmt_env *env = ctx->env;

    if (!env->scanstate_found || !env->missing_dlls || !env->missing_dlls[0])
        return;
    for (size_t i = 0; env->missing_dlls[i]; i++)
        rule_emit(out, "'%s' is missing from the USMT folder '%s'",
                  env->missing_dlls[i], env->usmt_dir);
}

static void check_x86_on_x64(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct usmt_env *env = ctx->env;

    if (!env->winpe || !env->scanstate_found ||
        env->usmt_arch != SYS_ARCH_X86 || !is_64(env->host_arch))
        return;
    struct finding *f = rule_emit(
        out, "scanstate.exe in '%s' is 32-bit (x86) but this Windows PE is "
        "%s: it has no WOW64, so scanstate fails with \"The subsystem "
        "needed to support the image type is not present\"",
        env->usmt_dir, sys_arch_name(env->host_arch));

    finding_set_fix(f, "use the %s folder of the USMT (User State Migration "
                    "Tool\\%s)", sys_arch_name(env->host_arch),
                    sys_arch_name(env->host_arch));
}

static void check_arch(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct usmt_env *env = ctx->env;

    if (!env->winpe || !env->scanstate_found ||
        env->usmt_arch == SYS_ARCH_UNKNOWN ||
        env->host_arch == SYS_ARCH_UNKNOWN ||
        env->usmt_arch == env->host_arch)
        return;
    if (env->usmt_arch == SYS_ARCH_X86 && is_64(env->host_arch))
        return; /* usmt-x86-on-x64 says it */
    struct finding *f = rule_emit(
        out, "scanstate.exe in '%s' is %s but this Windows PE is %s",
        env->usmt_dir, sys_arch_name(env->usmt_arch),
        sys_arch_name(env->host_arch));

    finding_set_fix(f, "use the %s folder of the USMT",
                    sys_arch_name(env->host_arch));
}

static void check_msxml(const struct rule_ctx *ctx, struct rule_out *out)
{
    /* x_known: the X: drive was looked at, so a missing DLL means it */
    if (!ctx->env->winpe || !ctx->env->x_known || ctx->env->msxml_found)
        return;
    rule_emit(out, "no msxml*.dll in X:\\Windows\\System32: scanstate stops "
              "with \"Unable to find XML Parser (MSXML)\"");
}

static const char *family_name(int family)
{
    switch (family) {
    case 5:
        return "XP";
    case 6:
        return "Vista";
    case 7:
        return "7";
    case 8:
        return "8";
    case 10:
        return "10";
    case 11:
        return "11";
    }
    return "?";
}

/* Offline OS families each USMT generation can read (reference §9). */
static void check_version(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct usmt_env *env = ctx->env;
    const struct winos *os = ctx->os;
    int lo;
    int hi;

    if (!env->scanstate_found || !os->family)
        return;
    switch (env->usmt_generation) {
    case 4:
        lo = 5;
        hi = 7;
        break;
    case 5:
        lo = 6;
        hi = 8;
        break;
    case 10:
        lo = 7;
        hi = 11;
        break;
    default:
        return;
    }
    if (os->family >= lo && os->family <= hi)
        return;
    const char *what = os->friendly ? os->friendly : os->product_name;

    rule_emit(out, "'%s' is too %s for USMT %d (%u.%u.%u), which reads "
              "offline Windows %s to %s", what ? what : "?",
              os->family < lo ? "old" : "new", env->usmt_generation,
              env->ver_major, env->ver_minor, env->ver_build,
              family_name(lo), family_name(hi));
}

static const char *want_arch(const struct winos *os)
{
    if (os->arch == SYS_ARCH_X86)
        return "32";
    if (is_64(os->arch))
        return "64";
    return NULL;
}

static int fix_offline_arch(struct plan *plan, const struct finding *f,
                            struct wiz_err *err)
{
    (void)err;
    plan_set_env(plan, "MIG_OFFLINE_PLATFORM_ARCH", f->fix_arg);
    return 0;
}

static void check_offline_arch(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const struct usmt_env *env = ctx->env;
    const char *want = want_arch(ctx->os);
    const char *have = plan_get_env(ctx->plan, "MIG_OFFLINE_PLATFORM_ARCH");

    if (!rp_offline(ctx->plan) || !want || have ||
        env->usmt_arch == SYS_ARCH_UNKNOWN ||
        is_64(env->usmt_arch) == is_64(ctx->os->arch))
        return;
    struct finding *f = rule_emit(
        out, "the offline Windows is %s-bit but scanstate.exe is %s and "
        "MIG_OFFLINE_PLATFORM_ARCH is not set: scanstate cannot tell the "
        "offline platform and stops with rc 36", want,
        sys_arch_name(env->usmt_arch));

    finding_set_fix(f, "set MIG_OFFLINE_PLATFORM_ARCH=%s", want);
    finding_set_arg(f, want);
}

static void check_offline_arch_wrong(const struct rule_ctx *ctx,
                                     struct rule_out *out)
{
    const char *have = plan_get_env(ctx->plan, "MIG_OFFLINE_PLATFORM_ARCH");
    const char *want = want_arch(ctx->os);

    if (!have || !rp_offline(ctx->plan))
        return;
    if (strcmp(have, "32") && strcmp(have, "64")) {
        struct finding *f = rule_emit(
            out, "MIG_OFFLINE_PLATFORM_ARCH is '%s': the only values are 32 "
            "and 64", have);

        finding_set_arg(f, NULL);
        if (want) {
            finding_set_fix(f, "set MIG_OFFLINE_PLATFORM_ARCH=%s", want);
            finding_set_arg(f, want);
        }
        return;
    }
    if (!want || !strcmp(have, want))
        return;
    struct finding *f = rule_emit(
        out, "MIG_OFFLINE_PLATFORM_ARCH is %s but the offline Windows is "
        "%s-bit", have, want);

    finding_set_fix(f, "set MIG_OFFLINE_PLATFORM_ARCH=%s", want);
    finding_set_arg(f, want);
}

static bool on_x(const char *path)
{
    return path && winpath_letter(path) == 'X';
}

static void check_workdir_unset(const struct rule_ctx *ctx,
                                struct rule_out *out)
{
    char buf[32];

    if (!ctx->env->winpe || ctx->plan->working_dir)
        return;
    if (ctx->env->x_known)
        rule_emit(out, "USMT_WORKING_DIR is not set: in Windows PE scanstate "
                  "puts its temporary files on the X: RAM disk (%s free) "
                  "and stops with rc 29 \"A minimum of 250 MB of free space "
                  "is required for temporary files\"",
                  str_human_size(ctx->env->x_free_bytes, buf, sizeof(buf)));
    else
        rule_emit(out, "USMT_WORKING_DIR is not set: in Windows PE scanstate "
                  "puts its temporary files on the X: RAM disk and stops "
                  "with rc 29 \"A minimum of 250 MB of free space is "
                  "required for temporary files\"");
}

static void check_workdir_on_x(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const char *wd = ctx->plan->working_dir;

    if (!ctx->env->winpe || !on_x(wd))
        return;
    rule_emit(out, "USMT_WORKING_DIR '%s' is on the X: RAM disk: scanstate "
              "needs 250 MB there and stops with rc 29", wd);
}

static void check_workdir_source(const struct rule_ctx *ctx,
                                 struct rule_out *out)
{
    const char *wd = ctx->plan->working_dir;
    char ol = rp_offline_letter(ctx->plan);

    if (!wd || !ol || winpath_letter(wd) != ol)
        return;
    rule_emit(out, "USMT_WORKING_DIR '%s' is on the offline Windows volume: "
              "scanstate writes its temporary files to the disk it is "
              "rescuing", wd);
}

static void check_temp_on_x(const struct rule_ctx *ctx, struct rule_out *out)
{
    const char *t = ctx->plan->temp_dir;

    if (!ctx->env->winpe || !ctx->plan->working_dir || !on_x(t))
        return;
    rule_emit(out, "TEMP '%s' is on the X: RAM disk while USMT_WORKING_DIR "
              "is '%s'", t, ctx->plan->working_dir);
}

static void check_workdir_facts(const struct rule_ctx *ctx,
                                struct rule_out *out, int what)
{
    const struct place_facts *w = &ctx->facts->workdir;
    const char *wd = ctx->plan->working_dir;

    if (!wd)
        return;
    if (what == 0 && !w->exists && !ctx->plan->make_working_dir) {
        struct finding *f = rule_emit(
            out, "USMT_WORKING_DIR '%s' does not exist", wd);

        /* the wizard makes it on consent, but only on a real disk */
        if (w->on_x || w->kind == VOL_RAM || w->readonly_volume ||
            !w->known)
            finding_set_arg(f, NULL);
        else
            finding_set_fix(f, "let the wizard create '%s' when the run "
                            "starts", wd);
    } else if (what == 1 && (w->readonly_volume ||
                             (w->exists && !w->writable))) {
        rule_emit(out, "USMT_WORKING_DIR '%s' is not writable: scanstate "
                  "cannot put its temporary files there", wd);
    } else if (what == 2 && w->free_known &&
               w->free_bytes < MIN_TEMP_BYTES) {
        char buf[32];

        rule_emit(out, "USMT_WORKING_DIR '%s' has %s free: scanstate needs "
                  "250 MB and stops with rc 29", wd,
                  str_human_size(w->free_bytes, buf, sizeof(buf)));
    }
}

/*
 * Consent to create the folder: the wizard makes it when the run starts
 * (wizard_run_start), so nothing is written before the rules allow it.
 */
static int fix_workdir_create(struct plan *plan, const struct finding *f,
                              struct wiz_err *err)
{
    (void)f;
    (void)err;
    plan->make_working_dir = true;
    return 0;
}

static void check_workdir_missing(const struct rule_ctx *ctx,
                                  struct rule_out *out)
{
    check_workdir_facts(ctx, out, 0);
}

static void check_workdir_readonly(const struct rule_ctx *ctx,
                                   struct rule_out *out)
{
    check_workdir_facts(ctx, out, 1);
}

static void check_workdir_space(const struct rule_ctx *ctx,
                                struct rule_out *out)
{
    check_workdir_facts(ctx, out, 2);
}

static void check_bypass_vars(const struct rule_ctx *ctx, struct rule_out *out)
{
    static const char *const names[] = {
        "MIG_USMT_BYPASS_OS_VERSION", "MIG_USMT_BYPASS_ARCHITECTURE",
        "MIG_USMT_BYPASS_OS_ARCHITECTURE", "MIG_QUICK_TEST_MODE",
        "MIG_TRANSPORT_NO_COMPRESSION", "MIG_SPLIT_STREAM",
        "MIG_EFS_MODE", "USMT_IGNORE_DCLOOKUP",
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = plan_get_env(ctx->plan, names[i]);

        if (v)
            rule_emit(out, "%s=%s is set: an undocumented scanstate switch "
                      "whose effect nobody guarantees", names[i], v);
    }
}

static const struct rule env_rules[] = {
    { "usmt-missing", RULE_ERROR, RF_ENV, RN_USMT,
      "the USMT folder has no scanstate.exe",
      "choose the USMT folder of the right architecture (amd64, x86 or "
      "arm64) that holds scanstate.exe",
      "§1.2", "usmt-faq", check_usmt_missing, NULL },
    { "usmt-dlls-missing", RULE_ERROR, RF_ENV, RN_USMT,
      "a DLL scanstate needs is missing from the USMT folder",
      "copy the whole architecture folder of the USMT, not scanstate.exe "
      "alone", "§1.2", "usmt-faq", check_dlls, NULL },
    { "usmt-x86-on-x64", RULE_ERROR, RF_ENV, RN_USMT,
      "32-bit USMT on 64-bit Windows PE (no WOW64)",
      "use the USMT folder that matches Windows PE",
      "§3.7, §8", "AskDS: USMT 4 and WinPE: Common Issues",
      check_x86_on_x64, NULL },
    { "usmt-arch-mismatch", RULE_ERROR, RF_ENV, RN_USMT,
      "USMT architecture differs from Windows PE",
      "use the USMT folder that matches Windows PE",
      "§3.7, §10.1", "AskDS: USMT 4 and WinPE: Common Issues",
      check_arch, NULL },
    { "winpe-no-msxml", RULE_ERROR, RF_ENV, RN_ENV,
      "Windows PE lacks MSXML",
      "add the MSXML component to the Windows PE image",
      "§3.2", "offline-migration-reference", check_msxml, NULL },
    { "usmt-version-offline-os", RULE_ERROR, RF_ENV | RF_VOLUME,
      RN_USMT | RN_OS,
      "this USMT version cannot read the offline Windows version",
      "use a USMT generation that supports this Windows (USMT 10 for "
      "Windows 7 to 11)", "§9", "usmt-requirements", check_version, NULL },
    { "offline-arch-unset", RULE_ERROR, RF_ENV | RF_VOLUME,
      RN_USMT | RN_OS,
      "offline OS and scanstate differ in bitness, MIG_OFFLINE_PLATFORM_ARCH "
      "unset (rc 36)", "set MIG_OFFLINE_PLATFORM_ARCH to 32 or 64",
      "§3.4, §3.7", "offline-migration-reference", check_offline_arch,
      fix_offline_arch },
    { "offline-arch-wrong", RULE_ERROR, RF_ENV | RF_VOLUME, RN_OS,
      "MIG_OFFLINE_PLATFORM_ARCH contradicts the offline OS",
      "set MIG_OFFLINE_PLATFORM_ARCH to the offline OS's bitness",
      "§3.4", "offline-migration-reference", check_offline_arch_wrong,
      fix_offline_arch },
    { "workdir-unset", RULE_ERROR, RF_WORKDIR, RN_ENV,
      "USMT_WORKING_DIR unset in Windows PE (rc 29)",
      "set USMT_WORKING_DIR (and TEMP) to a folder on a real disk with "
      "250 MB free, not on the offline Windows volume",
      "§3.4, §3.7, §8", "usmt-return-codes", check_workdir_unset, NULL },
    { "workdir-on-x", RULE_ERROR, RF_WORKDIR, RN_ENV,
      "USMT_WORKING_DIR on the X: RAM disk (rc 29)",
      "set USMT_WORKING_DIR (and TEMP) to a folder on a real disk",
      "§3.7, §8", "usmt-return-codes", check_workdir_on_x, NULL },
    { "workdir-on-source-volume", RULE_WARNING, RF_WORKDIR | RF_VOLUME, 0,
      "USMT_WORKING_DIR on the offline Windows volume",
      "put USMT_WORKING_DIR on the store disk or another disk",
      "§3.7, §3.8", "MDT ZTIUserState.wsf", check_workdir_source, NULL },
    { "temp-on-x", RULE_WARNING, RF_WORKDIR, RN_ENV,
      "TEMP on the X: RAM disk",
      "set TEMP to the same folder as USMT_WORKING_DIR",
      "§3.4, §3.8", "MDT ZTIUserState.wsf", check_temp_on_x, NULL },
    { "workdir-missing", RULE_WARNING, RF_WORKDIR, RN_WORKDIR,
      "USMT_WORKING_DIR does not exist",
      "create the folder before the run", "§3.4", "usmt-faq",
      check_workdir_missing, fix_workdir_create },
    { "workdir-readonly", RULE_ERROR, RF_WORKDIR, RN_WORKDIR,
      "USMT_WORKING_DIR is not writable",
      "choose a writable folder on a real disk", "§3.4, §3.7", "usmt-faq",
      check_workdir_readonly, NULL },
    { "workdir-low-space", RULE_ERROR, RF_WORKDIR, RN_WORKDIR,
      "under 250 MB free for USMT_WORKING_DIR (rc 29)",
      "choose a folder on a disk with at least 250 MB free",
      "§7.1, §4.1", "usmt-return-codes", check_workdir_space, NULL },
    { "env-undocumented", RULE_WARNING, RF_WORKDIR, 0,
      "an undocumented MIG_* variable is set",
      "remove the variable unless Microsoft support asked for it", "§3.4",
      "scanstate.exe 10.0.15063 strings", check_bypass_vars, NULL },
};

const struct rule *rules_env_table(size_t *n)
{
    *n = sizeof(env_rules) / sizeof(env_rules[0]);
    return env_rules;
}

/*
 * Restore rules: the loadstate side on the new PC (issue 15).  They share
 * the rule table with the capture rules but run only on a loadstate line
 * (ctx->restore set).  Sources, cited per rule:
 * - Microsoft Learn "LoadState syntax" (usmt-loadstate-syntax; its older
 *   revisions dd560804 for USMT 4.0 and cc766226 for Vista spell out
 *   /mu:OldDomain\OldUserName:[NewDomain\]NewUserName, /lac:[Password],
 *   /lae and /q), "Identify users" (usmt-identify-users: /lac),
 *   "USMT return codes", "Common issues" (rc 71 with error 2202),
 *   "USMT requirements" (targets, architecture, Entra-joined devices),
 *   "Hard-link migration store" and KB 2269650 (rc 38);
 * - MicrosoftDocs/windows-itpro-docs PR #5924 (USMT does not support
 *   Azure AD join); user reports in nickrod518/Migrate-WindowsUserProfile
 *   issues #1 (/lac), #20 (a missing store, rc 11) and #56 (/mu to
 *   AzureAD\user);
 * - the reference §2.2, §3.7, §4.1, §5.1, §7.4, §9.
 * Where the sources are silent the message says so.
 */
#include "core/rules/restore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/plan/loadcmd.h"
#include "core/plan/winquote.h"
#include "core/run/report.h"
#include "rules_impl.h"

/* ---- facts -------------------------------------------------------------- */

void restore_facts_init(struct restore_facts *f)
{
    memset(f, 0, sizeof(*f));
    f->winpe = -1;
    f->elevated = -1;
    f->store_state = -1;
}

void restore_facts_release(struct restore_facts *f)
{
    free(f->target_computer);
    free(f->store_kind);
    free(f->key_fingerprint);
    for (size_t i = 0; i < f->n_capture_xml; i++)
        free(f->capture_xml[i]);
    free(f->capture_xml);
    free(f->source_computer);
    free(f->capture_result);
    free(f->capture_config);
    free(f->encrypt_alg);
    for (size_t i = 0; i < f->n_users; i++) {
        free(f->users[i].sid);
        free(f->users[i].name);
        free(f->users[i].domain);
        free(f->users[i].kind);
    }
    free(f->users);
    restore_facts_init(f);
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void restore_facts_add_user(struct restore_facts *f, const char *sid,
                            const char *name, const char *kind)
{
    const char *bs = name ? strrchr(name, '\\') : NULL;

    f->users = xrealloc(f->users, (f->n_users + 1) * sizeof(*f->users));
    f->users[f->n_users].sid = dup_or_null(sid);
    f->users[f->n_users].name = dup_or_null(bs ? bs + 1 : name);
    f->users[f->n_users].domain = bs ? xstrndup(name, (size_t)(bs - name))
                                     : NULL;
    f->users[f->n_users].kind = dup_or_null(kind);
    f->n_users++;
}

void restore_parse_windows(const char *s, unsigned *build, int *bits)
{
    const char *p = s ? strchr(s, '(') : NULL;

    *build = 0;
    *bits = 0;
    if (p) {
        *build = (unsigned)strtoul(p + 1, NULL, 10);
    }
    if (!s)
        return;
    if (str_iends_with(s, " x64") || str_iends_with(s, " arm64"))
        *bits = 64;
    else if (str_iends_with(s, " x86"))
        *bits = 32;
}

static void xml_from_command(struct restore_facts *f, const char *command)
{
    struct winquote_argv a;
    struct loadcmd lc;

    winquote_argv_init(&a);
    if (!command || winquote_split(command, 0, 32767, 1000, &a, NULL) < 0) {
        winquote_argv_release(&a);
        return;
    }
    /* the first word is scanstate.exe; a masked key is a plain value */
    for (size_t i = 1; i < a.argc; i++) {
        if (str_istarts_with(a.argv[i], "/encrypt"))
            f->encrypted = true;
        if (str_istarts_with(a.argv[i], "/encrypt:") && a.argv[i][9]) {
            free(f->encrypt_alg);
            f->encrypt_alg = xstrdup(a.argv[i] + 9);
        }
    }
    if (a.argc > 1 &&
        loadcmd_parse(&lc, (int)a.argc - 1,
                      (const char *const *)a.argv + 1, NULL) == 0) {
        f->capture_xml = lc.xml;
        f->n_capture_xml = lc.n_xml;
        lc.xml = NULL;
        lc.n_xml = 0;
        free(f->capture_config);
        f->capture_config = lc.config;
        lc.config = NULL;
        loadcmd_release(&lc);
    }
    winquote_argv_release(&a);
}

/*
 * What loadstate will write on the new PC.  The reference gives no
 * figure for the apply side; the best one the capture left is the
 * amount scanstate transferred (totalSizeInMBToTransfer, §5.2), then the
 * captured users' profile sizes, then the store's own size (a compressed
 * store expands when applied, so that one is a low estimate).
 */
static void estimate_restore(struct restore_facts *f, const struct report *r)
{
    uint64_t users = 0;
    bool all = r->n_users > 0;

    for (size_t i = 0; i < r->n_users; i++) {
        users += r->users[i].bytes;
        all = all && r->users[i].bytes;
    }
    f->restore_bytes = 0;
    f->restore_bytes_basis = NULL;
    if (r->total_mb) {
        f->restore_bytes = r->total_mb * 1024 * 1024;
        f->restore_bytes_basis = "the data the capture transferred, "
                                 "its totalSizeInMBToTransfer";
    } else if (all) {
        f->restore_bytes = users;
        f->restore_bytes_basis = "the captured users' profile sizes";
    } else if (r->store_bytes) {
        f->restore_bytes = r->store_bytes;
        f->restore_bytes_basis = "the store's size (a compressed store "
                                 "expands when applied: a low estimate)";
    }
}

void restore_facts_from_report(struct restore_facts *f,
                               const struct report *r)
{
    f->report_known = true;
    free(f->store_kind);
    f->store_kind = dup_or_null(r->store_kind);
    free(f->key_fingerprint);
    f->key_fingerprint = r->key_fingerprint && *r->key_fingerprint
                             ? xstrdup(r->key_fingerprint)
                             : NULL;
    f->encrypted = f->key_fingerprint != NULL;
    free(f->source_computer);
    f->source_computer = dup_or_null(r->computer);
    free(f->capture_result);
    f->capture_result = dup_or_null(r->result);
    restore_parse_windows(r->windows, &f->source_build, &f->source_bits);
    for (size_t i = 0; i < r->n_users; i++)
        restore_facts_add_user(f, r->users[i].sid, r->users[i].name,
                               r->users[i].kind);
    xml_from_command(f, r->command);
    estimate_restore(f, r);
}

/* ---- helpers ------------------------------------------------------------ */

static const struct loadcmd *cmd(const struct rule_ctx *ctx)
{
    return ctx->restore->cmd;
}

static const struct restore_facts *facts(const struct rule_ctx *ctx)
{
    return ctx->restore->facts;
}

static bool is_kind(const struct restore_user *u, const char *kind)
{
    return u->kind && str_ieq(u->kind, kind);
}

/* A /mu value maps this user: its old side names the account. */
static bool mu_maps(const struct loadcmd *lc, const struct restore_user *u)
{
    char nw[512];

    return loadcmd_mu_target(lc, u->name, u->sid, nw, sizeof(nw));
}

static int ver_cmp(const unsigned a[4], const unsigned b[4])
{
    for (int i = 0; i < 4; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    }
    return 0;
}

static bool hardlink_store(const struct restore_facts *f)
{
    return f->hardlink_main ||
           (f->store_kind && str_ieq(f->store_kind, "hardlink"));
}

/* ---- checks ------------------------------------------------------------- */

static void check_winpe(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (facts(ctx)->winpe != 1)
        return;
    rule_emit(out, "loadstate in Windows PE: it applies a store only in the "
              "new, running Windows; expect rc 36 "
              "(USMT_ERROR_UNSUPPORTED_PLATFORM) - Microsoft documents no "
              "message for this case (the gather-side one is \"Use /offline "
              "to run gather on this platform\")");
}

static void check_offline(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (!cmd(ctx)->offline)
        return;
    rule_emit(out, "an offline switch on a loadstate line: loadstate stops "
              "with rc 36 \"Use of /offline is not supported during "
              "apply\"");
}

static void check_store(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct loadcmd *lc = cmd(ctx);

    if (lc->store)
        return;
    rule_emit(out, "no store path: loadstate stops with rc 11 \"The store "
              "parameter is required but not specified\"");
}

static void check_store_found(const struct rule_ctx *ctx,
                              struct rule_out *out)
{
    int st = facts(ctx)->store_state;

    if (st == RESTORE_STORE_MISSING)
        rule_emit(out, "the store folder '%s' does not exist: loadstate "
                  "stops with rc 11 \"Settings store argument specified is "
                  "invalid\" (as in a real load.log, with gle 2)",
                  cmd(ctx)->store);
    else if (st == RESTORE_STORE_EMPTY)
        rule_emit(out, "'%s' holds no store (no USMT\\USMT.MIG or "
                  "catalog.mig): loadstate stops with rc 27 \"A store path "
                  "is missing or has incomplete data\"", cmd(ctx)->store);
}

static void check_syntax(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct loadcmd *lc = cmd(ctx);

    for (size_t i = 0; i < lc->n_unknown; i++)
        rule_emit(out, "'%s' is not a loadstate switch: rc 11 \"Command "
                  "line option is not valid\"", lc->unknown[i]);
    if (lc->all && (lc->n_ui || lc->n_ue))
        rule_emit(out, "/all with /ui or /ue: rc 11 \"/all conflicts with "
                  "/ui, /ue or /uel\"");
    for (size_t i = 0; i < lc->n_repeated; i++)
        rule_emit(out, "'/%s' given twice: rc 11 \"An option is specified "
                  "more than once and is ambiguous\"", lc->repeated[i]);
}

static void check_lae(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (cmd(ctx)->lae && !cmd(ctx)->lac)
        rule_emit(out, "/lae without /lac: loadstate stops with rc 11 "
                  "\"/lae is only used with /lac\"");
}

static void check_lac_password(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    if (cmd(ctx)->lac_password)
        rule_emit(out, "/lac with a password typed on the command line: "
                  "it shows in the process list, the log's \"Command "
                  "line:\" record and the progress log");
}

static void check_hardlink_nocompress(const struct rule_ctx *ctx,
                                      struct rule_out *out)
{
    if (cmd(ctx)->hardlink && !cmd(ctx)->nocompress)
        rule_emit(out, "/hardlink without /nocompress: loadstate stops with "
                  "rc 11 \"/hardlink requires /nocompress\"");
}

static void check_hardlink_switch(const struct rule_ctx *ctx,
                                  struct rule_out *out)
{
    const struct loadcmd *lc = cmd(ctx);

    if (!hardlink_store(facts(ctx)) || (lc->hardlink && lc->nocompress))
        return;
    rule_emit(out, "the store is a hard-link store but the line lacks "
              "/hardlink /nocompress (Microsoft does not document "
              "loadstate's answer; MDT always adds both for such a store)");
}

static void check_hardlink_volume(const struct rule_ctx *ctx,
                                  struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);

    if (!hardlink_store(f) || !f->store_letter || !f->target_letter ||
        f->store_letter == f->target_letter)
        return;
    rule_emit(out, "hard-link store on %c: but the new Windows is on %c:: "
              "hard links cannot cross volumes; loadstate returned rc 38 "
              "\"An error occurred during store access\" in the documented "
              "case (KB 2269650)", f->store_letter, f->target_letter);
}

static void check_decrypt(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);

    if (!f->encrypted || cmd(ctx)->decrypt)
        return;
    rule_emit(out, "the capture encrypted the store but the line has no "
              "/decrypt: loadstate stops with rc 37 \"The store holds "
              "encrypted data but the correct encryption key was not "
              "provided\"");
}

static void check_decrypt_key(const struct rule_ctx *ctx,
                              struct rule_out *out)
{
    const struct loadcmd *lc = cmd(ctx);

    if (lc->decrypt && !lc->key && !lc->keyfile)
        rule_emit(out, "/decrypt without /key or /keyfile: loadstate stops "
                  "with rc 11 (scanstate's wording is \"/encrypt requires "
                  "/key or /keyfile\"; loadstate's is not documented)");
    else if (lc->key && lc->keyfile)
        rule_emit(out, "/key and /keyfile both given: rc 11 \"/key and "
                  "/keyfile both specified\"");
    else if (!lc->decrypt && (lc->key || lc->keyfile))
        rule_emit(out, "a key without /decrypt: rc 11 \"/key or /keyfile "
                  "used without enabling encryption\"");
}

static void check_wrong_key(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);

    if (!f->key_fingerprint || !f->given_fp[0] ||
        str_ieq(f->key_fingerprint, f->given_fp))
        return;
    rule_emit(out, "the key given has fingerprint %s, the capture's key "
              "has %s: loadstate stops with rc 37 \"The store holds "
              "encrypted data but the correct encryption key was not "
              "provided\"", f->given_fp, f->key_fingerprint);
}

static bool xml_in(const char *base, char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (str_ieq(base, winpath_base(list[i])))
            return true;
    }
    return false;
}

static void check_xml_set(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);
    const struct loadcmd *lc = cmd(ctx);

    for (size_t i = 0; i < f->n_capture_xml; i++) {
        const char *b = winpath_base(f->capture_xml[i]);

        if (!xml_in(b, lc->xml, lc->n_xml))
            rule_emit(out, "the capture used /i:%s but this line does not: "
                      "its data is still restored, its rerouting rules are "
                      "not applied", b);
    }
    for (size_t i = 0; i < lc->n_xml; i++) {
        const char *b = winpath_base(lc->xml[i]);

        if (!xml_in(b, f->capture_xml, f->n_capture_xml))
            rule_emit(out, "/i:%s was not part of the capture: the store "
                      "holds nothing it would gather", b);
    }
}

static bool renamed(const struct restore_facts *f)
{
    return f->source_computer && f->target_computer &&
           !str_ieq(f->source_computer, f->target_computer);
}

static void check_renamed(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);

    if (!renamed(f))
        return;
    for (size_t i = 0; i < f->n_users; i++) {
        const struct restore_user *u = &f->users[i];

        if (!is_kind(u, "local") || mu_maps(cmd(ctx), u))
            continue;
        struct finding *fd =
            rule_emit(out, "local account '%s' was captured on %s, the new "
                      "PC is %s and no /mu maps it: loadstate returns rc 71 "
                      "with Windows error 2202", u->name,
                      f->source_computer, f->target_computer);

        finding_set_fix(fd, "add /mu:%s\\%s:%s\\%s", f->source_computer,
                        u->name, f->target_computer, u->name);
    }
}

static void check_lac(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);

    if (cmd(ctx)->lac)
        return;
    for (size_t i = 0; i < f->n_users; i++) {
        if (!is_kind(&f->users[i], "local") &&
            !is_kind(&f->users[i], "msa"))
            continue;
        rule_emit(out, "the store holds local account '%s' and the line "
                  "has no /lac: if it does not exist on the new PC "
                  "loadstate stops with rc 14 \"Unable to create a local "
                  "account because /lac was not specified\"",
                  f->users[i].name);
    }
}

/*
 * Entra ID: Microsoft lists Entra-joined devices as unsupported by USMT
 * (reference §9); the one published recipe maps the user with /mu to
 * AzureAD\\user@domain before the first sign-in on the new PC, and the
 * same report saw another domain fail with Windows error 1332 (anchors
 * pain point 9, Migrate-WindowsUserProfile issue #56).
 */
static void check_entra(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);

    for (size_t i = 0; i < f->n_users; i++) {
        const struct restore_user *u = &f->users[i];
        char nw[512];

        if (is_kind(u, "entra")) {
            if (!loadcmd_mu_new(cmd(ctx), u->name, u->sid, nw, sizeof(nw)))
                rule_emit(out, "'%s' is a Microsoft Entra ID account and no "
                          "/mu maps it: the one published recipe maps it to "
                          "AzureAD\\%s before the user's first sign-in on "
                          "the new PC (unsupported: Microsoft lists "
                          "Entra-joined devices as not supported by USMT)",
                          u->name, u->name);
            else if (!loadcmd_is_azuread(nw))
                rule_emit(out, "'%s' is a Microsoft Entra ID account mapped "
                          "to '%s': another domain than AzureAD\\ failed "
                          "with Windows error 1332 \"No mapping between "
                          "account names and security IDs was done\"",
                          u->name, nw);
        } else if (is_kind(u, "msa") && !mu_maps(cmd(ctx), u)) {
            rule_emit(out, "'%s' is a local account signed in with a "
                      "Microsoft account and no /mu maps it: it lands in a "
                      "local account of the same name (Microsoft documents "
                      "no mapping for Microsoft accounts)", u->name);
        }
    }
}

/*
 * /md:OLD:NEW whose OLD is the domain of no stored user.  LoadState syntax
 * documents /md and rc 11 for a mapping it cannot read; it is silent on a
 * well-formed /md that matches nobody.  Such a line most likely has the
 * old domain mistyped, and the users it was meant for land in their old
 * domain: a warning, decided over the stored users' domains in the
 * capture report.
 */
static void check_md_no_user(const struct rule_ctx *ctx,
                             struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);
    const struct loadcmd *lc = cmd(ctx);

    for (size_t m = 0; m < lc->n_md; m++) {
        char old[512], nw[512];
        bool hit = false;
        struct strbuf doms = STRBUF_INIT;

        if (!loadcmd_split_map(lc->md[m], old, nw, sizeof(old)))
            continue;
        for (size_t i = 0; i < f->n_users; i++) {
            const char *d = f->users[i].domain;

            if (!d)
                continue;
            size_t j = 0;

            if (str_wildmatch(old, d))
                hit = true;
            while (j < i && !(f->users[j].domain &&
                              str_ieq(f->users[j].domain, d)))
                j++;
            if (j == i)
                strbuf_addf(&doms, "%s%s", doms.len ? ", " : "", d);
        }
        if (!hit)
            rule_emit(out, "/md:%s moves no stored user: no stored user is "
                      "in domain '%s' (%s%s)", lc->md[m], old,
                      doms.len ? "the store's domains: " : "the store "
                      "holds no domain user", doms.len ? doms.buf : "");
        strbuf_release(&doms);
    }
}

/* loadstate's temporary files: the 250 MB rc 29 asks for (§4.1) */
#define RESTORE_TEMP_BYTES (250ull * 1024 * 1024)

/*
 * Free space on the new PC's system drive against what loadstate writes
 * there.  The reference is silent on the apply side's needs; the estimate
 * (restore_bytes) says what it rests on.  An error: less free space than
 * the estimate.  A warning (the finding's severity lowered): less than
 * the estimate, a tenth more and the 250 MB USMT documents for its
 * temporary files (rc 29).  A hard-link store writes links, not copies:
 * nothing to check.
 */
static void check_target_space(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);
    uint64_t need = f->restore_bytes;
    char fr[32], nd[32];
    char drive = f->target_letter ? f->target_letter : 'C';

    if (hardlink_store(f))
        return;
    str_human_size(f->target_free, fr, sizeof(fr));
    str_human_size(need, nd, sizeof(nd));
    if (f->target_free < need) {
        rule_emit(out, "the new PC's %c: has %s free and the restore writes "
                  "about %s (estimated from %s): loadstate would stop with "
                  "rc 72 \"Out of disk space\"", drive, fr, nd,
                  f->restore_bytes_basis);
    } else if (f->target_free < need + need / 10 + RESTORE_TEMP_BYTES) {
        struct finding *fd = rule_emit(out, "the new PC's %c: has %s free "
                                       "and the restore writes about %s "
                                       "(estimated from %s): little room "
                                       "is left for loadstate's temporary "
                                       "files (250 MB) and the estimate's "
                                       "error", drive, fr, nd,
                                       f->restore_bytes_basis);

        if (fd)
            fd->severity = RULE_WARNING;
    }
}

static void check_arch(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);

    if (f->source_bits == 64 && f->target_bits == 32)
        rule_emit(out, "a store captured on 64-bit Windows onto 32-bit "
                  "Windows: refused (\"Unsupported Platform Architecture: "
                  "Applying a store from 64-bit system on a 32-bit system "
                  "is not supported\"; the return code is not documented)");
}

static void check_target_older(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);

    if (f->source_build && f->target_build &&
        f->target_build < f->source_build)
        rule_emit(out, "the new Windows (build %u) is older than the one "
                  "captured (build %u): USMT migrates only to an equal or "
                  "newer Windows", f->target_build, f->source_build);
}

/* First build of Windows 10; first of Vista; last of 7; last of 8.1. */
#define WIN10_FIRST_BUILD 10240u
#define VISTA_FIRST_BUILD 6000u
#define WIN7_LAST_BUILD 7601u
#define WIN8_LAST_BUILD 9600u

/*
 * LoadState targets by USMT generation (reference §9): USMT 10 (2024
 * docs) Windows 10 and 11; USMT 5 Vista, 7, 8 (8.1 inferred: the ADK for
 * 8.1 ships USMT 6.3); USMT 4 Vista, 7.  An unknown loadstate version is
 * taken as USMT 10.
 */
static bool target_supported(const struct restore_facts *f, int *gen)
{
    unsigned b = f->target_build;

    *gen = 10;
    if (f->loadstate_ver_known && f->loadstate_ver[0] < 10)
        *gen = f->loadstate_ver[0] == 6 && f->loadstate_ver[1] >= 2 ? 5 : 4;
    if (*gen == 10)
        return b >= WIN10_FIRST_BUILD;
    if (*gen == 5)
        return b >= VISTA_FIRST_BUILD && b <= WIN8_LAST_BUILD;
    return b >= VISTA_FIRST_BUILD && b <= WIN7_LAST_BUILD;
}

static void check_target_supported(const struct rule_ctx *ctx,
                                   struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);
    int gen;

    if (f->target_server)
        rule_emit(out, "the new PC runs Windows Server: USMT does not "
                  "support server operating systems");
    else if (f->target_build && !target_supported(f, &gen))
        rule_emit(out, "the new Windows (build %u) is not a LoadState "
                  "target of USMT %d (%s)", f->target_build, gen,
                  gen == 10 ? "Windows 10 and 11"
                  : gen == 5 ? "Windows Vista, 7, 8 and 8.1"
                             : "Windows Vista and 7");
}

static void check_usmt_older(const struct rule_ctx *ctx,
                             struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);

    if (ver_cmp(f->loadstate_ver, f->capture_ver) >= 0)
        return;
    rule_emit(out, "loadstate %u.%u.%u.%u is older than the scanstate "
              "%u.%u.%u.%u that captured: a store from a newer USMT may be "
              "refused with rc 27 \"The store path holds a store "
              "incompatible with the current USMT version\" (inferred, not "
              "documented for this case)", f->loadstate_ver[0],
              f->loadstate_ver[1], f->loadstate_ver[2], f->loadstate_ver[3],
              f->capture_ver[0], f->capture_ver[1], f->capture_ver[2],
              f->capture_ver[3]);
}

static void check_elevated(const struct rule_ctx *ctx, struct rule_out *out)
{
    /* /q: "You need to be a local or domain administrator to run
     * LoadState unless you specify the /q option" (LoadState syntax) */
    if (facts(ctx)->elevated != 0 || cmd(ctx)->q)
        return;
    rule_emit(out, "not elevated: loadstate needs administrator rights and "
              "stops with rc 34 \"No rights to create user profiles; log "
              "in as Administrator; run with elevated privileges\" or rc 71 "
              "\"Unable to start. Make sure you are running USMT with "
              "elevated privileges\"");
}

/* The capture never finished: its store is partial (report.h: killed,
 * cancelled, failed, not-started). */
static bool capture_broken(const char *result)
{
    static const char *const words[] = { "killed", "cancelled", "failed",
                                         "not-started" };

    for (size_t i = 0; result && i < sizeof(words) / sizeof(words[0]); i++) {
        if (!strcmp(result, words[i]))
            return true;
    }
    return false;
}

static void check_capture_broken(const struct rule_ctx *ctx,
                                 struct rule_out *out)
{
    const char *res = facts(ctx)->capture_result;

    if (capture_broken(res))
        rule_emit(out, "the capture of this store ended as '%s': the store "
                  "is partial and loadstate would restore only part of it, "
                  "or stop with rc 27 or 42", res);
}

static void check_capture_incomplete(const struct rule_ctx *ctx,
                                     struct rule_out *out)
{
    const struct restore_facts *f = facts(ctx);

    if (f->capture_result && !strcmp(f->capture_result, "incomplete"))
        rule_emit(out, "the capture of this store is incomplete: a user "
                  "selected on %s is not in the store (its report names "
                  "who and why); their data is still on the old disk",
                  f->source_computer ? f->source_computer : "the old PC");
}

/* ---- the table ---------------------------------------------------------- */

/* Restore rules concern no capture screen: RF_RESTORE only. */
#define F RF_RESTORE
#define SYN RF_RESTORE  /* a fact of the line alone */
#define DOC_LS "LoadState syntax; USMT return codes"

static const struct rule table[] = {
    { "restore-in-winpe", RULE_ERROR, F, RN_RESTORE | RN_TARGET,
      "loadstate runs in Windows PE (rc 36)",
      "run loadstate in the new, running Windows, not in Windows PE",
      "§3.7 LoadState, §11 q6", "Offline migration reference; USMT return "
      "codes", check_winpe, NULL },
    { "restore-offline-switch", RULE_ERROR, SYN, RN_RESTORE,
      "an offline switch on a loadstate line (rc 36)",
      "remove /offline, /offlineWinDir and /offlineWinOld",
      "§4.1 rc 36, §8", DOC_LS, check_offline, NULL },
    { "restore-no-store", RULE_ERROR, SYN, RN_RESTORE,
      "no store path on the loadstate line (rc 11)",
      "give the store folder as the first argument", "§4.1 rc 11", DOC_LS,
      check_store, NULL },
    { "restore-store-not-found", RULE_ERROR, F, RN_RESTORE | RN_STORE_SEEN,
      "the store folder is missing or holds no store (rc 11 or 27)",
      "give the folder that holds USMT\\ (the path the capture wrote)",
      "§4.1 rc 11, rc 27, §5.1 real example 1", DOC_LS, check_store_found,
      NULL },
    { "restore-capture-broken", RULE_ERROR, F, RN_RESTORE | RN_REPORT,
      "the capture of the store was killed, cancelled or failed",
      "capture the old PC again; never restore a partial store",
      "§4.1 rc 27, rc 42", "USMT return codes; report-xml.md result",
      check_capture_broken, NULL },
    { "restore-capture-incomplete", RULE_WARNING, F, RN_RESTORE | RN_REPORT,
      "a user selected at capture time is not in the store",
      "read the capture report's Users; capture the missing user from the "
      "old disk before it is wiped",
      "§4.1 rc 0", "report-xml.md result", check_capture_incomplete, NULL },
    { "restore-bad-switch", RULE_ERROR, SYN, RN_RESTORE,
      "an unknown or repeated loadstate switch (rc 11)",
      "remove the switch (see LoadState syntax)", "§2.1, §4.1 rc 11",
      DOC_LS, check_syntax, NULL },
    { "restore-lae-without-lac", RULE_ERROR, SYN, RN_RESTORE,
      "/lae without /lac (rc 11)",
      "add /lac (the password from a file or a prompt) or drop /lae",
      "§2.2 LoadState-only, §4.1 rc 11", DOC_LS, check_lae, NULL },
    { "restore-lac-password-visible", RULE_WARNING, SYN, RN_RESTORE,
      "/lac:password typed on the command line",
      "give /lac without a password (accounts are created disabled): "
      "usmtwiz restore sets it and enables them after loadstate "
      "(--lac-password-file, or typed twice in the dialogue)",
      "§2.2 LoadState-only", "LoadState syntax", check_lac_password, NULL },
    { "restore-hardlink-nocompress", RULE_ERROR, SYN, RN_RESTORE,
      "/hardlink without /nocompress (rc 11)", "add /nocompress",
      "§4.1 rc 11, §7.4", DOC_LS, check_hardlink_nocompress, NULL },
    { "restore-hardlink-switches", RULE_WARNING, F,
      RN_RESTORE | RN_REPORT, "a hard-link store restored without /hardlink "
      "/nocompress", "add /hardlink /nocompress", "§3.8 step 9, §7.4",
      "Hard-link migration store; MDT ZTIUserState.wsf",
      check_hardlink_switch, NULL },
    { "restore-hardlink-volume", RULE_ERROR, F,
      RN_RESTORE | RN_REPORT | RN_TARGET,
      "a hard-link store on another volume than the new Windows (rc 38)",
      "restore on the PC and volume the store was made on, or capture again "
      "to a compressed store", "§4.1 rc 38, §7.4",
      "Hard-link migration store; KB 2269650", check_hardlink_volume, NULL },
    { "restore-decrypt-missing", RULE_ERROR, F,
      RN_RESTORE | RN_REPORT,
      "an encrypted store restored without /decrypt (rc 37)",
      "add /decrypt with the capture's algorithm and /keyfile",
      "§2.2 /encrypt, §4.1 rc 37", DOC_LS, check_decrypt, NULL },
    { "restore-decrypt-key", RULE_ERROR, SYN, RN_RESTORE,
      "/decrypt and /key or /keyfile do not go together (rc 11)",
      "give /decrypt with exactly one of /key or /keyfile", "§4.1 rc 11",
      DOC_LS, check_decrypt_key, NULL },
    { "restore-wrong-key", RULE_ERROR, F,
      RN_RESTORE | RN_REPORT | RN_KEY,
      "the key is not the capture's key (rc 37)",
      "use the key the capture used (its report holds its fingerprint)",
      "§4.1 rc 37", "USMT return codes; report-xml.md keyFingerprint",
      check_wrong_key, NULL },
    { "restore-xml-set", RULE_WARNING, F, RN_RESTORE | RN_REPORT,
      "the /i set differs from the capture's",
      "pass the same /i files the capture used", "§2.2 /i, §6.2",
      "ScanState syntax /i; Understanding migration XML files",
      check_xml_set, NULL },
    { "restore-renamed-pc", RULE_ERROR, F,
      RN_RESTORE | RN_REPORT | RN_TARGET,
      "a local account of a renamed PC without /mu (rc 71, error 2202)",
      "add /mu:OLDPC\\user:NEWPC\\user for each local account",
      "§3.7 Computer rename, §8", "Common issues (USMT)", check_renamed,
      NULL },
    { "restore-local-needs-lac", RULE_WARNING, F,
      RN_RESTORE | RN_REPORT,
      "local accounts in the store and no /lac (rc 14)",
      "add /lac (and /lae to enable the accounts), or create the accounts "
      "first", "§2.2 LoadState-only, §4.1 rc 14", DOC_LS, check_lac, NULL },
    { "restore-entra-mapping", RULE_WARNING, F,
      RN_RESTORE | RN_REPORT,
      "a Microsoft Entra or Microsoft account without a /mu mapping to "
      "AzureAD\\ (Windows error 1332)",
      "add /mu:OLD\\user:AzureAD\\user@domain and restore before the "
      "user's first sign-in on the new PC (the one published recipe; "
      "Entra-joined devices are unsupported by USMT: try one PC first)",
      "§9; anchors pain point 9",
      "USMT requirements (Entra-joined unsupported); "
      "Migrate-WindowsUserProfile issue #56",
      check_entra, NULL },
    { "restore-md-no-user", RULE_WARNING, F, RN_RESTORE | RN_REPORT,
      "a /md whose old domain is the domain of no stored user",
      "type the old domain as the capture report names it (Accounts shows "
      "each stored user's domain), or drop the /md",
      "§2.2 LoadState-only (reference silent on a /md matching nobody)",
      "LoadState syntax /md", check_md_no_user, NULL },
    { "restore-target-space", RULE_ERROR, F, RN_RESTORE | RN_REPORT,
      "less free space on the new PC's system drive than the restore "
      "writes (rc 72); a warning when it is nearly too little",
      "free space on the new PC's system drive (or restore onto a PC with "
      "a larger one)",
      "§4.1 rc 29, rc 72 (reference silent on the apply side's needs)",
      "USMT return codes rc 29, rc 72", check_target_space, NULL },
    { "restore-arch-64-to-32", RULE_ERROR, F,
      RN_RESTORE | RN_REPORT | RN_TARGET,
      "a 64-bit store onto 32-bit Windows",
      "restore onto 64-bit Windows", "§9", "USMT requirements",
      check_arch, NULL },
    { "restore-target-older", RULE_ERROR, F,
      RN_RESTORE | RN_REPORT | RN_TARGET,
      "the new Windows is older than the captured one",
      "restore onto the same or a newer Windows", "§9",
      "USMT requirements", check_target_older, NULL },
    { "restore-target-unsupported", RULE_ERROR, F,
      RN_RESTORE | RN_TARGET,
      "the new Windows is not a target of this USMT (server, or outside "
      "its Windows versions)",
      "restore onto a client Windows this USMT supports (USMT 10: Windows "
      "10 or 11), or use the USMT made for it", "§9", "USMT requirements",
      check_target_supported, NULL },
    { "restore-usmt-older", RULE_WARNING, F,
      RN_RESTORE | RN_VERSIONS,
      "loadstate is older than the scanstate that captured (rc 27)",
      "run loadstate from the same USMT build that captured", "§9 (INFER)",
      "USMT return codes rc 27", check_usmt_older, NULL },
    { "restore-not-elevated", RULE_ERROR, F,
      RN_RESTORE | RN_ELEVATION, "loadstate not elevated (rc 34 or 71)",
      "run from an elevated prompt (Run as administrator); /q runs without "
      "administrator rights but restores far less",
      "§2.1, §4.1 rc 34, rc 71", "USMT requirements; USMT return codes",
      check_elevated, NULL },
};

#undef F
#undef SYN

const struct rule *rules_restore_table(size_t *n)
{
    *n = sizeof(table) / sizeof(table[0]);
    return table;
}

static const struct loadcmd *cmd_of(const struct rule_ctx *ctx)
{
    return ctx->restore ? ctx->restore->cmd : NULL;
}

const char *rules_restore_missing(const struct rule *r,
                                  const struct rule_ctx *ctx)
{
    const struct restore_facts *f =
        ctx->restore ? ctx->restore->facts : NULL;

    if (!ctx->restore || !ctx->restore->cmd)
        return "there is no loadstate line";
    if (!f)
        return "nothing is known about the store or the new PC";
    if ((r->needs & RN_STORE_SEEN) && (f->store_state < 0 || !cmd_of(ctx)))
        return "the store folder was not looked at";
    if ((r->needs & RN_REPORT) && !f->report_known)
        return "the store's usmtwiz report was not read";
    if ((r->needs & RN_TARGET) && r->check == check_winpe && f->winpe < 0)
        return "where loadstate runs is not known";
    if ((r->needs & RN_TARGET) && r->check != check_winpe &&
        !f->target_build && !f->target_bits && !f->target_computer &&
        !f->target_letter && !f->target_server)
        return "the new PC's Windows was not read";
    if (r->check == check_target_space && !f->target_free_known)
        return "the free space of the new PC's system drive is not known";
    if (r->check == check_target_space && !f->restore_bytes &&
        !hardlink_store(f))
        return "the capture report says nothing of the data's size";
    if ((r->needs & RN_KEY) && f->encrypted && !f->key_fingerprint)
        return "the capture report holds no key fingerprint (a capture "
               "by an older usmtwiz, or its key file could not be read)";
    if ((r->needs & RN_KEY) && !f->given_fp[0] && !ctx->restore->cmd->key &&
        !ctx->restore->cmd->keyfile)
        return "no key was given";
    if ((r->needs & RN_KEY) && !f->given_fp[0])
        return "the key file could not be read";
    if ((r->needs & RN_VERSIONS) &&
        (!f->loadstate_ver_known || !f->capture_ver_known))
        return "the USMT versions of capture and restore are not both known";
    if ((r->needs & RN_ELEVATION) && f->elevated < 0)
        return "whether loadstate runs elevated is not known";
    return NULL;
}

/* ---- explanations (for --explain and the screens' help) ------------------ */

static const struct {
    const char *id;
    const char *text;
} explanations[] = {
    { "restore-in-winpe",
      "LoadState writes user profiles, accounts and settings into a running "
      "Windows: there is no offline apply, and MDT and every documented "
      "procedure restore in the new full OS. Microsoft does not document "
      "which message loadstate prints in Windows PE; rc 36 "
      "(USMT_ERROR_UNSUPPORTED_PLATFORM) is the code of its platform checks, "
      "so that is what usmtwiz expects, and the message is marked as not "
      "documented." },
    { "restore-offline-switch",
      "The offline switches belong to ScanState only. Given to LoadState "
      "they stop it at once with rc 36 and the documented message \"Use of "
      "/offline is not supported during apply\", before anything is "
      "restored." },
    { "restore-no-store",
      "The store folder is LoadState's one positional argument, the same "
      "path ScanState wrote to (the folder that holds USMT\\). Without it "
      "LoadState stops with rc 11 \"The store parameter is required but not "
      "specified\"." },
    { "restore-store-not-found",
      "LoadState reads the store from the folder named first on its line, "
      "the one ScanState wrote (it holds USMT\\). A folder that does not "
      "exist was refused in a real run with rc 11 \"Settings store argument "
      "specified is invalid\" (gle 2, file not found); a folder without a "
      "store gets rc 27 \"A store path is missing or has incomplete "
      "data\"." },
    { "restore-capture-broken",
      "The capture report beside the store says how the capture ended. "
      "Killed, cancelled or failed means ScanState stopped before it "
      "finished the store: part of the files and the catalog may be "
      "missing. LoadState on such a store restores only part of it or "
      "stops with rc 27 (incomplete data) or 42 (corrupted store). The "
      "reference gives no safe way to finish a partial store: capture "
      "again while the old disk is still there." },
    { "restore-capture-incomplete",
      "ScanState may succeed (rc 0) while a selected user is not in the "
      "store: a temporary profile skipped with MIG_FAIL_ON_PROFILE_ERROR=0, "
      "an orphaned profile skipped with error 0x534. usmtwiz checks each "
      "user after the capture and writes 'incomplete' in the report. The "
      "restore of the others is sound; the missing user's data is only on "
      "the old disk, so capture it before the disk is wiped." },
    { "restore-bad-switch",
      "LoadState accepts its own switch set (LoadState syntax): store, /i, "
      "/config, /decrypt with /key or /keyfile, /hardlink /nocompress, /lac "
      "/lae, /mu, /md, /ui, /ue, /all, /c, /v, /l, /progress, /r, /w, /sf, "
      "/q. Any other switch, or a single-use one given twice, stops it with "
      "rc 11 before anything is restored." },
    { "restore-lae-without-lac",
      "/lae enables the local accounts that /lac creates; alone it means "
      "nothing, and LoadState refuses the line with rc 11 \"/lae is only "
      "used with /lac\". Give /lac too, or drop /lae." },
    { "restore-lac-password-visible",
      "/lac:password sets the password of every local account LoadState "
      "creates. Typed on the line it is visible in the process list, in "
      "loadstate.log's \"Command line:\" record and in the progress log's "
      "program record, so usmtwiz never puts it in argv itself and warns "
      "when a line does. usmtwiz restore gives loadstate /lac alone (the "
      "accounts are created disabled) and, when the technician gives a "
      "password (--lac-password-file, or typed twice, masked, in the "
      "dialogue), sets it on each restored local account after loadstate "
      "succeeded and enables the account (Windows: NetUserSetInfo); the "
      "password is held in locked memory and written nowhere." },
    { "restore-hardlink-nocompress",
      "A hard-link store is an uncompressed store whose files are hard "
      "links, so LoadState needs both switches: /hardlink without "
      "/nocompress is refused with rc 11 \"/hardlink requires "
      "/nocompress\"." },
    { "restore-hardlink-switches",
      "A store whose USMT folder holds hardlink.main (or whose capture "
      "report says hardlink) was made with /hardlink /nocompress, and the "
      "restore must say so as well; MDT adds both switches whenever it finds "
      "hardlink.main. Microsoft does not document what LoadState does "
      "without them, so this is a warning." },
    { "restore-hardlink-volume",
      "Hard links exist only within one volume: a hard-link store is for a "
      "refresh of the same PC on the same volume. In the documented case "
      "(KB 2269650) a hard-link store on D: with the profiles on C: was "
      "captured fine and LoadState /hardlink /nocompress returned rc 38 "
      "\"An error occurred during store access\"." },
    { "restore-decrypt-missing",
      "The capture report shows /encrypt on the capture's command line (and "
      "a key fingerprint when the key was typed), so the store is "
      "encrypted. LoadState can only read it with /decrypt (the "
      "same algorithm) and the same key; otherwise it stops with rc 37 "
      "\"The store holds encrypted data but the correct encryption key was "
      "not provided\"." },
    { "restore-decrypt-key",
      "/decrypt needs exactly one of /key or /keyfile, and a key needs "
      "/decrypt: LoadState refuses other combinations with rc 11. The "
      "ScanState messages for the same mistakes are documented; LoadState's "
      "exact wording is not, so the message says so." },
    { "restore-wrong-key",
      "usmtwiz never stores a key, only a short fingerprint of it (SHA-256 "
      "over a fixed prefix and the key) in the capture report. The key on "
      "the line is fingerprinted the same way: when the two differ, "
      "LoadState cannot decrypt the store and stops with rc 37." },
    { "restore-xml-set",
      "Migration XML files are not kept in the store: LoadState must be "
      "given the same /i set as ScanState. An XML left out still has its "
      "data restored, but its rerouting rules (locationModify) are not "
      "applied, so files can land in the wrong place." },
    { "restore-renamed-pc",
      "A local account is stored as COMPUTER\\user. When the new PC (or the "
      "refreshed one) has another name, LoadState cannot find the account "
      "and fails with rc 71 and Windows error 2202 (Common issues); "
      "/mu:OLDPC\\user:NEWPC\\user maps each one to the new name." },
    { "restore-local-needs-lac",
      "LoadState restores a local account's profile only into an account "
      "that exists on the new PC, unless /lac lets it create the account "
      "(disabled, unless /lae). \"Identify users\" says such accounts are "
      "then not migrated; the return-code table lists rc 14 \"Unable to "
      "create a local account because /lac was not specified\" for the "
      "same case, and a real run failed that way (Migrate-WindowsUserProfile "
      "issue #1). Whether the account already exists on the new PC is not "
      "known from the store, so this is a warning." },
    { "restore-entra-mapping",
      "Microsoft lists Microsoft Entra-joined devices as not supported by "
      "USMT (USMT requirements; hybrid-joined untested) and documents no "
      "account form for them, so this path is unsupported: try it on one "
      "PC first. The one published recipe (a user report, "
      "nickrod518/Migrate-WindowsUserProfile issue #56) maps the stored "
      "user with /mu to AzureAD\\user@domain and runs loadstate before the "
      "user's first sign-in on the new PC; the same report saw DOMAIN\\user "
      "fail with Windows error 1332 \"No mapping between account names and "
      "security IDs was done\". usmtwiz follows that recipe: the capture "
      "writes the /mu into the loadstate line, and the restore proposes it. "
      "No source we know documents signing in first. A local account "
      "signed in with a Microsoft account has no recipe at all: without "
      "/mu it lands in a local account of the same name." },
    { "restore-arch-64-to-32",
      "USMT moves a 32-bit store onto 64-bit Windows but never the reverse: "
      "LoadState refuses with \"Unsupported Platform Architecture: Applying "
      "a store from 64-bit system on a 32-bit system is not supported\" "
      "(message read from the binary; its return code is not "
      "documented)." },
    { "restore-target-older",
      "USMT migrates only to an equal or newer Windows (USMT requirements). "
      "The captured Windows build comes from the capture report, the new "
      "one from the target's registry; a newer source than target is "
      "refused." },
    { "restore-target-unsupported",
      "The 2024 USMT requirements list Windows 10 and 11 as the only "
      "LoadState targets of USMT 10 (older docs: USMT 5 Vista, 7 and 8; "
      "USMT 4 Vista and 7), and no Windows Server; loadstate's version "
      "comes from the USMT folder, USMT 10 when unknown. Restoring to "
      "an out-of-support Windows is not allowed, even though gathering from "
      "one is." },
    { "restore-usmt-older",
      "The capture and the restore should use the same USMT build. A store "
      "written by a newer USMT may be refused by an older LoadState with "
      "rc 27 \"The store path holds a store incompatible with the current "
      "USMT version\"; this is inferred, Microsoft does not document it for "
      "this case." },
    { "restore-md-no-user",
      "/md:OldDomain:NewDomain moves every stored user of OldDomain into "
      "NewDomain (LoadState syntax). The reference lists rc 11 \"The "
      "source-to-target domain mapping is invalid for /md\" for a mapping "
      "LoadState cannot read, and is silent on a well-formed one that "
      "matches no stored user: LoadState then has nothing to move, and the "
      "users the move was meant for keep their old domain. usmtwiz compares "
      "OldDomain (with * and ? wildcards) with the domain of each stored "
      "user in the capture report." },
    { "restore-target-space",
      "LoadState copies every stored file onto the new PC's system drive "
      "(a hard-link store only links them). The reference is silent on how "
      "much room the apply side needs; it lists rc 72 \"Out of disk space "
      "while writing the store\" and \"Out of temporary disk space on the "
      "local system\" for running out. usmtwiz estimates the data from the "
      "capture report: the amount scanstate transferred "
      "(totalSizeInMBToTransfer of its progress log), else the captured "
      "users' profile sizes, else the store's size (low for a compressed "
      "store, which expands). Less free space than that is an error; less "
      "than the estimate, a tenth more and the 250 MB of temporary files "
      "USMT documents (rc 29 \"A minimum of 250 MB of free space is "
      "required for temporary files\") is a warning." },
    { "restore-not-elevated",
      "LoadState creates profiles and accounts and needs administrator "
      "rights (SeBackup, SeRestore, SeTakeOwnership...); only /q lets it "
      "run without them (LoadState syntax). Not elevated it stops with "
      "rc 34 \"No rights to create user profiles...\" or rc 71 "
      "\"Unable to start. Make sure you are running USMT with elevated "
      "privileges\"." },
};

const char *rules_restore_explanation(const char *id)
{
    for (size_t i = 0; i < sizeof(explanations) / sizeof(explanations[0]);
         i++) {
        if (!strcmp(explanations[i].id, id))
            return explanations[i].text;
    }
    return NULL;
}

bool rules_restore_explanation_at(size_t i, const char **id,
                                  const char **text)
{
    if (i >= sizeof(explanations) / sizeof(explanations[0]))
        return false;
    *id = explanations[i].id;
    *text = explanations[i].text;
    return true;
}

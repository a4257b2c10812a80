/*
 * Rules about the switches themselves: every pairwise rule of §2.4, the
 * syntax of values (/v /r /w /uel /efs /encrypt), repeated, unknown and
 * LoadState-only switches, arguments over 256 characters, EFS, /c and the
 * encryption key.  Reference §2.1-§2.4, §4.1.
 */
#include "rules_impl.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/xalloc.h"
#include "core/plan/cmdline.h"
#include "core/offline/winos.h"

#define ARG_MAX_CHARS 256

/* Did the user type these two (or build them)? */
static bool both(const struct plan *p, enum plan_sw a, enum plan_sw b)
{
    return rp_has(p, a) && rp_has(p, b);
}

static void pair_conflict(const struct rule_ctx *ctx, struct rule_out *out,
                          enum plan_sw a, enum plan_sw b, const char *said)
{
    if (!both(ctx->plan, a, b))
        return;
    rule_emit(out, "%s cannot be combined with %s: scanstate stops with "
              "rc 11 \"%s\"", rp_name(a), rp_name(b), said);
}

static void pair_requires(const struct rule_ctx *ctx, struct rule_out *out,
                          enum plan_sw a, enum plan_sw b, const char *said)
{
    if (!rp_has(ctx->plan, a) || rp_has(ctx->plan, b))
        return;
    rule_emit(out, "%s needs %s: scanstate stops with rc 11 \"%s\"",
              rp_name(a), rp_name(b), said);
}

static int fix_add_nocompress(struct plan *plan, const struct finding *f,
                              struct wiz_err *err)
{
    (void)f;
    (void)err;
    if (plan->store_kind == PLAN_STORE_COMPRESSED)
        plan->store_kind = PLAN_STORE_UNCOMPRESSED;
    if (plan->n_switches && !plan_count_switch(plan, PLAN_SW_NOCOMPRESS))
        plan_add_switch(plan, PLAN_SW_NOCOMPRESS, "/nocompress",
                        "nocompress", NULL, false, -1);
    return 0;
}

static void check_hardlink_nocompress(const struct rule_ctx *ctx,
                                      struct rule_out *out)
{
    pair_requires(ctx, out, PLAN_SW_HARDLINK, PLAN_SW_NOCOMPRESS,
                  "/hardlink requires /nocompress");
}

static void check_hardlink_vsc(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const struct plan_switch *s = rp_find(ctx->plan, PLAN_SW_VSC);

    if (s && s->value && str_ieq(s->value, "OFF"))
        return;
    pair_conflict(ctx, out, PLAN_SW_HARDLINK, PLAN_SW_VSC,
                  "Volume shadow copy feature is not supported with a "
                  "hardlink store");
}

static void check_hardlink_ppkg(const struct rule_ctx *ctx,
                                struct rule_out *out)
{
    pair_conflict(ctx, out, PLAN_SW_HARDLINK, PLAN_SW_PPKG,
                  "/ppkg cannot be used with /hardlink");
}

static void check_hardlink_encrypt(const struct rule_ctx *ctx,
                                   struct rule_out *out)
{
    pair_conflict(ctx, out, PLAN_SW_HARDLINK, PLAN_SW_ENCRYPT,
                  "/encrypt can't be used with /nocompress");
}

static void check_encrypt_key(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (!rp_has(p, PLAN_SW_ENCRYPT) || rp_has(p, PLAN_SW_KEY) ||
        rp_has(p, PLAN_SW_KEYFILE))
        return;
    rule_emit(out, "/encrypt needs /key or /keyfile: scanstate stops with "
              "rc 11 \"/encrypt requires /key or /keyfile\"");
}

static void check_key_keyfile(const struct rule_ctx *ctx, struct rule_out *out)
{
    pair_conflict(ctx, out, PLAN_SW_KEY, PLAN_SW_KEYFILE,
                  "/key and /keyfile both specified");
}

static void check_key_no_encrypt(const struct rule_ctx *ctx,
                                 struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (rp_has(p, PLAN_SW_ENCRYPT) ||
        (!rp_has(p, PLAN_SW_KEY) && !rp_has(p, PLAN_SW_KEYFILE)))
        return;
    rule_emit(out, "%s without /encrypt: scanstate stops with rc 11 \"/key "
              "or /keyfile used without enabling encryption\"",
              rp_has(p, PLAN_SW_KEY) ? "/key" : "/keyfile");
}

static void check_encrypt_nocompress(const struct rule_ctx *ctx,
                                     struct rule_out *out)
{
    if (rp_has(ctx->plan, PLAN_SW_HARDLINK))
        return; /* hardlink-encrypt says it */
    pair_conflict(ctx, out, PLAN_SW_ENCRYPT, PLAN_SW_NOCOMPRESS,
                  "/encrypt can't be used with /nocompress");
}

static void check_encrypt_ppkg(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    pair_conflict(ctx, out, PLAN_SW_ENCRYPT, PLAN_SW_PPKG,
                  "/encrypt can't be used with /nocompress or /ppkg");
}

static void check_encrypt_alg(const struct rule_ctx *ctx, struct rule_out *out)
{
    static const char *const algs[] = { "AES", "AES_128", "AES_192",
                                        "AES_256", "3DES", "3DES_112" };
    const char *alg = ctx->plan->encrypt_alg;

    if (!rp_has(ctx->plan, PLAN_SW_ENCRYPT) || !alg)
        return;
    for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
        if (str_ieq(alg, algs[i]))
            return;
    }
    rule_emit(out, "'/encrypt:%s': scanstate stops with rc 11 \"Specified "
              "encryption algorithm is not supported\"", alg);
}

static void check_efs_hardlink(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    if (ctx->plan->efs != PLAN_EFS_HARDLINK ||
        rp_has(ctx->plan, PLAN_SW_HARDLINK))
        return;
    rule_emit(out, "/efs:hardlink needs /hardlink: scanstate stops with "
              "rc 11 \"The /efs:hardlink requires /hardlink\"");
}

static void check_efs_invalid(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan_switch *s = rp_find(ctx->plan, PLAN_SW_EFS);

    if (ctx->plan->efs != PLAN_EFS_INVALID)
        return;
    rule_emit(out, "'%s': scanstate stops with rc 11 \"EFS parameter "
              "specified is not valid for /efs\"", s ? s->text : "/efs");
}

static int fix_efs(struct plan *plan, const struct finding *f,
                   struct wiz_err *err)
{
    (void)f;
    (void)err;
    plan->efs = PLAN_EFS_COPYRAW;
    for (size_t i = 0; i < plan->n_switches; i++) {
        struct plan_switch *s = &plan->switches[i];

        if (s->id != PLAN_SW_EFS)
            continue;
        free(s->value);
        free(s->text);
        s->value = xstrdup("copyraw");
        s->text = xstrdup("/efs:copyraw");
    }
    return 0;
}

static void check_efs_default(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (p->efs != PLAN_EFS_UNSET && p->efs != PLAN_EFS_ABORT)
        return;
    if (rp_has(p, PLAN_SW_GENCONFIG) || rp_has(p, PLAN_SW_GENMIGXML) ||
        rp_has(p, PLAN_SW_P))
        return;     /* nothing is gathered */
    rule_emit(out, "%s: the first EFS-encrypted file stops the capture with "
              "rc 2 \"Gather was aborted because of an EFS file\"",
              p->efs == PLAN_EFS_ABORT ? "/efs:abort" : "no /efs option");
}

static int fix_add_c(struct plan *plan, const struct finding *f,
                     struct wiz_err *err)
{
    (void)f;
    (void)err;
    plan->continue_on_error = true;
    if (plan->n_switches && !plan_count_switch(plan, PLAN_SW_C))
        plan_add_switch(plan, PLAN_SW_C, "/c", "c", NULL, false, -1);
    return 0;
}

static void check_no_c(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (rp_has(p, PLAN_SW_C) || rp_has(p, PLAN_SW_GENCONFIG) ||
        rp_has(p, PLAN_SW_GENMIGXML) || rp_has(p, PLAN_SW_P))
        return;
    rule_emit(out, "no /c: a single file that cannot be read stops the "
              "capture with rc 61 \"Processing stopped due to an I/O "
              "error\"");
}

/* /genconfig and /genmigxml allow only a few companions. */
static void check_gen_combo(const struct rule_ctx *ctx, struct rule_out *out,
                            enum plan_sw gen, const enum plan_sw *ok,
                            size_t n_ok)
{
    const struct plan *p = ctx->plan;

    if (!rp_has(p, gen))
        return;
    for (enum plan_sw id = PLAN_SW_O; id < PLAN_SW_COUNT; id++) {
        bool allowed = id == gen;

        for (size_t i = 0; i < n_ok && !allowed; i++)
            allowed = ok[i] == id;
        if (allowed || !rp_has(p, id))
            continue;
        rule_emit(out, "%s cannot be used with %s: scanstate stops with "
                  "rc 11 \"%s can't be used with most other options\"",
                  rp_name(gen), rp_name(id), rp_name(gen));
    }
}

static void check_genconfig(const struct rule_ctx *ctx, struct rule_out *out)
{
    static const enum plan_sw ok[] = {
        PLAN_SW_I, PLAN_SW_O, PLAN_SW_V, PLAN_SW_L, PLAN_SW_TARGETWINDOWS7,
        PLAN_SW_TARGETWINDOWS8, PLAN_SW_APPS,
    };

    check_gen_combo(ctx, out, PLAN_SW_GENCONFIG, ok,
                    sizeof(ok) / sizeof(ok[0]));
}

static void check_genmigxml(const struct rule_ctx *ctx, struct rule_out *out)
{
    static const enum plan_sw ok[] = { PLAN_SW_V, PLAN_SW_L };

    check_gen_combo(ctx, out, PLAN_SW_GENMIGXML, ok,
                    sizeof(ok) / sizeof(ok[0]));
}

static void check_auto(const struct rule_ctx *ctx, struct rule_out *out)
{
    static const enum plan_sw bad[] = { PLAN_SW_ALL, PLAN_SW_UI, PLAN_SW_UE,
                                        PLAN_SW_V };

    if (!rp_has(ctx->plan, PLAN_SW_AUTO))
        return;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (rp_has(ctx->plan, bad[i]))
            rule_emit(out, "/auto cannot be used with %s: scanstate stops "
                      "with rc 11 (/auto selects all users and the highest "
                      "verbosity)", rp_name(bad[i]));
    }
}

static void check_listfiles_p(const struct rule_ctx *ctx, struct rule_out *out)
{
    pair_conflict(ctx, out, PLAN_SW_LISTFILES, PLAN_SW_P,
                  "/listfiles cannot be used with /p");
}

static void check_ppkg_p(const struct rule_ctx *ctx, struct rule_out *out)
{
    pair_conflict(ctx, out, PLAN_SW_PPKG, PLAN_SW_P,
                  "/ppkg cannot be used with /p");
}

static void check_ppkg_nocompress(const struct rule_ctx *ctx,
                                  struct rule_out *out)
{
    if (rp_has(ctx->plan, PLAN_SW_HARDLINK))
        return;
    pair_conflict(ctx, out, PLAN_SW_PPKG, PLAN_SW_NOCOMPRESS,
                  "/ppkg cannot be used with /nocompress");
}

static void check_p_bare(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (!rp_has(p, PLAN_SW_P) || p->estimate_path ||
        rp_has(p, PLAN_SW_NOCOMPRESS))
        return;
    rule_emit(out, "bare /p needs /nocompress: scanstate stops with rc 11 "
              "\"Use /nocompress, or provide an XML file path with "
              "/p\"pathtoafile\" to get a compressed store size estimate\"");
}

static void check_apps(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (!rp_has(p, PLAN_SW_APPS))
        return;
    if (rp_offline(p))
        rule_emit(out, "/apps in an offline migration: scanstate stops with "
                  "rc 11 \"/apps is not supported in offline mode\"");
    if (!rp_has(p, PLAN_SW_PPKG) && !rp_has(p, PLAN_SW_GENCONFIG))
        rule_emit(out, "/apps needs /ppkg: scanstate stops with rc 11 "
                  "\"/apps requires /ppkg or /genconfig\"");
    if (rp_has(p, PLAN_SW_TARGETWINDOWS7) || rp_has(p, PLAN_SW_TARGETWINDOWS8))
        rule_emit(out, "/apps with /targetWindows7 or /targetWindows8: "
                  "scanstate stops with rc 11 \"/apps cannot be used with "
                  "any /target switches\"");
}

static void check_drivers_diff(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    pair_requires(ctx, out, PLAN_SW_DRIVERS, PLAN_SW_PPKG,
                  "/drivers requires /ppkg");
    pair_requires(ctx, out, PLAN_SW_DIFF, PLAN_SW_APPS,
                  "/diff requires /apps");
}

static void check_target(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct winos *os = ctx->os;

    if (rp_has(ctx->plan, PLAN_SW_TARGETWINDOWS7) && os->family > 7)
        rule_emit(out, "/targetWindows7 with a Windows %d source: scanstate "
                  "stops with rc 11 \"The /targetWindows7 option is only "
                  "available for Windows XP, Windows Vista, and Windows 7\"",
                  os->family);
    if (rp_has(ctx->plan, PLAN_SW_TARGETWINDOWS8) && os->family > 8)
        rule_emit(out, "/targetWindows8 with a Windows %d source: scanstate "
                  "stops with rc 11", os->family);
}

/* ---- values ---------------------------------------------------------------- */

static bool whole_number(const char *s)
{
    if (!s || !*s)
        return false;
    for (const char *q = s; *q; q++) {
        if (*q < '0' || *q > '9')
            return false;
    }
    return true;
}

static void check_v(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan_switch *s = rp_find(ctx->plan, PLAN_SW_V);
    int v = ctx->plan->verbosity;
    const char *text = s && s->value ? s->value : NULL;

    if ((v == PLAN_UNSET && !s) || rp_is_variable(text))
        return;
    if (text && !whole_number(text))
        v = PLAN_INVALID;
    else if (text)
        v = atoi(text);
    switch (v) {
    case 0: case 1: case 4: case 5: case 8: case 9: case 12: case 13:
        return;
    default:
        break;
    }
    rule_emit(out, "'%s': the verbosity must be 0, 1, 4, 5, 8, 9, 12 or 13 "
              "(rc 11)", s ? s->text : "/v");
}

static void check_int(const struct rule_ctx *ctx, struct rule_out *out,
                      enum plan_sw id, int field, const char *said)
{
    const struct plan_switch *s = rp_find(ctx->plan, id);

    if (s ? whole_number(s->value) || rp_is_variable(s->value)
          : field != PLAN_INVALID)
        return;
    rule_emit(out, "'%s' is not a whole number: scanstate stops with rc 11 "
              "\"%s\"", s ? s->text : rp_name(id), said);
}

static void check_r(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_int(ctx, out, PLAN_SW_R, ctx->plan->retries,
              "Retry argument must be an integer");
}

static void check_w(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_int(ctx, out, PLAN_SW_W, ctx->plan->wait_secs,
              "Wait delay argument must be an integer");
}

static bool uel_value_ok(const char *v)
{
    if (whole_number(v))
        return true;
    /* YYYY/MM/DD */
    if (strlen(v) != 10 || v[4] != '/' || v[7] != '/')
        return false;
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
            return false;
    }
    int mon = atoi(v + 5);
    int day = atoi(v + 8);

    return mon >= 1 && mon <= 12 && day >= 1 && day <= 31;
}

static void check_uel_value(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    for (size_t i = 0; i < p->n_user_rules; i++) {
        const struct plan_user_rule *r = &p->user_rules[i];

        if (r->kind == PLAN_USER_UEL && !uel_value_ok(r->value) &&
            !rp_is_variable(r->value))
            rule_emit(out, "'/uel:%s': the value must be a number of days "
                      "or a date YYYY/MM/DD", r->value);
    }
}

static void check_vsc_value(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan_switch *s = rp_find(ctx->plan, PLAN_SW_VSC);

    if (!s || !s->value || str_ieq(s->value, "OFF"))
        return;
    rule_emit(out, "'%s': scanstate accepts only /vsc or /vsc:OFF", s->text);
}

static void check_tel_value(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan_switch *s = rp_find(ctx->plan, PLAN_SW_TEL);

    if (!s || (s->value && (str_ieq(s->value, "ON") ||
                            str_ieq(s->value, "OFF"))))
        return;
    rule_emit(out, "'%s': use either /tel:ON or /tel:OFF", s->text);
}

/* ---- syntax ---------------------------------------------------------------- */

static void check_repeated(const struct rule_ctx *ctx, struct rule_out *out)
{
    for (enum plan_sw id = PLAN_SW_O; id < PLAN_SW_COUNT; id++) {
        const struct cmdline_switch_info *info = cmdline_switch_info(id);
        size_t n = rc_count(ctx, id);

        if (n < 2 || info->repeatable)
            continue;
        rule_emit(out, "%s is given %zu times: scanstate stops with rc 11 "
                  "\"An option is specified more than once and is "
                  "ambiguous\"", rp_name(id), n);
    }
}

static void check_unknown(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    for (size_t i = 0; i < p->n_switches; i++) {
        const struct plan_switch *s = &p->switches[i];

        if (s->id == PLAN_SW_UNKNOWN)
            rule_emit(out, "'%s' is not a scanstate option: scanstate stops "
                      "with rc 11 \"Command line option is not valid\"",
                      s->text);
    }
}

static void check_loadstate_only(const struct rule_ctx *ctx,
                                 struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (ctx->program && str_istarts_with(winpath_base(ctx->program),
                                         "loadstate"))
        return;
    for (size_t i = 0; i < p->n_switches; i++) {
        const struct plan_switch *s = &p->switches[i];

        if (s->id > PLAN_SW_STORE && s->id < PLAN_SW_COUNT &&
            cmdline_switch_info(s->id)->loadstate_only)
            rule_emit(out, "'%s' is a loadstate option, not a scanstate one",
                      s->text);
    }
}

static void check_missing_value(const struct rule_ctx *ctx,
                                struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    for (size_t i = 0; i < p->n_switches; i++) {
        const struct plan_switch *s = &p->switches[i];

        if (s->id <= PLAN_SW_STORE || s->id >= PLAN_SW_COUNT ||
            cmdline_switch_info(s->id)->arg != CMDLINE_ARG_REQUIRED)
            continue;
        if (!s->value || !*s->value)
            rule_emit(out, "'%s' has no value: scanstate stops with rc 11 "
                      "\"An option argument is missing\"", s->text);
    }
}

static void check_arg_length(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    for (size_t i = 0; i < p->n_switches; i++) {
        const struct plan_switch *s = &p->switches[i];
        size_t len = s->value_separate && s->value ? strlen(s->value)
                                                   : strlen(s->text);

        if (s->id == PLAN_SW_KEY)
            continue;   /* key-length says it without echoing the key */
        if (len > ARG_MAX_CHARS)
            rule_emit(out, "an argument of %zu characters ('%.40s...'): "
                      "scanstate stops with rc 12 \"Command line arguments "
                      "cannot exceed 256 characters\"", len, s->text);
    }
}

/*
 * A value holding a double quote: Windows reads \\" as a literal quote,
 * so "D:\\Windows\\" does not end where it seems to.
 */
static void check_quote_in_value(const struct rule_ctx *ctx,
                                 struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    for (size_t i = 0; i < p->n_switches; i++) {
        const struct plan_switch *s = &p->switches[i];
        const char *v = s->id == PLAN_SW_STORE ? s->name : s->value;

        if (s->id == PLAN_SW_KEY || !v || !strchr(v, '"'))
            continue;
        struct finding *f = rule_emit(
            out, "'%s' holds a double quote: a quoted path that ends in a "
            "backslash (\"D:\\Windows\\\") hides its closing quote, so "
            "the value runs on into the next switches", s->text);

        finding_set_fix(f, "drop the backslash before the closing quote "
                        "(\"D:\\Windows\"), or the quotes when there is "
                        "no space");
    }
}

static void check_help(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (rp_has(ctx->plan, PLAN_SW_HELP))
        rule_emit(out, "/? only prints the help (rc 1); nothing is captured");
}

/* ---- the key ---------------------------------------------------------------- */

static void check_key_length(const struct rule_ctx *ctx, struct rule_out *out)
{
    const char *key = ctx->plan->key;
    size_t n;

    if (!key)
        return;
    n = strlen(key);
    if (n == 0)
        rule_emit(out, "the encryption key is empty: scanstate stops with "
                  "rc 33 \"The encryption key must have at least one "
                  "character\"");
    else if (n > ARG_MAX_CHARS)
        rule_emit(out, "the encryption key has %zu characters: at most 256 "
                  "are allowed", n);
}

static void check_key_short(const struct rule_ctx *ctx, struct rule_out *out)
{
    const char *key = ctx->plan->key;

    if (key && *key && strlen(key) < 8)
        rule_emit(out, "the encryption key has %zu characters: 8 or more "
                  "are recommended", strlen(key));
}

static void check_key_typed(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (rp_count(ctx->plan, PLAN_SW_KEY) == 0)
        return;
    rule_emit(out, "/key puts the encryption key on the command line, where "
              "process lists and logs can show it");
}

static void check_keyfile(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct rule_facts *f = ctx->facts;

    if (!ctx->plan->keyfile || f->keyfile_readable != 0)
        return;
    rule_emit(out, "cannot read the key file '%s': scanstate stops with "
              "rc 33 \"Error accessing the file specified by the /keyfile "
              "parameter\"", ctx->plan->keyfile);
}

static const struct rule switch_rules[] = {
    { "hardlink-needs-nocompress", RULE_ERROR, RF_STORE, 0,
      "/hardlink without /nocompress (rc 11)", "add /nocompress",
      "§2.2, §2.4.5", "usmt-scanstate-syntax", check_hardlink_nocompress,
      fix_add_nocompress },
    { "hardlink-vsc", RULE_ERROR, RF_STORE | RF_OPTIONS, 0,
      "/hardlink with /vsc (rc 11)", "remove /vsc (nothing is locked offline)",
      "§2.2, §2.4.5", "usmt-scanstate-syntax", check_hardlink_vsc, NULL },
    { "hardlink-ppkg", RULE_ERROR, RF_STORE, 0,
      "/hardlink with /ppkg (rc 11)", "remove /ppkg",
      "§2.4.5", "scanstate.exe 10.0.15063 strings", check_hardlink_ppkg,
      NULL },
    { "hardlink-encrypt", RULE_ERROR, RF_STORE | RF_ENCRYPT, 0,
      "/hardlink with /encrypt (rc 11)",
      "a hard-link store cannot be encrypted: drop /encrypt or use a "
      "compressed store", "§2.4.4, §10.8", "usmt-scanstate-syntax",
      check_hardlink_encrypt, NULL },
    { "encrypt-needs-key", RULE_ERROR, RF_ENCRYPT, 0,
      "/encrypt without /key or /keyfile (rc 11)",
      "give a key file (/keyfile) or a key", "§2.2, §2.4.4",
      "usmt-scanstate-syntax", check_encrypt_key, NULL },
    { "key-and-keyfile", RULE_ERROR, RF_ENCRYPT, 0,
      "/key with /keyfile (rc 11)", "keep one of /key and /keyfile",
      "§2.2, §2.4.4", "usmt-scanstate-syntax", check_key_keyfile, NULL },
    { "key-without-encrypt", RULE_ERROR, RF_ENCRYPT, 0,
      "/key or /keyfile without /encrypt (rc 11)",
      "add /encrypt:AES_256 or remove the key", "§2.2, §2.4.4",
      "usmt-scanstate-syntax", check_key_no_encrypt, NULL },
    { "encrypt-nocompress", RULE_ERROR, RF_ENCRYPT | RF_STORE, 0,
      "/encrypt with /nocompress (rc 11)",
      "only a compressed store can be encrypted", "§2.3, §2.4.4",
      "usmt-scanstate-syntax", check_encrypt_nocompress, NULL },
    { "encrypt-ppkg", RULE_ERROR, RF_ENCRYPT, 0,
      "/encrypt with /ppkg (rc 11)", "remove one of them", "§2.4.4",
      "scanstate.exe 10.0.15063 strings", check_encrypt_ppkg, NULL },
    { "encrypt-alg", RULE_ERROR, RF_ENCRYPT, 0,
      "unsupported /encrypt algorithm (rc 11)",
      "use /encrypt:AES_256 (see usmtutils /ec)", "§2.2",
      "usmt-scanstate-syntax", check_encrypt_alg, NULL },
    { "key-length", RULE_ERROR, RF_ENCRYPT, 0,
      "encryption key empty (rc 33) or over 256 characters",
      "use a key of 8 to 256 characters", "§2.2, §4.1",
      "usmt-scanstate-syntax", check_key_length, NULL },
    { "key-short", RULE_INFO, RF_ENCRYPT, 0,
      "encryption key shorter than 8 characters",
      "use at least 8 characters", "§2.2", "usmt-scanstate-syntax",
      check_key_short, NULL },
    { "key-on-command-line", RULE_WARNING, RF_ENCRYPT, 0,
      "the key is typed on the command line",
      "put the key in a key file and use /keyfile", "§2.2",
      "usmt-scanstate-syntax", check_key_typed, NULL },
    { "keyfile-unreadable", RULE_ERROR, RF_ENCRYPT, RN_FILES,
      "the key file cannot be read (rc 33)",
      "check the /keyfile path", "§2.2, §4.1", "usmt-return-codes",
      check_keyfile, NULL },
    { "efs-hardlink-needs-hardlink", RULE_ERROR, RF_EFS | RF_STORE, 0,
      "/efs:hardlink without /hardlink (rc 11)",
      "use /efs:copyraw, or a hard-link store", "§2.2, §2.4.6",
      "usmt-scanstate-syntax", check_efs_hardlink, NULL },
    { "efs-invalid", RULE_ERROR, RF_EFS, 0,
      "invalid /efs value (rc 11)",
      "use /efs:abort, skip, decryptcopy, copyraw or hardlink", "§2.2",
      "usmt-scanstate-syntax", check_efs_invalid, NULL },
    { "efs-default-abort", RULE_WARNING, RF_EFS, 0,
      "EFS left at abort: the first encrypted file stops the run (rc 2)",
      "use /efs:copyraw", "§2.2, §10.12",
      "usmt-migrate-efs-files-and-certificates", check_efs_default,
      fix_efs },
    { "no-continue", RULE_WARNING, RF_OPTIONS, 0,
      "no /c: one unreadable file stops the run (rc 61)",
      "add /c (then rc 3 means success with skipped files)", "§2.2, §10.13",
      "usmt-scanstate-syntax", check_no_c, fix_add_c },
    { "genconfig-combo", RULE_ERROR, RF_SYNTAX, 0,
      "/genconfig with switches other than /i /o /v /l (rc 11)",
      "run /genconfig alone with /i, /v and /l", "§2.2, §2.4.2",
      "usmt-scanstate-syntax", check_genconfig, NULL },
    { "genmigxml-combo", RULE_ERROR, RF_SYNTAX, 0,
      "/genmigxml with switches other than /v /l (rc 11)",
      "run /genmigxml alone with /v and /l", "§2.2, §2.4.2",
      "usmt-scanstate-syntax", check_genmigxml, NULL },
    { "auto-conflicts", RULE_ERROR, RF_USERS | RF_OPTIONS, 0,
      "/auto with /all, /ui, /ue or /v (rc 11)",
      "drop /auto and give /i:MigApp.xml /i:MigDocs.xml yourself",
      "§2.2, §2.4.3", "usmt-return-codes", check_auto, NULL },
    { "listfiles-with-p", RULE_ERROR, RF_LOGS | RF_OPTIONS, 0,
      "/listfiles with /p (rc 11)", "remove /listfiles or /p",
      "§2.2, §2.4.7", "usmt-scanstate-syntax", check_listfiles_p, NULL },
    { "ppkg-with-p", RULE_ERROR, RF_OPTIONS, 0,
      "/ppkg with /p (rc 11)", "remove /ppkg or /p", "§2.4.7",
      "scanstate.exe 10.0.15063 strings", check_ppkg_p, NULL },
    { "ppkg-nocompress", RULE_ERROR, RF_OPTIONS | RF_STORE, 0,
      "/ppkg with /nocompress (rc 11)", "remove /ppkg or /nocompress",
      "§2.4.7", "scanstate.exe 10.0.15063 strings", check_ppkg_nocompress,
      NULL },
    { "p-needs-nocompress", RULE_ERROR, RF_OPTIONS, 0,
      "bare /p without /nocompress (rc 11)",
      "use /p:<file.xml>, or add /nocompress", "§2.2, §2.4.8, §7.2",
      "usmt-estimate-migration-store-size", check_p_bare,
      fix_add_nocompress },
    { "apps-combo", RULE_ERROR, RF_OPTIONS, 0,
      "/apps offline, without /ppkg, or with /targetWindows (rc 11)",
      "remove /apps: application capture is not available offline",
      "§2.2, §2.4.10-11", "scanstate.exe 10.0.15063 strings", check_apps,
      NULL },
    { "drivers-diff-combo", RULE_ERROR, RF_OPTIONS, 0,
      "/drivers without /ppkg or /diff without /apps (rc 11)",
      "remove /drivers and /diff", "§2.4.11",
      "scanstate.exe 10.0.15063 strings", check_drivers_diff, NULL },
    { "target-windows-source", RULE_ERROR, RF_OPTIONS, RN_OS,
      "/targetWindows7|8 with a newer source Windows (rc 11)",
      "remove /targetWindows7 and /targetWindows8", "§2.4.12",
      "usmt-scanstate-syntax (2017)", check_target, NULL },
    { "v-invalid", RULE_ERROR, RF_LOGS, 0,
      "/v value outside 0,1,4,5,8,9,12,13 (rc 11)",
      "use /v:5 (verbose and status), as Microsoft recommends",
      "§2.2, §2.4.13", "usmt-scanstate-syntax", check_v, NULL },
    { "r-invalid", RULE_ERROR, RF_OPTIONS, 0,
      "/r is not a whole number (rc 11)", "use /r:3", "§2.2, §2.4.13",
      "usmt-scanstate-syntax", check_r, NULL },
    { "w-invalid", RULE_ERROR, RF_OPTIONS, 0,
      "/w is not a whole number (rc 11)", "use /w:1", "§2.2, §2.4.13",
      "usmt-scanstate-syntax", check_w, NULL },
    { "uel-invalid", RULE_ERROR, RF_USERS, 0,
      "/uel is neither days nor YYYY/MM/DD (rc 11)",
      "use /uel:30 or /uel:2024/01/31 (online captures only)",
      "§2.2, §2.4.13", "usmt-scanstate-syntax", check_uel_value, NULL },
    { "vsc-value", RULE_ERROR, RF_OPTIONS, 0,
      "/vsc with a value other than OFF", "use /vsc or /vsc:OFF", "§2.2",
      "scanstate.exe 10.0.15063 strings", check_vsc_value, NULL },
    { "tel-value", RULE_ERROR, RF_OPTIONS, 0,
      "/tel without ON or OFF", "use /tel:OFF", "§2.2",
      "scanstate.exe 10.0.15063 strings", check_tel_value, NULL },
    { "switch-repeated", RULE_ERROR, RF_SYNTAX, 0,
      "a single-use switch is given more than once (rc 11)",
      "keep one of them", "§2.1, §2.4.16", "usmt-scanstate-syntax",
      check_repeated, NULL },
    { "switch-unknown", RULE_ERROR, RF_SYNTAX, 0,
      "a switch scanstate does not know (rc 11)",
      "remove it or fix its spelling", "§2.2, §11.16",
      "usmt-scanstate-syntax", check_unknown, NULL },
    { "switch-loadstate-only", RULE_ERROR, RF_SYNTAX, 0,
      "a loadstate-only switch on a scanstate line (rc 11)",
      "remove it; give it to loadstate at restore time", "§2.2",
      "usmt-loadstate-syntax", check_loadstate_only, NULL },
    { "switch-missing-value", RULE_ERROR, RF_SYNTAX, 0,
      "a switch lacks its value (rc 11)", "give the value after a colon",
      "§2.1, §4.1", "usmt-return-codes", check_missing_value, NULL },
    { "arg-too-long", RULE_ERROR, RF_SYNTAX, 0,
      "an argument is over 256 characters (rc 12)",
      "shorten the path", "§2.1, §2.4.15", "usmt-return-codes",
      check_arg_length, NULL },
    { "path-quote-escaped", RULE_ERROR, RF_SYNTAX, 0,
      "a value holds a double quote (\\\" read as a quote: a trailing "
      "backslash before the closing quote)",
      "drop the backslash before the closing quote", "§2.1",
      "Windows command-line parsing (CommandLineToArgvW); not in the "
      "reference", check_quote_in_value, NULL },
    { "help-only", RULE_INFO, RF_SYNTAX, 0,
      "/? prints the help and captures nothing", "remove /?", "§2.2",
      "usmt-scanstate-syntax", check_help, NULL },
};

const struct rule *rules_switches_table(size_t *n)
{
    *n = sizeof(switch_rules) / sizeof(switch_rules[0]);
    return switch_rules;
}

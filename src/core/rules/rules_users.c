/*
 * Rules about who is migrated: user selection offline (names cannot be
 * resolved, /uel is refused, %computername% is Windows PE's name), /all
 * and /auto conflicts, and the kinds of profile selected (temporary,
 * .bak duplicates, orphans, Entra ID).  Reference §2.2 (user selection),
 * §2.4.3, §2.4.10, §3.7, §8; anchors pain points 1, 2, 7, 8, 9.
 */
#include "rules_impl.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/users.h"
#include "core/offline/winos.h"
#include "core/plan/cloudxml.h"

static const char *kind_switch(enum plan_user_kind k)
{
    switch (k) {
    case PLAN_USER_UI:
        return "/ui";
    case PLAN_USER_UE:
        return "/ue";
    case PLAN_USER_UEL:
        return "/uel";
    }
    return "?";
}

/* The part after the last backslash ("jdoe" of "CONTOSO\\jdoe"). */
static const char *name_part(const char *v)
{
    const char *b = strrchr(v, '\\');

    return b ? b + 1 : v;
}

/* The one user whose account or name matches a /ui value, or NULL. */
static const struct win_user *user_by_name(const struct user_list *ul,
                                           const char *value)
{
    const struct win_user *hit = NULL;
    bool has_domain = strchr(value, '\\') != NULL;

    if (!ul || strchr(value, '*') || strchr(value, '?') || strchr(value, '%'))
        return NULL;
    for (size_t i = 0; i < ul->n; i++) {
        const struct win_user *u = &ul->u[i];
        bool match;

        if (u->kind == USER_BAK || u->kind == USER_TEMP)
            continue;
        if (has_domain)
            match = u->account && str_ieq(u->account, value);
        else
            match = (u->account && str_ieq(name_part(u->account), value)) ||
                    (u->profile_online &&
                     str_ieq(winpath_base(u->profile_online), value));
        if (!match)
            continue;
        if (hit && strcmp(hit->sid, u->sid))
            return NULL;    /* ambiguous */
        hit = u;
    }
    return hit;
}

static bool is_name_rule(const struct plan_user_rule *r)
{
    return r->kind != PLAN_USER_UEL && !rp_is_sid_pattern(r->value) &&
           !rp_is_all_wildcard(r->value);
}

static bool has_all_exclude(const struct plan *p)
{
    if (p->sids.n)
        return true;    /* SIDs go to scanstate after "/ue:*\\*" */
    for (size_t i = 0; i < p->n_user_rules; i++) {
        if (p->user_rules[i].kind == PLAN_USER_UE &&
            rp_is_all_wildcard(p->user_rules[i].value))
            return true;
    }
    return false;
}

static void replace_str(char **field, const char *value)
{
    free(*field);
    *field = value ? xstrdup(value) : NULL;
}

/* fix_arg is "<kind>\t<value>\t<SID>". */
static int fix_by_name(struct plan *plan, const struct finding *f,
                       struct wiz_err *err)
{
    char *arg = xstrdup(f->fix_arg ? f->fix_arg : "");
    char *t1 = strchr(arg, '\t');
    char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;

    if (!t2) {
        free(arg);
        return err_set(err, WIZ_EUSAGE, "rule '%s': no user to convert",
                       f->rule->id);
    }
    *t1 = '\0';
    *t2 = '\0';
    const char *value = t1 + 1;
    char *sid = xasprintf("%s*", t2 + 1);
    enum plan_user_kind kind = (enum plan_user_kind)atoi(arg);
    enum plan_sw id = kind == PLAN_USER_UI ? PLAN_SW_UI : PLAN_SW_UE;

    for (size_t i = 0; i < plan->n_user_rules; i++) {
        struct plan_user_rule *r = &plan->user_rules[i];

        if (r->kind == kind && !strcmp(r->value, value))
            replace_str(&r->value, sid);
    }
    for (size_t i = 0; i < plan->n_switches; i++) {
        struct plan_switch *s = &plan->switches[i];

        if (s->id != id || !s->value || strcmp(s->value, value))
            continue;
        replace_str(&s->value, sid);
        char *text = xasprintf("%s:%s", kind_switch(kind), sid);

        free(s->text);
        s->text = text;
    }
    if (kind == PLAN_USER_UI && !has_all_exclude(plan)) {
        plan_add_user_rule(plan, PLAN_USER_UE, "*\\*");
        if (plan->n_switches)
            plan_add_switch(plan, PLAN_SW_UE, "/ue:*\\*", "ue", "*\\*",
                            false, -1);
    }
    free(sid);
    free(arg);
    return 0;
}

static void check_by_name(const struct rule_ctx *ctx, struct rule_out *out,
                          enum plan_user_kind kind)
{
    const struct plan *p = ctx->plan;

    if (!rp_offline(p))
        return;
    for (size_t i = 0; i < p->n_user_rules; i++) {
        const struct plan_user_rule *r = &p->user_rules[i];

        if (r->kind != kind || !is_name_rule(r) ||
            str_icasestr(r->value, "%computername%"))
            continue;
        struct finding *f;

        if (kind == PLAN_USER_UI)
            f = rule_emit(out, "'/ui:%s' selects a user by name: offline, "
                          "scanstate cannot resolve names and silently "
                          "ignores it, so %s", r->value,
                          has_all_exclude(p) ? "nobody is migrated"
                                             : "the selection is not applied");
        else
            f = rule_emit(out, "'/ue:%s' excludes a user by name: offline, "
                          "scanstate cannot resolve names and silently "
                          "ignores it, so that user is migrated", r->value);
        const struct win_user *u = user_by_name(ctx->users, r->value);

        finding_set_arg(f, NULL);
        if (u) {
            char *arg = xasprintf("%d\t%s\t%s", (int)kind, r->value, u->sid);

            if (kind == PLAN_USER_UI)
                finding_set_fix(f, "select by SID: /ue:*\\* /ui:%s*", u->sid);
            else
                finding_set_fix(f, "exclude by SID: /ue:%s*", u->sid);
            finding_set_arg(f, arg);
            free(arg);
        }
    }
}

static void check_ui_name(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_by_name(ctx, out, PLAN_USER_UI);
}

static void check_ue_name(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_by_name(ctx, out, PLAN_USER_UE);
}

static void check_computername(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (!rp_offline(p))
        return;
    for (size_t i = 0; i < p->n_user_rules; i++) {
        const struct plan_user_rule *r = &p->user_rules[i];

        if (!str_icasestr(r->value, "%computername%"))
            continue;
        rule_emit(out, "'%s:%s': in Windows PE %%computername%% is Windows "
                  "PE's own name (MININT-...), not the offline computer's, so "
                  "the rule matches nobody", kind_switch(r->kind), r->value);
    }
}

static void check_uel_offline(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (!rp_offline(p))
        return;
    for (size_t i = 0; i < p->n_user_rules; i++) {
        const struct plan_user_rule *r = &p->user_rules[i];

        if (r->kind == PLAN_USER_UEL)
            rule_emit(out, "'/uel:%s' is not valid in an offline migration",
                      r->value);
    }
}

static void check_all_conflict(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (!rp_has(p, PLAN_SW_ALL))
        return;
    if (!rp_has(p, PLAN_SW_UI) && !rp_has(p, PLAN_SW_UE) &&
        !rp_has(p, PLAN_SW_UEL))
        return;
    rule_emit(out, "/all together with /ui, /ue or /uel: scanstate stops "
              "with rc 11 \"/all conflicts with /ui, /ue or /uel\"");
}

/* ---- which users the plan selects (rules_util.c) ---- */

static void check_none_selected(const struct rule_ctx *ctx,
                                struct rule_out *out)
{
    const struct plan *p = ctx->plan;
    const struct user_list *ul = ctx->users;

    if (!rp_narrows(p)) {
        /* a wizard plan with nothing ticked */
        if (p->n_switches == 0 && !p->all_users && p->store_path)
            rule_emit(out, "no user is selected");
        return;
    }
    if (p->sids.n == 0) {
        bool sid_ui = false;

        for (size_t i = 0; i < p->n_user_rules; i++) {
            if (p->user_rules[i].kind == PLAN_USER_UI &&
                rp_is_sid_pattern(p->user_rules[i].value))
                sid_ui = true;
        }
        if (!sid_ui)
            return;     /* name rules: offline-ui-by-name says it */
    }
    for (size_t i = 0; i < ul->n; i++) {
        if (rp_rule_selects(p, &ul->u[i]))
            return;
    }
    rule_emit(out, "no profile of the offline Windows matches the selected "
              "SIDs: nobody would be migrated");
}

static void check_all_excluded(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const struct plan *p = ctx->plan;
    bool all_out = false;

    if (p->sids.n)
        return;
    for (size_t i = 0; i < p->n_user_rules; i++) {
        const struct plan_user_rule *r = &p->user_rules[i];

        if (r->kind == PLAN_USER_UI || r->kind == PLAN_USER_UEL)
            return;     /* someone may come back in */
        if (r->kind == PLAN_USER_UE && rp_is_all_wildcard(r->value))
            all_out = true;
    }
    if (all_out)
        rule_emit(out, "/ue excludes every user and no /ui brings anyone "
                  "back: nobody would be migrated");
}

static int fix_sid_star(struct plan *plan, const struct finding *f,
                        struct wiz_err *err)
{
    char *with = xasprintf("%s*", f->fix_arg);

    (void)err;
    for (size_t i = 0; i < plan->n_user_rules; i++) {
        struct plan_user_rule *r = &plan->user_rules[i];

        if (r->kind == PLAN_USER_UI && !strcmp(r->value, f->fix_arg))
            replace_str(&r->value, with);
    }
    for (size_t i = 0; i < plan->n_switches; i++) {
        struct plan_switch *s = &plan->switches[i];

        if (s->id != PLAN_SW_UI || !s->value || strcmp(s->value, f->fix_arg))
            continue;
        replace_str(&s->value, with);
        free(s->text);
        s->text = xasprintf("/ui:%s", with);
    }
    free(with);
    return 0;
}

static void check_sid_star(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    for (size_t i = 0; i < p->n_user_rules; i++) {
        const struct plan_user_rule *r = &p->user_rules[i];
        size_t n = strlen(r->value);

        if (r->kind != PLAN_USER_UI || !str_istarts_with(r->value, "S-1-") ||
            (n && r->value[n - 1] == '*'))
            continue;
        struct finding *f = rule_emit(
            out, "'/ui:%s' has no trailing '*': the user's '%s_Classes' "
            "hive is not picked up", r->value, r->value);

        finding_set_fix(f, "use /ui:%s*", r->value);
        finding_set_arg(f, r->value);
    }
}

static void check_kind(const struct rule_ctx *ctx, struct rule_out *out,
                       enum user_kind kind)
{
    const struct user_list *ul = ctx->users;

    for (size_t i = 0; i < ul->n; i++) {
        const struct win_user *u = &ul->u[i];

        if (u->kind != kind || !rp_user_selected(ctx->plan, u))
            continue;
        const char *who = u->name && *u->name ? u->name : u->sid;

        switch (kind) {
        case USER_BAK:
            rule_emit(out, "'%s' (%s) has a '.bak' duplicate in ProfileList: "
                      "scanstate may stop with rc 26 \"User profile duplicate "
                      "SID error\"", who, u->sid);
            break;
        case USER_ORPHAN:
            rule_emit(out, "'%s' (%s) is selected but its profile folder "
                      "'%s' is gone", who, u->sid,
                      u->profile_win ? u->profile_win :
                      u->profile_online ? u->profile_online : "?");
            break;
        case USER_ENTRA:
            rule_emit(out, "'%s' (%s) is a Microsoft Entra ID account: "
                      "unsupported by USMT on Entra-joined devices; the one "
                      "published recipe restores it with /mu to "
                      "AzureAD\\user@domain before the user's first "
                      "sign-in on the new PC", who, u->sid);
            break;
        default:
            break;
        }
    }
}

static void check_bak(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_kind(ctx, out, USER_BAK);
}

static void check_orphan(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_kind(ctx, out, USER_ORPHAN);
}

static void check_entra(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_kind(ctx, out, USER_ENTRA);
}

static int fix_profile_error(struct plan *plan, const struct finding *f,
                             struct wiz_err *err)
{
    (void)f;
    (void)err;
    plan_set_env(plan, "MIG_FAIL_ON_PROFILE_ERROR", "0");
    return 0;
}

static void check_temp_profile(const struct rule_ctx *ctx,
                               struct rule_out *out)
{
    const char *v = plan_get_env(ctx->plan, "MIG_FAIL_ON_PROFILE_ERROR");

    if (v && !strcmp(v, "0"))
        return;
    for (size_t i = 0; i < ctx->users->n; i++) {
        const struct win_user *u = &ctx->users->u[i];

        if (u->kind != USER_TEMP)
            continue;
        rule_emit(out, "a temporary profile is present ('%s', %s): scanstate "
                  "stops with rc 26 \"User profile duplicate SID error\"",
                  /* the drive letter as Windows PE sees it, as on
                     the Users screen */
                  u->profile_win ? u->profile_win :
                  u->profile_online ? u->profile_online : "?", u->sid);
        return;
    }
}

static void check_sid_unknown(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    for (size_t i = 0; i < p->sids.n; i++) {
        bool found = false;

        for (size_t j = 0; j < ctx->users->n && !found; j++)
            found = str_ieq(ctx->users->u[j].sid, p->sids.items[i]);
        if (!found)
            rule_emit(out, "SID '%s' has no profile on the offline Windows",
                      p->sids.items[i]);
    }
}

/* "E:\\, F:\\": the online letter of path, then where it is now. */
static char *mapping_of(char online, char pe)
{
    return xasprintf("%c:\\, %c:\\", online, pe);
}

/* The offline Windows' own letter as it saw itself ('C'), 0 unknown. */
static char system_letter(const struct rule_ctx *ctx)
{
    return ctx->os && ctx->os->system_root
               ? winpath_letter(ctx->os->system_root) : 0;
}

/*
 * A selected profile on another drive than Windows (E:\\Profiles\\bob):
 * scanstate has to map that drive's letter too.
 */
static void check_other_drive(const struct rule_ctx *ctx,
                              struct rule_out *out)
{
    const struct plan *p = ctx->plan;
    char sys = system_letter(ctx);
    char sys_pe = ctx->os ? ctx->os->letter : 0;
    struct strbuf maps = STRBUF_INIT;

    if (!sys || !sys_pe)
        return;
    for (size_t i = 0; i < ctx->users->n; i++) {
        const struct win_user *u = &ctx->users->u[i];
        char on = u->profile_online ? winpath_letter(u->profile_online) : 0;
        char pe = u->profile_win ? winpath_letter(u->profile_win) : 0;

        if (!rp_user_selected(p, u) || !on || on == sys)
            continue;
        char *m = mapping_of(on, pe ? pe : on);
        bool have = p->offline_mode == PLAN_OFFLINE_XML &&
                    plan_strv_has(&p->offline_mappings, m);

        if (!have) {
            struct finding *f = rule_emit(
                out, "the profile of '%s' is on another drive than Windows "
                "('%s'): scanstate must map %c: as well, and when it cannot "
                "work the letters out it stops with rc 29 \"Unable to "
                "automatically map the drive letters\"", u->name,
                u->profile_online, on);

            finding_set_fix(f, "use an offline.xml with <mappings> "
                            "<path>%c:\\, %c:\\</path> and "
                            "<path>%s</path> (pair order as in the "
                            "reference's example, not verified)", sys,
                            sys_pe, m);
            strbuf_addf(&maps, "%s%c:\\, %c:\\;%s", maps.len ? ";" : "",
                        sys, sys_pe, m);
            finding_set_arg(f, p->offline_xml ? maps.buf : NULL);
        }
        free(m);
    }
    strbuf_release(&maps);
}

/* Switch to offline.xml with the mappings in fix_arg ("A;B;..."). */
static int fix_other_drive(struct plan *plan, const struct finding *f,
                           struct wiz_err *err)
{
    if (!plan->offline_xml || !f->fix_arg)
        return err_set(err, WIZ_EUSAGE, "no file name for offline.xml");
    for (const char *m = f->fix_arg; *m;) {
        const char *end = strchr(m, ';');
        size_t n = end ? (size_t)(end - m) : strlen(m);
        char *one = xstrndup(m, n);

        if (!plan_strv_has(&plan->offline_mappings, one))
            plan_strv_push(&plan->offline_mappings, one);
        free(one);
        m += n + (end ? 1 : 0);
    }
    plan->offline_mode = PLAN_OFFLINE_XML;
    return 0;
}

/*
 * Each selected user's NTUSER.DAT and UsrClass.dat, opened and checked.
 * The reference is silent on what scanstate does with a profile whose
 * NTUSER.DAT is missing or damaged (it names NTUSER.DAT only for /uel's
 * timestamp, §2.4.10) and on UsrClass.dat (only the <SID>_Classes hive
 * that /ui:<SID>* picks up, §2.2); so this says what is lost, not what
 * scanstate will do.
 */
/*
 * The reference is silent on cloud files; the read error per placeholder
 * is what a real log shows (error summary row "Read error 395 for
 * C:\\Users\\...\\OneDrive - ...", SuperGrate issue 106; 395 is the Win32
 * error ERROR_CLOUD_FILE_ACCESS_DENIED).
 */
/* How many of u's cloud-only files the exclusion XML cannot name. */
static uint64_t cloud_unnamed(const struct win_user *u)
{
    uint64_t n = u->cloud.unlisted;

    for (size_t k = 0; k < u->cloud.n; k++) {
        char *p = cloudxml_pattern(u->profile_online, u->cloud.rel[k]);

        if (!p)
            n++;
        free(p);
    }
    /* counted but not listed (a walk still going): not named either */
    if (u->size_cloud_files > u->cloud.n + u->cloud.unlisted)
        n += u->size_cloud_files - u->cloud.n - u->cloud.unlisted;
    return n;
}

static void check_cloud_only(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct user_list *ul = ctx->users;
    bool excluded = cloudxml_in_plan(ctx->plan);
    char *xml = cloudxml_path_win(ctx->plan);

    for (size_t i = 0; i < ul->n; i++) {
        const struct win_user *u = &ul->u[i];
        char sz[32];
        struct finding *f;

        if (!u->sized || !u->size_cloud_files ||
            !rp_user_selected(ctx->plan, u))
            continue;
        const char *who = u->name && *u->name ? u->name : u->sid;
        uint64_t unnamed = excluded ? cloud_unnamed(u) : 0;

        str_human_size(u->size_cloud_bytes, sz, sizeof(sz));
        if (excluded && !unnamed) {
            f = rule_emit(out, "'%s' (%s): its %llu cloud-only file%s (%s) "
                          "%s excluded by %s (/i): they stay in OneDrive, "
                          "are not in the store, and scanstate logs no "
                          "error for them", who, u->sid,
                          (unsigned long long)u->size_cloud_files,
                          u->size_cloud_files == 1 ? "" : "s", sz,
                          u->size_cloud_files == 1 ? "is" : "are",
                          CLOUDXML_NAME);
            f->severity = RULE_INFO;
            finding_set_fix(f, "nothing to do: the user gets them back "
                            "from OneDrive on the new PC");
            finding_set_arg(f, NULL);
            continue;
        }
        if (excluded) {
            f = rule_emit(out, "'%s' (%s): %llu of its %llu cloud-only files "
                      "cannot be named in %s (a '[', ']' or odd character "
                      "in a name, or too many): scanstate logs a read "
                      "error (395) for each; the data is safe in OneDrive",
                      who, u->sid, (unsigned long long)unnamed,
                      (unsigned long long)u->size_cloud_files, CLOUDXML_NAME);
            finding_set_fix(f, "nothing is lost: on the new PC the user "
                            "signs in to OneDrive and lets it sync");
            finding_set_arg(f, NULL);
            continue;
        }
        /* where they are: the accounts of the user's own hive */
        char *acc = users_onedrive_text(u);
        char *where = *acc ? xasprintf(" in OneDrive (%s)", acc)
                           : xstrdup("");

        f = rule_emit(out, "'%s' (%s) has %llu cloud-only file%s (%s)%s: "
                      "OneDrive placeholders whose data is not on this "
                      "disk. Offline scanstate cannot read them: unless they "
                      "are excluded, it logs a read error (395) for each, "
                      "and they will not be in the store. The data is safe "
                      "in OneDrive, not lost",
                      who, u->sid, (unsigned long long)u->size_cloud_files,
                      u->size_cloud_files == 1 ? "" : "s", sz, where);
        free(where);
        free(acc);
        if (xml) {
            finding_set_fix(f, "exclude them: write %s (passed with /i) "
                            "that names each one, so the capture ends "
                            "without their errors; on the new PC the user "
                            "signs in to OneDrive and lets it sync", xml);
            finding_set_arg(f, xml);
        } else {
            finding_set_arg(f, NULL);
        }
    }
    free(xml);
}

/* The cloud-only files' exclusion XML joins the /i set. */
static int fix_cloud_only(struct plan *plan, const struct finding *f,
                          struct wiz_err *err)
{
    if (!f->fix_arg)
        return err_set(err, WIZ_EUSAGE, "no place for %s yet (choose the "
                       "working folder)", CLOUDXML_NAME);
    if (!cloudxml_in_plan(plan))
        plan_add_xml(plan, f->fix_arg);
    return 0;
}

static void check_user_hive(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct rule_facts *f = ctx->facts;

    for (size_t i = 0; f && i < f->n_hives; i++) {
        const struct hive_facts *h = &f->hives[i];

        if (!h->user || h->state == HIVE_STATE_OK)
            continue;
        bool classes = str_ieq(h->name, "UsrClass.dat");

        rule_emit(out, "%s of '%s' (%s) %s: %s; %s",
                  h->name, h->user, h->path_win,
                  h->state == HIVE_STATE_DAMAGED ? "is damaged"
                  : h->state == HIVE_STATE_MISSING ? "is missing"
                                                   : "cannot be read",
                  h->why ? h->why : "?",
                  classes ? "this user's file associations, COM "
                            "registrations and shell settings (HKCU\\"
                            "Software\\Classes) will be lost; the reference "
                            "does not say what scanstate does without them"
                          : "this user's settings (HKCU: desktop, "
                            "application settings, mapped drives, printers) "
                            "will be lost, or scanstate leaves the user out; "
                            "the reference does not say which");
    }
}

static const struct rule users_rules[] = {
    { "offline-ui-by-name", RULE_ERROR, RF_USERS, 0,
      "/ui by name offline is silently ignored",
      "select users by SID: /ue:*\\* /ui:<SID>*", "§2.2, §8",
      "usmt-common-issues", check_ui_name, fix_by_name },
    { "offline-ue-by-name", RULE_ERROR, RF_USERS, 0,
      "/ue by name offline is silently ignored",
      "exclude users by SID: /ue:<SID>*", "§2.2, §8",
      "usmt-common-issues", check_ue_name, fix_by_name },
    { "offline-computername", RULE_ERROR, RF_USERS, 0,
      "%computername% in a user rule offline is Windows PE's name",
      "use SIDs (/ui:<SID>*) or the offline computer's name", "§2.2",
      "usmt-identify-users", check_computername, NULL },
    { "offline-uel", RULE_ERROR, RF_USERS, 0,
      "/uel is not valid offline",
      "remove /uel; pick recent users by their last use in the Users screen "
      "and pass their SIDs", "§2.2, §2.4.10", "usmt-scanstate-syntax",
      check_uel_offline, NULL },
    { "all-with-user-rules", RULE_ERROR, RF_USERS, 0,
      "/all with /ui, /ue or /uel (rc 11)",
      "remove /all (all users is the default) or the user rules",
      "§2.4.3", "usmt-scanstate-syntax", check_all_conflict, NULL },
    { "users-none-selected", RULE_ERROR, RF_USERS, RN_USERS,
      "nobody would be migrated",
      "select at least one user", "§2.2", "usmt-identify-users",
      check_none_selected, NULL },
    { "users-all-excluded", RULE_ERROR, RF_USERS, 0,
      "/ue:*\\* without any /ui: nobody would be migrated",
      "add /ui:<SID>* for each user to migrate", "§2.2",
      "usmt-identify-users", check_all_excluded, NULL },
    { "ui-sid-without-star", RULE_WARNING, RF_USERS, 0,
      "/ui:<SID> without the trailing * misses <SID>_Classes",
      "end the SID with *: /ui:<SID>*", "§2.2", "usmt-common-issues",
      check_sid_star, fix_sid_star },
    { "users-sid-unknown", RULE_WARNING, RF_USERS, RN_USERS,
      "a selected SID has no profile on the offline Windows",
      "check the selection", "§2.2", "usmt-identify-users",
      check_sid_unknown, NULL },
    { "temp-profile-present", RULE_ERROR, RF_USERS | RF_WORKDIR, RN_USERS,
      "a temporary profile is present (rc 26)",
      "set MIG_FAIL_ON_PROFILE_ERROR=0 (the temporary profile is then "
      "skipped)", "§3.4, §3.7, §8", "usmt-common-issues",
      check_temp_profile, fix_profile_error },
    { "users-bak-selected", RULE_WARNING, RF_USERS, RN_USERS,
      "a selected profile has a .bak duplicate",
      "repair ProfileList (remove the stale key) or set "
      "MIG_FAIL_ON_PROFILE_ERROR=0", "§3.7, §8", "usmt-common-issues",
      check_bak, NULL },
    { "users-orphan-selected", RULE_WARNING, RF_USERS, RN_USERS,
      "a selected profile has no folder",
      "leave the orphan profile out", "§8", "usmt-common-issues",
      check_orphan, NULL },
    { "users-entra", RULE_WARNING, RF_USERS, RN_USERS,
      "a selected profile is an Entra ID account (unsupported by USMT)",
      "plan the restore: loadstate /mu:<old>:AzureAD\\<user@domain> before "
      "the user's first sign-in on the new PC (the one published recipe; "
      "try one PC first)", "§9; anchors pain point 9",
      "usmt-requirements; Migrate-WindowsUserProfile issue #56", check_entra,
      NULL },
    { "profile-other-drive", RULE_WARNING, RF_USERS | RF_VOLUME,
      RN_OS | RN_USERS,
      "a selected profile is on another drive than Windows (rc 29 when "
      "its letter cannot be mapped)",
      "use an offline.xml whose <mappings> maps that drive too",
      "§3.5, §3.6, §11.1", "offline-migration-reference",
      check_other_drive, fix_other_drive },
    { "users-cloud-only-files", RULE_WARNING, RF_USERS, RN_USERS,
      "a selected user has OneDrive files whose data is only in the cloud: "
      "they will not be captured",
      "exclude them with the generated " CLOUDXML_NAME " (/i) so that "
      "scanstate logs no error for them; nothing is lost: on the new PC "
      "the user signs in to OneDrive and lets it sync; or, to carry them "
      "in the store, boot that Windows, make the files \"Always keep on "
      "this device\" (hydrate) and capture again", "§5.1, §6.2",
      "not documented: the reference is silent on cloud files; a real log "
      "shows \"Read error 395\" rows for OneDrive files (SuperGrate issue "
      "106)", check_cloud_only, fix_cloud_only },
    { "user-hive-damaged", RULE_WARNING, RF_USERS, RN_USERS | RN_FILES,
      "a selected user's NTUSER.DAT or UsrClass.dat is missing, damaged "
      "or unreadable: that user's settings are lost",
      "repair the disk (chkdsk), or leave that user out and copy the files "
      "by hand; the documents are still captured",
      "§2.2, §3.3", "not documented: the reference is silent on missing "
      "and damaged user hives", check_user_hive, NULL },
};

const struct rule *rules_users_table(size_t *n)
{
    *n = sizeof(users_rules) / sizeof(users_rules[0]);
    return users_rules;
}

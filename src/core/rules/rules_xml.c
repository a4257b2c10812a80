/*
 * Rules about the XML files: /i files missing, malformed or not migration
 * XML, Config.xml passed with /i, MigUser.xml with MigDocs.xml, the schema
 * passed as rules, a bad /config and a bad offline.xml.  Reference §2.2,
 * §3.5, §4.1 (rc 28, 39), §6.
 */
#include "rules_impl.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/usmt/usmtenv.h"

static bool has_base(const struct plan *p, const char *base)
{
    for (size_t i = 0; i < p->xml_files.n; i++) {
        if (str_ieq(winpath_base(p->xml_files.items[i]), base))
            return true;
    }
    return false;
}

static void check_miguser_migdocs(const struct rule_ctx *ctx,
                                  struct rule_out *out)
{
    if (!has_base(ctx->plan, "MigUser.xml") ||
        !has_base(ctx->plan, "MigDocs.xml"))
        return;
    rule_emit(out, "MigUser.xml and MigDocs.xml together: their rules "
              "conflict and files can be restored twice");
}

static void check_schema(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    for (size_t i = 0; i < p->xml_files.n; i++) {
        const char *b = winpath_base(p->xml_files.items[i]);

        if (str_iends_with(b, ".xsd"))
            rule_emit(out, "'/i:%s' is a schema, not migration rules: "
                      "scanstate stops with rc 28", p->xml_files.items[i]);
    }
}

/* Config.xml by content when we read it, else by its name. */
static bool looks_config(const struct rule_ctx *ctx, size_t i)
{
    const struct rule_facts *f = ctx->facts;
    const char *b = winpath_base(ctx->plan->xml_files.items[i]);

    if (f && i < f->n_xml && f->xml[i].parsed && f->xml[i].root)
        return str_ieq(f->xml[i].root, "Configuration");
    return str_ieq(b, "Config.xml") ||
           ((str_istarts_with(b, "config_") || str_istarts_with(b, "config-"))
            && str_iends_with(b, ".xml"));
}

static int fix_config_as_i(struct plan *plan, const struct finding *f,
                           struct wiz_err *err)
{
    const char *path = f->fix_arg;

    if (!path || !*path || plan->config_path)
        return err_set(err, WIZ_EUSAGE, "a /config is already given");
    char *copy = xstrdup(path);

    plan_strv_remove(&plan->xml_files, copy);
    plan_set_config_path(plan, copy);
    for (size_t i = 0; i < plan->n_switches; i++) {
        struct plan_switch *s = &plan->switches[i];

        if (s->id != PLAN_SW_I || !s->value || !str_ieq(s->value, copy))
            continue;
        s->id = PLAN_SW_CONFIG;
        free(s->text);
        s->text = xasprintf("/config:%s", copy);
        free(s->name);
        s->name = xstrdup("config");
    }
    free(copy);
    return 0;
}

static void check_config_as_i(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    for (size_t i = 0; i < p->xml_files.n; i++) {
        if (!looks_config(ctx, i))
            continue;
        struct finding *f = rule_emit(
            out, "'/i:%s' passes a Config.xml as migration rules: scanstate "
            "stops with rc 26 or 28", p->xml_files.items[i]);

        finding_set_fix(f, "pass it with /config:%s instead",
                        p->xml_files.items[i]);
        finding_set_arg(f, p->config_path ? NULL : p->xml_files.items[i]);
    }
}

static void check_i_files(const struct rule_ctx *ctx, struct rule_out *out,
                          int what)
{
    const struct rule_facts *f = ctx->facts;

    for (size_t i = 0; i < f->n_xml; i++) {
        const struct xml_facts *x = &f->xml[i];

        if (!x->known)
            continue;
        if (what == 0 && !x->exists)
            rule_emit(out, "cannot find '/i:%s': scanstate stops with rc 28 "
                      "\"Unable to find a script file specified by /i\"",
                      x->path);
        else if (what == 1 && x->exists && !x->parsed)
            rule_emit(out, "'/i:%s' is not well-formed XML (%s): scanstate "
                      "stops with rc 28 \"Script file is invalid for /i\"",
                      x->path, x->error ? x->error : "?");
        else if (what == 2 && x->parsed && x->root &&
                 !str_ieq(x->root, "migration") &&
                 !str_ieq(x->root, "Configuration"))
            rule_emit(out, "'/i:%s' is a <%s> document, not <migration> "
                      "rules: scanstate stops with rc 28", x->path, x->root);
    }
}

/* A bare or relative /i name: where scanstate looks is its current folder. */
static bool is_relative(const char *p)
{
    return !winpath_is_absolute(p) && !winpath_is_unc(p);
}

/* A bare name in the USMT folder we probed (env->mig_xml). */
static bool in_usmt_folder(const struct rule_ctx *ctx, const char *name)
{
    const struct usmt_env *env = ctx->env;

    if (!env || !env->usmt_dir || !env->mig_xml)
        return false;
    for (size_t i = 0; env->mig_xml[i]; i++) {
        if (str_ieq(env->mig_xml[i], name))
            return true;
    }
    return false;
}

static bool usmt_known(const struct rule_ctx *ctx)
{
    return ctx->env && ctx->env->usmt_dir && ctx->env->scanstate_found;
}

static void check_i_missing(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    check_i_files(ctx, out, 0);
    /* relative names: judged against the USMT folder when we know it */
    for (size_t i = 0; i < p->xml_files.n && usmt_known(ctx); i++) {
        const char *x = p->xml_files.items[i];

        if (!is_relative(x) || strpbrk(x, "\\/") || in_usmt_folder(ctx, x))
            continue;
        rule_emit(out, "cannot find '/i:%s' in the USMT folder '%s', where "
                  "a relative name is looked for when scanstate is started "
                  "there: scanstate stops with rc 28 \"Unable to find a "
                  "script file specified by /i\"", x, ctx->env->usmt_dir);
    }
    /* the others: said to be unchecked, not passed in silence */
    struct strbuf names = STRBUF_INIT;

    for (size_t i = 0; i < p->xml_files.n; i++) {
        const char *x = p->xml_files.items[i];

        if (!is_relative(x) || (usmt_known(ctx) && !strpbrk(x, "\\/")))
            continue;
        strbuf_addf(&names, "%s%s", names.len ? ", " : "", x);
    }
    if (names.len) {
        char *why = xasprintf("relative /i names, looked for in the folder "
                              "scanstate starts in: %s", names.buf);

        rule_skip(out, why);
        free(why);
    }
    strbuf_release(&names);
}

/* Two /i files with one urlid: scanstate keeps only the first. */
static void check_urlid(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct rule_facts *f = ctx->facts;

    for (size_t i = 0; i < f->n_xml; i++) {
        if (!f->xml[i].urlid || !*f->xml[i].urlid)
            continue;
        for (size_t j = 0; j < i; j++) {
            if (!f->xml[j].urlid || !str_ieq(f->xml[i].urlid,
                                             f->xml[j].urlid))
                continue;
            struct finding *fd = rule_emit(
                out, "'/i:%s' has the urlid of '/i:%s' (%s): scanstate "
                "silently skips the second file and its rules are not "
                "applied", f->xml[i].path, f->xml[j].path, f->xml[i].urlid);

            finding_set_fix(fd, "give '%s' its own urlid (best practice: "
                            "the file name, .../migxmlext/<name>)",
                            f->xml[i].path);
            break;
        }
    }
}

static void check_i_malformed(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_i_files(ctx, out, 1);
}

static void check_i_not_migration(const struct rule_ctx *ctx,
                                  struct rule_out *out)
{
    check_i_files(ctx, out, 2);
}

static void check_config(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct xml_facts *x = &ctx->facts->config;

    if (!ctx->plan->config_path || !x->known)
        return;
    if (!x->exists)
        rule_emit(out, "cannot find '/config:%s': scanstate stops with rc 39",
                  ctx->plan->config_path);
    else if (!x->parsed)
        rule_emit(out, "'/config:%s' is not well-formed XML (%s): scanstate "
                  "stops with rc 39 \"Error reading Config.xml\"",
                  ctx->plan->config_path, x->error ? x->error : "?");
    else if (x->root && !str_ieq(x->root, "Configuration"))
        rule_emit(out, "'/config:%s' is a <%s> document, not a Config.xml "
                  "<Configuration>: scanstate stops with rc 39",
                  ctx->plan->config_path, x->root);
}

static void check_offline_xml(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct xml_facts *x = &ctx->facts->offline_xml;
    const char *path = ctx->plan->offline_xml;

    if (ctx->plan->offline_mode != PLAN_OFFLINE_XML || !path || !x->known)
        return;
    if (!x->exists)
        rule_emit(out, "cannot find '/offline:%s': scanstate stops with rc 11 "
                  "\"/offline requires a valid path to an XML file\"", path);
    else if (!x->parsed)
        rule_emit(out, "'/offline:%s' is not well-formed XML (%s)", path,
                  x->error ? x->error : "?");
    else if (x->root && !str_ieq(x->root, "offline"))
        rule_emit(out, "'/offline:%s' is a <%s> document, not <offline>",
                  path, x->root);
}

static void check_no_xml(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;

    if (p->xml_files.n || rp_has(p, PLAN_SW_AUTO) || rp_has(p, PLAN_SW_GENMIGXML)
        || !p->store_path)
        return;
    rule_emit(out, "no /i: scanstate migrates the user accounts and "
              "operating-system settings but no documents or application "
              "settings");
}

static const struct rule xml_rules[] = {
    { "xml-miguser-migdocs", RULE_ERROR, RF_XML, 0,
      "MigUser.xml together with MigDocs.xml",
      "keep MigDocs.xml (or MigUser.xml), not both", "§6.3",
      "usmt-best-practices", check_miguser_migdocs, NULL },
    { "xml-schema-as-i", RULE_ERROR, RF_XML, 0,
      "MigXML.xsd passed with /i (rc 28)", "remove the schema from /i",
      "§1.2", "understanding-migration-xml-files", check_schema, NULL },
    { "xml-config-as-i", RULE_ERROR, RF_XML | RF_CONFIG, 0,
      "Config.xml passed with /i (rc 26/28)", "pass it with /config",
      "§2.2, §6.1, §8", "usmt-return-codes", check_config_as_i,
      fix_config_as_i },
    { "xml-missing", RULE_ERROR, RF_XML, RN_FILES,
      "a /i file does not exist (rc 28)",
      "give the path of the XML (relative paths start in the current "
      "folder)", "§2.2, §4.1", "usmt-return-codes", check_i_missing, NULL },
    { "xml-malformed", RULE_ERROR, RF_XML, RN_FILES,
      "a /i file is not well-formed XML (rc 28)",
      "fix the XML (validate it against MigXML.xsd)", "§2.2, §6.2",
      "usmt-return-codes", check_i_malformed, NULL },
    { "xml-not-migration", RULE_ERROR, RF_XML, RN_FILES,
      "a /i file is not a <migration> document (rc 28)",
      "pass only migration XML with /i", "§6.2",
      "understanding-migration-xml-files", check_i_not_migration, NULL },
    { "xml-urlid-duplicate", RULE_WARNING, RF_XML, RN_FILES,
      "two /i files share one urlid: the second is silently skipped",
      "give each custom XML its own urlid",
      "§6.2", "understanding-migration-xml-files (the skipping: field "
      "reports, not in the reference)", check_urlid, NULL },
    { "config-bad", RULE_ERROR, RF_CONFIG, RN_FILES,
      "the /config file is missing or not a Config.xml (rc 39)",
      "generate it with scanstate /genconfig", "§2.2, §6.1, §4.1",
      "usmt-configxml-file", check_config, NULL },
    { "offline-xml-bad", RULE_ERROR, RF_VOLUME, RN_FILES,
      "the /offline file is missing or not an offline.xml (rc 11)",
      "let the wizard write offline.xml, or fix the file", "§3.5",
      "offline-migration-reference", check_offline_xml, NULL },
    { "xml-none", RULE_INFO, RF_XML, 0,
      "no /i: no documents or application settings are captured",
      "add /i:MigDocs.xml /i:MigApp.xml", "§2.2, §6.3",
      "usmt-faq", check_no_xml, NULL },
};

const struct rule *rules_xml_table(size_t *n)
{
    *n = sizeof(xml_rules) / sizeof(xml_rules[0]);
    return xml_rules;
}

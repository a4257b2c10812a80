/*
 * The rule engine: joins the area tables (rules_env.c, rules_offline.c,
 * rules_users.c, rules_switches.c, rules_store.c, rules_xml.c) into one
 * stable table, runs the checks, sorts and counts findings, records
 * acknowledgements and applies automatic fixes.
 */
#include "core/rules/rules.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/usmt/usmtenv.h"
#include "rules_impl.h"

#define RULES_MAX 256

static struct rule table[RULES_MAX];
static size_t table_n;

static void table_add(const struct rule *part, size_t n)
{
    if (table_n + n > RULES_MAX)
        BUG("rule table too small (%zu + %zu)", table_n, n);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < table_n; j++) {
            if (!strcmp(table[j].id, part[i].id))
                BUG("rule id '%s' defined twice", part[i].id);
        }
        table[table_n++] = part[i];
    }
}

typedef const struct rule *(*rules_part_fn)(size_t *n);

static const rules_part_fn parts[] = {
    rules_env_table, rules_offline_table, rules_users_table,
    rules_switches_table, rules_store_table, rules_xml_table,
    rules_restore_table,
};

static void table_build(void)
{
    if (table_n)
        return;
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        size_t n;
        const struct rule *p = parts[i](&n);

        table_add(p, n);
    }
}

bool rules_user_selected(const struct plan *plan, const struct win_user *u)
{
    return rp_user_selected(plan, u);
}

const struct rule *rules_list(size_t *n)
{
    table_build();
    *n = table_n;
    return table;
}

const struct rule *rules_find(const char *id)
{
    table_build();
    for (size_t i = 0; i < table_n; i++) {
        if (!strcmp(table[i].id, id))
            return &table[i];
    }
    return NULL;
}

const char *rule_severity_name(enum rule_severity sev)
{
    switch (sev) {
    case RULE_ERROR:
        return "error";
    case RULE_WARNING:
        return "warning";
    case RULE_INFO:
        return "info";
    }
    return "unknown";
}

void rule_fields_describe(unsigned fields, struct strbuf *sb)
{
    static const char *const names[] = {
        "env", "volume", "users", "store", "workdir", "logs", "xml",
        "config", "options", "efs", "encrypt", "syntax", "restore",
    };
    bool first = true;

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (!(fields & (1u << i)))
            continue;
        if (!first)
            strbuf_addch(sb, ',');
        strbuf_adds(sb, names[i]);
        first = false;
    }
}

/* ---- facts and acknowledgements ---------------------------------------- */

void rule_facts_init(struct rule_facts *f)
{
    memset(f, 0, sizeof(*f));
    f->store.same_volume_as_os = -1;
    f->store.place.kind = VOL_UNKNOWN;
    f->workdir.kind = VOL_UNKNOWN;
    f->temp.kind = VOL_UNKNOWN;
    f->log_dir.kind = VOL_UNKNOWN;
    f->progress_dir.kind = VOL_UNKNOWN;
    f->keyfile_readable = -1;
}

static void xml_facts_release(struct xml_facts *x)
{
    free(x->path);
    free(x->error);
    free(x->root);
    free(x->urlid);
    memset(x, 0, sizeof(*x));
}

void rule_facts_release(struct rule_facts *f)
{
    free(f->store.store_marker);
    for (size_t i = 0; i < f->n_xml; i++)
        xml_facts_release(&f->xml[i]);
    free(f->xml);
    xml_facts_release(&f->config);
    xml_facts_release(&f->offline_xml);
    for (size_t i = 0; i < f->n_hives; i++) {
        free(f->hives[i].name);
        free(f->hives[i].path_win);
        free(f->hives[i].user);
        free(f->hives[i].why);
    }
    free(f->hives);
    rule_facts_init(f);
}

void rule_acks_init(struct rule_acks *a)
{
    memset(a, 0, sizeof(*a));
}

void rule_acks_release(struct rule_acks *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->ids[i]);
    free(a->ids);
    rule_acks_init(a);
}

bool rule_acks_has(const struct rule_acks *a, const char *id)
{
    if (!a)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        if (!strcmp(a->ids[i], id))
            return true;
    }
    return false;
}

void rule_acks_add(struct rule_acks *a, const char *id)
{
    if (rule_acks_has(a, id))
        return;
    XGROW(a->ids, a->alloc, a->n + 1);
    a->ids[a->n++] = xstrdup(id);
}

/* ---- findings ------------------------------------------------------------ */

void findings_init(struct findings *fs)
{
    memset(fs, 0, sizeof(*fs));
}

void findings_release(struct findings *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->f[i].message);
        free(fs->f[i].fix);
        free(fs->f[i].fix_arg);
    }
    free(fs->f);
    for (size_t i = 0; i < fs->n_skipped; i++)
        free(fs->skipped[i]);
    free(fs->skipped);
    findings_init(fs);
}

struct finding *rule_emit(struct rule_out *out, const char *fmt, ...)
{
    struct findings *fs = out->fs;
    va_list ap;

    XGROW(fs->f, fs->alloc, fs->n + 1);
    struct finding *f = &fs->f[fs->n++];

    memset(f, 0, sizeof(*f));
    f->rule = out->rule;
    f->severity = out->rule->severity;
    va_start(ap, fmt);
    f->message = xvasprintf(fmt, ap);
    va_end(ap);
    f->fix = xstrdup(out->rule->fix ? out->rule->fix : "");
    /* a fix that needs data gets it from the check, or loses it */
    f->fix_arg = out->rule->autofix ? xstrdup("") : NULL;
    return f;
}

void finding_set_fix(struct finding *f, const char *fmt, ...)
{
    va_list ap;

    free(f->fix);
    va_start(ap, fmt);
    f->fix = xvasprintf(fmt, ap);
    va_end(ap);
}

void finding_set_arg(struct finding *f, const char *arg)
{
    free(f->fix_arg);
    f->fix_arg = arg ? xstrdup(arg) : NULL;
}

static void add_skipped(struct findings *fs, const char *id, const char *why)
{
    XGROW(fs->skipped, fs->skipped_alloc, fs->n_skipped + 1);
    fs->skipped[fs->n_skipped++] = xasprintf("%s: %s", id, why);
}

void rule_skip(struct rule_out *out, const char *why)
{
    add_skipped(out->fs, out->rule->id, why);
}

/* Name the first fact a rule needs that ctx lacks, or NULL. */
static const char *missing_need(const struct rule *r,
                                const struct rule_ctx *ctx)
{
    if (r->fields & RF_RESTORE)
        return rules_restore_missing(r, ctx);
    if (!ctx->plan)
        return "there is no plan";
    if ((r->needs & RN_ENV) && !ctx->env)
        return "no facts about the USMT folder and where we run";
    if ((r->needs & RN_USMT) && (!ctx->env || !ctx->env->usmt_dir))
        return "no USMT folder was given";
    if ((r->needs & RN_OS) && !ctx->os)
        return "no offline Windows installation was read";
    if ((r->needs & RN_USERS) && !ctx->users)
        return "the users of the offline installation were not read";
    if ((r->needs & RN_SCAN) && !ctx->scan)
        return "the volumes were not scanned";
    if ((r->needs & RN_STORE) &&
        (!ctx->facts || !ctx->facts->store.place.known))
        return "the store folder was not looked at";
    if ((r->needs & RN_WORKDIR) &&
        (!ctx->facts || !ctx->facts->workdir.known))
        return "the working directory was not looked at";
    if ((r->needs & RN_ESTIMATE) &&
        (!ctx->facts || !ctx->facts->estimate_known))
        return "the selected users' profiles were not sized";
    if ((r->needs & RN_FILES) && !ctx->facts)
        return "the files named on the command line were not read";
    return NULL;
}

/* Stable sort by severity: insertion sort keeps table order in a class. */
static void sort_findings(struct finding *f, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct finding x = f[i];
        size_t j = i;

        while (j > 0 && f[j - 1].severity > x.severity) {
            f[j] = f[j - 1];
            j--;
        }
        f[j] = x;
    }
}

void rules_check(const struct rule_ctx *ctx, struct findings *out)
{
    size_t first = out->n;
    bool loadstate = ctx->program &&
                     str_istarts_with(winpath_base(ctx->program), "loadstate");

    table_build();
    for (size_t i = 0; i < table_n; i++) {
        const struct rule *r = &table[i];
        struct rule_out ro = { r, out };

        /* a loadstate line runs the restore rules, and only those */
        if (!(r->fields & RF_RESTORE) != !ctx->restore)
            continue;
        const char *why = missing_need(r, ctx);

        if (why) {
            add_skipped(out, r->id, why);
            continue;
        }
        /* a loadstate line: say so, and judge only its syntax */
        if (loadstate && !ctx->restore && !(r->fields & RF_SYNTAX))
            continue;
        r->check(ctx, &ro);
    }
    for (size_t i = first; i < out->n; i++) {
        if (out->f[i].severity == RULE_WARNING &&
            rule_acks_has(ctx->acks, out->f[i].rule->id))
            out->f[i].acked = true;
    }
    sort_findings(out->f + first, out->n - first);
}

size_t findings_count(const struct findings *fs, enum rule_severity sev)
{
    size_t n = 0;

    for (size_t i = 0; i < fs->n; i++) {
        if (fs->f[i].severity == sev && !fs->f[i].acked)
            n++;
    }
    return n;
}

bool findings_block(const struct findings *fs)
{
    return findings_count(fs, RULE_ERROR) > 0 ||
           findings_count(fs, RULE_WARNING) > 0;
}

size_t findings_for_fields(const struct findings *fs, unsigned fields,
                           size_t *idx, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < fs->n; i++) {
        if (!(fs->f[i].rule->fields & fields))
            continue;
        if (n < max)
            idx[n] = i;
        n++;
    }
    return n;
}

void findings_ack(struct findings *fs, const char *id)
{
    for (size_t i = 0; i < fs->n; i++) {
        if (fs->f[i].severity == RULE_WARNING &&
            !strcmp(fs->f[i].rule->id, id))
            fs->f[i].acked = true;
    }
}

bool finding_can_fix(const struct finding *f)
{
    return f->rule->autofix != NULL && f->fix_arg != NULL;
}

int rules_apply_fix(struct plan *plan, const struct finding *f,
                    struct wiz_err *err)
{
    if (!finding_can_fix(f))
        return err_set(err, WIZ_EUSAGE,
                       "rule '%s' has no automatic fix", f->rule->id);
    return f->rule->autofix(plan, f, err);
}

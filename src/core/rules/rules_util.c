/*
 * Helpers the rule checks share: "is this switch in the plan", the offline
 * folder, SID patterns, and Windows path arithmetic done on strings (the
 * paths are the ones scanstate will see, not paths on this machine).
 */
#include "rules_impl.h"

#include <string.h>

#include "base/str.h"
#include "core/plan/cmdline.h"
#include "core/offline/users.h"

size_t rp_count(const struct plan *p, enum plan_sw id)
{
    return plan_count_switch(p, id);
}

const struct plan_switch *rp_find(const struct plan *p, enum plan_sw id)
{
    return plan_find_switch(p, id);
}

const char *rp_name(enum plan_sw id)
{
    static char buf[PLAN_SW_COUNT][24];
    const struct cmdline_switch_info *info = cmdline_switch_info(id);

    if (id <= PLAN_SW_STORE || id >= PLAN_SW_COUNT)
        return "StorePath";
    if (!buf[id][0]) {
        buf[id][0] = '/';
        strncpy(buf[id] + 1, info->name, sizeof(buf[id]) - 2);
    }
    return buf[id];
}

/* One of the verbatim switch lists holds "/name" or "/name:..." */
static bool strv_has_switch(const struct plan_strv *v, const char *name)
{
    size_t n = strlen(name);

    for (size_t i = 0; i < v->n; i++) {
        const char *s = v->items[i];

        if (s[0] == '/' && str_ncasecmp(s + 1, name, n) == 0 &&
            (s[n + 1] == '\0' || s[n + 1] == ':'))
            return true;
    }
    return false;
}

static bool has_user_rule(const struct plan *p, enum plan_user_kind kind)
{
    for (size_t i = 0; i < p->n_user_rules; i++) {
        if (p->user_rules[i].kind == kind)
            return true;
    }
    return false;
}

/* Does a field of the plan (not a typed record) give the switch? */
static bool field_has(const struct plan *p, enum plan_sw id)
{
    switch (id) {
    case PLAN_SW_STORE:
        return p->store_path != NULL;
    case PLAN_SW_O:
        return p->overwrite;
    case PLAN_SW_NOCOMPRESS:
        /* a typed /hardlink must come with a typed /nocompress */
        return p->store_kind == PLAN_STORE_UNCOMPRESSED ||
               (p->store_kind == PLAN_STORE_HARDLINK &&
                rp_count(p, PLAN_SW_HARDLINK) == 0);
    case PLAN_SW_HARDLINK:
        return p->store_kind == PLAN_STORE_HARDLINK;
    case PLAN_SW_ENCRYPT:
        return p->encrypt;
    case PLAN_SW_KEY:
        return p->key != NULL;
    case PLAN_SW_KEYFILE:
        return p->keyfile != NULL;
    case PLAN_SW_VSC:
        return p->vsc;
    case PLAN_SW_LOCALONLY:
        return p->localonly;
    case PLAN_SW_I:
        return p->xml_files.n > 0;
    case PLAN_SW_CONFIG:
        return p->config_path != NULL;
    case PLAN_SW_GENCONFIG:
        return p->genconfig != NULL;
    case PLAN_SW_GENMIGXML:
        return p->genmigxml != NULL;
    case PLAN_SW_AUTO:
        return p->auto_mode;
    case PLAN_SW_TARGETWINDOWS7:
        return p->target_windows7;
    case PLAN_SW_TARGETWINDOWS8:
        return p->target_windows8;
    case PLAN_SW_LISTFILES:
        return p->listfiles_path != NULL;
    case PLAN_SW_OFFLINE:
        return p->offline_mode == PLAN_OFFLINE_XML;
    case PLAN_SW_OFFLINEWINDIR:
        return p->offline_mode == PLAN_OFFLINE_WINDIR;
    case PLAN_SW_OFFLINEWINOLD:
        return p->offline_mode == PLAN_OFFLINE_WINOLD;
    case PLAN_SW_L:
        return p->log_path != NULL;
    case PLAN_SW_V:
        return p->verbosity != PLAN_UNSET;
    case PLAN_SW_PROGRESS:
        return p->progress_path != NULL;
    case PLAN_SW_C:
        return p->continue_on_error;
    case PLAN_SW_R:
        return p->retries != PLAN_UNSET;
    case PLAN_SW_W:
        return p->wait_secs != PLAN_UNSET;
    case PLAN_SW_P:
        return p->estimate;
    case PLAN_SW_ALL:
        return p->all_users;
    case PLAN_SW_UI:
        return p->sids.n > 0 || has_user_rule(p, PLAN_USER_UI);
    case PLAN_SW_UE:
        return p->sids.n > 0 || has_user_rule(p, PLAN_USER_UE);
    case PLAN_SW_UEL:
        return has_user_rule(p, PLAN_USER_UEL);
    case PLAN_SW_EFS:
        return p->efs != PLAN_EFS_UNSET;
    default:
        break;
    }
    if (id > PLAN_SW_STORE && id < PLAN_SW_COUNT) {
        const char *name = cmdline_switch_info(id)->name;

        return strv_has_switch(&p->other_switches, name) ||
               strv_has_switch(&p->loadstate_switches, name);
    }
    return false;
}

bool rp_has(const struct plan *p, enum plan_sw id)
{
    return rp_count(p, id) > 0 || field_has(p, id) ||
           (id > PLAN_SW_STORE && id < PLAN_SW_COUNT &&
            strv_has_switch(&p->extra_args, cmdline_switch_info(id)->name));
}

size_t rc_count(const struct rule_ctx *ctx, enum plan_sw id)
{
    const struct plan *c = ctx->choices;
    bool chosen;

    if (!c)
        return rp_count(ctx->plan, id);
    /* a key chosen in the wizard reaches scanstate as a key file */
    if (id == PLAN_SW_KEY)
        chosen = false;
    else if (id == PLAN_SW_KEYFILE)
        chosen = c->key || c->keyfile;
    else
        chosen = field_has(c, id);
    return rp_count(ctx->plan, id) + (chosen ? 1 : 0);
}

bool rp_offline(const struct plan *p)
{
    return p->offline_mode != PLAN_OFFLINE_NONE ||
           rp_count(p, PLAN_SW_OFFLINE) + rp_count(p, PLAN_SW_OFFLINEWINDIR) +
           rp_count(p, PLAN_SW_OFFLINEWINOLD) > 0;
}

const char *rp_windir(const struct plan *p)
{
    if (p->offline_mode == PLAN_OFFLINE_WINDIR ||
        p->offline_mode == PLAN_OFFLINE_WINOLD)
        return p->offline_windir;
    return NULL;
}

char rp_offline_letter(const struct plan *p)
{
    const char *wd = rp_windir(p);
    char l = wd ? winpath_letter(wd) : 0;

    if (l)
        return l;
    if (p->offline_volume >= 'a' && p->offline_volume <= 'z')
        return (char)(p->offline_volume - 'a' + 'A');
    return p->offline_volume;
}

bool rp_is_sid_pattern(const char *v)
{
    if (str_istarts_with(v, "S-1-"))
        return true;
    /* "*-500": a wildcard followed by SID parts */
    if (v[0] == '*' && v[1] == '-') {
        for (const char *q = v + 2; *q; q++) {
            if (!((*q >= '0' && *q <= '9') || *q == '-' || *q == '*'))
                return false;
        }
        return true;
    }
    return false;
}

bool rp_is_variable(const char *v)
{
    const char *pct;

    if (!v)
        return false;
    if (strchr(v, '$'))
        return true;
    pct = strchr(v, '%');
    if (pct && (strchr(pct + 1, '%') || pct[1] == '~' ||
                (pct[1] >= '0' && pct[1] <= '9')))
        return true;    /* %NAME%, and batch parameters %1 %~dp0 */
    pct = strchr(v, '<');
    return pct && strchr(pct + 1, '>');
}

bool rp_is_all_wildcard(const char *v)
{
    if (!*v)
        return false;
    for (const char *q = v; *q; q++) {
        if (*q != '*' && *q != '?' && *q != '\\')
            return false;
    }
    return true;
}

/* ---- which users the plan selects ---- */
bool rp_rule_selects(const struct plan *p, const struct win_user *u)
{
    if (plan_has_sid(p, u->sid))
        return true;
    for (size_t i = 0; i < p->n_user_rules; i++) {
        const struct plan_user_rule *r = &p->user_rules[i];

        if (r->kind == PLAN_USER_UI && rp_is_sid_pattern(r->value) &&
            str_wildmatch(r->value, u->sid))
            return true;
    }
    return false;
}

/* Does the plan narrow the selection (SIDs, /ui, /ue)? */
bool rp_narrows(const struct plan *p)
{
    return p->sids.n > 0 || p->n_user_rules > 0;
}

bool rp_user_selected(const struct plan *p, const struct win_user *u)
{
    /* a wizard plan with nothing ticked selects nobody */
    if (!rp_narrows(p) && p->n_switches == 0 && !p->all_users)
        return false;
    if (!rp_narrows(p))
        return u->kind != USER_BUILTIN;
    return rp_rule_selects(p, u);
}

/* ---- Windows paths ---------------------------------------------------------- */

static bool is_sep(char c)
{
    return c == '\\' || c == '/';
}

char winpath_letter(const char *p)
{
    char c = p[0];

    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    if (c >= 'A' && c <= 'Z' && p[1] == ':')
        return c;
    return 0;
}

bool winpath_is_unc(const char *p)
{
    return is_sep(p[0]) && is_sep(p[1]);
}

bool winpath_is_absolute(const char *p)
{
    return (winpath_letter(p) && is_sep(p[2])) || winpath_is_unc(p);
}

bool winpath_is_root(const char *p)
{
    if (winpath_letter(p)) {
        size_t i = 2;

        while (is_sep(p[i]))
            i++;
        return p[i] == '\0';
    }
    if (winpath_is_unc(p)) {
        /* \\server\share with at most a trailing separator */
        int parts = 0;
        const char *q = p + 2;

        while (*q) {
            while (*q && !is_sep(*q))
                q++;
            parts++;
            while (is_sep(*q))
                q++;
        }
        return parts <= 2;
    }
    return false;
}

bool winpath_inside(const char *child, const char *parent)
{
    size_t i = 0;
    size_t j = 0;

    if (!*parent)
        return false;
    for (;;) {
        char a = child[i];
        char b = parent[j];

        if (is_sep(a) && is_sep(b)) {
            while (is_sep(child[i]))
                i++;
            while (is_sep(parent[j]))
                j++;
            if (parent[j] == '\0')
                return true;
            continue;
        }
        if (b == '\0')
            return a == '\0' || is_sep(a);
        if (a == '\0')
            return is_sep(b) && parent[j + 1] == '\0';
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return false;
        i++;
        j++;
    }
}

const char *winpath_base(const char *p)
{
    const char *b = p;

    for (const char *q = p; *q; q++) {
        if (is_sep(*q) && q[1] != '\0')
            b = q + 1;
    }
    return b;
}

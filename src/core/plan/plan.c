#include "core/plan/plan.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/xalloc.h"
#include "platform/sys.h"

void plan_secure_zero(void *p, size_t n)
{
    sys_wipe(p, n);
}

char *plan_secret_dup(const char *s)
{
    size_t n;
    char *copy;

    if (!s)
        return NULL;
    n = strlen(s) + 1;
    copy = xmalloc(n);
    /* a refusal is logged by the platform layer; the key still works */
    sys_lock_memory(copy, n);
    memcpy(copy, s, n);
    return copy;
}

void plan_secret_free(char *s)
{
    if (s) {
        sys_unlock_memory(s, strlen(s) + 1);
        free(s);
    }
}

static void free_secret(char **s)
{
    plan_secret_free(*s);
    *s = NULL;
}

void plan_init(struct plan *plan)
{
    memset(plan, 0, sizeof(*plan));
    plan->offline_mode = PLAN_OFFLINE_NONE;
    plan->store_kind = PLAN_STORE_COMPRESSED;
    plan->efs = PLAN_EFS_UNSET;
    plan->verbosity = PLAN_UNSET;
    plan->retries = PLAN_UNSET;
    plan->wait_secs = PLAN_UNSET;
}

void plan_strv_release(struct plan_strv *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->items[i]);
    }
    free(v->items);
    v->items = NULL;
    v->n = 0;
    v->alloc = 0;
}

void plan_release(struct plan *plan)
{
    free(plan->offline_windir);
    free(plan->offline_windir_host);
    free(plan->offline_xml);
    plan_strv_release(&plan->extra_windirs);
    plan_strv_release(&plan->offline_mappings);
    plan_strv_release(&plan->sids);
    for (size_t i = 0; i < plan->n_user_rules; i++) {
        free(plan->user_rules[i].value);
    }
    free(plan->user_rules);
    free(plan->store_path);
    free(plan->working_dir);
    free(plan->temp_dir);
    free(plan->log_path);
    free(plan->progress_path);
    free(plan->listfiles_path);
    plan_strv_release(&plan->xml_files);
    free(plan->config_path);
    free(plan->encrypt_alg);
    free_secret(&plan->key);
    free(plan->keyfile);
    free(plan->estimate_path);
    free(plan->genconfig);
    free(plan->genmigxml);
    free(plan->auto_dir);
    free(plan->offline_arch);
    free(plan->fail_on_profile_error);
    for (size_t i = 0; i < plan->n_env; i++) {
        free(plan->env[i].name);
        free(plan->env[i].value);
    }
    free(plan->env);
    plan_strv_release(&plan->other_switches);
    plan_strv_release(&plan->loadstate_switches);
    plan_strv_release(&plan->unknown_switches);
    plan_strv_release(&plan->extra_args);
    for (size_t i = 0; i < plan->n_switches; i++) {
        free(plan->switches[i].text);
        free(plan->switches[i].name);
        free(plan->switches[i].value);
    }
    free(plan->switches);
    free(plan->program);
    plan_init(plan);
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static void strv_copy(struct plan_strv *dst, const struct plan_strv *src)
{
    memset(dst, 0, sizeof(*dst));
    for (size_t i = 0; i < src->n; i++)
        plan_strv_push(dst, src->items[i]);
}

void plan_copy(struct plan *dst, const struct plan *src)
{
    /* the scalars, then every owned part again */
    *dst = *src;
    dst->offline_windir = dup_or_null(src->offline_windir);
    dst->offline_windir_host = dup_or_null(src->offline_windir_host);
    dst->offline_xml = dup_or_null(src->offline_xml);
    strv_copy(&dst->extra_windirs, &src->extra_windirs);
    strv_copy(&dst->offline_mappings, &src->offline_mappings);
    strv_copy(&dst->sids, &src->sids);
    dst->user_rules = NULL;
    dst->n_user_rules = 0;
    dst->user_rules_alloc = 0;
    for (size_t i = 0; i < src->n_user_rules; i++)
        plan_add_user_rule(dst, src->user_rules[i].kind,
                           src->user_rules[i].value);
    dst->store_path = dup_or_null(src->store_path);
    dst->working_dir = dup_or_null(src->working_dir);
    dst->temp_dir = dup_or_null(src->temp_dir);
    dst->log_path = dup_or_null(src->log_path);
    dst->progress_path = dup_or_null(src->progress_path);
    dst->listfiles_path = dup_or_null(src->listfiles_path);
    strv_copy(&dst->xml_files, &src->xml_files);
    dst->config_path = dup_or_null(src->config_path);
    dst->encrypt_alg = dup_or_null(src->encrypt_alg);
    dst->key = plan_secret_dup(src->key);
    dst->keyfile = dup_or_null(src->keyfile);
    dst->estimate_path = dup_or_null(src->estimate_path);
    dst->genconfig = dup_or_null(src->genconfig);
    dst->genmigxml = dup_or_null(src->genmigxml);
    dst->auto_dir = dup_or_null(src->auto_dir);
    dst->offline_arch = dup_or_null(src->offline_arch);
    dst->fail_on_profile_error = dup_or_null(src->fail_on_profile_error);
    dst->env = NULL;
    dst->n_env = 0;
    dst->env_alloc = 0;
    for (size_t i = 0; i < src->n_env; i++)
        plan_set_env(dst, src->env[i].name, src->env[i].value);
    strv_copy(&dst->other_switches, &src->other_switches);
    strv_copy(&dst->loadstate_switches, &src->loadstate_switches);
    strv_copy(&dst->unknown_switches, &src->unknown_switches);
    strv_copy(&dst->extra_args, &src->extra_args);
    dst->program = dup_or_null(src->program);
    dst->switches = NULL;
    dst->n_switches = 0;
    dst->switches_alloc = 0;
    for (size_t i = 0; i < src->n_switches; i++) {
        const struct plan_switch *s = &src->switches[i];

        plan_add_switch(dst, s->id, s->text, s->name, s->value,
                        s->value_separate, s->pos);
    }
}

void plan_clear(struct plan *plan)
{
    plan_release(plan);
}

void plan_set_str(char **field, const char *value)
{
    char *copy = value ? xstrdup(value) : NULL;

    free(*field);
    *field = copy;
}

void plan_set_offline_windir(struct plan *plan, const char *windir,
                             const char *windir_host)
{
    plan_set_str(&plan->offline_windir, windir);
    plan_set_str(&plan->offline_windir_host, windir_host);
    if (windir && windir[0] && windir[1] == ':') {
        char c = windir[0];

        plan->offline_volume = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
    }
}

void plan_set_store_path(struct plan *plan, const char *path)
{
    plan_set_str(&plan->store_path, path);
}

void plan_set_working_dir(struct plan *plan, const char *dir)
{
    plan_set_str(&plan->working_dir, dir);
}

void plan_set_log_path(struct plan *plan, const char *path)
{
    plan_set_str(&plan->log_path, path);
}

void plan_set_progress_path(struct plan *plan, const char *path)
{
    plan_set_str(&plan->progress_path, path);
}

void plan_set_listfiles_path(struct plan *plan, const char *path)
{
    plan_set_str(&plan->listfiles_path, path);
}

void plan_set_config_path(struct plan *plan, const char *path)
{
    plan_set_str(&plan->config_path, path);
}

void plan_set_key(struct plan *plan, const char *key)
{
    char *copy = plan_secret_dup(key);

    free_secret(&plan->key);
    plan->key = copy;
}

void plan_set_keyfile(struct plan *plan, const char *path)
{
    plan_set_str(&plan->keyfile, path);
}

void plan_strv_push(struct plan_strv *v, const char *s)
{
    XGROW(v->items, v->alloc, v->n + 1);
    v->items[v->n++] = xstrdup(s);
}

char *plan_winpath_norm(const char *path)
{
    size_t n = strlen(path);
    const char *p = path;
    char *out;
    size_t o = 0;

    while (n && (*p == '"' || *p == ' ')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == '"' || p[n - 1] == ' '))
        n--;
    out = xmalloc(n + 2);
    for (size_t i = 0; i < n; i++) {
        char c = p[i] == '/' ? '\\' : p[i];

        /* one separator, except the two that open a UNC path */
        if (c == '\\' && o > 1 && out[o - 1] == '\\')
            continue;
        out[o++] = c;
    }
    while (o > 1 && out[o - 1] == '\\' && !(o == 3 && out[1] == ':') &&
           !(o == 2 && out[0] == '\\'))
        o--;
    if (o == 2 && out[1] == ':')
        out[o++] = '\\';
    out[o] = '\0';
    return out;
}

bool plan_winpath_eq(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    char *x = plan_winpath_norm(a);
    char *y = plan_winpath_norm(b);
    bool eq = str_ieq(x, y);

    free(x);
    free(y);
    return eq;
}

bool plan_strv_has(const struct plan_strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++) {
        if (str_ieq(v->items[i], s)) {
            return true;
        }
    }
    return false;
}

size_t plan_strv_remove(struct plan_strv *v, const char *s)
{
    size_t kept = 0;
    size_t removed = 0;

    for (size_t i = 0; i < v->n; i++) {
        if (str_ieq(v->items[i], s)) {
            free(v->items[i]);
            removed++;
        } else {
            v->items[kept++] = v->items[i];
        }
    }
    v->n = kept;
    return removed;
}

/* "S-1-5-21-...*": one whole SID and the star that takes its .bak twins */
static bool is_one_sid_star(const char *v)
{
    size_t n = strlen(v);

    if (n < 6 || !str_istarts_with(v, "S-1-") || v[n - 1] != '*')
        return false;
    for (size_t i = 4; i < n - 1; i++) {
        if (!((v[i] >= '0' && v[i] <= '9') || v[i] == '-'))
            return false;
    }
    return v[n - 2] != '-';
}

void plan_user_rules_to_sids(struct plan *plan)
{
    bool all_out = false;

    for (size_t i = 0; i < plan->n_user_rules; i++) {
        const struct plan_user_rule *r = &plan->user_rules[i];

        if (r->kind == PLAN_USER_UE && !strcmp(r->value, "*\\*"))
            all_out = true;
        else if (r->kind != PLAN_USER_UI || !is_one_sid_star(r->value))
            return;
    }
    if (!all_out || plan->n_user_rules < 2)
        return;
    for (size_t i = 0; i < plan->n_user_rules; i++) {
        struct plan_user_rule *r = &plan->user_rules[i];

        if (r->kind == PLAN_USER_UI) {
            r->value[strlen(r->value) - 1] = '\0';
            plan_add_sid(plan, r->value);
        }
        free(r->value);
    }
    plan->n_user_rules = 0;
}

void plan_add_sid(struct plan *plan, const char *sid)
{
    if (!plan_strv_has(&plan->sids, sid)) {
        plan_strv_push(&plan->sids, sid);
    }
}

bool plan_has_sid(const struct plan *plan, const char *sid)
{
    return plan_strv_has(&plan->sids, sid);
}

void plan_remove_sid(struct plan *plan, const char *sid)
{
    plan_strv_remove(&plan->sids, sid);
}

void plan_add_xml(struct plan *plan, const char *path)
{
    plan_strv_push(&plan->xml_files, path);
}

void plan_add_user_rule(struct plan *plan, enum plan_user_kind kind,
                        const char *value)
{
    XGROW(plan->user_rules, plan->user_rules_alloc, plan->n_user_rules + 1);
    struct plan_user_rule *r = &plan->user_rules[plan->n_user_rules++];

    r->kind = kind;
    r->value = xstrdup(value ? value : "");
}

static char **env_field(struct plan *plan, const char *name)
{
    if (str_ieq(name, "USMT_WORKING_DIR")) {
        return &plan->working_dir;
    }
    if (str_ieq(name, "TEMP")) {
        return &plan->temp_dir;
    }
    if (str_ieq(name, "MIG_OFFLINE_PLATFORM_ARCH")) {
        return &plan->offline_arch;
    }
    if (str_ieq(name, "MIG_FAIL_ON_PROFILE_ERROR")) {
        return &plan->fail_on_profile_error;
    }
    return NULL;
}

void plan_set_env(struct plan *plan, const char *name, const char *value)
{
    char **field = env_field(plan, name);

    if (field) {
        plan_set_str(field, value);
        return;
    }
    for (size_t i = 0; i < plan->n_env; i++) {
        if (!str_ieq(plan->env[i].name, name)) {
            continue;
        }
        if (value) {
            plan_set_str(&plan->env[i].value, value);
            return;
        }
        free(plan->env[i].name);
        free(plan->env[i].value);
        memmove(&plan->env[i], &plan->env[i + 1],
                (plan->n_env - i - 1) * sizeof(plan->env[0]));
        plan->n_env--;
        return;
    }
    if (!value) {
        return;
    }
    XGROW(plan->env, plan->env_alloc, plan->n_env + 1);
    plan->env[plan->n_env].name = xstrdup(name);
    plan->env[plan->n_env].value = xstrdup(value);
    plan->n_env++;
}

const char *plan_get_env(const struct plan *plan, const char *name)
{
    if (str_ieq(name, "USMT_WORKING_DIR")) {
        return plan->working_dir;
    }
    if (str_ieq(name, "TEMP")) {
        return plan->temp_dir ? plan->temp_dir : plan->working_dir;
    }
    if (str_ieq(name, "MIG_OFFLINE_PLATFORM_ARCH")) {
        return plan->offline_arch;
    }
    if (str_ieq(name, "MIG_FAIL_ON_PROFILE_ERROR")) {
        return plan->fail_on_profile_error;
    }
    for (size_t i = 0; i < plan->n_env; i++) {
        if (str_ieq(plan->env[i].name, name)) {
            return plan->env[i].value;
        }
    }
    return NULL;
}

void plan_add_switch(struct plan *plan, enum plan_sw id, const char *text,
                     const char *name, const char *value,
                     bool value_separate, int pos)
{
    XGROW(plan->switches, plan->switches_alloc, plan->n_switches + 1);
    struct plan_switch *sw = &plan->switches[plan->n_switches++];

    sw->id = id;
    sw->text = xstrdup(text ? text : "");
    sw->name = xstrdup(name ? name : "");
    sw->value = value ? xstrdup(value) : NULL;
    sw->value_separate = value_separate;
    sw->pos = pos;
}

size_t plan_count_switch(const struct plan *plan, enum plan_sw id)
{
    size_t n = 0;

    for (size_t i = 0; i < plan->n_switches; i++) {
        if (plan->switches[i].id == id) {
            n++;
        }
    }
    return n;
}

const struct plan_switch *plan_find_switch(const struct plan *plan,
                                           enum plan_sw id)
{
    for (size_t i = 0; i < plan->n_switches; i++) {
        if (plan->switches[i].id == id) {
            return &plan->switches[i];
        }
    }
    return NULL;
}

static const char *const efs_names[] = {
    [PLAN_EFS_UNSET] = "",
    [PLAN_EFS_ABORT] = "abort",
    [PLAN_EFS_SKIP] = "skip",
    [PLAN_EFS_DECRYPTCOPY] = "decryptcopy",
    [PLAN_EFS_COPYRAW] = "copyraw",
    [PLAN_EFS_HARDLINK] = "hardlink",
    [PLAN_EFS_INVALID] = "invalid",
};

const char *plan_efs_name(enum plan_efs efs)
{
    if ((size_t)efs >= sizeof(efs_names) / sizeof(efs_names[0])) {
        return "invalid";
    }
    return efs_names[efs];
}

enum plan_efs plan_efs_parse(const char *value)
{
    if (!value) {
        return PLAN_EFS_INVALID;
    }
    for (int e = PLAN_EFS_ABORT; e < PLAN_EFS_INVALID; e++) {
        if (str_ieq(value, efs_names[e])) {
            return (enum plan_efs)e;
        }
    }
    return PLAN_EFS_INVALID;
}

const char *plan_store_kind_word(enum plan_store_kind kind)
{
    return kind == PLAN_STORE_HARDLINK ? "hardlink"
           : kind == PLAN_STORE_UNCOMPRESSED ? "uncompressed" : "compressed";
}

const char *plan_store_kind_name(enum plan_store_kind kind)
{
    switch (kind) {
    case PLAN_STORE_COMPRESSED:
        return "compressed";
    case PLAN_STORE_UNCOMPRESSED:
        return "uncompressed";
    case PLAN_STORE_HARDLINK:
        return "hard-link";
    }
    return "unknown";
}

const char *plan_offline_mode_name(enum plan_offline_mode mode)
{
    switch (mode) {
    case PLAN_OFFLINE_NONE:
        return "none";
    case PLAN_OFFLINE_WINDIR:
        return "offlineWinDir";
    case PLAN_OFFLINE_XML:
        return "offline";
    case PLAN_OFFLINE_WINOLD:
        return "offlineWinOld";
    }
    return "unknown";
}

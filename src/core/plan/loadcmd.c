/*
 * The loadstate command line (include/core/plan/loadcmd.h).  Switch names
 * from Microsoft Learn "LoadState syntax" and the 10.0.15063 option table
 * (reference §2.2 "LoadState-only switches", §11 item 16).
 */
#include "core/plan/loadcmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"

enum lc_kind { LC_FLAG, LC_VALUE, LC_OPTVALUE, LC_LIST };

struct lc_switch {
    const char *name;
    enum lc_kind kind;
};

static const struct lc_switch switches[] = {
    { "i", LC_LIST },        { "config", LC_VALUE },
    { "decrypt", LC_OPTVALUE }, { "key", LC_VALUE },
    { "keyfile", LC_VALUE }, { "hardlink", LC_FLAG },
    { "nocompress", LC_FLAG }, { "lac", LC_OPTVALUE },
    { "lae", LC_FLAG },      { "mu", LC_LIST },
    { "md", LC_LIST },       { "ui", LC_LIST },
    { "ue", LC_LIST },       { "uel", LC_LIST },
    { "all", LC_FLAG },      { "c", LC_FLAG },
    { "v", LC_VALUE },       { "l", LC_VALUE },
    { "progress", LC_VALUE }, { "r", LC_VALUE },
    { "w", LC_VALUE },       { "sf", LC_FLAG },
    { "q", LC_FLAG },        { "?", LC_FLAG },
    { "help", LC_FLAG },
};
#define N_SWITCHES (sizeof(switches) / sizeof(switches[0]))

void loadcmd_init(struct loadcmd *lc)
{
    memset(lc, 0, sizeof(*lc));
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void loadcmd_release(struct loadcmd *lc)
{
    free(lc->store);
    free_list(lc->xml, lc->n_xml);
    free(lc->config);
    free(lc->decrypt_alg);
    free(lc->keyfile);
    free_list(lc->mu, lc->n_mu);
    free_list(lc->md, lc->n_md);
    free_list(lc->ui, lc->n_ui);
    free_list(lc->ue, lc->n_ue);
    free(lc->v);
    free(lc->l);
    free(lc->progress);
    free_list(lc->unknown, lc->n_unknown);
    free_list(lc->repeated, lc->n_repeated);
    loadcmd_init(lc);
}

static void push(char ***v, size_t *n, const char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof(**v));
    (*v)[(*n)++] = xstrdup(s);
}

static const struct lc_switch *lookup(const char *name, size_t len)
{
    for (size_t i = 0; i < N_SWITCHES; i++) {
        if (strlen(switches[i].name) == len &&
            !str_ncasecmp(switches[i].name, name, len))
            return &switches[i];
    }
    return NULL;
}

static void set_once(struct loadcmd *lc, char **slot, const char *name,
                     const char *value)
{
    if (*slot) {
        push(&lc->repeated, &lc->n_repeated, name);
        return;
    }
    *slot = xstrdup(value);
}

static void store_value(struct loadcmd *lc, const char *name,
                        const char *value)
{
    if (!strcmp(name, "i")) {
        push(&lc->xml, &lc->n_xml, value);
    } else if (!strcmp(name, "mu")) {
        push(&lc->mu, &lc->n_mu, value);
    } else if (!strcmp(name, "md")) {
        push(&lc->md, &lc->n_md, value);
    } else if (!strcmp(name, "ui")) {
        push(&lc->ui, &lc->n_ui, value);
    } else if (!strcmp(name, "ue")) {
        push(&lc->ue, &lc->n_ue, value);
    } else if (!strcmp(name, "config")) {
        set_once(lc, &lc->config, name, value);
    } else if (!strcmp(name, "keyfile")) {
        set_once(lc, &lc->keyfile, name, value);
    } else if (!strcmp(name, "v")) {
        set_once(lc, &lc->v, name, value);
    } else if (!strcmp(name, "l")) {
        set_once(lc, &lc->l, name, value);
    } else if (!strcmp(name, "progress")) {
        set_once(lc, &lc->progress, name, value);
    } else if (!strcmp(name, "decrypt")) {
        set_once(lc, &lc->decrypt_alg, name, value);
    }
}

static void set_flag(struct loadcmd *lc, const char *name)
{
    bool *flag = NULL;

    if (!strcmp(name, "hardlink")) {
        flag = &lc->hardlink;
    } else if (!strcmp(name, "nocompress")) {
        flag = &lc->nocompress;
    } else if (!strcmp(name, "lae")) {
        flag = &lc->lae;
    } else if (!strcmp(name, "all")) {
        flag = &lc->all;
    } else if (!strcmp(name, "c")) {
        flag = &lc->c;
    } else if (!strcmp(name, "q")) {
        flag = &lc->q;
    } else if (!strcmp(name, "decrypt")) {
        flag = &lc->decrypt;
    } else if (!strcmp(name, "lac")) {
        flag = &lc->lac;
    }
    if (!flag)
        return;
    if (*flag && strcmp(name, "decrypt") && strcmp(name, "lac"))
        push(&lc->repeated, &lc->n_repeated, name);
    *flag = true;
}

static bool is_switch(const char *a)
{
    return a[0] == '/' || (a[0] == '-' && a[1]);
}

int loadcmd_parse(struct loadcmd *lc, int argc, const char *const *argv,
                  struct wiz_err *err)
{
    loadcmd_init(lc);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];

        if (!is_switch(a)) {
            if (lc->store)
                push(&lc->unknown, &lc->n_unknown, a);
            else
                lc->store = xstrdup(a);
            continue;
        }
        const char *name = a + 1;
        const char *colon = strchr(name, ':');
        size_t len = colon ? (size_t)(colon - name) : strlen(name);
        const struct lc_switch *sw = lookup(name, len);

        if (str_istarts_with(name, "offline")) {
            lc->offline = true;
            continue;
        }
        if (!sw) {
            push(&lc->unknown, &lc->n_unknown, a);
            continue;
        }
        const char *value = colon ? colon + 1 : NULL;

        if (sw->kind == LC_FLAG) {
            set_flag(lc, sw->name);
            continue;
        }
        if (sw->kind == LC_OPTVALUE) {
            set_flag(lc, sw->name);
            if (!strcmp(sw->name, "lac")) {
                if (value && *value)
                    lc->lac_password = true;
            } else if (value && *value) {
                store_value(lc, sw->name, value);
            }
            continue;
        }
        if (!value && i + 1 < argc && !is_switch(argv[i + 1]))
            value = argv[++i];
        if (!value || !*value)
            return err_set(err, WIZ_EUSAGE,
                           "'/%s' needs a value: loadstate stops with rc 11 "
                           "\"An option argument is missing\"", sw->name);
        if (!strcmp(sw->name, "key")) {
            if (lc->key)
                push(&lc->repeated, &lc->n_repeated, "key");
            lc->key = value;
            continue;
        }
        if (!strcmp(sw->name, "r") || !strcmp(sw->name, "w") ||
            !strcmp(sw->name, "uel"))
            continue;
        store_value(lc, sw->name, value);
    }
    return 0;
}

bool loadcmd_split_map(const char *v, char *old_out, char *new_out, size_t n)
{
    /* account and domain names cannot hold ':', so the first one splits */
    const char *c = strchr(v, ':');

    if (!c || c == v || !c[1] || n == 0)
        return false;
    snprintf(old_out, n, "%.*s", (int)(c - v), v);
    snprintf(new_out, n, "%s", c + 1);
    return true;
}

static const char *account_part(const char *name)
{
    const char *bs = strrchr(name, '\\');

    return bs ? bs + 1 : name;
}

bool loadcmd_mu_new(const struct loadcmd *lc, const char *account,
                    const char *sid, char *new_out, size_t n)
{
    for (size_t i = 0; i < lc->n_mu; i++) {
        char old[512], nw[512];

        if (!loadcmd_split_map(lc->mu[i], old, nw, sizeof(old)))
            continue;
        if ((account && str_ieq(account_part(old), account)) ||
            (sid && str_ieq(old, sid))) {
            snprintf(new_out, n, "%s", nw);
            return true;
        }
    }
    return false;
}

bool loadcmd_mu_target(const struct loadcmd *lc, const char *account,
                       const char *sid, char *new_out, size_t n)
{
    char nw[512];

    if (!loadcmd_mu_new(lc, account, sid, nw, sizeof(nw)))
        return false;
    snprintf(new_out, n, "%s", account_part(nw));
    return true;
}

size_t loadcmd_md_index(const struct loadcmd *lc, const char *domain)
{
    for (size_t i = 0; domain && i < lc->n_md; i++) {
        char old[512], nw[512];

        if (!loadcmd_split_map(lc->md[i], old, nw, sizeof(old)))
            continue;
        if (str_ieq(old, domain) || str_wildmatch(old, domain))
            return i;
    }
    return (size_t)-1;
}

enum loadcmd_map loadcmd_map_account(const struct loadcmd *lc,
                                     const char *domain, const char *name,
                                     const char *sid, char *out, size_t n,
                                     size_t *at)
{
    char old[512], nw[512];

    for (size_t i = 0; i < lc->n_mu; i++) {
        if (!loadcmd_split_map(lc->mu[i], old, nw, sizeof(old)))
            continue;
        if ((name && str_ieq(account_part(old), name)) ||
            (sid && str_ieq(old, sid))) {
            snprintf(out, n, "%s", nw);
            if (at)
                *at = i;
            return LOADCMD_MAP_MU;
        }
    }
    size_t i = loadcmd_md_index(lc, domain);

    if (i != (size_t)-1 && name &&
        loadcmd_split_map(lc->md[i], old, nw, sizeof(old))) {
        snprintf(out, n, "%s\\%s", nw, name);
        if (at)
            *at = i;
        return LOADCMD_MAP_MD;
    }
    return LOADCMD_MAP_NONE;
}

bool loadcmd_is_azuread(const char *account)
{
    return account && str_istarts_with(account, "AzureAD\\");
}

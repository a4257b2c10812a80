#ifndef WIZ_CORE_PLAN_LOADCMD_H
#define WIZ_CORE_PLAN_LOADCMD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A loadstate command line, read switch by switch.  Syntax as for
 * scanstate (reference §2.1: "/x:value" or "/x value", any order); the
 * switch set is loadstate's (Microsoft Learn "LoadState syntax"): store,
 * /i /config /decrypt[:alg] /key /keyfile /hardlink /nocompress
 * /lac[:password] /lae /mu /md /ue /ui /all /c /v /l /progress /r /w /sf
 * /q /?.  A /lac password is never kept: only that one was given.
 */

struct wiz_err;

struct loadcmd {
    char *store;            /* owned, NULL when none */
    char **xml;             /* /i values, owned */
    size_t n_xml;
    char *config;           /* /config value, owned */
    bool decrypt;
    char *decrypt_alg;      /* "AES_256", NULL when /decrypt alone */
    const char *key;        /* /key value, borrowed from argv, never copied */
    char *keyfile;          /* /keyfile path, owned */
    bool hardlink;
    bool nocompress;
    bool lac;
    bool lac_password;      /* /lac:password typed on the line */
    bool lae;
    char **mu;              /* "old:new" values, owned */
    size_t n_mu;
    char **md;
    size_t n_md;
    char **ui;
    size_t n_ui;
    char **ue;
    size_t n_ue;
    bool all;
    bool q;                 /* run without administrator rights */
    bool c;
    char *v;
    char *l;
    char *progress;
    char **unknown;         /* switches loadstate does not know, owned */
    size_t n_unknown;
    char **repeated;        /* single-use switches given twice, owned */
    size_t n_repeated;
    bool offline;           /* an offline switch was typed (rc 36) */
};

void loadcmd_init(struct loadcmd *lc);
void loadcmd_release(struct loadcmd *lc);

/*
 * Read argv (the arguments after loadstate.exe) into lc (initialised
 * here).  Unknown and repeated switches are recorded, not errors; -1 only
 * when a switch that needs a value has none (err says which).  lc->key
 * points into argv: valid while argv is.
 */
int loadcmd_parse(struct loadcmd *lc, int argc, const char *const *argv,
                  struct wiz_err *err);

/*
 * Split a /mu or /md value "old:new" at the colon that separates the two
 * names; the pieces are written into old_out/new_out (size n).  False
 * when there is no separator.
 */
bool loadcmd_split_map(const char *v, char *old_out, char *new_out,
                       size_t n);

/*
 * The /mu that maps account (a user name without a domain, or a SID):
 * its old side is "ANY\\account", "account" or the SID.  Writes the new
 * side's account name (without its domain) into new_out (size n) and
 * returns true; false when no /mu maps it.
 */
bool loadcmd_mu_target(const struct loadcmd *lc, const char *account,
                       const char *sid, char *new_out, size_t n);

/*
 * As loadcmd_mu_target, but writes the whole new side, domain included
 * ("AzureAD\\ana@contoso.com", "PC-NEW\\ana").
 */
bool loadcmd_mu_new(const struct loadcmd *lc, const char *account,
                    const char *sid, char *new_out, size_t n);

/*
 * The /md that moves domain (its OLD side equal in any case, or a
 * wildcard pattern matching it): its index in lc->md, or (size_t)-1.
 * The first one wins.
 */
size_t loadcmd_md_index(const struct loadcmd *lc, const char *domain);

enum loadcmd_map {
    LOADCMD_MAP_NONE,       /* the account of the same name */
    LOADCMD_MAP_MU,         /* a /mu maps the user */
    LOADCMD_MAP_MD,         /* a /md moves the user's domain */
};

/*
 * The account a stored user lands in: "NEW\\user" from a /mu that maps
 * it (account name or SID), else "NEWDOMAIN\\user" from a /md that moves
 * its domain (domain NULL: a local user, no /md applies), else nothing.
 * A /mu wins over a /md: LoadState syntax documents each alone and is
 * silent on the two together; the mapping of the one user is taken as
 * the more specific.  Writes into out (size n); *at is the index of the
 * switch in lc->mu or lc->md (may be NULL).
 */
enum loadcmd_map loadcmd_map_account(const struct loadcmd *lc,
                                     const char *domain, const char *name,
                                     const char *sid, char *out, size_t n,
                                     size_t *at);

/* True when an account name is in the AzureAD\\ domain (any case). */
bool loadcmd_is_azuread(const char *account);

#endif

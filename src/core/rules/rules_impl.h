#ifndef WIZ_CORE_RULES_IMPL_H
#define WIZ_CORE_RULES_IMPL_H

/*
 * Private to the rule engine (src/core/rules*.c): each area file exports
 * its part of the table; rules.c joins them in a fixed order.  Helpers
 * shared by the checks live in rules_util.c.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/plan/plan.h"
#include "core/rules/rules.h"

struct rule_out {
    const struct rule *rule;
    struct findings *fs;
};

const struct rule *rules_env_table(size_t *n);
const struct rule *rules_offline_table(size_t *n);
const struct rule *rules_users_table(size_t *n);
const struct rule *rules_switches_table(size_t *n);
const struct rule *rules_store_table(size_t *n);
const struct rule *rules_xml_table(size_t *n);
const struct rule *rules_restore_table(size_t *n);
/* Why a restore rule cannot run on ctx, or NULL (rules_restore.c). */
const char *rules_restore_missing(const struct rule *r,
                                  const struct rule_ctx *ctx);
/* The long explanation of a restore rule, or NULL (borrowed, static). */
const char *rules_restore_explanation(const char *id);
/* Entry i of the restore explanations; false past the end. */
bool rules_restore_explanation_at(size_t i, const char **id,
                                  const char **text);

/*
 * Is this switch part of the plan?  A command line read by the parser
 * answers from what was typed; a plan built in the wizard from its fields
 * (the builder emits /hardlink with /nocompress, so a typed /hardlink
 * without /nocompress is still seen).
 */
bool rp_has(const struct plan *p, enum plan_sw id);
/*
 * Record that part of what out's rule checks could not be checked, and
 * why (listed with the rules skipped for missing facts).
 */
void rule_skip(struct rule_out *out, const char *why);
/* Number of times the switch was typed (0 for a wizard plan). */
size_t rp_count(const struct plan *p, enum plan_sw id);
/*
 * Number of times scanstate gets the switch: as typed, plus once when the
 * wizard's own choices (ctx->choices) emit it beside typed extra switches.
 */
size_t rc_count(const struct rule_ctx *ctx, enum plan_sw id);
/* The first typed occurrence, or NULL. */
const struct plan_switch *rp_find(const struct plan *p, enum plan_sw id);
/* "/hardlink": the switch as scanstate spells it, for messages. */
const char *rp_name(enum plan_sw id);
/* The plan runs offline (any offline switch). */
bool rp_offline(const struct plan *p);
/* The offline Windows folder as scanstate sees it, or NULL. */
const char *rp_windir(const struct plan *p);
/* Drive letter of the offline Windows (its folder, else the plan's
 * offline volume), 0 when unknown. */
char rp_offline_letter(const struct plan *p);
/* A /ui or /ue value is a SID pattern ("S-1-5-21-...*", "*-500"). */
bool rp_is_sid_pattern(const char *v);
/*
 * The text still holds a variable a script would expand ($x, %x%, <x>):
 * its value cannot be judged.
 */
bool rp_is_variable(const char *v);
/* A value made of wildcards and separators only ("*", "*\\*"). */
bool rp_is_all_wildcard(const char *v);

struct win_user;
/* A /ui SID pattern or a plan SID selects u. */
bool rp_rule_selects(const struct plan *p, const struct win_user *u);
/* The plan narrows the selection (SIDs, /ui, /ue, /uel). */
bool rp_narrows(const struct plan *p);
/* u is migrated by the plan (everyone but built-ins when not narrowed). */
bool rp_user_selected(const struct plan *p, const struct win_user *u);

/* Windows path helpers (backslash or slash, ASCII case-insensitive). */
char winpath_letter(const char *p);          /* 'D' for "D:\\x", else 0 */
bool winpath_is_root(const char *p);         /* "C:\\", "\\\\srv\\share" */
bool winpath_inside(const char *child, const char *parent); /* or equal */
bool winpath_is_absolute(const char *p);
bool winpath_is_unc(const char *p);
/* Last component ("MigDocs.xml" for "C:\\u\\MigDocs.xml"). */
const char *winpath_base(const char *p);

#endif

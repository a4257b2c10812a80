/*
 * usmtwiz lint: check an existing scanstate command line (and the
 * environment it would run in) against every rule, print the findings and
 * say whether scanstate would run.  Exit 0 when nothing blocks, 1 when an
 * error does, 2 on bad usage.  "--list-rules" prints the rule table (text
 * or Markdown) for the documentation, "--explain ID" one rule at length.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/attr.h"
#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "cmd.h"
#include "cmd_lint_restore.h"
#include "core/plan/cmdline.h"
#include "core/plan/plan.h"
#include "core/rules/rules.h"
#include "core/plan/winquote.h"
#include "core/session/wizard.h"
#include "platform/share.h"

static const char usage_text[] =
    "usage: usmtwiz lint [OPTIONS] [--] SCANSTATE-ARGS...\n"
    "       usmtwiz lint [OPTIONS] \"WHOLE COMMAND LINE\"\n"
    "       usmtwiz lint --list-rules [--markdown] [--screen NAME]\n"
    "       usmtwiz lint --explain RULE-ID\n"
    "\n"
    "Check a scanstate command line against every rule usmtwiz knows.\n"
    "A leading scanstate.exe path is skipped.  A loadstate line\n"
    "(loadstate.exe first) gets the restore rules: the store's\n"
    "usmtwiz report is read when the store folder is found, and\n"
    "the new PC's Windows on --volume under --volume-root.\n"
    "\n"
    "Options:\n"
    "  --volume-root DIR   drives are the sub-folders of DIR (C, D, ...)\n"
    "  --volume V          the offline Windows is on drive V\n"
    "  --winpe             judge as if running in Windows PE\n"
    "  --share \\\\SRV\\SHARE=DIR  the folder DIR plays that file share\n"
    "                      (repeatable; practice on this machine)\n"
    "  --usmt DIR          the USMT folder scanstate.exe would run from\n"
    "  --env NAME=VALUE    an environment variable scanstate gets\n"
    "                      (repeatable: USMT_WORKING_DIR, TEMP, ...)\n"
    "  --list-rules        print the rule table and exit\n"
    "  --markdown          with --list-rules: a Markdown table\n"
    "  --screen NAME       with --list-rules: only the rules the wizard\n"
    "                      screen NAME shows (environment, volume, users,\n"
    "                      store, migrate, options)\n"
    "  --explain RULE-ID   what the rule checks, why it matters, its fix,\n"
    "                      severity, fields and source\n"
    "\n"
    "Exit status: 0 nothing blocks the run (--explain: explained),\n"
    "1 an error blocks it (--explain: no such rule), 2 bad usage.\n";

struct lint_opts {
    const char *volume_root;
    char volume;
    bool winpe;
    const char *usmt;
    const char **env;
    size_t n_env;
    bool list_rules;
    bool markdown;
    const char *screen;
    const char *explain;
    char **args;
    int n_args;
};

static int usage_error(const char *fmt, ...)
    WIZ_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("usmtwiz lint: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n", stderr);
    fputs(usage_text, stderr);
    return WIZ_EXIT_USAGE;
}

/* Returns -1 on success, else the exit status to return. */
static int parse_opts(int argc, char **argv, struct lint_opts *o)
{
    int i = 1;

    for (; i < argc; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (a[0] != '-' || a[1] != '-')
            break;
        if (!strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            return WIZ_EXIT_OK;
        }
        if (!strcmp(a, "--winpe")) {
            o->winpe = true;
        } else if (!strcmp(a, "--list-rules")) {
            o->list_rules = true;
        } else if (!strcmp(a, "--markdown")) {
            o->markdown = true;
        } else if (!strcmp(a, "--volume-root") || !strcmp(a, "--volume") ||
                   !strcmp(a, "--usmt") || !strcmp(a, "--env") ||
                   !strcmp(a, "--screen") || !strcmp(a, "--explain") ||
                   !strcmp(a, "--share")) {
            if (i + 1 >= argc)
                return usage_error("'%s' needs a value", a);
            const char *v = argv[++i];
            struct wiz_err err;

            if (!strcmp(a, "--share")) {
                if (share_map(v, &err) < 0)
                    return usage_error("%s", err.msg);
            } else if (!strcmp(a, "--volume-root")) {
                o->volume_root = v;
            } else if (!strcmp(a, "--screen")) {
                o->screen = v;
            } else if (!strcmp(a, "--explain")) {
                o->explain = v;
            } else if (!strcmp(a, "--usmt")) {
                o->usmt = v;
            } else if (!strcmp(a, "--volume")) {
                char c = v[0];

                if (c >= 'a' && c <= 'z')
                    c = (char)(c - 'a' + 'A');
                if (!(c >= 'A' && c <= 'Z') ||
                    (v[1] && !(v[1] == ':' && (!v[2] || !strcmp(v + 2, "\\")))))
                    return usage_error("'%s' is not a drive letter", v);
                o->volume = c;
            } else {
                const char *eq = strchr(v, '=');

                if (!eq || eq == v)
                    return usage_error("'--env %s': expected NAME=VALUE", v);
                o->env = xreallocarray(o->env, o->n_env + 1, sizeof(*o->env));
                o->env[o->n_env++] = v;
            }
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    o->args = argv + i;
    o->n_args = argc - i;
    return -1;
}

/* ---- --list-rules ------------------------------------------------------------ */

static void md_cell(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '|')
            fputs("\\|", stdout);
        else
            putchar(*p);
    }
}

/* The wizard screen called name, or NULL. */
static const struct wizard_screen_part *find_screen(const char *name)
{
    size_t n;
    const struct wizard_screen_part *s = wizard_screen_parts(&n);

    for (size_t i = 0; i < n; i++) {
        if (str_ieq(s[i].name, name))
            return &s[i];
    }
    return NULL;
}

static int unknown_screen(const char *name)
{
    size_t n;
    const struct wizard_screen_part *s = wizard_screen_parts(&n);
    struct strbuf sb = STRBUF_INIT;
    int rc;

    for (size_t i = 0; i < n; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", s[i].name);
    rc = usage_error("no screen '%s' shows findings (screens: %s)", name,
                     sb.buf);
    strbuf_release(&sb);
    return rc;
}

static int list_rules(bool markdown, const char *screen)
{
    size_t n;
    const struct rule *t = rules_list(&n);
    struct strbuf sb = STRBUF_INIT;
    unsigned fields = RF_ALL;

    if (screen) {
        const struct wizard_screen_part *s = find_screen(screen);

        if (!s)
            return unknown_screen(screen);
        fields = wizard_part_fields(s->part);
    }

    if (markdown) {
        puts("| Rule | Severity | Concerns | What it catches | Fix | Source |");
        puts("|---|---|---|---|---|---|");
    }
    for (size_t i = 0; i < n; i++) {
        if (!(t[i].fields & fields))
            continue;
        strbuf_reset(&sb);
        rule_fields_describe(t[i].fields, &sb);
        if (markdown) {
            printf("| `%s` | %s | %s | ", t[i].id,
                   rule_severity_name(t[i].severity), strbuf_str(&sb));
            md_cell(t[i].summary);
            fputs(" | ", stdout);
            md_cell(t[i].fix);
            printf(" | %s %s%s |\n", t[i].ref, t[i].doc,
                   t[i].autofix ? " (automatic fix)" : "");
        } else {
            printf("%-28s %-7s %-20s %s [%s %s]%s\n", t[i].id,
                   rule_severity_name(t[i].severity), strbuf_str(&sb),
                   t[i].summary, t[i].ref, t[i].doc,
                   t[i].autofix ? " (fix)" : "");
        }
    }
    strbuf_release(&sb);
    return WIZ_EXIT_OK;
}

/* ---- --explain ----------------------------------------------------------------- */

static int explain_rule(const char *id)
{
    char *text = wizard_rule_explanation(id);

    if (!text) {
        const char *near[5];
        size_t n = rules_suggest(id, near, 5);
        char *safe = utf8_escape_for_terminal(id);

        printf("There is no rule '%s'.\n", safe);
        free(safe);
        if (n) {
            printf("Did you mean:");
            for (size_t i = 0; i < n; i++)
                printf("%s %s", i ? "," : "", near[i]);
            printf("?\n");
        }
        printf("Every rule: 'usmtwiz lint --list-rules'.\n");
        return WIZ_EXIT_FAIL;
    }
    fputs(text, stdout);
    free(text);
    return WIZ_EXIT_OK;
}

/* ---- the command line ------------------------------------------------------- */

static bool is_program(const char *tok)
{
    const char *b = tok;

    for (const char *p = tok; *p; p++) {
        if ((*p == '\\' || *p == '/') && p[1])
            b = p + 1;
    }
    return str_ieq(b, "scanstate.exe") || str_ieq(b, "scanstate") ||
           str_ieq(b, "loadstate.exe") || str_ieq(b, "loadstate");
}

/*
 * Split off a leading program path (and anything a wrapper put before it,
 * such as 'IF EXIST "...\scanstate.exe"' or 'cmd /c').
 */
static size_t find_args(char **argv, size_t argc, const char **program)
{
    size_t i = 0;

    *program = NULL;
    for (size_t j = 0; j < argc && j < 8; j++) {
        if (is_program(argv[j])) {
            i = j + 1;
            *program = argv[j];
            while (i < argc && is_program(argv[i]))
                *program = argv[i++];
            break;
        }
    }
    return i;
}

/*
 * A whole line pasted from a script may wrap scanstate in something else
 * ('cmd /c "...\scanstate.exe ..."', 'Start-Process cmd.exe -ArgumentList
 * "/k ...\ScanState.exe ..."').  Return what follows the first
 * scanstate.exe/loadstate.exe (and its closing quote), and the program's
 * file name in *program (caller frees); the line itself when there is none.
 */
static const char *unwrap(const char *line, char **program)
{
    static const char *const names[] = { "scanstate.exe", "loadstate.exe" };
    const char *hit = NULL;
    const char *name = NULL;

    *program = NULL;
    for (size_t i = 0; i < 2; i++) {
        const char *h = str_icasestr(line, names[i]);

        if (h && (!hit || h < hit)) {
            hit = h;
            name = names[i];
        }
    }
    if (!hit)
        return line;
    const char *rest = hit + strlen(name);

    if (*rest && *rest != ' ' && *rest != '\t' && *rest != '"')
        return line;
    *program = xstrndup(hit, strlen(name));
    if (*rest == '"')
        rest++;
    return rest;
}

/* ---- output ----------------------------------------------------------------- */

static void put_text(FILE *out, const char *s)
{
    char *safe = utf8_escape_for_terminal(s);

    fputs(safe, out);
    free(safe);
}

static void print_finding(const struct finding *f)
{
    printf("%-7s %s: ", rule_severity_name(f->severity), f->rule->id);
    put_text(stdout, f->message);
    fputs("\n        fix: ", stdout);
    put_text(stdout, f->fix);
    if (finding_can_fix(f))
        fputs(" (the wizard applies it in one key)", stdout);
    printf("\n        see: %s, %s\n", f->rule->ref, f->rule->doc);
}

/* "not checked (why): id, id, ..." grouped by reason. */
static void print_skipped(const struct findings *fs)
{
    bool *done = xcalloc(fs->n_skipped + 1, sizeof(bool));

    for (size_t i = 0; i < fs->n_skipped; i++) {
        if (done[i])
            continue;
        const char *why = strstr(fs->skipped[i], ": ") + 2;

        printf("not checked (%s): ", why);
        for (size_t j = i, first = 1; j < fs->n_skipped; j++) {
            const char *w = strstr(fs->skipped[j], ": ") + 2;

            if (done[j] || strcmp(w, why))
                continue;
            done[j] = true;
            printf("%s%.*s", first ? "" : ", ",
                   (int)(w - 2 - fs->skipped[j]), fs->skipped[j]);
            first = 0;
        }
        putchar('\n');
    }
    free(done);
}

static int run_lint(const struct lint_opts *o)
{
    struct winquote_argv split;
    struct plan plan;
    struct wiz_err err;
    struct strbuf notes = STRBUF_INIT;
    struct wizard w;
    const struct findings *fs;
    char **argv = o->args;
    size_t argc = (size_t)o->n_args;
    const char *program;
    int rc;

    char *prog_text = NULL;

    winquote_argv_init(&split);
    if (argc == 1 && strpbrk(argv[0], " \t")) {
        const char *line = unwrap(argv[0], &prog_text);

        if (winquote_split(line, 0, CMDLINE_MAX_ARG_LEN, CMDLINE_MAX_ARGS,
                           &split, &err) < 0) {
            free(prog_text);
            fprintf(stderr, "usmtwiz lint: %s\n", err.msg);
            winquote_argv_release(&split);
            return WIZ_EXIT_USAGE;
        }
        argv = split.argv;
        argc = split.argc;
    }
    size_t first = find_args(argv, argc, &program);

    if (!program)
        program = prog_text;

    if (first >= argc && !program) {
        winquote_argv_release(&split);
        free(prog_text);
        return usage_error("%s", "no scanstate arguments to check");
    }
    if (lint_restore_is_loadstate(program)) {
        struct lint_restore_opts ro = { o->volume_root, o->volume, o->winpe,
                                        o->usmt };

        rc = lint_restore(&ro, (int)(argc - first),
                          (const char *const *)argv + first);
        winquote_argv_release(&split);
        free(prog_text);
        return rc;
    }
    plan_init(&plan);
    if (cmdline_parse_argv(&plan, (int)(argc - first),
                           (const char *const *)argv + first, &err) < 0) {
        fprintf(stderr, "usmtwiz lint: %s\n", err.msg);
        plan_release(&plan);
        winquote_argv_release(&split);
        free(prog_text);
        return WIZ_EXIT_USAGE;
    }
    plan_user_rules_to_sids(&plan);
    for (size_t i = 0; i < o->n_env; i++) {
        char *name = xstrndup(o->env[i], (size_t)(strchr(o->env[i], '=') -
                                                  o->env[i]));

        plan_set_env(&plan, name, strchr(o->env[i], '=') + 1);
        free(name);
    }
    if (o->volume && !plan.offline_volume)
        plan.offline_volume = o->volume;
    {
        struct wizard_opts wo;

        memset(&wo, 0, sizeof(wo));
        wo.volume_root = o->volume_root;
        wo.usmt_dir = o->usmt;
        wo.winpe = o->winpe;
        wizard_init(&w, &wo);
    }
    /* the facts as every front-end gathers them, then the rules */
    wizard_from_line(&w, &plan, o->volume, program, &notes);
    fs = wizard_rule_findings(&w);

    fputs(notes.buf ? notes.buf : "", stdout);
    for (size_t i = 0; i < fs->n; i++)
        print_finding(&fs->f[i]);
    print_skipped(fs);
    size_t ne = findings_count(fs, RULE_ERROR);
    size_t nw = findings_count(fs, RULE_WARNING);
    size_t ni = findings_count(fs, RULE_INFO);

    printf("lint: %zu error%s, %zu warning%s, %zu info: %s\n", ne,
           ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s", ni,
           ne ? "scanstate would not run as given"
              : nw ? "nothing blocks the run (read the warnings)"
                   : "nothing blocks the run");
    rc = ne ? WIZ_EXIT_FAIL : WIZ_EXIT_OK;

    wizard_release(&w);
    strbuf_release(&notes);
    plan_release(&plan);
    winquote_argv_release(&split);
    free(prog_text);
    return rc;
}

int cmd_lint(int argc, char **argv)
{
    struct lint_opts o;
    int rc;

    memset(&o, 0, sizeof(o));
    rc = parse_opts(argc, argv, &o);
    if (rc < 0) {
        if (o.explain)
            rc = explain_rule(o.explain);
        else if (o.list_rules)
            rc = list_rules(o.markdown, o.screen);
        else if (o.n_args == 0)
            rc = usage_error("%s", "no scanstate arguments to check");
        else
            rc = run_lint(&o);
    }
    free(o.env);
    return rc;
}

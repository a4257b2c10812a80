#include "core/plan/cmdline.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/plan/winquote.h"

#define N CMDLINE_ARG_NONE
#define R CMDLINE_ARG_REQUIRED
#define O CMDLINE_ARG_OPTIONAL

/* id, name, arg, repeatable, loadstate_only, undocumented */
static const struct cmdline_switch_info switch_table[] = {
    { PLAN_SW_UNKNOWN, "", N, true, false, false },
    { PLAN_SW_STORE, "", N, true, false, false },
    { PLAN_SW_O, "o", N, false, false, false },
    { PLAN_SW_NOCOMPRESS, "nocompress", N, false, false, false },
    { PLAN_SW_HARDLINK, "hardlink", N, false, false, false },
    { PLAN_SW_ENCRYPT, "encrypt", O, false, false, false },
    { PLAN_SW_KEY, "key", R, false, false, false },
    { PLAN_SW_KEYFILE, "keyfile", R, false, false, false },
    { PLAN_SW_VSC, "vsc", O, false, false, false },
    { PLAN_SW_LOCALONLY, "localonly", N, false, false, false },
    { PLAN_SW_APPS, "apps", O, false, false, false },
    { PLAN_SW_PPKG, "ppkg", O, false, false, false },
    { PLAN_SW_DRIVERS, "drivers", O, false, false, true },
    { PLAN_SW_DIFF, "diff", R, false, false, true },
    { PLAN_SW_I, "i", R, true, false, false },
    { PLAN_SW_CONFIG, "config", R, false, false, false },
    { PLAN_SW_GENCONFIG, "genconfig", R, false, false, false },
    { PLAN_SW_GENMIGXML, "genmigxml", R, false, false, false },
    { PLAN_SW_AUTO, "auto", O, false, false, false },
    { PLAN_SW_TARGETWINDOWS7, "targetWindows7", N, false, false, false },
    { PLAN_SW_TARGETWINDOWS8, "targetWindows8", N, false, false, false },
    { PLAN_SW_LISTFILES, "listfiles", R, false, false, false },
    { PLAN_SW_OFFLINE, "offline", R, false, false, false },
    { PLAN_SW_OFFLINEWINDIR, "offlineWinDir", R, false, false, false },
    { PLAN_SW_OFFLINEWINOLD, "offlineWinOld", R, false, false, false },
    { PLAN_SW_L, "l", R, false, false, false },
    { PLAN_SW_V, "v", R, false, false, false },
    { PLAN_SW_PROGRESS, "progress", R, false, false, false },
    { PLAN_SW_C, "c", N, false, false, false },
    { PLAN_SW_R, "r", R, false, false, false },
    { PLAN_SW_W, "w", R, false, false, false },
    { PLAN_SW_P, "p", O, false, false, false },
    { PLAN_SW_TEL, "tel", O, false, false, true },
    { PLAN_SW_HELP, "?", N, false, false, false },
    { PLAN_SW_ALL, "all", N, false, false, false },
    { PLAN_SW_UI, "ui", R, true, false, false },
    { PLAN_SW_UE, "ue", R, true, false, false },
    { PLAN_SW_UEL, "uel", R, true, false, false },
    { PLAN_SW_EFS, "efs", R, false, false, false },
    { PLAN_SW_NONADMIN, "nonadmin", N, false, false, true },
    { PLAN_SW_LAC, "lac", O, false, true, false },
    { PLAN_SW_LAE, "lae", N, false, true, false },
    { PLAN_SW_MD, "md", R, true, true, false },
    { PLAN_SW_MU, "mu", R, true, true, false },
    { PLAN_SW_SF, "sf", N, false, true, false },
    { PLAN_SW_DECRYPT, "decrypt", O, false, true, false },
};

#undef N
#undef R
#undef O

#define TABLE_LEN (sizeof(switch_table) / sizeof(switch_table[0]))

const struct cmdline_switch_info *cmdline_switch_info(enum plan_sw id)
{
    for (size_t i = 0; i < TABLE_LEN; i++) {
        if (switch_table[i].id == id) {
            return &switch_table[i];
        }
    }
    return &switch_table[0];
}

enum plan_sw cmdline_switch_lookup(const char *name)
{
    if (str_ieq(name, "help")) {
        return PLAN_SW_HELP;
    }
    for (size_t i = 2; i < TABLE_LEN; i++) {
        if (str_ieq(switch_table[i].name, name)) {
            return switch_table[i].id;
        }
    }
    return PLAN_SW_UNKNOWN;
}

static bool is_switch(const char *arg)
{
    return arg[0] == '/' && arg[1] != '\0';
}

/* "12" → 12; anything else PLAN_INVALID (values stay far below INT_MAX). */
static int parse_int(const char *s)
{
    uint64_t v;

    if (!s || !*s || s[0] < '0' || s[0] > '9' || str_to_u64(s, &v) < 0 ||
        v > 1000000) {
        return PLAN_INVALID;
    }
    return (int)v;
}

static void apply_value_switch(struct plan *plan, enum plan_sw id,
                               const char *value)
{
    switch (id) {
    case PLAN_SW_KEY:
        plan_set_key(plan, value ? value : "");
        break;
    case PLAN_SW_KEYFILE:
        plan_set_str(&plan->keyfile, value ? value : "");
        break;
    case PLAN_SW_I:
        plan_add_xml(plan, value ? value : "");
        break;
    case PLAN_SW_CONFIG:
        plan_set_str(&plan->config_path, value ? value : "");
        break;
    case PLAN_SW_GENCONFIG:
        plan_set_str(&plan->genconfig, value ? value : "");
        break;
    case PLAN_SW_GENMIGXML:
        plan_set_str(&plan->genmigxml, value ? value : "");
        break;
    case PLAN_SW_LISTFILES:
        plan_set_str(&plan->listfiles_path, value ? value : "");
        break;
    case PLAN_SW_L:
        plan_set_str(&plan->log_path, value ? value : "");
        break;
    case PLAN_SW_PROGRESS:
        plan_set_str(&plan->progress_path, value ? value : "");
        break;
    case PLAN_SW_V:
        plan->verbosity = parse_int(value);
        break;
    case PLAN_SW_R:
        plan->retries = parse_int(value);
        break;
    case PLAN_SW_W:
        plan->wait_secs = parse_int(value);
        break;
    case PLAN_SW_EFS:
        plan->efs = plan_efs_parse(value);
        break;
    case PLAN_SW_UI:
        plan_add_user_rule(plan, PLAN_USER_UI, value);
        break;
    case PLAN_SW_UE:
        plan_add_user_rule(plan, PLAN_USER_UE, value);
        break;
    case PLAN_SW_UEL:
        plan_add_user_rule(plan, PLAN_USER_UEL, value);
        break;
    default:
        break;
    }
}

static void set_offline(struct plan *plan, enum plan_offline_mode mode,
                        const char *value)
{
    /* several offline switches: the rules report it; keep the last */
    plan->offline_mode = mode;
    if (mode == PLAN_OFFLINE_XML) {
        plan_set_str(&plan->offline_xml, value ? value : "");
    } else {
        plan_set_offline_windir(plan, value ? value : "", NULL);
    }
}

/* Put what one recognised switch means into the plan's fields. */
static void apply_switch(struct plan *plan, enum plan_sw id,
                         const char *value, const char *text)
{
    switch (id) {
    case PLAN_SW_O:
        plan->overwrite = true;
        break;
    case PLAN_SW_NOCOMPRESS:
        if (plan->store_kind == PLAN_STORE_COMPRESSED) {
            plan->store_kind = PLAN_STORE_UNCOMPRESSED;
        }
        break;
    case PLAN_SW_HARDLINK:
        plan->store_kind = PLAN_STORE_HARDLINK;
        break;
    case PLAN_SW_ENCRYPT:
        plan->encrypt = true;
        plan_set_str(&plan->encrypt_alg, value);
        break;
    case PLAN_SW_VSC:
        plan->vsc = true;
        break;
    case PLAN_SW_LOCALONLY:
        plan->localonly = true;
        break;
    case PLAN_SW_C:
        plan->continue_on_error = true;
        break;
    case PLAN_SW_P:
        plan->estimate = true;
        plan_set_str(&plan->estimate_path, value);
        break;
    case PLAN_SW_AUTO:
        plan->auto_mode = true;
        plan_set_str(&plan->auto_dir, value);
        break;
    case PLAN_SW_TARGETWINDOWS7:
        plan->target_windows7 = true;
        break;
    case PLAN_SW_TARGETWINDOWS8:
        plan->target_windows8 = true;
        break;
    case PLAN_SW_ALL:
        plan->all_users = true;
        break;
    case PLAN_SW_OFFLINE:
        set_offline(plan, PLAN_OFFLINE_XML, value);
        break;
    case PLAN_SW_OFFLINEWINDIR:
        set_offline(plan, PLAN_OFFLINE_WINDIR, value);
        break;
    case PLAN_SW_OFFLINEWINOLD:
        set_offline(plan, PLAN_OFFLINE_WINOLD, value);
        break;
    case PLAN_SW_APPS:
    case PLAN_SW_PPKG:
    case PLAN_SW_DRIVERS:
    case PLAN_SW_DIFF:
    case PLAN_SW_TEL:
    case PLAN_SW_HELP:
    case PLAN_SW_NONADMIN:
        plan_strv_push(&plan->other_switches, text);
        break;
    case PLAN_SW_LAC:
    case PLAN_SW_LAE:
    case PLAN_SW_MD:
    case PLAN_SW_MU:
    case PLAN_SW_SF:
    case PLAN_SW_DECRYPT:
        plan_strv_push(&plan->loadstate_switches, text);
        break;
    default:
        apply_value_switch(plan, id, value);
        break;
    }
}

/*
 * One switch starting at argv[i]; returns how many arguments it used
 * (2 when "/x value").
 */
static int parse_switch(struct plan *plan, int argc, const char *const *argv,
                        int i)
{
    const char *arg = argv[i];
    const char *colon = strchr(arg + 1, ':');
    size_t name_len = colon ? (size_t)(colon - arg - 1) : strlen(arg + 1);
    char *name = xstrndup(arg + 1, name_len);
    enum plan_sw id = cmdline_switch_lookup(name);
    const struct cmdline_switch_info *info = cmdline_switch_info(id);
    const char *value = colon ? colon + 1 : NULL;
    bool separate = false;
    char *text;
    int used = 1;

    if (id != PLAN_SW_UNKNOWN && !colon && info->arg == CMDLINE_ARG_REQUIRED &&
        i + 1 < argc && !is_switch(argv[i + 1])) {
        value = argv[i + 1];
        separate = true;
        used = 2;
    }
    if (id == PLAN_SW_KEY) {
        /* the key never goes into a record that might be printed */
        text = value ? xasprintf("/%s%s********", name,
                                 separate ? " " : ":")
                     : xasprintf("/%s", name);
        plan_add_switch(plan, id, text, name, value ? "********" : NULL,
                        separate, i);
    } else {
        text = separate ? xasprintf("%s %s", arg, value) : xstrdup(arg);
        plan_add_switch(plan, id, text, name, value, separate, i);
    }
    free(text);
    if (id == PLAN_SW_KEY) {
        apply_switch(plan, id, value, NULL);
        free(name);
        return used;
    }
    /* lists kept verbatim hold one argument each: "/x:value" */
    text = separate ? xasprintf("/%s:%s", name, value) : xstrdup(arg);
    if (id == PLAN_SW_UNKNOWN) {
        plan_strv_push(&plan->unknown_switches, text);
    } else {
        apply_switch(plan, id, value, text);
    }
    free(text);
    free(name);
    return used;
}

int cmdline_parse_argv(struct plan *plan, int argc, const char *const *argv,
                       struct wiz_err *err)
{
    if (argc < 0 || argc > CMDLINE_MAX_ARGS) {
        return err_set(err, WIZ_ELIMIT,
                       "command line has %d arguments (at most %d)", argc,
                       CMDLINE_MAX_ARGS);
    }
    for (int i = 0; i < argc; i++) {
        if (!argv[i]) {
            return err_set(err, WIZ_EUSAGE, "argument %d is missing", i);
        }
        if (strlen(argv[i]) > CMDLINE_MAX_ARG_LEN) {
            return err_set(err, WIZ_ELIMIT,
                           "argument %d is %zu bytes long (at most %d)", i,
                           strlen(argv[i]), CMDLINE_MAX_ARG_LEN);
        }
    }
    for (int i = 0; i < argc;) {
        if (is_switch(argv[i])) {
            i += parse_switch(plan, argc, argv, i);
            continue;
        }
        plan_add_switch(plan, PLAN_SW_STORE, argv[i], argv[i], argv[i],
                        false, i);
        if (!plan->store_path) {
            plan_set_store_path(plan, argv[i]);
        }
        i++;
    }
    return 0;
}

/* The file name part of a Windows or POSIX path. */
static const char *base_name(const char *path)
{
    const char *b = path;

    for (const char *p = path; *p; p++) {
        if (*p == '\\' || *p == '/' || *p == ':') {
            b = p + 1;
        }
    }
    return b;
}

static bool names_program(const char *arg)
{
    const char *b = base_name(arg);

    return str_ieq(b, "scanstate") || str_ieq(b, "scanstate.exe") ||
           str_ieq(b, "loadstate") || str_ieq(b, "loadstate.exe");
}

/* A quoted argument that holds a whole scanstate command of its own. */
static bool holds_command(const char *arg)
{
    static const char *const names[] = { "scanstate.exe", "scanstate",
                                         "loadstate.exe", "loadstate" };

    if (!strpbrk(arg, " \t")) {
        return false;
    }
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        for (const char *p = str_icasestr(arg, names[i]); p;
             p = str_icasestr(p + 1, names[i])) {
            char after = p[strlen(names[i])];

            if (after == ' ' || after == '\t' || after == '\0') {
                return true;
            }
        }
    }
    return false;
}

/* Parse a[from..] as the arguments, with program (may be NULL). */
static int parse_from(struct plan *plan, const struct winquote_argv *a,
                      size_t from, const char *program, struct wiz_err *err)
{
    /* an empty line has no argv array at all: no pointer arithmetic */
    const char *const *args = a->argv && from < a->argc
                                  ? (const char *const *)(a->argv + from)
                                  : NULL;
    int ret = cmdline_parse_argv(plan, args ? (int)(a->argc - from) : 0,
                                 args, err);

    if (ret == 0) {
        plan_set_str(&plan->program, program);
    }
    return ret;
}

/* Split arguments may hold the encryption key: zero them before freeing. */
static void release_args(struct winquote_argv *a)
{
    for (size_t i = 0; i < a->argc; i++) {
        plan_secure_zero(a->argv[i], strlen(a->argv[i]));
    }
    winquote_argv_release(a);
}

static int split(const char *line, enum winquote_flags flags,
                 struct winquote_argv *a, struct wiz_err *err)
{
    release_args(a);
    return winquote_split(line, flags, CMDLINE_MAX_ARG_LEN,
                          CMDLINE_MAX_ARGS + 1, a, err);
}

static int parse_line(struct plan *plan, const char *line, int depth,
                      struct wiz_err *err)
{
    struct winquote_argv a;
    size_t k;
    int ret;

    winquote_argv_init(&a);
    while (*line == ' ' || *line == '\t') {
        line++;
    }
    if (str_istarts_with(line, "ScanStateArgs=")) {
        ret = split(line + strlen("ScanStateArgs="), 0, &a, err);
        if (ret == 0) {
            ret = parse_from(plan, &a, 0, NULL, err);
        }
        release_args(&a);
        return ret;
    }
    /* the program path at the start has the argv[0] quoting rule */
    ret = split(line, WINQUOTE_PROGRAM_NAME, &a, err);
    if (ret == 0 && a.argc && names_program(a.argv[0])) {
        k = 0;
    } else if (ret == 0) {
        ret = split(line, 0, &a, err);
        for (k = 0; ret == 0 && k < a.argc; k++) {
            if (names_program(a.argv[k])) {
                break;
            }
        }
    }
    if (ret < 0) {
        release_args(&a);
        return ret;
    }
    if (k < a.argc) {
        while (k + 1 < a.argc && str_ieq(a.argv[k + 1], a.argv[k])) {
            k++;
        }
        ret = parse_from(plan, &a, k + 1, a.argv[k], err);
        release_args(&a);
        return ret;
    }
    for (size_t i = 0; depth == 0 && i < a.argc; i++) {
        if (holds_command(a.argv[i])) {
            ret = parse_line(plan, a.argv[i], depth + 1, err);
            release_args(&a);
            return ret;
        }
    }
    ret = parse_from(plan, &a, 0, NULL, err);
    release_args(&a);
    return ret;
}

int cmdline_parse_string(struct plan *plan, const char *line,
                         struct wiz_err *err)
{
    return parse_line(plan, line, 0, err);
}

void cmdline_built_init(struct cmdline_built *b)
{
    memset(b, 0, sizeof(*b));
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i]);
    }
    free(v);
}

void cmdline_built_release(struct cmdline_built *b)
{
    free_list(b->argv, b->argc);
    free_list(b->env, b->n_env);
    free(b->display);
    cmdline_built_init(b);
}

/* A growing NULL-terminated list of owned strings. */
struct list {
    char **v;
    size_t n;
    size_t alloc;
};

static void list_take(struct list *l, char *s)
{
    XGROW(l->v, l->alloc, l->n + 2);
    l->v[l->n++] = s;
    l->v[l->n] = NULL;
}

static void list_add(struct list *l, const char *s)
{
    list_take(l, xstrdup(s));
}

/* The last raw switch with this id (what the plan's field came from). */
static const struct plan_switch *last_switch(const struct plan *plan,
                                             enum plan_sw id)
{
    for (size_t i = plan->n_switches; i > 0; i--) {
        if (plan->switches[i - 1].id == id) {
            return &plan->switches[i - 1];
        }
    }
    return NULL;
}

/* "/name:value" as one argument, from the raw record. */
static void add_as_typed(struct list *l, const struct plan_switch *sw)
{
    if (sw->value) {
        list_take(l, xasprintf("/%s:%s", sw->name, sw->value));
    } else {
        list_take(l, xasprintf("/%s", sw->name));
    }
}

static void add_int(struct list *l, const struct plan *plan, enum plan_sw id,
                    const char *name, int v)
{
    const struct plan_switch *sw;

    if (v >= 0) {
        list_take(l, xasprintf("/%s:%d", name, v));
    } else if (v == PLAN_INVALID) {
        sw = last_switch(plan, id);
        if (sw) {
            add_as_typed(l, sw);
        }
    }
}

static void add_path(struct list *l, const char *name, const char *path)
{
    if (path) {
        list_take(l, xasprintf("/%s:%s", name, path));
    }
}

static void add_offline(struct list *l, const struct plan *plan)
{
    switch (plan->offline_mode) {
    case PLAN_OFFLINE_NONE:
        break;
    case PLAN_OFFLINE_WINDIR:
        add_path(l, "offlineWinDir", plan->offline_windir);
        break;
    case PLAN_OFFLINE_XML:
        add_path(l, "offline", plan->offline_xml);
        break;
    case PLAN_OFFLINE_WINOLD:
        add_path(l, "offlineWinOld", plan->offline_windir);
        break;
    }
}

static void add_users(struct list *l, const struct plan *plan)
{
    static const char *const kind_names[] = { "ui", "ue", "uel" };

    if (plan->sids.n) {
        list_add(l, "/ue:*\\*");
        for (size_t i = 0; i < plan->sids.n; i++) {
            list_take(l, xasprintf("/ui:%s*", plan->sids.items[i]));
        }
    }
    for (size_t i = 0; i < plan->n_user_rules; i++) {
        const struct plan_user_rule *r = &plan->user_rules[i];

        list_take(l, xasprintf("/%s:%s", kind_names[r->kind], r->value));
    }
    if (plan->all_users) {
        list_add(l, "/all");
    }
}

static void add_store_kind(struct list *l, const struct plan *plan)
{
    if (plan->store_kind == PLAN_STORE_HARDLINK) {
        list_add(l, "/hardlink");
    }
    if (plan->store_kind != PLAN_STORE_COMPRESSED) {
        list_add(l, "/nocompress");
    }
}

static void add_efs(struct list *l, const struct plan *plan)
{
    const struct plan_switch *sw;

    if (plan->efs == PLAN_EFS_UNSET) {
        return;
    }
    if (plan->efs != PLAN_EFS_INVALID) {
        list_take(l, xasprintf("/efs:%s", plan_efs_name(plan->efs)));
        return;
    }
    sw = last_switch(plan, PLAN_SW_EFS);
    if (sw) {
        add_as_typed(l, sw);
    }
}

static void add_encryption(struct list *l, const struct plan *plan,
                           const char *key_file)
{
    if (plan->encrypt) {
        if (plan->encrypt_alg) {
            list_take(l, xasprintf("/encrypt:%s", plan->encrypt_alg));
        } else {
            list_add(l, "/encrypt");
        }
    }
    if (plan->key) {
        if (key_file) {
            add_path(l, "keyfile", key_file);
        } else {
            list_add(l, "/key:********");
        }
    }
    add_path(l, "keyfile", plan->keyfile);
}

static void add_modes(struct list *l, const struct plan *plan)
{
    const struct plan_switch *sw;

    if (plan->vsc) {
        sw = last_switch(plan, PLAN_SW_VSC);
        if (sw) {
            add_as_typed(l, sw);
        } else {
            list_add(l, "/vsc");
        }
    }
    add_int(l, plan, PLAN_SW_R, "r", plan->retries);
    add_int(l, plan, PLAN_SW_W, "w", plan->wait_secs);
    if (plan->estimate) {
        if (plan->estimate_path) {
            add_path(l, "p", plan->estimate_path);
        } else {
            list_add(l, "/p");
        }
    }
}

static void add_generation(struct list *l, const struct plan *plan)
{
    add_path(l, "genconfig", plan->genconfig);
    add_path(l, "genmigxml", plan->genmigxml);
    if (plan->auto_mode) {
        if (plan->auto_dir) {
            add_path(l, "auto", plan->auto_dir);
        } else {
            list_add(l, "/auto");
        }
    }
    if (plan->target_windows7) {
        list_add(l, "/targetWindows7");
    }
    if (plan->target_windows8) {
        list_add(l, "/targetWindows8");
    }
}

static void add_strv(struct list *l, const struct plan_strv *v)
{
    for (size_t i = 0; i < v->n; i++) {
        list_add(l, v->items[i]);
    }
}

/* key_file NULL with a key: the display form with "/key:********". */
static void build_args(const struct plan *plan, const char *key_file,
                       struct list *l)
{
    bool first = true;

    if (plan->store_path) {
        list_add(l, plan->store_path);
    }
    /* more positional arguments than one store path: kept for the rules */
    for (size_t i = 0; i < plan->n_switches; i++) {
        if (plan->switches[i].id != PLAN_SW_STORE) {
            continue;
        }
        if (!first) {
            list_add(l, plan->switches[i].value);
        }
        first = false;
    }
    add_offline(l, plan);
    add_users(l, plan);
    for (size_t i = 0; i < plan->xml_files.n; i++) {
        add_path(l, "i", plan->xml_files.items[i]);
    }
    add_path(l, "config", plan->config_path);
    if (plan->overwrite) {
        list_add(l, "/o");
    }
    add_store_kind(l, plan);
    if (plan->continue_on_error) {
        list_add(l, "/c");
    }
    add_int(l, plan, PLAN_SW_V, "v", plan->verbosity);
    add_efs(l, plan);
    add_path(l, "l", plan->log_path);
    add_path(l, "progress", plan->progress_path);
    add_path(l, "listfiles", plan->listfiles_path);
    if (plan->localonly) {
        list_add(l, "/localonly");
    }
    add_modes(l, plan);
    add_encryption(l, plan, key_file);
    add_generation(l, plan);
    add_strv(l, &plan->other_switches);
    add_strv(l, &plan->loadstate_switches);
    add_strv(l, &plan->unknown_switches);
    add_strv(l, &plan->extra_args);
}

static void add_env(struct list *l, const char *name, const char *value)
{
    if (value) {
        list_take(l, xasprintf("%s=%s", name, value));
    }
}

static void build_env(const struct plan *plan, struct list *l)
{
    add_env(l, "USMT_WORKING_DIR", plan->working_dir);
    add_env(l, "TEMP", plan->temp_dir ? plan->temp_dir : plan->working_dir);
    add_env(l, "MIG_OFFLINE_PLATFORM_ARCH", plan->offline_arch);
    add_env(l, "MIG_FAIL_ON_PROFILE_ERROR", plan->fail_on_profile_error);
    for (size_t i = 0; i < plan->n_env; i++) {
        add_env(l, plan->env[i].name, plan->env[i].value);
    }
}

static char *join_display(const char *program, const struct list *l)
{
    return winquote_join(program, (const char *const *)l->v, l->n);
}

int cmdline_build(const struct plan *plan, const char *key_file,
                  const char *program, struct cmdline_built *out,
                  struct wiz_err *err)
{
    struct list args = { NULL, 0, 0 };
    struct list env = { NULL, 0, 0 };

    cmdline_built_release(out);
    if (plan->key && !key_file) {
        return err_set(err, WIZ_EUSAGE,
                       "the encryption key must be written to a key file "
                       "before the command line is built");
    }
    build_args(plan, key_file, &args);
    build_env(plan, &env);
    if (!args.v) {
        list_take(&args, NULL);
        args.n = 0;
    }
    if (!env.v) {
        list_take(&env, NULL);
        env.n = 0;
    }
    out->display = join_display(program, &args);
    out->argv = args.v;
    out->argc = args.n;
    out->env = env.v;
    out->n_env = env.n;
    return 0;
}

char *cmdline_display(const struct plan *plan, const char *program)
{
    struct list args = { NULL, 0, 0 };
    char *s;

    build_args(plan, NULL, &args);
    s = join_display(program, &args);
    free_list(args.v, args.n);
    return s;
}

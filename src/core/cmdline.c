#include "core/cmdline.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/winquote.h"

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

static bool names_scanstate(const char *prog)
{
    const char *b = base_name(prog);

    return str_ieq(b, "scanstate") || str_ieq(b, "scanstate.exe");
}

int cmdline_parse_string(struct plan *plan, const char *line,
                         struct wiz_err *err)
{
    struct winquote_argv a;
    size_t max_len = (size_t)CMDLINE_MAX_ARG_LEN;
    int ret;

    winquote_argv_init(&a);
    ret = winquote_split(line, WINQUOTE_PROGRAM_NAME, max_len,
                         CMDLINE_MAX_ARGS + 1, &a, err);
    if (ret < 0) {
        winquote_argv_release(&a);
        return ret;
    }
    if (a.argc > 0 && names_scanstate(a.argv[0])) {
        ret = cmdline_parse_argv(plan, (int)(a.argc - 1),
                                 (const char *const *)(a.argv + 1), err);
        winquote_argv_release(&a);
        return ret;
    }
    winquote_argv_release(&a);
    winquote_argv_init(&a);
    ret = winquote_split(line, 0, max_len, CMDLINE_MAX_ARGS + 1, &a, err);
    if (ret == 0) {
        ret = cmdline_parse_argv(plan, (int)a.argc,
                                 (const char *const *)a.argv, err);
    }
    winquote_argv_release(&a);
    return ret;
}

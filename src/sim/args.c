/*
 * scanstate's command line: "scanstate <StorePath> [options]", options in
 * any order and case, "/x:value" or "/x value".  The checks and their
 * messages are scanstate 10's (usmt-reference.md §2, §4.1); the first
 * problem found wins, as with the real tool.
 */
#include "sim.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/xalloc.h"

enum arg_kind { ARG_NONE, ARG_REQ, ARG_OPT };

struct sw {
    const char *name;
    enum arg_kind arg;
    bool repeat;
};

static const struct sw switches[] = {
    { "i", ARG_REQ, true },          { "config", ARG_REQ, false },
    { "o", ARG_NONE, false },        { "nocompress", ARG_NONE, false },
    { "hardlink", ARG_NONE, false }, { "encrypt", ARG_OPT, false },
    { "key", ARG_REQ, false },       { "keyfile", ARG_REQ, false },
    { "vsc", ARG_OPT, false },       { "localonly", ARG_NONE, false },
    { "apps", ARG_OPT, false },      { "ppkg", ARG_OPT, false },
    { "drivers", ARG_OPT, true },    { "diff", ARG_REQ, false },
    { "genconfig", ARG_REQ, false }, { "genmigxml", ARG_REQ, false },
    { "auto", ARG_OPT, false },      { "targetwindows7", ARG_NONE, false },
    { "targetwindows8", ARG_NONE, false },
    { "listfiles", ARG_REQ, false }, { "offline", ARG_REQ, false },
    { "offlinewindir", ARG_REQ, false },
    { "offlinewinold", ARG_REQ, false },
    { "l", ARG_REQ, false },         { "v", ARG_REQ, false },
    { "progress", ARG_REQ, false },  { "c", ARG_NONE, false },
    { "r", ARG_REQ, false },         { "w", ARG_REQ, false },
    { "p", ARG_OPT, false },         { "tel", ARG_REQ, false },
    { "all", ARG_NONE, false },      { "ui", ARG_REQ, true },
    { "ue", ARG_REQ, true },         { "uel", ARG_REQ, true },
    { "efs", ARG_REQ, false },
};
#define N_SW (sizeof(switches) / sizeof(switches[0]))

static const char *const encrypt_algs[] = { "AES", "AES_128", "AES_192",
                                            "AES_256", "3DES", "3DES_112" };

const char *sim_help_text(void)
{
    return
        "ScanState [StorePath] [/i:[Path\\]FileName] [/o] [/v:VerbosityLevel]\n"
        "  [/nocompress] [/localonly] [/encrypt[:alg] /key:KeyString |\n"
        "  /keyfile:[Path\\]FileName] [/l:[Path\\]FileName]\n"
        "  [/progress:[Path\\]FileName] [/r:TimesToRetry] [/w:SecondsBeforeRetry]\n"
        "  [/c] [/p[:File]] [/all] [/ui:[DomainName|ComputerName\\]UserName]\n"
        "  [/ue:[DomainName|ComputerName\\]UserName] [/uel:NumberOfDays|YYYY/MM/DD|0]\n"
        "  [/efs:abort|skip|decryptcopy|copyraw|hardlink] [/genconfig:[Path\\]FileName]\n"
        "  [/config:[Path\\]FileName] [/hardlink] [/listfiles:FileName]\n"
        "  [/offline:offline.xml | /offlineWinDir:WindowsDir | /offlineWinOld:Dir]\n"
        "\n"
        "scanstate-sim only (not scanstate switches):\n"
        "  --pace MS          wait MS milliseconds after each progress step\n"
        "  --fail RC[@PCT]    fail with return code RC at PCT percent (training)\n"
        "  --eol lf|crlf      line ends of the logs (default crlf)\n";
}

static int cmd_err(struct sim_cmdline_error *e, int rc, int bad,
                   const char *msg)
{
    e->rc = rc;
    free(e->message);
    e->message = xstrdup(msg);
    e->bad_arg = bad;
    return rc;
}

static const struct sw *find_switch(const char *name, size_t len)
{
    for (size_t i = 0; i < N_SW; i++) {
        if (strlen(switches[i].name) == len &&
            !str_ncasecmp(switches[i].name, name, len))
            return &switches[i];
    }
    return NULL;
}

static bool is_int(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
    }
    return true;
}

static void push(char ***v, size_t *n, const char *s)
{
    *v = xreallocarray(*v, *n + 1, sizeof(**v));
    (*v)[(*n)++] = xstrdup(s);
}

static void set_once(char **dst, const char *val)
{
    free(*dst);
    *dst = xstrdup(val ? val : "");
}

void sim_opts_release(struct sim_opts *o)
{
    for (size_t i = 0; i < o->n_inc; i++)
        free(o->inc[i]);
    for (size_t i = 0; i < o->n_ui; i++)
        free(o->ui[i]);
    for (size_t i = 0; i < o->n_ue; i++)
        free(o->ue[i]);
    free(o->inc);
    free(o->ui);
    free(o->ue);
    free(o->uel);
    free(o->store);
    if (o->key) {
        memset(o->key, 0, strlen(o->key));
        free(o->key);
    }
    free(o->keyfile);
    free(o->config);
    free(o->log);
    free(o->progress);
    free(o->listfiles);
    free(o->offline);
    free(o->offline_windir);
    free(o->offline_winold);
    memset(o, 0, sizeof(*o));
}

/* Which argv index set each single-use switch, for the ##ERROR## mark. */
struct seen {
    int idx[N_SW];
};

static int apply(struct sim_opts *o, const struct sw *s, const char *val,
                 bool has_val, int at, struct sim_cmdline_error *e)
{
    const char *n = s->name;

    if (!strcmp(n, "i")) {
        push(&o->inc, &o->n_inc, val);
    } else if (!strcmp(n, "ui")) {
        push(&o->ui, &o->n_ui, val);
    } else if (!strcmp(n, "ue")) {
        push(&o->ue, &o->n_ue, val);
    } else if (!strcmp(n, "uel")) {
        set_once(&o->uel, val);
    } else if (!strcmp(n, "config")) {
        set_once(&o->config, val);
    } else if (!strcmp(n, "o")) {
        o->o = true;
    } else if (!strcmp(n, "nocompress")) {
        o->nocompress = true;
    } else if (!strcmp(n, "hardlink")) {
        o->hardlink = true;
    } else if (!strcmp(n, "encrypt")) {
        o->encrypt = true;
        if (has_val) {
            bool ok = false;

            for (size_t i = 0; i < 6; i++)
                ok = ok || str_ieq(val, encrypt_algs[i]);
            if (!ok)
                return cmd_err(e, 11, at, "Specified encryption algorithm "
                               "is not supported");
        }
    } else if (!strcmp(n, "key")) {
        o->have_key = true;
        set_once(&o->key, val);
    } else if (!strcmp(n, "keyfile")) {
        o->have_keyfile = true;
        set_once(&o->keyfile, val);
    } else if (!strcmp(n, "vsc")) {
        if (has_val && !str_ieq(val, "OFF"))
            return cmd_err(e, 11, at, "use either /vsc or /vsc:OFF");
        o->vsc = !has_val;
    } else if (!strcmp(n, "localonly")) {
        o->localonly = true;
    } else if (!strcmp(n, "genconfig")) {
        o->genconfig = true;
    } else if (!strcmp(n, "genmigxml")) {
        o->genmigxml = true;
    } else if (!strcmp(n, "auto")) {
        o->auto_given = true;
    } else if (!strcmp(n, "listfiles")) {
        o->listfiles_given = true;
        set_once(&o->listfiles, val);
    } else if (!strcmp(n, "offline")) {
        set_once(&o->offline, val);
    } else if (!strcmp(n, "offlinewindir")) {
        set_once(&o->offline_windir, val);
    } else if (!strcmp(n, "offlinewinold")) {
        set_once(&o->offline_winold, val);
    } else if (!strcmp(n, "l")) {
        set_once(&o->log, val);
    } else if (!strcmp(n, "progress")) {
        set_once(&o->progress, val);
    } else if (!strcmp(n, "v")) {
        static const int ok[] = { 0, 1, 4, 5, 8, 9, 12, 13 };
        bool good = false;

        if (is_int(val) && strlen(val) < 4) {
            o->v = atoi(val);
            for (size_t i = 0; i < 8; i++)
                good = good || o->v == ok[i];
        }
        if (!good)
            return cmd_err(e, 11, at, "Verbosity level must be specified as "
                           "a sum of the desired log options: Verbose "
                           "(0x01), Record Objects (0x04), Echo to debug "
                           "port (0x08)");
    } else if (!strcmp(n, "c")) {
        o->c = true;
    } else if (!strcmp(n, "r")) {
        if (!is_int(val))
            return cmd_err(e, 11, at, "Retry argument must be an integer");
    } else if (!strcmp(n, "w")) {
        if (!is_int(val))
            return cmd_err(e, 11, at, "Wait delay argument must be an "
                           "integer");
    } else if (!strcmp(n, "p")) {
        o->p_given = true;
    } else if (!strcmp(n, "tel")) {
        if (!str_ieq(val, "ON") && !str_ieq(val, "OFF"))
            return cmd_err(e, 11, at, "use either /tel:ON or /tel:OFF");
    } else if (!strcmp(n, "all")) {
        o->all = true;
    } else if (!strcmp(n, "efs")) {
        static const char *const names[] = { "abort", "skip", "decryptcopy",
                                             "copyraw", "hardlink" };
        bool good = false;

        for (int i = 0; i < 5; i++) {
            if (str_ieq(val, names[i])) {
                o->efs = (enum sim_efs)i;
                good = true;
            }
        }
        if (!good)
            return cmd_err(e, 11, at, "EFS parameter specified is not valid "
                           "for /efs");
    }
    return 0;
}

/* The combination rules, in the order scanstate reports them. */
static int check_combinations(const struct sim_opts *o, const struct seen *sn,
                              bool bare_p, struct sim_cmdline_error *e)
{
#define AT(name) sn->idx[find_switch(name, strlen(name)) - switches]
    bool users = o->n_ui || o->n_ue || o->uel;
    int n_off = !!o->offline + !!o->offline_windir + !!o->offline_winold;

    if (o->genconfig) {
        for (size_t i = 0; i < N_SW; i++) {
            static const char *const allowed[] = { "genconfig", "i", "o", "v",
                                                   "l", "targetwindows7",
                                                   "targetwindows8", "apps" };
            bool ok = false;

            for (size_t k = 0; k < 8; k++)
                ok = ok || !strcmp(switches[i].name, allowed[k]);
            if (!ok && sn->idx[i] >= 0)
                return cmd_err(e, 11, sn->idx[i], "/genconfig can't be used "
                               "with most other options");
        }
        if (o->store)
            return cmd_err(e, 11, -1, "/genconfig can't be used with most "
                           "other options");
        return 0;
    }
    if (o->genmigxml) {
        for (size_t i = 0; i < N_SW; i++) {
            const char *nm = switches[i].name;

            if (sn->idx[i] >= 0 && strcmp(nm, "genmigxml") &&
                strcmp(nm, "v") && strcmp(nm, "l"))
                return cmd_err(e, 11, sn->idx[i], "/genmigxml can't be used "
                               "with most other options");
        }
        if (o->store)
            return cmd_err(e, 11, -1, "/genmigxml can't be used with most "
                           "other options");
        return 0;
    }
    if (!o->store)
        return cmd_err(e, 11, -1, "The store parameter is required but not "
                       "specified");
    if (o->auto_given && (o->all || users || AT("v") >= 0))
        return cmd_err(e, 11, AT("auto"), "By default /auto selects all "
                       "users and uses the highest log verbosity level. "
                       "Switches like /all, /ui, /ue, /v are not allowed.");
    if (o->all && users)
        return cmd_err(e, 11, AT("all"), "/all conflicts with /ui, /ue or "
                       "/uel");
    if (o->hardlink && !o->nocompress)
        return cmd_err(e, 11, AT("hardlink"), "/hardlink requires "
                       "/nocompress");
    if (o->hardlink && o->vsc)
        return cmd_err(e, 11, AT("vsc"), "Volume shadow copy feature is not "
                       "supported with a hardlink store");
    if (o->efs == SIM_EFS_HARDLINK && !o->hardlink)
        return cmd_err(e, 11, AT("efs"), "The /efs:hardlink requires "
                       "/hardlink");
    if (o->have_key && o->have_keyfile)
        return cmd_err(e, 11, AT("keyfile") > AT("key") ? AT("keyfile")
                                                        : AT("key"),
                       "/key and /keyfile both specified");
    if (o->encrypt && !o->have_key && !o->have_keyfile)
        return cmd_err(e, 11, AT("encrypt"), "/encrypt requires /key or "
                       "/keyfile");
    if (!o->encrypt && (o->have_key || o->have_keyfile))
        return cmd_err(e, 11, o->have_key ? AT("key") : AT("keyfile"),
                       "/key or /keyfile used without enabling encryption");
    if (o->encrypt && o->nocompress)
        return cmd_err(e, 11, AT("encrypt"), "/encrypt can't be used with "
                       "/nocompress");
    if (o->listfiles_given && o->p_given)
        return cmd_err(e, 11, AT("listfiles"), "/listfiles cannot be used "
                       "with /p");
    if (bare_p && !o->nocompress)
        return cmd_err(e, 11, AT("p"), "Use /nocompress, or provide an XML "
                       "file path with /p\"pathtoafile\" to get a compressed "
                       "store size estimate");
    if (n_off > 1)
        return cmd_err(e, 11, -1, "Command line option is not valid");
    if (n_off && AT("apps") >= 0)
        return cmd_err(e, 11, AT("apps"), "/apps is not supported in "
                       "offline mode");
    return 0;
#undef AT
}

int sim_args_parse(int argc, char **argv, struct sim_opts *o,
                   struct sim_cmdline_error *e)
{
    struct seen sn;
    bool bare_p = false;

    memset(o, 0, sizeof(*o));
    e->rc = 0;
    e->message = NULL;
    e->bad_arg = -1;
    for (size_t i = 0; i < N_SW; i++)
        sn.idx[i] = -1;
    if (argc < 2)
        return cmd_err(e, 11, -1, "Command line arguments are required. "
                       "Specify /? for options.");
    for (int i = 1; i < argc; i++) {
        if (strlen(argv[i]) > 256)
            return cmd_err(e, 12, i, "Command line arguments cannot exceed "
                           "256 characters");
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (a[0] != '/' && a[0] != '-') {
            if (o->store)
                return cmd_err(e, 11, i, "A command was already specified");
            o->store = xstrdup(a);
            continue;
        }
        const char *name = a + 1;
        const char *colon = strchr(name, ':');
        size_t nlen = colon ? (size_t)(colon - name) : strlen(name);

        if ((nlen == 1 && name[0] == '?') ||
            (nlen == 4 && !str_ncasecmp(name, "help", 4)))
            return 1;
        const struct sw *s = find_switch(name, nlen);

        if (!s)
            return cmd_err(e, 11, i, "Command line option is not valid");
        size_t k = (size_t)(s - switches);

        if (!s->repeat && sn.idx[k] >= 0)
            return cmd_err(e, 11, i, "An option is specified more than once "
                           "and is ambiguous");
        sn.idx[k] = i;
        const char *val = colon ? colon + 1 : NULL;

        if (s->arg == ARG_NONE && colon)
            return cmd_err(e, 11, i, "Undefined or incomplete command line "
                           "option");
        if (s->arg == ARG_REQ && !colon && i + 1 < argc &&
            argv[i + 1][0] != '/')
            val = argv[++i];
        if (s->arg == ARG_REQ && !val)
            return cmd_err(e, 11, i, "An option argument is missing");
        if (s->arg == ARG_REQ && !*val && strcmp(s->name, "key") != 0) {
            if (!strcmp(s->name, "ue"))
                return cmd_err(e, 11, i, "User exclusion argument is "
                               "invalid");
            return cmd_err(e, 11, i, "An option argument is missing");
        }
        if (!strcmp(s->name, "p") && !val)
            bare_p = true;
        int rc = apply(o, s, val ? val : "", val != NULL, i, e);

        if (rc)
            return rc;
    }
    return check_combinations(o, &sn, bare_p, e);
}

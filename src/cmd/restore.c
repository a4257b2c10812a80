/*
 * usmtwiz restore: the loadstate side on the new PC, as a dialogue on the
 * console, driven by the capture's report next to the store.  Every fact,
 * choice and finding comes from the restore session (core/session/
 * restore.h); this file only asks and prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "cmd.h"
#include "core/plan/keyfile.h"
#include "core/plan/loadcmd.h"
#include "core/plan/preset.h"
#include "core/run/job.h"
#include "core/run/progress.h"
#include "core/run/report.h"
#include "core/session/follow.h"
#include "core/session/restore.h"
#include "core/usmt/retcodes.h"
#include "core/session/wizard.h"
#include "platform/fs.h"
#include "platform/sys.h"
#include "screens.h"
#include "ui/loop.h"

/* Longest key file read (a key has at most 256 characters). */
#define KEY_READ_MAX 4096

struct restore_args {
    struct restore_opts o;
    const char *store;
    const char *keyfile;
    const char *lac_password_file;
    const char *preset;
    bool yes;
    bool plain;
};

static void usage(FILE *out)
{
    fputs("usage: usmtwiz restore [--store DIR] [--target-root DIR] [--volume L]\n"
          "                       [--usmt DIR] [--keyfile FILE] [--simulate]\n"
          "                       [--lac-password-file FILE] [--preset FILE]\n"
          "                       [--plain] [--yes]\n"
          "\n"
          "Restore a capture on the new PC (its Windows, as administrator):\n"
          "find the store on every drive (or take --store), say what it holds\n"
          "from the capture's report, show the account each stored user lands\n"
          "in and the switch that makes it so, check the loadstate line\n"
          "against the restore rules, run loadstate and look for each user's\n"
          "profile afterwards.  Refused in Windows PE: loadstate there stops\n"
          "with return code 36.  On a terminal the restore is a series of\n"
          "screens (Store, Accounts, What to restore, Key, Review, Run,\n"
          "Result); with\n"
          "--plain, --yes, TERM=dumb or without a terminal it is a dialogue\n"
          "on the console.\n"
          "\n"
          "  --store DIR        the store folder (\"E:\\stores\\PC\" or a folder\n"
          "                     of this machine)\n"
          "  --target-root DIR  a practice new PC: each sub-folder is a drive,\n"
          "                     C the new Windows (as --volume-root is for\n"
          "                     the old PC)\n"
          "  --volume L         the new Windows' drive when there are several\n"
          "  --usmt DIR         the USMT folder holding loadstate.exe\n"
          "  --keyfile FILE     the key of an encrypted store, read from a\n"
          "                     file (otherwise it is asked for, not shown)\n"
          "  --lac-password-file FILE\n"
          "                     the password of the local accounts /lac\n"
          "                     creates (disabled): set after loadstate, and\n"
          "                     the accounts enabled; never on loadstate's\n"
          "                     line (without it the dialogue asks, masked,\n"
          "                     and the Accounts screen takes it with p)\n"
          "  --preset FILE      a preset with a <restore> section: the store,\n"
          "                     key file, /mu and /md mappings, users left\n"
          "                     out, /lac /lae and options it names go over\n"
          "                     the default line (the options above win);\n"
          "                     with --yes the restore runs without a\n"
          "                     question, else the dialogue is pre-filled\n"
          "  --simulate         run loadstate-sim instead of loadstate\n"
          "  --plain            the console dialogue, no screens\n"
          "  --yes              no questions: the newest store, the default\n"
          "                     line; warnings accepted, errors still stop\n"
          "\n"
          "The restore report (usmtwiz-restore-report.xml and .txt) is written\n"
          "next to the store and on the new PC under\n"
          "ProgramData\\usmtwiz\\restores.\n"
          "\n"
          "Exit status: 0 every stored user restored, 1 refused, cancelled or\n"
          "stopped by a finding, 2 bad usage, 3 loadstate failed, 4 loadstate\n"
          "succeeded but a stored user's profile is not on the new PC, 5 the\n"
          "restore report could not be written.\n", out);
}

static void put(const char *s)
{
    char *safe = utf8_escape_for_terminal(s);

    fputs(safe, stdout);
    free(safe);
}

static int ask_line(const char *prompt, char *buf, size_t n)
{
    fputs(prompt, stdout);
    fflush(stdout);
    if (sys_read_line(buf, n) < 0) {
        fputc('\n', stdout);   /* no answer (end of input) */
        return -1;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

static bool ask_yes(const char *prompt)
{
    char buf[16];

    return ask_line(prompt, buf, sizeof(buf)) == 0 &&
           (buf[0] == 'y' || buf[0] == 'Y');
}

static void print_store(const struct restore_store *st, size_t i)
{
    char when[64] = "date unknown";

    if (st->finished) {
        struct sys_tm tm;

        sys_localtime(st->finished, &tm);
        snprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d",
                 tm.year + 1900, tm.mon + 1, tm.mday, tm.hour, tm.min);
    }
    printf("  %zu  ", i + 1);
    put(st->win ? st->win : st->host);
    if (st->has_report) {
        printf("\n     from ");
        put(st->computer ? st->computer : "?");
        printf(", %s, %s store%s, %zu user%s, capture %s\n", when,
               st->kind ? st->kind : "?", st->encrypted ? ", encrypted" : "",
               st->n_users, st->n_users == 1 ? "" : "s",
               st->result ? st->result : "result unknown");
    } else {
        printf("\n     no capture report beside it: what it holds is not "
               "known\n");
    }
}

static int choose_store(struct restore_session *s, const struct restore_args *a,
                        struct wiz_err *err)
{
    if (a->store)
        return restore_session_open(s, a->store, err);

    struct restore_stores st;

    restore_find_stores(&s->vols, NULL, &st);
    if (!st.n) {
        restore_stores_release(&st);
        return err_set(err, WIZ_ENOENT, "no store was found on the new PC's "
                       "drives (a folder with usmtwiz-report.xml or "
                       "USMT\\USMT.MIG): give --store");
    }
    printf("Stores found:\n");
    for (size_t i = 0; i < st.n; i++)
        print_store(&st.s[i], i);
    size_t pick = 0;

    if (!a->yes && st.n > 1) {
        char buf[16];

        if (ask_line("Which store? [1] ", buf, sizeof(buf)) < 0) {
            restore_stores_release(&st);
            return err_set(err, WIZ_EUSAGE, "no answer");
        }
        if (buf[0])
            pick = (size_t)strtoul(buf, NULL, 10) - 1;
        if (pick >= st.n) {
            restore_stores_release(&st);
            return err_set(err, WIZ_EUSAGE, "there is no store %s", buf);
        }
    }
    char *path = xstrdup(st.s[pick].win ? st.s[pick].win : st.s[pick].host);

    restore_stores_release(&st);
    int r = restore_session_open(s, path, err);

    free(path);
    return r;
}

static int get_key(struct restore_session *s, const struct restore_args *a,
                   struct wiz_err *err)
{
    char *data = NULL;
    size_t len = 0;
    int r;

    if (!s->cmd.decrypt)
        return 0;
    if (a->keyfile) {
        if (fs_read_file(a->keyfile, KEY_READ_MAX, &data, &len, err) < 0)
            return err_prefix(err, "cannot read the key file");
        r = restore_session_set_key(s, data, len, err);
        sys_wipe(data, len);
        free(data);
        return r;
    }
    if (a->yes)
        return err_set(err, WIZ_EUSAGE, "the store is encrypted: give its "
                       "key with --keyfile");
    char buf[KEYFILE_MAX_KEY + 2];
    int n = sys_read_secret("Key of the encrypted store (not shown): ", buf,
                            sizeof(buf));

    if (n <= 0) {
        sys_wipe(buf, sizeof(buf));
        return err_set(err, WIZ_EUSAGE, "no key was given");
    }
    r = restore_session_set_key(s, buf, (size_t)n, err);
    sys_wipe(buf, sizeof(buf));
    return r;
}

/* One line of a password file: its first line, without the line end. */
static int lac_password_from_file(struct restore_session *s,
                                  const char *path, struct wiz_err *err)
{
    char *data = NULL;
    size_t len = 0;
    int r;

    if (fs_read_file(path, KEY_READ_MAX, &data, &len, err) < 0)
        return err_prefix(err, "cannot read the password file");
    size_t n = 0;

    while (n < len && data[n] != '\n' && data[n] != '\r')
        n++;
    if (!n)
        r = err_set(err, WIZ_EUSAGE, "the password file is empty");
    else
        r = restore_session_set_lac_password(s, data, n, err);
    sys_wipe(data, len);
    free(data);
    return r;
}

/*
 * The password of the accounts /lac creates: from --lac-password-file, or
 * typed twice, masked, when the technician wants them enabled.  It never
 * goes on loadstate's line: usmtwiz sets it after the run.
 */
static int get_lac_password(struct restore_session *s,
                            const struct restore_args *a,
                            struct wiz_err *err)
{
    char one[130], two[130];
    int n, m, r;

    if (!s->cmd.lac) {
        if (a->lac_password_file)
            printf("No local account is created (/lac is not on the "
                   "line): the password file is not used.\n");
        return 0;
    }
    if (a->lac_password_file)
        return lac_password_from_file(s, a->lac_password_file, err);
    if (a->yes || !ask_yes("\n/lac creates the local accounts disabled.\n"
                           "Set their password and enable them after "
                           "loadstate? [y/N] "))
        return 0;
    n = sys_read_secret("Password (not shown): ", one, sizeof(one));
    m = n > 0 ? sys_read_secret("Again (not shown): ", two, sizeof(two))
              : -1;
    if (n <= 0 || m != n || memcmp(one, two, (size_t)n) != 0)
        r = err_set(err, WIZ_EUSAGE, n <= 0 ? "no password was given"
                                             : "the two passwords differ");
    else
        r = restore_session_set_lac_password(s, one, (size_t)n, err);
    sys_wipe(one, sizeof(one));
    sys_wipe(two, sizeof(two));
    return r;
}

static void said_enabled(const char *account, void *arg)
{
    (void)arg;
    printf("Password set and account enabled: ");
    put(account);
    printf("\n");
}

/* After a successful run: the password and the enabling, by usmtwiz. */
static int apply_lac_password(struct restore_session *s, int rc)
{
    struct wiz_err err;

    if (!s->lac_password)
        return rc;
    if (s->rc != 0) {
        printf("loadstate did not succeed: no account got the password.\n");
        return rc;
    }
    if (restore_session_apply_lac_password(s, said_enabled, NULL,
                                           &err) < 0) {
        fprintf(stderr, "usmtwiz restore: %s\n", err.msg);
        return rc == WIZ_EXIT_OK ? WIZ_EXIT_FAIL : rc;
    }
    return rc;
}

static void print_accounts(const struct restore_session *s);

static void print_facts(const struct restore_session *s)
{
    const struct restore_facts *f = &s->facts;

    printf("\nStore: ");
    put(s->cmd.store);
    if (f->report_known) {
        printf("\n  captured on ");
        put(f->source_computer ? f->source_computer : "?");
        printf(", %s store%s\n", f->store_kind ? f->store_kind : "?",
               f->encrypted ? ", encrypted" : "");
    } else {
        printf("\n  no capture report: the users and the /i set of the "
               "capture are not known\n");
    }
    printf("New PC: ");
    put(f->target_computer ? f->target_computer : "not read");
    if (f->target_build)
        printf(" (build %u, %d-bit)", f->target_build, f->target_bits);
    printf("\n");
    for (size_t i = 0; i < s->notes.n; i++) {
        printf("note: ");
        put(s->notes.items[i]);
        printf("\n");
    }
    print_accounts(s);
}

/* The stored user whose "DOMAIN\user" (or "OLDPC\user", or the name
 * alone) is full; n_users when none. */
static size_t user_named(const struct restore_session *s, const char *full)
{
    const struct restore_facts *f = &s->facts;
    const char *bs = strrchr(full, '\\');
    size_t dlen = bs ? (size_t)(bs - full) : 0;
    const char *name = bs ? bs + 1 : full;

    for (size_t i = 0; i < f->n_users; i++) {
        const struct restore_user *u = &f->users[i];
        const char *dom = u->domain ? u->domain : f->source_computer;

        if (!u->name || !str_ieq(u->name, name))
            continue;
        if (!bs || (dom && strlen(dom) == dlen &&
                    !str_ncasecmp(dom, full, dlen)))
            return i;
    }
    return f->n_users;
}

/*
 * Domain moves, asked when the store holds a domain user: "OLD:NEW" moves
 * a whole domain (/md), "OLD\user:NEW\user" one user (/mu); an empty
 * answer ends.  Each move shows the accounts again.
 */
static int ask_moves(struct restore_session *s, const struct restore_args *a)
{
    bool domains = false;

    for (size_t i = 0; i < s->facts.n_users; i++)
        domains |= s->facts.users[i].domain && s->facts.users[i].name;
    if (a->yes || !domains)
        return 0;
    for (;;) {
        char buf[600], old[512], nw[512];
        struct wiz_err err;
        int r;

        if (ask_line("\nMove a domain (CONTOSO:FABRIKAM, /md) or a user "
                     "(CONTOSO\\ana:FABRIKAM\\ana, /mu)?\n"
                     "Enter when done: ", buf, sizeof(buf)) < 0 || !buf[0])
            return 0;
        if (!loadcmd_split_map(buf, old, nw, sizeof(old))) {
            printf("'");
            put(buf);
            printf("' is not OLD:NEW\n");
            continue;
        }
        err_clear(&err);
        if (strchr(old, '\\')) {
            size_t u = user_named(s, old);

            if (u == s->facts.n_users) {
                printf("no stored user is '");
                put(old);
                printf("'\n");
                continue;
            }
            r = restore_session_move_user(s, u, nw, &err);
        } else {
            r = restore_session_move_domain(s, old, nw, &err);
        }
        if (r < 0) {
            printf("%s\n", err.msg);
            continue;
        }
        print_accounts(s);
    }
}

/* Each stored user and the account it lands in, with the switch. */
static void print_accounts(const struct restore_session *s)
{
    const struct restore_facts *f = &s->facts;

    if (!f->n_users)
        return;
    printf("\nAccounts (stored user -> account on the new PC):\n");
    for (size_t i = 0; i < f->n_users; i++) {
        char *acct, *how;

        restore_session_account(s, i, &acct, &how);
        printf("  ");
        if (f->users[i].domain) {
            put(f->users[i].domain);
            printf("\\");
        }
        put(f->users[i].name ? f->users[i].name : "?");
        printf(" (%s, %s) -> ", f->users[i].kind ? f->users[i].kind : "?",
               f->users[i].sid ? f->users[i].sid : "no SID");
        put(acct);
        printf("\n      ");
        put(how);
        printf("\n");
        free(acct);
        free(how);
    }
}

/* Print the findings; the number of errors. */
static size_t print_findings(struct restore_session *s)
{
    const struct findings *fs = restore_session_findings(s);
    size_t errors = 0;

    printf("\n");
    for (size_t i = 0; i < fs->n; i++) {
        const struct finding *f = &fs->f[i];

        errors += f->severity == RULE_ERROR;
        printf("%-7s %s: ", rule_severity_name(f->severity), f->rule->id);
        put(f->message);
        if (f->fix && *f->fix) {
            printf("\n        fix: ");
            put(f->fix);
        }
        printf("\n");
    }
    for (size_t i = 0; i < fs->n_skipped; i++)
        printf("not checked (%s)\n", fs->skipped[i]);
    if (!fs->n)
        printf("No finding: nothing known stands in the way.\n");
    return errors;
}

/* Ctrl+C asks whether to stop; a second one stops loadstate at once. */
static enum follow_answer on_interrupt(void *ctx, bool stopping)
{
    (void)ctx;
    if (stopping)
        return FOLLOW_KILL;
    if (ask_yes("\nStop the restore? [y/N] ")) {
        puts("Stopping: asking loadstate to stop (Ctrl+C again stops it at "
             "once).");
        return FOLLOW_STOP;
    }
    puts("The restore goes on.");
    return FOLLOW_GO_ON;
}

/*
 * The exit status of a run that ended: cancelled 1, loadstate failed 3,
 * a stored user missing 4, the report nowhere 5, else 0.
 */
static int exit_status(const struct restore_session *s, bool written)
{
    if (s->cancelled)
        return WIZ_EXIT_FAIL;
    if (s->rc != 0)
        return WIZ_EXIT_RUN_FAILED;
    if (!restore_session_complete(s))
        return WIZ_EXIT_INCOMPLETE;
    return written ? WIZ_EXIT_OK : WIZ_EXIT_REPORT;
}

/* Where the restore report went, as Windows on the new PC sees it. */
static void print_report_places(const struct restore_session *s)
{
    for (size_t i = 0; i < 2; i++) {
        if (!s->report_dirs_win[i])
            continue;
        printf("Report: ");
        put(s->report_dirs_win[i]);
        printf("\\%s\n", RESTORE_REPORT_TEXT_NAME);
    }
}

static int result(struct restore_session *s)
{
    struct strbuf sb = STRBUF_INIT;
    struct wiz_err err;

    if (s->rc == 0)
        strbuf_adds(&sb, "USMT_SUCCESS: loadstate finished");
    else
        retcode_one_line(s->rc, &sb);
    printf("\nloadstate ended with %d: %s\n", s->rc, sb.buf);
    strbuf_release(&sb);
    for (size_t i = 0; i < s->facts.n_users; i++) {
        const char *what = s->outcome[i] == RESTORE_RESTORED
                               ? "restored"
                               : "not restored";

        printf("  ");
        put(s->facts.users[i].name ? s->facts.users[i].name : "?");
        printf(": %s (%s)\n", what, s->why ? s->why[i] : "");
    }
    printf("Log: ");
    put(s->cmd.l);
    printf("\n");
    bool written = restore_session_write_report(s, &err) == 0;

    if (!written)
        fprintf(stderr, "usmtwiz restore: %s\n", err.msg);
    print_report_places(s);
    int rc = exit_status(s, written);

    if (rc == WIZ_EXIT_INCOMPLETE)
        printf("The restore is incomplete: a stored user is not on the new "
               "PC.\n");
    if (rc == WIZ_EXIT_OK || rc == WIZ_EXIT_REPORT)
        printf("Next: each user signs out and in once (wallpaper, fonts and "
               "screen saver apply at the next sign-in).\n");
    if (rc == WIZ_EXIT_OK && s->cmd.hardlink)
        printf("The hard-link store can be removed with usmtutils /rd once "
               "the users have checked their data.\n");
    return rc;
}

/*
 * After a restore from a hard-link store that succeeded: remove the store
 * with usmtutils /rd only with consent (asked, default no); with --yes
 * only when the preset says so (<removeHardlinkStore>yes).
 */
static void remove_store(struct restore_session *s,
                         const struct restore_args *a, bool preset_says)
{
    struct wiz_err err;

    if (!restore_session_can_remove_store(s))
        return;
    if (a->yes ? !preset_says
               : !ask_yes("Remove the hard-link store now with usmtutils "
                          "/rd (the users' files stay; the reports beside "
                          "the store go)? [y/N] ")) {
        printf("The hard-link store stays.\n");
        return;
    }
    if (restore_session_remove_store(s, &err) < 0) {
        fprintf(stderr, "usmtwiz restore: %s\n", err.msg);
        return;
    }
    printf("The hard-link store was removed (usmtutils /rd).\n");
}

static int parse(int argc, char **argv, struct restore_args *a)
{
    memset(a, 0, sizeof(*a));
    a->o.winpe = -1;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            usage(stdout);
            return 1;
        } else if (!strcmp(o, "--simulate")) {
            a->o.simulate = true;
        } else if (!strcmp(o, "--yes")) {
            a->yes = true;
        } else if (!strcmp(o, "--plain")) {
            a->plain = true;
        } else if (v && !strcmp(o, "--store")) {
            a->store = v;
            i++;
        } else if (v && !strcmp(o, "--target-root")) {
            a->o.target_root = v;
            i++;
        } else if (v && !strcmp(o, "--usmt")) {
            a->o.usmt_host = v;
            i++;
        } else if (v && !strcmp(o, "--keyfile")) {
            a->keyfile = v;
            i++;
        } else if (v && !strcmp(o, "--preset")) {
            a->preset = v;
            i++;
        } else if (v && !strcmp(o, "--lac-password-file")) {
            a->lac_password_file = v;
            i++;
        } else if (v && !strcmp(o, "--volume") && v[0] && !v[1]) {
            a->o.volume = (char)(v[0] & ~0x20);
            i++;
        } else {
            fprintf(stderr, "usmtwiz restore: '%s' is not an option here\n",
                    o);
            usage(stderr);
            return -1;
        }
    }
    return 0;
}

static char *help_text(const struct wizard *model, const char *name)
{
    char *dir = cmd_data_dir();
    char *text = wizard_help_read(dir, name);

    (void)model;
    free(dir);
    return text;
}

/*
 * Load the preset a->preset names into p: it must have a <restore>
 * section.  What the command line gives wins over what the preset says.
 */
static int load_preset(struct restore_args *a, struct preset *p)
{
    struct wiz_err err;

    if (preset_load(a->preset, p, &err) < 0) {
        fprintf(stderr, "usmtwiz restore: %s\n", err.msg);
        return -1;
    }
    if (!p->restore.present) {
        fprintf(stderr, "usmtwiz restore: '%s' has no <restore> section: "
                "it is a capture preset (usmtwiz run --preset)\n",
                a->preset);
        return -1;
    }
    if (!a->store)
        a->store = p->restore.store;
    if (!a->keyfile)
        a->keyfile = p->restore.key_file;
    if (!a->lac_password_file)
        a->lac_password_file = p->restore.lac_password_file;
    return 0;
}

/* The console dialogue, or the screens? */
static bool use_screens(const struct restore_args *a)
{
    const char *term = sys_getenv("TERM");

    return !a->plain && !a->yes && sys_stdin_is_tty() &&
           sys_stdout_is_tty() && !(term && !strcmp(term, "dumb"));
}

/* The restore as screens (screens/restore_*.c) over session s. */
static int run_screens(struct restore_session *s, const struct restore_args *a)
{
    struct ui_hooks hooks = {
        .badge = a->o.simulate ? "simulate" : NULL,
        .help_text = help_text,
        .explain_prompt = screen_explain_prompt,
        .restore = s,
    };
    const struct screen_ops *const *screens;
    enum ui_outcome outcome;
    struct wiz_err err;
    size_t n;

    err_clear(&err);
    /* a store and key given on the command line are taken as chosen */
    if (a->store && restore_session_open(s, a->store, &err) < 0) {
        fprintf(stderr, "usmtwiz restore: %s\n", err.msg);
        return WIZ_EXIT_FAIL;
    }
    if (a->store && a->keyfile && get_key(s, a, &err) < 0) {
        fprintf(stderr, "usmtwiz restore: %s\n", err.msg);
        return WIZ_EXIT_USAGE;
    }
    screens = screens_restore(&n);
    if (ui_run(NULL, &hooks, screens, n, &outcome, &err) < 0) {
        fprintf(stderr, "usmtwiz restore: %s\n", err_msg(&err));
        return WIZ_EXIT_USAGE;
    }
    if (outcome != UI_DONE || s->rc < 0) {
        printf("usmtwiz restore: %s\n", s->job ? "left while loadstate ran"
               : "not started");
        return WIZ_EXIT_FAIL;
    }
    struct strbuf sb = STRBUF_INIT;

    if (s->rc == 0)
        strbuf_adds(&sb, "USMT_SUCCESS: loadstate finished");
    else
        retcode_one_line(s->rc, &sb);
    printf("usmtwiz restore: %s, loadstate returned %d: %s\n",
           restore_session_result(s), s->rc, sb.buf);
    strbuf_release(&sb);
    print_report_places(s);
    return exit_status(s, s->report_dirs[0] || s->report_dirs[1]);
}

int cmd_restore(int argc, char **argv)
{
    struct restore_args a;
    struct restore_session s;
    struct wiz_err err;
    int parsed = parse(argc, argv, &a);

    if (parsed)
        return parsed > 0 ? WIZ_EXIT_OK : WIZ_EXIT_USAGE;
    if (sys_is_winpe()) {
        fprintf(stderr, "usmtwiz restore: this is Windows PE, the capture "
                "side.  loadstate started here stops with return code 36 "
                "(\"Use /offline to run gather on this platform\"): restore "
                "on the new PC, in its Windows, as administrator.\n");
        return WIZ_EXIT_FAIL;
    }
    a.o.winpe = 0;

    struct preset p;

    preset_init(&p);
    if (a.preset && load_preset(&a, &p) < 0) {
        preset_release(&p);
        return WIZ_EXIT_USAGE;
    }
    if (restore_session_init(&s, &a.o, &err) < 0) {
        fprintf(stderr, "usmtwiz restore: %s\n", err.msg);
        restore_session_release(&s);
        preset_release(&p);
        return WIZ_EXIT_USAGE;
    }
    if (a.preset)
        restore_session_use_preset(&s, &p.restore);
    int rc = WIZ_EXIT_FAIL;

    if (use_screens(&a)) {
        /* the password reaches the session now; Result gives it */
        if (a.lac_password_file &&
            lac_password_from_file(&s, a.lac_password_file, &err) < 0) {
            fprintf(stderr, "usmtwiz restore: %s\n", err.msg);
            rc = WIZ_EXIT_USAGE;
        } else {
            rc = run_screens(&s, &a);
        }
        restore_session_release(&s);
        preset_release(&p);
        return rc;
    }
    sys_signals_install(NULL);
    if (a.preset) {
        printf("preset: ");
        put(p.name ? p.name : a.preset);
        printf("\n");
    }

    if (choose_store(&s, &a, &err) < 0 || get_key(&s, &a, &err) < 0 ||
        get_lac_password(&s, &a, &err) < 0) {
        fprintf(stderr, "usmtwiz restore: %s\n", err.msg);
        rc = err.code == WIZ_EUSAGE ? WIZ_EXIT_USAGE : WIZ_EXIT_FAIL;
        goto out;
    }
    print_facts(&s);
    ask_moves(&s, &a);

    struct strbuf line = STRBUF_INIT;

    restore_session_display(&s, &line);
    printf("\nloadstate line:\n  ");
    put(line.buf);
    printf("\n");
    strbuf_release(&line);
    if (print_findings(&s)) {
        printf("\nAn error stands: loadstate is not started.\n");
        goto out;
    }
    if (!a.yes && !ask_yes("\nStart loadstate? [y/N] ")) {
        printf("Not started.\n");
        goto out;
    }
    if (restore_session_start(&s, &err) < 0) {
        fprintf(stderr, "usmtwiz restore: %s\n", err.msg);
        goto out;
    }
    static const struct follow_ops ops = { cmd_print_lines, on_interrupt };

    if (follow_restore(&s, &ops, NULL, &err) < 0) {
        fprintf(stderr, "usmtwiz restore: following loadstate: %s\n",
                err.msg);
        rc = WIZ_EXIT_RUN_FAILED;
        goto out;
    }
    rc = apply_lac_password(&s, result(&s));
    remove_store(&s, &a, a.preset && p.restore.remove_store);
out:
    restore_session_release(&s);
    preset_release(&p);
    return rc;
}

/*
 * usmtwiz --plain: the capture wizard as numbered line-by-line prompts,
 * for screen readers, braille displays and serial consoles.  No cursor
 * addressing: every fact is a line, every choice a numbered menu or a
 * typed answer.  It drives the same model as the full-screen wizard
 * (core/session/wizard.h) and runs the plan the same way (core/session/wizard_run.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "cmd.h"
#include "core/run/job.h"
#include "core/plan/keyfile.h"
#include "core/plan/plan.h"
#include "core/run/progress.h"
#include "core/usmt/retcodes.h"
#include "core/run/sclog.h"
#include "core/offline/users.h"
#include "core/usmt/usmtenv.h"
#include "core/offline/winos.h"
#include "core/session/wizard.h"
#include "core/session/follow.h"
#include "core/session/wizard_run.h"
#include "platform/fs.h"
#include "platform/sys.h"

#define LINE_MAX_PLAIN 1024
#define FINDINGS_MAX 256

enum step_result { STEP_NEXT, STEP_BACK, STEP_QUIT };

enum plain_step {
    P_ENV, P_VOLUME, P_USERS, P_STORE, P_MIGRATE, P_OPTIONS, P_REVIEW,
    P_RUN
};

static const char *const step_help[] = {
    "environment", "volume", "users", "store", "migrate", "options",
    "review"
};

static const char *const step_title[] = {
    "Environment", "Volume", "Users", "Store and working directory",
    "What to migrate", "Options", "Review"
};

/* Drop white space (and a carriage return) around s, in place. */
static void trim(char *s)
{
    size_t n = strlen(s);
    size_t a = 0;

    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    while (s[a] == ' ' || s[a] == '\t')
        a++;
    memmove(s, s + a, n - a + 1);
}

/* Read one answer after prompt; -1 at the end of input. */
static int ask(const char *prompt, char *buf, size_t size)
{
    fputs(prompt, stdout);
    fflush(stdout);
    if (sys_read_line(buf, size) < 0) {
        puts("(end of input)");
        return -1;
    }
    trim(buf);
    /* answers from a file or pipe are not echoed: say them for the log */
    if (!sys_stdin_is_tty())
        puts(buf);
    return 0;
}

static bool really_quit(void)
{
    char line[16];

    if (ask("Really quit? Nothing has been started. y/N: ", line,
            sizeof(line)) < 0)
        return true;
    return line[0] == 'y' || line[0] == 'Y';
}

/*
 * The answers every step knows: "?" help, "b" back, "q" quit.  Returns
 * true when the answer was one of them (*res says what to do; -1 = ask
 * again).
 */
static bool common_answer(const struct wizard *w, enum plain_step s,
                          const char *line, int *res)
{
    if (!strcmp(line, "?")) {
        char *t = wizard_help_text(w, step_help[s]);

        fputs(t, stdout);
        if (*t && t[strlen(t) - 1] != '\n')
            putchar('\n');
        free(t);
        *res = -1;
        return true;
    }
    if (!strcmp(line, "b")) {
        *res = STEP_BACK;
        return true;
    }
    if (!strcmp(line, "q")) {
        *res = really_quit() ? STEP_QUIT : -1;
        return true;
    }
    return false;
}

static void heading(enum plain_step s)
{
    printf("\n== Step %d of 7: %s ==\n", (int)s + 1, step_title[s]);
}

/* The findings of parts, numbered from 1, each with its fix. */
static size_t print_findings(const struct wizard *w, unsigned parts)
{
    struct wizard_finding f[FINDINGS_MAX];
    size_t n = wizard_findings(w, parts, f, FINDINGS_MAX);

    if (n > FINDINGS_MAX)
        n = FINDINGS_MAX;
    if (n == 0) {
        puts("Findings: none.");
        return 0;
    }
    printf("Findings: %zu.\n", n);
    for (size_t i = 0; i < n; i++) {
        char *msg = utf8_escape_for_terminal(f[i].message);

        printf("%zu. %s %s: %s%s\n", i + 1, wizard_sev_name(f[i].sev), f[i].id, msg,
               f[i].acked ? " (acknowledged)" : "");
        if (*f[i].fix)
            printf("   Fix: %s\n", f[i].fix);
        if (*f[i].fix && f[i].can_fix)
            printf("   Type f %zu to apply it.\n", i + 1);
        else if (f[i].can_fix)
            printf("   An automatic fix exists: type f %zu.\n", i + 1);
        if (f[i].sev == WIZ_SEV_WARNING && !f[i].acked)
            printf("   Type a %zu to acknowledge this warning.\n", i + 1);
        free(msg);
    }
    return n;
}

static enum step_result step_env(struct wizard *w)
{
    char line[LINE_MAX_PLAIN];
    struct strbuf sb;
    int res;

    heading(P_ENV);
    wizard_probe_env(w, false);
    strbuf_init(&sb);
    usmtenv_describe(&w->env, &sb);
    fputs(sb.buf, stdout);
    if (sb.len && sb.buf[sb.len - 1] != '\n')
        putchar('\n');
    strbuf_release(&sb);
    if (!w->env_ok)
        printf("Problem: %s\n", w->env_error);
    if (w->note[0])
        printf("Note: %s\n", w->note);
    print_findings(w, WIZ_PART_ENV);
    for (;;) {
        if (ask("Press Enter to go on (? help, q quit): ", line,
                sizeof(line)) < 0)
            return STEP_QUIT;
        if (!*line)
            return STEP_NEXT;
        if (common_answer(w, P_ENV, line, &res)) {
            if (res == STEP_BACK)
                puts("This is the first step.");
            else if (res >= 0)
                return (enum step_result)res;
            continue;
        }
        puts("Press Enter to go on, ? for help, q to quit.");
    }
}

static void print_rows(const struct wizard *w, size_t def)
{
    char size[32];

    for (size_t r = 0; r < w->n_rows; r++) {
        const struct winvol *vol;
        const struct winos *os;

        wizard_row_get(w, r, &vol, &os);
        printf("%zu. %c: %s%s%s, %s, %s free of %s", r + 1,
               vol->vol.letter ? vol->vol.letter : '?',
               *vol->vol.label ? "\"" : "", vol->vol.label,
               *vol->vol.label ? "\"" : "",
               *vol->vol.fs ? vol->vol.fs : "unknown file system",
               str_human_size(vol->vol.free_bytes, size, sizeof(size)),
               "");
        printf("%s", str_human_size(vol->vol.total_bytes, size,
                                    sizeof(size)));
        if (os)
            printf(", %s at %s", os->friendly ? os->friendly : "Windows",
                   os->windir_win);
        else
            printf(", no Windows");
        if (r == def)
            printf(" (default)");
        putchar('\n');
        if (!w->rows[r].usable && w->rows[r].why_not)
            printf("   Cannot be used: %s\n", w->rows[r].why_not);
        if (vol->vol.locked) {
            for (size_t i = 0; i < vol->n_protectors; i++)
                printf("   Key ID: %s %s\n", vol->protectors[i].id,
                       vol_protector_kind_name(vol->protectors[i].kind));
            if (vol->protectors_problem)
                printf("   Key IDs: %s\n", vol->protectors_problem);
            printf("   Type u %zu to unlock it (its 48-digit recovery "
                   "password, or a .BEK key file).\n", r + 1);
        }
    }
}

/*
 * "u N": unlock the locked volume of row N with its recovery password,
 * read without echo into locked memory, or a .BEK key file.
 */
static void unlock_row(struct wizard *w, const char *arg)
{
    char pw[160];
    char path[LINE_MAX_PLAIN];
    const struct winvol *vol;
    const struct winos *os;
    struct wiz_err err;
    size_t row = SIZE_MAX;
    int block;
    int n;
    int r;

    if (*arg) {
        char *end;
        unsigned long v = strtoul(arg, &end, 10);

        if (*end || v == 0 || v > w->n_rows) {
            printf("'%s' is not a number from 1 to %zu.\n", arg, w->n_rows);
            return;
        }
        row = (size_t)v - 1;
    } else {
        for (size_t i = 0; i < w->n_rows; i++) {
            if (wizard_row_locked(w, i) && row == SIZE_MAX)
                row = i;
        }
        if (row == SIZE_MAX) {
            puts("No volume is locked.");
            return;
        }
    }
    if (!wizard_row_locked(w, row)) {
        printf("Row %zu is not a locked volume.\n", row + 1);
        return;
    }
    wizard_row_get(w, row, &vol, &os);
    sys_lock_memory(pw, sizeof(pw));
    printf("Unlocking %c: (Enter alone: a .BEK key file instead).\n",
           vol->vol.letter ? vol->vol.letter : '?');
    fflush(stdout);
    n = sys_read_secret("Recovery password, 48 digits (not shown): ", pw,
                        sizeof(pw));
    if (n < 0) {
        puts("Cannot read a password here (no terminal, or too long).");
        sys_unlock_memory(pw, sizeof(pw));
        return;
    }
    err_clear(&err);
    if (n > 0) {
        r = wizard_unlock_row(w, row, pw, NULL, &block, &err);
    } else {
        if (ask("Path of the .BEK key file (Enter: cancel): ", path,
                sizeof(path)) < 0 || !*path) {
            puts("Not unlocked.");
            sys_unlock_memory(pw, sizeof(pw));
            return;
        }
        r = wizard_unlock_row(w, row, NULL, path, &block, &err);
    }
    sys_unlock_memory(pw, sizeof(pw));
    if (r < 0)
        printf("Not unlocked: %s\n", err_msg(&err));
    else
        puts("Unlocked: the volumes are scanned again.");
}

static enum step_result step_volume(struct wizard *w)
{
    char line[LINE_MAX_PLAIN];
    int res;

    heading(P_VOLUME);
    wizard_scan(w, false);
    if (!w->scan_ok)
        printf("Problem: %s\n", w->scan_error);
    if (w->n_rows == 0)
        puts("No volume was found.");
    for (;;) {
        size_t def = wizard_default_row(w);
        struct wiz_err err;
        char *end;

        print_rows(w, def);
        if (ask("Type the number of the Windows to capture, or Enter for "
                "the default (? help, b back, q quit): ", line,
                sizeof(line)) < 0)
            return STEP_QUIT;
        if (common_answer(w, P_VOLUME, line, &res)) {
            if (res >= 0)
                return (enum step_result)res;
            continue;
        }
        if (line[0] == 'u' && (line[1] == '\0' || line[1] == ' ')) {
            char *a = line + 1;

            while (*a == ' ')
                a++;
            unlock_row(w, a);
            continue;
        }
        size_t pick = def;

        if (*line) {
            unsigned long v = strtoul(line, &end, 10);

            if (*end || v == 0 || v > w->n_rows) {
                printf("'%s' is not a number from 1 to %zu.\n", line,
                       w->n_rows);
                continue;
            }
            pick = (size_t)v - 1;
        }
        if (pick >= w->n_rows) {
            puts("There is no usable Windows installation to choose.");
            continue;
        }
        if (wizard_choose_row(w, pick, &err) < 0) {
            printf("Cannot use row %zu: %s\n", pick + 1, err.msg);
            continue;
        }
        return STEP_NEXT;
    }
}

static void print_users(struct wizard *w)
{
    char size[32];

    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];
        char *name = utf8_escape_for_terminal(u->name ? u->name : "");

        size_t owner = wizard_user_owner(w, i);

        /* a TEMP or .bak row of another row's SID has no box: it goes
           with that row */
        printf("%zu. %s %s, %s, %s, ", i + 1, owner != SIZE_MAX ? " - " :
               wizard_user_selected(w, i) ? "[x]" : "[ ]", name,
               user_kind_name(u->kind), u->sid);
        if (u->sized)
            printf("%s", str_human_size(u->size_bytes, size, sizeof(size)));
        else
            printf("size unknown");
        if (u->sized && u->size_cloud_files) {
            char cb[32];

            printf(", of which %llu cloud-only file%s (%s) in OneDrive, not "
                   "on this disk", (unsigned long long)u->size_cloud_files,
                   u->size_cloud_files == 1 ? "" : "s",
                   str_human_size(u->size_cloud_bytes, cb, sizeof(cb)));
        }
        if (owner != SIZE_MAX) {
            char *o = utf8_escape_for_terminal(w->users.u[owner].name ?
                                               w->users.u[owner].name :
                                               w->users.u[owner].sid);

            printf(" (%s profile of %s, goes with row %zu)",
                   user_kind_name(u->kind), o, owner + 1);
            free(o);
        }
        putchar('\n');
        if (u->problem) {
            char *p = utf8_escape_for_terminal(u->problem);

            printf("   Problem: %s\n", p);
            free(p);
        }
        free(name);
    }
    printf("%zu of %zu selected.\n", wizard_users_selected(w),
           wizard_user_rows(w));
    if (w->users_note[0])
        printf("Note: %s\n", w->users_note);
}

/* "3", "1,4-6", "2 5": toggle each; -1 with a message when malformed. */
static int toggle_users(struct wizard *w, const char *line)
{
    const char *p = line;
    size_t n = w->users.n;
    bool *flip = xcalloc(n ? n : 1, sizeof(*flip));

    while (*p) {
        char *end;
        unsigned long a, b;

        if (*p == ',' || *p == ' ') {
            p++;
            continue;
        }
        a = strtoul(p, &end, 10);
        if (end == p)
            goto bad;
        b = a;
        p = end;
        if (*p == '-') {
            p++;
            b = strtoul(p, &end, 10);
            if (end == p)
                goto bad;
            p = end;
        }
        if (a == 0 || b < a || b > n)
            goto bad;
        for (unsigned long k = a; k <= b; k++)
            flip[k - 1] = !flip[k - 1];
    }
    for (size_t i = 0; i < n; i++) {
        size_t owner = wizard_user_owner(w, i);

        if (flip[i] && owner != SIZE_MAX)
            printf("%zu goes with row %zu (the same SID): toggle %zu.\n",
                   i + 1, owner + 1, owner + 1);
        else if (flip[i])
            wizard_user_select(w, i, !wizard_user_selected(w, i));
    }
    free(flip);
    return 0;
bad:
    free(flip);
    printf("'%s' is not a list of numbers from 1 to %zu (like 3 or 1,4-6).\n",
           line, n);
    return -1;
}

static enum step_result step_users(struct wizard *w)
{
    char line[LINE_MAX_PLAIN];
    int res;

    heading(P_USERS);
    if (!w->users_ok)
        printf("Problem: cannot read the users: %s\n", w->users_error);
    if (wizard_size_step(w, 0)) {
        puts("Measuring the profiles...");
        fflush(stdout);
        while (wizard_size_step(w, 500))
            ;
    }
    if (w->size_error[0]) {
        printf("Problem: %s\n", w->size_error);
        w->size_error[0] = '\0';
    }
    for (;;) {
        print_users(w);
        if (ask("Type numbers to toggle (3, 1,4-6), all, none, or Enter to "
                "accept (? help, b back, q quit): ", line, sizeof(line)) < 0)
            return STEP_QUIT;
        if (common_answer(w, P_USERS, line, &res)) {
            if (res >= 0)
                return (enum step_result)res;
            continue;
        }
        if (!*line)
            return STEP_NEXT;
        if (!strcmp(line, "all") || !strcmp(line, "none")) {
            for (size_t i = 0; i < w->users.n; i++)
                wizard_user_select(w, i, line[0] == 'a');
        } else {
            toggle_users(w, line);
        }
        wizard_touch(w);
    }
}

static void print_store(struct wizard *w)
{
    const struct plan *pl = &w->plan;
    char a[32], b[32];
    bool complete;
    uint64_t est = wizard_estimate(w, &complete);
    const char *marker = NULL;

    printf("Store: %s\n", pl->store_path ? pl->store_path : "(none)");
    printf("Kind: %s\n", plan_store_kind_name(pl->store_kind));
    printf("Working directory: %s\n",
           pl->working_dir ? pl->working_dir : "(none)");
    if (pl->log_path)
        printf("Log: %s\n", pl->log_path);
    char *share = wizard_store_share(w);

    if (share) {
        struct wizard_share_state st;

        wizard_store_share_state(w, &st);
        if (!st.looked)
            printf("Share %s: not looked at on this machine.\n", share);
        else if (st.failure != SHARE_OK)
            printf("Share %s: not connected: %s.\n"
                   "Type c to connect it.\n", share,
                   share_failure_text(st.failure));
        else if (st.free_known)
            printf("Share %s: connected; free space %s; the selected "
                   "profiles need about %s%s.\n", share,
                   str_human_size(st.free_bytes, a, sizeof(a)),
                   str_human_size(est, b, sizeof(b)),
                   complete ? "" : " (not all measured)");
        else
            printf("Share %s: connected.\n", share);
        free(share);
    } else if (pl->store_path && pl->store_path[0]) {
        const struct vol_info *v =
            wizard_volume_by_letter(w, (char)(pl->store_path[0] & ~0x20));

        if (v)
            printf("Free space on %c: %s; the selected profiles need about "
                   "%s%s.\n", v->letter,
                   str_human_size(v->free_bytes, a, sizeof(a)),
                   str_human_size(est, b, sizeof(b)),
                   complete ? "" : " (not all measured)");
    }
    if (wizard_store_exists(w, &marker)) {
        printf("A USMT store already exists in this folder (%s).\n",
               marker ? marker : "found");
        if (pl->overwrite)
            puts("It will be overwritten.");
        else
            puts("Type overwrite to replace it, or type another path.");
    }
    print_findings(w, WIZ_PART_STORE);
}

/* The working folder is ours to make, on the store's disk. */
static void make_workdir(struct wizard *w)
{
    struct wiz_err err;
    char *work = w->plan.working_dir
                     ? wizard_host_path(w, w->plan.working_dir) : NULL;

    if (work && !fs_exists(work)) {
        if (fs_mkdir_p(work, &err) < 0)
            printf("Cannot create the working directory: %s\n", err.msg);
        else
            printf("Created the working directory %s.\n",
                   w->plan.working_dir);
    }
    free(work);
}

/*
 * Connect the store's share: the user typed, the password read without
 * echo into locked memory, handed to the session and wiped.
 */
static void connect_share(struct wizard *w)
{
    char *share = wizard_store_share(w);
    char user[256];
    char password[257];
    struct wiz_err err;
    int n;

    if (!share) {
        puts("The store is not on a share: type a path such as "
             "\\\\server\\share\\stores\\PC first.");
        return;
    }
    printf("Connect %s.\n", share);
    if (ask("User (DOMAIN\\name; Enter for none): ", user,
            sizeof(user)) < 0) {
        free(share);
        return;
    }
    sys_lock_memory(password, sizeof(password));
    n = sys_read_secret("Password (not shown): ", password,
                        sizeof(password));
    if (n < 0)
        printf("Cannot read a password here (no terminal, or over 256 "
               "characters); connect the share first with net use %s "
               "/user:NAME * (it asks for the password).\n", share);
    else if (wizard_connect_share(w, user, password, &err) < 0)
        printf("Not connected: %s.\n", err.msg);
    else
        printf("Connected %s.\n", share);
    sys_unlock_memory(password, sizeof(password));
    free(share);
}

static enum step_result step_store(struct wizard *w)
{
    char line[LINE_MAX_PLAIN];
    int res;

    heading(P_STORE);
    wizard_default_places(w);
    for (;;) {
        print_store(w);
        if (ask("Enter keeps; type a new store path (a disk or "
                "\\\\server\\share\\...), c to connect its share, w PATH "
                "for the working directory, k compressed|uncompressed|"
                "hardlink (? help, b back, q quit): ", line,
                sizeof(line)) < 0)
            return STEP_QUIT;
        if (common_answer(w, P_STORE, line, &res)) {
            if (res >= 0)
                return (enum step_result)res;
            continue;
        }
        if (!*line) {
            make_workdir(w);
            return STEP_NEXT;
        }
        if (!strcmp(line, "overwrite")) {
            if (!wizard_store_exists(w, NULL)) {
                puts("There is no store to overwrite here.");
                continue;
            }
            wizard_set_overwrite(w, true);
        } else if (!strcmp(line, "c")) {
            connect_share(w);
        } else if (!strncmp(line, "w ", 2)) {
            wizard_set_place(w, WIZ_PLACE_WORKDIR, line + 2);
        } else if (!strncmp(line, "k ", 2)) {
            const char *k = line + 2;

            if (!strcmp(k, "compressed"))
                wizard_set_store_kind(w, PLAN_STORE_COMPRESSED);
            else if (!strcmp(k, "uncompressed"))
                wizard_set_store_kind(w, PLAN_STORE_UNCOMPRESSED);
            else if (!strcmp(k, "hardlink"))
                wizard_set_store_kind(w, PLAN_STORE_HARDLINK);
            else
                printf("'%s' is not compressed, uncompressed or hardlink.\n",
                       k);
        } else {
            wizard_set_store(w, line);
        }
        wizard_touch(w);
    }
}

static enum step_result step_migrate(struct wizard *w)
{
    char line[LINE_MAX_PLAIN];
    int res;

    heading(P_MIGRATE);
    wizard_default_content(w);
    for (;;) {
        const struct plan_strv *x = &w->plan.xml_files;

        if (x->n == 0)
            puts("No migration XML is chosen.");
        for (size_t i = 0; i < x->n; i++)
            printf("%zu. %s\n", i + 1, x->items[i]);
        if (w->plan.config_path)
            printf("Config.xml: %s\n", w->plan.config_path);
        print_findings(w, WIZ_PART_CONTENT);
        if (ask("Enter keeps; or type the XML files separated by spaces "
                "(? help, b back, q quit): ", line, sizeof(line)) < 0)
            return STEP_QUIT;
        if (common_answer(w, P_MIGRATE, line, &res)) {
            if (res >= 0)
                return (enum step_result)res;
            continue;
        }
        if (!*line)
            return STEP_NEXT;
        wizard_clear_xml(w);
        for (char *t = strtok(line, " ,"); t; t = strtok(NULL, " ,"))
            wizard_set_xml(w, t, true);
        wizard_touch(w);
    }
}

/*
 * "k": the encryption key, typed twice on the terminal without echo, into
 * memory locked in RAM and wiped after use; "k off": no encryption.
 */
static void set_key(struct wizard *w, bool off)
{
    char keys[2][KEYFILE_MAX_KEY + 2];
    int n;

    if (off) {
        wizard_set_encrypt(w, 0);
        wizard_set_key(w, NULL);
        wizard_set_key_confirm(w, NULL);
        wizard_touch(w);
        puts("Encryption off.");
        return;
    }
    sys_lock_memory(keys, sizeof(keys));
    n = sys_read_secret("Encryption key (not shown): ", keys[0],
                        sizeof(keys[0]));
    if (n < 0) {
        puts("Cannot read a key here (no terminal, or over 256 "
             "characters); for answers from a file use a key file: "
             "x /encrypt /keyfile:PATH");
    } else if (n == 0) {
        puts("The key is empty; nothing changed.");
    } else if (sys_read_secret("The same key again: ", keys[1],
                               sizeof(keys[1])) != n ||
               strcmp(keys[0], keys[1])) {
        puts("The two keys differ; nothing changed.");
    } else {
        wizard_set_encrypt(w, 1);
        wizard_set_keyfile(w, NULL);
        wizard_set_key(w, keys[0]);
        wizard_set_key_confirm(w, keys[1]);
        wizard_touch(w);
        printf("Encryption on, with the key typed here (%d characters, "
               "not shown).\n", n);
    }
    sys_unlock_memory(keys, sizeof(keys));
}

static enum step_result step_options(struct wizard *w)
{
    char line[LINE_MAX_PLAIN];
    int res;

    heading(P_OPTIONS);
    wizard_default_options(w);
    for (;;) {
        const struct plan *pl = &w->plan;

        printf("Continue on errors (/c): %s\n",
               pl->continue_on_error ? "yes" : "no");
        if (pl->verbosity >= 0)
            printf("Verbosity (/v): %d\n", pl->verbosity);
        printf("Encryption: %s\n", pl->encrypt ? "yes" : "no");
        puts("  (k types an encryption key, not shown; k off removes it)");
        printf("Extra switches: ");
        for (size_t i = 0; i < pl->extra_args.n; i++)
            printf("%s%s", i ? " " : "", pl->extra_args.items[i]);
        puts(pl->extra_args.n ? "" : "none");
        print_findings(w, WIZ_PART_OPTIONS);
        if (ask("Enter keeps; x SWITCHES sets the extra switches, x alone "
                "clears them (? help, b back, q quit): ", line,
                sizeof(line)) < 0)
            return STEP_QUIT;
        if (common_answer(w, P_OPTIONS, line, &res)) {
            if (res >= 0)
                return (enum step_result)res;
            continue;
        }
        if (!*line)
            return STEP_NEXT;
        if (!strcmp(line, "k") || !strcmp(line, "k off")) {
            set_key(w, line[1] != '\0');
            continue;
        }
        if (line[0] == 'x' && (line[1] == ' ' || !line[1])) {
            struct wiz_err err;
            char *unknown = NULL;

            if (wizard_set_extra(w, line[1] ? line + 2 : "", &unknown,
                                 &err) < 0)
                printf("Cannot use these switches: %s\n", err.msg);
            else if (unknown)
                printf("scanstate does not know: %s\n", unknown);
            free(unknown);
            wizard_touch(w);
            continue;
        }
        puts("Press Enter to keep the options, or type x SWITCHES.");
    }
}

/* The index behind the N of "f N" / "a N", or SIZE_MAX with a message. */
static size_t finding_arg(const struct wizard *w, const char *arg,
                          struct wizard_finding *out)
{
    struct wizard_finding f[FINDINGS_MAX];
    size_t n = wizard_findings(w, WIZ_PART_ALL, f, FINDINGS_MAX);
    char *end;
    unsigned long v = strtoul(arg, &end, 10);

    if (n > FINDINGS_MAX)
        n = FINDINGS_MAX;
    if (*end || v == 0 || v > n) {
        printf("'%s' is not a finding number from 1 to %zu.\n", arg, n);
        return SIZE_MAX;
    }
    *out = f[v - 1];
    return f[v - 1].index;
}

static enum step_result step_review(struct wizard *w)
{
    char line[LINE_MAX_PLAIN];

    heading(P_REVIEW);
    for (bool show = true;;) {
        struct wiz_err err;

        if (show) {
            char *text = wizard_review_text(w);

            fputs(text, stdout);
            if (*text && text[strlen(text) - 1] != '\n')
                putchar('\n');
            free(text);
            print_findings(w, WIZ_PART_ALL);
        }
        show = false;
        if (ask("Type s to start, f N to apply a fix, a N to acknowledge a "
                "warning, r to read again (? help, b back, q quit): ", line,
                sizeof(line)) < 0)
            return STEP_QUIT;
        if (!strcmp(line, "?")) {
            char *t = wizard_help_text(w, "review");

            fputs(t, stdout);
            free(t);
            continue;
        }
        if (!strcmp(line, "b"))
            return STEP_BACK;
        if (!strcmp(line, "q")) {
            if (really_quit())
                return STEP_QUIT;
            continue;
        }
        if (!*line)
            continue;
        if (!strcmp(line, "r")) {
            show = true;
            continue;
        }
        if (!strcmp(line, "s")) {
            if (wizard_blocked(w, &err)) {
                printf("Cannot start: %s\n", err.msg);
                continue;
            }
            return STEP_NEXT;
        }
        if ((line[0] == 'f' || line[0] == 'a') && line[1] == ' ') {
            struct wizard_finding f;
            size_t idx = finding_arg(w, line + 2, &f);

            if (idx == SIZE_MAX)
                continue;
            char *id = xstrdup(f.id);

            if (line[0] == 'a') {
                if (f.sev != WIZ_SEV_WARNING)
                    printf("Finding %s is not a warning; only warnings can "
                           "be acknowledged.\n", id);
                else {
                    wizard_ack(w, idx);
                    printf("Acknowledged %s.\n", id);
                }
            } else if (!f.can_fix) {
                printf("Finding %s has no automatic fix.\n", id);
            } else if (wizard_fix(w, idx, &err) < 0) {
                printf("The fix of %s failed: %s\n", id, err.msg);
            } else {
                printf("Fixed %s.\n", id);
                wizard_touch(w);
                show = true;
            }
            free(id);
            continue;
        }
        printf("'%s' is not an answer here; type ? for help.\n", line);
    }
}

/* Ctrl+C asks whether to cancel; a second one stops scanstate at once. */
static enum follow_answer on_interrupt(void *ctx, bool stopping)
{
    char line[16];

    (void)ctx;
    if (stopping)
        return FOLLOW_KILL;
    if (ask("\nCancel the capture? y/N: ", line, sizeof(line)) < 0 ||
        line[0] == 'y' || line[0] == 'Y') {
        puts("Cancelling: asking scanstate to stop (Ctrl+C again stops it "
             "at once).");
        return FOLLOW_STOP;
    }
    puts("The capture goes on.");
    return FOLLOW_GO_ON;
}

/* Follow the run with lines. */
static int follow(struct wizard *w, struct wizard_run *run)
{
    static const struct follow_ops ops = { cmd_print_lines, on_interrupt };
    struct wiz_err err;
    int r = follow_run(w, run, &ops, NULL, &err);

    if (r < 0)
        printf("Problem: %s\n", err.msg);
    return r;
}

/* What came of the run, as lines: the verdict, the code, the cause. */
static void print_result(const struct wizard *w, const struct wizard_run *run)
{
    char *text = wizard_run_result_text(w, run);

    fputs(text, stdout);
    free(text);
}

/*
 * A selected user with a TEMP profile: scanstate skips it, and its real
 * ('.bak') profile stays behind.  Offer to take that folder as files.
 */
static void offer_bak_as_files(struct wizard *w)
{
    const char *name;
    char line[16];
    struct wiz_err err;

    if (!wizard_bak_selected(w, &name) || wizard_bak_as_files_on(w))
        return;
    printf("scanstate will skip %s: Windows gave this user a temporary "
           "profile, and the real one (the '.bak' entry) with all its "
           "files would stay on the old disk.\n", name);
    if (ask("Capture that profile folder as files (files only, no "
            "settings; nothing is written to the offline volume)? y/N: ",
            line, sizeof(line)) < 0 || (line[0] != 'y' && line[0] != 'Y'))
        return;
    if (wizard_bak_as_files(w, &err) < 0)
        printf("Problem: %s\n", err.msg);
    else
        puts("Its folder goes into the store as files (a generated "
             "migration XML, /i).");
}

/* A partial store (killed, cancelled): offer to move it aside. */
static void offer_aside(const struct wizard *w, struct wizard_run *run)
{
    char line[16];
    char *to;
    struct wiz_err err;

    if (!wizard_run_store_partial(run) || !run->store_host ||
        !fs_exists(run->store_host))
        return;
    if (ask("Move the partial store aside (to <store>.incomplete) so "
            "that nobody restores it? y/N: ", line, sizeof(line)) < 0 ||
        (line[0] != 'y' && line[0] != 'Y'))
        return;
    if (wizard_run_move_aside(w, run, &to, &err) < 0) {
        printf("Problem: %s\n", err.msg);
        return;
    }
    printf("Moved the partial store to %s.\n", to);
    free(to);
}

/*
 * On a practice machine built for a training lesson: offer the lesson's
 * instructor sheet (symptom, cause, fix, documentation).
 */
static void offer_lesson(const struct wizard *w)
{
    char *lesson;
    char *sheet;
    struct wiz_err err;
    char line[16];

    if (wizard_lesson_sheet(w, &lesson, &sheet, &err) < 0)
        return;
    printf("\nTraining lesson '%s': its instructor sheet says the symptom, "
           "the cause, the fix and the documentation.\n", lesson);
    if (ask("Show the instructor sheet? y/N: ", line, sizeof(line)) == 0 &&
        (line[0] == 'y' || line[0] == 'Y')) {
        printf("\n== Lesson %s ==\n", lesson);
        fputs(sheet, stdout);
    }
    free(lesson);
    free(sheet);
}

static int run_and_report(struct wizard *w)
{
    struct wizard_run run;
    struct wiz_err err;
    int code;

    offer_bak_as_files(w);
    printf("\n== Run ==\n");
    make_workdir(w);
    sys_signals_install(NULL);
    if (wizard_run_start(w, &run, "plain", NULL, NULL, 0, &err) < 0) {
        printf("Cannot start: %s\n", err.msg);
        return WIZ_EXIT_USAGE;
    }
    printf("Command: %s\n", wizard_run_display(&run));
    fflush(stdout);
    if (follow(w, &run) < 0) {
        wizard_run_release(&run);
        return WIZ_EXIT_USAGE;
    }
    printf("\n== Result ==\n");
    print_result(w, &run);
    char *next = wizard_run_next_steps(w, &run);

    if (next && *next) {
        puts("Next steps:");
        fputs(next, stdout);
        if (next[strlen(next) - 1] != '\n')
            putchar('\n');
    }
    free(next);
    offer_aside(w, &run);
    offer_lesson(w);
    code = cmd_run_exit(&run);
    wizard_run_release(&run);
    return code;
}

int cmd_plain(struct wizard *w)
{
    enum plain_step s = P_ENV;

    puts("usmtwiz plain mode: answer each question and press Enter.  "
         "? shows help, b goes back, q quits.");
    while (s < P_RUN) {
        enum step_result r;

        switch (s) {
        case P_ENV: r = step_env(w); break;
        case P_VOLUME: r = step_volume(w); break;
        case P_USERS: r = step_users(w); break;
        case P_STORE: r = step_store(w); break;
        case P_MIGRATE: r = step_migrate(w); break;
        case P_OPTIONS: r = step_options(w); break;
        default: r = step_review(w); break;
        }
        if (r == STEP_QUIT) {
            puts("Quit: nothing was started.");
            fflush(stdout);
            return WIZ_EXIT_FAIL;
        }
        if (r == STEP_BACK)
            s = s == P_ENV ? P_ENV : (enum plain_step)(s - 1);
        else
            s = (enum plain_step)(s + 1);
    }
    int code = run_and_report(w);

    fflush(stdout);
    return code;
}

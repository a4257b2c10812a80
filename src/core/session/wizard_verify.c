/*
 * After a capture: every profile of the chosen installation, selected or
 * not, handed to core/run/verify with what the run left, and the answer
 * put into the run's report (per user: captured or not and why; the real
 * people not selected and why).
 */
#include "core/session/wizard_run.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/users.h"
#include "core/plan/cmdline.h"
#include "core/plan/keyfile.h"
#include "core/plan/plan.h"
#include "core/plan/preset.h"
#include "core/run/job.h"
#include "core/run/progress.h"
#include "core/run/sclog.h"
#include "core/run/storecheck.h"
#include "core/run/verify.h"
#include "core/rules/rules.h"
#include "core/session/wizard.h"
#include "platform/fs.h"
#include "platform/vol.h"
#include "platform/sys.h"

static bool is_service(const char *sid)
{
    return !strcmp(sid, "S-1-5-18") || !strcmp(sid, "S-1-5-19") ||
           !strcmp(sid, "S-1-5-20");
}

static bool has_temp_twin(const struct user_list *l, const struct win_user *u)
{
    for (size_t i = 0; u->kind == USER_BAK && i < l->n; i++) {
        if (l->u[i].kind == USER_TEMP && str_ieq(l->u[i].sid, u->sid))
            return true;
    }
    return false;
}

/* Why a real person's profile is not in the plan, for people. */
static char *why_not(const struct wizard *w, const struct win_user *u)
{
    char *p = w->preset ? preset_why_not_user(w->preset, u, sys_now())
                        : NULL;

    if (p && u->kind == USER_BAK) {
        char *q = xasprintf("%s; it is the real profile of a user Windows "
                            "gave a TEMP profile, and its files stay on the "
                            "old disk", p);

        free(p);
        return q;
    }
    if (p)
        return p;
    if (u->default_selected)
        return xstrdup("the technician left it out");
    switch (u->kind) {
    case USER_BAK:
        return xstrdup("a '.bak' ProfileList entry, not selected: it is the "
                       "real profile of a user Windows gave a TEMP profile, "
                       "and its files stay on the old disk");
    case USER_ORPHAN:
        return xstrdup("an orphan: its profile folder is gone, there is "
                       "nothing to capture");
    case USER_BUILTIN:
        return xstrdup("a built-in account, not selected by default");
    default:
        return xstrdup("not selected");
    }
}

/*
 * Bytes of this profile in an uncompressed or hard-link store: scanstate
 * keeps a file tree under USMT\File\<letter>$\ (reference §7.3; the
 * letter as Windows saw itself).  A compressed store is one USMT.MIG,
 * not read here.
 */
static bool stored(const struct wizard *w, const struct wizard_run *run,
                   const struct win_user *u, uint64_t *bytes)
{
    const char *on = u->profile_online;
    struct size_result sz;

    if (w->plan.store_kind == PLAN_STORE_COMPRESSED || !run->store_host ||
        !on || !on[0] || on[1] != ':')
        return false;
    char *rel = xasprintf("USMT%cFile%c%c$%s", fs_sep(), fs_sep(),
                          (char)(on[0] & ~0x20), on + 2);

    for (char *c = rel; *c; c++) {
        if (*c == '\\')
            *c = fs_sep();
    }
    char *path = fs_join(run->store_host, rel);
    bool ok = users_size_path(path, NULL, NULL, &sz, NULL) == 0;

    free(rel);
    free(path);
    *bytes = ok ? sz.bytes : 0;
    return true;
}

static bool bak_with_temp(const struct user_list *l, const struct win_user *u)
{
    return u->kind == USER_BAK && u->folder_exists && has_temp_twin(l, u) &&
           u->profile_online && u->profile_online[0] &&
           u->profile_online[1] == ':';
}

bool wizard_bak_selected(const struct wizard *w, const char **name)
{
    for (size_t i = 0; i < w->users.n; i++) {
        if (bak_with_temp(&w->users, &w->users.u[i]) &&
            wizard_user_selected(w, i)) {
            *name = w->users.u[i].name;
            return true;
        }
    }
    return false;
}

bool wizard_bak_as_files_on(const struct wizard *w)
{
    for (size_t i = 0; i < w->plan.xml_files.n; i++) {
        const char *x = w->plan.xml_files.items[i];
        size_t n = strlen(x);
        size_t b = strlen(BAK_XML_NAME);

        if (n >= b && str_ieq(x + n - b, BAK_XML_NAME))
            return true;
    }
    return false;
}

static void xml_text(struct strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            strbuf_adds(sb, "&amp;");
        else if (*s == '<')
            strbuf_adds(sb, "&lt;");
        else if (*s == '>')
            strbuf_adds(sb, "&gt;");
        else
            strbuf_addch(sb, *s);
    }
}

int wizard_bak_as_files(struct wizard *w, struct wiz_err *err)
{
    struct strbuf sb = STRBUF_INIT;
    int n = 0;

    if (!w->plan.log_path || !strrchr(w->plan.log_path, '\\'))
        return err_set(err, WIZ_EUSAGE, "the log folder is not chosen yet");
    /*
     * A System component with one include per folder (reference §6.2:
     * "<folder>\* [*]" takes the whole tree).  The folder is written as
     * Windows saw it (C:), as the store names it; the reference does not
     * say how offline scanstate maps the letters of /i patterns.
     */
    strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<migration urlid=\"http://www.microsoft.com/migration/"
                     "1.0/migxmlext/usmtwiz-bak-files\">\n");
    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];

        if (!bak_with_temp(&w->users, u))
            continue;
        strbuf_adds(&sb, "  <component type=\"Documents\" "
                         "context=\"System\">\n    <displayName>usmtwiz: "
                         "files of the real profile of ");
        xml_text(&sb, u->name);
        strbuf_adds(&sb, " (files only, no settings)</displayName>\n"
                         "    <role role=\"Data\">\n      <rules>\n"
                         "        <include>\n          <objectSet>\n"
                         "            <pattern type=\"File\">");
        xml_text(&sb, u->profile_online);
        strbuf_adds(&sb, "\\* [*]</pattern>\n          </objectSet>\n"
                         "        </include>\n      </rules>\n    </role>\n"
                         "  </component>\n");
        n++;
    }
    strbuf_adds(&sb, "</migration>\n");
    if (!n) {
        strbuf_release(&sb);
        return 0;
    }
    const char *bs = strrchr(w->plan.log_path, '\\');
    char *win = xasprintf("%.*s\\%s", (int)(bs - w->plan.log_path),
                          w->plan.log_path, BAK_XML_NAME);
    char *local = wizard_host_path(w, win);
    char *dir = local ? xstrdup(local) : NULL;
    char *sl = dir ? strrchr(dir, fs_sep()) : NULL;
    int r = -1;

    if (sl)
        *sl = '\0';
    if (!local)
        err_set(err, WIZ_EUSAGE, "'%s' is not on a volume of this machine",
                win);
    else if ((sl && fs_mkdir_p(dir, err) < 0) ||
             fs_write_file(local, sb.buf, sb.len, err) < 0)
        err_prefix(err, "cannot write the migration XML for the .bak "
                        "profiles");
    else
        r = 0;
    if (r == 0 && !wizard_bak_as_files_on(w))
        plan_add_xml(&w->plan, win);
    wizard_disks_changed(w);
    free(dir);
    free(local);
    free(win);
    strbuf_release(&sb);
    return r < 0 ? -1 : n;
}

void wizard_run_verify(const struct wizard *w, struct wizard_run *run)
{
    const struct job_status *st = wizard_run_status(run);
    const struct user_list *l = &w->users;
    struct verify_profile *p = xcalloc(l->n + 1, sizeof(*p));
    char **why = xcalloc(l->n + 1, sizeof(*why));
    struct report *r = &run->report;

    for (size_t i = 0; i < l->n; i++) {
        const struct win_user *u = &l->u[i];

        p[i].sid = u->sid;
        p[i].name = u->name;
        p[i].account = u->account;
        p[i].kind = user_kind_name(u->kind);
        p[i].profile_online = u->profile_online ? u->profile_online : "";
        p[i].profile_win = u->profile_win ? u->profile_win : "";
        p[i].selected = wizard_user_selected(w, i);
        if (bak_with_temp(l, u) && wizard_bak_as_files_on(w)) {
            p[i].as_files = true;
            p[i].selected = true;
        }
        p[i].temporary = u->kind == USER_TEMP;
        p[i].real_person = !is_service(u->sid) && u->kind != USER_TEMP;
        p[i].folder_exists = u->folder_exists;
        p[i].temp_twin = has_temp_twin(l, u);
        if (p[i].selected)
            p[i].stored_known = stored(w, run, u, &p[i].stored_bytes);
        else if (p[i].real_person)
            p[i].why_not_selected = why[i] = why_not(w, u);
    }
    struct verify_input in = {
        r->rc, st && st->signalled,
        r->result && !strcmp(r->result, "cancelled"),
        st ? st->progress : NULL, st ? st->log : NULL, p, l->n,
        w->plan.store_kind == PLAN_STORE_COMPRESSED
    };

    verify_result_release(&run->verify);
    verify_run(&in, &run->verify);
    run->verified = true;
    free(r->result);
    r->result = xstrdup(verify_verdict_word(run->verify.verdict));
    /* the report's users become one per SID, each with what became of it */
    for (size_t i = 0; i < r->n_users; i++) {
        free(r->users[i].sid);
        free(r->users[i].name);
        free(r->users[i].kind);
        free(r->users[i].capture);
        free(r->users[i].note);
    }
    r->n_users = 0;
    for (size_t i = 0; i < run->verify.n_users; i++) {
        const struct verify_user *v = &run->verify.users[i];
        uint64_t size = 0;

        for (size_t k = 0; k < l->n; k++) {
            if (str_ieq(l->u[k].sid, v->sid) && l->u[k].sized &&
                l->u[k].kind != USER_TEMP)
                size = l->u[k].size_bytes;
        }
        report_add_user(r, v->sid, v->name, v->kind, size);
        report_set_user_capture(r, r->n_users - 1,
                                v->as_files ? "captured as files"
                                            : verify_state_word(v->state),
                                v->why, v->stored_known, v->stored_bytes);
    }
    for (size_t i = 0; i < run->verify.n_others; i++) {
        const struct verify_user *o = &run->verify.others[i];

        report_add_other(r, o->sid, o->name, o->kind, o->why);
    }
    for (size_t i = 0; i < l->n; i++)
        free(why[i]);
    free(why);
    free(p);
}

bool wizard_run_store_damaged(const struct wizard_run *run)
{
    return run->store_checked &&
           run->store_check.verdict == STORECHECK_DAMAGED;
}

void wizard_run_verdict_text(const struct wizard_run *run, struct strbuf *sb)
{
    if (wizard_run_store_damaged(run))
        strbuf_adds(sb, "INCOMPLETE: scanstate reported success, but the "
                        "store does not check out: do not wipe the old "
                        "disk; capture again.\n");
    else if (run->verified)
        verify_verdict_text(&run->verify, sb);
}

void wizard_run_check_store(const struct wizard *w, struct wizard_run *run)
{
    struct storecheck_input in;
    char *keyfile = NULL;
    bool temp_key = false;
    char *output = NULL;
    struct report *r = &run->report;

    if (!run->store_host)
        return;
    memset(&in, 0, sizeof(in));
    in.store = run->store_host;
    if (w->plan.store_path) {
        in.kind = w->plan.store_kind == PLAN_STORE_COMPRESSED
                      ? STORECHECK_KIND_COMPRESSED
                  : w->plan.store_kind == PLAN_STORE_HARDLINK
                      ? STORECHECK_KIND_HARDLINK
                      : STORECHECK_KIND_UNCOMPRESSED;
    }
    char *utils = storecheck_find_usmtutils(w->env.usmt_dir, w->simulate);

    in.usmtutils = utils;
    in.encrypted = w->plan.encrypt;
    if (in.encrypted && utils) {
        /* the key reaches usmtutils in a private file, as for scanstate */
        if (w->plan.key)
            temp_key = keyfile_create_temp(w->plan.key, &keyfile, NULL) == 0;
        else if (w->plan.keyfile) {
            /* a drive path is mapped; any other is scanstate's as given */
            keyfile = wizard_host_path(w, w->plan.keyfile);
            if (!keyfile && !(w->plan.keyfile[0] && w->plan.keyfile[1] == ':'))
                keyfile = xstrdup(w->plan.keyfile);
        }
    }
    in.keyfile = keyfile;
    if (run->output_host) {
        char *slash = strrchr(run->output_host, fs_sep());

        if (slash) {
            char *dir = xstrndup(run->output_host,
                                 (size_t)(slash - run->output_host));

            output = fs_join(dir, "usmtutils.txt");
            free(dir);
        }
    }
    in.output_path = output;
    storecheck_result_release(&run->store_check);
    storecheck_run(&in, &run->store_check, NULL);
    run->store_checked = true;
    if (temp_key)
        keyfile_wipe(keyfile, NULL);
    free(keyfile);
    free(utils);
    free(output);
    free(r->store_check);
    free(r->store_check_text);
    r->store_check = xstrdup(storecheck_verdict_word(
        run->store_check.verdict));
    r->store_check_text = xstrdup(run->store_check.text
                                      ? run->store_check.text : "");
    /* the size a later `usmtwiz verify` holds USMT.MIG to: a good one's */
    if (run->store_check.kind == STORECHECK_KIND_COMPRESSED &&
        run->store_check.verdict != STORECHECK_DAMAGED) {
        char *usmt = fs_join(run->store_host, "USMT");
        char *mig = fs_join(usmt, "USMT.MIG");
        struct fs_stat st;

        if (fs_stat(mig, &st, NULL) == 0 && st.type == FS_FILE)
            r->mig_bytes = st.size;
        free(mig);
        free(usmt);
    }
    if (run->store_check.files_known &&
        run->store_check.verdict != STORECHECK_DAMAGED) {
        r->store_files = run->store_check.files;
        r->store_file_bytes = run->store_check.file_bytes;
    }
    if (run->store_check.verdict == STORECHECK_DAMAGED) {
        /* a store that does not check out is not a success */
        free(r->result);
        r->result = xstrdup(verify_verdict_word(VERIFY_INCOMPLETE));
        if (run->verified && (run->verify.verdict == VERIFY_SUCCESS ||
                              run->verify.verdict == VERIFY_SUCCESS_ERRORS))
            run->verify.verdict = VERIFY_INCOMPLETE;
    }
}

/* Does the scanstate command line line make a compressed store? */
static bool cmdline_compressed(const char *line)
{
    struct plan plan;
    bool r;

    if (!line || !*line)
        return false;
    plan_init(&plan);
    r = cmdline_parse_string(&plan, line, NULL) == 0 &&
        plan.store_kind == PLAN_STORE_COMPRESSED;
    plan_release(&plan);
    return r;
}

int run_state_verify(const struct run_state *st, int rc,
                     const struct progress_state *progress,
                     const struct sclog_state *log,
                     struct verify_result *out)
{
    if (!st->n_users)
        return -1;
    struct verify_profile *p = xcalloc(st->n_users, sizeof(*p));
    char **copies = xcalloc(st->n_users, sizeof(*copies));

    for (size_t i = 0; i < st->n_users; i++) {
        const char *f[6] = { "", "", "", "", "", "" };
        char *c = copies[i] = xstrdup(st->users[i]);

        for (size_t k = 0; k < 6 && c; k++) {
            char *bar = strchr(c, '|');

            f[k] = c;
            if (bar)
                *bar = '\0';
            c = bar ? bar + 1 : NULL;
        }
        p[i].sid = f[0];
        p[i].kind = f[1];
        p[i].name = f[2];
        p[i].account = "";
        p[i].profile_online = f[3];
        p[i].profile_win = f[4];
        p[i].selected = true;
        p[i].real_person = true;
        p[i].folder_exists = strchr(f[5], 'f') != NULL;
        p[i].temp_twin = strchr(f[5], 't') != NULL;
    }
    struct verify_input in = { rc, false, false, progress, log, p,
                               st->n_users, cmdline_compressed(st->display) };

    verify_run(&in, out);
    for (size_t i = 0; i < st->n_users; i++)
        free(copies[i]);
    free(copies);
    free(p);
    return 0;
}

/* Read a whole scanstate.log (for us) into a new reader, NULL when absent. */
static struct sclog_reader *read_log(const char *path)
{
    struct sclog_reader *r;
    bool changed = true;

    if (!path || !fs_exists(path))
        return NULL;
    r = sclog_reader_new(path);
    for (int i = 0; changed && i < 100000; i++) {
        if (sclog_reader_poll(r, &changed, NULL) < 0)
            break;
    }
    sclog_reader_finish(r);
    return r;
}

int run_cmdline_verify(int rc, const struct progress_state *progress,
                       const struct sclog_state *log,
                       const char *volume_root, struct verify_result *out,
                       struct wiz_err *err)
{
    const char *line = progress && progress->command_line
                           ? progress->command_line
                           : log ? log->command_line : NULL;
    struct plan plan;
    struct sclog_reader *read = NULL;
    struct vol_list vols;
    struct report rep;
    bool have_report = false;
    int ret = -1;

    memset(&vols, 0, sizeof(vols));

    if (!line || !*line)
        return err_set(err, WIZ_ENOENT, "neither the progress log nor "
                                        "scanstate.log records scanstate's "
                                        "command line, so which users were "
                                        "to be captured is not known");
    plan_init(&plan);
    cmdline_parse_string(&plan, line, NULL);
    plan_user_rules_to_sids(&plan);
    if (!plan.sids.n) {
        err_set(err, WIZ_EUSAGE, "scanstate's command line does not name "
                                 "its users by SID (/ue:*\\* /ui:<SID>*), "
                                 "so which users were meant is not known");
        goto out;
    }
    bool have_vols = vol_enumerate(volume_root, &vols, NULL) == 0;

    if (!log && plan.log_path && have_vols) {
        char *local = rules_map_path(&vols, plan.log_path);

        read = read_log(local);
        free(local);
        log = read ? sclog_reader_state(read) : NULL;
    }
    /* a usmtwiz report beside the store knows the users' names */
    char *store = have_vols && plan.store_path
                      ? rules_map_path(&vols, plan.store_path) : NULL;
    char *rpath = store ? fs_join(store, REPORT_XML_NAME) : NULL;

    have_report = rpath && fs_exists(rpath) &&
                  report_read(rpath, &rep, NULL) == 0;
    free(rpath);
    free(store);
    if (!log) {
        err_set(err, WIZ_ENOENT, "scanstate.log%s%s%s cannot be read (give "
                                 "it with --log): the progress log names "
                                 "users by name, not by SID",
                plan.log_path ? " '" : "",
                plan.log_path ? plan.log_path : "",
                plan.log_path ? "'" : "");
        goto out;
    }
    struct verify_profile *p = xcalloc(plan.sids.n, sizeof(*p));

    for (size_t i = 0; i < plan.sids.n; i++) {
        p[i].sid = plan.sids.items[i];
        p[i].name = plan.sids.items[i];
        p[i].account = "";
        p[i].kind = "named by /ui";
        for (size_t k = 0; have_report && k < rep.n_users; k++) {
            if (str_ieq(rep.users[k].sid, p[i].sid) && rep.users[k].name) {
                p[i].name = rep.users[k].name;
                p[i].kind = rep.users[k].kind ? rep.users[k].kind : "";
            }
        }
        p[i].profile_online = "";
        p[i].profile_win = "";
        p[i].selected = true;
        p[i].real_person = true;
        /* not known here: scanstate.log says when a profile was skipped */
        p[i].folder_exists = true;
    }
    struct verify_input in = { rc, false, false, progress, log, p,
                               plan.sids.n,
                               plan.store_kind == PLAN_STORE_COMPRESSED };

    verify_run(&in, out);
    free(p);
    ret = 0;
out:
    if (have_report)
        report_release(&rep);
    vol_list_release(&vols);
    sclog_reader_free(read);
    plan_release(&plan);
    return ret;
}

bool wizard_run_store_partial(const struct wizard_run *run)
{
    return run->verified && (run->verify.verdict == VERIFY_KILLED ||
                             run->verify.verdict == VERIFY_CANCELLED);
}

int wizard_run_move_aside(const struct wizard *w, struct wizard_run *run,
                          char **to, struct wiz_err *err)
{
    *to = NULL;
    if (!run->store_host || !fs_exists(run->store_host))
        return err_set(err, WIZ_ENOENT, "there is no store to move aside");
    if (w->plan.store_kind == PLAN_STORE_HARDLINK)
        return err_set(err, WIZ_EUSAGE, "a hard-link store is on the "
                                        "offline volume: remove it with "
                                        "'usmtutils /rd' instead");
    for (int i = 1; i < 100; i++) {
        char *dst = i == 1 ? xasprintf("%s.incomplete", run->store_host)
                           : xasprintf("%s.incomplete-%d", run->store_host,
                                       i);

        if (fs_exists(dst)) {
            free(dst);
            continue;
        }
        if (fs_rename(run->store_host, dst, err) < 0) {
            free(dst);
            return err_prefix(err, "cannot move the store aside");
        }
        *to = dst;
        return 0;
    }
    return err_set(err, WIZ_EEXIST, "cannot move the store aside: too many "
                                    "'%s.incomplete' folders",
                   run->store_host);
}

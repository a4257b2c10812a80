#include "core/session/wizard.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/log.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/bitlocker.h"
#include "core/plan/cmdline.h"
#include "core/plan/offxml.h"
#include "core/plan/preset.h"
#include "core/rules/rules.h"
#include "core/usmt/usmtxml.h"
#include "core/plan/winquote.h"
#include "platform/fs.h"
#include "platform/share.h"
#include "platform/sys.h"
#include "platform/vol.h"


#define NO_OS SIZE_MAX

/* What the last check of the rules saw and found (a cache of the model). */
struct wizard_checked {
    struct findings findings;
    struct rule_facts facts;        /* what it saw on the disks */
    bool stale;                     /* the model changed since */
    unsigned generation;            /* how many checks so far */
};

static void fresh(const struct wizard *w);

/* The scanned volumes as a list (vols->v freed by the caller). */
static void scan_vols(const struct wizard *w, struct vol_list *vols)
{
    vols->n = w->scan.n;
    vols->v = xcalloc(vols->n ? vols->n : 1, sizeof(*vols->v));
    for (size_t i = 0; i < vols->n; i++)
        vols->v[i] = w->scan.vols[i].vol;
}

/* ---- set-up ----------------------------------------------------------- */

static void copy_msg(char *dst, const char *src)
{
    snprintf(dst, WIZARD_MSG_MAX, "%s", src);
}

void wizard_init(struct wizard *w, const struct wizard_opts *opts)
{
    memset(w, 0, sizeof(*w));
    plan_init(&w->plan);
    /*
     * absolute: scanstate starts in the USMT folder, so relative paths
     * handed to it (log, volume root) would point elsewhere
     */
    w->volume_root = opts->volume_root ? fs_absolute(opts->volume_root)
                                       : NULL;
    w->usmt_dir = opts->usmt_dir ? fs_absolute(opts->usmt_dir) : NULL;
    w->preset_path = opts->preset_path ? xstrdup(opts->preset_path) : NULL;
    w->data_dir = xstrdup(opts->data_dir ? opts->data_dir : ".");
    w->simulate = opts->simulate;
    w->winpe = opts->winpe;
    if (w->volume_root) {
        char *x = fs_join(w->volume_root, "X");

        if (fs_is_dir(x))
            w->x_root = x;
        else
            free(x);
    } else if (sys_is_winpe()) {
        w->x_root = xstrdup("X:\\");
    }
    w->checked = xcalloc(1, sizeof(*w->checked));
    findings_init(&w->checked->findings);
    rule_facts_init(&w->checked->facts);
    w->checked->stale = true;
}

int wizard_load_preset(struct wizard *w, struct wiz_err *err)
{
    struct preset *p;

    if (!w->preset_path)
        return 0;
    p = xcalloc(1, sizeof(*p));
    preset_init(p);
    if (preset_load(w->preset_path, p, err) < 0) {
        preset_release(p);
        free(p);
        return -1;
    }
    if (!p->store_template) {
        preset_release(p);
        free(p);
        return err_set(err, WIZ_EUSAGE, "'%s' has no capture part (no "
                       "<store>): it is a restore preset, for usmtwiz "
                       "restore --preset", w->preset_path);
    }
    w->preset = p;
    w->checked->stale = true;
    return 0;
}

int wizard_save_preset(const struct wizard *w, const char *path,
                       struct wiz_err *err)
{
    struct preset p;
    char *local = wizard_host_path(w, path);
    int r;

    preset_init(&p);
    preset_from_plan(&w->plan, &w->users, &p);
    r = preset_save(&p, local ? local : path, err);
    preset_release(&p);
    free(local);
    return r;
}

/* The preset's choices for the users just loaded (once per installation). */
static void apply_preset(struct wizard *w)
{
    const struct preset *p = w->preset;

    for (size_t i = w->plan.sids.n; i > 0; i--)
        plan_remove_sid(&w->plan, w->plan.sids.items[i - 1]);
    plan_strv_release(&w->plan.xml_files);
    memset(&w->plan.xml_files, 0, sizeof(w->plan.xml_files));
    plan_strv_release(&w->plan.extra_args);
    memset(&w->plan.extra_args, 0, sizeof(w->plan.extra_args));
    if (preset_apply(p, &w->users, sys_now(), &w->plan) == 0) {
        struct strbuf sb = STRBUF_INIT;

        preset_why_none(p, &w->users, sys_now(), &sb);
        copy_msg(w->users_note, sb.buf);
        strbuf_release(&sb);
    }
    w->options_done = true;
    w->encrypt_mode = p->encrypt ? (p->key_file ? 2 : 1) : 0;
    w->store_overwrite_ok = p->overwrite;
    w->preset_applied = true;
}

static void release_ticket(struct wizard *w)
{
    for (size_t i = 0; i < w->n_ticket; i++) {
        free((char *)(uintptr_t)w->ticket[i].name);
        free((char *)(uintptr_t)w->ticket[i].value);
    }
    free(w->ticket);
    w->ticket = NULL;
    w->n_ticket = 0;
}

static void release_users(struct wizard *w)
{
    users_walk_free(w->walk);
    w->walk = NULL;
    user_list_release(&w->users);
    memset(&w->users, 0, sizeof(w->users));
    w->users_ok = false;
    w->users_error[0] = '\0';
    w->users_note[0] = '\0';
    w->size_next = 0;
}

void wizard_release(struct wizard *w)
{
    release_users(w);
    release_ticket(w);
    if (w->env_done)
        usmtenv_release(&w->env);
    if (w->scan_done)
        win_scan_release(&w->scan);
    free(w->rows);
    if (w->preset) {
        preset_release(w->preset);
        free(w->preset);
    }
    wizard_config_drop(w);
    plan_release(&w->plan);
    plan_secret_free(w->key_confirm);
    findings_release(&w->checked->findings);
    rule_facts_release(&w->checked->facts);
    free(w->checked);
    free(w->program);
    free(w->volume_root);
    free(w->usmt_dir);
    free(w->x_root);
    free(w->data_dir);
    free(w->preset_path);
    memset(w, 0, sizeof(*w));
}

void wizard_probe_env(struct wizard *w, bool force)
{
    struct wiz_err err;

    if (w->env_done && !force)
        return;
    if (w->env_done)
        usmtenv_release(&w->env);
    memset(&w->env, 0, sizeof(w->env));
    err_clear(&err);
    w->env_ok = usmtenv_probe(w->usmt_dir, w->x_root, &w->env, &err) == 0;
    copy_msg(w->env_error, w->env_ok ? "" : err_msg(&err));
    if (w->winpe)
        w->env.winpe = true;
    w->env_done = true;
    w->checked->stale = true;
    if (!w->env_ok)
        log_warn("environment: %s", w->env_error);
}

/* ---- volumes ---------------------------------------------------------- */

static void add_row(struct wizard *w, size_t *alloc, size_t vol, size_t os,
                    bool usable, const char *why)
{
    XGROW(w->rows, *alloc, w->n_rows + 1);
    w->rows[w->n_rows].vol = vol;
    w->rows[w->n_rows].os = os;
    w->rows[w->n_rows].usable = usable;
    w->rows[w->n_rows].why_not = why;
    w->n_rows++;
}

static void build_rows(struct wizard *w)
{
    size_t alloc = 0;

    free(w->rows);
    w->rows = NULL;
    w->n_rows = 0;
    for (size_t v = 0; v < w->scan.n; v++) {
        const struct winvol *wv = &w->scan.vols[v];

        if (wv->problem) {
            add_row(w, &alloc, v, NO_OS, false, wv->problem);
            continue;
        }
        if (wv->vol.locked) {
            add_row(w, &alloc, v, NO_OS, false,
                    "BitLocker-locked: unlock it first");
            continue;
        }
        if (!wv->n_os) {
            add_row(w, &alloc, v, NO_OS, false, "no Windows installation");
            continue;
        }
        for (size_t o = 0; o < wv->n_os; o++) {
            const struct winos *os = &wv->os[o];

            if (!os->problem && os->edition_id &&
                str_ieq(os->edition_id, "WindowsPE"))
                add_row(w, &alloc, v, o, false, "this is Windows PE itself, "
                        "not an installation to capture");
            else
                add_row(w, &alloc, v, o, !os->problem, os->problem);
        }
    }
}

void wizard_scan(struct wizard *w, bool force)
{
    struct wiz_err err;

    if (w->scan_done && !force)
        return;
    if (w->scan_done) {
        win_scan_release(&w->scan);
        w->os_chosen = false;
        release_users(w);
    }
    memset(&w->scan, 0, sizeof(w->scan));
    err_clear(&err);
    w->scan_ok = winos_scan(w->volume_root, &w->scan, &err) == 0;
    copy_msg(w->scan_error, w->scan_ok ? "" : err_msg(&err));
    if (!w->scan_ok)
        memset(&w->scan, 0, sizeof(w->scan));
    w->scan_done = true;
    w->checked->stale = true;
    build_rows(w);
}

size_t wizard_default_row(const struct wizard *w)
{
    for (size_t i = 0; i < w->n_rows; i++) {
        if (w->os_chosen && w->rows[i].vol == w->vol_sel &&
            w->rows[i].os == w->os_sel)
            return i;
    }
    for (size_t i = 0; i < w->n_rows; i++) {
        if (w->rows[i].usable)
            return i;
    }
    return 0;
}

void wizard_row_get(const struct wizard *w, size_t row,
                    const struct winvol **vol, const struct winos **os)
{
    *vol = NULL;
    *os = NULL;
    if (row >= w->n_rows)
        return;
    *vol = &w->scan.vols[w->rows[row].vol];
    if (w->rows[row].os != NO_OS)
        *os = &(*vol)->os[w->rows[row].os];
}

const struct winos *wizard_os(const struct wizard *w)
{
    if (!w->os_chosen)
        return NULL;
    return &w->scan.vols[w->vol_sel].os[w->os_sel];
}

const struct winvol *wizard_os_volume(const struct wizard *w)
{
    return w->os_chosen ? &w->scan.vols[w->vol_sel] : NULL;
}

int64_t wizard_last_use(const struct wizard *w)
{
    const struct winos *os = wizard_os(w);
    int64_t t = os ? os->last_shutdown : 0;

    for (size_t i = 0; i < w->users.n; i++) {
        if (w->users.u[i].last_use > t)
            t = w->users.u[i].last_use;
    }
    return t;
}

bool wizard_row_locked(const struct wizard *w, size_t row)
{
    const struct winvol *vol;
    const struct winos *os;

    if (row >= w->n_rows)
        return false;
    wizard_row_get(w, row, &vol, &os);
    return vol && vol->vol.locked;
}

int wizard_unlock_row(struct wizard *w, size_t row, const char *password,
                      const char *bek_host, int *bad_block,
                      struct wiz_err *err)
{
    const struct winvol *vol;
    const struct winos *os;
    char pw[BL_PASSWORD_SIZE];
    char letter;
    int r;

    *bad_block = 0;
    if (!wizard_row_locked(w, row))
        return err_set(err, WIZ_EUSAGE, "this volume is not locked");
    wizard_row_get(w, row, &vol, &os);
    letter = vol->vol.letter ? vol->vol.letter : '?';
    if (password) {
        sys_lock_memory(pw, sizeof(pw));
        r = bitlocker_password_check(password, pw, bad_block, err);
        if (!r)
            r = vol_unlock_recovery(&vol->vol, pw, err);
        sys_unlock_memory(pw, sizeof(pw));
    } else if (bek_host && *bek_host) {
        r = vol_unlock_bek(&vol->vol, bek_host, err);
    } else {
        return err_set(err, WIZ_EUSAGE, "give the recovery password or a "
                       ".BEK key file");
    }
    if (r < 0) {
        log_warn("volume %c: not unlocked: %s", letter, err_msg(err));
        return -1;
    }
    log_info("volume %c: unlocked with %s", letter, password ?
             "its recovery password" : "a key file");
    wizard_scan(w, true);
    return 0;
}

int wizard_choose_row(struct wizard *w, size_t row, struct wiz_err *err)
{
    const struct winvol *vol;
    const struct winos *os;
    struct wiz_err e;

    if (row >= w->n_rows)
        return err_set(err, WIZ_EUSAGE, "no volume chosen");
    wizard_row_get(w, row, &vol, &os);
    if (!w->rows[row].usable || !os)
        return err_set(err, WIZ_EUSAGE, "cannot use %s: %s",
                       vol->vol.label && *vol->vol.label ? vol->vol.label :
                       vol->vol.root, w->rows[row].why_not ?
                       w->rows[row].why_not : "no Windows installation");
    if (w->os_chosen && w->vol_sel == w->rows[row].vol &&
        w->os_sel == w->rows[row].os)
        return 0;
    w->checked->stale = true;
    release_users(w);
    for (size_t i = w->plan.sids.n; i > 0; i--)
        plan_remove_sid(&w->plan, w->plan.sids.items[i - 1]);
    w->os_chosen = true;
    w->vol_sel = w->rows[row].vol;
    w->os_sel = w->rows[row].os;
    /* a Windows.old tree takes /offlineWinOld (as MDT decides it) */
    w->plan.offline_mode = os->windir_win && str_icasestr(os->windir_win,
                                                          ".old") ?
                           PLAN_OFFLINE_WINOLD : PLAN_OFFLINE_WINDIR;
    w->plan.offline_volume = vol->vol.letter;
    plan_set_offline_windir(&w->plan, os->windir_win, os->windir);
    err_clear(&e);
    w->users_ok = users_load(os, &w->users, &e) == 0;
    if (!w->users_ok) {
        memset(&w->users, 0, sizeof(w->users));
        copy_msg(w->users_error, err_msg(&e));
        log_warn("users of '%s': %s", os->windir, w->users_error);
    }
    for (size_t i = 0; i < w->users.n; i++) {
        if (w->users.u[i].default_selected)
            plan_add_sid(&w->plan, w->users.u[i].sid);
    }
    if (w->preset)
        apply_preset(w);
    return 0;
}

/* ---- a command line's way in ----------------------------------------- */

/*
 * The row of the installation a command line captures: the one its
 * offline folder names, else the only one on volume, else the only one;
 * SIZE_MAX (with a note when several match) when it names none.
 */
static size_t row_for_line(const struct wizard *w, char volume,
                           struct strbuf *notes)
{
    const struct plan *plan = &w->plan;
    const char *wd = plan->offline_mode == PLAN_OFFLINE_WINDIR ||
                     plan->offline_mode == PLAN_OFFLINE_WINOLD
                         ? plan->offline_windir : NULL;
    size_t found = 0, row = SIZE_MAX;

    for (size_t r = 0; r < w->n_rows; r++) {
        const struct winvol *v;
        const struct winos *os;
        bool match;

        wizard_row_get(w, r, &v, &os);
        if (!os)
            continue;
        if (wd)
            match = plan_winpath_eq(os->windir_win, wd);
        else if (volume)
            match = v->vol.letter == volume;
        else
            match = true;
        if (!match)
            continue;
        if (!found)
            row = r;
        found++;
    }
    if (found > 1 && !wd) {
        strbuf_addf(notes, "note: %zu Windows installations match; give "
                    "--volume or /offlineWinDir to choose one\n", found);
        return SIZE_MAX;
    }
    return row;
}

void wizard_from_line(struct wizard *w, struct plan *plan, char volume,
                      const char *program, struct strbuf *notes)
{
    struct wiz_err err;
    size_t row;

    plan_release(&w->plan);
    w->plan = *plan;
    plan_init(plan);
    free(w->program);
    w->program = program ? xstrdup(program) : NULL;
    w->checked->stale = true;
    /* only the volumes given: a line is never judged by this machine's */
    if (w->volume_root) {
        wizard_scan(w, false);
        if (!w->scan_ok)
            strbuf_addf(notes, "note: cannot look for Windows: %s\n",
                        w->scan_error);
    }
    row = w->scan_ok ? row_for_line(w, volume, notes) : SIZE_MAX;
    if (row != SIZE_MAX) {
        const struct winos *os;

        const struct winvol *vol;

        wizard_row_get(w, row, &vol, &os);
        w->os_chosen = true;
        w->vol_sel = w->rows[row].vol;
        w->os_sel = w->rows[row].os;
        if (!os->problem) {
            err_clear(&err);
            w->users_ok = users_load(os, &w->users, &err) == 0;
            if (!w->users_ok) {
                memset(&w->users, 0, sizeof(w->users));
                strbuf_addf(notes, "note: cannot read the users: %s\n",
                            err_msg(&err));
            }
        }
    }
    for (size_t i = 0; w->users_ok && i < w->users.n; i++) {
        struct win_user *u = &w->users.u[i];

        if (rules_user_selected(&w->plan, u) && u->folder_exists &&
            users_size(u, NULL, NULL, &err) < 0)
            strbuf_addf(notes, "note: cannot size '%s': %s\n", u->name,
                        err.msg);
    }
    wizard_probe_env(w, true);
}

const struct findings *wizard_rule_findings(const struct wizard *w)
{
    fresh(w);
    return &w->checked->findings;
}

/* ---- users ------------------------------------------------------------ */

size_t wizard_user_owner(const struct wizard *w, size_t i)
{
    const struct win_user *u;

    if (i >= w->users.n)
        return SIZE_MAX;
    u = &w->users.u[i];
    if ((u->kind != USER_TEMP && u->kind != USER_BAK) || !u->sid)
        return SIZE_MAX;
    for (size_t j = 0; j < w->users.n; j++) {
        const struct win_user *o = &w->users.u[j];

        /* TEMP belongs to the user (whose real profile may be the .bak);
           a .bak to the user's live profile */
        if (j == i || o->kind == USER_TEMP ||
            (u->kind == USER_BAK && o->kind == USER_BAK))
            continue;
        if (o->sid && !strcmp(o->sid, u->sid))
            return j;
    }
    return SIZE_MAX;
}

bool wizard_user_selected(const struct wizard *w, size_t i)
{
    return i < w->users.n && wizard_user_owner(w, i) == SIZE_MAX &&
           plan_has_sid(&w->plan, w->users.u[i].sid);
}

void wizard_user_select(struct wizard *w, size_t i, bool on)
{
    if (i >= w->users.n || wizard_user_owner(w, i) != SIZE_MAX)
        return;
    if (on)
        plan_add_sid(&w->plan, w->users.u[i].sid);
    else
        plan_remove_sid(&w->plan, w->users.u[i].sid);
    w->checked->stale = true;
    wizard_touch(w);
}

size_t wizard_users_selected(const struct wizard *w)
{
    size_t k = 0;

    for (size_t i = 0; i < w->users.n; i++)
        k += wizard_user_selected(w, i);
    return k;
}

size_t wizard_user_rows(const struct wizard *w)
{
    size_t k = 0;

    for (size_t i = 0; i < w->users.n; i++)
        k += wizard_user_owner(w, i) == SIZE_MAX;
    return k;
}

/* Skip users that need no walk (sized already, or no folder). */
static void skip_unsizable(struct wizard *w)
{
    while (w->size_next < w->users.n) {
        struct win_user *u = &w->users.u[w->size_next];

        if (!u->sized && u->profile_path && u->folder_exists)
            break;
        w->size_next++;
    }
}

bool wizard_size_step(struct wizard *w, unsigned budget_ms)
{
    uint64_t end = sys_monotonic_ms() + budget_ms;

    for (;;) {
        if (!w->walk) {
            skip_unsizable(w);
            if (w->size_next >= w->users.n)
                return false;
            w->walk = users_walk_new(w->users.u[w->size_next].profile_path,
                                     NULL, NULL);
        }
        bool more = users_walk_step(w->walk, 256, end);
        const struct size_result *res = users_walk_result(w->walk);
        struct win_user *u = &w->users.u[w->size_next];

        users_size_apply(u, res);
        if (!more && (res->vanished || !fs_exists(u->profile_path))) {
            u->folder_exists = false;
            if (!u->problem)
                u->problem = xstrdup(USERS_VANISHED_PROBLEM);
            snprintf(w->size_error, sizeof(w->size_error),
                     "cannot size '%s': it disappeared (was the volume "
                     "removed?)",
                     u->profile_win ? u->profile_win : u->profile_path);
            log_warn("%s", w->size_error);
            users_walk_free(w->walk);
            w->walk = NULL;
            w->size_next++;
            w->checked->stale = true;
        } else if (!more) {
            u->sized = true;
            users_walk_take_cloud(w->walk, &u->cloud);
            users_walk_free(w->walk);
            w->walk = NULL;
            w->size_next++;
            w->checked->stale = true;
        }
        if (sys_monotonic_ms() >= end)
            return true;
    }
}

bool wizard_user_sizing(const struct wizard *w, size_t i)
{
    return w->walk && w->size_next == i;
}

uint64_t wizard_estimate(const struct wizard *w, bool *complete)
{
    uint64_t sum = 0;
    bool all = true;

    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];

        if (!wizard_user_selected(w, i))
            continue;
        if (!u->sized && u->profile_path && u->folder_exists)
            all = false;
        sum += u->size_bytes;
    }
    if (complete)
        *complete = all;
    return sum;
}

/* ---- places ----------------------------------------------------------- */

const struct vol_info *wizard_volume_by_letter(const struct wizard *w,
                                               char c)
{
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    for (size_t i = 0; i < w->scan.n; i++) {
        if (w->scan.vols[i].vol.letter == c)
            return &w->scan.vols[i].vol;
    }
    return NULL;
}

char *wizard_host_path(const struct wizard *w, const char *winpath)
{
    struct vol_list vols;
    char *mapped;

    if (winpath && wizard_path_is_share(winpath))
        return rules_map_path(NULL, winpath);   /* the share's folder */
    if (!winpath || !winpath[0] || winpath[1] != ':')
        return NULL;
    if (!w->volume_root && sys_is_winpe())
        return xstrdup(winpath);
    /* the one Windows-to-host mapping, as the rules see the disks */
    scan_vols(w, &vols);
    mapped = rules_map_path(&vols, winpath);
    free(vols.v);
    return mapped;
}

void wizard_set_ticket(struct wizard *w,
                       const struct preset_field_value *fields, size_t n)
{
    release_ticket(w);
    w->ticket = n ? xcalloc(n, sizeof(*w->ticket)) : NULL;
    for (size_t i = 0; i < n; i++) {
        w->ticket[i].name = xstrdup(fields[i].name);
        w->ticket[i].value = xstrdup(fields[i].value ? fields[i].value : "");
    }
    w->n_ticket = n;
    w->checked->stale = true;
}

static const char *computer_name(const struct wizard *w)
{
    const struct winos *os = wizard_os(w);

    return os && os->computer_name && *os->computer_name ?
           os->computer_name : "PC";
}

/* Expand tmpl into *field when the field is still empty. */
static int expand_into(const struct preset_vars *vars, const char *tmpl,
                       const char *what, char **field, struct wiz_err *err)
{
    char *out;

    if (!tmpl || !*tmpl || *field)
        return 0;
    if (preset_expand(tmpl, vars, &out, err) < 0)
        return err_prefix(err, "%s", what);
    plan_set_str(field, out);
    free(out);
    return 0;
}

/* folder + "\" + name (new string). */
static char *win_join(const char *folder, const char *name)
{
    return xasprintf("%s\\%s", folder, name);
}

/* The folder of a Windows path (new string), "" without one. */
static char *win_dirname(const char *path_win)
{
    const char *slash = path_win ? strrchr(path_win, '\\') : NULL;

    return slash ? xstrndup(path_win, (size_t)(slash - path_win))
                 : xstrdup("");
}

/*
 * The log folder beside a store: "<store>-logs", also for a store typed
 * with a final backslash (beside the folder, never inside it).  New string.
 */
static char *store_logs_dir(const char *store)
{
    size_t len = strlen(store);

    while (len > 3 && store[len - 1] == '\\')
        len--;
    return xasprintf("%.*s-logs", (int)len, store);
}

/* Logs (and /listfiles) in log_dir_win when they are still unset. */
static void set_logs(struct wizard *w, const char *log_dir_win, bool list)
{
    char *s;

    if (!w->plan.log_path) {
        s = win_join(log_dir_win, "scanstate.log");
        plan_set_log_path(&w->plan, s);
        free(s);
    }
    if (!w->plan.progress_path) {
        s = win_join(log_dir_win, "progress.log");
        plan_set_progress_path(&w->plan, s);
        free(s);
    }
    if (list && !w->plan.listfiles_path) {
        s = wizard_listfiles_path(w);
        plan_set_listfiles_path(&w->plan, s);
        free(s);
    }
}

char *wizard_listfiles_path(const struct wizard *w)
{
    char *dir = win_dirname(w->plan.log_path);
    char *s = *dir ? win_join(dir, "files.txt") : xstrdup("files.txt");

    free(dir);
    return s;
}

int wizard_preset_places(struct wizard *w, struct wiz_err *err)
{
    const struct preset *p = w->preset;
    struct preset_vars vars;
    char *logs = NULL;

    if (!p)
        return 0;
    w->checked->stale = true;
    memset(&vars, 0, sizeof(vars));
    vars.computer_name = computer_name(w);
    vars.now = sys_now();
    vars.fields = w->ticket;
    vars.n_fields = w->n_ticket;
    bool had_work = w->plan.working_dir != NULL;

    if (expand_into(&vars, p->store_template, "store",
                    &w->plan.store_path, err) < 0 ||
        expand_into(&vars, p->working_dir_template, "working folder",
                    &w->plan.working_dir, err) < 0 ||
        expand_into(&vars, p->log_dir_template, "log folder", &logs,
                    err) < 0) {
        free(logs);
        return -1;
    }
    /* a template is the preset's choice: it stays when the store moves */
    if (!had_work && w->plan.working_dir)
        w->places_set |= 1u << WIZ_PLACE_WORKDIR;
    if (logs) {
        if (!w->plan.log_path)
            w->places_set |= 1u << WIZ_PLACE_LOG;
        if (!w->plan.progress_path)
            w->places_set |= 1u << WIZ_PLACE_PROGRESS;
    }
    if (!logs && w->plan.store_path)
        logs = store_logs_dir(w->plan.store_path);
    if (logs)
        set_logs(w, logs, p->listfiles);
    free(logs);
    return 0;
}

bool wizard_place_is_set(const struct wizard *w, enum wizard_place place)
{
    return (w->places_set & (1u << place)) != 0;
}

/* The drive letter of a Windows path ("e:\\x" gives 'E'), 0 without. */
static char drive_of(const char *s)
{
    if (s && s[0] && s[1] == ':' &&
        ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
        return (char)(s[0] & ~0x20);
    return 0;
}

const char *wizard_place_why_not(const struct wizard *w,
                                 enum wizard_place place,
                                 const struct vol_info *v)
{
    char offline = w->plan.offline_volume;
    bool hardlink = w->plan.store_kind == PLAN_STORE_HARDLINK;

    if (offline >= 'a' && offline <= 'z')
        offline = (char)(offline - 'a' + 'A');
    if (!v->letter)
        return "no drive letter";
    if (v->locked)
        return "BitLocker-locked";
    if (v->readonly)
        return "read-only";
    if (v->kind == VOL_CDROM)
        return "a CD/DVD drive";
    if (place == WIZ_PLACE_STORE && hardlink)
        return v->letter == offline ? NULL :
               "hard links stay on the offline volume";
    if (v->letter == offline &&
        !((place == WIZ_PLACE_LOG || place == WIZ_PLACE_PROGRESS) &&
          hardlink && drive_of(w->plan.store_path) == offline))
        return "the volume being captured";
    if (v->letter == 'X')
        return "the small WinPE RAM disk";
    return NULL;
}

/* Where the wizard puts a store by itself: not RAM, not the network. */
static bool good_store_volume(const struct wizard *w,
                              const struct vol_info *v)
{
    return !wizard_place_why_not(w, WIZ_PLACE_WORKDIR, v) &&
           v->kind != VOL_RAM && v->kind != VOL_NETWORK;
}

/* The volume with the most free space a store goes to by default. */
static const struct vol_info *best_volume(const struct wizard *w)
{
    const struct vol_info *best = NULL;

    for (size_t i = 0; i < w->scan.n; i++) {
        const struct vol_info *v = &w->scan.vols[i].vol;

        if (!good_store_volume(w, v))
            continue;
        if (!best || (v->kind == VOL_REMOVABLE && best->kind != VOL_REMOVABLE) ||
            (v->kind == best->kind && v->free_bytes > best->free_bytes))
            best = v;
    }
    return best;
}

/* The offline.xml the wizard writes beside the logs (new string). */
static char *own_offline_xml(const struct wizard *w)
{
    char *dir = win_dirname(w->plan.log_path);
    char *s = *dir ? win_join(dir, "offline.xml") : xstrdup("offline.xml");

    free(dir);
    return s;
}

/*
 * The one computation of the places that follow the store: the working
 * folder on the store's volume when it can hold one (else on best), the
 * logs in "<store>-logs", /listfiles and our offline.xml beside them.
 * With move, places not set on purpose are replaced; without, only empty
 * ones are filled.
 */
static void follow_store(struct wizard *w, const struct vol_info *best,
                         bool move)
{
    const char *store = w->plan.store_path;
    char sl = drive_of(store);
    const struct vol_info *sv = sl ? wizard_volume_by_letter(w, sl) : NULL;
    const struct vol_info *wv;
    bool list = false, own_xml = false;
    char *s;

    bool share = store && wizard_path_is_share(store);

    if (move && !sv && !share)
        return;
    wv = sv && good_store_volume(w, sv) ? sv : best;
    /* a store on a share keeps the working folder on a local disk */
    if (wv && !(move && share) && (move ? !wizard_place_is_set(w, WIZ_PLACE_WORKDIR)
                    : !w->plan.working_dir)) {
        s = xasprintf("%c:\\USMT-work", wv->letter);
        plan_set_working_dir(&w->plan, s);
        free(s);
        /* the wizard's own default on a real disk: made when the run
         * starts (wizard_run_start), not a finding to warn about */
        w->plan.make_working_dir = true;
    }
    if (!store)
        return;
    if (move) {
        if (w->plan.offline_xml && w->plan.log_path) {
            s = own_offline_xml(w);
            own_xml = !strcmp(s, w->plan.offline_xml);
            free(s);
        }
        if (!wizard_place_is_set(w, WIZ_PLACE_LOG)) {
            list = w->plan.listfiles_path != NULL;
            plan_set_log_path(&w->plan, NULL);
            plan_set_listfiles_path(&w->plan, NULL);
        }
        if (!wizard_place_is_set(w, WIZ_PLACE_PROGRESS))
            plan_set_progress_path(&w->plan, NULL);
    }
    s = store_logs_dir(store);
    set_logs(w, s, list);
    free(s);
    /* with several installations the several-windows fix switches to an
     * offline.xml naming the chosen one; it is written at the start */
    if (w->plan.log_path &&
        (own_xml || (!w->plan.offline_xml && win_scan_count(&w->scan) > 1))) {
        s = own_offline_xml(w);
        plan_set_str(&w->plan.offline_xml, s);
        free(s);
    }
}

void wizard_default_places(struct wizard *w)
{
    const struct vol_info *best = best_volume(w);
    struct wiz_err err;
    char *s;

    err_clear(&err);
    if (wizard_preset_places(w, &err) < 0)
        snprintf(w->note, sizeof(w->note), "preset: %.480s", err.msg);
    if (!best)
        return;
    w->checked->stale = true;
    if (!w->plan.store_path) {
        s = xasprintf("%c:\\USMT\\%s", best->letter, computer_name(w));
        plan_set_store_path(&w->plan, s);
        free(s);
    }
    follow_store(w, best, false);
}

void wizard_set_store(struct wizard *w, const char *path)
{
    plan_set_store_path(&w->plan, path);
    /* the agreement to overwrite was about the old folder */
    w->plan.overwrite = false;
    w->store_overwrite_ok = false;
    follow_store(w, best_volume(w), true);
    w->checked->stale = true;
}

bool wizard_path_is_share(const char *path)
{
    char *root = share_root(path, NULL);

    free(root);
    return root != NULL;
}

char *wizard_store_share(const struct wizard *w)
{
    return share_root(w->plan.store_path, NULL);
}

int wizard_connect_share(struct wizard *w, const char *user,
                         const char *password, struct wiz_err *err)
{
    char *root = wizard_store_share(w);
    int r;

    if (!root)
        return err_set(err, WIZ_EUSAGE, "the store '%s' is not on a share",
                       w->plan.store_path ? w->plan.store_path : "");
    r = share_connect(root, user, password, NULL, err);
    /* the user is part of the credentials: never logged either */
    if (r == 0)
        log_info("share '%s' connected", root);
    else
        log_info("%s", err_msg(err));
    free(root);
    /* what the rules saw of the share has changed */
    w->checked->stale = true;
    return r;
}

void wizard_set_place(struct wizard *w, enum wizard_place place,
                      const char *path)
{
    switch (place) {
    case WIZ_PLACE_STORE:
        wizard_set_store(w, path);
        return;
    case WIZ_PLACE_WORKDIR:
        plan_set_working_dir(&w->plan, path);
        /* a folder typed on purpose that does not exist is the
         * technician's to confirm (workdir-missing's fix) */
        w->plan.make_working_dir = false;
        break;
    case WIZ_PLACE_LOG:
        plan_set_log_path(&w->plan, path);
        break;
    case WIZ_PLACE_PROGRESS:
        plan_set_progress_path(&w->plan, path);
        break;
    }
    w->places_set |= 1u << place;
    w->checked->stale = true;
}

bool wizard_store_exists(const struct wizard *w, const char **marker)
{
    const struct store_facts *st = &w->checked->facts.store;

    fresh(w);
    if (!w->plan.store_path || !st->has_store)
        return false;
    if (marker)
        *marker = st->store_marker ? st->store_marker : "";
    return true;
}

void wizard_default_content(struct wizard *w)
{
    static const char *const wanted[] = { "MigApp.xml", "MigDocs.xml" };

    if (w->plan.xml_files.n || !w->env_ok || !w->env.mig_xml)
        return;
    for (size_t k = 0; k < 2; k++) {
        for (char **p = w->env.mig_xml; *p; p++) {
            const char *base = *p;

            for (const char *q = *p; *q; q++) {
                if (*q == '/' || *q == '\\')
                    base = q + 1;
            }
            if (str_ieq(base, wanted[k])) {
                plan_add_xml(&w->plan, base);
                w->checked->stale = true;
                break;
            }
        }
    }
}

int wizard_config_load(struct wizard *w, const char *path,
                       struct wiz_err *err)
{
    struct usmtxml_doc *doc;

    if (usmtxml_load(path, &doc, err) < 0)
        return -1;
    if (usmtxml_kind(doc) != USMTXML_CONFIG) {
        usmtxml_free(doc);
        return err_set(err, WIZ_EFORMAT, "'%s' is not a Config.xml (its "
                       "root is <%s>)", path, usmtxml_root_name(doc) ?
                       usmtxml_root_name(doc) : "?");
    }
    wizard_config_drop(w);
    w->config_doc = doc;
    w->config_src = xstrdup(path);
    plan_set_config_path(&w->plan, path);
    w->checked->stale = true;
    wizard_touch(w);
    return 0;
}

void wizard_config_drop(struct wizard *w)
{
    if (w->config_doc)
        usmtxml_free(w->config_doc);
    w->config_doc = NULL;
    free(w->config_src);
    w->config_src = NULL;
    w->config_dirty = false;
    plan_set_config_path(&w->plan, NULL);
    w->checked->stale = true;
}

int wizard_config_toggle(struct wizard *w, size_t i, struct wiz_err *err)
{
    const struct usmtxml_component *c;

    if (!w->config_doc || i >= usmtxml_component_count(w->config_doc))
        return err_set(err, WIZ_EUSAGE, "no such component");
    c = usmtxml_component(w->config_doc, i);
    if (usmtxml_set_migrate(w->config_doc, i,
                            c->migrate == USMTXML_MIGRATE_NO, true, err) < 0)
        return -1;
    w->config_dirty = true;
    w->checked->stale = true;
    wizard_touch(w);
    return 0;
}

int wizard_config_save(struct wizard *w, const char *path,
                       struct wiz_err *err)
{
    char *local;

    if (!w->config_doc)
        return err_set(err, WIZ_EUSAGE, "no Config.xml is loaded");
    w->checked->stale = true;            /* a folder may be made even on failure */
    local = wizard_host_path(w, path);
    {
        /* the folder (on the store volume, as a rule) may not exist yet */
        char *dir = xstrdup(local ? local : path);
        char *slash = strrchr(dir, fs_sep());

        if (slash && slash != dir) {
            *slash = '\0';
            if (!fs_is_dir(dir))
                fs_mkdir_p(dir, NULL);
        }
        free(dir);
    }
    if (usmtxml_save_as(w->config_doc, local ? local : path, false,
                        err) < 0) {
        free(local);
        return -1;
    }
    free(local);
    plan_set_config_path(&w->plan, path);
    w->config_dirty = false;
    return 0;
}

void wizard_default_options(struct wizard *w)
{
    if (w->options_done)
        return;
    w->options_done = true;
    w->checked->stale = true;
    w->plan.continue_on_error = true;
    /* what lint recommends; 13 only when asked for */
    if (w->plan.verbosity == PLAN_UNSET)
        w->plan.verbosity = 5;
    if (w->plan.efs == PLAN_EFS_UNSET)
        w->plan.efs = PLAN_EFS_COPYRAW;
}

int wizard_set_extra(struct wizard *w, const char *line, char **unknown,
                     struct wiz_err *err)
{
    struct winquote_argv a;
    struct plan scratch;
    struct strbuf sb = STRBUF_INIT;

    *unknown = NULL;
    winquote_argv_init(&a);
    if (winquote_split(line, 0, CMDLINE_MAX_ARG_LEN, CMDLINE_MAX_ARGS, &a,
                       err) < 0) {
        winquote_argv_release(&a);
        return -1;
    }
    plan_strv_release(&w->plan.extra_args);
    memset(&w->plan.extra_args, 0, sizeof(w->plan.extra_args));
    for (size_t i = 0; i < a.argc; i++)
        plan_strv_push(&w->plan.extra_args, a.argv[i]);
    plan_init(&scratch);
    if (cmdline_parse_argv(&scratch, (int)a.argc,
                           (const char *const *)a.argv, NULL) == 0) {
        for (size_t i = 0; i < scratch.unknown_switches.n; i++)
            strbuf_addf(&sb, "%s%s", sb.len ? " " : "",
                        scratch.unknown_switches.items[i]);
        for (size_t i = 0; i < scratch.loadstate_switches.n; i++)
            strbuf_addf(&sb, "%s%s (loadstate only)", sb.len ? " " : "",
                        scratch.loadstate_switches.items[i]);
        if (scratch.store_path)
            strbuf_addf(&sb, "%s%s (a second store path)",
                        sb.len ? " " : "", scratch.store_path);
    }
    plan_release(&scratch);
    winquote_argv_release(&a);
    if (sb.len)
        *unknown = strbuf_detach(&sb, NULL);
    strbuf_release(&sb);
    w->checked->stale = true;
    wizard_touch(w);
    return 0;
}

/* ---- choices: one setter each, each marks the model stale ---------- */

void wizard_set_overwrite(struct wizard *w, bool on)
{
    w->plan.overwrite = on;
    w->store_overwrite_ok = on;
    w->checked->stale = true;
}

void wizard_set_store_kind(struct wizard *w, enum plan_store_kind kind)
{
    w->plan.store_kind = kind;
    w->checked->stale = true;
}

void wizard_set_continue(struct wizard *w, bool on)
{
    w->plan.continue_on_error = on;
    w->checked->stale = true;
}

void wizard_set_verbosity(struct wizard *w, int level)
{
    w->plan.verbosity = level;
    w->checked->stale = true;
}

void wizard_set_efs(struct wizard *w, enum plan_efs efs)
{
    w->plan.efs = efs;
    w->checked->stale = true;
}

void wizard_set_localonly(struct wizard *w, bool on)
{
    w->plan.localonly = on;
    w->checked->stale = true;
}

void wizard_set_listfiles(struct wizard *w, bool on)
{
    char *s = on ? wizard_listfiles_path(w) : NULL;

    plan_set_listfiles_path(&w->plan, s);
    free(s);
    w->checked->stale = true;
}

void wizard_set_encrypt(struct wizard *w, int mode)
{
    w->encrypt_mode = mode;
    w->plan.encrypt = mode != 0;
    w->checked->stale = true;
}

void wizard_set_key(struct wizard *w, const char *key)
{
    plan_set_key(&w->plan, key);
    w->checked->stale = true;
}

void wizard_set_keyfile(struct wizard *w, const char *path)
{
    plan_set_keyfile(&w->plan, path);
    w->checked->stale = true;
}

void wizard_set_key_confirm(struct wizard *w, const char *key)
{
    plan_secret_free(w->key_confirm);
    w->key_confirm = key ? plan_secret_dup(key) : NULL;
    w->checked->stale = true;
}

void wizard_set_xml(struct wizard *w, const char *name, bool on)
{
    if (on)
        plan_add_xml(&w->plan, name);
    else
        plan_strv_remove(&w->plan.xml_files, name);
    w->checked->stale = true;
}

void wizard_clear_xml(struct wizard *w)
{
    plan_strv_release(&w->plan.xml_files);
    memset(&w->plan.xml_files, 0, sizeof(w->plan.xml_files));
    w->checked->stale = true;
}

/* ---- offline.xml ---------------------------------------------------- */

int wizard_write_offline_xml(struct wizard *w, struct wiz_err *err)
{
    if (w->plan.offline_mode != PLAN_OFFLINE_XML || !w->plan.offline_xml)
        return 0;
    char *xml = wizard_host_path(w, w->plan.offline_xml);
    struct offxml x;
    int r = -1;

    if (!xml)
        return err_set(err, WIZ_EUSAGE, "offline.xml '%s' is not on a volume "
                                        "of this machine",
                       w->plan.offline_xml);
    offxml_init(&x);
    offxml_from_plan(&x, &w->plan);
    char *dir = xstrdup(xml);
    char *sl = strrchr(dir, fs_sep());

    if (sl)
        *sl = '\0';
    r = (sl && fs_mkdir_p(dir, err) < 0) ? -1 : offxml_write(xml, &x, err);
    free(dir);
    offxml_release(&x);
    free(xml);
    w->checked->stale = true;
    return r < 0 ? err_prefix(err, "cannot write offline.xml") : 0;
}

/* ---- review ---------------------------------------------------------- */

char *wizard_review_text(const struct wizard *w)
{
    struct strbuf sb = STRBUF_INIT;
    struct offxml x;
    char *doc = NULL;
    size_t len;
    struct wiz_err err;
    const char *prog = w->simulate ? "scanstate-sim" : "scanstate.exe";

    strbuf_adds(&sb, "Command line:\n");
    {
        struct cmdline_built b;
        char *disp = cmdline_display(&w->plan, prog);

        strbuf_addf(&sb, "  %s\n\nEnvironment:\n", disp);
        free(disp);
        cmdline_built_init(&b);
        err_clear(&err);
        if (cmdline_build(&w->plan, w->plan.key ? "(key file)" : NULL, prog,
                          &b, &err) == 0) {
            for (size_t i = 0; i < b.n_env; i++)
                strbuf_addf(&sb, "  %s\n", b.env[i]);
            if (!b.n_env)
                strbuf_adds(&sb, "  (nothing set)\n");
        } else {
            strbuf_addf(&sb, "  not available: %s\n", err_msg(&err));
        }
        cmdline_built_release(&b);
    }
    /* only what the command uses: /offlineWinDir needs no offline.xml */
    if (w->plan.offline_mode != PLAN_OFFLINE_XML)
        return strbuf_detach(&sb, NULL);
    strbuf_adds(&sb, "\noffline.xml (the installation scanstate reads):\n");
    offxml_init(&x);
    offxml_from_plan(&x, &w->plan);
    err_clear(&err);
    if (offxml_to_string(&x, &doc, &len, &err) == 0) {
        strbuf_adds(&sb, doc);
        free(doc);
    } else {
        strbuf_addf(&sb, "  not available: %s\n", err_msg(&err));
    }
    offxml_release(&x);
    return strbuf_detach(&sb, NULL);
}

/* ---- rules ------------------------------------------------------------ */

static unsigned part_fields(unsigned parts)
{
    unsigned f = 0;

    if (parts & WIZ_PART_ENV)
        f |= RF_ENV;
    if (parts & WIZ_PART_VOLUME)
        f |= RF_VOLUME;
    if (parts & WIZ_PART_USERS)
        f |= RF_USERS;
    if (parts & WIZ_PART_STORE)
        f |= RF_STORE | RF_WORKDIR | RF_LOGS;
    if (parts & WIZ_PART_CONTENT)
        f |= RF_XML | RF_CONFIG;
    if (parts & WIZ_PART_OPTIONS)
        f |= RF_OPTIONS | RF_EFS | RF_ENCRYPT | RF_SYNTAX;
    return f;
}

/*
 * The plan as scanstate would get it: the wizard's choices with the extra
 * switches parsed in (so "/ui:name" typed there is checked like one on a
 * command line).  The wizard's offline choice, its agreement to make the
 * working folder and its key stand whatever the extra switches say.
 * Empty when there are no extra switches.
 */
static void check_plan(const struct wizard *w, struct plan *chk)
{
    const struct plan *p = &w->plan;

    plan_init(chk);
    if (!p->extra_args.n)
        return;
    plan_copy(chk, p);
    plan_strv_release(&chk->extra_args);
    memset(&chk->extra_args, 0, sizeof(chk->extra_args));
    if (cmdline_parse_argv(chk, (int)p->extra_args.n,
                           (const char *const *)p->extra_args.items,
                           NULL) < 0) {
        plan_clear(chk);
        return;
    }
    plan_user_rules_to_sids(chk);
    plan_set_offline_windir(chk, p->offline_windir, p->offline_windir_host);
    chk->offline_mode = p->offline_mode;
    chk->offline_volume = p->offline_volume;
    chk->make_working_dir = p->make_working_dir;
    plan_set_key(chk, p->key);
    plan_set_keyfile(chk, p->keyfile);
}

/*
 * Check the rules again: gather the facts on the disks for the plan as it
 * is, run every rule, keep the acknowledgements of the findings before.
 * Only through fresh(), when the model is stale.
 */
static void check(const struct wizard *w)
{
    struct rule_ctx ctx;
    struct rule_acks acks;
    struct vol_list vols;
    struct plan chk;

    rule_acks_init(&acks);
    for (size_t i = 0; i < w->checked->findings.n; i++) {
        if (w->checked->findings.f[i].acked)
            rule_acks_add(&acks, w->checked->findings.f[i].rule->id);
    }
    findings_release(&w->checked->findings);
    findings_init(&w->checked->findings);
    memset(&ctx, 0, sizeof(ctx));
    check_plan(w, &chk);
    ctx.plan = w->plan.extra_args.n && chk.store_path ? &chk : &w->plan;
    ctx.choices = ctx.plan == &chk ? &w->plan : NULL;
    ctx.program = w->program;
    ctx.env = w->env_ok ? &w->env : NULL;
    ctx.os = wizard_os(w);
    ctx.vol = wizard_os_volume(w);
    ctx.scan = w->scan_ok ? &w->scan : NULL;
    ctx.users = w->users_ok ? &w->users : NULL;
    ctx.facts = &w->checked->facts;
    scan_vols(w, &vols);
    rule_facts_release(&w->checked->facts);
    /* no volumes before a scan (a command line without a volume root) */
    rules_facts_gather(ctx.plan, w->scan_done ? &vols : NULL, ctx.os,
                       ctx.users, &w->checked->facts);
    free(vols.v);
    ctx.acks = &acks;
    rules_check(&ctx, &w->checked->findings);
    w->checked->generation++;
    plan_release(&chk);
    rule_acks_release(&acks);
    w->checked->stale = false;
}

/*
 * Every reader of the findings or of the gathered facts comes here first.
 * They are a cache of the model, kept behind w->checked, so a reader of a
 * const model refreshes them without changing the model itself.
 */
static void fresh(const struct wizard *w)
{
    if (w->checked->stale)
        check(w);
}

unsigned wizard_findings_generation(const struct wizard *w)
{
    fresh(w);
    return w->checked->generation;
}

void wizard_store_share_state(const struct wizard *w,
                              struct wizard_share_state *st)
{
    const struct place_facts *pf = &w->checked->facts.store.place;

    fresh(w);
    memset(st, 0, sizeof(*st));
    st->failure = SHARE_BAD_PATH;
    if (!w->plan.store_path || !pf->on_share)
        return;
    st->on_share = true;
    st->looked = pf->share_looked;
    st->failure = pf->share_failure;
    if (pf->share_looked && pf->share_failure == SHARE_OK) {
        st->free_known = pf->free_known;
        st->free_bytes = pf->free_bytes;
    }
}

void wizard_disks_changed(struct wizard *w)
{
    w->checked->stale = true;
}

size_t wizard_findings(const struct wizard *w, unsigned parts,
                       struct wizard_finding *out, size_t max)
{
    unsigned fields = part_fields(parts);
    size_t k = 0;

    fresh(w);
    for (size_t i = 0; i < w->checked->findings.n; i++) {
        const struct finding *f = &w->checked->findings.f[i];

        if (!(f->rule->fields & fields))
            continue;
        if (k < max) {
            struct wizard_finding *o = &out[k];

            o->index = i;
            o->id = f->rule->id;
            o->sev = f->severity == RULE_ERROR ? WIZ_SEV_ERROR :
                     f->severity == RULE_WARNING ? WIZ_SEV_WARNING :
                     WIZ_SEV_INFO;   /* wizard_sev_name maps back */
            o->message = f->message ? f->message : "";
            o->fix = f->fix ? f->fix : "";
            o->ref = f->rule->ref ? f->rule->ref : "";
            o->can_fix = finding_can_fix(f);
            o->acked = f->acked;
        }
        k++;
    }
    return k;
}

const char *wizard_sev_name(enum wizard_sev sev)
{
    return rule_severity_name(sev == WIZ_SEV_ERROR ? RULE_ERROR :
                              sev == WIZ_SEV_WARNING ? RULE_WARNING :
                              RULE_INFO);
}

const char *wizard_sev_label(enum wizard_sev sev)
{
    return sev == WIZ_SEV_ERROR ? "ERROR" :
           sev == WIZ_SEV_WARNING ? "WARNING" : "NOTE";
}

bool wizard_has_finding(const struct wizard *w, const char *id,
                        const char **message)
{
    fresh(w);
    for (size_t i = 0; i < w->checked->findings.n; i++) {
        const struct finding *f = &w->checked->findings.f[i];

        if (strcmp(f->rule->id, id))
            continue;
        if (message)
            *message = f->message ? f->message : "";
        return true;
    }
    return false;
}

bool wizard_finding_in(const struct wizard *w, size_t index, unsigned parts)
{
    fresh(w);
    return index < w->checked->findings.n &&
           (w->checked->findings.f[index].rule->fields & part_fields(parts)) != 0;
}

/* Does the finding's message quote one of the extra switches? */
static bool about_extra(const struct wizard *w, const struct finding *f)
{
    for (size_t i = 0; i < w->plan.extra_args.n; i++) {
        if (f->message && str_icasestr(f->message, w->plan.extra_args.items[i]))
            return true;
    }
    return false;
}

/*
 * A fix for something typed as an extra switch: apply it to the command as
 * scanstate would get it, then keep as extra switches what that command
 * has beyond the wizard's own choices.
 */
static int fix_extra(struct wizard *w, const struct finding *f,
                     struct wiz_err *err)
{
    struct plan chk;
    struct plan_strv saved = w->plan.extra_args;
    struct cmdline_built base, fixed;
    const char *key = w->plan.key ? "usmtwiz.key" : NULL;
    int r = -1;

    check_plan(w, &chk);
    cmdline_built_init(&base);
    cmdline_built_init(&fixed);
    if (rules_apply_fix(&chk, f, err) < 0)
        goto out;
    memset(&w->plan.extra_args, 0, sizeof(w->plan.extra_args));
    r = cmdline_build(&w->plan, key, NULL, &base, err);
    w->plan.extra_args = saved;
    if (r < 0 || cmdline_build(&chk, key, NULL, &fixed, err) < 0) {
        r = -1;
        goto out;
    }
    {
        bool *used = xcalloc(base.argc + 1, sizeof(bool));
        struct plan_strv extra;

        memset(&extra, 0, sizeof(extra));
        for (size_t i = 0; i < fixed.argc; i++) {
            size_t k = 0;

            while (k < base.argc && (used[k] ||
                                     strcmp(base.argv[k], fixed.argv[i])))
                k++;
            if (k < base.argc)
                used[k] = true;
            else
                plan_strv_push(&extra, fixed.argv[i]);
        }
        free(used);
        plan_strv_release(&w->plan.extra_args);
        w->plan.extra_args = extra;
    }
    r = 0;
out:
    cmdline_built_release(&base);
    cmdline_built_release(&fixed);
    plan_release(&chk);
    return r;
}

int wizard_fix(struct wizard *w, size_t index, struct wiz_err *err)
{
    const struct finding *f;
    int r;

    if (index >= w->checked->findings.n)
        return err_set(err, WIZ_EUSAGE, "no such finding");
    f = &w->checked->findings.f[index];
    if (about_extra(w, f))
        r = fix_extra(w, f, err);
    else
        r = rules_apply_fix(&w->plan, f, err);
    /* a fix that switches to /offline:<file> needs that file now */
    if (r == 0)
        r = wizard_write_offline_xml(w, err);
    /* a fix that passes the cloud-only files' XML needs that file now */
    if (r == 0)
        r = wizard_cloud_xml_refresh(w, NULL, err);
    w->checked->stale = true;
    if (r < 0)
        return -1;
    wizard_touch(w);
    return 0;
}

void wizard_ack(struct wizard *w, size_t index)
{
    if (index < w->checked->findings.n &&
        w->checked->findings.f[index].severity == RULE_WARNING)
        findings_ack(&w->checked->findings, w->checked->findings.f[index].rule->id);
}

bool wizard_blocked(const struct wizard *w, struct wiz_err *why)
{
    /* without scanstate.exe the run would only end in rc 28 or worse */
    if (!w->env.scanstate_found) {
        err_set(why, WIZ_EUSAGE, "no usable USMT folder (%s): choose the "
                "USMT folder of the right architecture that holds "
                "scanstate.exe (--usmt DIR)",
                w->env.probe_problem ? w->env.probe_problem
                : w->env.usmt_dir ? "no scanstate.exe in it"
                                  : "none was given");
        return true;
    }
    fresh(w);
    for (size_t i = 0; i < w->checked->findings.n; i++) {
        const struct finding *f = &w->checked->findings.f[i];

        if (f->severity == RULE_ERROR ||
            (f->severity == RULE_WARNING && !f->acked)) {
            err_set(why, WIZ_EUSAGE, "%s%s",
                    f->severity == RULE_ERROR ? "" :
                    "warning not acknowledged: ", f->message);
            return true;
        }
    }
    return false;
}

/* ---- misc ------------------------------------------------------------- */

char *wizard_help_text(const struct wizard *w, const char *name)
{
    return wizard_help_read(w->data_dir, name);
}

char *wizard_help_read(const char *data_dir, const char *name)
{
    char *file = xasprintf("%s.txt", name);
    char *dir = fs_join(data_dir, "help");
    char *path = fs_join(dir, file);
    char *data = NULL;
    size_t len;
    struct wiz_err err;

    if (fs_read_file(path, 256 * 1024, &data, &len, &err) < 0) {
        data = xasprintf("No help text for this screen: %s.\n\n"
                         "Keys everywhere: arrows, PgUp/PgDn, Home/End move; "
                         "Space toggles; Enter goes on; Esc goes back; "
                         "/ filters; F1 or ? shows help; F10 or q quits.",
                         err.msg);
    }
    free(path);
    free(dir);
    free(file);
    return data;
}

void wizard_touch(struct wizard *w)
{
    w->changed = true;
}

unsigned wizard_part_fields(unsigned parts)
{
    return part_fields(parts);
}

const struct wizard_screen_part *wizard_screen_parts(size_t *n)
{
    static const struct wizard_screen_part screens[] = {
        { "environment", "Environment", WIZ_PART_ENV },
        { "volume", "Volume", WIZ_PART_VOLUME },
        { "users", "Users", WIZ_PART_USERS },
        { "store", "Store", WIZ_PART_STORE },
        { "migrate", "What to migrate", WIZ_PART_CONTENT },
        { "options", "Options", WIZ_PART_OPTIONS },
    };

    *n = sizeof(screens) / sizeof(screens[0]);
    return screens;
}

char *wizard_rule_explanation(const char *id)
{
    const struct rule *r = rules_find(id);
    struct strbuf screens = STRBUF_INIT;
    struct strbuf sb = STRBUF_INIT;
    size_t n;
    const struct wizard_screen_part *s = wizard_screen_parts(&n);

    if (!r)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (r->fields & part_fields(s[i].part))
            strbuf_addf(&screens, "%s, ", s[i].title);
    }
    strbuf_adds(&screens, "Review");
    rule_describe(r, screens.buf, &sb);
    strbuf_release(&screens);
    return strbuf_detach(&sb, NULL);
}

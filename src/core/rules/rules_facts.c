/*
 * Gather the facts the rules read: where the store, working directory and
 * files named by the plan are on this machine (through the volume list),
 * whether they exist, are writable, how much room there is, whether a
 * store is already there, and what the XML files are.  All file-system
 * work happens here so that the checks stay pure.
 */
#include "core/rules/rules.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/plan/plan.h"
#include "core/offline/hive.h"
#include "core/offline/users.h"
#include "core/usmt/usmtxml.h"
#include "core/offline/winos.h"
#include "platform/fs.h"
#include "platform/share.h"
#include "rules_impl.h"

#define XML_READ_MAX (64u * 1024u * 1024u)
#define KEYFILE_READ_MAX (64u * 1024u)

static const struct vol_info *vol_of(const struct vol_list *vols, char letter)
{
    if (!vols || !letter)
        return NULL;
    for (size_t i = 0; i < vols->n; i++) {
        if (vols->v[i].letter == letter)
            return &vols->v[i];
    }
    return NULL;
}

/* A \\server\share path in the share's folder for us, or NULL. */
static char *map_share_path(const char *winpath)
{
    const char *rest = NULL;
    char *root = share_root(winpath, &rest);
    char *folder = root ? share_folder(winpath) : NULL;
    char *host = folder ? winos_resolve_ci_keep(folder, rest) : NULL;

    free(folder);
    free(root);
    return host;
}

char *rules_map_path(const struct vol_list *vols, const char *winpath)
{
    const struct vol_info *v;

    if (winpath && winpath_is_unc(winpath))
        return map_share_path(winpath);
    if (!winpath || !winpath_is_absolute(winpath))
        return NULL;
    v = vol_of(vols, winpath_letter(winpath));
    if (!v || !v->root)
        return NULL;
    /* Windows names ignore case; this machine's may not */
    return winos_resolve_ci_keep(v->root, winpath + 2);
}

static void place_stat(const char *local, struct place_facts *pf)
{
    struct fs_stat st;

    if (fs_stat_follow(local, &st, NULL) == 0 && st.type != FS_NONE) {
        pf->exists = true;
        pf->is_dir = st.type == FS_DIR;
        pf->writable = pf->is_dir && fs_dir_is_writable(local);
    }
}

/*
 * A place on a share: whether the share is reached, then the folder and
 * the free space of the share (its folder for us).
 */
static void share_gather(const char *winpath, struct place_facts *pf)
{
    enum share_failure why = SHARE_OK;
    uint64_t free_bytes = 0;
    uint64_t total = 0;

    pf->on_share = true;
    pf->kind = VOL_NETWORK;
    /* a line linted away from its network: the share is not looked at */
    if (!share_can_look())
        return;
    pf->share_looked = true;
    if (share_check(winpath, &why, NULL) < 0) {
        pf->share_failure = why;
        return;
    }
    char *local = rules_map_path(NULL, winpath);
    char *folder = share_folder(winpath);

    if (!local || !folder) {
        free(local);
        free(folder);
        return;
    }
    pf->known = true;
    if (fs_space(folder, &free_bytes, &total, NULL) == 0 && total) {
        pf->free_known = true;
        pf->free_bytes = free_bytes;
    }
    place_stat(local, pf);
    free(folder);
    free(local);
}

static void place_gather(const struct vol_list *vols, const char *winpath,
                         struct place_facts *pf)
{
    char *local;
    const struct vol_info *v;

    memset(pf, 0, sizeof(*pf));
    pf->kind = VOL_UNKNOWN;
    if (winpath && winpath_is_unc(winpath)) {
        share_gather(winpath, pf);
        return;
    }
    local = rules_map_path(vols, winpath);
    if (!local)
        return;
    v = vol_of(vols, winpath_letter(winpath));
    pf->known = true;
    pf->letter = v->letter;
    pf->kind = v->kind;
    pf->on_x = v->letter == 'X' || v->kind == VOL_RAM;
    pf->readonly_volume = v->readonly;
    if (v->fs) {
        strncpy(pf->fs, v->fs, sizeof(pf->fs) - 1);
        pf->fs[sizeof(pf->fs) - 1] = '\0';
    }
    if (v->total_bytes || v->free_bytes) {
        pf->free_known = true;
        pf->free_bytes = v->free_bytes;
    }
    place_stat(local, pf);
    free(local);
}

/* The folder a file named by winpath would be written into. */
static void parent_gather(const struct vol_list *vols, const char *winpath,
                          struct place_facts *pf)
{
    memset(pf, 0, sizeof(*pf));
    pf->kind = VOL_UNKNOWN;
    if (!winpath || !winpath_is_absolute(winpath))
        return;
    char *norm = plan_winpath_norm(winpath);
    const char *base = winpath_base(norm);
    char *dir = xstrndup(norm, (size_t)(base - norm));

    if (winpath_letter(dir) && (winpath_is_root(dir) || !dir[2])) {
        free(dir);
        dir = xasprintf("%c:\\", norm[0]);
    }
    place_gather(vols, dir, pf);
    free(dir);
    free(norm);
}

static void store_gather(const struct vol_list *vols, const struct plan *plan,
                         const struct winos *os, struct store_facts *sf)
{
    static const char *const markers[] = { "USMT.MIG", "catalog.mig",
                                           "MIGSTATE.DAT" };
    char wl = os && os->windir_win ? winpath_letter(os->windir_win)
                                   : rp_offline_letter(plan);

    place_gather(vols, plan->store_path, &sf->place);
    sf->same_volume_as_os = -1;
    if (plan->store_path && wl && winpath_letter(plan->store_path))
        sf->same_volume_as_os = winpath_letter(plan->store_path) == wl;
    if (!sf->place.exists || !sf->place.is_dir)
        return;
    char *winusmt = xasprintf("%s\\USMT", plan->store_path);
    char *usmt = rules_map_path(vols, winusmt);

    free(winusmt);
    if (!usmt || !fs_is_dir(usmt)) {
        free(usmt);
        return;
    }
    for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
        char *hit = winos_find_ci(usmt, markers[i]);

        if (hit) {
            const char *name = strrchr(hit, fs_sep());

            sf->has_store = true;
            sf->store_marker = xasprintf("USMT\\%s", name ? name + 1 : hit);
            free(hit);
            break;
        }
    }
    char *hl = winos_find_ci(usmt, "hardlink.main");

    sf->hardlink_main = hl != NULL;
    free(hl);
    free(usmt);
}

static void xml_gather(const struct vol_list *vols, const char *winpath,
                       struct xml_facts *x)
{
    char *local;
    char *data = NULL;
    size_t len = 0;
    struct wiz_err err;

    memset(x, 0, sizeof(*x));
    if (!winpath)
        return;
    x->path = xstrdup(winpath);
    local = rules_map_path(vols, winpath);
    if (!local)
        return;
    x->known = true;
    if (!fs_exists(local)) {
        free(local);
        return;
    }
    x->exists = true;
    if (fs_read_file(local, XML_READ_MAX, &data, &len, &err) < 0) {
        x->error = xstrdup(err.msg);
        free(local);
        return;
    }
    struct usmtxml_elem *root = NULL;

    if (usmtxml_parse_tree(data, len, winpath_base(winpath), &root,
                           &err) < 0) {
        x->error = xstrdup(err.msg);
    } else {
        x->parsed = true;
        x->root = xstrdup(root->name);
        const char *u = usmtxml_elem_attr(root, "urlid");

        x->urlid = u ? xstrdup(u) : NULL;
        usmtxml_elem_free(root);
    }
    free(data);
    free(local);
}

static void estimate(const struct plan *plan, const struct user_list *users,
                     struct rule_facts *f)
{
    size_t n = 0;

    if (!users)
        return;
    for (size_t i = 0; i < users->n; i++) {
        const struct win_user *u = &users->u[i];

        if (!rp_user_selected(plan, u))
            continue;
        if (!u->sized)
            return;
        f->estimate_bytes += u->size_bytes;
        if (u->size_largest > f->largest_file)
            f->largest_file = u->size_largest;
        n++;
    }
    f->estimate_known = n > 0;
}

/*
 * err's message without its "cannot open hive '<local>': " lead, and any
 * other host path in it replaced by the Windows one.
 */
static char *reason(const struct wiz_err *err, const char *local,
                    const char *win)
{
    struct strbuf sb = STRBUF_INIT;
    const char *m = err->msg;
    const char *hit;
    size_t n = strlen(local);
    char *lead = xasprintf("'%s': ", local);

    hit = strstr(m, lead);
    if (hit)
        m = hit + strlen(lead);
    free(lead);

    while (n && (hit = strstr(m, local))) {
        strbuf_add(&sb, m, (size_t)(hit - m));
        strbuf_adds(&sb, win);
        m = hit + n;
    }
    strbuf_adds(&sb, m);
    return strbuf_detach(&sb, NULL);
}

/* Check the hive at local (NULL: not found) and record it. */
static void hive_add(struct rule_facts *f, const char *name,
                     const char *local, const char *win, const char *user,
                     bool missing_matters)
{
    struct wiz_err err;
    enum hive_state st = HIVE_STATE_OK;
    char *why = NULL;

    if (!local || !fs_exists(local)) {
        if (!missing_matters)
            return;
        st = HIVE_STATE_MISSING;
        why = xstrdup("the file is missing");
    } else if (hive_check(local, &err) < 0) {
        st = err.code == WIZ_EFORMAT ? HIVE_STATE_DAMAGED
             : err.code == WIZ_ENOENT ? HIVE_STATE_MISSING
                                      : HIVE_STATE_UNREADABLE;
        why = reason(&err, local, win);
    }
    XGROW(f->hives, f->hives_alloc, f->n_hives + 1);
    struct hive_facts *h = &f->hives[f->n_hives++];

    h->name = xstrdup(name);
    h->path_win = xstrdup(win);
    h->user = user ? xstrdup(user) : NULL;
    h->state = st;
    h->why = why;
}

static void hives_gather(const struct plan *plan, const struct winos *os,
                         const struct user_list *users, struct rule_facts *f)
{
    static const char *const machine[] = { "SOFTWARE", "SYSTEM", "SAM" };
    const char *wd = os->windir_win ? os->windir_win : os->windir;
    char *cfg = winos_resolve_ci(os->windir, "System32/config");

    for (size_t i = 0; i < 3; i++) {
        char *local = cfg ? winos_find_ci(cfg, machine[i]) : NULL;
        char *win = xasprintf("%s\\System32\\config\\%s", wd, machine[i]);

        /* a Windows folder is only listed with SOFTWARE and SYSTEM */
        hive_add(f, machine[i], local, win, NULL, false);
        free(win);
        free(local);
    }
    free(cfg);
    for (size_t i = 0; users && i < users->n; i++) {
        const struct win_user *u = &users->u[i];

        if (!rp_user_selected(plan, u) || !u->profile_path ||
            !u->folder_exists)
            continue;
        const char *pw = u->profile_win && *u->profile_win
                             ? u->profile_win : u->profile_online;
        char *local = winos_find_ci(u->profile_path, "NTUSER.DAT");
        char *win = xasprintf("%s\\NTUSER.DAT", pw);

        /* a profile folder without its hives: those settings are gone */
        hive_add(f, "NTUSER.DAT", local, win, u->name, true);
        free(local);
        free(win);
        local = winos_resolve_ci(u->profile_path,
                                 "AppData/Local/Microsoft/Windows/"
                                 "UsrClass.dat");
        win = xasprintf("%s\\AppData\\Local\\Microsoft\\Windows\\"
                        "UsrClass.dat", pw);
        hive_add(f, "UsrClass.dat", local, win, u->name, true);
        free(local);
        free(win);
    }
}

int rules_facts_gather(const struct plan *plan, const struct vol_list *vols,
                       const struct winos *os, const struct user_list *users,
                       struct rule_facts *out)
{
    rule_facts_init(out);
    store_gather(vols, plan, os, &out->store);
    place_gather(vols, plan->working_dir, &out->workdir);
    place_gather(vols, plan->temp_dir, &out->temp);
    parent_gather(vols, plan->log_path, &out->log_dir);
    parent_gather(vols, plan->progress_path, &out->progress_dir);
    if (plan->xml_files.n) {
        out->xml = xcalloc(plan->xml_files.n, sizeof(out->xml[0]));
        out->n_xml = plan->xml_files.n;
        for (size_t i = 0; i < plan->xml_files.n; i++)
            xml_gather(vols, plan->xml_files.items[i], &out->xml[i]);
    }
    xml_gather(vols, plan->config_path, &out->config);
    if (plan->offline_mode == PLAN_OFFLINE_XML)
        xml_gather(vols, plan->offline_xml, &out->offline_xml);
    if (plan->keyfile) {
        char *local = rules_map_path(vols, plan->keyfile);
        char *data = NULL;
        size_t len = 0;

        if (local) {
            out->keyfile_readable =
                fs_read_file(local, KEYFILE_READ_MAX, &data, &len, NULL) == 0
                && len > 0;
            if (data) {
                plan_secure_zero(data, len);
                free(data);
            }
            out->keyfile_size = len;
        }
        free(local);
    }
    estimate(plan, users, out);
    if (os)
        hives_gather(plan, os, users, out);
    return 0;
}

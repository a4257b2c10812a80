/*
 * The restore session (include/core/session/restore.h): the facts of the
 * store and the new PC, the loadstate line as the choice, the restore
 * rules' findings, and the run.  `usmtwiz restore` drives it; `usmtwiz
 * lint` on a loadstate line uses its gatherer.
 */
#include "core/session/restore.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/attr.h"
#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/version.h"
#include "base/xalloc.h"
#include "core/offline/winos.h"
#include "core/plan/keyfile.h"
#include "core/plan/preset.h"
#include "core/plan/winquote.h"
#include "core/run/capture.h"
#include "core/run/job.h"
#include "core/run/progress.h"
#include "core/run/report.h"
#include "core/run/storecheck.h"
#include "core/usmt/retcodes.h"
#include "core/usmt/usmtenv.h"
#include "platform/fs.h"
#include "platform/proc.h"
#include "platform/sys.h"

/* Longest key file we read (the keys are 1..256 characters). */
#define KEYFILE_READ_MAX 4096
/* Bytes of the capture's progress log read for its program record. */
#define PROGRESS_HEAD_MAX 65536
/* How deep below a drive's root stores are looked for. */
#define FIND_DEPTH 4

static void note(struct plan_strv *notes, const char *fmt, ...)
    WIZ_PRINTF(2, 3);

static void note(struct plan_strv *notes, const char *fmt, ...)
{
    va_list ap;
    char buf[1024];

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (notes)
        plan_strv_push(notes, buf);
}

static char drive_letter(const char *p)
{
    if (p && ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z'))
        && p[1] == ':')
        return (char)(p[0] & ~0x20);
    return 0;
}

/* A path on the line for us: mapped through the drives, or as it is when it
 * exists here.  Caller frees; NULL when not found. */
static char *host_path(const struct vol_list *vols, const char *p)
{
    if (!p)
        return NULL;
    if (vols) {
        char *m = rules_map_path(vols, p);

        if (m)
            return m;
    }
    return fs_exists(p) ? xstrdup(p) : NULL;
}

/* ---- the one gatherer ---------------------------------------------------- */

/* The USMT version that captured: the productVersion of the program record
 * heading the capture's progress log (reference §5.2). */
static void read_capture_version(const struct vol_list *vols,
                                 const char *progress,
                                 struct restore_facts *f)
{
    char *p = host_path(vols, progress);
    char *data = NULL;
    size_t len = 0;
    unsigned a, b, c, d;

    if (p && fs_read_file(p, PROGRESS_HEAD_MAX, &data, &len, NULL) < 0)
        data = NULL;
    const char *v = data ? strstr(data, "productVersion, \"") : NULL;

    if (v && sscanf(v + strlen("productVersion, \""), "%u.%u.%u.%u", &a, &b,
                    &c, &d) == 4) {
        f->capture_ver[0] = a;
        f->capture_ver[1] = b;
        f->capture_ver[2] = c;
        f->capture_ver[3] = d;
        f->capture_ver_known = true;
    }
    free(data);
    free(p);
}

static bool has_file(const char *dir, const char *name)
{
    char *p = fs_join(dir, name);
    bool found = fs_exists(p);

    free(p);
    return found;
}

/* The store's own files: USMT\USMT.MIG, USMT\catalog.mig (uncompressed and
 * hard-link stores), USMT\File. */
static bool store_files(const char *store_host, bool *hardlink_main)
{
    char *usmt = fs_join(store_host, "USMT");
    bool found = has_file(usmt, "USMT.MIG") || has_file(usmt, "catalog.mig")
                 || has_file(usmt, "File");

    if (hardlink_main)
        *hardlink_main = has_file(usmt, "hardlink.main");
    free(usmt);
    return found;
}

static void read_store(const struct vol_list *vols, const char *store_host,
                       struct restore_facts *f, struct plan_strv *notes)
{
    char *rp = fs_join(store_host, REPORT_XML_NAME);
    struct report r;
    struct wiz_err err;

    f->store_state = store_files(store_host, &f->hardlink_main)
                         ? RESTORE_STORE_FOUND
                         : RESTORE_STORE_EMPTY;
    report_init(&r);
    if (fs_exists(rp)) {
        if (report_read(rp, &r, &err) == 0) {
            restore_facts_from_report(f, &r);
            if (r.progress_path)
                read_capture_version(vols, r.progress_path, f);
        } else {
            note(notes, "cannot read the capture report: %s", err.msg);
        }
    }
    report_release(&r);
    free(rp);
}

static void read_key(const struct vol_list *vols, const struct loadcmd *lc,
                     const char *key, struct restore_facts *f)
{
    if (key) {
        capture_key_fingerprint(key, f->given_fp);
        return;
    }
    if (lc && lc->key) {
        capture_key_fingerprint(lc->key, f->given_fp);
        return;
    }
    char *kf = lc ? host_path(vols, lc->keyfile) : NULL;
    char *data = NULL;
    size_t len = 0;

    if (kf && fs_read_file(kf, KEYFILE_READ_MAX, &data, &len, NULL) == 0 &&
        len > 0) {
        capture_key_fingerprint(data, f->given_fp);
        sys_wipe(data, len);
    }
    free(data);
    free(kf);
}

/* The new PC is the running Windows: its hives are in use, so its facts
 * come from the platform, not from reading them. */
static void read_running(struct restore_facts *f, struct plan_strv *notes)
{
    f->target_letter = sys_system_drive();
    f->target_build = sys_windows_build();
    if (!f->target_letter) {
        note(notes, "this machine runs no Windows: give --target-root for "
             "a practice new PC");
        return;
    }
    f->target_computer = sys_hostname();
    f->target_bits = sys_host_arch() == SYS_ARCH_X86 ? 32 : 64;
}

static void read_target(const struct restore_where *w,
                        struct restore_facts *f, struct plan_strv *notes)
{
    struct win_scan scan;
    struct wiz_err err;
    const struct winos *os = NULL;
    size_t found = 0;

    if (winos_scan(w->target_root, &scan, &err) < 0) {
        note(notes, "cannot look for the new PC's Windows: %s", err.msg);
        return;
    }
    for (size_t i = 0; i < scan.n; i++) {
        for (size_t j = 0; j < scan.vols[i].n_os; j++) {
            if (w->volume && scan.vols[i].vol.letter != w->volume)
                continue;
            if (!found++)
                os = &scan.vols[i].os[j];
        }
    }
    if (found > 1) {
        note(notes, "%zu Windows installations: give --volume for the new "
             "PC's", found);
    } else if (!found) {
        note(notes, "no Windows installation was found on the new PC");
    } else if (os->problem) {
        note(notes, "the new PC's Windows cannot be read: %s", os->problem);
    } else {
        f->target_build = os->build;
        f->target_bits = os->arch == SYS_ARCH_X86 ? 32
                         : os->arch == SYS_ARCH_UNKNOWN ? 0 : 64;
        f->target_server = os->is_server;
        f->target_computer = os->computer_name && *os->computer_name
                                 ? xstrdup(os->computer_name)
                                 : NULL;
        f->target_letter = os->letter;
    }
    win_scan_release(&scan);
}

static void read_usmt(const char *usmt_host, struct restore_facts *f,
                      struct plan_strv *notes)
{
    struct usmt_env env;
    struct wiz_err err;

    if (usmtenv_probe(usmt_host, NULL, &env, &err) < 0) {
        note(notes, "cannot read the USMT folder: %s", err.msg);
        return;
    }
    if (env.version_known) {
        f->loadstate_ver[0] = env.ver_major;
        f->loadstate_ver[1] = env.ver_minor;
        f->loadstate_ver[2] = env.ver_build;
        f->loadstate_ver[3] = env.ver_rev;
        f->loadstate_ver_known = true;
    }
    usmtenv_release(&env);
}

/*
 * The free space of the new Windows' drive, as the drive list has it
 * (vol_enumerate: the file system's, or a practice drive's facts file).
 */
static void read_target_space(const struct vol_list *vols,
                              struct restore_facts *f)
{
    for (size_t i = 0; vols && f->target_letter && i < vols->n; i++) {
        const struct vol_info *v = &vols->v[i];

        if (v->letter != f->target_letter ||
            !(v->total_bytes || v->free_bytes))
            continue;
        f->target_free_known = true;
        f->target_free = v->free_bytes;
    }
}

void restore_gather(struct restore_facts *f, const struct restore_where *w,
                    const char *store_host, const struct loadcmd *lc,
                    const char *key, struct plan_strv *notes)
{
    f->winpe = w->winpe >= 0 ? w->winpe : sys_is_winpe() ? 1 : 0;
    if (store_host)
        read_store(w->vols, store_host, f, notes);
    else if (lc && lc->store && w->vols) {
        char letter = drive_letter(lc->store);

        for (size_t i = 0; letter && i < w->vols->n; i++) {
            if (w->vols->v[i].letter == letter)
                f->store_state = RESTORE_STORE_MISSING;
        }
        if (f->store_state != RESTORE_STORE_MISSING)
            note(notes, "the store folder '%s' was not found here",
                 lc->store);
    } else if (lc && lc->store) {
        note(notes, "the store folder '%s' was not found here", lc->store);
    }
    f->store_letter = lc ? drive_letter(lc->store) : 0;
    read_key(w->vols, lc, key, f);
    if (w->target_root)
        read_target(w, f, notes);
    else if (w->this_machine)
        read_running(f, notes);
    else if (w->vols)
        read_target(w, f, notes);
    read_target_space(w->vols, f);
    if (w->usmt_host)
        read_usmt(w->usmt_host, f, notes);
}

/* ---- finding stores ------------------------------------------------------ */

static void store_release(struct restore_store *s)
{
    free(s->host);
    free(s->win);
    free(s->computer);
    free(s->windows);
    free(s->kind);
    free(s->result);
}

void restore_stores_release(struct restore_stores *st)
{
    for (size_t i = 0; i < st->n; i++)
        store_release(&st->s[i]);
    free(st->s);
    st->s = NULL;
    st->n = 0;
}

static char *dup_or_null(const char *s)
{
    return s && *s ? xstrdup(s) : NULL;
}

/* The folder host (win its Windows path, or NULL) holds a store or a
 * report: add it.  True when it did. */
static bool consider(const char *host, const char *win,
                     struct restore_stores *out)
{
    char *rp = fs_join(host, REPORT_XML_NAME);
    bool report = fs_exists(rp);
    bool files = store_files(host, NULL);

    if (!report && !files) {
        free(rp);
        return false;
    }
    struct restore_store s;
    struct report r;
    struct wiz_err err;

    memset(&s, 0, sizeof(s));
    s.host = xstrdup(host);
    s.win = win ? xstrdup(win) : NULL;
    s.has_store = files;
    report_init(&r);
    if (report && report_read(rp, &r, &err) == 0) {
        s.has_report = true;
        s.computer = dup_or_null(r.computer);
        s.windows = dup_or_null(r.windows);
        s.kind = dup_or_null(r.store_kind);
        s.result = dup_or_null(r.result);
        s.finished = r.finished;
        s.n_users = r.n_users;
        s.encrypted = r.key_fingerprint && *r.key_fingerprint;
        if (!s.encrypted && r.command)
            s.encrypted = strstr(r.command, "/encrypt") != NULL;
    }
    report_release(&r);
    free(rp);
    out->s = xrealloc(out->s, (out->n + 1) * sizeof(*out->s));
    out->s[out->n++] = s;
    return true;
}

static void walk(const char *host, const char *win, int depth,
                 struct restore_stores *out)
{
    if (consider(host, win, out) || depth >= FIND_DEPTH)
        return;
    struct fs_dir *d;
    const char *name;
    struct wiz_err err;

    if (fs_dir_open(host, &d, &err) < 0)
        return;
    while (fs_dir_next(d, &name, &err) > 0) {
        struct fs_stat st;

        if (fs_dir_stat(d, name, &st, NULL) < 0 || st.type != FS_DIR)
            continue;
        /* Windows' own folders hold no stores */
        if (depth == 0 && (str_ieq(name, "Windows") ||
                           str_ieq(name, "Program Files") ||
                           str_ieq(name, "Program Files (x86)") ||
                           str_ieq(name, "ProgramData") ||
                           str_ieq(name, "$Recycle.Bin") ||
                           str_ieq(name, "System Volume Information")))
            continue;
        char *h = fs_join(host, name);
        char *w = win ? xasprintf("%s%s%s", win,
                                  win[strlen(win) - 1] == '\\' ? "" : "\\",
                                  name)
                      : NULL;

        walk(h, w, depth + 1, out);
        free(h);
        free(w);
    }
    fs_dir_close(d);
}

static int newest_first(const void *a, const void *b)
{
    const struct restore_store *x = a, *y = b;

    if (x->finished != y->finished)
        return x->finished > y->finished ? -1 : 1;
    return strcmp(x->host, y->host);
}

void restore_find_stores(const struct vol_list *vols, const char *under_host,
                         struct restore_stores *out)
{
    out->s = NULL;
    out->n = 0;
    if (under_host)
        walk(under_host, NULL, 1, out);
    for (size_t i = 0; vols && i < vols->n; i++) {
        const struct vol_info *v = &vols->v[i];
        char win[4] = { v->letter, ':', '\\', '\0' };

        if (!v->letter || v->locked || !v->root)
            continue;
        walk(v->root, win, 0, out);
    }
    if (out->n > 1)
        qsort(out->s, out->n, sizeof(*out->s), newest_first);
}

/* ---- the session --------------------------------------------------------- */

int restore_session_init(struct restore_session *s,
                         const struct restore_opts *o, struct wiz_err *err)
{
    memset(s, 0, sizeof(*s));
    s->target_root = o->target_root ? xstrdup(o->target_root) : NULL;
    s->volume = o->volume;
    s->usmt_host = o->usmt_host ? xstrdup(o->usmt_host) : NULL;
    s->simulate = o->simulate;
    s->winpe = o->winpe;
    restore_facts_init(&s->facts);
    loadcmd_init(&s->cmd);
    findings_init(&s->findings);
    s->stale = true;
    s->rc = -1;
    if (vol_enumerate(o->target_root, &s->vols, err) < 0)
        return err_prefix(err, "cannot list the new PC's drives");
    s->have_vols = true;
    return 0;
}

static void free_strs(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void wipe_key(struct restore_session *s)
{
    if (s->key) {
        sys_wipe(s->key, s->key_len);
        sys_unlock_memory(s->key, s->key_len + 1);
        free(s->key);
    }
    s->key = NULL;
    s->key_len = 0;
}

static void wipe_keyfile(struct restore_session *s)
{
    if (s->keyfile_host) {
        keyfile_wipe(s->keyfile_host, NULL);
        free(s->keyfile_host);
        s->keyfile_host = NULL;
    }
}

static void wipe_lac_password(struct restore_session *s);

void restore_session_release(struct restore_session *s)
{
    wipe_keyfile(s);
    wipe_key(s);
    wipe_lac_password(s);
    if (s->job)
        job_free(s->job);
    free(s->target_root);
    free(s->usmt_host);
    if (s->have_vols)
        vol_list_release(&s->vols);
    free(s->store_host);
    restore_facts_release(&s->facts);
    loadcmd_release(&s->cmd);
    plan_strv_release(&s->notes);
    findings_release(&s->findings);
    free(s->program);
    free(s->log_host);
    free(s->progress_host);
    free(s->outcome);
    free(s->why);
    for (size_t i = 0; i < 2; i++) {
        free(s->report_dirs[i]);
        free(s->report_dirs_win[i]);
    }
    memset(s, 0, sizeof(*s));
}

static void changed(struct restore_session *s)
{
    s->stale = true;
}

static void apply_preset(struct restore_session *s);

static void where(const struct restore_session *s, struct restore_where *w)
{
    w->vols = s->have_vols ? &s->vols : NULL;
    w->target_root = s->target_root;
    w->volume = s->volume;
    w->usmt_host = s->usmt_host;
    w->winpe = s->winpe;
    w->this_machine = !s->target_root;
}

/* "E:\stores\PC" for a host folder below one of the drives, else NULL. */
static char *win_of(const struct restore_session *s, const char *host)
{
    for (size_t i = 0; s->have_vols && i < s->vols.n; i++) {
        const struct vol_info *v = &s->vols.v[i];
        size_t n = v->root ? strlen(v->root) : 0;

        if (!v->letter || !n || strncmp(host, v->root, n))
            continue;
        const char *rest = host + n;

        if (*rest && *rest != '/' && *rest != '\\' &&
            v->root[n - 1] != '/' && v->root[n - 1] != '\\')
            continue;
        while (*rest == '/' || *rest == '\\')
            rest++;
        char *w = xasprintf("%c:\\%s", v->letter, rest);

        for (char *c = w; *c; c++)
            if (*c == '/')
                *c = '\\';
        return w;
    }
    return NULL;
}

int restore_session_open(struct restore_session *s, const char *store,
                         struct wiz_err *err)
{
    char *host = NULL, *win = NULL;

    if (drive_letter(store) && (store[2] == '\\' || store[2] == '\0')) {
        host = host_path(s->have_vols ? &s->vols : NULL, store);
        win = xstrdup(store);
    } else if (fs_exists(store)) {
        host = fs_absolute(store);
        win = win_of(s, host);
    }
    if (!host || !fs_is_dir(host)) {
        free(host);
        free(win);
        return err_set(err, WIZ_ENOENT, "there is no store folder '%s' on "
                       "the new PC's drives", store);
    }
    if (!win) {
        free(host);
        return err_set(err, WIZ_EUSAGE, "'%s' is on none of the new PC's "
                       "drives: loadstate could not reach it", store);
    }
    free(s->store_host);
    s->store_host = host;
    restore_facts_release(&s->facts);
    restore_facts_init(&s->facts);
    loadcmd_release(&s->cmd);
    loadcmd_init(&s->cmd);
    s->cmd.store = win;
    plan_strv_release(&s->notes);

    struct restore_where w;

    where(s, &w);
    restore_gather(&s->facts, &w, s->store_host, &s->cmd, s->key,
                   &s->notes);
    /* loadstate runs as this process does */
    s->facts.elevated = sys_is_elevated();
    restore_session_defaults(s);
    apply_preset(s);
    return 0;
}

static void push(char ***v, size_t *n, char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof(**v));
    (*v)[(*n)++] = s;
}

static void default_entra_mu(const struct restore_facts *f,
                             struct loadcmd *lc)
{
    for (size_t i = 0; i < f->n_users; i++) {
        const struct restore_user *u = &f->users[i];

        if (u->kind && u->name && str_ieq(u->kind, "entra") &&
            strchr(u->name, '@') && !strchr(u->name, '\\'))
            push(&lc->mu, &lc->n_mu,
                 xasprintf("AzureAD\\%s:AzureAD\\%s", u->name, u->name));
    }
}

void restore_line_defaults(const struct restore_facts *f, struct loadcmd *lc)
{
    char *store = lc->store;

    lc->store = NULL;
    loadcmd_release(lc);
    loadcmd_init(lc);
    lc->store = store;
    for (size_t i = 0; i < f->n_capture_xml; i++)
        push(&lc->xml, &lc->n_xml, xstrdup(f->capture_xml[i]));
    if (!f->report_known) {
        /* without the capture's report: the set Microsoft's examples
         * use; the restore-xml-set rule lists it as not checked */
        push(&lc->xml, &lc->n_xml, xstrdup("MigDocs.xml"));
        push(&lc->xml, &lc->n_xml, xstrdup("MigApp.xml"));
    }
    if (f->capture_config)
        lc->config = xstrdup(f->capture_config);
    bool hardlink = f->hardlink_main ||
                    (f->store_kind && str_ieq(f->store_kind, "hardlink"));

    if (hardlink) {
        lc->hardlink = true;
        lc->nocompress = true;
    } else if (f->store_kind && str_ieq(f->store_kind, "uncompressed")) {
        lc->nocompress = true;
    }
    if (f->encrypted) {
        lc->decrypt = true;
        lc->decrypt_alg = f->encrypt_alg ? xstrdup(f->encrypt_alg) : NULL;
        lc->keyfile = xstrdup("<key file>");
    }
    bool renamed = f->source_computer && f->target_computer &&
                   !str_ieq(f->source_computer, f->target_computer);

    for (size_t i = 0; i < f->n_users; i++) {
        const struct restore_user *u = &f->users[i];

        if (!u->kind || !u->name || !str_ieq(u->kind, "local"))
            continue;
        lc->lac = true;
        if (renamed)
            push(&lc->mu, &lc->n_mu,
                 xasprintf("%s\\%s:%s\\%s", f->source_computer, u->name,
                           f->target_computer, u->name));
    }
    default_entra_mu(f, lc);
    lc->c = true;
    lc->v = xstrdup("5");
    lc->l = xasprintf("%s-logs\\loadstate.log", lc->store);
    lc->progress = xasprintf("%s-logs\\loadstate-progress.log", lc->store);
}

void restore_session_defaults(struct restore_session *s)
{
    restore_line_defaults(&s->facts, &s->cmd);
    free(s->outcome);
    s->outcome = xcalloc(s->facts.n_users ? s->facts.n_users : 1,
                         sizeof(*s->outcome));
    changed(s);
}

int restore_session_set_key(struct restore_session *s, const char *key,
                            size_t len, struct wiz_err *err)
{
    if (!len || len > KEYFILE_MAX_KEY)
        return err_set(err, WIZ_EUSAGE, "the key must have 1 to %d "
                       "characters", KEYFILE_MAX_KEY);
    wipe_key(s);
    s->key = xmalloc(len + 1);
    sys_lock_memory(s->key, len + 1);
    memcpy(s->key, key, len);
    s->key[len] = '\0';
    s->key_len = len;
    capture_key_fingerprint(s->key, s->facts.given_fp);
    changed(s);
    return 0;
}

/* Put map in v, over one with the same old side. */
static void put_map(char ***v, size_t *n, const char *map)
{
    char old[512], nw[512], o2[512], n2[512];
    bool split = loadcmd_split_map(map, old, nw, sizeof(old));

    for (size_t i = 0; split && i < *n; i++) {
        if (loadcmd_split_map((*v)[i], o2, n2, sizeof(o2)) &&
            str_ieq(o2, old)) {
            free((*v)[i]);
            (*v)[i] = xstrdup(map);
            return;
        }
    }
    push(v, n, xstrdup(map));
}

void restore_session_add_mu(struct restore_session *s, const char *map)
{
    put_map(&s->cmd.mu, &s->cmd.n_mu, map);
    changed(s);
}

void restore_session_add_md(struct restore_session *s, const char *map)
{
    put_map(&s->cmd.md, &s->cmd.n_md, map);
    changed(s);
}

/* Remove the map of v whose old side is old (any case). */
static void drop_map(char ***v, size_t *n, const char *old)
{
    char o2[512], n2[512];

    for (size_t i = 0; i < *n; i++) {
        if (!loadcmd_split_map((*v)[i], o2, n2, sizeof(o2)) ||
            !str_ieq(o2, old))
            continue;
        free((*v)[i]);
        memmove(&(*v)[i], &(*v)[i + 1], (*n - i - 1) * sizeof(**v));
        (*n)--;
        return;
    }
}

/* A domain or account name loadstate can take: no ':' nor space. */
static bool plain_name(const char *s)
{
    return *s && !strpbrk(s, ": \t\"/");
}

int restore_session_move_domain(struct restore_session *s, const char *old,
                                const char *nw, struct wiz_err *err)
{
    if (!old || !plain_name(old) || strchr(old, '\\'))
        return err_set(err, WIZ_EUSAGE, "'%s' is not a domain name",
                       old ? old : "");
    if (!nw || !*nw || str_ieq(nw, old)) {
        drop_map(&s->cmd.md, &s->cmd.n_md, old);
        changed(s);
        return 0;
    }
    if (!plain_name(nw) || strchr(nw, '\\'))
        return err_set(err, WIZ_EUSAGE, "'%s' is not a domain name (a "
                       "domain alone, such as FABRIKAM)", nw);
    char *map = xasprintf("%s:%s", old, nw);

    restore_session_add_md(s, map);
    free(map);
    return 0;
}

/* The old side of a /mu for stored user u: DOMAIN\\user or OLDPC\\user. */
static char *mu_old(const struct restore_session *s,
                    const struct restore_user *u)
{
    const char *dom = u->domain ? u->domain : s->facts.source_computer;

    return dom ? xasprintf("%s\\%s", dom, u->name) : xstrdup(u->name);
}

int restore_session_move_user(struct restore_session *s, size_t user,
                              const char *account, struct wiz_err *err)
{
    const struct restore_user *u = &s->facts.users[user];

    if (!u->name)
        return err_set(err, WIZ_EUSAGE, "this stored user has no name in "
                       "the report: /mu cannot name it");
    char *old = mu_old(s, u);

    if (!account || !*account) {
        /* every /mu of this user goes, whichever form it was typed in */
        char to[512];
        size_t at;

        while (loadcmd_map_account(&s->cmd, NULL, u->name, u->sid, to,
                                   sizeof(to), &at) == LOADCMD_MAP_MU) {
            free(s->cmd.mu[at]);
            memmove(&s->cmd.mu[at], &s->cmd.mu[at + 1],
                    (s->cmd.n_mu - at - 1) * sizeof(*s->cmd.mu));
            s->cmd.n_mu--;
        }
        free(old);
        changed(s);
        return 0;
    }
    const char *bs = strchr(account, '\\');

    if (!bs || bs == account || !bs[1] || strchr(bs + 1, '\\') ||
        strpbrk(account, ":\"/")) {
        free(old);
        return err_set(err, WIZ_EUSAGE, "'%s' is not an account: give it "
                       "as DOMAIN\\user (or NEWPC\\user)", account);
    }
    char *map = xasprintf("%s:%s", old, account);

    restore_session_move_user(s, user, NULL, NULL);
    restore_session_add_mu(s, map);
    free(map);
    free(old);
    return 0;
}

static size_t xml_index(const struct restore_session *s, const char *file)
{
    for (size_t i = 0; i < s->cmd.n_xml; i++) {
        if (str_ieq(s->cmd.xml[i], file))
            return i;
    }
    return (size_t)-1;
}

bool restore_session_has_xml(const struct restore_session *s,
                             const char *file)
{
    return xml_index(s, file) != (size_t)-1;
}

void restore_session_set_xml(struct restore_session *s, const char *file,
                             bool on)
{
    size_t at = xml_index(s, file);

    if (on && at == (size_t)-1) {
        push(&s->cmd.xml, &s->cmd.n_xml, xstrdup(file));
    } else if (!on && at != (size_t)-1) {
        free(s->cmd.xml[at]);
        memmove(&s->cmd.xml[at], &s->cmd.xml[at + 1],
                (s->cmd.n_xml - at - 1) * sizeof(*s->cmd.xml));
        s->cmd.n_xml--;
    }
    changed(s);
}

void restore_session_set_config(struct restore_session *s, bool on)
{
    free(s->cmd.config);
    s->cmd.config = on && s->facts.capture_config
                        ? xstrdup(s->facts.capture_config)
                        : NULL;
    changed(s);
}

void restore_session_set_lac(struct restore_session *s, bool lac, bool lae)
{
    s->cmd.lac = lac;
    s->cmd.lae = lac && lae;
    changed(s);
}

void restore_session_set_options(struct restore_session *s, bool c,
                                 int verbosity)
{
    s->cmd.c = c;
    free(s->cmd.v);
    s->cmd.v = verbosity == PLAN_UNSET ? NULL
                                       : xasprintf("%d", verbosity);
    changed(s);
}

/* The preset's restore part over the line of the open store. */
static void apply_preset(struct restore_session *s)
{
    const struct preset_restore *pr = s->preset;

    if (!pr || !s->cmd.store)
        return;
    for (size_t i = 0; i < pr->md.n; i++)
        restore_session_add_md(s, pr->md.items[i]);
    for (size_t i = 0; i < pr->mu.n; i++)
        restore_session_add_mu(s, pr->mu.items[i]);
    for (size_t i = 0; i < pr->leave_out.n; i++) {
        const char *name = pr->leave_out.items[i];
        size_t u = 0;

        while (u < s->facts.n_users &&
               !(s->facts.users[u].name &&
                 str_ieq(s->facts.users[u].name, name)))
            u++;
        if (u < s->facts.n_users)
            restore_session_leave_out(s, u, true);
        else
            note(&s->notes, "the preset leaves out '%s', who is not among "
                 "the stored users", name);
    }
    if (pr->lac >= 0 || pr->lae >= 0)
        restore_session_set_lac(s, pr->lac >= 0 ? pr->lac : s->cmd.lac,
                                pr->lae >= 0 ? pr->lae : s->cmd.lae);
    if (pr->continue_on_error >= 0 || pr->verbosity != PLAN_UNSET) {
        int v = pr->verbosity;

        if (v == PLAN_UNSET)
            v = s->cmd.v ? atoi(s->cmd.v) : PLAN_UNSET;
        restore_session_set_options(
            s, pr->continue_on_error >= 0 ? pr->continue_on_error : s->cmd.c,
            v);
    }
}

void restore_session_use_preset(struct restore_session *s,
                                const struct preset_restore *pr)
{
    s->preset = pr;
    apply_preset(s);
}

static size_t ue_index(const struct restore_session *s, const char *name)
{
    for (size_t i = 0; i < s->cmd.n_ue; i++) {
        const char *bs = strrchr(s->cmd.ue[i], '\\');

        if (str_ieq(bs ? bs + 1 : s->cmd.ue[i], name))
            return i;
    }
    return (size_t)-1;
}

bool restore_session_left_out(const struct restore_session *s, size_t user)
{
    const struct restore_user *u = &s->facts.users[user];

    return u->name && ue_index(s, u->name) != (size_t)-1;
}

void restore_session_leave_out(struct restore_session *s, size_t user,
                               bool out)
{
    const struct restore_user *u = &s->facts.users[user];
    size_t at = u->name ? ue_index(s, u->name) : (size_t)-1;

    if (!u->name)
        return;
    if (out && at == (size_t)-1)
        push(&s->cmd.ue, &s->cmd.n_ue, xasprintf("*\\%s", u->name));
    else if (!out && at != (size_t)-1) {
        free(s->cmd.ue[at]);
        memmove(&s->cmd.ue[at], &s->cmd.ue[at + 1],
                (s->cmd.n_ue - at - 1) * sizeof(*s->cmd.ue));
        s->cmd.n_ue--;
    }
    changed(s);
}

const struct findings *restore_session_findings(struct restore_session *s)
{
    if (s->stale) {
        struct restore_ctx rc = { &s->cmd, &s->facts };
        struct rule_ctx ctx;

        findings_release(&s->findings);
        findings_init(&s->findings);
        memset(&ctx, 0, sizeof(ctx));
        ctx.program = "loadstate.exe";
        ctx.restore = &rc;
        rules_check(&ctx, &s->findings);
        s->stale = false;
    }
    return &s->findings;
}

void restore_session_account(const struct restore_session *s, size_t user,
                             char **account, char **how)
{
    const struct restore_facts *f = &s->facts;
    const struct restore_user *u = &f->users[user];
    const char *name = u->name ? u->name : u->sid;
    char to[512];

    if (restore_session_left_out(s, user)) {
        *account = xstrdup("-");
        *how = xstrdup("left out (/ue)");
        return;
    }
    size_t at;

    switch (loadcmd_map_account(&s->cmd, u->domain, u->name, u->sid, to,
                                sizeof(to), &at)) {
    case LOADCMD_MAP_MU:
        *account = xstrdup(to);
        *how = xasprintf("/mu:%s%s", s->cmd.mu[at],
                         u->kind && str_ieq(u->kind, "local") && s->cmd.lac
                             ? ", created disabled if new (/lac)"
                             : "");
        return;
    case LOADCMD_MAP_MD:
        *account = xstrdup(to);
        *how = xasprintf("/md:%s (the domain moves)", s->cmd.md[at]);
        return;
    case LOADCMD_MAP_NONE:
        break;
    }
    if (u->kind && str_ieq(u->kind, "local")) {
        *account = xasprintf("%s\\%s",
                             f->target_computer ? f->target_computer
                                                : f->source_computer
                                                      ? f->source_computer
                                                      : "?",
                             name);
        *how = xstrdup(s->cmd.lac ? "same name; created disabled if new "
                                    "(/lac without /lae)"
                                  : "same name; must exist (no /lac)");
        return;
    }
    if (u->kind && (str_ieq(u->kind, "entra") || str_ieq(u->kind, "msa"))) {
        *account = xstrdup(name);
        *how = xstrdup("no mapping: see the finding");
        return;
    }
    *account = u->domain ? xasprintf("%s\\%s", u->domain, name)
                         : xstrdup(name);
    *how = xstrdup("same account");
}

/* Arguments of the loadstate line; the key file named as given. */
static size_t line_args(const struct loadcmd *lc, const char *keyfile,
                        char ***out)
{
    char **v = NULL;
    size_t n = 0;

    push(&v, &n, xstrdup(lc->store));
    for (size_t i = 0; i < lc->n_xml; i++)
        push(&v, &n, xasprintf("/i:%s", lc->xml[i]));
    if (lc->config)
        push(&v, &n, xasprintf("/config:%s", lc->config));
    if (lc->hardlink)
        push(&v, &n, xstrdup("/hardlink"));
    if (lc->nocompress)
        push(&v, &n, xstrdup("/nocompress"));
    if (lc->decrypt)
        push(&v, &n, lc->decrypt_alg ? xasprintf("/decrypt:%s",
                                                 lc->decrypt_alg)
                                     : xstrdup("/decrypt"));
    if (lc->decrypt)
        push(&v, &n, xasprintf("/keyfile:%s", keyfile));
    for (size_t i = 0; i < lc->n_md; i++)
        push(&v, &n, xasprintf("/md:%s", lc->md[i]));
    for (size_t i = 0; i < lc->n_mu; i++)
        push(&v, &n, xasprintf("/mu:%s", lc->mu[i]));
    for (size_t i = 0; i < lc->n_ue; i++)
        push(&v, &n, xasprintf("/ue:%s", lc->ue[i]));
    if (lc->lac)
        push(&v, &n, xstrdup("/lac"));
    if (lc->lae)
        push(&v, &n, xstrdup("/lae"));
    if (lc->c)
        push(&v, &n, xstrdup("/c"));
    if (lc->v)
        push(&v, &n, xasprintf("/v:%s", lc->v));
    if (lc->l)
        push(&v, &n, xasprintf("/l:%s", lc->l));
    if (lc->progress)
        push(&v, &n, xasprintf("/progress:%s", lc->progress));
    *out = v;
    return n;
}

void restore_line_display(const struct loadcmd *lc, const char *keyfile,
                          struct strbuf *out)
{
    char **v;
    size_t n = line_args(lc, keyfile, &v);
    char *line = winquote_join("loadstate.exe", (const char *const *)v, n);

    strbuf_adds(out, line);
    free(line);
    free_strs(v, n);
}

void restore_session_display(const struct restore_session *s,
                             struct strbuf *out)
{
    restore_line_display(&s->cmd, s->cmd.keyfile ? s->cmd.keyfile
                                                 : "<key file>", out);
}

/* A simulator program beside the running usmtwiz ("loadstate-sim"). */
static char *sim_program(const char *name)
{
    char *exe = fs_exe_path();
    char *slash = exe ? strrchr(exe, fs_sep()) : NULL;
    char *p;

    if (!slash) {
        free(exe);
        return xstrdup(name);
    }
    *slash = '\0';
    p = xasprintf("%s%c%s%s", exe, fs_sep(), name,
                  fs_sep() == '\\' ? ".exe" : "");
    free(exe);
    return p;
}

static char *loadsim_program(void)
{
    return sim_program("loadstate-sim");
}

/* The child's environment: ours, with the practice new PC for the
 * simulator. */
static char **child_env(const struct restore_session *s)
{
    char **ours = sys_env_copy();
    size_t n = 0;

    while (ours && ours[n])
        n++;
    char **env = xcalloc(n + 2, sizeof(*env));
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        if (!strncmp(ours[i], "USMTWIZ_TARGET_ROOT=", 20))
            continue;
        env[k++] = xstrdup(ours[i]);
    }
    if (s->simulate && s->target_root)
        env[k++] = xasprintf("USMTWIZ_TARGET_ROOT=%s", s->target_root);
    env[k] = NULL;
    sys_env_free(ours);
    return env;
}

int restore_session_start(struct restore_session *s, struct wiz_err *err)
{
    const struct findings *fs = restore_session_findings(s);

    if (s->job)
        return err_set(err, WIZ_EUSAGE, "loadstate is already running");
    if (s->facts.winpe == 1)
        return err_set(err, WIZ_EUSAGE, "this is Windows PE: loadstate runs "
                       "in the new PC's Windows, not here");
    for (size_t i = 0; i < fs->n; i++) {
        if (fs->f[i].severity == RULE_ERROR)
            return err_set(err, WIZ_EUSAGE, "%s: %s", fs->f[i].rule->id,
                           fs->f[i].message);
    }
    if (s->cmd.decrypt && !s->key)
        return err_set(err, WIZ_EUSAGE, "the store is encrypted: give its "
                       "key first");
    free(s->program);
    s->program = NULL;
    if (s->simulate) {
        s->program = loadsim_program();
    } else if (s->usmt_host) {
        char *p = fs_join(s->usmt_host, "loadstate.exe");

        if (fs_exists(p))
            s->program = p;
        else
            free(p);
    }
    if (!s->program)
        return err_set(err, WIZ_ENOENT, "there is no loadstate.exe to run "
                       "(give the USMT folder with --usmt)");
    free(s->log_host);
    free(s->progress_host);
    s->log_host = rules_map_path(&s->vols, s->cmd.l);
    s->progress_host = rules_map_path(&s->vols, s->cmd.progress);
    if (!s->log_host || !s->progress_host)
        return err_set(err, WIZ_EUSAGE, "the logs ('%s') must be on a drive "
                       "of the new PC", s->cmd.l ? s->cmd.l : "none");
    const char *files[2] = { s->log_host, s->progress_host };

    for (size_t i = 0; i < 2; i++) {
        const char *slash = strrchr(files[i], fs_sep());
        char *dir = slash ? xstrndup(files[i], (size_t)(slash - files[i]))
                          : NULL;
        int r = dir && !fs_exists(dir) ? fs_mkdir_p(dir, err) : 0;

        free(dir);
        if (r < 0)
            return err_prefix(err, "cannot make the log folder");
    }
    /* earlier runs' logs would be read as this one's */
    fs_remove(s->log_host, NULL);
    fs_remove(s->progress_host, NULL);
    if (s->cmd.decrypt) {
        /* a private folder of this machine, wiped when the run ends (never
         * on the store's disk, which travels) */
        if (keyfile_create_temp(s->key, &s->keyfile_host, err) < 0)
            return err_prefix(err, "cannot write the key file");
        sys_secret_file(s->keyfile_host);
    }
    char **args;
    size_t n = line_args(&s->cmd, s->keyfile_host ? s->keyfile_host : "",
                         &args);
    char **argv = xcalloc(n + 2, sizeof(*argv));
    char **env = child_env(s);
    char *out = xasprintf("%s.console.txt", s->log_host);

    argv[0] = s->program;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = args[i];
    struct job_spec js = { s->program, argv, env, s->usmt_host,
                           s->progress_host, s->log_host, out, 0 };
    int r = job_start(&js, &s->job, err);

    s->started = sys_now();

    free(out);
    free(argv);
    free_strs(args, n);
    sys_env_free(env);
    if (r < 0) {
        wipe_keyfile(s);
        return r;
    }
    return 0;
}

/* The profile folder a restored user lands in on the new PC, for us. */
static bool folder_there(const struct restore_session *s, size_t i)
{
    const struct restore_user *u = &s->facts.users[i];
    char to[512];
    const char *name = u->name;
    char letter = s->facts.target_letter ? s->facts.target_letter : 'C';

    if (!name)
        return false;
    if (loadcmd_mu_target(&s->cmd, u->name, u->sid, to, sizeof(to)))
        name = to;
    char *win = xasprintf("%c:\\Users\\%s", letter, name);
    char *host = host_path(&s->vols, win);
    bool there = host && fs_is_dir(host);

    free(host);
    free(win);
    return there;
}

/* loadstate's detectedUser record of stored user i ("OLDPC\\ana", or its
 * SID), or NULL (reference §5.2: LoadState names each user it found in
 * the store, includedInMigration Yes or No). */
static const struct progress_user *detected(const struct progress_state *ps,
                                            const struct restore_user *u)
{
    for (size_t k = 0; ps && k < ps->n_users; k++) {
        const struct progress_user *pu = &ps->users[k];
        const char *bs = pu->name ? strrchr(pu->name, '\\') : NULL;
        const char *acct = bs ? bs + 1 : pu->name;

        if (!pu->detected || !pu->name)
            continue;
        if ((u->sid && str_ieq(pu->name, u->sid)) ||
            (u->name && str_ieq(acct, u->name)))
            return pu;
    }
    return NULL;
}

/* What became of stored user i, and why. */
static enum restore_outcome judge(const struct restore_session *s, size_t i,
                                  const struct progress_state *ps,
                                  const char **why)
{
    const struct progress_user *pu;

    if (restore_session_left_out(s, i)) {
        *why = "left out (/ue)";
        return RESTORE_NOT_RESTORED;
    }
    if (s->rc != 0) {
        *why = "loadstate did not finish";
        return RESTORE_NOT_RESTORED;
    }
    pu = detected(ps, &s->facts.users[i]);
    if (pu && !pu->included) {
        *why = "loadstate left it out (includedInMigration No)";
        return RESTORE_NOT_RESTORED;
    }
    if (pu) {
        *why = "loadstate included it";
        return RESTORE_RESTORED;
    }
    if (folder_there(s, i)) {
        *why = "its profile folder is on the new PC";
        return RESTORE_RESTORED;
    }
    *why = "loadstate's progress log does not name it and no profile "
           "folder of its name is on the new PC";
    return RESTORE_NOT_RESTORED;
}

int restore_session_poll(struct restore_session *s, int timeout_ms,
                         struct wiz_err *err)
{
    if (!s->job)
        return err_set(err, WIZ_EUSAGE, "loadstate was not started");
    int r = job_poll(s->job, timeout_ms, err);

    if (r != 1)
        return r;
    wipe_keyfile(s);
    s->finished = sys_now();
    s->rc = job_status(s->job)->rc;
    const struct job_status *st = job_status(s->job);

    free(s->why);
    s->why = xcalloc(s->facts.n_users ? s->facts.n_users : 1,
                     sizeof(*s->why));
    for (size_t i = 0; i < s->facts.n_users; i++)
        s->outcome[i] = judge(s, i, st->progress, &s->why[i]);
    return 1;
}

const struct job_status *restore_session_status(const struct restore_session *s)
{
    return s->job ? job_status(s->job) : NULL;
}

size_t restore_session_log_tail(const struct restore_session *s,
                                const char **lines, size_t max)
{
    return s->job ? job_log_tail(s->job, lines, max) : 0;
}

int restore_session_cancel(struct restore_session *s, bool force,
                           unsigned grace_s, struct wiz_err *err)
{
    if (!s->job)
        return 0;
    s->cancelled = true;
    return job_cancel(s->job, force, grace_s, err);
}

bool restore_session_complete(const struct restore_session *s)
{
    if (s->rc != 0)
        return false;
    for (size_t i = 0; i < s->facts.n_users; i++) {
        if (!restore_session_left_out(s, i) &&
            s->outcome[i] != RESTORE_RESTORED)
            return false;
    }
    return true;
}

const char *restore_session_result(const struct restore_session *s)
{
    if (s->cancelled)
        return "cancelled";
    if (s->rc != 0)
        return "failed";
    return restore_session_complete(s) ? "success" : "incomplete";
}

/* "<drive>:\ProgramData\usmtwiz\restores\<old PC>-<time>" for us. */
static char *target_report_dir(const struct restore_session *s)
{
    char letter = s->facts.target_letter ? s->facts.target_letter : 'C';
    struct sys_tm tm;

    sys_utctime(s->finished ? s->finished : sys_now(), &tm);
    char *win = xasprintf("%c:\\ProgramData\\usmtwiz\\restores\\%s-"
                          "%04d%02d%02d-%02d%02d%02d", letter,
                          s->facts.source_computer ? s->facts.source_computer
                                                   : "store",
                          tm.year + 1900, tm.mon + 1, tm.mday, tm.hour,
                          tm.min, tm.sec);
    return win;
}

int restore_session_write_report(struct restore_session *s,
                                 struct wiz_err *err)
{
    size_t n = s->facts.n_users;
    struct restore_report_user *users = xcalloc(n ? n : 1, sizeof(*users));
    char **accounts = xcalloc(n ? n : 1, sizeof(char *));
    char **hows = xcalloc(n ? n : 1, sizeof(char *));
    const struct findings *fs = restore_session_findings(s);
    char **findings = xcalloc(fs->n ? fs->n : 1, sizeof(char *));
    struct strbuf line = STRBUF_INIT;
    const struct retcode *rc = s->rc >= 0 ? retcode_by_code(s->rc) : NULL;

    for (size_t i = 0; i < n; i++) {
        const struct restore_user *u = &s->facts.users[i];

        restore_session_account(s, i, &accounts[i], &hows[i]);
        users[i].sid = u->sid;
        users[i].name = u->name;
        users[i].kind = u->kind;
        users[i].account = accounts[i];
        users[i].how = hows[i];
        users[i].result = restore_session_left_out(s, i) ? "left out"
                          : s->outcome[i] == RESTORE_RESTORED
                              ? "restored"
                              : "not restored";
        users[i].note = s->why ? s->why[i] : NULL;
    }
    for (size_t i = 0; i < fs->n; i++)
        findings[i] = xasprintf("%s %s: %s",
                                rule_severity_name(fs->f[i].severity),
                                fs->f[i].rule->id, fs->f[i].message);
    restore_session_display(s, &line);

    struct restore_report r = {
        wiz_version, s->simulate, s->started, s->finished,
        s->facts.target_computer, s->facts.source_computer, s->cmd.store,
        s->facts.store_kind, s->facts.encrypted, users, n, line.buf,
        (const char *const *)findings, fs->n, s->rc,
        rc ? rc->symbol : NULL, restore_session_result(s), s->cmd.l,
        s->cmd.progress
    };
    char *wins[2] = { xstrdup(s->cmd.store), target_report_dir(s) };
    char *places[2] = { xstrdup(s->store_host),
                        rules_map_path(&s->vols, wins[1]) };
    struct wiz_err e;
    char first[sizeof(e.msg)] = "";

    for (size_t i = 0; i < 2; i++) {
        free(s->report_dirs[i]);
        free(s->report_dirs_win[i]);
        s->report_dirs[i] = NULL;
        s->report_dirs_win[i] = NULL;
        if (!places[i] || fs_mkdir_p(places[i], &e) < 0 ||
            restore_report_write(&r, places[i], &e) < 0) {
            if (places[i] && !first[0])
                snprintf(first, sizeof(first), "%s", e.msg);
            free(places[i]);
            free(wins[i]);
            continue;
        }
        s->report_dirs[i] = places[i];
        s->report_dirs_win[i] = wins[i];
    }
    for (size_t i = 0; i < n; i++) {
        free(accounts[i]);
        free(hows[i]);
    }
    for (size_t i = 0; i < fs->n; i++)
        free(findings[i]);
    free(findings);
    free(accounts);
    free(hows);
    free(users);
    strbuf_release(&line);
    if (!s->report_dirs[0] && !s->report_dirs[1])
        return err_set(err, WIZ_EIO, "the restore report could not be "
                       "written: %s", first);
    return 0;
}

/* ---- the password of the accounts /lac creates ----------------------------- */

#define LAC_PASSWORD_MAX 127

bool restore_session_can_remove_store(const struct restore_session *s)
{
    return s->cmd.hardlink && s->rc == 0 && !s->cancelled &&
           !s->store_removed && s->store_host &&
           restore_session_complete(s);
}

/* usmtutils gets this long to remove a store. */
#define REMOVE_WAIT_MS (10 * 60 * 1000)

int restore_session_remove_store(struct restore_session *s,
                                 struct wiz_err *err)
{
    if (!restore_session_can_remove_store(s))
        return err_set(err, WIZ_EUSAGE, "only a hard-link store whose "
                       "restore succeeded is removed here");
    /* simulated, the stand-in needs no USMT folder (as loadstate-sim) */
    char *utils = s->simulate && !s->usmt_host
                      ? sim_program("usmtutils-sim")
                      : storecheck_find_usmtutils(s->usmt_host, s->simulate);

    if (!utils)
        return err_set(err, WIZ_ENOENT, "usmtutils.exe is not in the USMT "
                       "folder: remove the store with usmtutils /rd");
    char a0[] = "usmtutils", a1[] = "/rd";
    char *argv[] = { a0, a1, s->store_host, NULL };
    char *tmpdir = NULL, *output = NULL;
    struct proc *p = NULL;
    struct wiz_err e;
    int status = -1, r = 0;
    bool signalled = false;

    if (fs_make_temp_dir("usmtwiz-rd", &tmpdir, NULL) == 0)
        output = fs_join(tmpdir, "usmtutils.txt");
    struct proc_spec spec = { utils, argv, NULL, NULL, output };

    if (proc_spawn(&spec, &p, &e) < 0) {
        r = err_set(err, WIZ_EIO, "usmtutils could not be started: %s",
                    e.msg);
    } else if (proc_wait(p, REMOVE_WAIT_MS, &status, &signalled, &e) != 1) {
        proc_cancel(p, true, NULL);
        proc_wait(p, 5000, &status, &signalled, NULL);
        r = err_set(err, WIZ_EIO, "usmtutils /rd did not finish");
    } else if (status != 0) {
        const struct retcode *rc = retcode_by_code(status);

        r = err_set(err, WIZ_EIO, "usmtutils /rd returned %d (%s): the "
                    "store stays%s", status,
                    rc ? rc->summary : "not documented",
                    status == 35 ? "; a reboot may let it go" : "");
    } else {
        s->store_removed = true;
    }
    if (p)
        proc_free(p);
    if (tmpdir)
        fs_remove_tree(tmpdir, NULL);
    free(tmpdir);
    free(output);
    free(utils);
    return r;
}

static void wipe_lac_password(struct restore_session *s)
{
    if (s->lac_password) {
        sys_wipe(s->lac_password, s->lac_password_len);
        sys_unlock_memory(s->lac_password, s->lac_password_len + 1);
        free(s->lac_password);
    }
    s->lac_password = NULL;
    s->lac_password_len = 0;
}

int restore_session_set_lac_password(struct restore_session *s,
                                     const char *pw, size_t len,
                                     struct wiz_err *err)
{
    wipe_lac_password(s);
    if (!len)
        return 0;
    if (len > LAC_PASSWORD_MAX || memchr(pw, '\n', len) ||
        memchr(pw, '\r', len) || memchr(pw, '\0', len))
        return err_set(err, WIZ_EUSAGE, "the password must have 1 to %d "
                       "characters on one line", LAC_PASSWORD_MAX);
    s->lac_password = xmalloc(len + 1);
    sys_lock_memory(s->lac_password, len + 1);
    memcpy(s->lac_password, pw, len);
    s->lac_password[len] = '\0';
    s->lac_password_len = len;
    return 0;
}

int restore_session_apply_lac_password(struct restore_session *s,
                                       void (*done)(const char *account,
                                                    void *arg),
                                       void *arg, struct wiz_err *err)
{
    const struct restore_facts *f = &s->facts;
    char *practice = NULL;
    int n = 0;

    if (!s->lac_password || !s->cmd.lac || s->rc != 0 || !s->outcome)
        return 0;
    if (s->target_root) {
        char root[4] = { f->target_letter ? f->target_letter : 'C', ':',
                         '\\', '\0' };

        practice = host_path(&s->vols, root);
        if (!practice)
            return err_set(err, WIZ_ENOENT, "the practice new PC's drive "
                           "%s is not there", root);
    }
    for (size_t i = 0; i < f->n_users; i++) {
        const struct restore_user *u = &f->users[i];
        char to[512];

        if (!u->kind || !str_ieq(u->kind, "local") || !u->name ||
            s->outcome[i] != RESTORE_RESTORED)
            continue;
        const char *bs = strrchr(u->name, '\\');
        const char *acct = bs ? bs + 1 : u->name;

        if (loadcmd_mu_target(&s->cmd, acct, u->sid, to, sizeof(to)))
            acct = to;
        if (sys_account_set_password(practice, acct, s->lac_password,
                                     err) < 0) {
            free(practice);
            return -1;
        }
        if (done)
            done(acct, arg);
        n++;
    }
    free(practice);
    return n;
}

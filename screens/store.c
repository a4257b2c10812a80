/*
 * Store and working directory: the store folder (a path editor with Tab
 * completion of existing folders), the store kind, free space against the
 * estimate, an existing store (overwrite only with explicit consent), the
 * working directory (never X:) and the log files.  A store on a file
 * share (\\server\share\...) gets a Share line: whether the share is
 * reached and its free space, and Space there connects it (user typed,
 * password masked in locked memory, handed to the session, wiped).
 * Model: reads scan, users' sizes; moves the store with wizard_set_store
 * (the places not set on purpose follow it), sets the working directory
 * and logs on purpose with wizard_set_place; writes store_kind, overwrite.
 * Keys: Up/Down field, Tab complete, PgUp/PgDn volume, Left/Right/Space
 * change, Space connect (Share), a fix.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/session/wizard.h"
#include "platform/fs.h"
#include "ui/dialog.h"
#include "ui/input.h"
#include "ui/text.h"

enum store_field {
    SF_STORE,
    SF_SHARE,       /* only while the store is on a share */
    SF_KIND,
    SF_OVERWRITE,
    SF_WORKDIR,
    SF_LOG,
    SF_PROGRESS,
    SF_COUNT
};

struct store_priv {
    struct input in[SF_COUNT];  /* path fields only */
    int focus;
    bool exists;                /* a store is already there */
    char marker[256];           /* the file that says so */
    struct rect main_part, panel;
};

static bool is_path(int f)
{
    return f == SF_STORE || f == SF_WORKDIR || f == SF_LOG ||
           f == SF_PROGRESS;
}

static bool on_share(const struct screen_ctx *ctx)
{
    return wizard_path_is_share(ctx->model->plan.store_path);
}

/* The next field in direction dir, the Share line only for a share. */
static int step_field(const struct screen_ctx *ctx, int f, int dir)
{
    do {
        f = (f + SF_COUNT + dir) % SF_COUNT;
    } while (f == SF_SHARE && !on_share(ctx));
    return f;
}

static void set_mode(struct screen_ctx *ctx)
{
    struct store_priv *p = ctx->priv;

    ctx->mode = is_path(p->focus) ? KEYMAP_TEXT : KEYMAP_NORMAL;
}

static void detect(struct screen_ctx *ctx)
{
    struct store_priv *p = ctx->priv;

    const char *m = NULL;

    p->exists = wizard_store_exists(ctx->model, &m);
    snprintf(p->marker, sizeof(p->marker), "%s", m ? m : "");
    if (!p->exists && ctx->model->plan.overwrite)
        wizard_set_overwrite(ctx->model, false);
}

/* The fields that follow the store, as the plan has them now. */
static void show_places(struct store_priv *p, const struct plan *plan)
{
    input_set(&p->in[SF_WORKDIR], plan->working_dir ? plan->working_dir : "");
    input_set(&p->in[SF_LOG], plan->log_path ? plan->log_path : "");
    input_set(&p->in[SF_PROGRESS], plan->progress_path ?
              plan->progress_path : "");
}

static void commit(struct screen_ctx *ctx, int f)
{
    struct store_priv *p = ctx->priv;
    struct wizard *w = ctx->model;
    const char *t = input_text(&p->in[f]);
    const char *v = *t ? t : NULL;

    switch (f) {
    case SF_STORE:
        /* the places not set on purpose follow the store */
        wizard_set_store(ctx->model, v);
        show_places(p, &w->plan);
        break;
    case SF_WORKDIR:
        wizard_set_place(ctx->model, WIZ_PLACE_WORKDIR, v);
        break;
    case SF_LOG:
        wizard_set_place(ctx->model, WIZ_PLACE_LOG, v);
        break;
    case SF_PROGRESS:
        wizard_set_place(ctx->model, WIZ_PLACE_PROGRESS, v);
        break;
    default:
        return;
    }
    wizard_touch(w);
    detect(ctx);
}

static int store_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct store_priv *p = xcalloc(1, sizeof(*p));
    const struct plan *plan = &ctx->model->plan;

    (void)err;
    ctx->priv = p;
    wizard_default_places(ctx->model);
    for (int f = 0; f < SF_COUNT; f++)
        input_init(&p->in[f], 1024, false);
    input_set(&p->in[SF_STORE], plan->store_path ? plan->store_path : "");
    show_places(p, plan);
    p->focus = SF_STORE;
    set_mode(ctx);
    detect(ctx);
    return 0;
}

static void store_leave(struct screen_ctx *ctx)
{
    struct store_priv *p = ctx->priv;

    for (int f = 0; f < SF_COUNT; f++)
        input_release(&p->in[f]);
    free(p);
}

static void store_layout(struct screen_ctx *ctx, const struct rect *body)
{
    struct store_priv *p = ctx->priv;

    layout_split_findings(body, screen_findings_count(ctx, WIZ_PART_STORE), &p->main_part, &p->panel);
    ctx->dirty = true;
}

static void space_line(struct screen_ctx *ctx, char letter, const char *what,
                       struct strbuf *sb)
{
    const struct vol_info *v = wizard_volume_by_letter(ctx->model, letter);
    char fr[32];

    if (!letter) {
        strbuf_addf(sb, "%s: give a path that starts with a drive letter",
                    what);
        return;
    }
    if (!v) {
        strbuf_addf(sb, "%s: there is no volume %c:", what, letter);
        return;
    }
    strbuf_addf(sb, "%s on %c:%s%s%s, %s free, %s", what, letter,
                *v->label ? " \"" : "", v->label, *v->label ? "\"" : "",
                str_human_size(v->free_bytes, fr, sizeof(fr)),
                *v->fs ? v->fs : "file system unknown");
}

static char drive_of(const char *s)
{
    if (s && s[0] && s[1] == ':' &&
        ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
        return (char)(s[0] & ~0x20);
    return 0;
}

static int draw_path(struct screen_ctx *ctx, int row, int f,
                     const char *label)
{
    struct store_priv *p = ctx->priv;
    const struct rect *r = &p->main_part;
    const int lw = 20;

    if (row >= r->h)
        return row + 1;
    text_draw(r->y + row, r->x, lw, label,
              p->focus == f ? TEXT_BOLD | TEXT_REVERSE : TEXT_BOLD);
    text_draw_input(r->y + row, r->x + lw, r->w - lw, &p->in[f],
                    p->focus == f);
    return row + 1;
}

/* s wrapped from row on, its indent kept; returns the rows it took. */
static int draw_wrapped(const struct rect *r, int row, const char *s,
                        unsigned attr)
{
    struct rect w = { r->y + row, r->x, r->h - row, r->w };

    if (w.h <= 0)
        return 1;
    return text_draw_wrapped(&w, 0, s, attr);
}

/*
 * The Share line of a store on a share: reached (and its room against the
 * estimate) or why not, and what Space does there.  Returns the next row.
 */
static int draw_share(struct screen_ctx *ctx, int row, uint64_t e,
                      bool complete)
{
    struct store_priv *p = ctx->priv;
    const struct rect *r = &p->main_part;
    char *share = wizard_store_share(ctx->model);
    struct wizard_share_state st;
    struct strbuf sb = STRBUF_INIT;
    char fr[32], est[32];
    unsigned attr = TEXT_NORMAL;
    const int lw = 20;

    if (row < r->h)
        text_draw(r->y + row, r->x, lw, "Share:",
                  p->focus == SF_SHARE ? TEXT_BOLD | TEXT_REVERSE : TEXT_BOLD);
    wizard_store_share_state(ctx->model, &st);
    bool down = st.looked && st.failure != SHARE_OK;

    if (!st.looked) {
        strbuf_addf(&sb, "%s (not looked at on this machine)", share);
    } else if (down) {
        strbuf_addf(&sb, "%s NOT CONNECTED: %s", share,
                    share_failure_text(st.failure));
        attr = TEXT_ERROR;
    } else if (st.free_known) {
        strbuf_addf(&sb, "%s connected, %s free; estimate %s%s", share,
                    str_human_size(st.free_bytes, fr, sizeof(fr)),
                    str_human_size(e, est, sizeof(est)),
                    complete ? "" : " so far");
        if (st.free_bytes < e)
            attr = TEXT_ERROR;
    } else {
        strbuf_addf(&sb, "%s connected", share);
    }
    if (row < r->h) {
        struct rect wr = { r->y + row, r->x + lw, r->h - row, r->w - lw };

        row += text_draw_wrapped(&wr, 0, sb.buf, attr);
    }
    if (down && row < r->h)
        text_draw(r->y + row++, r->x + lw, r->w - lw,
                  p->focus == SF_SHARE ? "Space: connect with a user and "
                  "password" : "Down, then Space: connect it", TEXT_DIM);
    strbuf_release(&sb);
    free(share);
    return row;
}

static void store_draw(struct screen_ctx *ctx)
{
    struct store_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;
    const struct plan *plan = &w->plan;
    const struct rect *r = &p->main_part;
    struct strbuf sb = STRBUF_INIT;
    char buf[512], est[32];
    bool complete;
    uint64_t e = wizard_estimate(w, &complete);
    int row = 0;
    const int lw = 20;

    row = draw_path(ctx, row, SF_STORE, "Store folder:");
    if (on_share(ctx)) {
        row = draw_share(ctx, row, e, complete);
        goto kind;
    }
    space_line(ctx, drive_of(plan->store_path), "  store", &sb);
    const struct vol_info *sv = wizard_volume_by_letter(w,
                                    drive_of(plan->store_path));

    strbuf_addf(&sb, "; estimate %s%s",
                str_human_size(e, est, sizeof(est)),
                complete ? "" : " so far (still sizing)");
    row += draw_wrapped(r, row, sb.buf,
                        sv && sv->free_bytes < e ? TEXT_ERROR : TEXT_NORMAL);
    if (sv && sv->free_bytes < e)
        text_draw(r->y + row++, r->x, r->w,
                  "  NOT ENOUGH SPACE for the estimate on this volume",
                  TEXT_ERROR);
kind:
    row++;
    snprintf(buf, sizeof(buf), "< %s >",
             plan->store_kind == PLAN_STORE_COMPRESSED ?
             "compressed (one USMT.MIG file)" :
             plan->store_kind == PLAN_STORE_UNCOMPRESSED ?
             "uncompressed (/nocompress: a folder tree)" :
             "hard-link (/hardlink /nocompress: same volume only)");
    text_draw(r->y + row, r->x, lw, "Store kind:",
              p->focus == SF_KIND ? TEXT_BOLD | TEXT_REVERSE : TEXT_BOLD);
    text_draw(r->y + row++, r->x + lw, r->w - lw, buf,
              p->focus == SF_KIND ? TEXT_UNDERLINE : TEXT_NORMAL);
    text_draw(r->y + row, r->x, lw, "Existing store:",
              p->focus == SF_OVERWRITE ? TEXT_BOLD | TEXT_REVERSE : TEXT_BOLD);
    if (p->exists) {
        snprintf(buf, sizeof(buf), "%s FOUND (%s) - %s",
                 plan->overwrite ? "[x]" : "[ ]", p->marker,
                 plan->overwrite ? "will be OVERWRITTEN (/o)" :
                 "Space to allow overwriting");
        text_draw(r->y + row++, r->x + lw, r->w - lw, buf,
                  plan->overwrite ? TEXT_WARN : TEXT_ERROR);
    } else {
        text_draw(r->y + row++, r->x + lw, r->w - lw, "none in this folder",
                  TEXT_NORMAL);
    }
    row++;
    row = draw_path(ctx, row, SF_WORKDIR, "Working directory:");
    strbuf_reset(&sb);
    space_line(ctx, drive_of(plan->working_dir),
               "  USMT_WORKING_DIR (needs 250 MB, never X:)", &sb);
    row += draw_wrapped(r, row, sb.buf,
                        wizard_has_finding(ctx->model, "workdir-on-x", NULL) ?
                        TEXT_ERROR : TEXT_NORMAL);
    row++;
    row = draw_path(ctx, row, SF_LOG, "Log file (/l):");
    row = draw_path(ctx, row, SF_PROGRESS, "Progress log:");
    /* which places move when the store moves */
    {
        static const struct { enum wizard_place place; const char *name; }
        places[] = {
            { WIZ_PLACE_WORKDIR, "working directory" },
            { WIZ_PLACE_LOG, "log" },
            { WIZ_PLACE_PROGRESS, "progress log" },
        };
        struct strbuf fol = STRBUF_INIT, set = STRBUF_INIT;

        for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
            struct strbuf *b = wizard_place_is_set(w, places[i].place) ?
                               &set : &fol;

            /* a store on a share leaves the working folder on a disk */
            if (places[i].place == WIZ_PLACE_WORKDIR && on_share(ctx) &&
                b == &fol)
                b = &set;

            strbuf_addf(b, "%s%s", b->len ? ", " : "", places[i].name);
        }
        strbuf_reset(&sb);
        if (fol.len)
            strbuf_addf(&sb, "  Moves with the store: %s.", fol.buf);
        if (set.len)
            strbuf_addf(&sb, "%sStays where set: %s.", fol.len ? " " : "  ",
                        set.buf);
        if (row < r->h)
            row += draw_wrapped(r, row, sb.buf, TEXT_DIM);
        strbuf_release(&fol);
        strbuf_release(&set);
    }
    (void)row;
    strbuf_release(&sb);
    screen_draw_findings(ctx, &p->panel, WIZ_PART_STORE);
}

/* The place a path field holds. */
static enum wizard_place field_place(int f)
{
    return f == SF_WORKDIR ? WIZ_PLACE_WORKDIR :
           f == SF_LOG ? WIZ_PLACE_LOG :
           f == SF_PROGRESS ? WIZ_PLACE_PROGRESS : WIZ_PLACE_STORE;
}

/*
 * PgUp/PgDn in a path field: the same folder on the previous/next volume
 * that can hold it; the status line says why the others cannot.
 */
static void cycle_volume(struct screen_ctx *ctx, int f, int dir)
{
    struct store_priv *p = ctx->priv;
    struct input *in = &p->in[f];
    const struct wizard *w = ctx->model;
    const char *t = input_text(in);
    char cur = drive_of(t);
    size_t n = w->scan.n, start = 0;
    struct strbuf why = STRBUF_INIT;
    char *to = NULL;

    if (!n)
        return;
    for (size_t i = 0; i < n; i++) {
        const struct vol_info *v = &w->scan.vols[i].vol;
        const char *no = wizard_place_why_not(w, field_place(f), v);

        if (v->letter == cur)
            start = i;
        if (no && v->letter)
            strbuf_addf(&why, "%s%c: %s", why.len ? "; " : "", v->letter,
                        no);
    }
    for (size_t k = 1; k <= n && !to; k++) {
        size_t i = (start + n + (dir > 0 ? k : n - k % n)) % n;
        const struct vol_info *v = &w->scan.vols[i].vol;

        if (!wizard_place_why_not(w, field_place(f), v))
            to = xasprintf("%c:%s", v->letter, cur ? t + 2 : "\\");
    }
    if (to && drive_of(to) != cur) {
        input_set(in, to);
        screen_status(ctx, "%c:%s%s%s", drive_of(to), why.len ? " (not " : "",
                      why.buf, why.len ? ")" : "");
    } else {
        screen_status(ctx, "no other volume can hold this%s%s",
                      why.len ? ": " : "", why.buf);
    }
    free(to);
    strbuf_release(&why);
}

/* Tab in a path field: complete the last component from existing folders. */
static void complete_path(struct screen_ctx *ctx, struct input *in)
{
    const char *t = input_text(in);
    const char *slash = strrchr(t, '\\');
    char *dir_win, *local, *prefix;
    struct fs_dir *d;
    const char *name;
    struct strbuf common = STRBUF_INIT, list = STRBUF_INIT;
    size_t hits = 0;

    if (!slash) {
        screen_status(ctx, "type a drive and folder first, like E:\\");
        return;
    }
    dir_win = xstrndup(t, (size_t)(slash - t + 1));
    prefix = xstrdup(slash + 1);
    local = wizard_host_path(ctx->model, dir_win);
    if (!local || fs_dir_open(local, &d, NULL) < 0) {
        screen_status(ctx, "no folder '%s' to complete from", dir_win);
        goto out;
    }
    while (fs_dir_next(d, &name, NULL) == 1) {
        char *child = fs_join(local, name);
        bool dir = fs_is_dir(child);

        free(child);
        if (!dir || !str_istarts_with(name, prefix))
            continue;
        if (!hits++) {
            strbuf_adds(&common, name);
        } else {
            size_t k = 0;

            while (k < common.len && name[k] &&
                   (name[k] | 0x20) == (common.buf[k] | 0x20))
                k++;
            strbuf_setlen(&common, k);
        }
        if (list.len < 200)
            strbuf_addf(&list, "%s%s", list.len ? "  " : "", name);
    }
    fs_dir_close(d);
    if (!hits) {
        screen_status(ctx, "no folder in %s starts with '%s'", dir_win,
                      prefix);
    } else {
        char *s = xasprintf("%s%s%s", dir_win, common.buf,
                            hits == 1 ? "\\" : "");

        input_set(in, s);
        free(s);
        if (hits > 1)
            screen_status(ctx, "%zu folders: %s", hits, list.buf);
        else
            screen_status(ctx, "completed");
    }
out:
    strbuf_release(&common);
    strbuf_release(&list);
    free(local);
    free(prefix);
    free(dir_win);
}

static void toggle_overwrite(struct screen_ctx *ctx)
{
    struct store_priv *p = ctx->priv;
    struct wizard *w = ctx->model;

    if (!p->exists) {
        screen_status(ctx, "there is no store to overwrite here");
        return;
    }
    if (w->plan.overwrite) {
        wizard_set_overwrite(w, false);
    } else if (dialog_confirm(" Overwrite the existing store? ",
                              "A USMT store already exists in this folder. "
                              "Overwriting it (/o) destroys the capture it "
                              "holds. Overwrite it?",
                              "Overwrite", "Keep it", false)) {
        wizard_set_overwrite(w, true);
    }
    wizard_touch(w);
    store_layout(ctx, &ctx->body);
}

/*
 * Connect the store's share: the user and the password (a masked input,
 * locked in memory and wiped when released) go to the session and
 * nowhere else.
 */
static void connect_share(struct screen_ctx *ctx)
{
    char *share = wizard_store_share(ctx->model);
    struct input user, password;
    struct wiz_err err;

    if (!share)
        return;
    char *title = xasprintf(" Connect %s ", share);

    input_init(&user, 256, false);
    input_init(&password, 256, true);
    if (dialog_prompt(title, "User (DOMAIN\\name; empty for none):",
                      &user) &&
        dialog_prompt(title, "Password (not shown):", &password)) {
        if (wizard_connect_share(ctx->model, input_text(&user),
                                 input_text(&password), &err) < 0)
            dialog_message(" Not connected ", err.msg);
        else
            screen_status(ctx, "connected %s", share);
    }
    input_release(&password);
    input_release(&user);
    free(title);
    free(share);
    store_layout(ctx, &ctx->body);
}

static enum screen_result store_handle(struct screen_ctx *ctx,
                                       enum action act, int ch)
{
    struct store_priv *p = ctx->priv;
    const struct plan *plan = &ctx->model->plan;

    switch (act) {
    case ACT_UP:
    case ACT_BACKTAB:
        p->focus = step_field(ctx, p->focus, -1);
        set_mode(ctx);
        ctx->dirty = true;
        return SCREEN_HANDLED;
    case ACT_DOWN:
        p->focus = step_field(ctx, p->focus, 1);
        set_mode(ctx);
        ctx->dirty = true;
        return SCREEN_HANDLED;
    case ACT_TAB:
        if (is_path(p->focus)) {
            complete_path(ctx, &p->in[p->focus]);
            commit(ctx, p->focus);
        } else {
            p->focus = step_field(ctx, p->focus, 1);
            set_mode(ctx);
        }
        store_layout(ctx, &ctx->body);
        return SCREEN_HANDLED;
    default:
        break;
    }
    if (is_path(p->focus)) {
        if (act == ACT_PAGE_UP || act == ACT_PAGE_DOWN) {
            cycle_volume(ctx, p->focus, act == ACT_PAGE_DOWN ? 1 : -1);
            commit(ctx, p->focus);
            store_layout(ctx, &ctx->body);
            return SCREEN_HANDLED;
        }
        if (input_handle(&p->in[p->focus], act, (uint32_t)ch)) {
            commit(ctx, p->focus);
            store_layout(ctx, &ctx->body);
            return SCREEN_HANDLED;
        }
        return SCREEN_IGNORED;
    }
    if (p->focus == SF_KIND &&
        (act == ACT_LEFT || act == ACT_RIGHT || act == ACT_TOGGLE)) {
        int k = (int)plan->store_kind + (act == ACT_LEFT ? 2 : 1);

        wizard_set_store_kind(ctx->model, (enum plan_store_kind)(k % 3));
        wizard_touch(ctx->model);
        store_layout(ctx, &ctx->body);
        return SCREEN_HANDLED;
    }
    if (p->focus == SF_SHARE && act == ACT_TOGGLE) {
        connect_share(ctx);
        return SCREEN_HANDLED;
    }
    if (p->focus == SF_OVERWRITE && act == ACT_TOGGLE) {
        toggle_overwrite(ctx);
        return SCREEN_HANDLED;
    }
    if (act == ACT_CHAR && ch == 'a') {
        screen_apply_fix(ctx, WIZ_PART_STORE);
        store_layout(ctx, &ctx->body);
        return SCREEN_HANDLED;
    }
    return SCREEN_IGNORED;
}

static bool store_can_advance(const struct screen_ctx *ctx,
                              struct wiz_err *why)
{
    const struct store_priv *p = ctx->priv;
    const struct plan *plan = &ctx->model->plan;

    if (on_share(ctx)) {
        struct wizard_share_state st;

        wizard_store_share_state(ctx->model, &st);
        if (st.looked && st.failure != SHARE_OK) {
            err_set(why, WIZ_EUSAGE, "the share of the store is not "
                    "connected: %s (Share line, Space connects it)",
                    share_failure_text(st.failure));
            return false;
        }
    } else if (!plan->store_path || !drive_of(plan->store_path)) {
        err_set(why, WIZ_EUSAGE, "give a store folder with a drive letter, "
                "like E:\\USMT\\PC01, or on a share, like "
                "\\\\server\\share\\PC01");
        return false;
    } else if (!wizard_volume_by_letter(ctx->model,
                                        drive_of(plan->store_path))) {
        err_set(why, WIZ_EUSAGE, "there is no volume %c: for the store",
                drive_of(plan->store_path));
        return false;
    }
    if (p->exists && !plan->overwrite) {
        err_set(why, WIZ_EEXIST, "a store already exists in '%s': choose "
                "another folder or allow overwriting (Space on Existing "
                "store)", plan->store_path);
        return false;
    }
    /* the rule decides what X: means here (the WinPE RAM disk or not) */
    const char *msg;

    if (wizard_has_finding(ctx->model, "workdir-on-x", &msg)) {
        err_set(why, WIZ_EUSAGE, "%s", msg);
        return false;
    }
    return true;
}

static void store_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct store_priv *p = ctx->priv;

    /* most wanted first: a narrow bar leaves out the last ones */
    if (is_path(p->focus)) {
        ui_keys_add(t, ACT_PAGE_UP, 0, "PgUp/PgDn", "volume");
        ui_keys_also(t, ACT_PAGE_DOWN);
        ui_keys_add(t, ACT_TAB, 0, "Tab", "complete");
        ui_keys_add_typing(t, "a path");
    } else {
        ui_keys_also(t, ACT_TAB);
        if (p->focus == SF_SHARE) {
            ui_keys_add(t, ACT_TOGGLE, 0, "Space", "connect");
        } else if (p->focus == SF_KIND) {
            ui_keys_add(t, ACT_LEFT, 0, "Left/Right", "kind");
            ui_keys_also(t, ACT_RIGHT);
            ui_keys_also(t, ACT_TOGGLE);
        } else if (p->exists) {
            ui_keys_add(t, ACT_TOGGLE, 0, "Space", "overwrite");
        }
        screen_keys_fix(ctx, t, WIZ_PART_STORE);
    }
    ui_keys_add(t, ACT_UP, 0, "Up/Down", "field");
    ui_keys_also(t, ACT_DOWN);
    ui_keys_also(t, ACT_BACKTAB);
    screen_keys_flow(t, "next");
}

const struct screen_ops screen_store = {
    .name = "store",
    .title = "Store",
    .enter = store_enter,
    .leave = store_leave,
    .layout = store_layout,
    .draw = store_draw,
    .handle = store_handle,
    .can_advance = store_can_advance,
    .key_table = store_key_table,
};

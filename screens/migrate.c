/*
 * What to migrate: the XML rule files found beside scanstate, each with a
 * description, to pass with /i; an optional Config.xml whose component tree
 * can be collapsed, expanded and toggled (migrate="yes|no"), saved as a new
 * file, never over the original.
 * Model: reads env.mig_xml and the plan; changes the XML files
 * (wizard_set_xml) and the Config.xml (wizard_config_*).
 * Keys: Space toggle, Left/Right collapse/expand, c choose Config.xml,
 * s save Config.xml as new, x drop it, a fix.
 */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/usmt/usmtxml.h"
#include "core/session/wizard.h"
#include "platform/fs.h"
#include "ui/dialog.h"
#include "ui/input.h"
#include "ui/list.h"
#include "ui/text.h"

enum row_kind { ROW_XML, ROW_CONFIG, ROW_COMPONENT };

struct mig_row {
    enum row_kind kind;
    size_t index;       /* xml file or component */
};

struct xml_info {
    char *name;
    char *desc;
    bool is_config;
};

struct mig_priv {
    struct xml_info *xml;
    size_t n_xml;
    bool *expanded;     /* per component */
    size_t n_comp;
    struct mig_row *rows;
    size_t n_rows;
    struct list list;
    struct rect main_part, panel;
};

static const char *known_desc(const char *name)
{
    if (str_ieq(name, "MigApp.xml"))
        return "settings of common applications";
    if (str_ieq(name, "MigDocs.xml"))
        return "documents found anywhere (helper functions)";
    if (str_ieq(name, "MigUser.xml"))
        return "user folders and file types; not with MigDocs";
    return NULL;
}

static void load_xml_info(struct screen_ctx *ctx)
{
    struct mig_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;
    size_t n = 0;

    if (!w->env_ok || !w->env.mig_xml || !w->usmt_dir)
        return;
    while (w->env.mig_xml[n])
        n++;
    p->xml = xcalloc(n ? n : 1, sizeof(*p->xml));
    for (size_t i = 0; i < n; i++) {
        const char *name = w->env.mig_xml[i];
        char *path = fs_join(w->usmt_dir, name);
        struct usmtxml_doc *doc;
        struct wiz_err err;
        const char *kd = known_desc(name);

        p->xml[i].name = xstrdup(name);
        if (usmtxml_load(path, &doc, &err) < 0) {
            p->xml[i].desc = xasprintf("cannot read: %s", err.msg);
        } else {
            enum usmtxml_kind k = usmtxml_kind(doc);

            p->xml[i].is_config = k == USMTXML_CONFIG;
            if (k == USMTXML_MIGRATION)
                p->xml[i].desc = xasprintf("%s, %zu components",
                                           kd ? kd : "custom rules",
                                           usmtxml_top_level_count(doc));
            else
                p->xml[i].desc = xasprintf("%s file, not a rule file",
                                           usmtxml_kind_name(k));
            usmtxml_free(doc);
        }
        free(path);
    }
    p->n_xml = n;
}

static bool comp_visible(const struct mig_priv *p,
                         const struct usmtxml_doc *doc, size_t i)
{
    int parent = usmtxml_component(doc, i)->parent;

    while (parent >= 0) {
        if (!p->expanded[parent])
            return false;
        parent = usmtxml_component(doc, (size_t)parent)->parent;
    }
    return true;
}

static void rebuild(struct screen_ctx *ctx)
{
    struct mig_priv *p = ctx->priv;
    const struct usmtxml_doc *doc = ctx->model->config_doc;
    size_t nc = doc ? usmtxml_component_count(doc) : 0;

    if (nc != p->n_comp) {
        free(p->expanded);
        p->expanded = xcalloc(nc ? nc : 1, sizeof(bool));
        p->n_comp = nc;
    }
    free(p->rows);
    p->rows = xcalloc(p->n_xml + 1 + nc, sizeof(*p->rows));
    p->n_rows = 0;
    for (size_t i = 0; i < p->n_xml; i++) {
        if (p->xml[i].is_config)
            continue;
        p->rows[p->n_rows].kind = ROW_XML;
        p->rows[p->n_rows++].index = i;
    }
    p->rows[p->n_rows++].kind = ROW_CONFIG;
    for (size_t i = 0; i < nc; i++) {
        if (!comp_visible(p, doc, i))
            continue;
        p->rows[p->n_rows].kind = ROW_COMPONENT;
        p->rows[p->n_rows++].index = i;
    }
    list_set_count(&p->list, p->n_rows);
    ctx->dirty = true;
}

static int mig_enter(struct screen_ctx *ctx, struct wiz_err *err)
{
    struct mig_priv *p = xcalloc(1, sizeof(*p));

    (void)err;
    ctx->priv = p;
    list_init(&p->list);
    wizard_default_content(ctx->model);
    load_xml_info(ctx);
    rebuild(ctx);
    return 0;
}

static void mig_leave(struct screen_ctx *ctx)
{
    struct mig_priv *p = ctx->priv;

    for (size_t i = 0; i < p->n_xml; i++) {
        free(p->xml[i].name);
        free(p->xml[i].desc);
    }
    free(p->xml);
    free(p->expanded);
    free(p->rows);
    free(p);
}

static void mig_layout(struct screen_ctx *ctx, const struct rect *body)
{
    struct mig_priv *p = ctx->priv;

    layout_split_findings(body, screen_findings_count(ctx, WIZ_PART_CONTENT), &p->main_part, &p->panel);
    list_set_height(&p->list, (size_t)(p->main_part.h > 2 ?
                                       p->main_part.h - 2 : 1));
    ctx->dirty = true;
}

static void draw_row(struct screen_ctx *ctx, size_t ri, int y)
{
    struct mig_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;
    const struct mig_row *row = &p->rows[ri];
    bool cur = ri == p->list.cur;
    unsigned attr = cur ? TEXT_REVERSE : TEXT_NORMAL;
    const struct rect *r = &p->main_part;
    char buf[600];

    text_fill(y, r->x, r->w, attr);
    switch (row->kind) {
    case ROW_XML: {
        const struct xml_info *x = &p->xml[row->index];

        snprintf(buf, sizeof(buf), "%s %-14s %s",
                 plan_strv_has(&w->plan.xml_files, x->name) ? "[x]" : "[ ]",
                 x->name, x->desc);
        text_draw(y, r->x, r->w, buf, attr);
        break;
    }
    case ROW_CONFIG:
        snprintf(buf, sizeof(buf), "Config.xml: %s%s",
                 w->plan.config_path ? w->plan.config_path :
                 "none (c chooses one to edit; optional)",
                 w->config_dirty ? "  (CHANGED: s saves it as a new file)" :
                 "");
        text_draw(y, r->x, r->w, buf,
                  attr | TEXT_BOLD | (w->config_dirty ? TEXT_WARN : 0));
        break;
    case ROW_COMPONENT: {
        const struct usmtxml_component *c =
            usmtxml_component(w->config_doc, row->index);
        bool has_kids = row->index + 1 < p->n_comp &&
            usmtxml_component(w->config_doc, row->index + 1)->parent ==
            (int)row->index;
        int indent = 2 + 2 * c->depth;
        const char *m = c->migrate == USMTXML_MIGRATE_YES ? "[x]" :
                        c->migrate == USMTXML_MIGRATE_NO ? "[ ]" : "[?]";

        snprintf(buf, sizeof(buf), "%*s%s %s %s%s%s", indent, "",
                 has_kids ? (p->expanded[row->index] ? "-" : "+") : " ",
                 m, *c->name ? c->name : (c->id ? c->id : "?"),
                 c->section && c->depth == 0 ? "  - " : "",
                 c->section && c->depth == 0 ? c->section : "");
        text_draw(y, r->x, r->w, buf, attr);
        break;
    }
    }
}

static void mig_draw(struct screen_ctx *ctx)
{
    struct mig_priv *p = ctx->priv;
    const struct wizard *w = ctx->model;
    const struct rect *r = &p->main_part;

    text_draw(r->y, r->x, r->w, w->env_ok && w->usmt_dir ?
              "Migration rule files beside scanstate (/i):" :
              "Migration rule files: not available (no USMT folder)",
              TEXT_BOLD | TEXT_UNDERLINE);
    for (size_t i = p->list.top; list_is_visible(&p->list, i); i++)
        draw_row(ctx, i, r->y + 1 + (int)(i - p->list.top));
    screen_draw_findings(ctx, &p->panel, WIZ_PART_CONTENT);
}

static void choose_config(struct screen_ctx *ctx)
{
    struct wizard *w = ctx->model;
    struct input in;
    struct wiz_err err;

    input_init(&in, 1024, false);
    if (w->config_src) {
        input_set(&in, w->config_src);
    } else if (w->usmt_dir) {
        char *def = fs_join(w->usmt_dir, "Config.xml");

        /* offer it only when it is there: no default that does not exist */
        if (fs_exists(def))
            input_set(&in, def);
        free(def);
    }
    if (dialog_prompt(" Config.xml ", "The Config.xml to use (made with "
                      "scanstate /genconfig):", &in)) {
        err_clear(&err);
        if (wizard_config_load(w, input_text(&in), &err) < 0)
            screen_status(ctx, "%s", err_msg(&err));
        else
            screen_status(ctx, "Config.xml loaded: Space toggles a "
                          "component, s saves it as a new file");
    }
    input_release(&in);
    rebuild(ctx);
    mig_layout(ctx, &ctx->body);
}

static void save_config(struct screen_ctx *ctx)
{
    struct wizard *w = ctx->model;
    struct input in;
    struct wiz_err err;

    if (!w->config_doc) {
        screen_status(ctx, "no Config.xml is loaded (c chooses one)");
        return;
    }
    input_init(&in, 1024, false);
    if (w->plan.log_path) {
        char *def = xstrdup(w->plan.log_path);
        char *slash = strrchr(def, '\\');

        if (slash)
            slash[1] = '\0';
        char *full = xasprintf("%sConfig-usmtwiz.xml", slash ? def : "");

        input_set(&in, full);
        free(full);
        free(def);
    }
    if (dialog_prompt(" Save Config.xml as ", "A new file (the original is "
                      "never changed):", &in)) {
        err_clear(&err);
        if (wizard_config_save(w, input_text(&in), &err) < 0)
            screen_status(ctx, "cannot save: %s", err_msg(&err));
        else
            screen_status(ctx, "saved as %s", input_text(&in));
    }
    input_release(&in);
    mig_layout(ctx, &ctx->body);
}

static enum screen_result mig_handle(struct screen_ctx *ctx, enum action act,
                                     int ch)
{
    struct mig_priv *p = ctx->priv;
    struct wizard *w = ctx->model;
    struct wiz_err err;
    const struct mig_row *row = p->n_rows ? &p->rows[p->list.cur] : NULL;

    if (list_move(&p->list, act)) {
        ctx->dirty = true;
        return SCREEN_HANDLED;
    }
    if (!row)
        return SCREEN_IGNORED;
    if (act == ACT_TOGGLE) {
        if (row->kind == ROW_XML) {
            const char *name = p->xml[row->index].name;

            wizard_set_xml(w, name, !plan_strv_has(&w->plan.xml_files, name));
            wizard_touch(w);
        } else if (row->kind == ROW_CONFIG) {
            choose_config(ctx);
            return SCREEN_HANDLED;
        } else {
            err_clear(&err);
            if (wizard_config_toggle(w, row->index, &err) < 0)
                screen_status(ctx, "%s", err_msg(&err));
        }
        mig_layout(ctx, &ctx->body);
        return SCREEN_HANDLED;
    }
    if ((act == ACT_LEFT || act == ACT_RIGHT) && row->kind == ROW_COMPONENT) {
        p->expanded[row->index] = act == ACT_RIGHT;
        rebuild(ctx);
        return SCREEN_HANDLED;
    }
    if (act != ACT_CHAR)
        return SCREEN_IGNORED;
    switch (ch) {
    case 'c':
        choose_config(ctx);
        return SCREEN_HANDLED;
    case 's':
        save_config(ctx);
        return SCREEN_HANDLED;
    case 'x':
        wizard_config_drop(w);
        rebuild(ctx);
        mig_layout(ctx, &ctx->body);
        screen_status(ctx, "no Config.xml");
        return SCREEN_HANDLED;
    case 'a':
        screen_apply_fix(ctx, WIZ_PART_CONTENT);
        mig_layout(ctx, &ctx->body);
        return SCREEN_HANDLED;
    default:
        return SCREEN_IGNORED;
    }
}

static bool mig_can_advance(const struct screen_ctx *ctx, struct wiz_err *why)
{
    if (ctx->model->config_dirty) {
        err_set(why, WIZ_EUSAGE, "the Config.xml was changed: save it as a "
                "new file (s) or drop it (x)");
        return false;
    }
    return true;
}

static void mig_key_table(const struct screen_ctx *ctx, struct ui_keys *t)
{
    const struct mig_priv *p = ctx->priv;
    const struct mig_row *row = p->n_rows ? &p->rows[p->list.cur] : NULL;

    if (row) {
        ui_keys_add(t, ACT_TOGGLE, 0, "Space", row->kind == ROW_XML ? "pick"
                    : row->kind == ROW_CONFIG ? "choose" : "toggle");
        if (row->kind == ROW_COMPONENT) {
            ui_keys_add(t, ACT_LEFT, 0, "Left/Right", "fold");
            ui_keys_also(t, ACT_RIGHT);
        }
        ui_keys_add(t, ACT_CHAR, 'c', "c", "config");
        if (ctx->model->config_doc) {
            ui_keys_add(t, ACT_CHAR, 's', "s", "save");
            ui_keys_add(t, ACT_CHAR, 'x', "x", "drop");
        }
        screen_keys_fix(ctx, t, WIZ_PART_CONTENT);
        screen_keys_list(t, "move");
    }
    screen_keys_flow(t, "next");
}

const struct screen_ops screen_migrate = {
    .name = "migrate",
    .title = "What to migrate",
    .enter = mig_enter,
    .leave = mig_leave,
    .layout = mig_layout,
    .draw = mig_draw,
    .handle = mig_handle,
    .can_advance = mig_can_advance,
    .key_table = mig_key_table,
};

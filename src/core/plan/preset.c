#include "core/plan/preset.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>
#include <libxml/xmlwriter.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/users.h"
#include "core/plan/loadcmd.h"
#include "core/usmt/xmlload.h"
#include "platform/fs.h"
#include "platform/sys.h"

/* libxml2 strings are unsigned; ours are UTF-8 char */
#define XC(s) ((const xmlChar *)(s))

#define PRESET_MAX_BYTES (1024 * 1024)

void preset_init(struct preset *p)
{
    memset(p, 0, sizeof(*p));
    p->store_kind = PLAN_STORE_COMPRESSED;
    p->kinds = PRESET_KIND_LOCAL | PRESET_KIND_DOMAIN | PRESET_KIND_ENTRA |
               PRESET_KIND_MSA;
    p->used_within_days = -1;
    p->verbosity = PLAN_UNSET;
    p->efs = PLAN_EFS_UNSET;
    p->continue_on_error = true;
    p->restore.lac = -1;
    p->restore.lae = -1;
    p->restore.continue_on_error = -1;
    p->restore.verbosity = PLAN_UNSET;
}

void preset_release(struct preset *p)
{
    free(p->name);
    free(p->description);
    free(p->store_template);
    free(p->working_dir_template);
    free(p->log_dir_template);
    plan_strv_release(&p->exclude_sids);
    plan_strv_release(&p->xml_files);
    free(p->config_path);
    free(p->encrypt_alg);
    free(p->key_file);
    plan_strv_release(&p->extra_args);
    for (size_t i = 0; i < p->n_fields; i++) {
        free(p->fields[i].name);
        free(p->fields[i].label);
    }
    free(p->fields);
    plan_strv_release(&p->acknowledge);
    free(p->restore.store);
    free(p->restore.key_file);
    plan_strv_release(&p->restore.mu);
    plan_strv_release(&p->restore.md);
    plan_strv_release(&p->restore.leave_out);
    free(p->restore.lac_password_file);
    preset_init(p);
}

/* ---- loading ----------------------------------------------------------- */

struct loader {
    const char *name;
    struct wiz_err *err;
    int problems;
};

static int problem(struct loader *ld, xmlNodePtr n, const char *fmt, ...)
    WIZ_PRINTF(3, 4);

static int problem(struct loader *ld, xmlNodePtr n, const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!ld->problems++)
        err_set(ld->err, WIZ_EFORMAT, "%s:%ld: %s", ld->name,
                n ? xmlGetLineNo(n) : 0L, msg);
    return -1;
}

static bool is_elem(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static char *text_of(xmlNodePtr n)
{
    xmlChar *c = xmlNodeGetContent(n);
    struct strbuf sb;

    strbuf_init(&sb);
    strbuf_adds(&sb, c ? (const char *)c : "");
    if (c)
        xmlFree(c);
    strbuf_rtrim(&sb);
    size_t lead = strspn(sb.buf, " \t\r\n");
    char *s = xstrdup(sb.buf + lead);

    strbuf_release(&sb);
    return s;
}

static char *attr_of(xmlNodePtr n, const char *name)
{
    xmlChar *c = xmlGetProp(n, XC(name));
    char *s = c ? xstrdup((const char *)c) : NULL;

    if (c)
        xmlFree(c);
    return s;
}

static bool yes_no(struct loader *ld, xmlNodePtr n, const char *attr,
                   bool def)
{
    char *v = attr_of(n, attr);
    bool r = def;

    if (!v)
        return def;
    if (str_ieq(v, "yes") || !strcmp(v, "1") || str_ieq(v, "true"))
        r = true;
    else if (str_ieq(v, "no") || !strcmp(v, "0") || str_ieq(v, "false"))
        r = false;
    else
        problem(ld, n, "%s must be yes or no, not '%s'", attr, v);
    free(v);
    return r;
}

/* Allowed attributes of an element; anything else is a problem. */
static void only_attrs(struct loader *ld, xmlNodePtr n,
                       const char *const *allowed)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        bool ok = false;

        for (size_t i = 0; allowed && allowed[i]; i++) {
            if (!strcmp((const char *)a->name, allowed[i]))
                ok = true;
        }
        if (!ok)
            problem(ld, n, "<%s> has no attribute '%s'",
                    (const char *)n->name, (const char *)a->name);
    }
}

static void load_store(struct loader *ld, xmlNodePtr n, struct preset *p)
{
    static const char *const attrs[] = { "kind", "overwrite", NULL };
    char *kind = attr_of(n, "kind");

    only_attrs(ld, n, attrs);
    if (!kind || str_ieq(kind, "compressed"))
        p->store_kind = PLAN_STORE_COMPRESSED;
    else if (str_ieq(kind, "uncompressed"))
        p->store_kind = PLAN_STORE_UNCOMPRESSED;
    else if (str_ieq(kind, "hardlink"))
        p->store_kind = PLAN_STORE_HARDLINK;
    else
        problem(ld, n, "store kind must be compressed, uncompressed or "
                       "hardlink, not '%s'", kind);
    free(kind);
    p->overwrite = yes_no(ld, n, "overwrite", false);
    free(p->store_template);
    p->store_template = text_of(n);
    if (!*p->store_template)
        problem(ld, n, "<store> needs a path (a template such as "
                       "E:\\stores\\%%COMPUTERNAME%%)");
}

static unsigned kind_bit(const char *s)
{
    if (str_ieq(s, "local"))
        return PRESET_KIND_LOCAL;
    if (str_ieq(s, "domain"))
        return PRESET_KIND_DOMAIN;
    if (str_ieq(s, "entra"))
        return PRESET_KIND_ENTRA;
    if (str_ieq(s, "msa") || str_ieq(s, "microsoft"))
        return PRESET_KIND_MSA;
    return 0;
}

static void load_users(struct loader *ld, xmlNodePtr n, struct preset *p)
{
    bool any_kind = false;

    only_attrs(ld, n, NULL);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, "include")) {
            static const char *const attrs[] = { "kind", NULL };
            char *k = attr_of(c, "kind");
            unsigned bit = k ? kind_bit(k) : 0;

            only_attrs(ld, c, attrs);
            if (!bit)
                problem(ld, c, "user kind must be local, domain, entra or "
                               "msa, not '%s'", k ? k : "");
            if (!any_kind)
                p->kinds = 0;
            any_kind = true;
            p->kinds |= bit;
            free(k);
        } else if (is_elem(c, "usedWithinDays")) {
            char *t = text_of(c);
            uint64_t v;

            if (str_to_u64(t, &v) < 0 || v > 36500)
                problem(ld, c, "usedWithinDays must be a number of days "
                               "(0-36500), not '%s'", t);
            else
                p->used_within_days = (int)v;
            free(t);
        } else if (is_elem(c, "excludeSid")) {
            char *t = text_of(c);

            if (!str_istarts_with(t, "S-1-") && t[0] != '*')
                problem(ld, c, "excludeSid takes a SID pattern such as "
                               "*-500, not '%s' (names do not work offline)",
                        t);
            plan_strv_push(&p->exclude_sids, t);
            free(t);
        } else if (is_elem(c, "name") || is_elem(c, "user")) {
            problem(ld, c, "users are chosen by kind, recent use and SID "
                           "patterns; names cannot be matched offline");
        } else {
            problem(ld, c, "<users> cannot contain <%s>",
                    (const char *)c->name);
        }
    }
}

/* A /v value (reference §2.1 /v:N) from attribute "verbosity" of n. */
static void load_verbosity(struct loader *ld, xmlNodePtr n, int *out)
{
    char *v = attr_of(n, "verbosity");
    uint64_t num;

    if (!v)
        return;
    if (str_to_u64(v, &num) < 0 ||
        !(num == 0 || num == 1 || num == 4 || num == 5 || num == 8 ||
          num == 9 || num == 12 || num == 13))
        problem(ld, n, "verbosity must be 0, 1, 4, 5, 8, 9, 12 or 13, "
                       "not '%s'", v);
    else
        *out = (int)num;
    free(v);
}

static void load_options(struct loader *ld, xmlNodePtr n, struct preset *p)
{
    static const char *const attrs[] = { "continueOnError", "verbosity",
                                         "efs", "localOnly", "listFiles",
                                         NULL };
    char *v;

    only_attrs(ld, n, attrs);
    p->continue_on_error = yes_no(ld, n, "continueOnError", true);
    p->localonly = yes_no(ld, n, "localOnly", false);
    p->listfiles = yes_no(ld, n, "listFiles", false);
    load_verbosity(ld, n, &p->verbosity);
    v = attr_of(n, "efs");
    if (v) {
        p->efs = plan_efs_parse(v);
        if (p->efs == PLAN_EFS_INVALID)
            problem(ld, n, "efs must be abort, skip, decryptcopy, copyraw or "
                           "hardlink, not '%s'", v);
        free(v);
    }
}

static void load_encryption(struct loader *ld, xmlNodePtr n,
                            struct preset *p)
{
    static const char *const attrs[] = { "ask", "algorithm", NULL };

    only_attrs(ld, n, attrs);
    p->encrypt = true;
    p->ask_key = yes_no(ld, n, "ask", true);
    free(p->encrypt_alg);
    p->encrypt_alg = attr_of(n, "algorithm");
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, "keyFile")) {
            free(p->key_file);
            p->key_file = text_of(c);
            p->ask_key = false;
        } else if (is_elem(c, "key")) {
            problem(ld, c, "a preset never holds an encryption key: use "
                           "ask=\"yes\" or a <keyFile>");
        } else {
            problem(ld, c, "<encryption> cannot contain <%s>",
                    (const char *)c->name);
        }
    }
}

static void load_ticket(struct loader *ld, xmlNodePtr n, struct preset *p)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!is_elem(c, "field")) {
            problem(ld, c, "<ticket> cannot contain <%s>",
                    (const char *)c->name);
            continue;
        }
        static const char *const attrs[] = { "name", "label", "required",
                                             NULL };
        char *name = attr_of(c, "name");

        only_attrs(ld, c, attrs);
        if (!name || !*name || strpbrk(name, "% \t")) {
            problem(ld, c, "a ticket field needs a name without spaces or "
                           "'%%'");
            free(name);
            continue;
        }
        p->fields = xreallocarray(p->fields, p->n_fields + 1,
                                  sizeof(*p->fields));
        p->fields[p->n_fields].name = name;
        char *label = attr_of(c, "label");

        p->fields[p->n_fields].label = label ? label : xstrdup("");
        p->fields[p->n_fields].required = yes_no(ld, c, "required", false);
        p->n_fields++;
    }
}

/* The text of n, which must not be empty; NULL (and a problem) if it is. */
static char *needed_text(struct loader *ld, xmlNodePtr n, const char *what)
{
    char *t = text_of(n);

    if (*t)
        return t;
    problem(ld, n, "<%s> needs %s", (const char *)n->name, what);
    free(t);
    return NULL;
}

/*
 * <mu>OLD:NEW</mu> or <md>OLD:NEW</md>, as loadstate takes them (LoadState
 * syntax: /mu:old\user:new\user, /md:olddomain:newdomain); a domain of
 * /md is a name without a backslash.
 */
static void load_map(struct loader *ld, xmlNodePtr n, struct plan_strv *to,
                     bool domain)
{
    char *t = text_of(n);
    char old[256], nw[256];

    if (strlen(t) >= sizeof(old) ||
        !loadcmd_split_map(t, old, nw, sizeof(old)))
        problem(ld, n, "<%s> takes OLD:NEW (%s), not '%s'",
                (const char *)n->name,
                domain ? "OLDDOMAIN:NEWDOMAIN" : "OLDPC\\user:NEWPC\\user",
                t);
    else if (domain && (strchr(old, '\\') || strchr(nw, '\\')))
        problem(ld, n, "<md> maps a domain to a domain, without a user: "
                       "not '%s' (move one user with <mu>)", t);
    else
        plan_strv_push(to, t);
    free(t);
}

static void load_local_accounts(struct loader *ld, xmlNodePtr n,
                                struct preset_restore *r)
{
    static const char *const attrs[] = { "create", "enable", NULL };
    bool create = yes_no(ld, n, "create", true);
    bool enable = yes_no(ld, n, "enable", false);

    only_attrs(ld, n, attrs);
    r->lac = create;
    r->lae = enable;
    if (enable && !create)
        problem(ld, n, "enable=\"yes\" needs create=\"yes\" (/lae is only "
                       "used with /lac)");
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, "passwordFile")) {
            free(r->lac_password_file);
            r->lac_password_file = needed_text(ld, c, "a file name");
        } else if (is_elem(c, "password")) {
            problem(ld, c, "a preset never holds a password: use a "
                           "<passwordFile>");
        } else {
            problem(ld, c, "<localAccounts> cannot contain <%s>",
                    (const char *)c->name);
        }
    }
    if (r->lac_password_file && !create)
        problem(ld, n, "a <passwordFile> needs create=\"yes\" (/lac)");
}

static void load_restore(struct loader *ld, xmlNodePtr n, struct preset *p)
{
    struct preset_restore *r = &p->restore;

    only_attrs(ld, n, NULL);
    if (r->present)
        problem(ld, n, "a preset has one <restore>");
    r->present = true;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, "store")) {
            only_attrs(ld, c, NULL);
            free(r->store);
            r->store = needed_text(ld, c,
                                   "the store folder (E:\\stores\\PC)");
        } else if (is_elem(c, "keyFile")) {
            free(r->key_file);
            r->key_file = needed_text(ld, c, "a file name");
        } else if (is_elem(c, "mu")) {
            load_map(ld, c, &r->mu, false);
        } else if (is_elem(c, "md")) {
            load_map(ld, c, &r->md, true);
        } else if (is_elem(c, "leaveOut")) {
            char *t = needed_text(ld, c, "a stored user's name");

            if (t)
                plan_strv_push(&r->leave_out, t);
            free(t);
        } else if (is_elem(c, "localAccounts")) {
            load_local_accounts(ld, c, r);
        } else if (is_elem(c, "options")) {
            static const char *const attrs[] = { "continueOnError",
                                                 "verbosity", NULL };
            char *v = attr_of(c, "continueOnError");

            only_attrs(ld, c, attrs);
            if (v)
                r->continue_on_error = yes_no(ld, c, "continueOnError",
                                              true);
            free(v);
            load_verbosity(ld, c, &r->verbosity);
        } else if (is_elem(c, "removeHardlinkStore")) {
            char *t = text_of(c);

            only_attrs(ld, c, NULL);
            if (str_ieq(t, "yes"))
                r->remove_store = true;
            else if (str_ieq(t, "no"))
                r->remove_store = false;
            else
                problem(ld, c, "<removeHardlinkStore> is yes or no, not "
                               "'%s'", t);
            free(t);
        } else if (is_elem(c, "key")) {
            problem(ld, c, "a preset never holds an encryption key: use a "
                           "<keyFile>");
        } else {
            problem(ld, c, "<restore> cannot contain <%s>",
                    (const char *)c->name);
        }
    }
}

int preset_load_buffer(const char *name, const char *data, size_t len,
                       struct preset *p, struct wiz_err *err)
{
    struct loader ld = { name, err, 0 };
    xmlDocPtr doc;

    preset_init(p);
    if (len > PRESET_MAX_BYTES)
        return err_set(err, WIZ_ELIMIT, "%s: a preset is at most %u bytes",
                       name, PRESET_MAX_BYTES);
    doc = xmlload_memory(data, len, name, PRESET_MAX_BYTES, err);
    if (!doc)
        return -1;
    xmlNodePtr root = xmlDocGetRootElement(doc);

    if (!root || strcmp((const char *)root->name, "usmtwizPreset")) {
        problem(&ld, root, "not a usmtwiz preset (the root element must be "
                           "<usmtwizPreset>)");
        xmlFreeDoc(doc);
        return -1;
    }
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(n, "name")) {
            free(p->name);
            p->name = text_of(n);
        } else if (is_elem(n, "description")) {
            free(p->description);
            p->description = text_of(n);
        } else if (is_elem(n, "store")) {
            load_store(&ld, n, p);
        } else if (is_elem(n, "workingDir")) {
            free(p->working_dir_template);
            p->working_dir_template = text_of(n);
        } else if (is_elem(n, "logDir")) {
            free(p->log_dir_template);
            p->log_dir_template = text_of(n);
        } else if (is_elem(n, "users")) {
            load_users(&ld, n, p);
        } else if (is_elem(n, "migxml")) {
            char *t = text_of(n);

            if (!*t)
                problem(&ld, n, "<migxml> needs a file name");
            else
                plan_strv_push(&p->xml_files, t);
            free(t);
        } else if (is_elem(n, "config")) {
            free(p->config_path);
            p->config_path = text_of(n);
        } else if (is_elem(n, "options")) {
            load_options(&ld, n, p);
        } else if (is_elem(n, "encryption")) {
            load_encryption(&ld, n, p);
        } else if (is_elem(n, "extra")) {
            char *t = text_of(n);

            plan_strv_push(&p->extra_args, t);
            free(t);
        } else if (is_elem(n, "ticket")) {
            load_ticket(&ld, n, p);
        } else if (is_elem(n, "acknowledge")) {
            char *t = text_of(n);

            plan_strv_push(&p->acknowledge, t);
            free(t);
        } else if (is_elem(n, "restore")) {
            load_restore(&ld, n, p);
        } else if (is_elem(n, "key")) {
            problem(&ld, n, "a preset never holds an encryption key");
        } else {
            problem(&ld, n, "unknown element <%s>", (const char *)n->name);
        }
    }
    if (!p->store_template && !p->restore.present && !ld.problems)
        problem(&ld, root, "a preset needs a <store> path (or a <restore> "
                           "section)");
    xmlFreeDoc(doc);
    if (ld.problems) {
        preset_release(p);
        return -1;
    }
    return 0;
}

int preset_load(const char *path, struct preset *p, struct wiz_err *err)
{
    char *data;
    size_t len;

    preset_init(p);
    if (fs_read_file(path, PRESET_MAX_BYTES, &data, &len, err) < 0)
        return err_prefix(err, "cannot load preset");
    int r = preset_load_buffer(path, data, len, p, err);

    free(data);
    return r;
}

/* ---- saving ------------------------------------------------------------ */

static int save_strv(xmlTextWriterPtr w, const char *elem,
                     const struct plan_strv *v)
{
    int bad = 0;

    for (size_t i = 0; i < v->n; i++)
        bad |= xmlTextWriterWriteElement(w, XC(elem), XC(v->items[i])) < 0;
    return bad;
}

/* The <restore> section; nonzero when the writer failed. */
static int save_restore(xmlTextWriterPtr w, const struct preset_restore *r)
{
    int bad = xmlTextWriterStartElement(w, XC("restore")) < 0;
    char num[32];

    if (r->store)
        bad |= xmlTextWriterWriteElement(w, XC("store"), XC(r->store)) < 0;
    if (r->key_file)
        bad |= xmlTextWriterWriteElement(w, XC("keyFile"),
                                         XC(r->key_file)) < 0;
    bad |= save_strv(w, "md", &r->md);
    bad |= save_strv(w, "mu", &r->mu);
    bad |= save_strv(w, "leaveOut", &r->leave_out);
    if (r->lac >= 0 || r->lae >= 0 || r->lac_password_file) {
        bad |= xmlTextWriterStartElement(w, XC("localAccounts")) < 0;
        if (r->lac >= 0)
            bad |= xmlTextWriterWriteAttribute(w, XC("create"),
                                               XC(r->lac ? "yes" : "no")) < 0;
        if (r->lae >= 0)
            bad |= xmlTextWriterWriteAttribute(w, XC("enable"),
                                               XC(r->lae ? "yes" : "no")) < 0;
        if (r->lac_password_file)
            bad |= xmlTextWriterWriteElement(w, XC("passwordFile"),
                                             XC(r->lac_password_file)) < 0;
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    if (r->continue_on_error >= 0 || r->verbosity >= 0) {
        bad |= xmlTextWriterStartElement(w, XC("options")) < 0;
        if (r->continue_on_error >= 0)
            bad |= xmlTextWriterWriteAttribute(
                       w, XC("continueOnError"),
                       XC(r->continue_on_error ? "yes" : "no")) < 0;
        if (r->verbosity >= 0) {
            snprintf(num, sizeof(num), "%d", r->verbosity);
            bad |= xmlTextWriterWriteAttribute(w, XC("verbosity"),
                                               XC(num)) < 0;
        }
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    if (r->remove_store)
        bad |= xmlTextWriterWriteElement(w, XC("removeHardlinkStore"),
                                         XC("yes")) < 0;
    bad |= xmlTextWriterEndElement(w) < 0;
    return bad;
}

int preset_save(const struct preset *p, const char *path,
                struct wiz_err *err)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    int bad = 0;
    char num[32];

    if (!w) {
        if (buf)
            xmlBufferFree(buf);
        return err_set(err, WIZ_EIO, "cannot create the preset writer");
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, XC("  "));
    bad |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
    bad |= xmlTextWriterStartElement(w, XC("usmtwizPreset")) < 0;
    bad |= xmlTextWriterWriteAttribute(w, XC("version"), XC("1")) < 0;
    if (p->name)
        bad |= xmlTextWriterWriteElement(w, XC("name"), XC(p->name)) < 0;
    if (p->description)
        bad |= xmlTextWriterWriteElement(w, XC("description"),
                                         XC(p->description)) < 0;
    if (p->store_template) {
        bad |= xmlTextWriterStartElement(w, XC("store")) < 0;
        bad |= xmlTextWriterWriteAttribute(
                   w, XC("kind"), XC(plan_store_kind_word(p->store_kind))) < 0;
        bad |= xmlTextWriterWriteAttribute(w, XC("overwrite"),
                                           XC(p->overwrite ? "yes" : "no")) < 0;
        bad |= xmlTextWriterWriteString(w, XC(p->store_template)) < 0;
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    if (p->working_dir_template)
        bad |= xmlTextWriterWriteElement(w, XC("workingDir"),
                                         XC(p->working_dir_template)) < 0;
    if (p->log_dir_template)
        bad |= xmlTextWriterWriteElement(w, XC("logDir"),
                                         XC(p->log_dir_template)) < 0;
    bad |= xmlTextWriterStartElement(w, XC("users")) < 0;
    static const char *const kinds[] = { "local", "domain", "entra", "msa" };

    for (unsigned i = 0; i < 4; i++) {
        if (!(p->kinds & (1u << i)))
            continue;
        bad |= xmlTextWriterStartElement(w, XC("include")) < 0;
        bad |= xmlTextWriterWriteAttribute(w, XC("kind"), XC(kinds[i])) < 0;
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    if (p->used_within_days >= 0) {
        snprintf(num, sizeof(num), "%d", p->used_within_days);
        bad |= xmlTextWriterWriteElement(w, XC("usedWithinDays"),
                                         XC(num)) < 0;
    }
    for (size_t i = 0; i < p->exclude_sids.n; i++)
        bad |= xmlTextWriterWriteElement(w, XC("excludeSid"),
                                         XC(p->exclude_sids.items[i])) < 0;
    bad |= xmlTextWriterEndElement(w) < 0;
    for (size_t i = 0; i < p->xml_files.n; i++)
        bad |= xmlTextWriterWriteElement(w, XC("migxml"),
                                         XC(p->xml_files.items[i])) < 0;
    if (p->config_path)
        bad |= xmlTextWriterWriteElement(w, XC("config"),
                                         XC(p->config_path)) < 0;
    bad |= xmlTextWriterStartElement(w, XC("options")) < 0;
    bad |= xmlTextWriterWriteAttribute(
               w, XC("continueOnError"),
               XC(p->continue_on_error ? "yes" : "no")) < 0;
    if (p->verbosity >= 0) {
        snprintf(num, sizeof(num), "%d", p->verbosity);
        bad |= xmlTextWriterWriteAttribute(w, XC("verbosity"), XC(num)) < 0;
    }
    if (p->efs != PLAN_EFS_UNSET && p->efs != PLAN_EFS_INVALID)
        bad |= xmlTextWriterWriteAttribute(w, XC("efs"),
                                           XC(plan_efs_name(p->efs))) < 0;
    bad |= xmlTextWriterWriteAttribute(w, XC("localOnly"),
                                       XC(p->localonly ? "yes" : "no")) < 0;
    bad |= xmlTextWriterWriteAttribute(w, XC("listFiles"),
                                       XC(p->listfiles ? "yes" : "no")) < 0;
    bad |= xmlTextWriterEndElement(w) < 0;
    if (p->encrypt) {
        bad |= xmlTextWriterStartElement(w, XC("encryption")) < 0;
        bad |= xmlTextWriterWriteAttribute(w, XC("ask"),
                                           XC(p->ask_key ? "yes" : "no")) < 0;
        if (p->encrypt_alg)
            bad |= xmlTextWriterWriteAttribute(w, XC("algorithm"),
                                               XC(p->encrypt_alg)) < 0;
        if (p->key_file)
            bad |= xmlTextWriterWriteElement(w, XC("keyFile"),
                                             XC(p->key_file)) < 0;
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    for (size_t i = 0; i < p->extra_args.n; i++)
        bad |= xmlTextWriterWriteElement(w, XC("extra"),
                                         XC(p->extra_args.items[i])) < 0;
    if (p->n_fields) {
        bad |= xmlTextWriterStartElement(w, XC("ticket")) < 0;
        for (size_t i = 0; i < p->n_fields; i++) {
            bad |= xmlTextWriterStartElement(w, XC("field")) < 0;
            bad |= xmlTextWriterWriteAttribute(w, XC("name"),
                                               XC(p->fields[i].name)) < 0;
            if (p->fields[i].label && *p->fields[i].label)
                bad |= xmlTextWriterWriteAttribute(
                           w, XC("label"), XC(p->fields[i].label)) < 0;
            if (p->fields[i].required)
                bad |= xmlTextWriterWriteAttribute(w, XC("required"),
                                                   XC("yes")) < 0;
            bad |= xmlTextWriterEndElement(w) < 0;
        }
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    for (size_t i = 0; i < p->acknowledge.n; i++)
        bad |= xmlTextWriterWriteElement(w, XC("acknowledge"),
                                         XC(p->acknowledge.items[i])) < 0;
    if (p->restore.present)
        bad |= save_restore(w, &p->restore);
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    if (bad) {
        xmlBufferFree(buf);
        return err_set(err, WIZ_EIO, "cannot write preset '%s'", path);
    }
    int r = fs_write_file_atomic(path, xmlBufferContent(buf),
                                 (size_t)xmlBufferLength(buf), false, err);

    xmlBufferFree(buf);
    return r;
}

/* ---- using ------------------------------------------------------------- */

static void add_clean(struct strbuf *sb, const char *v)
{
    for (; *v; v++) {
        unsigned char c = (unsigned char)*v;

        if (c < 0x20 || strchr("\\/:*?\"<>|", c))
            strbuf_addch(sb, '_');
        else
            strbuf_addch(sb, (char)c);
    }
}

int preset_expand(const char *tmpl, const struct preset_vars *vars,
                  char **out, struct wiz_err *err)
{
    struct strbuf sb;

    *out = NULL;
    strbuf_init(&sb);
    for (const char *p = tmpl; *p; p++) {
        if (*p != '%') {
            strbuf_addch(&sb, *p);
            continue;
        }
        const char *end = strchr(p + 1, '%');

        if (!end) {
            strbuf_release(&sb);
            return err_set(err, WIZ_EUSAGE, "'%s': a '%%' is not closed",
                           tmpl);
        }
        char *name = xstrndup(p + 1, (size_t)(end - p - 1));
        const char *value = NULL;
        char buf[32];
        struct sys_tm tm;

        if (!*name) {
            strbuf_addch(&sb, '%');     /* %% is a literal percent sign */
        } else if (str_ieq(name, "COMPUTERNAME")) {
            value = vars->computer_name;
        } else if (str_ieq(name, "DATE") || str_ieq(name, "TIME")) {
            sys_localtime(vars->now, &tm);
            if (str_ieq(name, "DATE"))
                snprintf(buf, sizeof(buf), "%04d-%02d-%02d", tm.year + 1900,
                         tm.mon + 1, tm.mday);
            else
                snprintf(buf, sizeof(buf), "%02d%02d", tm.hour, tm.min);
            value = buf;
        } else {
            bool known = false;

            for (size_t i = 0; i < vars->n_fields; i++) {
                if (str_ieq(vars->fields[i].name, name)) {
                    value = vars->fields[i].value;
                    known = true;
                }
            }
            if (!known) {
                err_set(err, WIZ_EUSAGE, "'%s': unknown name '%%%s%%'", tmpl,
                        name);
                free(name);
                strbuf_release(&sb);
                return -1;
            }
        }
        if (*name && (!value || !*value)) {
            err_set(err, WIZ_EUSAGE, "'%s': '%%%s%%' has no value", tmpl,
                    name);
            free(name);
            strbuf_release(&sb);
            return -1;
        }
        if (value)
            add_clean(&sb, value);
        free(name);
        p = end;
    }
    *out = strbuf_detach(&sb, NULL);
    return 0;
}

/* Why the preset's user rule leaves u out (PRESET_TAKEN: it does not). */
enum preset_left_out {
    PRESET_TAKEN,
    PRESET_OUT_NEVER,       /* built-in, temporary, .bak, orphan */
    PRESET_OUT_KIND,        /* <include kind> */
    PRESET_OUT_NO_FOLDER,
    PRESET_OUT_UNUSED,      /* <usedWithinDays> */
    PRESET_OUT_SID,         /* <excludeSid> */
    PRESET_OUT_N
};

/*
 * The one decision of the preset's user rule; *pattern (may be NULL) gets
 * the <excludeSid> that matched for PRESET_OUT_SID.
 */
static enum preset_left_out left_out_by(const struct preset *p,
                                        const struct win_user *u,
                                        int64_t now, const char **pattern)
{
    unsigned bit;

    switch (u->kind) {
    case USER_LOCAL:
        bit = PRESET_KIND_LOCAL;
        break;
    case USER_DOMAIN:
        bit = PRESET_KIND_DOMAIN;
        break;
    case USER_ENTRA:
        bit = PRESET_KIND_ENTRA;
        break;
    case USER_MSA:
        bit = PRESET_KIND_MSA;
        break;
    default:
        return PRESET_OUT_NEVER;
    }
    if (!(p->kinds & bit))
        return PRESET_OUT_KIND;
    if (!u->folder_exists)
        return PRESET_OUT_NO_FOLDER;
    if (p->used_within_days >= 0 &&
        (u->last_use <= 0 ||
         now - u->last_use > (int64_t)p->used_within_days * 86400))
        return PRESET_OUT_UNUSED;
    for (size_t i = 0; i < p->exclude_sids.n; i++) {
        if (str_wildmatch(p->exclude_sids.items[i], u->sid)) {
            if (pattern)
                *pattern = p->exclude_sids.items[i];
            return PRESET_OUT_SID;
        }
    }
    return PRESET_TAKEN;
}

bool preset_wants_user(const struct preset *p, const struct win_user *u,
                       int64_t now)
{
    return left_out_by(p, u, now, NULL) == PRESET_TAKEN;
}

char *preset_why_not_user(const struct preset *p, const struct win_user *u,
                          int64_t now)
{
    const char *pattern = "";

    switch (left_out_by(p, u, now, &pattern)) {
    case PRESET_TAKEN:
        return NULL;
    case PRESET_OUT_NEVER:
        return xasprintf("the preset's rules never take '%s' profiles",
                         user_kind_name(u->kind));
    case PRESET_OUT_KIND:
        return xasprintf("the preset's rules do not include '%s' profiles",
                         user_kind_name(u->kind));
    case PRESET_OUT_NO_FOLDER:
        return xstrdup("its profile folder is gone: there is nothing to "
                       "capture");
    case PRESET_OUT_UNUSED:
        return xasprintf("not used within the preset's %d days",
                         p->used_within_days);
    case PRESET_OUT_SID:
    case PRESET_OUT_N:
        break;
    }
    return xasprintf("the preset excludes SIDs matching '%s'", pattern);
}

void preset_why_none(const struct preset *p, const struct user_list *users,
                     int64_t now, struct strbuf *out)
{
    size_t n[PRESET_OUT_N] = { 0 };
    const char *sep = "";

    for (size_t i = 0; users && i < users->n; i++)
        n[left_out_by(p, &users->u[i], now, NULL)]++;
    if (n[PRESET_TAKEN])
        return;
    strbuf_adds(out, "the preset's user rules take nobody: ");
    if (n[PRESET_OUT_UNUSED]) {
        strbuf_addf(out, "<usedWithinDays>%d</usedWithinDays> leaves out "
                    "%zu profile%s not used in the last %d day%s",
                    p->used_within_days, n[PRESET_OUT_UNUSED],
                    n[PRESET_OUT_UNUSED] == 1 ? "" : "s",
                    p->used_within_days,
                    p->used_within_days == 1 ? "" : "s");
        sep = "; ";
    }
    if (n[PRESET_OUT_SID]) {
        strbuf_addf(out, "%s<excludeSid> leaves out %zu", sep,
                    n[PRESET_OUT_SID]);
        sep = "; ";
    }
    if (n[PRESET_OUT_KIND]) {
        strbuf_addf(out, "%s<include kind> leaves out %zu of other kinds",
                    sep, n[PRESET_OUT_KIND]);
        sep = "; ";
    }
    if (n[PRESET_OUT_NO_FOLDER]) {
        strbuf_addf(out, "%s%zu without a profile folder", sep,
                    n[PRESET_OUT_NO_FOLDER]);
        sep = "; ";
    }
    if (n[PRESET_OUT_NEVER])
        strbuf_addf(out, "%s%zu built-in, temporary, .bak or orphan "
                    "profile%s never taken", sep, n[PRESET_OUT_NEVER],
                    n[PRESET_OUT_NEVER] == 1 ? " is" : "s are");
    else if (!*sep)
        strbuf_adds(out, "the installation has no profiles");
}

size_t preset_apply(const struct preset *p, const struct user_list *users,
                    int64_t now, struct plan *plan)
{
    size_t n = 0;

    for (size_t i = 0; users && i < users->n; i++) {
        if (preset_wants_user(p, &users->u[i], now)) {
            plan_add_sid(plan, users->u[i].sid);
            n++;
        }
    }
    plan->store_kind = p->store_kind;
    plan->overwrite = p->overwrite;
    for (size_t i = 0; i < p->xml_files.n; i++)
        plan_add_xml(plan, p->xml_files.items[i]);
    if (p->config_path)
        plan_set_config_path(plan, p->config_path);
    plan->continue_on_error = p->continue_on_error;
    plan->verbosity = p->verbosity;
    plan->efs = p->efs;
    plan->localonly = p->localonly;
    plan->encrypt = p->encrypt;
    if (p->encrypt_alg)
        plan_set_str(&plan->encrypt_alg, p->encrypt_alg);
    if (p->key_file)
        plan_set_keyfile(plan, p->key_file);
    for (size_t i = 0; i < p->extra_args.n; i++)
        plan_strv_push(&plan->extra_args, p->extra_args.items[i]);
    return n;
}

void preset_from_plan(const struct plan *plan, const struct user_list *users,
                      struct preset *p)
{
    preset_init(p);
    p->store_template = xstrdup(plan->store_path ? plan->store_path : "");
    p->store_kind = plan->store_kind;
    p->overwrite = plan->overwrite;
    p->kinds = 0;
    for (size_t i = 0; users && i < users->n; i++) {
        if (!plan_has_sid(plan, users->u[i].sid))
            continue;
        switch (users->u[i].kind) {
        case USER_LOCAL:
            p->kinds |= PRESET_KIND_LOCAL;
            break;
        case USER_DOMAIN:
            p->kinds |= PRESET_KIND_DOMAIN;
            break;
        case USER_ENTRA:
            p->kinds |= PRESET_KIND_ENTRA;
            break;
        case USER_MSA:
            p->kinds |= PRESET_KIND_MSA;
            break;
        default:
            break;
        }
    }
    if (!p->kinds)
        p->kinds = PRESET_KIND_LOCAL | PRESET_KIND_DOMAIN |
                   PRESET_KIND_ENTRA | PRESET_KIND_MSA;
    for (size_t i = 0; i < plan->xml_files.n; i++)
        plan_strv_push(&p->xml_files, plan->xml_files.items[i]);
    if (plan->config_path)
        p->config_path = xstrdup(plan->config_path);
    p->continue_on_error = plan->continue_on_error;
    p->verbosity = plan->verbosity;
    p->efs = plan->efs;
    p->localonly = plan->localonly;
    p->listfiles = plan->listfiles_path != NULL;
    p->encrypt = plan->encrypt;
    if (plan->encrypt_alg)
        p->encrypt_alg = xstrdup(plan->encrypt_alg);
    p->ask_key = plan->encrypt && !plan->keyfile;
    if (plan->keyfile)
        p->key_file = xstrdup(plan->keyfile);
    for (size_t i = 0; i < plan->extra_args.n; i++)
        plan_strv_push(&p->extra_args, plan->extra_args.items[i]);
}

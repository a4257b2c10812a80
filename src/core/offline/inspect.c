/*
 * `usmtwiz inspect`: collect volumes, installations and users, then render
 * them as text for people or as XML (libxml2 writer) for programs.
 */
#include "core/offline/inspect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "platform/sys.h"
#include "platform/vol.h"

/* ---- collecting ---------------------------------------------------------- */

static bool volume_matches(const struct winvol *wv, const char *want)
{
    size_t n = strlen(want);

    if (wv->vol.letter && n >= 1 && n <= 3 &&
        (want[0] & ~0x20) == wv->vol.letter &&
        (n == 1 || (want[1] == ':' && (n == 2 || want[2] == '\\' ||
                                       want[2] == '/'))))
        return true;
    if (!strcmp(want, wv->vol.root))
        return true;
    /* a root given with a trailing separator */
    size_t r = strlen(wv->vol.root);

    return n == r + 1 && !strncmp(want, wv->vol.root, r) &&
           (want[r] == '/' || want[r] == '\\');
}

static int filter_volumes(struct win_scan *scan, const char *const *only,
                          size_t n_only, struct wiz_err *err)
{
    bool *keep;
    size_t out = 0;

    if (!n_only)
        return 0;
    keep = xcalloc(scan->n ? scan->n : 1, sizeof(*keep));
    for (size_t k = 0; k < n_only; k++) {
        bool any = false;

        for (size_t i = 0; i < scan->n; i++) {
            if (volume_matches(&scan->vols[i], only[k])) {
                keep[i] = true;
                any = true;
            }
        }
        if (!any) {
            free(keep);
            return err_set(err, WIZ_EUSAGE, "no volume '%s'", only[k]);
        }
    }
    for (size_t i = 0; i < scan->n; i++) {
        if (keep[i])
            scan->vols[out++] = scan->vols[i];
        else
            winvol_release(&scan->vols[i]);
    }
    scan->n = out;
    free(keep);
    return 0;
}

int inspect_collect(const char *volume_root, const char *const *only,
                    size_t n_only, bool sizes, struct inspect_data *out,
                    struct wiz_err *err)
{
    memset(out, 0, sizeof(*out));
    if (winos_scan(volume_root, &out->scan, err) < 0)
        return -1;
    if (filter_volumes(&out->scan, only, n_only, err) < 0) {
        win_scan_release(&out->scan);
        return -1;
    }
    size_t total = win_scan_count(&out->scan);

    out->users = total ? xcalloc(total, sizeof(*out->users)) : NULL;
    out->sized = sizes;
    for (size_t v = 0; v < out->scan.n; v++) {
        struct winvol *wv = &out->scan.vols[v];

        for (size_t o = 0; o < wv->n_os; o++) {
            struct inspect_users *iu = &out->users[out->n_users++];
            struct wiz_err e;

            iu->vol = v;
            iu->os = o;
            err_clear(&e);
            if (users_load_info(&wv->os[o], &iu->list, &iu->info, &e) < 0) {
                iu->problem = xstrdup(e.msg);
            } else if (sizes) {
                for (size_t u = 0; u < iu->list.n; u++)
                    users_size(&iu->list.u[u], NULL, NULL, NULL);
            }
            /* the hives are no longer needed */
            winos_close_hives(&wv->os[o]);
        }
    }
    return 0;
}

void inspect_data_release(struct inspect_data *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_users; i++) {
        user_list_release(&d->users[i].list);
        user_load_info_release(&d->users[i].info);
        free(d->users[i].problem);
    }
    free(d->users);
    win_scan_release(&d->scan);
    memset(d, 0, sizeof(*d));
}

static const struct inspect_users *users_of(const struct inspect_data *d,
                                            size_t v, size_t o)
{
    for (size_t i = 0; i < d->n_users; i++) {
        if (d->users[i].vol == v && d->users[i].os == o)
            return &d->users[i];
    }
    return NULL;
}

/* ---- text ---------------------------------------------------------------- */

static void add_time(struct strbuf *sb, int64_t t, bool with_clock)
{
    struct sys_tm tm;

    if (!t) {
        strbuf_adds(sb, "unknown");
        return;
    }
    sys_utctime(t, &tm);
    strbuf_addf(sb, "%04d-%02d-%02d", tm.year + 1900, tm.mon + 1, tm.mday);
    if (with_clock)
        strbuf_addf(sb, " %02d:%02d UTC", tm.hour, tm.min);
}

/* Escaped s padded with spaces to width columns. */
static void add_cell(struct strbuf *sb, const char *s, size_t width)
{
    char *e = utf8_escape_for_terminal(s ? s : "");
    size_t w = utf8_width(e);

    strbuf_adds(sb, e);
    for (; w < width; w++)
        strbuf_addch(sb, ' ');
    free(e);
}

static void add_escaped(struct strbuf *sb, const char *s)
{
    char *e = utf8_escape_for_terminal(s ? s : "");

    strbuf_adds(sb, e);
    free(e);
}

static void text_volume_head(const struct winvol *wv, struct strbuf *sb)
{
    char tot[32];
    char fr[32];

    if (wv->vol.letter)
        strbuf_addf(sb, "Volume %c:", wv->vol.letter);
    else
        strbuf_adds(sb, "Volume");
    strbuf_adds(sb, "  ");
    add_escaped(sb, wv->vol.root);
    strbuf_adds(sb, "\n  ");
    if (*wv->vol.label) {
        strbuf_adds(sb, "label \"");
        add_escaped(sb, wv->vol.label);
        strbuf_adds(sb, "\", ");
    }
    strbuf_addf(sb, "%s, %s, %s total, %s free",
                *wv->vol.fs ? wv->vol.fs : "unknown file system",
                vol_kind_name(wv->vol.kind),
                str_human_size(wv->vol.total_bytes, tot, sizeof(tot)),
                str_human_size(wv->vol.free_bytes, fr, sizeof(fr)));
    if (wv->vol.locked)
        strbuf_adds(sb, ", BitLocker-locked");
    if (wv->vol.readonly)
        strbuf_adds(sb, ", read-only");
    strbuf_addch(sb, '\n');
    if (wv->problem) {
        strbuf_adds(sb, "  problem: ");
        add_escaped(sb, wv->problem);
        strbuf_addch(sb, '\n');
    }
    for (size_t i = 0; i < wv->n_protectors; i++)
        strbuf_addf(sb, "  key protector: %s %s\n", wv->protectors[i].id,
                    vol_protector_kind_name(wv->protectors[i].kind));
    if (wv->vol.locked && wv->protectors_problem) {
        strbuf_adds(sb, "  key protectors: ");
        add_escaped(sb, wv->protectors_problem);
        strbuf_addch(sb, '\n');
    }
    if (wv->winpe)
        strbuf_adds(sb, "  Windows PE boot volume (not an offline "
                        "installation)\n");
    else if (!wv->n_os && !wv->problem)
        strbuf_adds(sb, "  no Windows installation\n");
}

static void text_flags(const struct winos *os, struct strbuf *sb)
{
    struct strbuf f;

    strbuf_init(&f);
    if (os->hibernated)
        strbuf_adds(&f, ", hibernated (not safe to write)");
    if (os->fast_startup)
        strbuf_adds(&f, ", Fast Startup on");
    if (os->dirty)
        strbuf_addf(&f, ", dirty hives: %s", os->dirty_hives);
    if (os->arch_mismatch)
        strbuf_addf(&f, ", architecture disagrees with SysWOW64 (%s)",
                    os->has_syswow64 ? "present" : "absent");
    if (f.len) {
        strbuf_adds(sb, "    flags:         ");
        strbuf_adds(sb, f.buf + 2);
        strbuf_addch(sb, '\n');
    }
    strbuf_release(&f);
}

static void text_users(const struct inspect_users *iu, bool sized,
                       struct strbuf *sb)
{
    if (!iu)
        return;
    if (iu->problem) {
        strbuf_adds(sb, "    users: cannot be read: ");
        add_escaped(sb, iu->problem);
        strbuf_addch(sb, '\n');
        return;
    }
    strbuf_addf(sb, "    users (%zu, * = selected by default):\n",
                iu->list.n);
    if (iu->info.problem) {
        strbuf_adds(sb, "    note: ");
        add_escaped(sb, iu->info.problem);
        strbuf_addch(sb, '\n');
    }
    if (!iu->list.n)
        return;
    size_t wname = 4;

    for (size_t i = 0; i < iu->list.n; i++) {
        char *e = utf8_escape_for_terminal(iu->list.u[i].name);
        size_t w = utf8_width(e);

        if (w > wname)
            wname = w > 32 ? 32 : w;
        free(e);
    }
    strbuf_adds(sb, "        ");
    add_cell(sb, "NAME", wname + 2);
    strbuf_addf(sb, "%-14s%-10s%-10s%-11s%s\n", "SOURCE", "KIND", "SIZE",
                "LAST USE", "SID");
    for (size_t i = 0; i < iu->list.n; i++) {
        const struct win_user *u = &iu->list.u[i];
        char size[32];

        strbuf_adds(sb, u->default_selected ? "      * " : "        ");
        add_cell(sb, u->name, wname + 2);
        strbuf_addf(sb, "%-14s%-10s", name_source_name(u->name_source),
                    user_kind_name(u->kind));
        if (u->sized)
            str_human_size(u->size_bytes, size, sizeof(size));
        else
            snprintf(size, sizeof(size), "%s", sized ? "-" : "");
        strbuf_addf(sb, "%-10s", size);
        struct strbuf t;

        strbuf_init(&t);
        add_time(&t, u->last_use, false);
        strbuf_addf(sb, "%-11s", t.buf);
        strbuf_release(&t);
        add_escaped(sb, u->key_name);
        strbuf_addch(sb, '\n');
        strbuf_adds(sb, "          ");
        add_escaped(sb, *u->profile_win ? u->profile_win : u->profile_online);
        if (*u->account && strcmp(u->account, u->name)) {
            strbuf_adds(sb, "  account ");
            add_escaped(sb, u->account);
        }
        if (*u->full_name) {
            strbuf_adds(sb, "  full name ");
            add_escaped(sb, u->full_name);
        }
        strbuf_addch(sb, '\n');
        if (u->sized && u->size_cloud_files) {
            char cb[32];

            strbuf_addf(sb, "          cloud-only: %llu file%s, %s in "
                        "OneDrive, not on this disk\n",
                        (unsigned long long)u->size_cloud_files,
                        u->size_cloud_files == 1 ? "" : "s",
                        str_human_size(u->size_cloud_bytes, cb, sizeof(cb)));
        }
        for (size_t k = 0; k < u->n_onedrive; k++) {
            const struct onedrive_account *a = &u->onedrive[k];

            strbuf_adds(sb, "          OneDrive ");
            add_escaped(sb, a->key);
            strbuf_adds(sb, ": ");
            add_escaped(sb, *a->email ? a->email : "(no e-mail)");
            if (*a->folder) {
                strbuf_adds(sb, ", ");
                add_escaped(sb, a->folder);
            }
            if (*a->name) {
                strbuf_adds(sb, " (");
                add_escaped(sb, a->name);
                strbuf_addch(sb, ')');
            }
            strbuf_addch(sb, '\n');
        }
        if (u->problem) {
            strbuf_adds(sb, "          problem: ");
            add_escaped(sb, u->problem);
            strbuf_addch(sb, '\n');
        }
    }
}

static void text_os(const struct winos *os, const struct inspect_users *iu,
                    bool sized, struct strbuf *sb)
{
    strbuf_adds(sb, "  Windows ");
    add_escaped(sb, os->windir_win);
    strbuf_adds(sb, "\n    product:       ");
    add_escaped(sb, os->friendly);
    strbuf_adds(sb, "\n    edition:       ");
    add_escaped(sb, *os->edition_id ? os->edition_id : "unknown");
    strbuf_addf(sb, ", %s, family %s\n", os->is_server ? "server" : "client",
                *os->family_name ? os->family_name : "unknown");
    strbuf_adds(sb, "    computer:      ");
    add_escaped(sb, *os->computer_name ? os->computer_name : "unknown");
    if (*os->domain) {
        strbuf_adds(sb, " in domain ");
        add_escaped(sb, os->domain);
    }
    strbuf_adds(sb, "\n    system root:   ");
    add_escaped(sb, *os->system_root ? os->system_root : "unknown");
    strbuf_adds(sb, " (as Windows saw itself)\n    last shutdown: ");
    add_time(sb, os->last_shutdown, true);
    strbuf_addch(sb, '\n');
    text_flags(os, sb);
    if (os->problem) {
        strbuf_adds(sb, "    problem:       ");
        add_escaped(sb, os->problem);
        strbuf_addch(sb, '\n');
    }
    text_users(iu, sized, sb);
}

void inspect_render_text(const struct inspect_data *d, struct strbuf *sb)
{
    size_t total = win_scan_count(&d->scan);

    for (size_t v = 0; v < d->scan.n; v++) {
        const struct winvol *wv = &d->scan.vols[v];

        if (v)
            strbuf_addch(sb, '\n');
        text_volume_head(wv, sb);
        for (size_t o = 0; o < wv->n_os; o++)
            text_os(&wv->os[o], users_of(d, v, o), d->sized, sb);
    }
    if (d->scan.n)
        strbuf_addch(sb, '\n');
    strbuf_addf(sb, "%zu volume%s, %zu Windows installation%s\n", d->scan.n,
                d->scan.n == 1 ? "" : "s", total, total == 1 ? "" : "s");
}

/* ---- XML ----------------------------------------------------------------- */

/*
 * XML 1.0 cannot carry most control characters, U+FFFE/U+FFFF or invalid
 * UTF-8 even as references: those are written as \xNN (see the schema).
 */
static char *xml_safe(const char *s)
{
    struct strbuf sb;
    size_t n = strlen(s);

    strbuf_init(&sb);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t used = utf8_decode(s + i, n - i, &cp);
        bool bad_seq = cp == 0xFFFD && used == 1;

        if (bad_seq) {
            strbuf_addf(&sb, "\\x%02X", (unsigned char)s[i]);
        } else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
                   cp == 0xFFFE || cp == 0xFFFF) {
            strbuf_addf(&sb, "\\x%02X", (unsigned)cp);
        } else {
            strbuf_add(&sb, s + i, used);
        }
        i += used;
    }
    return strbuf_detach(&sb, NULL);
}

struct xw {
    xmlTextWriterPtr w;
    int rc;
};

static void x_start(struct xw *x, const char *name)
{
    if (x->rc >= 0 && xmlTextWriterStartElement(x->w, (const xmlChar *)name) < 0)
        x->rc = -1;
}

static void x_end(struct xw *x)
{
    if (x->rc >= 0 && xmlTextWriterEndElement(x->w) < 0)
        x->rc = -1;
}

static void x_attr(struct xw *x, const char *name, const char *value)
{
    if (x->rc < 0 || !value)
        return;
    char *v = xml_safe(value);

    if (xmlTextWriterWriteAttribute(x->w, (const xmlChar *)name, (const xmlChar *)v) < 0)
        x->rc = -1;
    free(v);
}

static void x_attr_bool(struct xw *x, const char *name, bool v)
{
    x_attr(x, name, v ? "true" : "false");
}

static void x_attr_u64(struct xw *x, const char *name, uint64_t v)
{
    char buf[32];

    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
    x_attr(x, name, buf);
}

static void x_attr_time(struct xw *x, const char *name, int64_t t)
{
    struct sys_tm tm;
    char buf[40];

    if (!t)
        return;
    sys_utctime(t, &tm);
    snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ",
             tm.year + 1900, tm.mon + 1, tm.mday, tm.hour, tm.min, tm.sec);
    x_attr(x, name, buf);
}

static void x_text_elem(struct xw *x, const char *name, const char *text)
{
    if (!text)
        return;
    char *v = xml_safe(text);

    if (x->rc >= 0 &&
        xmlTextWriterWriteElement(x->w, (const xmlChar *)name, (const xmlChar *)v) < 0)
        x->rc = -1;
    free(v);
}

static void xml_user(struct xw *x, const struct win_user *u, bool sized)
{
    x_start(x, "user");
    x_attr(x, "sid", u->sid);
    x_attr(x, "key", u->key_name);
    x_attr(x, "name", u->name);
    x_attr(x, "name-source", name_source_name(u->name_source));
    x_attr(x, "kind", user_kind_name(u->kind));
    if (*u->account)
        x_attr(x, "account", u->account);
    if (*u->full_name)
        x_attr(x, "full-name", u->full_name);
    if (u->rid)
        x_attr_u64(x, "rid", u->rid);
    x_attr(x, "profile-online", u->profile_online);
    x_attr(x, "profile", u->profile_win);
    if (u->profile_path)
        x_attr(x, "path", u->profile_path);
    x_attr_bool(x, "folder-exists", u->folder_exists);
    x_attr_u64(x, "state", u->state);
    x_attr_u64(x, "flags", u->flags);
    x_attr_time(x, "last-use", u->last_use);
    x_attr_time(x, "load-time", u->load_time);
    x_attr_time(x, "unload-time", u->unload_time);
    x_attr_bool(x, "selected", u->default_selected);
    if (sized && u->sized) {
        x_attr_u64(x, "size-bytes", u->size_bytes);
        x_attr_u64(x, "size-files", u->size_files);
        x_attr_u64(x, "size-unreadable", u->size_unreadable);
        x_attr_u64(x, "size-links-skipped", u->size_links_skipped);
        x_attr_u64(x, "size-cloud-only-files", u->size_cloud_files);
        x_attr_u64(x, "size-cloud-only-bytes", u->size_cloud_bytes);
    }
    for (size_t k = 0; k < u->n_onedrive; k++) {
        const struct onedrive_account *a = &u->onedrive[k];

        x_start(x, "onedrive");
        x_attr(x, "key", a->key);
        x_attr(x, "email", a->email);
        x_attr(x, "folder", a->folder);
        if (*a->name)
            x_attr(x, "name", a->name);
        x_end(x);
    }
    x_text_elem(x, "problem", u->problem);
    x_end(x);
}

static void xml_os(struct xw *x, const struct winos *os,
                   const struct inspect_users *iu, bool sized)
{
    x_start(x, "windows");
    x_attr(x, "windir", os->windir_win);
    x_attr(x, "path", os->windir);
    x_attr(x, "system-root", os->system_root);
    x_attr(x, "product", os->product_name);
    x_attr(x, "edition", os->edition_id);
    x_attr(x, "display-version", os->display_version);
    x_attr(x, "installation-type", os->installation_type);
    x_attr(x, "current-version", os->current_version);
    if (*os->csd_version)
        x_attr(x, "csd-version", os->csd_version);
    x_attr_u64(x, "build", os->build);
    x_attr_u64(x, "ubr", os->ubr);
    x_attr(x, "family", os->family_name);
    x_attr(x, "friendly", os->friendly);
    x_attr_bool(x, "server", os->is_server);
    x_attr(x, "arch", sys_arch_name(os->arch));
    x_attr_bool(x, "syswow64", os->has_syswow64);
    x_attr_bool(x, "arch-mismatch", os->arch_mismatch);
    x_attr(x, "computer", os->computer_name);
    x_attr(x, "domain", os->domain);
    x_attr_time(x, "last-shutdown", os->last_shutdown);
    x_attr_bool(x, "hibernated", os->hibernated);
    x_attr_bool(x, "fast-startup", os->fast_startup);
    x_attr_bool(x, "dirty", os->dirty);
    if (os->dirty)
        x_attr(x, "dirty-hives", os->dirty_hives);
    x_text_elem(x, "problem", os->problem);
    if (iu) {
        x_start(x, "users");
        if (iu->problem) {
            x_text_elem(x, "problem", iu->problem);
        } else {
            x_attr_u64(x, "count", iu->list.n);
            if (*iu->info.machine_sid)
                x_attr(x, "machine-sid", iu->info.machine_sid);
            x_text_elem(x, "problem", iu->info.problem);
            for (size_t i = 0; i < iu->list.n; i++)
                xml_user(x, &iu->list.u[i], sized);
        }
        x_end(x);
    }
    x_end(x);
}

static void xml_volume(struct xw *x, const struct inspect_data *d, size_t v)
{
    const struct winvol *wv = &d->scan.vols[v];
    char letter[2] = { wv->vol.letter, '\0' };

    x_start(x, "volume");
    if (wv->vol.letter)
        x_attr(x, "letter", letter);
    x_attr(x, "root", wv->vol.root);
    x_attr(x, "label", wv->vol.label);
    x_attr(x, "fs", wv->vol.fs);
    x_attr(x, "kind", vol_kind_name(wv->vol.kind));
    x_attr_u64(x, "total-bytes", wv->vol.total_bytes);
    x_attr_u64(x, "free-bytes", wv->vol.free_bytes);
    x_attr_bool(x, "locked", wv->vol.locked);
    x_attr_bool(x, "readonly", wv->vol.readonly);
    x_attr_u64(x, "windows-count", wv->n_os);
    x_attr_bool(x, "winpe", wv->winpe);
    x_text_elem(x, "problem", wv->problem);
    for (size_t o = 0; o < wv->n_os; o++)
        xml_os(x, &wv->os[o], users_of(d, v, o), d->sized);
    x_end(x);
}

int inspect_render_xml(const struct inspect_data *d, struct strbuf *out,
                       struct wiz_err *err)
{
    xmlBufferPtr buf = xmlBufferCreate();
    struct xw x = { NULL, 0 };

    if (!buf)
        return err_set(err, WIZ_EFORMAT, "cannot write XML: out of memory");
    x.w = xmlNewTextWriterMemory(buf, 0);
    if (!x.w) {
        xmlBufferFree(buf);
        return err_set(err, WIZ_EFORMAT, "cannot write XML: no writer");
    }
    xmlTextWriterSetIndent(x.w, 1);
    xmlTextWriterSetIndentString(x.w, (const xmlChar *)"  ");
    if (xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL) < 0)
        x.rc = -1;
    x_start(&x, "inspect");
    x_attr(&x, "version", "1");
    x_attr_u64(&x, "windows-count", win_scan_count(&d->scan));
    x_attr_bool(&x, "sized", d->sized);
    for (size_t v = 0; v < d->scan.n; v++)
        xml_volume(&x, d, v);
    x_end(&x);
    if (x.rc >= 0 && xmlTextWriterEndDocument(x.w) < 0)
        x.rc = -1;
    xmlFreeTextWriter(x.w);
    if (x.rc >= 0)
        strbuf_add(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    xmlBufferFree(buf);
    if (x.rc < 0)
        return err_set(err, WIZ_EFORMAT, "cannot write XML: libxml2 failed");
    return 0;
}

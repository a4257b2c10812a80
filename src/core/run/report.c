#include "core/run/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/run/verify.h"
#include "core/usmt/xmlload.h"
#include "platform/fs.h"
#include "platform/sys.h"

/* libxml2 strings are unsigned; ours are UTF-8 char */
#define XC(s) ((const xmlChar *)(s))

#define REPORT_MAX_BYTES (16u * 1024 * 1024)
#define REPORT_MAX_DEPTH 6
#define REPORT_MAX_FILES 100000

void report_init(struct report *r)
{
    memset(r, 0, sizeof(*r));
    r->rc = -1;
}

static void strv_free(char **v)
{
    if (!v)
        return;
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

static void strv_push(char ***v, const char *s)
{
    size_t n = 0;

    while (*v && (*v)[n])
        n++;
    *v = xreallocarray(*v, n + 2, sizeof(**v));
    (*v)[n] = xstrdup(s);
    (*v)[n + 1] = NULL;
}

static void user_release(struct report_user *u)
{
    free(u->sid);
    free(u->name);
    free(u->kind);
    free(u->capture);
    free(u->note);
}

void report_release(struct report *r)
{
    char **strs[] = { &r->tool_version, &r->mode, &r->computer, &r->windows,
                      &r->technician, &r->store_path, &r->store_kind,
                      &r->command, &r->loadstate, &r->rc_symbol, &r->result,
                      &r->log_path, &r->progress_path, &r->key_fingerprint,
                      &r->store_check, &r->store_check_text,
                      &r->cloud_handling, &r->cloud_xml };

    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        free(*strs[i]);
    for (size_t i = 0; i < r->n_fields; i++) {
        free(r->fields[i].name);
        free(r->fields[i].value);
    }
    free(r->fields);
    for (size_t i = 0; i < r->n_users; i++)
        user_release(&r->users[i]);
    free(r->users);
    for (size_t i = 0; i < r->n_others; i++)
        user_release(&r->others[i]);
    free(r->others);
    strv_free(r->env);
    strv_free(r->findings);
    report_init(r);
}

void report_add_field(struct report *r, const char *name, const char *value)
{
    r->fields = xreallocarray(r->fields, r->n_fields + 1, sizeof(*r->fields));
    r->fields[r->n_fields].name = xstrdup(name);
    r->fields[r->n_fields].value = xstrdup(value ? value : "");
    r->n_fields++;
}

void report_add_user(struct report *r, const char *sid, const char *name,
                     const char *kind, uint64_t bytes)
{
    r->users = xreallocarray(r->users, r->n_users + 1, sizeof(*r->users));
    memset(&r->users[r->n_users], 0, sizeof(r->users[0]));
    r->users[r->n_users].sid = xstrdup(sid ? sid : "");
    r->users[r->n_users].name = xstrdup(name ? name : "");
    r->users[r->n_users].kind = xstrdup(kind ? kind : "");
    r->users[r->n_users].bytes = bytes;
    r->n_users++;
}

void report_set_user_capture(struct report *r, size_t i, const char *capture,
                             const char *note, bool stored_known,
                             uint64_t stored_bytes)
{
    if (i >= r->n_users)
        return;
    free(r->users[i].capture);
    free(r->users[i].note);
    r->users[i].capture = xstrdup(capture ? capture : "");
    r->users[i].note = xstrdup(note ? note : "");
    r->users[i].stored_known = stored_known;
    r->users[i].stored_bytes = stored_bytes;
}

void report_add_other(struct report *r, const char *sid, const char *name,
                      const char *kind, const char *why)
{
    r->others = xreallocarray(r->others, r->n_others + 1,
                              sizeof(*r->others));
    struct report_user *u = &r->others[r->n_others++];

    memset(u, 0, sizeof(*u));
    u->sid = xstrdup(sid ? sid : "");
    u->name = xstrdup(name ? name : "");
    u->kind = xstrdup(kind ? kind : "");
    u->capture = xstrdup("not selected");
    u->note = xstrdup(why ? why : "");
}

void report_add_finding(struct report *r, const char *text)
{
    strv_push(&r->findings, text);
}

void report_add_env(struct report *r, const char *name_value)
{
    strv_push(&r->env, name_value);
}

const char *report_result_for_rc(int rc)
{
    if (rc < 0)
        return "not-started";
    if (rc == 0)
        return "success";
    if (rc == 3)
        return "success-with-skipped-errors";
    if (rc == 2)
        return "cancelled";
    return "failed";
}

static void iso_time(int64_t t, char *buf, size_t size)
{
    struct sys_tm tm;

    if (!t) {
        snprintf(buf, size, "%s", "");
        return;
    }
    sys_utctime(t, &tm);
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.year + 1900,
             tm.mon + 1, tm.mday, tm.hour, tm.min, tm.sec);
}

static int64_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 +
                         d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + (int64_t)doe - 719468;
}

static int64_t parse_iso_time(const char *s)
{
    int y, mo, d, h, mi, se;

    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi,
                     &se) != 6)
        return 0;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        se > 60)
        return 0;
    return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
           h * 3600 + mi * 60 + se;
}

/* XML 1.0 cannot carry most control characters: escape them visibly. */
static char *xml_safe(const char *s)
{
    struct strbuf sb;
    size_t n = strlen(s);
    size_t i = 0;

    strbuf_init(&sb);
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);

        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
            cp == 0xFFFE || cp == 0xFFFF || (cp == 0xFFFD && k == 1 &&
                                             (unsigned char)s[i] != 0xEF))
            strbuf_addf(&sb, "\\x%02X", (unsigned char)s[i]);
        else
            strbuf_add(&sb, s + i, k);
        i += k;
    }
    return strbuf_detach(&sb, NULL);
}

static int w_elem(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *safe = xml_safe(value ? value : "");
    int r = xmlTextWriterWriteElement(w, XC(name), XC(safe));

    free(safe);
    return r;
}

static int w_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
    char *safe = xml_safe(value ? value : "");
    int r = xmlTextWriterWriteAttribute(w, XC(name), XC(safe));

    free(safe);
    return r;
}

/* capture="…" storedBytes="…" note="…" of a user checked after the run. */
static int w_user_capture(xmlTextWriterPtr w, const struct report_user *u)
{
    char num[32];
    int bad = 0;

    if (!u->capture)
        return 0;
    bad |= w_attr(w, "capture", u->capture) < 0;
    if (u->stored_known) {
        snprintf(num, sizeof(num), "%llu",
                 (unsigned long long)u->stored_bytes);
        bad |= w_attr(w, "storedBytes", num) < 0;
    }
    if (u->note && *u->note)
        bad |= w_attr(w, "note", u->note) < 0;
    return bad ? -1 : 0;
}

/*
 * The start both reports share: the document, its root element of
 * version 1, the tool, the mode (capture only), simulated, started and
 * finished.  NULL when the writer cannot be made.
 */
static xmlTextWriterPtr xml_begin(xmlBufferPtr *buf, const char *root,
                                  const char *tool, const char *mode,
                                  bool simulated, int64_t started,
                                  int64_t finished, int *bad)
{
    xmlTextWriterPtr w;
    char when[40];

    *buf = xmlBufferCreate();
    w = *buf ? xmlNewTextWriterMemory(*buf, 0) : NULL;
    if (!w) {
        if (*buf)
            xmlBufferFree(*buf);
        return NULL;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, XC("  "));
    *bad |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
    *bad |= xmlTextWriterStartElement(w, XC(root)) < 0;
    *bad |= w_attr(w, "version", "1") < 0;
    *bad |= w_elem(w, "tool", tool) < 0;
    if (mode)
        *bad |= w_elem(w, "mode", mode) < 0;
    *bad |= w_elem(w, "simulated", simulated ? "yes" : "no") < 0;
    iso_time(started, when, sizeof(when));
    *bad |= w_elem(w, "started", when) < 0;
    iso_time(finished, when, sizeof(when));
    *bad |= w_elem(w, "finished", when) < 0;
    return w;
}

/* Close the root and the document; the text into out unless bad. */
static int xml_end(xmlTextWriterPtr w, xmlBufferPtr buf, int bad,
                   struct strbuf *out, struct wiz_err *err)
{
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    if (bad) {
        xmlBufferFree(buf);
        return err_set(err, WIZ_EIO, "cannot write the report as XML");
    }
    strbuf_add(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    xmlBufferFree(buf);
    return 0;
}

int report_to_xml(const struct report *r, struct strbuf *out,
                  struct wiz_err *err)
{
    xmlBufferPtr buf;
    int bad = 0;
    xmlTextWriterPtr w = xml_begin(&buf, "usmtwizReport", r->tool_version,
                                   r->mode, r->simulated, r->started,
                                   r->finished, &bad);
    char num[64];

    if (!w)
        return err_set(err, WIZ_EIO, "cannot create the report writer");
    bad |= w_elem(w, "computer", r->computer) < 0;
    bad |= w_elem(w, "windows", r->windows) < 0;
    bad |= w_elem(w, "technician", r->technician) < 0;
    bad |= xmlTextWriterStartElement(w, XC("ticket")) < 0;
    for (size_t i = 0; i < r->n_fields; i++) {
        bad |= xmlTextWriterStartElement(w, XC("field")) < 0;
        bad |= w_attr(w, "name", r->fields[i].name) < 0;
        char *safe = xml_safe(r->fields[i].value);

        bad |= xmlTextWriterWriteString(w, XC(safe)) < 0;
        free(safe);
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= xmlTextWriterStartElement(w, XC("users")) < 0;
    for (size_t i = 0; i < r->n_users; i++) {
        bad |= xmlTextWriterStartElement(w, XC("user")) < 0;
        bad |= w_attr(w, "sid", r->users[i].sid) < 0;
        bad |= w_attr(w, "kind", r->users[i].kind) < 0;
        snprintf(num, sizeof(num), "%llu",
                 (unsigned long long)r->users[i].bytes);
        bad |= w_attr(w, "bytes", num) < 0;
        bad |= w_user_capture(w, &r->users[i]) < 0;
        char *safe = xml_safe(r->users[i].name);

        bad |= xmlTextWriterWriteString(w, XC(safe)) < 0;
        free(safe);
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= xmlTextWriterStartElement(w, XC("notSelected")) < 0;
    for (size_t i = 0; i < r->n_others; i++) {
        bad |= xmlTextWriterStartElement(w, XC("user")) < 0;
        bad |= w_attr(w, "sid", r->others[i].sid) < 0;
        bad |= w_attr(w, "kind", r->others[i].kind) < 0;
        bad |= w_attr(w, "why", r->others[i].note) < 0;
        char *safe = xml_safe(r->others[i].name);

        bad |= xmlTextWriterWriteString(w, XC(safe)) < 0;
        free(safe);
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= xmlTextWriterStartElement(w, XC("store")) < 0;
    bad |= w_attr(w, "kind", r->store_kind) < 0;
    snprintf(num, sizeof(num), "%llu", (unsigned long long)r->store_bytes);
    bad |= w_attr(w, "bytes", num) < 0;
    snprintf(num, sizeof(num), "%llu", (unsigned long long)r->total_mb);
    bad |= w_attr(w, "transferMB", num) < 0;
    char *safe = xml_safe(r->store_path ? r->store_path : "");

    bad |= xmlTextWriterWriteString(w, XC(safe)) < 0;
    free(safe);
    bad |= xmlTextWriterEndElement(w) < 0;
    if (r->store_check) {
        bad |= xmlTextWriterStartElement(w, XC("storeCheck")) < 0;
        bad |= w_attr(w, "result", r->store_check) < 0;
        if (r->mig_bytes) {
            snprintf(num, sizeof(num), "%llu",
                     (unsigned long long)r->mig_bytes);
            bad |= w_attr(w, "migBytes", num) < 0;
        }
        if (r->store_files) {
            snprintf(num, sizeof(num), "%llu",
                     (unsigned long long)r->store_files);
            bad |= w_attr(w, "files", num) < 0;
            snprintf(num, sizeof(num), "%llu",
                     (unsigned long long)r->store_file_bytes);
            bad |= w_attr(w, "fileBytes", num) < 0;
        }
        char *ct = xml_safe(r->store_check_text ? r->store_check_text : "");

        bad |= xmlTextWriterWriteString(w, XC(ct)) < 0;
        free(ct);
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    if (r->cloud_handling) {
        bad |= xmlTextWriterStartElement(w, XC("cloudOnly")) < 0;
        bad |= w_attr(w, "handling", r->cloud_handling) < 0;
        snprintf(num, sizeof(num), "%llu",
                 (unsigned long long)r->cloud_files);
        bad |= w_attr(w, "files", num) < 0;
        snprintf(num, sizeof(num), "%llu",
                 (unsigned long long)r->cloud_bytes);
        bad |= w_attr(w, "bytes", num) < 0;
        snprintf(num, sizeof(num), "%llu",
                 (unsigned long long)r->cloud_excluded);
        bad |= w_attr(w, "excluded", num) < 0;
        if (r->cloud_xml)
            bad |= w_attr(w, "xml", r->cloud_xml) < 0;
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    bad |= w_elem(w, "command", r->command) < 0;
    if (r->loadstate)
        bad |= w_elem(w, "loadstate", r->loadstate) < 0;
    if (r->key_fingerprint)
        bad |= w_elem(w, "keyFingerprint", r->key_fingerprint) < 0;
    bad |= xmlTextWriterStartElement(w, XC("environment")) < 0;
    for (size_t i = 0; r->env && r->env[i]; i++)
        bad |= w_elem(w, "var", r->env[i]) < 0;
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= xmlTextWriterStartElement(w, XC("findings")) < 0;
    for (size_t i = 0; r->findings && r->findings[i]; i++)
        bad |= w_elem(w, "finding", r->findings[i]) < 0;
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= xmlTextWriterStartElement(w, XC("result")) < 0;
    snprintf(num, sizeof(num), "%d", r->rc);
    bad |= w_attr(w, "rc", num) < 0;
    bad |= w_attr(w, "symbol", r->rc_symbol) < 0;
    snprintf(num, sizeof(num), "%u", (unsigned)r->ignored_errors);
    bad |= w_attr(w, "ignoredErrors", num) < 0;
    safe = xml_safe(r->result ? r->result : report_result_for_rc(r->rc));
    bad |= xmlTextWriterWriteString(w, XC(safe)) < 0;
    free(safe);
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= w_elem(w, "scanstateLog", r->log_path) < 0;
    bad |= w_elem(w, "progressLog", r->progress_path) < 0;
    return xml_end(w, buf, bad, out, err);
}

static void text_user(const struct report *r, const struct report_user *u,
                      struct strbuf *out)
{
    char *name = utf8_escape_for_terminal(u->name);
    size_t w = utf8_width(name);
    char size[32];

    strbuf_addf(out, "  %s%*s %-10s %s\n", name, w < 24 ? (int)(24 - w) : 0,
                "", u->kind, u->sid);
    free(name);
    if (!u->capture)
        return;
    strbuf_addf(out, "      %s", !strcmp(u->capture, "not captured")
                                     ? "NOT CAPTURED" : u->capture);
    if (u->stored_known)
        strbuf_addf(out, ", %s in the store",
                    str_human_size(u->stored_bytes, size, sizeof(size)));
    else if (strcmp(u->capture, "not captured") && r->store_kind &&
             !strcmp(r->store_kind, "compressed"))
        strbuf_adds(out, ", " VERIFY_COMPRESSED_SIZE);
    if (u->note && *u->note)
        strbuf_addf(out, ": %s", u->note);
    strbuf_addch(out, '\n');
}

void report_to_text(const struct report *r, struct strbuf *out)
{
    char when[40];
    char size[32];

    strbuf_addf(out, "usmtwiz %s capture report\n",
                r->tool_version ? r->tool_version : "");
    strbuf_addf(out, "Result:     %s (scanstate return code %d%s%s)\n",
                r->result ? r->result : report_result_for_rc(r->rc), r->rc,
                r->rc_symbol ? " " : "", r->rc_symbol ? r->rc_symbol : "");
    if (r->result && !strcmp(r->result, "incomplete"))
        strbuf_adds(out, "            a selected user is NOT in the store "
                         "(see Users)\n");
    else if (r->result && (!strcmp(r->result, "killed") ||
                           !strcmp(r->result, "cancelled")))
        strbuf_adds(out, "            the store is incomplete: do not "
                         "restore it\n");
    if (r->simulated)
        strbuf_adds(out, "            simulated run (scanstate-sim)\n");
    iso_time(r->started, when, sizeof(when));
    strbuf_addf(out, "Started:    %s\n", when);
    iso_time(r->finished, when, sizeof(when));
    strbuf_addf(out, "Finished:   %s\n", when);
    strbuf_addf(out, "Computer:   %s\n", r->computer ? r->computer : "");
    strbuf_addf(out, "Windows:    %s\n", r->windows ? r->windows : "");
    if (r->technician && *r->technician)
        strbuf_addf(out, "Technician: %s\n", r->technician);
    for (size_t i = 0; i < r->n_fields; i++)
        strbuf_addf(out, "Ticket:     %s = %s\n", r->fields[i].name,
                    r->fields[i].value);
    strbuf_addf(out, "Store:      %s (%s, %s)\n",
                r->store_path ? r->store_path : "",
                r->store_kind ? r->store_kind : "",
                str_human_size(r->store_bytes, size, sizeof(size)));
    if (r->store_check)
        strbuf_addf(out, "Checked:    %s: %s\n", r->store_check,
                    r->store_check_text ? r->store_check_text : "");
    if (r->cloud_handling) {
        char cb[32];
        bool ex = !strcmp(r->cloud_handling, "excluded");

        strbuf_addf(out, "OneDrive:   %llu cloud-only file%s (%s), data "
                    "only in OneDrive: ",
                    (unsigned long long)r->cloud_files,
                    r->cloud_files == 1 ? "" : "s",
                    str_human_size(r->cloud_bytes, cb, sizeof(cb)));
        if (ex && r->cloud_excluded >= r->cloud_files)
            strbuf_addf(out, "excluded by %s, not in the store\n",
                        r->cloud_xml ? r->cloud_xml : "a migration XML");
        else if (ex)
            strbuf_addf(out, "%llu excluded by %s, the rest left to "
                        "scanstate (a read error each)\n",
                        (unsigned long long)r->cloud_excluded,
                        r->cloud_xml ? r->cloud_xml : "a migration XML");
        else
            strbuf_adds(out, "not excluded, left to scanstate (a read "
                             "error each), not in the store\n");
    }
    strbuf_addf(out, "Users:      %zu\n", r->n_users);
    for (size_t i = 0; i < r->n_users; i++)
        text_user(r, &r->users[i], out);
    if (r->n_others)
        strbuf_addf(out, "Not selected: %zu profile%s of real people, left "
                         "on the old disk\n", r->n_others,
                    r->n_others == 1 ? "" : "s");
    for (size_t i = 0; i < r->n_others; i++)
        text_user(r, &r->others[i], out);
    strbuf_addf(out, "Command:    %s\n", r->command ? r->command : "");
    if (r->loadstate)
        strbuf_addf(out, "Loadstate:  %s\n", r->loadstate);
    if (r->key_fingerprint)
        strbuf_addf(out, "Key:        fingerprint %s (the key itself is "
                         "not stored anywhere)\n", r->key_fingerprint);
    for (size_t i = 0; r->env && r->env[i]; i++)
        strbuf_addf(out, "  set %s\n", r->env[i]);
    for (size_t i = 0; r->findings && r->findings[i]; i++)
        strbuf_addf(out, "Finding:    %s\n", r->findings[i]);
    if (r->ignored_errors)
        strbuf_addf(out, "Skipped:    %u errors ignored because of /c\n",
                    (unsigned)r->ignored_errors);
    strbuf_addf(out, "Logs:       %s\n            %s\n",
                r->log_path ? r->log_path : "",
                r->progress_path ? r->progress_path : "");
}

/* Both files of a report into dir, each replaced atomically. */
static int write_two(const char *dir, const char *xml_name,
                     const struct strbuf *xml, const char *text_name,
                     const struct strbuf *text, struct wiz_err *err)
{
    char *xml_path = fs_join(dir, xml_name);
    char *text_path = fs_join(dir, text_name);
    int ret = 0;

    if (fs_write_file_atomic(xml_path, xml->buf, xml->len, false, err) < 0 ||
        fs_write_file_atomic(text_path, text->buf, text->len, false, err) < 0)
        ret = err_prefix(err, "cannot write the report");
    free(xml_path);
    free(text_path);
    return ret;
}

int report_write(const struct report *r, const char *dir,
                 struct wiz_err *err)
{
    struct strbuf xml = STRBUF_INIT;
    struct strbuf text = STRBUF_INIT;
    int ret = report_to_xml(r, &xml, err);

    if (ret == 0) {
        report_to_text(r, &text);
        ret = write_two(dir, REPORT_XML_NAME, &xml, REPORT_TEXT_NAME, &text,
                        err);
    }
    strbuf_release(&xml);
    strbuf_release(&text);
    return ret;
}

static char *node_text(xmlNodePtr n)
{
    xmlChar *c = n ? xmlNodeGetContent(n) : NULL;
    char *s = xstrdup(c ? (const char *)c : "");

    if (c)
        xmlFree(c);
    return s;
}

static char *attr_text(xmlNodePtr n, const char *name)
{
    xmlChar *c = xmlGetProp(n, XC(name));
    char *s = xstrdup(c ? (const char *)c : "");

    if (c)
        xmlFree(c);
    return s;
}

static uint64_t attr_u64(xmlNodePtr n, const char *name)
{
    char *s = attr_text(n, name);
    uint64_t v = 0;

    if (str_to_u64(s, &v) < 0)
        v = 0;
    free(s);
    return v;
}

static bool is_elem(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* A repeated element replaces the earlier value (which is freed). */
static void replace_text(char **field, char *value)
{
    free(*field);
    *field = value;
}

int report_read(const char *path, struct report *r, struct wiz_err *err)
{
    char *data;
    size_t len;
    xmlDocPtr doc;

    report_init(r);
    if (fs_read_file(path, REPORT_MAX_BYTES, &data, &len, err) < 0)
        return -1;
    doc = xmlload_memory(data, len, path, REPORT_MAX_BYTES, err);
    free(data);
    if (!doc)
        return -1;
    xmlNodePtr root = xmlDocGetRootElement(doc);

    if (!root || strcmp((const char *)root->name, "usmtwizReport")) {
        xmlFreeDoc(doc);
        return err_set(err, WIZ_EFORMAT,
                       "cannot read report '%s': not a usmtwiz report",
                       path);
    }
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(n, "tool")) {
            replace_text(&r->tool_version, node_text(n));
        } else if (is_elem(n, "mode")) {
            replace_text(&r->mode, node_text(n));
        } else if (is_elem(n, "simulated")) {
            char *s = node_text(n);

            r->simulated = !strcmp(s, "yes");
            free(s);
        } else if (is_elem(n, "started") || is_elem(n, "finished")) {
            char *s = node_text(n);

            if (is_elem(n, "started"))
                r->started = parse_iso_time(s);
            else
                r->finished = parse_iso_time(s);
            free(s);
        } else if (is_elem(n, "computer")) {
            replace_text(&r->computer, node_text(n));
        } else if (is_elem(n, "windows")) {
            replace_text(&r->windows, node_text(n));
        } else if (is_elem(n, "technician")) {
            replace_text(&r->technician, node_text(n));
        } else if (is_elem(n, "ticket")) {
            for (xmlNodePtr f = n->children; f; f = f->next) {
                if (!is_elem(f, "field"))
                    continue;
                char *name = attr_text(f, "name");
                char *value = node_text(f);

                report_add_field(r, name, value);
                free(name);
                free(value);
            }
        } else if (is_elem(n, "users")) {
            for (xmlNodePtr u = n->children; u; u = u->next) {
                if (!is_elem(u, "user"))
                    continue;
                char *sid = attr_text(u, "sid");
                char *kind = attr_text(u, "kind");
                char *name = node_text(u);

                report_add_user(r, sid, name, kind, attr_u64(u, "bytes"));
                char *cap = attr_text(u, "capture");

                if (cap) {
                    char *note = attr_text(u, "note");
                    char *stored = attr_text(u, "storedBytes");

                    report_set_user_capture(r, r->n_users - 1, cap, note,
                                            stored != NULL,
                                            attr_u64(u, "storedBytes"));
                    free(note);
                    free(stored);
                }
                free(cap);
                free(sid);
                free(kind);
                free(name);
            }
        } else if (is_elem(n, "store")) {
            replace_text(&r->store_kind, attr_text(n, "kind"));
            /* reports before the schema word was used wrote "hard-link" */
            if (r->store_kind && !strcmp(r->store_kind, "hard-link"))
                replace_text(&r->store_kind, xstrdup("hardlink"));
            r->store_bytes = attr_u64(n, "bytes");
            r->total_mb = attr_u64(n, "transferMB");
            replace_text(&r->store_path, node_text(n));
        } else if (is_elem(n, "storeCheck")) {
            replace_text(&r->store_check, attr_text(n, "result"));
            replace_text(&r->store_check_text, node_text(n));
            r->mig_bytes = attr_u64(n, "migBytes");
            r->store_files = attr_u64(n, "files");
            r->store_file_bytes = attr_u64(n, "fileBytes");
        } else if (is_elem(n, "cloudOnly")) {
            replace_text(&r->cloud_handling, attr_text(n, "handling"));
            replace_text(&r->cloud_xml, attr_text(n, "xml"));
            r->cloud_files = attr_u64(n, "files");
            r->cloud_bytes = attr_u64(n, "bytes");
            r->cloud_excluded = attr_u64(n, "excluded");
        } else if (is_elem(n, "command")) {
            replace_text(&r->command, node_text(n));
        } else if (is_elem(n, "loadstate")) {
            replace_text(&r->loadstate, node_text(n));
        } else if (is_elem(n, "keyFingerprint")) {
            replace_text(&r->key_fingerprint, node_text(n));
        } else if (is_elem(n, "environment")) {
            for (xmlNodePtr v = n->children; v; v = v->next) {
                if (is_elem(v, "var")) {
                    char *s = node_text(v);

                    report_add_env(r, s);
                    free(s);
                }
            }
        } else if (is_elem(n, "findings")) {
            for (xmlNodePtr v = n->children; v; v = v->next) {
                if (is_elem(v, "finding")) {
                    char *s = node_text(v);

                    report_add_finding(r, s);
                    free(s);
                }
            }
        } else if (is_elem(n, "result")) {
            char *rc = attr_text(n, "rc");

            r->rc = (int)strtol(rc, NULL, 10);
            free(rc);
            replace_text(&r->rc_symbol, attr_text(n, "symbol"));
            r->ignored_errors = (uint32_t)attr_u64(n, "ignoredErrors");
            replace_text(&r->result, node_text(n));
        } else if (is_elem(n, "scanstateLog")) {
            replace_text(&r->log_path, node_text(n));
        } else if (is_elem(n, "progressLog")) {
            replace_text(&r->progress_path, node_text(n));
        }
    }
    xmlFreeDoc(doc);
    return 0;
}

struct found {
    char **paths;
    size_t n;
    size_t alloc;
};

static void find_reports(const char *dir, int depth, struct found *f)
{
    struct fs_dir *d;
    const char *name;

    if (depth > REPORT_MAX_DEPTH || f->n >= REPORT_MAX_FILES)
        return;
    if (fs_dir_open(dir, &d, NULL) < 0)
        return;
    while (fs_dir_next(d, &name, NULL) == 1) {
        char *p = fs_join(dir, name);
        struct fs_stat st;

        if (fs_stat(p, &st, NULL) == 0) {
            if (st.type == FS_FILE && str_ieq(name, REPORT_XML_NAME)) {
                XGROW(f->paths, f->alloc, f->n + 1);
                f->paths[f->n++] = p;
                continue;
            }
            if (st.type == FS_DIR)
                find_reports(p, depth + 1, f);
        }
        free(p);
    }
    fs_dir_close(d);
}

struct row {
    struct report r;
    char *path;
};

static int cmp_rows(const void *a, const void *b)
{
    const struct row *x = a;
    const struct row *y = b;

    if (x->r.started != y->r.started)
        return x->r.started < y->r.started ? 1 : -1;
    return strcmp(x->path, y->path);
}

static void csv_field(struct strbuf *out, const char *s, bool last)
{
    bool quote = strpbrk(s, ",\"\r\n") != NULL;

    if (quote) {
        strbuf_addch(out, '"');
        for (; *s; s++) {
            if (*s == '"')
                strbuf_addch(out, '"');
            strbuf_addch(out, *s);
        }
        strbuf_addch(out, '"');
    } else {
        strbuf_adds(out, s);
    }
    strbuf_addch(out, last ? '\n' : ',');
}

static const char *field_of(const struct report *r, const char *name)
{
    for (size_t i = 0; i < r->n_fields; i++) {
        if (str_ieq(r->fields[i].name, name))
            return r->fields[i].value;
    }
    return "";
}

int report_summarize(char *const *dirs, size_t n, enum report_format fmt,
                     struct strbuf *out, struct wiz_err *err)
{
    struct found f = { NULL, 0, 0 };
    struct strbuf problems;
    size_t readable_dirs = 0;
    struct row *rows;
    size_t nrows = 0;

    for (size_t i = 0; i < n; i++) {
        if (!fs_is_dir(dirs[i]))
            continue;
        readable_dirs++;
        find_reports(dirs[i], 0, &f);
    }
    if (!readable_dirs)
        return err_set(err, WIZ_ENOENT, "cannot read any of the folders "
                                        "given");
    strbuf_init(&problems);
    rows = xcalloc(f.n ? f.n : 1, sizeof(*rows));
    for (size_t i = 0; i < f.n; i++) {
        struct wiz_err e;

        if (report_read(f.paths[i], &rows[nrows].r, &e) < 0) {
            strbuf_addf(&problems, "%s\n", e.msg);
            free(f.paths[i]);
            continue;
        }
        rows[nrows++].path = f.paths[i];
    }
    free(f.paths);
    qsort(rows, nrows, sizeof(*rows), cmp_rows);
    if (fmt == REPORT_CSV)
        strbuf_adds(out, "date,machine,technician,customer,job,users,"
                         "bytes,duration_s,result,rc,report\n");
    else
        strbuf_addf(out, "%-16s %-15s %-12s %5s %9s %8s %-28s\n", "date",
                    "machine", "technician", "users", "size", "duration",
                    "result");
    for (size_t i = 0; i < nrows; i++) {
        const struct report *r = &rows[i].r;
        char when[40];
        char size[32];
        char dur[32];
        char users[16];
        char bytes[32];
        char rc[16];
        struct sys_tm tm;

        when[0] = '\0';
        if (r->started) {
            sys_utctime(r->started, &tm);
            snprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d",
                     tm.year + 1900, tm.mon + 1, tm.mday, tm.hour, tm.min);
        }
        int64_t secs = (r->finished > r->started && r->started)
                           ? r->finished - r->started : 0;

        snprintf(dur, sizeof(dur), "%lld:%02lld", (long long)(secs / 60),
                 (long long)(secs % 60));
        snprintf(users, sizeof(users), "%zu", r->n_users);
        snprintf(bytes, sizeof(bytes), "%llu",
                 (unsigned long long)r->store_bytes);
        snprintf(rc, sizeof(rc), "%d", r->rc);
        const char *result = r->result && *r->result
                                 ? r->result : report_result_for_rc(r->rc);

        if (fmt == REPORT_CSV) {
            csv_field(out, when, false);
            csv_field(out, r->computer ? r->computer : "", false);
            csv_field(out, r->technician ? r->technician : "", false);
            csv_field(out, field_of(r, "customer"), false);
            csv_field(out, field_of(r, "job"), false);
            csv_field(out, users, false);
            csv_field(out, bytes, false);
            snprintf(dur, sizeof(dur), "%lld", (long long)secs);
            csv_field(out, dur, false);
            csv_field(out, result, false);
            csv_field(out, rc, false);
            csv_field(out, rows[i].path, true);
        } else {
            char *machine = utf8_escape_for_terminal(r->computer ? r->computer
                                                                 : "");
            char *tech = utf8_escape_for_terminal(r->technician
                                                      ? r->technician : "");

            strbuf_addf(out, "%-16s %-15.15s %-12.12s %5s %9s %8s %s (%d)\n",
                        when, machine, tech, users,
                        str_human_size(r->store_bytes, size, sizeof(size)),
                        dur, result, r->rc);
            free(machine);
            free(tech);
        }
    }
    if (problems.len && fmt == REPORT_TABLE)
        strbuf_addf(out, "\nreports that could not be read:\n%s",
                    problems.buf);
    for (size_t i = 0; i < nrows; i++) {
        report_release(&rows[i].r);
        free(rows[i].path);
    }
    free(rows);
    strbuf_release(&problems);
    return (int)nrows;
}

/* ---- the restore's receipt ----------------------------------------------- */

int restore_report_to_xml(const struct restore_report *r, struct strbuf *out,
                          struct wiz_err *err)
{
    xmlBufferPtr buf;
    int bad = 0;
    xmlTextWriterPtr w = xml_begin(&buf, "usmtwizRestoreReport",
                                   r->tool_version, NULL, r->simulated,
                                   r->started, r->finished, &bad);
    char num[32];

    if (!w)
        return err_set(err, WIZ_EIO, "cannot create the report writer");
    bad |= w_elem(w, "computer", r->computer) < 0;
    bad |= w_elem(w, "sourceComputer", r->source_computer) < 0;
    bad |= xmlTextWriterStartElement(w, XC("store")) < 0;
    bad |= w_attr(w, "kind", r->store_kind) < 0;
    bad |= w_attr(w, "encrypted", r->encrypted ? "yes" : "no") < 0;
    char *safe = xml_safe(r->store_path ? r->store_path : "");

    bad |= xmlTextWriterWriteString(w, XC(safe)) < 0;
    free(safe);
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= xmlTextWriterStartElement(w, XC("users")) < 0;
    for (size_t i = 0; i < r->n_users; i++) {
        const struct restore_report_user *u = &r->users[i];

        bad |= xmlTextWriterStartElement(w, XC("user")) < 0;
        bad |= w_attr(w, "sid", u->sid) < 0;
        bad |= w_attr(w, "kind", u->kind) < 0;
        bad |= w_attr(w, "account", u->account) < 0;
        bad |= w_attr(w, "how", u->how) < 0;
        bad |= w_attr(w, "result", u->result) < 0;
        if (u->note)
            bad |= w_attr(w, "note", u->note) < 0;
        safe = xml_safe(u->name ? u->name : "");
        bad |= xmlTextWriterWriteString(w, XC(safe)) < 0;
        free(safe);
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= w_elem(w, "command", r->command) < 0;
    bad |= xmlTextWriterStartElement(w, XC("findings")) < 0;
    for (size_t i = 0; i < r->n_findings; i++)
        bad |= w_elem(w, "finding", r->findings[i]) < 0;
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= xmlTextWriterStartElement(w, XC("result")) < 0;
    snprintf(num, sizeof(num), "%d", r->rc);
    bad |= w_attr(w, "rc", num) < 0;
    bad |= w_attr(w, "symbol", r->rc_symbol) < 0;
    safe = xml_safe(r->result ? r->result : "");
    bad |= xmlTextWriterWriteString(w, XC(safe)) < 0;
    free(safe);
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= w_elem(w, "loadstateLog", r->log_path) < 0;
    bad |= w_elem(w, "progressLog", r->progress_path) < 0;
    return xml_end(w, buf, bad, out, err);
}

void restore_report_to_text(const struct restore_report *r,
                            struct strbuf *out)
{
    char when[40];

    strbuf_addf(out, "usmtwiz %s restore report\n",
                r->tool_version ? r->tool_version : "");
    strbuf_addf(out, "Result:     %s (loadstate return code %d%s%s)\n",
                r->result ? r->result : "", r->rc, r->rc_symbol ? " " : "",
                r->rc_symbol ? r->rc_symbol : "");
    if (r->result && !strcmp(r->result, "incomplete"))
        strbuf_adds(out, "            a stored user is NOT on this PC (see "
                         "Users)\n");
    if (r->simulated)
        strbuf_adds(out, "            simulated run (loadstate-sim)\n");
    iso_time(r->started, when, sizeof(when));
    strbuf_addf(out, "Started:    %s\n", when);
    iso_time(r->finished, when, sizeof(when));
    strbuf_addf(out, "Finished:   %s\n", when);
    strbuf_addf(out, "Computer:   %s (captured on %s)\n",
                r->computer ? r->computer : "?",
                r->source_computer ? r->source_computer : "?");
    strbuf_addf(out, "Store:      %s (%s%s)\n",
                r->store_path ? r->store_path : "",
                r->store_kind ? r->store_kind : "kind unknown",
                r->encrypted ? ", encrypted" : "");
    strbuf_addf(out, "Users:      %zu\n", r->n_users);
    for (size_t i = 0; i < r->n_users; i++) {
        const struct restore_report_user *u = &r->users[i];

        strbuf_addf(out, "  %s (%s, %s) -> %s: %s%s%s%s\n      %s\n",
                    u->name ? u->name : "?", u->kind ? u->kind : "?",
                    u->sid ? u->sid : "no SID",
                    u->account ? u->account : "?",
                    u->result ? u->result : "?", u->note ? " (" : "",
                    u->note ? u->note : "", u->note ? ")" : "",
                    u->how ? u->how : "");
    }
    strbuf_addf(out, "Command:    %s\n", r->command ? r->command : "");
    for (size_t i = 0; i < r->n_findings; i++)
        strbuf_addf(out, "Finding:    %s\n", r->findings[i]);
    strbuf_addf(out, "Logs:       %s\n            %s\n",
                r->log_path ? r->log_path : "",
                r->progress_path ? r->progress_path : "");
}

int restore_report_write(const struct restore_report *r, const char *dir,
                         struct wiz_err *err)
{
    struct strbuf xml = STRBUF_INIT;
    struct strbuf text = STRBUF_INIT;
    int ret = restore_report_to_xml(r, &xml, err);

    if (ret == 0) {
        restore_report_to_text(r, &text);
        ret = write_two(dir, RESTORE_REPORT_XML_NAME, &xml,
                        RESTORE_REPORT_TEXT_NAME, &text, err);
    }
    strbuf_release(&xml);
    strbuf_release(&text);
    return ret;
}

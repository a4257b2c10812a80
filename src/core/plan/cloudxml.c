#include "core/plan/cloudxml.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "base/err.h"
#include "base/str.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/plan/plan.h"

#define XC(s) ((const xmlChar *)(s))

/* Can part (len bytes) stand in a pattern as itself? */
static bool part_ok(const char *part, size_t len)
{
    if (!len || part[0] == ' ' || part[len - 1] == ' ')
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)part[i];

        if (c < 0x20 || c == 0x7f || c == '[' || c == ']' || c == '*' ||
            c == '?')
            return false;
    }
    return true;
}

/* Every '\\'-separated part of path ok (a drive "C:" is a part too). */
static bool path_ok(const char *path)
{
    const char *p = path;

    if (!utf8_is_valid(path, strlen(path)))
        return false;
    for (;;) {
        const char *bs = strchr(p, '\\');
        size_t n = bs ? (size_t)(bs - p) : strlen(p);

        if (!part_ok(p, n))
            return false;
        if (!bs)
            return true;
        p = bs + 1;
    }
}

char *cloudxml_pattern(const char *profile_online, const char *rel)
{
    if (!profile_online || !rel || !path_ok(profile_online) ||
        !path_ok(rel))
        return NULL;
    const char *bs = strrchr(rel, '\\');

    if (!bs)
        return xasprintf("%s [%s]", profile_online, rel);
    return xasprintf("%s\\%.*s [%s]", profile_online, (int)(bs - rel), rel,
                     bs + 1);
}

static int write_user(xmlTextWriterPtr w, const struct cloudxml_user *u,
                      struct cloudxml_count *c)
{
    int bad = 0;
    size_t listed = 0;

    for (size_t i = 0; i < u->n; i++) {
        char *pat = cloudxml_pattern(u->profile_online, u->rel[i]);

        if (!pat) {
            c->unsafe++;
            continue;
        }
        if (!listed++) {
            char *dn = xasprintf("usmtwiz: OneDrive files of %s whose data "
                                 "is only in the cloud (not on this disk)",
                                 u->name && *u->name ? u->name : "a user");

            bad |= xmlTextWriterStartElement(w, XC("component")) < 0;
            bad |= xmlTextWriterWriteAttribute(w, XC("type"),
                                               XC("Documents")) < 0;
            bad |= xmlTextWriterWriteAttribute(w, XC("context"),
                                               XC("System")) < 0;
            bad |= xmlTextWriterWriteElement(w, XC("displayName"),
                                             XC(dn)) < 0;
            bad |= xmlTextWriterStartElement(w, XC("role")) < 0;
            bad |= xmlTextWriterWriteAttribute(w, XC("role"), XC("Data")) < 0;
            bad |= xmlTextWriterStartElement(w, XC("rules")) < 0;
            bad |= xmlTextWriterStartElement(w,
                                             XC("unconditionalExclude")) < 0;
            bad |= xmlTextWriterStartElement(w, XC("objectSet")) < 0;
            free(dn);
        }
        bad |= xmlTextWriterStartElement(w, XC("pattern")) < 0;
        bad |= xmlTextWriterWriteAttribute(w, XC("type"), XC("File")) < 0;
        bad |= xmlTextWriterWriteString(w, XC(pat)) < 0;
        bad |= xmlTextWriterEndElement(w) < 0;
        free(pat);
        c->listed++;
    }
    if (listed) {
        /* objectSet, unconditionalExclude, rules, role, component */
        for (int k = 0; k < 5; k++)
            bad |= xmlTextWriterEndElement(w) < 0;
    }
    return bad ? -1 : 0;
}

int cloudxml_to_string(const struct cloudxml_user *users, size_t n,
                       char **out, size_t *len, struct cloudxml_count *count,
                       struct wiz_err *err)
{
    struct cloudxml_count c = { 0, 0 };
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    int bad = 0;

    *out = NULL;
    if (len)
        *len = 0;
    if (!w)
        die("out of memory");
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, XC("  "));
    bad |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
    bad |= xmlTextWriterStartElement(w, XC("migration")) < 0;
    bad |= xmlTextWriterWriteAttribute(w, XC("urlid"), XC(CLOUDXML_URLID)) < 0;
    for (size_t i = 0; i < n && !bad; i++)
        bad |= write_user(w, &users[i], &c) < 0;
    bad |= xmlTextWriterEndElement(w) < 0;
    bad |= xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    if (bad) {
        xmlBufferFree(buf);
        return err_set(err, WIZ_EIO, "cannot write the migration XML that "
                       "excludes the cloud-only files");
    }
    *out = xstrndup((const char *)xmlBufferContent(buf),
                    (size_t)xmlBufferLength(buf));
    if (len)
        *len = (size_t)xmlBufferLength(buf);
    xmlBufferFree(buf);
    if (count)
        *count = c;
    return 0;
}

char *cloudxml_path_win(const struct plan *plan)
{
    const char *dir = plan->working_dir && *plan->working_dir
                          ? plan->working_dir : NULL;
    size_t n;

    if (dir) {
        n = strlen(dir);
        while (n && dir[n - 1] == '\\')
            n--;
    } else if (plan->log_path && strrchr(plan->log_path, '\\')) {
        dir = plan->log_path;
        n = (size_t)(strrchr(dir, '\\') - dir);
    } else {
        return NULL;
    }
    return xasprintf("%.*s\\%s", (int)n, dir, CLOUDXML_NAME);
}

bool cloudxml_in_plan(const struct plan *plan)
{
    size_t b = strlen(CLOUDXML_NAME);

    for (size_t i = 0; i < plan->xml_files.n; i++) {
        const char *x = plan->xml_files.items[i];
        size_t n = strlen(x);

        if (n >= b && str_ieq(x + n - b, CLOUDXML_NAME) &&
            (n == b || x[n - b - 1] == '\\' || x[n - b - 1] == '/'))
            return true;
    }
    return false;
}

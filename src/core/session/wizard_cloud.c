/*
 * OneDrive's cloud-only files: the migration XML that excludes them (the
 * fix of rule users-cloud-only-files) and what the report says of them.
 */
#include "core/session/wizard.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/offline/users.h"
#include "core/plan/cloudxml.h"
#include "core/plan/plan.h"
#include "core/run/report.h"
#include "core/session/wizard.h"
#include "platform/fs.h"

/* The XML the plan passes, or where it would go (caller frees). */
static char *cloud_xml_win(const struct wizard *w)
{
    size_t b = strlen(CLOUDXML_NAME);

    for (size_t i = 0; i < w->plan.xml_files.n; i++) {
        const char *x = w->plan.xml_files.items[i];
        size_t n = strlen(x);

        if (n >= b && cloudxml_in_plan(&w->plan) &&
            !strcmp(x + n - b, CLOUDXML_NAME))
            return xstrdup(x);
    }
    return cloudxml_path_win(&w->plan);
}

bool wizard_cloud_exclude_on(const struct wizard *w)
{
    return cloudxml_in_plan(&w->plan);
}

bool wizard_cloud_pending(const struct wizard *w, uint64_t *files,
                          uint64_t *bytes)
{
    uint64_t f = 0, b = 0;

    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];

        if (u->sized && u->size_cloud_files && wizard_user_selected(w, i)) {
            f += u->size_cloud_files;
            b += u->size_cloud_bytes;
        }
    }
    if (files)
        *files = f;
    if (bytes)
        *bytes = b;
    return f != 0;
}

/* Write the XML for the selected users now (to win, a Windows path). */
static int write_xml(struct wizard *w, const char *win,
                     struct cloudxml_count *count, struct wiz_err *err)
{
    struct cloudxml_user *cu = xcalloc(w->users.n + 1, sizeof(*cu));
    size_t n = 0;
    char *text = NULL;
    size_t len = 0;
    int r = -1;

    for (size_t i = 0; i < w->users.n; i++) {
        const struct win_user *u = &w->users.u[i];

        if (!u->sized || !u->cloud.n || !wizard_user_selected(w, i))
            continue;
        cu[n].name = u->name;
        cu[n].profile_online = u->profile_online;
        cu[n].rel = u->cloud.rel;
        cu[n].n = u->cloud.n;
        n++;
    }
    char *host = wizard_host_path(w, win);
    char *dir = host ? xstrdup(host) : NULL;
    char *sl = dir ? strrchr(dir, fs_sep()) : NULL;

    if (sl)
        *sl = '\0';
    if (!host)
        err_set(err, WIZ_EUSAGE, "'%s' is not on a volume of this machine",
                win);
    else if (cloudxml_to_string(cu, n, &text, &len, count, err) < 0)
        ;
    else if ((sl && !fs_exists(dir) && fs_mkdir_p(dir, err) < 0) ||
             fs_write_file_atomic(host, text, len, false, err) < 0)
        err_prefix(err, "cannot write %s", CLOUDXML_NAME);
    else
        r = 0;
    free(text);
    free(dir);
    free(host);
    free(cu);
    return r;
}

int wizard_cloud_xml_refresh(struct wizard *w, struct cloudxml_count *count,
                             struct wiz_err *err)
{
    if (count)
        memset(count, 0, sizeof(*count));
    if (!wizard_cloud_exclude_on(w))
        return 0;
    char *win = cloud_xml_win(w);
    int r = win ? write_xml(w, win, count, err)
                : err_set(err, WIZ_EUSAGE, "no folder for %s",
                          CLOUDXML_NAME);

    free(win);
    return r;
}

int wizard_cloud_exclude(struct wizard *w, struct cloudxml_count *count,
                         struct wiz_err *err)
{
    char *win = cloud_xml_win(w);

    if (count)
        memset(count, 0, sizeof(*count));
    if (!win)
        return err_set(err, WIZ_EUSAGE, "the working folder is not chosen "
                       "yet (%s goes there)", CLOUDXML_NAME);
    if (write_xml(w, win, count, err) < 0) {
        free(win);
        return -1;
    }
    if (!wizard_cloud_exclude_on(w))
        plan_add_xml(&w->plan, win);
    free(win);
    wizard_disks_changed(w);
    wizard_touch(w);
    return 0;
}

int wizard_cloud_report(struct wizard *w, struct report *r,
                        struct wiz_err *err)
{
    struct cloudxml_count c;
    uint64_t files, bytes;

    if (wizard_cloud_xml_refresh(w, &c, err) < 0)
        return -1;
    free(r->cloud_handling);
    free(r->cloud_xml);
    r->cloud_handling = NULL;
    r->cloud_xml = NULL;
    r->cloud_excluded = 0;
    if (!wizard_cloud_pending(w, &files, &bytes))
        return 0;
    r->cloud_files = files;
    r->cloud_bytes = bytes;
    if (wizard_cloud_exclude_on(w)) {
        r->cloud_handling = xstrdup("excluded");
        r->cloud_xml = cloud_xml_win(w);
        r->cloud_excluded = c.listed;
    } else {
        r->cloud_handling = xstrdup("left");
    }
    return 0;
}

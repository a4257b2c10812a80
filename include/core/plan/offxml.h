#ifndef WIZ_CORE_OFFXML_H
#define WIZ_CORE_OFFXML_H

#include <stddef.h>

#include "core/plan/plan.h"

/*
 * offline.xml, the file given with /offline:
 *
 *   <offline>
 *     <winDir><path>D:\Windows</path>...</winDir>
 *     <mappings><path>C:\, D:\</path>...</mappings>      (optional)
 *     <failOnMultipleWinDir>1</failOnMultipleWinDir>     (optional)
 *   </offline>
 *
 * Element names are case-sensitive in the documentation.  When reading,
 * names that match only without case (<WinDir>, as found in real scripts)
 * are still read but reported in problems, as are unknown elements and
 * empty paths, so lint can say what scanstate may not accept.
 */

struct wiz_err;

#define OFFXML_UNSET (-1)

struct offxml {
    struct plan_strv windirs;   /* <winDir><path>, in order */
    struct plan_strv mappings;  /* <mappings><path>, trimmed, in order */
    int fail_on_multiple;       /* OFFXML_UNSET, 0, 1, or PLAN_INVALID */
    struct plan_strv problems;  /* reading only: messages for lint */
};

void offxml_init(struct offxml *x);
void offxml_release(struct offxml *x);

/*
 * Fill x (initialised, normally empty) from the plan: offline_windir then
 * extra_windirs; offline_mappings; failOnMultipleWinDir 1 when
 * fail_on_multiple_windir, else left out.
 */
void offxml_from_plan(struct offxml *x, const struct plan *plan);

/*
 * The document as UTF-8 text (caller frees).  Fails with WIZ_EUSAGE when
 * there is no Windows folder or a path is empty, not UTF-8, or holds a
 * control character (XML 1.0 cannot carry it).
 */
int offxml_to_string(const struct offxml *x, char **out, size_t *len,
                     struct wiz_err *err);
/* Write it to path (atomically; an existing file is replaced). */
int offxml_write(const char *path, const struct offxml *x,
                 struct wiz_err *err);

/*
 * Read an offline.xml (x initialised; lists are appended to).  Malformed
 * XML fails with libxml2's message and line; a root other than <offline>
 * (any case) fails with WIZ_EFORMAT.  Everything else is a problem.
 */
int offxml_parse(const char *data, size_t len, const char *name,
                 struct offxml *x, struct wiz_err *err);
int offxml_read(const char *path, struct offxml *x, struct wiz_err *err);

#endif

#ifndef WIZ_CORE_CLOUDXML_H
#define WIZ_CORE_CLOUDXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The migration XML that keeps OneDrive's cloud-only files out of a
 * capture (passed with /i).  Offline, scanstate cannot read a placeholder
 * whose data is only in the cloud and logs a read error for each (395);
 * listed here, each is excluded instead:
 *
 *   <migration urlid="http://www.microsoft.com/migration/1.0/migxmlext/
 *                     usmtwiz-cloud-exclude">
 *     <component type="Documents" context="System">
 *       <displayName>...</displayName>
 *       <role role="Data"><rules><unconditionalExclude><objectSet>
 *         <pattern type="File">C:\Users\bob\OneDrive [a.docx]</pattern>
 *       ...
 *
 * one component a user, one pattern a file (reference §6.2: root, component
 * and rules; the "<folder> [<file>]" form of one file is the one §5.4's
 * diagnostic log prints).  Paths are written as Windows saw them (C:), as
 * the store names them; the reference does not say how offline scanstate
 * maps the letters of /i patterns.
 */

struct plan;
struct wiz_err;

#define CLOUDXML_NAME "usmtwiz-cloud-exclude.xml"
#define CLOUDXML_URLID \
    "http://www.microsoft.com/migration/1.0/migxmlext/usmtwiz-cloud-exclude"

/* One user's part: rel are paths relative to profile_online. */
struct cloudxml_user {
    const char *name;               /* for the displayName */
    const char *profile_online;     /* "C:\\Users\\bob" */
    char *const *rel;               /* "OneDrive\\a.docx", ... */
    size_t n;
};

/* What went into the XML and what could not. */
struct cloudxml_count {
    uint64_t listed;                /* files with a pattern */
    uint64_t unsafe;                /* names no pattern can carry safely */
};

/*
 * The pattern of one file, "C:\\Users\\bob\\OneDrive [a.docx]" (caller
 * frees), or NULL when a pattern cannot name it exactly: a part holding
 * '[' or ']' (the pattern's own brackets; the reference knows no way to
 * escape them), '*' or '?', a control character or invalid UTF-8, a
 * leading or trailing space, or an empty part.  Such a file is left to
 * scanstate (its read error stays).
 */
char *cloudxml_pattern(const char *profile_online, const char *rel);

/*
 * The whole document as UTF-8 text (caller frees *out); count (may be
 * NULL) says how many files it lists and how many it had to leave.  Users
 * without a single safe pattern get no component.  Fails only when
 * libxml2 cannot write.
 */
int cloudxml_to_string(const struct cloudxml_user *users, size_t n,
                       char **out, size_t *len, struct cloudxml_count *count,
                       struct wiz_err *err);

/*
 * Where the wizard writes it: "<working folder>\\usmtwiz-cloud-exclude.xml"
 * (USMT_WORKING_DIR), else beside the log; NULL when the plan has neither.
 * Caller frees.
 */
char *cloudxml_path_win(const struct plan *plan);
/* Does the plan pass that XML (any folder) with /i? */
bool cloudxml_in_plan(const struct plan *plan);

#endif

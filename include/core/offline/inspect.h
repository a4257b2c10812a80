#ifndef WIZ_CORE_INSPECT_H
#define WIZ_CORE_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/offline/users.h"
#include "core/offline/winos.h"

/*
 * What `usmtwiz inspect` prints: every volume, every Windows installation
 * on it and its users, as readable text or as XML (the schema is in
 * assets/doc/inspect-xml.md).  Collecting reads; rendering only formats.
 */

struct strbuf;
struct wiz_err;

/* The users of one installation, in scan order. */
struct inspect_users {
    size_t vol;             /* index in scan.vols */
    size_t os;              /* index in scan.vols[vol].os */
    struct user_list list;
    struct user_load_info info;
    char *problem;          /* NULL, or why the users could not be read */
};

struct inspect_data {
    struct win_scan scan;
    struct inspect_users *users;
    size_t n_users;
    bool sized;             /* profile sizes were computed */
};

/*
 * Scan volume_root (NULL = this machine), keep only the volumes named in
 * only[0..n_only) ("D", "D:", "D:\\" or a volume root path; none = all),
 * load every installation's users and, with sizes, size their profiles.
 * Fails only when the volumes cannot be listed or a name matches no volume
 * (WIZ_EUSAGE).  Release out with inspect_data_release.
 */
int inspect_collect(const char *volume_root, const char *const *only,
                    size_t n_only, bool sizes, struct inspect_data *out,
                    struct wiz_err *err);
void inspect_data_release(struct inspect_data *d);

/* Readable text (names escaped for the terminal) appended to out. */
void inspect_render_text(const struct inspect_data *d, struct strbuf *out);
/* The XML document appended to out; -1 only if libxml2 fails. */
int inspect_render_xml(const struct inspect_data *d, struct strbuf *out,
                       struct wiz_err *err);

#endif

#ifndef WIZ_CORE_XMLLOAD_H
#define WIZ_CORE_XMLLOAD_H

#include <stddef.h>

/*
 * The one loader of the XML files usmtwiz reads: USMT rule files and
 * Config.xml (usmtxml), offline.xml (offxml), presets and reports.  At
 * most max bytes, no network, no DTD loading, no entity substitution, and
 * a document type declaration is refused outright (none of these files
 * has one; this shuts out entity expansion and external entities).
 * Errors name the file and the line: "cannot parse 'x.xml': line 8:
 * Extra content at the end of the document".  Nothing is printed.
 *
 * For the readers inside core that walk libxml2's tree themselves; no
 * libxml2 type escapes core.
 */

struct wiz_err;
struct _xmlDoc;

/*
 * Parse len bytes of data (name for messages) into a libxml2 document
 * with a root element (free it with xmlFreeDoc); NULL with err
 * (WIZ_EFORMAT: malformed, a DOCTYPE, no root; WIZ_ELIMIT: over max).
 */
struct _xmlDoc *xmlload_memory(const char *data, size_t len,
                               const char *name, size_t max,
                               struct wiz_err *err);

#endif

#ifndef WIZ_CORE_USMTXML_H
#define WIZ_CORE_USMTXML_H

#include <stdbool.h>
#include <stddef.h>

/*
 * USMT XML files: migration rule files given with /i (MigApp.xml,
 * MigDocs.xml, custom ones), Config.xml (/config, /genconfig) and
 * offline.xml (/offline, see offxml.h).
 *
 * Every file is read through the one safe loader (xmlload.h): at most
 * USMTXML_MAX_BYTES, no network, no DTD loading, no entity substitution,
 * and a document type declaration is refused outright.  Errors carry
 * libxml2's message and the line it gives: "cannot parse 'x.xml': line 8:
 * Extra content at the end of the document".  Nothing is printed.
 */

struct wiz_err;

#define USMTXML_MAX_BYTES (64u * 1024u * 1024u)

/* ---- a plain element tree (a copy: no library types escape) ---- */

struct usmtxml_attr {
    char *name;
    char *value;
};

struct usmtxml_elem {
    char *name;                 /* local name, as written (case kept) */
    char *text;                 /* own text and CDATA joined; "" if none */
    long line;
    struct usmtxml_attr *attrs;
    size_t n_attrs;
    struct usmtxml_elem *children;  /* child elements only, in order */
    size_t n_children;
};

/*
 * Parse len bytes (name is used in messages) into a new tree; *out is
 * freed with usmtxml_elem_free.  Fails with WIZ_EFORMAT (malformed, DTD)
 * or WIZ_ELIMIT (too large).
 */
int usmtxml_parse_tree(const char *data, size_t len, const char *name,
                       struct usmtxml_elem **out, struct wiz_err *err);
void usmtxml_elem_free(struct usmtxml_elem *root);
/* Attribute value (exact name), or NULL. Borrowed from e. */
const char *usmtxml_elem_attr(const struct usmtxml_elem *e,
                              const char *name);

/* ---- rule files and Config.xml ---- */

enum usmtxml_kind {
    USMTXML_OTHER,          /* some other root element */
    USMTXML_MIGRATION,      /* <migration urlid="..."> */
    USMTXML_CONFIG,         /* <Configuration> */
    USMTXML_OFFLINE,        /* <offline> */
};

enum usmtxml_migrate {
    USMTXML_MIGRATE_NONE,   /* no migrate attribute (rule files) */
    USMTXML_MIGRATE_YES,
    USMTXML_MIGRATE_NO,
    USMTXML_MIGRATE_OTHER,  /* some other value */
};

struct usmtxml_component {
    char *name;             /* <displayName> (rule files) or displayname
                               attribute (Config.xml); "" when none */
    char *id;               /* Config.xml ID attribute, or NULL */
    char *type;             /* rule files: type attribute, or NULL */
    char *section;          /* Config.xml: Applications, Documents,
                               WindowsComponents...; NULL in rule files */
    int parent;             /* index of the enclosing component, or -1 */
    int depth;              /* enclosing components */
    bool top_level;         /* a direct child of the root element */
    enum usmtxml_migrate migrate;
    long line;
};

struct usmtxml_doc;

/* Read a file (at most USMTXML_MAX_BYTES); *out freed with usmtxml_free. */
int usmtxml_load(const char *path, struct usmtxml_doc **out,
                 struct wiz_err *err);
/* Parse bytes; name is used in messages. */
int usmtxml_parse(const char *data, size_t len, const char *name,
                  struct usmtxml_doc **out, struct wiz_err *err);
void usmtxml_free(struct usmtxml_doc *doc);

enum usmtxml_kind usmtxml_kind(const struct usmtxml_doc *doc);
/* "migration", "Configuration" ...: borrowed from doc. */
const char *usmtxml_root_name(const struct usmtxml_doc *doc);
/* The urlid attribute of <migration>, or NULL.  Borrowed. */
const char *usmtxml_urlid(const struct usmtxml_doc *doc);
/*
 * The last part of the urlid ("migdocs", "miguser", "migapp" for the
 * shipped files), or NULL.  Borrowed.  Compare without case.
 */
const char *usmtxml_urlid_name(const struct usmtxml_doc *doc);
const char *usmtxml_kind_name(enum usmtxml_kind kind);

/* Components in document order (pre-order).  Borrowed from doc. */
size_t usmtxml_component_count(const struct usmtxml_doc *doc);
const struct usmtxml_component *usmtxml_component(
    const struct usmtxml_doc *doc, size_t i);
size_t usmtxml_top_level_count(const struct usmtxml_doc *doc);

/*
 * Config.xml only: set migrate="yes"/"no" on component i (and on every
 * component inside it when recursive).  Changes the loaded copy only.
 * Fails with WIZ_EUSAGE for other documents or a bad index.
 */
int usmtxml_set_migrate(struct usmtxml_doc *doc, size_t i, bool yes,
                        bool recursive, struct wiz_err *err);

/*
 * Save the (changed) document to a new file, UTF-8.  Never the file it was
 * loaded from (WIZ_EUSAGE), never over an existing file unless replace
 * (WIZ_EEXIST).  Written atomically.
 */
int usmtxml_save_as(const struct usmtxml_doc *doc, const char *path,
                    bool replace, struct wiz_err *err);

#endif

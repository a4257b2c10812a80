/*
 * USMT XML loading: any bytes as a rule file, Config.xml or offline.xml;
 * list the components, switch every Config.xml component, and read the
 * plain element tree.  Malformed input must fail cleanly.
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "core/usmt/usmtxml.h"
#include "fuzz.h"

static size_t count_tree(const struct usmtxml_elem *e)
{
    size_t n = 1;

    for (size_t i = 0; i < e->n_children; i++) {
        n += count_tree(&e->children[i]);
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct usmtxml_doc *doc;
    struct usmtxml_elem *root;
    struct wiz_err err;

    if (usmtxml_parse((const char *)data, size, "fuzz.xml", &doc,
                      &err) == 0) {
        size_t n = usmtxml_component_count(doc);

        for (size_t i = 0; i < n; i++) {
            const struct usmtxml_component *c = usmtxml_component(doc, i);

            if (!c->name || c->parent >= (int)i)
                abort();
            if (usmtxml_kind(doc) == USMTXML_CONFIG &&
                usmtxml_set_migrate(doc, i, i % 2, i % 3 == 0, &err) != 0)
                abort();
        }
        if (usmtxml_top_level_count(doc) > n)
            abort();
        usmtxml_free(doc);
    } else if (!err.msg[0]) {
        abort();
    }
    if (usmtxml_parse_tree((const char *)data, size, "fuzz.xml", &root,
                           &err) == 0) {
        if (count_tree(root) == 0)
            abort();
        usmtxml_elem_free(root);
    }
    return 0;
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/plan/cloudxml.h"
#include "core/plan/plan.h"
#include "core/usmt/usmtxml.h"

/* The child of e named name (the first), or NULL. */
static const struct usmtxml_elem *child(const struct usmtxml_elem *e,
                                        const char *name)
{
    for (size_t i = 0; e && i < e->n_children; i++) {
        if (!strcmp(e->children[i].name, name))
            return &e->children[i];
    }
    return NULL;
}

static void test_cloudxml_pattern_forms(void **state)
{
    static const struct {
        const char *rel;
        const char *want;   /* NULL: no safe pattern */
    } cases[] = {
        { "OneDrive - Contoso\\Documents\\Q3 report.docx",
          "C:\\Users\\bob\\OneDrive - Contoso\\Documents [Q3 report.docx]" },
        { "top.txt", "C:\\Users\\bob [top.txt]" },
        { "OneDrive\\R&D <draft>.txt",
          "C:\\Users\\bob\\OneDrive [R&D <draft>.txt]" },
        { "OneDrive\\caf\xc3\xa9 (1).pdf",
          "C:\\Users\\bob\\OneDrive [caf\xc3\xa9 (1).pdf]" },
        /* the pattern's own brackets cannot be escaped */
        { "OneDrive\\scan [2].pdf", NULL },
        { "OneDrive\\Proj [old]\\a.txt", NULL },
        { "OneDrive\\a]b.txt", NULL },
        /* a wildcard would take other files */
        { "OneDrive\\a*b.txt", NULL },
        /* leading/trailing spaces may be trimmed by the reader */
        { "OneDrive\\ lead.txt", NULL },
        { "OneDrive \\x.txt", NULL },
        { "OneDrive\\\\x.txt", NULL },
        { "OneDrive\\bad\xff.txt", NULL },
        { "OneDrive\\tab\there.txt", NULL },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *p = cloudxml_pattern("C:\\Users\\bob", cases[i].rel);

        if (cases[i].want) {
            assert_non_null(p);
            assert_string_equal(p, cases[i].want);
        } else if (p) {
            fail_msg("'%s' should have no pattern, got '%s'", cases[i].rel,
                     p);
        }
        free(p);
    }
}

/* Written with libxml2, read back by the one loader: the documented shape */
static void test_cloudxml_document_reads_back(void **state)
{
    char *bob[] = { xstrdup("OneDrive - Contoso\\Documents\\R&D.docx"),
                    xstrdup("OneDrive - Contoso\\scan [1].pdf"),
                    xstrdup("OneDrive - Contoso\\Pictures\\<x>.jpg") };
    char *ann[] = { xstrdup("OneDrive\\a.txt") };
    char *eve[] = { xstrdup("OneDrive\\[only].txt") };
    struct cloudxml_user users[] = {
        { "bob & co", "C:\\Users\\bob", bob, 3 },
        { "ann", "C:\\Users\\ann", ann, 1 },
        { "eve", "C:\\Users\\eve", eve, 1 },
    };
    struct cloudxml_count c;
    struct usmtxml_elem *root;
    struct wiz_err err;
    char *text;
    size_t len;

    (void)state;
    assert_int_equal(cloudxml_to_string(users, 3, &text, &len, &c, &err), 0);
    assert_int_equal(c.listed, 3);
    assert_int_equal(c.unsafe, 2);
    assert_int_equal(len, strlen(text));
    if (usmtxml_parse_tree(text, len, "cloud.xml", &root, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(root->name, "migration");
    assert_string_equal(usmtxml_elem_attr(root, "urlid"), CLOUDXML_URLID);
    /* eve has no safe pattern: no component */
    assert_int_equal(root->n_children, 2);
    const struct usmtxml_elem *comp = &root->children[0];

    assert_string_equal(comp->name, "component");
    assert_string_equal(usmtxml_elem_attr(comp, "type"), "Documents");
    assert_string_equal(usmtxml_elem_attr(comp, "context"), "System");
    assert_non_null(strstr(child(comp, "displayName")->text, "bob & co"));
    const struct usmtxml_elem *set =
        child(child(child(child(comp, "role"), "rules"),
                    "unconditionalExclude"), "objectSet");

    assert_non_null(set);
    assert_string_equal(usmtxml_elem_attr(child(comp, "role"), "role"),
                        "Data");
    assert_int_equal(set->n_children, 2);
    assert_string_equal(usmtxml_elem_attr(&set->children[0], "type"), "File");
    assert_string_equal(set->children[0].text,
                        "C:\\Users\\bob\\OneDrive - Contoso\\Documents "
                        "[R&D.docx]");
    assert_string_equal(set->children[1].text,
                        "C:\\Users\\bob\\OneDrive - Contoso\\Pictures "
                        "[<x>.jpg]");
    set = child(child(child(child(&root->children[1], "role"), "rules"),
                      "unconditionalExclude"), "objectSet");
    assert_int_equal(set->n_children, 1);
    assert_string_equal(set->children[0].text,
                        "C:\\Users\\ann\\OneDrive [a.txt]");
    usmtxml_elem_free(root);
    free(text);
    for (size_t i = 0; i < 3; i++)
        free(bob[i]);
    free(ann[0]);
    free(eve[0]);
}

static void test_cloudxml_place_in_plan(void **state)
{
    struct plan p;
    char *path;

    (void)state;
    plan_init(&p);
    assert_null(cloudxml_path_win(&p));
    plan_set_log_path(&p, "E:\\logs\\scanstate.log");
    path = cloudxml_path_win(&p);
    assert_string_equal(path, "E:\\logs\\" CLOUDXML_NAME);
    free(path);
    /* the working folder wins */
    plan_set_working_dir(&p, "E:\\usmtwork\\");
    path = cloudxml_path_win(&p);
    assert_string_equal(path, "E:\\usmtwork\\" CLOUDXML_NAME);
    assert_false(cloudxml_in_plan(&p));
    plan_add_xml(&p, "E:\\keep-" CLOUDXML_NAME);
    assert_false(cloudxml_in_plan(&p));
    plan_add_xml(&p, path);
    assert_true(cloudxml_in_plan(&p));
    free(path);
    plan_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cloudxml_pattern_forms),
        cmocka_unit_test(test_cloudxml_document_reads_back),
        cmocka_unit_test(test_cloudxml_place_in_plan),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

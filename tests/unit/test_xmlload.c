#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../support/testlib.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "core/plan/offxml.h"
#include "core/plan/preset.h"
#include "core/run/report.h"
#include "core/usmt/usmtxml.h"
#include "platform/fs.h"

/*
 * Every reader of XML goes through the one loader: a file that declares
 * entities (the "billion laughs") is refused by each, naming the file and
 * the line of the declaration, before anything is expanded.
 */

static char *laughs(const char *root)
{
    return xasprintf("<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE %s [\n"
                     " <!ENTITY a \"lollollollollollollollollollol\">\n"
                     " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                     " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
                     " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
                     "]>\n<%s>&d;</%s>\n", root, root, root);
}

/* A file named name under dir holding the laughs with root element. */
static char *hostile_file(const char *dir, const char *name,
                          const char *root)
{
    char *path = fs_join(dir, name);
    char *xml = laughs(root);

    test_write(path, xml, strlen(xml));
    free(xml);
    return path;
}

static void refused(const struct wiz_err *err, const char *path)
{
    if (err->code != WIZ_EFORMAT || !strstr(err->msg, path) ||
        !strstr(err->msg, "line 2:") ||
        !strstr(err->msg, "document type declaration") ||
        !strstr(err->msg, "entities are refused"))
        fail_msg("'%s': not refused as expected: %d '%s'", path, err->code,
                 err->msg);
}

static void test_xmlload_every_reader_refuses_entities(void **state)
{
    char *dir = test_tmpdir("xmlload");
    struct wiz_err err;
    char *path;

    (void)state;
    /* a migration rule file or Config.xml */
    path = hostile_file(dir, "MigEvil.xml", "migration");
    {
        struct usmtxml_doc *doc = NULL;

        err_clear(&err);
        assert_int_equal(usmtxml_load(path, &doc, &err), -1);
        assert_null(doc);
        refused(&err, path);
    }
    free(path);
    /* offline.xml */
    path = hostile_file(dir, "offline.xml", "offline");
    {
        struct offxml x;

        offxml_init(&x);
        err_clear(&err);
        assert_int_equal(offxml_read(path, &x, &err), -1);
        refused(&err, path);
        offxml_release(&x);
    }
    free(path);
    /* a preset */
    path = hostile_file(dir, "preset.xml", "usmtwizPreset");
    {
        struct preset p;

        err_clear(&err);
        assert_int_equal(preset_load(path, &p, &err), -1);
        refused(&err, path);
        preset_release(&p);
    }
    free(path);
    /* a report */
    path = hostile_file(dir, "usmtwiz-report.xml", "usmtwizReport");
    {
        struct report r;

        err_clear(&err);
        assert_int_equal(report_read(path, &r, &err), -1);
        refused(&err, path);
        report_release(&r);
    }
    free(path);
    test_tmpdir_remove(dir);
}

/* The same files without the declaration load: the refusal is the DTD. */
static void test_xmlload_plain_files_load(void **state)
{
    char *dir = test_tmpdir("xmlload-ok");
    char *path = fs_join(dir, "usmtwiz-report.xml");
    const char *xml = "<?xml version=\"1.0\"?>\n<usmtwizReport><computer>PC"
                      "</computer></usmtwizReport>\n";
    struct report r;
    struct wiz_err err;

    (void)state;
    test_write(path, xml, strlen(xml));
    assert_int_equal(report_read(path, &r, &err), 0);
    assert_string_equal(r.computer, "PC");
    report_release(&r);
    free(path);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmlload_every_reader_refuses_entities),
        cmocka_unit_test(test_xmlload_plain_files_load),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "lab/lab.h"
#include "core/session/wizard.h"
#include "platform/fs.h"
#include "platform/vol.h"
#include "../support/testlib.h"

static char *read_all(const char *path)
{
    char *data = NULL;
    size_t len;
    struct wiz_err err;

    if (fs_read_file(path, 1 << 20, &data, &len, &err) < 0)
        fail_msg("%s", err.msg);
    return data;
}

static void test_lab_lesson_facts_round_trip(void **state)
{
    char *dir = test_tmpdir("test_lab_lesson");
    struct lab_facts f;
    struct wiz_err err;

    (void)state;
    /* no file: no lab, no error */
    assert_int_equal(lab_facts_read(dir, &f, &err), 0);
    assert_null(f.scenario);
    assert_null(f.lesson);
    assert_int_equal(lab_facts_read(NULL, &f, &err), 0);
    assert_null(f.lesson);

    assert_int_equal(lab_facts_write(dir, "demo", "temp-profile", &err), 0);
    assert_int_equal(lab_facts_read(dir, &f, &err), 0);
    assert_string_equal(f.scenario, "demo");
    assert_string_equal(f.lesson, "temp-profile");
    lab_facts_release(&f);

    /* a scenario folder name cannot smuggle in a line */
    assert_int_equal(lab_facts_write(dir, "a\nlesson=store-full", NULL, &err),
                     0);
    assert_int_equal(lab_facts_read(dir, &f, &err), 0);
    assert_null(f.lesson);
    assert_null(f.scenario);
    lab_facts_release(&f);

    /* no lesson: none read back */
    assert_int_equal(lab_facts_write(dir, "demo", "", &err), 0);
    assert_int_equal(lab_facts_read(dir, &f, &err), 0);
    assert_string_equal(f.scenario, "demo");
    assert_null(f.lesson);
    lab_facts_release(&f);

    /* a hand-edited file: CRLF, comments, unknown keys; a lesson that
     * would leave the training folder is dropped */
    char *p = fs_join(dir, LAB_FACTS_FILE);
    static const char odd[] = "# x\r\nfoo=bar\r\nscenario=small-x\r\n"
                              "lesson=../../etc/passwd\r\n";

    test_write(p, odd, sizeof(odd) - 1);
    assert_int_equal(lab_facts_read(dir, &f, &err), 0);
    assert_string_equal(f.scenario, "small-x");
    assert_null(f.lesson);
    lab_facts_release(&f);
    static const char crlf[] = "lesson=store-full\r\n";

    test_write(p, crlf, sizeof(crlf) - 1);
    assert_int_equal(lab_facts_read(dir, &f, &err), 0);
    assert_string_equal(f.lesson, "store-full");
    lab_facts_release(&f);
    free(p);
    test_tmpdir_remove(dir);
}

static void test_lab_lesson_name_rules(void **state)
{
    (void)state;
    assert_true(lab_lesson_name_ok("store-full"));
    assert_true(lab_lesson_name_ok("x86_os2"));
    assert_false(lab_lesson_name_ok(""));
    assert_false(lab_lesson_name_ok(NULL));
    assert_false(lab_lesson_name_ok("../x"));
    assert_false(lab_lesson_name_ok("a b"));
    assert_false(lab_lesson_name_ok("a/b"));
    assert_false(lab_lesson_name_ok("a.md"));
}

static void test_lab_lesson_find_rows(void **state)
{
    struct lab_lesson l;
    struct wiz_err err;

    (void)state;
    assert_int_equal(lab_lesson_find(ASSETS_DIR, "store-full", &l, &err), 0);
    assert_string_equal(l.name, "store-full");
    assert_string_equal(l.scenario, "store-full");
    assert_int_equal(l.n_prep, 0);
    lab_lesson_release(&l);

    assert_int_equal(lab_lesson_find(ASSETS_DIR, "x-drive-too-small", &l,
                                     &err), 0);
    assert_string_equal(l.scenario, "small-x");
    assert_int_equal(l.n_prep, 3);
    assert_string_equal(l.prep[0], "stick");
    assert_string_equal(l.prep[1], "E");
    assert_string_equal(l.prep[2], "8");
    lab_lesson_release(&l);

    assert_int_equal(lab_lesson_find(ASSETS_DIR, "temp-profile", &l, &err),
                     0);
    assert_string_equal(l.scenario, "demo");
    lab_lesson_release(&l);

    /* a prefix of a lesson name is not that lesson */
    assert_int_equal(lab_lesson_find(ASSETS_DIR, "store", &l, &err), -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    assert_int_equal(lab_lesson_find(ASSETS_DIR, "lesson", &l, &err), -1);
    assert_int_equal(lab_lesson_find(ASSETS_DIR, "../x", &l, &err), -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    assert_int_equal(lab_lesson_find(NULL, "store-full", &l, &err), -1);
}

/* Replace l's prep by the blank-separated words of line. */
static void set_prep(struct lab_lesson *l, const char *line)
{
    for (size_t i = 0; i < l->n_prep; i++)
        free(l->prep[i]);
    free(l->prep);
    l->prep = NULL;
    l->n_prep = 0;
    while (*line) {
        const char *e = strchr(line, ' ');
        size_t n = e ? (size_t)(e - line) : strlen(line);

        l->prep = xreallocarray(l->prep, l->n_prep + 1, sizeof(*l->prep));
        l->prep[l->n_prep++] = xstrndup(line, n);
        line += n;
        while (*line == ' ')
            line++;
    }
}

static void test_lab_lesson_prepare_steps(void **state)
{
    char *dir = test_tmpdir("test_lab_lesson");
    char *vr = fs_join(dir, "volumes");
    struct wiz_err err;
    struct lab_lesson l;

    (void)state;
    memset(&l, 0, sizeof(l));
    l.name = xstrdup("t");
    l.scenario = xstrdup("demo");
    assert_int_equal(fs_mkdir_p(vr, &err), 0);
    /* no prep: nothing to do */
    assert_int_equal(lab_lesson_prepare(ASSETS_DIR, &l, dir, &err), 0);
    set_prep(&l, "stick e 8");
    assert_int_equal(lab_lesson_prepare(ASSETS_DIR, &l, dir, &err), 0);
    struct vol_list vl;

    assert_int_equal(vol_enumerate(vr, &vl, &err), 0);
    assert_int_equal(vl.n, 1);
    assert_int_equal(vl.v[0].letter, 'E');
    assert_int_equal(vl.v[0].kind, VOL_REMOVABLE);
    assert_true(vl.v[0].total_bytes == 8ull << 30);
    assert_true(vl.v[0].free_bytes == 8ull << 30);
    vol_list_release(&vl);

    set_prep(&l, "marker D/Users/anna/x.efs");
    assert_int_equal(lab_lesson_prepare(ASSETS_DIR, &l, dir, &err), 0);
    char *m = fs_join(vr, "D/Users/anna/x.efs");

    assert_true(fs_exists(m));
    free(m);

    set_prep(&l, "put offline-two-windows.xml E/offline.xml");
    assert_int_equal(lab_lesson_prepare(ASSETS_DIR, &l, dir, &err), 0);
    char *dst = fs_join(vr, "E/offline.xml");
    char *src = xasprintf("%s/training/offline-two-windows.xml", ASSETS_DIR);
    char *a = read_all(dst);
    char *b = read_all(src);

    assert_string_equal(a, b);
    free(a);
    free(b);
    free(src);
    free(dst);

    set_prep(&l, "marker ../outside");
    assert_int_equal(lab_lesson_prepare(ASSETS_DIR, &l, dir, &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    char *out = fs_join(dir, "outside");

    assert_false(fs_exists(out));
    free(out);
    set_prep(&l, "put ../README.md E/x");
    assert_int_equal(lab_lesson_prepare(ASSETS_DIR, &l, dir, &err), -1);
    set_prep(&l, "stick E lots");
    assert_int_equal(lab_lesson_prepare(ASSETS_DIR, &l, dir, &err), -1);
    set_prep(&l, "from demo usmt");
    assert_int_equal(lab_lesson_prepare(ASSETS_DIR, &l, dir, &err), -1);
    assert_non_null(strstr(err.msg, "'from'"));
    lab_lesson_release(&l);
    free(vr);
    test_tmpdir_remove(dir);
}

static void test_lab_lesson_sheet_reads_and_refuses(void **state)
{
    char *text;
    struct wiz_err err;

    (void)state;
    assert_int_equal(lab_lesson_sheet(ASSETS_DIR, "store-full", &text, &err),
                     0);
    assert_non_null(strstr(text, "## Symptom"));
    assert_non_null(strstr(text, "## Cause"));
    assert_non_null(strstr(text, "## Fix"));
    assert_non_null(strstr(text, "## Documentation"));
    free(text);
    assert_int_equal(lab_lesson_sheet(ASSETS_DIR, "../README", &text, &err),
                     -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    assert_null(text);
    assert_int_equal(lab_lesson_sheet(ASSETS_DIR, "no-such-lesson", &text,
                                      &err), -1);
    assert_int_equal(err.code, WIZ_ENOENT);
}

/* Every lesson of the table has a sheet and a scenario that exists. */
static void test_lab_lesson_table_is_complete(void **state)
{
    char *path = xasprintf("%s/training/lessons.tsv", ASSETS_DIR);
    char *data = read_all(path);
    size_t n = 0;

    (void)state;
    for (char *line = data; line && *line;) {
        char *nl = strchr(line, '\n');
        char *tab = strchr(line, '\t');

        if (nl)
            *nl = '\0';
        if (line[0] != '#' && tab) {
            char *name = xstrndup(line, (size_t)(tab - line));
            struct lab_lesson l;
            struct wiz_err err;
            char *text;
            char *dir;

            if (lab_lesson_find(ASSETS_DIR, name, &l, &err) < 0)
                fail_msg("%s: %s", name, err.msg);
            if (lab_lesson_sheet(ASSETS_DIR, name, &text, &err) < 0)
                fail_msg("%s: %s", name, err.msg);
            if (lab_find_scenario(ASSETS_DIR, l.scenario, &dir, &err) < 0)
                fail_msg("%s: %s", name, err.msg);
            free(dir);
            free(text);
            lab_lesson_release(&l);
            free(name);
            n++;
        }
        line = nl ? nl + 1 : NULL;
    }
    assert_true(n >= 13);
    free(data);
    free(path);
}

static void test_lab_lesson_manifest_directive(void **state)
{
    struct lab_manifest *m;
    struct wiz_err err;
    static const char ok[] = "description t\nlesson store-full  \n"
                             "volume D total=1G free=1G\n";
    static const char twice[] = "lesson a\nlesson b\n";
    static const char bad[] = "lesson ../a\n";

    (void)state;
    assert_int_equal(lab_manifest_parse("scenario.txt", ".", ok,
                                        sizeof(ok) - 1, &m, &err), 0);
    assert_string_equal(m->lesson, "store-full");
    assert_int_equal(m->n, 1);
    lab_manifest_free(m);
    static const char none[] = "volume D total=1G free=1G\n";

    assert_int_equal(lab_manifest_parse("scenario.txt", ".", none,
                                        sizeof(none) - 1, &m, &err), 0);
    assert_string_equal(m->lesson, "");
    lab_manifest_free(m);
    assert_int_equal(lab_manifest_parse("scenario.txt", ".", twice,
                                        sizeof(twice) - 1, &m, &err), -1);
    assert_non_null(strstr(err.msg, "scenario.txt:2:"));
    assert_int_equal(lab_manifest_parse("scenario.txt", ".", bad,
                                        sizeof(bad) - 1, &m, &err), -1);
    assert_non_null(strstr(err.msg, "scenario.txt:1:"));
}

static void test_lab_lesson_create_writes_facts(void **state)
{
    char *dir = test_tmpdir("test_lab_lesson");
    char *sc = fs_join(dir, "my-scenario");
    char *man = fs_join(sc, "scenario.txt");
    char *out = fs_join(dir, "lab");
    char *vr = fs_join(out, "volumes");
    static const char text[] = "description t\nlesson l-1\n"
                               "volume E total=1G free=1G\n";
    struct wiz_err err;
    struct lab_facts f;

    (void)state;
    assert_int_equal(fs_mkdir_p(sc, &err), 0);
    test_write(man, text, sizeof(text) - 1);
    assert_int_equal(lab_create(sc, out, 0, &err), 0);
    assert_int_equal(lab_facts_read(vr, &f, &err), 0);
    assert_string_equal(f.scenario, "my-scenario");
    assert_string_equal(f.lesson, "l-1");
    lab_facts_release(&f);
    /* the facts file is no drive */
    struct vol_list vl;

    assert_int_equal(vol_enumerate(vr, &vl, &err), 0);
    assert_int_equal(vl.n, 1);
    vol_list_release(&vl);
    free(vr);
    free(out);
    free(man);
    free(sc);
    test_tmpdir_remove(dir);
}

static void test_lab_lesson_sheet_text_is_plain(void **state)
{
    static const char md[] =
        "# Lesson: a title\r\n"
        "\r\n"
        "**Scenario:** `demo` with `x`.\r\n"
        "\r\n"
        "## Symptom\r\n"
        "```\r\n"
        "ScanState return code: 26\r\n"
        "```\r\n"
        "/ue:*\\* stays; a single * too.\r\n"
        "## Fix\n"
        "set it";
    char *t = lab_sheet_text(md);

    (void)state;
    assert_string_equal(t,
                        "Lesson: a title\n"
                        "\n"
                        "\n"
                        "Scenario: demo with x.\n"
                        "\n"
                        "\n"
                        "Symptom:\n"
                        "    ScanState return code: 26\n"
                        "/ue:*\\* stays; a single * too.\n"
                        "\n"
                        "Fix:\n"
                        "set it\n");
    free(t);
    t = lab_sheet_text("");
    assert_string_equal(t, "");
    free(t);
}

/* The wizard finds the lesson of its volume root and reads its sheet. */
static void test_lab_lesson_wizard_sheet(void **state)
{
    char *dir = test_tmpdir("test_lab_lesson");
    struct wizard_opts opts;
    struct wizard w;
    struct wiz_err err;
    char *lesson;
    char *sheet;

    (void)state;
    memset(&opts, 0, sizeof(opts));
    opts.volume_root = dir;
    opts.data_dir = ASSETS_DIR;
    wizard_init(&w, &opts);
    /* no lab.facts: no lesson */
    assert_int_equal(wizard_lesson_sheet(&w, &lesson, &sheet, &err), -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    assert_null(lesson);
    assert_null(sheet);
    /* a scenario without a lesson */
    assert_int_equal(lab_facts_write(dir, "demo", NULL, &err), 0);
    assert_int_equal(wizard_lesson_sheet(&w, &lesson, &sheet, &err), -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    /* a lesson */
    assert_int_equal(lab_facts_write(dir, "store-full", "store-full", &err),
                     0);
    assert_int_equal(wizard_lesson_sheet(&w, &lesson, &sheet, &err), 0);
    assert_string_equal(lesson, "store-full");
    assert_non_null(strstr(sheet, "\nSymptom:\n"));
    assert_non_null(strstr(sheet, "Out of disk space while writing the "
                                  "store"));
    assert_null(strstr(sheet, "**"));
    assert_null(strstr(sheet, "```"));
    free(lesson);
    free(sheet);
    /* a lesson whose sheet is missing: said, not a crash */
    assert_int_equal(lab_facts_write(dir, "demo", "no-such-lesson", &err), 0);
    assert_int_equal(wizard_lesson_sheet(&w, &lesson, &sheet, &err), -1);
    assert_non_null(strstr(err.msg, "no-such-lesson"));
    wizard_release(&w);

    /* the real machine (no volume root) is never a lesson */
    opts.volume_root = NULL;
    wizard_init(&w, &opts);
    assert_int_equal(wizard_lesson_sheet(&w, &lesson, &sheet, &err), -1);
    wizard_release(&w);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lab_lesson_facts_round_trip),
        cmocka_unit_test(test_lab_lesson_name_rules),
        cmocka_unit_test(test_lab_lesson_find_rows),
        cmocka_unit_test(test_lab_lesson_prepare_steps),
        cmocka_unit_test(test_lab_lesson_sheet_reads_and_refuses),
        cmocka_unit_test(test_lab_lesson_table_is_complete),
        cmocka_unit_test(test_lab_lesson_manifest_directive),
        cmocka_unit_test(test_lab_lesson_create_writes_facts),
        cmocka_unit_test(test_lab_lesson_sheet_text_is_plain),
        cmocka_unit_test(test_lab_lesson_wizard_sheet),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

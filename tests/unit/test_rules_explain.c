/*
 * The long rule explanations (usmtwiz lint --explain) and the rule ids at
 * the end of each screen's help: every rule is explained and listed on a
 * screen, every explanation and every listed id names a real rule, and a
 * screen's help lists exactly the rules whose findings it shows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/rules/rules.h"
#include "core/session/wizard.h"
#include "platform/fs.h"
#include "../support/testlib.h"

#define HELP_HEAD "Rules behind the findings on this screen " \
                  "(usmtwiz lint --explain ID tells more):"

static void test_rules_explain_every_rule_explained(void **state)
{
    size_t n;
    const struct rule *t = rules_list(&n);

    (void)state;
    assert_true(n > 100);
    for (size_t i = 0; i < n; i++) {
        const char *x = rules_explanation(t[i].id);

        if (!x)
            fail_msg("rule '%s' has no explanation", t[i].id);
        /* a real paragraph, not the one-liner again */
        if (strlen(x) < 120)
            fail_msg("the explanation of '%s' is too short", t[i].id);
        if (!strcmp(x, t[i].summary) ||
            strlen(x) < strlen(t[i].summary) + 60)
            fail_msg("the explanation of '%s' only repeats its summary",
                     t[i].id);
        assert_int_equal(x[strlen(x) - 1], '.');
        assert_null(strchr(x, '\n'));
    }
}

static void test_rules_explain_every_explanation_has_rule(void **state)
{
    const char *id;
    const char *text;
    size_t n = 0;
    size_t rules_n;

    (void)state;
    rules_list(&rules_n);
    for (size_t i = 0; rules_explanation_at(i, &id, &text); i++) {
        if (!rules_find(id))
            fail_msg("explanation of unknown rule '%s'", id);
        for (size_t j = 0; j < i; j++) {
            const char *other;
            const char *t2;

            assert_true(rules_explanation_at(j, &other, &t2));
            assert_string_not_equal(other, id);
        }
        n++;
    }
    assert_int_equal(n, rules_n);
}

static void test_rules_explain_describe_has_every_part(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    const struct rule *fixable = rules_find("offline-ui-by-name");
    const struct rule *manual = rules_find("volume-bitlocker");

    (void)state;
    assert_non_null(fixable);
    assert_non_null(manual);
    rule_describe(fixable, "Users, Review", &sb);
    assert_non_null(strstr(sb.buf, "offline-ui-by-name (error)\n"));
    assert_non_null(strstr(sb.buf, "What it catches:\n  /ui by name offline"));
    assert_non_null(strstr(sb.buf, "why it matters:\n  Looks for /ui"));
    assert_non_null(strstr(sb.buf, "Fix:\n  select users by SID"));
    assert_non_null(strstr(sb.buf, "Automatic fix:\n  yes"));
    assert_non_null(strstr(sb.buf, "Severity:\n  error: blocks"));
    assert_non_null(strstr(sb.buf, "Looks at:\n  users (shown on: Users, "
                                   "Review)"));
    assert_non_null(strstr(sb.buf, "§2.2, §8"));
    assert_non_null(strstr(sb.buf, "usmt-common-issues"));
    /* wrapped paragraphs stay inside 76 columns */
    for (const char *p = sb.buf; *p;) {
        size_t len = strcspn(p, "\n");

        if (strncmp(p, "  §", 4))
            assert_true(len <= 76);
        p += len + (p[len] ? 1 : 0);
    }
    strbuf_reset(&sb);
    rule_describe(manual, NULL, &sb);
    assert_non_null(strstr(sb.buf, "Automatic fix:\n  no"));
    assert_null(strstr(sb.buf, "shown on"));
    strbuf_release(&sb);
}

static void test_rules_explain_suggests_close_ids(void **state)
{
    const char *near[5];
    size_t n;

    (void)state;
    n = rules_suggest("workdir-on-y", near, 5);
    assert_true(n >= 1);
    assert_string_equal(near[0], "workdir-on-x");
    n = rules_suggest("hardlnk", near, 5);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++)
        assert_non_null(strstr(near[i], "hardlink"));
    n = rules_suggest("ui-by-name", near, 2);
    assert_int_equal(n, 2);
    assert_string_equal(near[0], "offline-ui-by-name");
    assert_int_equal(rules_suggest("zzzzzzzzzzzzzzzzzzz", near, 5), 0);
    assert_int_equal(rules_suggest("", near, 5), 0);
}

/* The ids listed at the end of a help file ("a, b," lines), or NULL. */
static char **help_ids(const char *text, size_t *n)
{
    const char *p = strstr(text, HELP_HEAD);
    char **ids = NULL;
    size_t alloc = 0;

    *n = 0;
    if (!p)
        return NULL;
    p += strlen(HELP_HEAD);
    while (*p) {
        p += strspn(p, " ,\n");
        size_t len = strcspn(p, " ,\n");

        if (!len)
            break;
        XGROW(ids, alloc, *n + 1);
        ids[(*n)++] = xstrndup(p, len);
        p += len;
    }
    return ids;
}

static char *read_help(const char *name)
{
    char *rel = xasprintf("help/%s.txt", name);
    char *path = test_asset(rel);
    char *data = NULL;
    size_t len;
    struct wiz_err err;

    if (fs_read_file(path, 1024 * 1024, &data, &len, &err) < 0)
        fail_msg("cannot read '%s': %s", path, err.msg);
    free(rel);
    free(path);
    return data;
}

static void test_rules_explain_help_lists_screen_rules(void **state)
{
    size_t ns;
    const struct wizard_screen_part *s = wizard_screen_parts(&ns);
    size_t nr;
    const struct rule *t = rules_list(&nr);
    bool *listed = xcalloc(nr, sizeof(bool));

    (void)state;
    assert_int_equal(ns, 6);
    for (size_t i = 0; i < ns; i++) {
        char *text = read_help(s[i].name);
        size_t n;
        char **ids = help_ids(text, &n);
        unsigned fields = wizard_part_fields(s[i].part);
        size_t want = 0;

        if (!ids)
            fail_msg("help of '%s' does not end with its rules", s[i].name);
        for (size_t j = 0; j < n; j++) {
            const struct rule *r = rules_find(ids[j]);

            if (!r)
                fail_msg("help of '%s' names unknown rule '%s'", s[i].name,
                         ids[j]);
            if (!(r->fields & fields))
                fail_msg("help of '%s' names '%s', which it never shows",
                         s[i].name, ids[j]);
            listed[r - t] = true;
        }
        for (size_t k = 0; k < nr; k++)
            want += (t[k].fields & fields) ? 1 : 0;
        if (n != want)
            fail_msg("help of '%s' lists %zu rules, the screen shows %zu "
                     "(run 'make docs')", s[i].name, n, want);
        for (size_t j = 0; j < n; j++)
            free(ids[j]);
        free(ids);
        free(text);
    }
    for (size_t k = 0; k < nr; k++) {
        /* restore rules: the restore screens are not built yet */
        if (!listed[k] && !(t[k].fields & RF_RESTORE))
            fail_msg("rule '%s' is in no screen's help", t[k].id);
    }
    free(listed);
}

static void test_rules_explain_wizard_names_the_screens(void **state)
{
    char *t;

    (void)state;
    assert_null(wizard_rule_explanation("no-such-rule"));
    /* users and workdir: the Users and the Store screens show it */
    t = wizard_rule_explanation("temp-profile-present");
    assert_non_null(t);
    assert_non_null(strstr(t, "(shown on: Users, Store, Review)"));
    assert_non_null(strstr(t, "Automatic fix:\n  yes"));
    free(t);
    t = wizard_rule_explanation("usmt-missing");
    assert_non_null(strstr(t, "(shown on: Environment, Review)"));
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_explain_every_rule_explained),
        cmocka_unit_test(test_rules_explain_every_explanation_has_rule),
        cmocka_unit_test(test_rules_explain_describe_has_every_part),
        cmocka_unit_test(test_rules_explain_suggests_close_ids),
        cmocka_unit_test(test_rules_explain_help_lists_screen_rules),
        cmocka_unit_test(test_rules_explain_wizard_names_the_screens),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The restore rules, each on both sides of its boundary: a loadstate line
 * and hand-filled facts (store report, new PC), then does the rule fire.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/plan/loadcmd.h"
#include "core/plan/plan.h"
#include "core/rules/restore.h"
#include "core/rules/rules.h"
#include "core/run/capture.h"
#include "core/run/report.h"

#define MAXARGS 32

/* Split a line at spaces (tests use no quoted values). */
static int split(char *line, const char **argv)
{
    int n = 0;

    for (char *t = strtok(line, " "); t && n < MAXARGS; t = strtok(NULL, " "))
        argv[n++] = t;
    return n;
}

/* The severity of the last finding of id fired() saw. */
static enum rule_severity last_severity;

/* Run the table on line + f; how many findings of id, -1 when skipped. */
static int fired(const char *id, const char *line,
                 const struct restore_facts *f)
{
    char buf[1024];
    const char *argv[MAXARGS];
    struct loadcmd lc;
    struct restore_ctx rc;
    struct rule_ctx ctx;
    struct findings fs;
    int n = 0;

    snprintf(buf, sizeof(buf), "%s", line);
    assert_int_equal(loadcmd_parse(&lc, split(buf, argv), argv, NULL), 0);
    rc.cmd = &lc;
    rc.facts = f;
    memset(&ctx, 0, sizeof(ctx));
    ctx.program = "loadstate.exe";
    ctx.restore = &rc;
    findings_init(&fs);
    rules_check(&ctx, &fs);
    for (size_t i = 0; i < fs.n; i++) {
        assert_non_null(fs.f[i].rule);
        if (!strcmp(fs.f[i].rule->id, id)) {
            n++;
            last_severity = fs.f[i].severity;
        }
        /* only restore rules run on a loadstate line */
        assert_true(fs.f[i].rule->fields & RF_RESTORE);
    }
    for (size_t i = 0; i < fs.n_skipped; i++) {
        size_t len = strlen(id);

        if (!strncmp(fs.skipped[i], id, len) && fs.skipped[i][len] == ':')
            n = -1;
    }
    findings_release(&fs);
    loadcmd_release(&lc);
    return n;
}

/* Facts of a known store captured on PC-OLD (Windows 11 x64) and a new
 * PC-OLD with Windows 11 x64 on C:, run elevated in full Windows. */
static void base_facts(struct restore_facts *f)
{
    restore_facts_init(f);
    f->winpe = 0;
    f->elevated = 1;
    f->target_bits = 64;
    f->target_build = 22631;
    f->target_computer = strdup("PC-OLD");
    f->target_letter = 'C';
    f->report_known = true;
    f->store_kind = strdup("compressed");
    f->source_computer = strdup("PC-OLD");
    f->source_bits = 64;
    f->source_build = 22631;
    f->store_letter = 'E';
}

static void test_rules_restore_winpe(void **state)
{
    struct restore_facts f;

    (void)state;
    base_facts(&f);
    assert_int_equal(fired("restore-in-winpe", "E:\\s", &f), 0);
    f.winpe = 1;
    assert_int_equal(fired("restore-in-winpe", "E:\\s", &f), 1);
    f.winpe = -1;
    assert_int_equal(fired("restore-in-winpe", "E:\\s", &f), -1);
    restore_facts_release(&f);
}

static void test_rules_restore_line_rules(void **state)
{
    struct restore_facts f;

    (void)state;
    base_facts(&f);
    assert_int_equal(fired("restore-offline-switch", "E:\\s", &f), 0);
    assert_int_equal(fired("restore-offline-switch",
                           "E:\\s /offlineWinDir:D:\\Windows", &f), 1);
    assert_int_equal(fired("restore-no-store", "E:\\s /c", &f), 0);
    assert_int_equal(fired("restore-no-store", "/c", &f), 1);
    assert_int_equal(fired("restore-bad-switch", "E:\\s /c /v:5", &f), 0);
    assert_int_equal(fired("restore-bad-switch", "E:\\s /c /o /c", &f), 2);
    assert_int_equal(fired("restore-bad-switch", "E:\\s /all", &f), 0);
    assert_int_equal(fired("restore-bad-switch", "E:\\s /all /ui:*\\a", &f),
                     1);
    assert_int_equal(fired("restore-lae-without-lac", "E:\\s /lac /lae", &f),
                     0);
    assert_int_equal(fired("restore-lae-without-lac", "E:\\s /lae", &f), 1);
    assert_int_equal(fired("restore-lac-password-visible", "E:\\s /lac", &f),
                     0);
    assert_int_equal(fired("restore-lac-password-visible",
                           "E:\\s /lac:pw", &f), 1);
    assert_int_equal(fired("restore-hardlink-nocompress",
                           "E:\\s /hardlink /nocompress", &f), 0);
    assert_int_equal(fired("restore-hardlink-nocompress",
                           "E:\\s /hardlink", &f), 1);
    assert_int_equal(fired("restore-decrypt-key",
                           "E:\\s /decrypt /key:k", &f), 0);
    assert_int_equal(fired("restore-decrypt-key", "E:\\s /decrypt", &f), 1);
    assert_int_equal(fired("restore-decrypt-key",
                           "E:\\s /decrypt /key:k /keyfile:k.txt", &f), 1);
    assert_int_equal(fired("restore-decrypt-key", "E:\\s /key:k", &f), 1);
    restore_facts_release(&f);
}

static void test_rules_restore_store_found(void **state)
{
    struct restore_facts f;

    (void)state;
    base_facts(&f);
    assert_int_equal(fired("restore-store-not-found", "E:\\s", &f), -1);
    f.store_state = RESTORE_STORE_FOUND;
    assert_int_equal(fired("restore-store-not-found", "E:\\s", &f), 0);
    f.store_state = RESTORE_STORE_EMPTY;
    assert_int_equal(fired("restore-store-not-found", "E:\\s", &f), 1);
    f.store_state = RESTORE_STORE_MISSING;
    assert_int_equal(fired("restore-store-not-found", "E:\\s", &f), 1);
    restore_facts_release(&f);
}

static void test_rules_restore_hardlink(void **state)
{
    struct restore_facts f;

    (void)state;
    base_facts(&f);
    /* a compressed store needs neither switch */
    assert_int_equal(fired("restore-hardlink-switches", "E:\\s", &f), 0);
    f.hardlink_main = true;
    assert_int_equal(fired("restore-hardlink-switches", "E:\\s", &f), 1);
    assert_int_equal(fired("restore-hardlink-switches",
                           "E:\\s /hardlink /nocompress", &f), 0);
    /* store on E:, Windows on C: */
    assert_int_equal(fired("restore-hardlink-volume",
                           "E:\\s /hardlink /nocompress", &f), 1);
    f.store_letter = 'C';
    assert_int_equal(fired("restore-hardlink-volume",
                           "C:\\s /hardlink /nocompress", &f), 0);
    f.hardlink_main = false;
    f.store_letter = 'E';
    assert_int_equal(fired("restore-hardlink-volume", "E:\\s", &f), 0);
    restore_facts_release(&f);
}

static void test_rules_restore_encryption(void **state)
{
    struct restore_facts f;
    char fp[17];

    (void)state;
    base_facts(&f);
    assert_int_equal(fired("restore-decrypt-missing", "E:\\s", &f), 0);
    capture_key_fingerprint("right key", fp);
    f.key_fingerprint = strdup(fp);
    f.encrypted = true;
    assert_int_equal(fired("restore-decrypt-missing", "E:\\s", &f), 1);
    assert_int_equal(fired("restore-decrypt-missing",
                           "E:\\s /decrypt /keyfile:k", &f), 0);
    /* no key given: not checked */
    assert_int_equal(fired("restore-wrong-key", "E:\\s /decrypt", &f), -1);
    capture_key_fingerprint("right key", f.given_fp);
    assert_int_equal(fired("restore-wrong-key", "E:\\s /decrypt /key:x", &f),
                     0);
    capture_key_fingerprint("wrong key", f.given_fp);
    assert_int_equal(fired("restore-wrong-key", "E:\\s /decrypt /key:x", &f),
                     1);
    /* an unencrypted store: any key is fine for this rule */
    free(f.key_fingerprint);
    f.key_fingerprint = NULL;
    f.encrypted = false;
    assert_int_equal(fired("restore-wrong-key", "E:\\s /decrypt /key:x", &f),
                     0);
    /* encrypted with a key file: the report cannot tell the key */
    f.encrypted = true;
    assert_int_equal(fired("restore-wrong-key", "E:\\s /decrypt /key:x", &f),
                     -1);
    restore_facts_release(&f);
}

static void test_rules_restore_xml_set(void **state)
{
    struct restore_facts f;

    (void)state;
    base_facts(&f);
    f.capture_xml = calloc(2, sizeof(char *));
    f.capture_xml[0] = strdup("X:\\usmt\\MigApp.xml");
    f.capture_xml[1] = strdup("MigDocs.xml");
    f.n_capture_xml = 2;
    assert_int_equal(fired("restore-xml-set",
                           "E:\\s /i:C:\\u\\migapp.xml /i:MigDocs.xml", &f),
                     0);
    assert_int_equal(fired("restore-xml-set", "E:\\s /i:MigApp.xml", &f), 1);
    assert_int_equal(fired("restore-xml-set",
                           "E:\\s /i:MigApp.xml /i:MigUser.xml", &f), 2);
    restore_facts_release(&f);
}

static void test_rules_restore_accounts(void **state)
{
    struct restore_facts f;

    (void)state;
    base_facts(&f);
    restore_facts_add_user(&f, "S-1-5-21-1-2-3-1001", "PC-OLD\\ana",
                           "local");
    restore_facts_add_user(&f, "S-1-12-1-9-9-9-9", "bo@contoso.com",
                           "entra");
    /* same name: nothing to map */
    assert_int_equal(fired("restore-renamed-pc", "E:\\s /lac", &f), 0);
    free(f.target_computer);
    f.target_computer = strdup("PC-NEW");
    assert_int_equal(fired("restore-renamed-pc", "E:\\s /lac", &f), 1);
    assert_int_equal(fired("restore-renamed-pc",
                           "E:\\s /lac /mu:PC-OLD\\ana:PC-NEW\\ana", &f), 0);
    assert_int_equal(fired("restore-local-needs-lac", "E:\\s", &f), 1);
    assert_int_equal(fired("restore-local-needs-lac", "E:\\s /lac", &f), 0);
    assert_int_equal(fired("restore-entra-mapping", "E:\\s", &f), 1);
    assert_int_equal(fired("restore-entra-mapping",
                           "E:\\s /mu:PC-OLD\\bo@contoso.com:"
                           "AzureAD\\bo@contoso.com", &f), 0);
    /* the published recipe's form by SID too; another domain: error 1332 */
    assert_int_equal(fired("restore-entra-mapping",
                           "E:\\s /mu:S-1-12-1-9-9-9-9:"
                           "azuread\\bo@contoso.com", &f), 0);
    assert_int_equal(fired("restore-entra-mapping",
                           "E:\\s /mu:PC-OLD\\bo@contoso.com:"
                           "CONTOSO\\bo", &f), 1);
    f.report_known = false;
    assert_int_equal(fired("restore-renamed-pc", "E:\\s", &f), -1);
    restore_facts_release(&f);
}

/* /md whose old domain no stored user has: a warning, on both sides; the
 * account each user lands in follows /md, and a /mu of the user wins. */
static void test_rules_restore_md(void **state)
{
    struct restore_facts f;
    char to[512];
    size_t at = 99;

    (void)state;
    base_facts(&f);
    restore_facts_add_user(&f, "S-1-5-21-9-8-7-1104", "CONTOSO\\jsmith",
                           "domain");
    restore_facts_add_user(&f, "S-1-5-21-1-2-3-1001", "ana", "local");
    assert_string_equal(f.users[0].domain, "CONTOSO");
    assert_string_equal(f.users[0].name, "jsmith");
    assert_null(f.users[1].domain);
    assert_int_equal(fired("restore-md-no-user", "E:\\s /lac", &f), 0);
    assert_int_equal(fired("restore-md-no-user",
                           "E:\\s /lac /md:CONTOSO:FABRIKAM", &f), 0);
    assert_int_equal(fired("restore-md-no-user",
                           "E:\\s /lac /md:contoso:FABRIKAM", &f), 0);
    assert_int_equal(fired("restore-md-no-user",
                           "E:\\s /lac /md:CONT*:FABRIKAM", &f), 0);
    assert_int_equal(fired("restore-md-no-user",
                           "E:\\s /lac /md:CONTOSSO:FABRIKAM", &f), 1);
    assert_int_equal(fired("restore-md-no-user",
                           "E:\\s /lac /md:CONTOSO:FABRIKAM "
                           "/md:NORTHWIND:FABRIKAM", &f), 1);
    f.report_known = false;
    assert_int_equal(fired("restore-md-no-user",
                           "E:\\s /md:CONTOSSO:FABRIKAM", &f), -1);
    restore_facts_release(&f);

    /* where the user lands */
    const char *argv[] = { "E:\\s", "/md:CONTOSO:FABRIKAM",
                           "/mu:CONTOSO\\bob:NORTHWIND\\robert" };
    struct loadcmd lc;

    assert_int_equal(loadcmd_parse(&lc, 3, argv, NULL), 0);
    assert_int_equal(loadcmd_map_account(&lc, "contoso", "jsmith", NULL, to,
                                         sizeof(to), &at),
                     LOADCMD_MAP_MD);
    assert_string_equal(to, "FABRIKAM\\jsmith");
    assert_int_equal(at, 0);
    assert_int_equal(loadcmd_map_account(&lc, "CONTOSO", "bob", NULL, to,
                                         sizeof(to), &at),
                     LOADCMD_MAP_MU);
    assert_string_equal(to, "NORTHWIND\\robert");
    assert_int_equal(loadcmd_map_account(&lc, "OTHER", "jsmith", NULL, to,
                                         sizeof(to), NULL),
                     LOADCMD_MAP_NONE);
    assert_int_equal(loadcmd_map_account(&lc, NULL, "jsmith", NULL, to,
                                         sizeof(to), NULL),
                     LOADCMD_MAP_NONE);
    loadcmd_release(&lc);
}

/* Free space on the new PC's system drive against the estimate: an error
 * below it, a warning below it + a tenth + 250 MB, nothing above; a
 * hard-link store needs none; unknown facts are not checked. */
static void test_rules_restore_target_space(void **state)
{
    const uint64_t mb = 1024 * 1024;
    struct restore_facts f;
    struct report r;

    (void)state;
    base_facts(&f);
    f.restore_bytes = 2000 * mb;
    f.restore_bytes_basis = "a test";
    assert_int_equal(fired("restore-target-space", "E:\\s", &f), -1);
    f.target_free_known = true;
    f.target_free = 2000 * mb - 1;
    assert_int_equal(fired("restore-target-space", "E:\\s", &f), 1);
    assert_int_equal(last_severity, RULE_ERROR);
    f.target_free = 2000 * mb;
    assert_int_equal(fired("restore-target-space", "E:\\s", &f), 1);
    assert_int_equal(last_severity, RULE_WARNING);
    f.target_free = 2450 * mb - 1;
    assert_int_equal(fired("restore-target-space", "E:\\s", &f), 1);
    assert_int_equal(last_severity, RULE_WARNING);
    f.target_free = 2450 * mb;
    assert_int_equal(fired("restore-target-space", "E:\\s", &f), 0);
    f.target_free = 10 * mb;
    free(f.store_kind);
    f.store_kind = strdup("hardlink");
    assert_int_equal(fired("restore-target-space",
                           "E:\\s /hardlink /nocompress", &f), 0);
    free(f.store_kind);
    f.store_kind = strdup("compressed");
    f.restore_bytes = 0;
    assert_int_equal(fired("restore-target-space", "E:\\s", &f), -1);
    restore_facts_release(&f);

    /* the estimate: the data transferred, else the users, else the store */
    report_init(&r);
    r.store_bytes = 300 * mb;
    report_add_user(&r, "S-1-5-21-1-2-3-1001", "ana", "local", 700 * mb);
    report_add_user(&r, "S-1-5-21-1-2-3-1002", "bo", "local", 500 * mb);
    r.total_mb = 1100;
    restore_facts_init(&f);
    restore_facts_from_report(&f, &r);
    assert_true(f.restore_bytes == 1100 * mb);
    assert_non_null(strstr(f.restore_bytes_basis, "transferred"));
    restore_facts_release(&f);
    r.total_mb = 0;
    restore_facts_init(&f);
    restore_facts_from_report(&f, &r);
    assert_true(f.restore_bytes == 1200 * mb);
    assert_non_null(strstr(f.restore_bytes_basis, "profile sizes"));
    restore_facts_release(&f);
    r.users[1].bytes = 0;
    restore_facts_init(&f);
    restore_facts_from_report(&f, &r);
    assert_true(f.restore_bytes == 300 * mb);
    assert_non_null(strstr(f.restore_bytes_basis, "low estimate"));
    restore_facts_release(&f);
    report_release(&r);
}

static void test_rules_restore_windows(void **state)
{
    struct restore_facts f;

    (void)state;
    base_facts(&f);
    assert_int_equal(fired("restore-arch-64-to-32", "E:\\s", &f), 0);
    f.target_bits = 32;
    assert_int_equal(fired("restore-arch-64-to-32", "E:\\s", &f), 1);
    f.source_bits = 32;
    assert_int_equal(fired("restore-arch-64-to-32", "E:\\s", &f), 0);
    assert_int_equal(fired("restore-target-older", "E:\\s", &f), 0);
    f.target_build = 22621;
    assert_int_equal(fired("restore-target-older", "E:\\s", &f), 1);
    f.target_build = 26100;
    assert_int_equal(fired("restore-target-older", "E:\\s", &f), 0);
    assert_int_equal(fired("restore-target-unsupported", "E:\\s", &f), 0);
    f.target_build = 10240;
    f.source_build = 10240;
    assert_int_equal(fired("restore-target-unsupported", "E:\\s", &f), 0);
    f.target_build = 9600;
    assert_int_equal(fired("restore-target-unsupported", "E:\\s", &f), 1);
    /* USMT 5 (6.3) restores to Windows 8 but not to 10 */
    f.loadstate_ver_known = true;
    f.loadstate_ver[0] = 6;
    f.loadstate_ver[1] = 3;
    f.target_build = 9200;
    f.source_build = 9200;
    assert_int_equal(fired("restore-target-unsupported", "E:\\s", &f), 0);
    f.target_build = 19045;
    assert_int_equal(fired("restore-target-unsupported", "E:\\s", &f), 1);
    f.loadstate_ver_known = false;
    f.target_build = 22631;
    f.target_server = true;
    assert_int_equal(fired("restore-target-unsupported", "E:\\s", &f), 1);
    restore_facts_release(&f);
}

static void test_rules_restore_versions_elevation(void **state)
{
    struct restore_facts f;
    const unsigned cap[4] = { 10, 0, 22621, 1 };

    (void)state;
    base_facts(&f);
    assert_int_equal(fired("restore-usmt-older", "E:\\s", &f), -1);
    memcpy(f.capture_ver, cap, sizeof(cap));
    memcpy(f.loadstate_ver, cap, sizeof(cap));
    f.capture_ver_known = f.loadstate_ver_known = true;
    assert_int_equal(fired("restore-usmt-older", "E:\\s", &f), 0);
    f.loadstate_ver[2] = 19041;
    assert_int_equal(fired("restore-usmt-older", "E:\\s", &f), 1);
    assert_int_equal(fired("restore-not-elevated", "E:\\s", &f), 0);
    f.elevated = 0;
    assert_int_equal(fired("restore-not-elevated", "E:\\s", &f), 1);
    assert_int_equal(fired("restore-not-elevated", "E:\\s /q", &f), 0);
    f.elevated = -1;
    assert_int_equal(fired("restore-not-elevated", "E:\\s", &f), -1);
    restore_facts_release(&f);
}

static void test_rules_restore_not_on_capture(void **state)
{
    struct plan p;
    struct rule_ctx ctx;
    struct findings fs;

    (void)state;
    plan_init(&p);
    memset(&ctx, 0, sizeof(ctx));
    ctx.plan = &p;
    findings_init(&fs);
    rules_check(&ctx, &fs);
    for (size_t i = 0; i < fs.n; i++)
        assert_false(fs.f[i].rule->fields & RF_RESTORE);
    for (size_t i = 0; i < fs.n_skipped; i++)
        assert_null(strstr(fs.skipped[i], "restore-"));
    findings_release(&fs);
    plan_release(&p);
}

static void test_rules_restore_from_report(void **state)
{
    struct report r;
    struct restore_facts f;

    (void)state;
    report_init(&r);
    r.computer = strdup("PC-0042");
    r.windows = strdup("Windows 11 Pro 23H2 (22631.2861) x64");
    r.store_kind = strdup("hardlink");
    r.key_fingerprint = strdup("0123456789abcdef");
    r.command = strdup("scanstate.exe E:\\store /encrypt /i:MigApp.xml "
                       "/i:\"C:\\my xml\\MigDocs.xml\" /o /c");
    report_add_user(&r, "S-1-5-21-1-2-3-1001", "ana", "local", 0);
    restore_facts_init(&f);
    restore_facts_from_report(&f, &r);
    assert_true(f.report_known);
    assert_string_equal(f.source_computer, "PC-0042");
    assert_int_equal(f.source_build, 22631);
    assert_int_equal(f.source_bits, 64);
    assert_string_equal(f.store_kind, "hardlink");
    assert_string_equal(f.key_fingerprint, "0123456789abcdef");
    assert_true(f.encrypted);
    assert_int_equal(f.n_capture_xml, 2);
    assert_string_equal(f.capture_xml[1], "C:\\my xml\\MigDocs.xml");
    assert_int_equal(f.n_users, 1);
    assert_string_equal(f.users[0].kind, "local");
    restore_facts_release(&f);
    report_release(&r);
}


/* The capture's result from its report: partial stores are an error, an
 * incomplete capture a warning, a whole one neither. */
static void test_capture_result(void **state)
{
    (void)state;
    struct restore_facts f;
    static const char *const broken[] = { "killed", "cancelled", "failed",
                                          "not-started" };

    restore_facts_init(&f);
    f.report_known = true;
    f.store_state = RESTORE_STORE_FOUND;
    f.capture_result = strdup("success");
    assert_int_equal(fired("restore-capture-broken", "E:\\s /c", &f), 0);
    assert_int_equal(fired("restore-capture-incomplete", "E:\\s /c", &f), 0);
    for (size_t i = 0; i < 4; i++) {
        free(f.capture_result);
        f.capture_result = strdup(broken[i]);
        assert_int_equal(fired("restore-capture-broken", "E:\\s /c", &f), 1);
        assert_int_equal(fired("restore-capture-incomplete", "E:\\s /c", &f),
                         0);
    }
    free(f.capture_result);
    f.capture_result = strdup("incomplete");
    assert_int_equal(fired("restore-capture-broken", "E:\\s /c", &f), 0);
    assert_int_equal(fired("restore-capture-incomplete", "E:\\s /c", &f), 1);
    free(f.capture_result);
    f.capture_result = strdup("success-with-skipped-errors");
    assert_int_equal(fired("restore-capture-broken", "E:\\s /c", &f), 0);
    /* without the report: not checked */
    f.report_known = false;
    assert_int_equal(fired("restore-capture-broken", "E:\\s /c", &f), -1);
    restore_facts_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capture_result),
        cmocka_unit_test(test_rules_restore_winpe),
        cmocka_unit_test(test_rules_restore_line_rules),
        cmocka_unit_test(test_rules_restore_store_found),
        cmocka_unit_test(test_rules_restore_hardlink),
        cmocka_unit_test(test_rules_restore_encryption),
        cmocka_unit_test(test_rules_restore_xml_set),
        cmocka_unit_test(test_rules_restore_accounts),
        cmocka_unit_test(test_rules_restore_md),
        cmocka_unit_test(test_rules_restore_target_space),
        cmocka_unit_test(test_rules_restore_windows),
        cmocka_unit_test(test_rules_restore_versions_elevation),
        cmocka_unit_test(test_rules_restore_not_on_capture),
        cmocka_unit_test(test_rules_restore_from_report),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

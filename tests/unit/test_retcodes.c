#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "core/rules/rules.h"
#include "core/usmt/retcodes.h"
#include "platform/fs.h"
#include "../support/testlib.h"

/* The documented codes of USMT 10 (usmt-reference §4.1). */
static const int documented[] = {
    0, 1, 2, 3, 11, 12, 13, 14, 26, 27, 28, 29, 31, 32, 33, 34, 35, 36, 37,
    38, 39, 40, 41, 42, 61, 71, 72
};
#define NDOC (sizeof(documented) / sizeof(documented[0]))

static size_t count(const char *const *list)
{
    size_t n = 0;

    while (list[n])
        n++;
    return n;
}

static void test_retcodes_table_has_every_documented_code(void **state)
{
    size_t n;
    const struct retcode *t = retcode_table(&n);

    (void)state;
    assert_int_equal(n, NDOC);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t[i].code, documented[i]);
        assert_ptr_equal(retcode_by_code(documented[i]), &t[i]);
        assert_true(str_starts_with(t[i].symbol, "USMT_"));
        assert_true(strlen(t[i].summary) > 5);
        assert_true(strlen(t[i].meaning) > 20);
        assert_true(strlen(t[i].fix) > 10);
        assert_true(count(t[i].messages) >= 1);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(t[i].symbol, t[j].symbol);
    }
    /* the gaps are not codes */
    for (int c = -1; c <= 100; c++) {
        bool doc = false;

        for (size_t i = 0; i < NDOC; i++)
            doc = doc || documented[i] == c;
        assert_int_equal(retcode_by_code(c) != NULL, doc);
    }
}

static void test_retcodes_rows_match_the_docs(void **state)
{
    static const struct {
        int code;
        const char *symbol;
        enum retcode_category cat;
        bool inferred;
        size_t nmsg;
    } rows[] = {
        { 0, "USMT_SUCCESS", RETCODE_CAT_SUCCESS, false, 1 },
        { 2, "USMT_STATUS_CANCELED", RETCODE_CAT_SUCCESS, false, 2 },
        { 3, "USMT_WOULD_HAVE_FAILED", RETCODE_CAT_SUCCESS, true, 1 },
        { 11, "USMT_INVALID_PARAMETERS", RETCODE_CAT_COMMAND_LINE, false,
          39 },
        { 12, "USMT_ERROR_OPTION_PARAM_TOO_LARGE", RETCODE_CAT_COMMAND_LINE,
          false, 2 },
        { 26, "USMT_INIT_ERROR", RETCODE_CAT_SETUP, false, 3 },
        { 27, "USMT_INVALID_STORE_LOCATION", RETCODE_CAT_SETUP, false, 8 },
        { 29, "USMT_FAILED_MIGSTARTUP", RETCODE_CAT_SETUP, false, 5 },
        { 36, "USMT_ERROR_UNSUPPORTED_PLATFORM", RETCODE_CAT_SETUP, false,
          3 },
        { 42, "USMT_ERROR_CORRUPTED_STORE", RETCODE_CAT_SETUP, true, 1 },
        { 61, "USMT_MIGRATION_STOPPED_NONFATAL", RETCODE_CAT_NONFATAL,
          false, 1 },
        { 71, "USMT_INIT_OPERATING_ENVIRONMENT_FAILED", RETCODE_CAT_FATAL,
          false, 4 },
        { 72, "USMT_UNABLE_DOMIGRATION", RETCODE_CAT_FATAL, false, 5 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const struct retcode *rc = retcode_by_code(rows[i].code);

        assert_non_null(rc);
        assert_string_equal(rc->symbol, rows[i].symbol);
        assert_int_equal(rc->category, rows[i].cat);
        assert_int_equal(rc->category_inferred, rows[i].inferred);
        assert_int_equal(count(rc->messages), rows[i].nmsg);
    }
    assert_string_equal(retcode_by_code(29)->messages[0],
                        "A minimum of 250 MB of free space is required for "
                        "temporary files");
    assert_string_equal(retcode_by_code(61)->messages[0],
                        "Processing stopped due to an I/O error");
    assert_string_equal(retcode_category_name(RETCODE_CAT_SETUP),
                        "Setup and Initialization");
    assert_string_equal(retcode_category_name(RETCODE_CAT_COMMAND_LINE),
                        "Invalid Command Lines");
}

static void test_retcodes_lookup_by_symbol(void **state)
{
    (void)state;
    assert_int_equal(retcode_by_symbol("USMT_FAILED_MIGSTARTUP")->code, 29);
    assert_int_equal(retcode_by_symbol("usmt_failed_migstartup")->code, 29);
    assert_int_equal(retcode_by_symbol("Error_Unsupported_Platform")->code,
                     36);
    assert_int_equal(retcode_by_symbol("USMT_SUCCESS")->code, 0);
    assert_null(retcode_by_symbol("USMT_"));
    assert_null(retcode_by_symbol("FAILED"));
    assert_null(retcode_by_symbol(""));
    assert_null(retcode_by_symbol(NULL));
}

static void test_retcodes_lookup_by_message(void **state)
{
    struct retcode_match m[8];

    (void)state;
    /* given part of a message, in any case */
    assert_int_equal(retcode_find_message("A minimum of 250 MB", m, 8), 1);
    assert_int_equal(m[0].rc->code, 29);
    assert_false(m[0].extra);
    assert_true(str_starts_with(m[0].message, "A minimum of 250 MB"));
    assert_int_equal(retcode_find_message("use /OFFLINE to run gather", m,
                                          8), 1);
    assert_int_equal(m[0].rc->code, 36);

    /* given a whole log line holding the message */
    assert_int_equal(retcode_find_message(
        "2024-01-02 10:00:00, Error [0x000000] Processing stopped due to an "
        "I/O error\r\n", m, 8), 1);
    assert_int_equal(m[0].rc->code, 61);

    /* a final full stop belongs to the message, even in a log line */
    assert_int_equal(retcode_find_message(
        "2017-09-01 16:10:07, Info                  [0x000000]   An error "
        "occurred processing the command line.", m, 8), 1);
    assert_int_equal(m[0].rc->code, 11);

    /* a message two codes share gives both */
    assert_int_equal(retcode_find_message("Invalid space estimate path", m,
                                          8), 2);
    assert_int_equal(m[0].rc->code, 11);
    assert_int_equal(m[1].rc->code, 41);

    /* undocumented command-line messages belong to 11 */
    assert_int_equal(retcode_find_message("/ppkg cannot be used with "
                                          "/hardlink", m, 8), 1);
    assert_int_equal(m[0].rc->code, 11);
    assert_true(m[0].extra);
    assert_int_equal(retcode_find_message("An error occurred processing the "
                                          "command line.", m, 8), 1);
    assert_int_equal(m[0].rc->code, 11);

    /* other undocumented messages have no code, maybe a likely one */
    assert_int_equal(retcode_find_message("store could not be decrypted", m,
                                          8), 1);
    assert_null(m[0].rc);
    assert_non_null(m[0].orphan);
    assert_int_equal(m[0].orphan->likely_code, 37);

    /* a message with placeholders matches with words in their place */
    assert_int_equal(retcode_find_message(
        "Unsupported Platform Architecture: Applying a store from 64-bit "
        "system on a 32-bit system is not supported", m, 8), 1);
    assert_null(m[0].rc);
    assert_true(str_starts_with(m[0].message, "Unsupported Platform"));

    /* Windows' own words for an architecture mismatch */
    assert_int_equal(retcode_find_message("the subsystem needed to support "
                                          "the image type is not present",
                                          m, 8), 1);
    assert_non_null(strstr(m[0].orphan->origin, "308"));
    assert_non_null(strstr(m[0].orphan->note, "architecture"));

    /* an ellipsis or quotes around the words do not matter */
    assert_int_equal(retcode_find_message("\"A minimum of 250 MB \xe2\x80\xa6\"",
                                          m, 8), 1);
    assert_int_equal(m[0].rc->code, 29);
    assert_int_equal(retcode_find_message("A minimum of 250 MB...", m, 8),
                     1);
    assert_int_equal(m[0].rc->code, 29);

    /* too short or absent */
    assert_int_equal(retcode_find_message("the", m, 8), 0);
    assert_int_equal(retcode_find_message("  \"  ", m, 8), 0);
    assert_int_equal(retcode_find_message("no such words anywhere", m, 8),
                     0);
    assert_int_equal(retcode_find_message(NULL, m, 8), 0);

    /* more matches than room: the count is still right */
    size_t all = retcode_find_message("store", m, 0);

    assert_true(all > 8);
    assert_int_equal(retcode_find_message("store", m, 2), all);
}

/* Lines of a real LoadState log name the command-line code 11. */
static void test_retcodes_real_log_lines(void **state)
{
    char *path = test_realdata("logs/gh-nickrod518-Migrate-WindowsUserProfile"
                               "-issue20-load.log");
    struct retcode_match m[4];
    struct wiz_err err;
    char *data;
    size_t len;
    size_t found = 0;

    (void)state;
    if (!path)
        return;
    assert_int_equal(fs_read_file(path, 1 << 20, &data, &len, &err), 0);
    for (char *line = data; *line;) {
        size_t n = strcspn(line, "\n");
        char save = line[n];

        line[n] = '\0';
        if (retcode_find_message(line, m, 4) == 1 && m[0].rc) {
            assert_int_equal(m[0].rc->code, 11);
            found++;
        }
        line[n] = save;
        line += n + (save != '\0');
    }
    /* "An error occurred processing the command line." and "Settings
     * store argument specified is invalid[gle=0x00000002]" */
    assert_int_equal(found, 2);
    free(data);
    free(path);
}

static void test_retcodes_success_class(void **state)
{
    (void)state;
    assert_int_equal(retcode_classify(0), RETCODE_OK);
    assert_int_equal(retcode_classify(3), RETCODE_OK_SKIPPED);
    assert_int_equal(retcode_classify(1), RETCODE_FAILED);
    assert_int_equal(retcode_classify(2), RETCODE_FAILED);
    assert_int_equal(retcode_classify(29), RETCODE_FAILED);
    assert_int_equal(retcode_classify(-1), RETCODE_FAILED);
    assert_string_equal(retcode_class_name(RETCODE_OK_SKIPPED),
                        "succeeded with skipped errors");
}

static void test_retcodes_describe_lists_everything(void **state)
{
    size_t n;
    const struct retcode *t = retcode_table(&n);

    (void)state;
    for (size_t i = 0; i < n; i++) {
        struct strbuf sb = STRBUF_INIT;

        retcode_describe(&t[i], &sb);
        assert_non_null(strstr(sb.buf, t[i].symbol));
        assert_non_null(strstr(sb.buf,
                               retcode_category_name(t[i].category)));
        for (size_t j = 0; t[i].messages[j]; j++)
            assert_non_null(strstr(sb.buf, t[i].messages[j]));
        for (size_t j = 0; t[i].extra_messages[j]; j++)
            assert_non_null(strstr(sb.buf, t[i].extra_messages[j]));
        assert_non_null(strstr(sb.buf, "Fix:\n"));
        /* wrapped text stays within 80 columns except verbatim messages */
        for (const char *line = sb.buf; *line;) {
            size_t len = strcspn(line, "\n");

            if (!str_starts_with(line, "  - "))
                assert_true(len <= 80);
            line += len + (line[len] == '\n');
        }
        strbuf_release(&sb);
    }
}

static void test_retcodes_describe_orphans(void **state)
{
    struct retcode_match m[2];
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    assert_int_equal(retcode_find_message("User profile duplicate SID error",
                                          m, 2), 1);
    retcode_describe_orphan(m[0].orphan, &sb);
    assert_true(str_starts_with(sb.buf, "No documented return code goes "
                                        "with this message.\n"));
    assert_non_null(strstr(sb.buf, "MIG_FAIL_ON_PROFILE_ERROR=0"));
    assert_non_null(strstr(sb.buf, "Seen with: return code 26 "));
    for (const char *line = sb.buf; *line;) {
        size_t len = strcspn(line, "\n");

        assert_true(len <= 80);
        line += len + (line[len] == '\n');
    }
    strbuf_release(&sb);
}

static void test_retcodes_one_line(void **state)
{
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    retcode_one_line(29, &sb);
    assert_true(str_starts_with(sb.buf, "29 USMT_FAILED_MIGSTARTUP: "));
    strbuf_reset(&sb);
    retcode_one_line(30, &sb);
    assert_string_equal(sb.buf,
                        "30 is not a documented scanstate return code");
    strbuf_release(&sb);
}

/* explain and lint tell the same story (one fact, one answer). */
static void test_retcodes_agree_with_lint(void **state)
{
    const struct retcode *r28 = retcode_by_code(28);
    const struct retcode *r29 = retcode_by_code(29);
    size_t n;
    const struct retcode *t = retcode_table(&n);

    (void)state;
    /* a relative /i name: the current folder, as xml-missing says */
    assert_null(str_icasestr(r28->fix, "next to scanstate"));
    assert_non_null(str_icasestr(r28->fix, "current folder"));
    assert_non_null(str_icasestr(rules_find("xml-missing")->fix,
                                 "current folder"));
    /* the working folder: not on the offline volume (a rule warns) */
    assert_non_null(rules_find("workdir-on-source-volume"));
    assert_null(str_icasestr(r29->fix, "a folder on the offline volume"));
    assert_non_null(str_icasestr(r29->fix, "rather than the offline "
                                 "Windows volume"));
    assert_non_null(str_icasestr(rules_find("workdir-unset")->fix,
                                 "not on the offline Windows volume"));
    /* every "known case" names where it is known from */
    for (size_t i = 0; i < n; i++) {
        const char *k = str_icasestr(t[i].meaning, "known case");

        if (k && !str_icasestr(k, "KB ") && !str_icasestr(k, "docs"))
            fail_msg("rc %d: a known case without a source", t[i].code);
    }
    /* a 32-bit offline Windows without the variable: rc 36, an error */
    assert_int_equal(rules_find("offline-arch-unset")->severity, RULE_ERROR);
}

/* Lines technicians paste from scanstate.log are decoded with a fix. */
static void test_retcodes_pasted_log_lines(void **state)
{
    static const struct {
        const char *line;
        int code;           /* likely code, 0 none */
        const char *word;   /* a word of the fix */
    } lines[] = {
        { "2024-06-03 10:00:01, Warning               [0x0803ba] Found "
          "valid profile but can't get user credentials. Will ignore due to "
          "error code: 0x00000534 User SID: S-1-5-21-1-2-3-1001", 0, "SID" },
        { "0x00000534", 0, "SID" },
        { "Error [0x000000] MigStartupOfflineCaught: User profile "
          "duplicate SID error", 26, "MIG_FAIL_ON_PROFILE_ERROR" },
        { "Unable to find XML Parser (MSXML).", 0, "MSXML" },
        { "Hardlink main store can be created only on a fixed drive", 0,
          "fixed" },
        { "CopyFile failed 0x80070005", 0, "/c" },
        { "Write failed with 0x80070070", 72, "space" },
        { "The process cannot access the file: sharing violation", 61,
          "/c" },
        { "2024-01-24 21:44:51, Info                  [0x000000] |"
          "           395 |           No |         37 | Read error 395 for "
          "C:\\Users\\lcarroll\\OneDrive - Gile", 3, "OneDrive" },
        { "Read error 395 for D:\\Users\\amy\\OneDrive\\a.docx. Windows "
          "error 395 description: Access to the cloud file is denied.", 3,
          "sync" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        struct retcode_match m[4];
        size_t k = retcode_find_message(lines[i].line, m, 4);

        if (!k)
            fail_msg("'%s' is not recognised", lines[i].line);
        assert_null(m[0].rc);
        if (!str_icasestr(m[0].orphan->note, lines[i].word))
            fail_msg("'%s': no '%s' in its fix", lines[i].line,
                     lines[i].word);
        if (lines[i].code)
            assert_int_equal(m[0].orphan->likely_code, lines[i].code);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retcodes_table_has_every_documented_code),
        cmocka_unit_test(test_retcodes_rows_match_the_docs),
        cmocka_unit_test(test_retcodes_lookup_by_symbol),
        cmocka_unit_test(test_retcodes_lookup_by_message),
        cmocka_unit_test(test_retcodes_real_log_lines),
        cmocka_unit_test(test_retcodes_success_class),
        cmocka_unit_test(test_retcodes_describe_lists_everything),
        cmocka_unit_test(test_retcodes_describe_orphans),
        cmocka_unit_test(test_retcodes_one_line),
        cmocka_unit_test(test_retcodes_agree_with_lint),
        cmocka_unit_test(test_retcodes_pasted_log_lines),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/run/progress.h"
#include "core/run/sclog.h"
#include "core/run/verify.h"
#include "core/session/wizard_run.h"

#define SID_JS "S-1-5-21-3623811015-3361044348-30300820-1104"
#define SID_MK "S-1-5-21-3623811015-3361044348-30300820-1107"
#define SID_PW "S-1-5-21-3623811015-3361044348-30300820-1121"

/* Logs as the simulator writes them (scanstate.log and progress log). */
static const char sclog_temp_skipped[] =
    "2024-06-03 08:00:01, Info                  [0x000000] User "
    "PC-ACC-0042\\jsmith (" SID_JS ", C:\\Users\\jsmith) is included\r\n"
    "2024-06-03 08:00:01, Info                  [0x000000] User "
    "PC-ACC-0042\\mkhan (" SID_MK ", C:\\Users\\mkhan) is included\r\n"
    "2024-06-03 08:00:01, Warning               [0x000000] User profile "
    "duplicate SID error for " SID_MK " ignored "
    "(MIG_FAIL_ON_PROFILE_ERROR=0); the temporary profile is excluded\r\n"
    "2024-06-03 08:00:01, Warning               [0x000000] Profile of "
    SID_PW " skipped: C:\\Users\\pwong[gle=0x00000534]\r\n";

static const char progress_ok[] =
    "03 Jun 2024, 08:00:01 +00:00, 00:00:00, detectedUser, "
    "PC-ACC-0042\\jsmith, includedInMigration, Yes\r\n"
    "03 Jun 2024, 08:00:02 +00:00, 00:00:01, collectingUser, "
    "PC-ACC-0042\\jsmith\r\n"
    "03 Jun 2024, 08:00:02 +00:00, 00:00:01, error, UnableToOpen, "
    "objectName, \"D:\\Users\\jsmith\\x.pst\", action, Ignore, errorText, "
    "\"Access is denied.\"\r\n"
    "03 Jun 2024, 08:00:03 +00:00, 00:00:02, errorCode, 3, "
    "numberOfIgnoredErrors, 1, message, \"x\"\r\n";

struct logs {
    struct sclog_reader *sl;
    struct progress_reader *pr;
};

static void logs_init(struct logs *l, const char *sclog, const char *prog)
{
    l->sl = sclog_reader_new("/nonexistent/scanstate.log");
    l->pr = progress_reader_new("/nonexistent/progress.log");
    sclog_reader_feed(l->sl, sclog, strlen(sclog));
    sclog_reader_finish(l->sl);
    progress_reader_feed(l->pr, prog, strlen(prog));
    progress_reader_finish(l->pr);
}

static void logs_release(struct logs *l)
{
    sclog_reader_free(l->sl);
    progress_reader_free(l->pr);
}

static const struct verify_profile demo[] = {
    { SID_JS, "CONTOSO\\jsmith", "", "domain", "C:\\Users\\jsmith",
      "D:\\Users\\jsmith", true, true, false, true, false, false, false, 0,
      NULL },
    /* mkhan: the TEMP profile and the real ('.bak') one share the SID */
    { SID_MK, "TEMP", "", "temporary", "C:\\Users\\TEMP", "D:\\Users\\TEMP",
      true, false, true, true, false, false, false, 0, NULL },
    { SID_MK, "CONTOSO\\mkhan", "", "bak", "C:\\Users\\mkhan",
      "D:\\Users\\mkhan", true, true, false, true, true, false, false, 0,
      NULL },
    { SID_PW, "CONTOSO\\pwong", "", "orphan", "C:\\Users\\pwong",
      "D:\\Users\\pwong", false, true, false, false, false, false, false, 0,
      "an orphan: its profile folder is gone" },
};

static void test_verify_rc0_with_a_skipped_user_is_incomplete(void **state)
{
    struct logs l;
    struct verify_result res;
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    logs_init(&l, sclog_temp_skipped, progress_ok);
    struct verify_input in = { 0, false, false,
                               progress_reader_state(l.pr),
                               sclog_reader_state(l.sl), demo, 4, false };

    verify_run(&in, &res);
    assert_int_equal(res.verdict, VERIFY_INCOMPLETE);
    assert_string_equal(verify_verdict_word(res.verdict), "incomplete");
    /* one line per SID: mkhan once, as the real profile */
    assert_int_equal(res.n_users, 2);
    assert_string_equal(res.users[0].sid, SID_JS);
    assert_int_equal(res.users[0].state, VERIFY_CAPTURED_ERRORS);
    assert_int_equal(res.users[0].errors, 1);
    assert_string_equal(res.users[1].name, "CONTOSO\\mkhan");
    assert_int_equal(res.users[1].state, VERIFY_NOT_CAPTURED);
    assert_non_null(strstr(res.users[1].why, "MIG_FAIL_ON_PROFILE_ERROR=0"));
    assert_non_null(strstr(res.users[1].why, "'.bak'"));
    assert_non_null(strstr(res.users[1].why, "D:\\Users\\mkhan"));
    assert_int_equal(res.n_not_captured, 1);
    /* the orphan was not selected: listed with its reason */
    assert_int_equal(res.n_others, 1);
    assert_string_equal(res.others[0].sid, SID_PW);
    assert_non_null(strstr(res.others[0].why, "orphan"));
    verify_verdict_text(&res, &sb);
    verify_users_text(&res, &sb);
    assert_non_null(strstr(sb.buf, "INCOMPLETE"));
    assert_non_null(strstr(sb.buf, "NOT CAPTURED"));
    assert_non_null(strstr(sb.buf, "Not selected (1 profile"));
    strbuf_release(&sb);
    verify_result_release(&res);
    logs_release(&l);
}

static void test_verify_selected_orphan_skipped_with_0x534(void **state)
{
    struct logs l;
    struct verify_result res;
    struct verify_profile p[2];

    (void)state;
    memcpy(p, &demo[0], sizeof(p[0]));
    memcpy(&p[1], &demo[3], sizeof(p[1]));
    p[1].selected = true;
    p[1].folder_exists = true;    /* even so: the log says it was skipped */
    logs_init(&l, sclog_temp_skipped, progress_ok);
    struct verify_input in = { 3, false, false,
                               progress_reader_state(l.pr),
                               sclog_reader_state(l.sl), p, 2, false };

    verify_run(&in, &res);
    assert_int_equal(res.verdict, VERIFY_INCOMPLETE);
    assert_int_equal(res.users[1].state, VERIFY_NOT_CAPTURED);
    assert_non_null(strstr(res.users[1].why, "0x534"));
    verify_result_release(&res);
    logs_release(&l);
}

static void test_verify_all_captured_is_success(void **state)
{
    struct logs l;
    struct verify_result res;

    (void)state;
    logs_init(&l, "", progress_ok);
    struct verify_input in = { 3, false, false,
                               progress_reader_state(l.pr),
                               sclog_reader_state(l.sl), demo, 1, false };

    verify_run(&in, &res);
    assert_int_equal(res.verdict, VERIFY_SUCCESS_ERRORS);
    assert_int_equal(res.n_not_captured, 0);
    verify_result_release(&res);

    /* nothing in either log names the user: not shown as captured */
    logs_release(&l);
    logs_init(&l, "", "");
    in.rc = 0;
    in.progress = progress_reader_state(l.pr);
    in.log = sclog_reader_state(l.sl);
    verify_run(&in, &res);
    assert_int_equal(res.verdict, VERIFY_INCOMPLETE);
    verify_result_release(&res);
    logs_release(&l);
}

static void test_verify_killed_or_cancelled_store_is_not_usable(void **state)
{
    struct logs l;
    struct verify_result res;
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    logs_init(&l, "", progress_ok);
    /* killed by a signal: 137 is no scanstate code */
    struct verify_input in = { 137, true, false,
                               progress_reader_state(l.pr),
                               sclog_reader_state(l.sl), demo, 1, false };

    verify_run(&in, &res);
    assert_int_equal(res.verdict, VERIFY_KILLED);
    assert_false(verify_store_usable(res.verdict));
    assert_int_equal(res.users[0].state, VERIFY_NOT_CAPTURED);
    verify_verdict_text(&res, &sb);
    assert_non_null(strstr(sb.buf, "must not be restored"));
    verify_result_release(&res);
    /* a crash: an exit code scanstate never returns */
    in.signalled = false;
    in.rc = -1073741819;
    verify_run(&in, &res);
    assert_int_equal(res.verdict, VERIFY_KILLED);
    verify_result_release(&res);
    in.rc = 2;
    in.cancelled = true;
    verify_run(&in, &res);
    assert_int_equal(res.verdict, VERIFY_CANCELLED);
    verify_result_release(&res);
    strbuf_release(&sb);
    logs_release(&l);
}

/*
 * A compressed store gives no bytes per user: the line says so instead of
 * a size (or of nothing); an uncompressed store's measured bytes are shown;
 * a user not captured gets neither.
 */
static void test_verify_compressed_store_size_not_known(void **state)
{
    struct logs l;
    struct verify_result res;
    struct strbuf sb = STRBUF_INIT;
    struct verify_profile p[2];

    (void)state;
    memcpy(p, demo, sizeof(p));
    p[1] = demo[2];
    logs_init(&l, sclog_temp_skipped, progress_ok);
    struct verify_input in = { 3, false, false,
                               progress_reader_state(l.pr),
                               sclog_reader_state(l.sl), p, 2, true };

    verify_run(&in, &res);
    assert_true(res.store_compressed);
    verify_users_text(&res, &sb);
    assert_non_null(strstr(sb.buf, "captured with errors: CONTOSO\\jsmith "
                                   "(domain, " SID_JS "), size in the store "
                                   "not known (a compressed store is one "
                                   "USMT.MIG)\n"));
    /* mkhan was not captured: no size talk at all */
    assert_null(strstr(strstr(sb.buf, "NOT CAPTURED"), "size in the store"));
    verify_result_release(&res);
    strbuf_reset(&sb);

    /* uncompressed and measured: the bytes, never the compressed words */
    p[0].stored_known = true;
    p[0].stored_bytes = 2048;
    in.store_compressed = false;
    verify_run(&in, &res);
    verify_users_text(&res, &sb);
    assert_non_null(strstr(sb.buf, "), 2.0 KB in the store\n"));
    assert_null(strstr(sb.buf, "not known"));
    verify_result_release(&res);
    strbuf_release(&sb);
    logs_release(&l);
}

/* attach: the users a run state recorded, reconciled with the logs. */
static void test_verify_from_run_state(void **state)
{
    struct logs l;
    struct verify_result res;
    char u0[] = "S-1-5-21-3623811015-3361044348-30300820-1104|domain|"
        "CONTOSO\\jsmith|C:\\Users\\jsmith|D:\\Users\\jsmith|f";
    char u1[] = "S-1-5-21-3623811015-3361044348-30300820-1107|bak|"
        "CONTOSO\\mkhan|C:\\Users\\mkhan|D:\\Users\\mkhan|ft";
    char *users[] = { u0, u1 };
    struct run_state st;

    (void)state;
    memset(&st, 0, sizeof(st));
    assert_int_equal(run_state_verify(&st, 0, NULL, NULL, &res), -1);
    st.users = users;
    st.n_users = 2;
    logs_init(&l, sclog_temp_skipped, progress_ok);
    assert_int_equal(run_state_verify(&st, 0, progress_reader_state(l.pr),
                                      sclog_reader_state(l.sl), &res), 0);
    assert_int_equal(res.verdict, VERIFY_INCOMPLETE);
    assert_int_equal(res.n_users, 2);
    assert_int_equal(res.users[0].state, VERIFY_CAPTURED_ERRORS);
    assert_int_equal(res.users[1].state, VERIFY_NOT_CAPTURED);
    assert_non_null(strstr(res.users[1].why, "real ('.bak') profile"));
    /* no command line recorded: the store kind is not guessed */
    assert_false(res.store_compressed);
    verify_result_release(&res);
    /* the store kind comes from the recorded command line */
    char compressed[] = "\"X:\\usmt tools\\scanstate.exe\" E:\\s /c";
    char plain[] = "X:\\usmt\\scanstate.exe E:\\s /nocompress /c";

    st.display = compressed;
    assert_int_equal(run_state_verify(&st, 0, progress_reader_state(l.pr),
                                      sclog_reader_state(l.sl), &res), 0);
    assert_true(res.store_compressed);
    verify_result_release(&res);
    st.display = plain;
    assert_int_equal(run_state_verify(&st, 0, progress_reader_state(l.pr),
                                      sclog_reader_state(l.sl), &res), 0);
    assert_false(res.store_compressed);
    verify_result_release(&res);
    logs_release(&l);
}

/*
 * attach without a run state: the users are the /ui:<SID>* of the command
 * line the progress log's header recorded, checked against scanstate.log;
 * without SIDs on that line, or without scanstate.log, no user is checked
 * and the reason says why.
 */
static void test_verify_from_command_line(void **state)
{
    static const char head[] =
        "03 Jun 2024, 08:00:00 +00:00, 00:00:00, program, ScanState.exe, "
        "productVersion, \"10.0.22621.1\", computerName, MININT-1, "
        "commandLine, \"X:\\usmt\\scanstate.exe E:\\s "
        "/offlineWinDir:D:\\Windows /ue:*\\* /ui:" SID_JS "* /ui:" SID_MK
        "* /l:Q:\\nowhere\\s.log /c\"\r\n";
    static const char by_name[] =
        "03 Jun 2024, 08:00:00 +00:00, 00:00:00, program, ScanState.exe, "
        "productVersion, \"10.0.22621.1\", computerName, MININT-1, "
        "commandLine, \"X:\\usmt\\scanstate.exe E:\\s "
        "/offlineWinDir:D:\\Windows /ui:CONTOSO\\jsmith /c\"\r\n";
    char *prog = xasprintf("%s%s", head, progress_ok);
    char *prog_names = xasprintf("%s%s", by_name, progress_ok);
    struct logs l;
    struct verify_result res;
    struct wiz_err err;
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    logs_init(&l, sclog_temp_skipped, prog);
    assert_int_equal(run_cmdline_verify(0, progress_reader_state(l.pr),
                                        sclog_reader_state(l.sl), NULL,
                                        &res, &err), 0);
    assert_int_equal(res.verdict, VERIFY_INCOMPLETE);
    assert_int_equal(res.n_users, 2);
    assert_string_equal(res.users[0].sid, SID_JS);
    assert_int_equal(res.users[0].state, VERIFY_CAPTURED);
    assert_int_equal(res.users[1].state, VERIFY_NOT_CAPTURED);
    assert_non_null(strstr(res.users[1].why, "temporary (TEMP) profile"));
    assert_true(res.store_compressed);
    verify_users_text(&res, &sb);
    assert_non_null(strstr(sb.buf, "  NOT CAPTURED: " SID_MK
                                   " (named by /ui)\n"));
    assert_null(strstr(sb.buf, ", ,"));
    verify_result_release(&res);
    /* no scanstate.log given and its /l file is not on this machine */
    assert_int_equal(run_cmdline_verify(0, progress_reader_state(l.pr),
                                        NULL, NULL, &res, &err), -1);
    assert_non_null(strstr(err.msg, "scanstate.log 'Q:\\nowhere\\s.log' "
                                    "cannot be read"));
    logs_release(&l);
    /* users chosen by name: which ones were meant is not known */
    logs_init(&l, sclog_temp_skipped, prog_names);
    assert_int_equal(run_cmdline_verify(0, progress_reader_state(l.pr),
                                        sclog_reader_state(l.sl), NULL,
                                        &res, &err), -1);
    assert_non_null(strstr(err.msg, "does not name its users by SID"));
    logs_release(&l);
    /* no command line recorded at all */
    logs_init(&l, "", progress_ok);
    assert_int_equal(run_cmdline_verify(0, progress_reader_state(l.pr),
                                        sclog_reader_state(l.sl), NULL,
                                        &res, &err), -1);
    assert_non_null(strstr(err.msg, "records scanstate's command line"));
    logs_release(&l);
    strbuf_release(&sb);
    free(prog);
    free(prog_names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_rc0_with_a_skipped_user_is_incomplete),
        cmocka_unit_test(test_verify_selected_orphan_skipped_with_0x534),
        cmocka_unit_test(test_verify_all_captured_is_success),
        cmocka_unit_test(test_verify_killed_or_cancelled_store_is_not_usable),
        cmocka_unit_test(test_verify_compressed_store_size_not_known),
        cmocka_unit_test(test_verify_from_run_state),
        cmocka_unit_test(test_verify_from_command_line),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

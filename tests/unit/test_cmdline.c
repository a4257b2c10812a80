#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/plan/cmdline.h"
#include "core/plan/plan.h"
#include "platform/fs.h"
#include "../support/testlib.h"

static void parse(struct plan *p, const char *line)
{
    struct wiz_err err;

    plan_init(p);
    err_clear(&err);
    assert_int_equal(cmdline_parse_string(p, line, &err), 0);
}

static void test_cmdline_parse_offline_capture(void **state)
{
    struct plan p;

    (void)state;
    parse(&p, "X:\\usmt\\amd64\\scanstate.exe E:\\store "
              "/offlineWinDir:D:\\Windows /i:MigDocs.xml /I:MigApp.xml "
              "/v:5 /c /o /l:E:\\scan.log /progress:E:\\prog.log "
              "/ue:*\\* /ui:S-1-5-21-1-2-3-1001* /efs:copyraw");
    assert_string_equal(p.store_path, "E:\\store");
    assert_int_equal(p.offline_mode, PLAN_OFFLINE_WINDIR);
    assert_string_equal(p.offline_windir, "D:\\Windows");
    assert_int_equal(p.offline_volume, 'D');
    assert_int_equal(p.xml_files.n, 2);
    assert_string_equal(p.xml_files.items[0], "MigDocs.xml");
    assert_string_equal(p.xml_files.items[1], "MigApp.xml");
    assert_int_equal(p.verbosity, 5);
    assert_true(p.continue_on_error);
    assert_true(p.overwrite);
    assert_string_equal(p.log_path, "E:\\scan.log");
    assert_string_equal(p.progress_path, "E:\\prog.log");
    assert_int_equal(p.n_user_rules, 2);
    assert_int_equal(p.user_rules[0].kind, PLAN_USER_UE);
    assert_string_equal(p.user_rules[0].value, "*\\*");
    assert_int_equal(p.user_rules[1].kind, PLAN_USER_UI);
    assert_int_equal(p.efs, PLAN_EFS_COPYRAW);
    /* the program path is not an argument; positions count from 0 */
    assert_int_equal(p.switches[0].id, PLAN_SW_STORE);
    assert_int_equal(p.switches[0].pos, 0);
    assert_int_equal(p.switches[3].id, PLAN_SW_I);
    assert_string_equal(p.switches[3].name, "I");
    assert_string_equal(p.switches[3].text, "/I:MigApp.xml");
    plan_release(&p);
}

static void test_cmdline_parse_space_separated_values(void **state)
{
    struct plan p;

    (void)state;
    parse(&p, "scanstate /l x.log E:\\st /offlinewindir \"D:\\My Win\" "
              "/v 13 /o /keyfile k.txt /encrypt:AES_256");
    assert_string_equal(p.log_path, "x.log");
    assert_string_equal(p.store_path, "E:\\st");
    assert_string_equal(p.offline_windir, "D:\\My Win");
    assert_int_equal(p.verbosity, 13);
    assert_true(p.overwrite);
    assert_string_equal(p.keyfile, "k.txt");
    assert_true(p.encrypt);
    assert_string_equal(p.encrypt_alg, "AES_256");
    const struct plan_switch *l = plan_find_switch(&p, PLAN_SW_L);
    assert_true(l->value_separate);
    assert_string_equal(l->text, "/l x.log");
    assert_int_equal(l->pos, 0);
    assert_int_equal(plan_find_switch(&p, PLAN_SW_STORE)->pos, 2);
    /* "/v 13" used two arguments: /o is at position 7 */
    assert_int_equal(plan_find_switch(&p, PLAN_SW_O)->pos, 7);
    plan_release(&p);
}

static void test_cmdline_parse_records_mistakes(void **state)
{
    struct plan p;

    (void)state;
    parse(&p, "scanstate.EXE E:\\a /o /O /foo:bar /lac:pw /md:a:b "
              "/v:7x /r:three /w:2 /efs:nope /l /nocompress /hardlink "
              "F:\\b /uel:30 /all");
    assert_int_equal(plan_count_switch(&p, PLAN_SW_O), 2);
    assert_int_equal(plan_count_switch(&p, PLAN_SW_STORE), 2);
    assert_string_equal(p.store_path, "E:\\a");
    assert_int_equal(p.unknown_switches.n, 1);
    assert_string_equal(p.unknown_switches.items[0], "/foo:bar");
    assert_int_equal(p.loadstate_switches.n, 2);
    const struct plan_switch *md = plan_find_switch(&p, PLAN_SW_MD);
    assert_string_equal(md->value, "a:b");
    assert_true(cmdline_switch_info(PLAN_SW_MD)->loadstate_only);
    assert_int_equal(p.verbosity, PLAN_INVALID);
    assert_int_equal(p.retries, PLAN_INVALID);
    assert_int_equal(p.wait_secs, 2);
    assert_int_equal(p.efs, PLAN_EFS_INVALID);
    /* /l followed by a switch has no value */
    assert_null(plan_find_switch(&p, PLAN_SW_L)->value);
    assert_int_equal(p.store_kind, PLAN_STORE_HARDLINK);
    assert_true(p.all_users);
    assert_int_equal(p.n_user_rules, 1);
    assert_int_equal(p.user_rules[0].kind, PLAN_USER_UEL);
    plan_release(&p);
}

static void test_cmdline_parse_never_records_the_key(void **state)
{
    struct plan p;

    (void)state;
    parse(&p, "scanstate E:\\s /encrypt /key:\"Sup3r Secret\" /key hunter2");
    assert_string_equal(p.key, "hunter2");
    for (size_t i = 0; i < p.n_switches; i++) {
        assert_null(strstr(p.switches[i].text, "Secret"));
        assert_null(strstr(p.switches[i].text, "hunter2"));
        if (p.switches[i].value) {
            assert_null(strstr(p.switches[i].value, "hunter2"));
        }
    }
    assert_int_equal(plan_count_switch(&p, PLAN_SW_KEY), 2);
    assert_string_equal(plan_find_switch(&p, PLAN_SW_KEY)->text,
                        "/key:********");
    plan_release(&p);
    /* an empty key is kept as empty, for the rule that rejects it */
    parse(&p, "scanstate E:\\s /encrypt /key:");
    assert_non_null(p.key);
    assert_string_equal(p.key, "");
    plan_release(&p);
}

static void test_cmdline_parse_keeps_program_unless_scanstate(void **state)
{
    struct plan p;

    (void)state;
    parse(&p, "\"C:\\Program Files\\USMT\\ScanState\" E:\\s /o");
    assert_string_equal(p.store_path, "E:\\s");
    plan_release(&p);
    /* no program name: everything is an argument */
    parse(&p, "E:\\s /o /c");
    assert_string_equal(p.store_path, "E:\\s");
    assert_int_equal(p.n_switches, 3);
    plan_release(&p);
    parse(&p, "");
    assert_int_equal(p.n_switches, 0);
    plan_release(&p);
}

static void test_cmdline_parse_switch_lookup(void **state)
{
    (void)state;
    assert_int_equal(cmdline_switch_lookup("OFFLINEWINDIR"),
                     PLAN_SW_OFFLINEWINDIR);
    assert_int_equal(cmdline_switch_lookup("offline"), PLAN_SW_OFFLINE);
    assert_int_equal(cmdline_switch_lookup("?"), PLAN_SW_HELP);
    assert_int_equal(cmdline_switch_lookup("Help"), PLAN_SW_HELP);
    assert_int_equal(cmdline_switch_lookup("offlinewin"), PLAN_SW_UNKNOWN);
    assert_int_equal(cmdline_switch_lookup(""), PLAN_SW_UNKNOWN);
    assert_true(cmdline_switch_info(PLAN_SW_I)->repeatable);
    assert_false(cmdline_switch_info(PLAN_SW_CONFIG)->repeatable);
    assert_int_equal(cmdline_switch_info(PLAN_SW_P)->arg,
                     CMDLINE_ARG_OPTIONAL);
    for (int id = PLAN_SW_O; id < PLAN_SW_COUNT; id++) {
        const struct cmdline_switch_info *info =
            cmdline_switch_info((enum plan_sw)id);

        assert_int_equal(info->id, id);
        assert_int_equal(cmdline_switch_lookup(info->name), id);
    }
}

static void test_cmdline_parse_refuses_too_many_args(void **state)
{
    struct plan p;
    struct wiz_err err;
    const char **argv = xcalloc(CMDLINE_MAX_ARGS + 1, sizeof(*argv));

    (void)state;
    for (int i = 0; i <= CMDLINE_MAX_ARGS; i++) {
        argv[i] = "/i:x.xml";
    }
    plan_init(&p);
    err_clear(&err);
    assert_int_equal(cmdline_parse_argv(&p, CMDLINE_MAX_ARGS + 1, argv,
                                        &err), -1);
    assert_int_equal(err.code, WIZ_ELIMIT);
    assert_non_null(strstr(err.msg, "1001"));
    assert_int_equal(p.n_switches, 0);
    assert_int_equal(cmdline_parse_argv(&p, CMDLINE_MAX_ARGS, argv, &err),
                     0);
    assert_int_equal(p.xml_files.n, CMDLINE_MAX_ARGS);
    plan_release(&p);
    free(argv);
}


static void assert_argv(const struct cmdline_built *b,
                        const char *const *want)
{
    size_t n = 0;

    while (want[n]) {
        n++;
    }
    for (size_t i = 0; i < n && i < b->argc; i++) {
        if (strcmp(b->argv[i], want[i]) != 0) {
            fail_msg("argument %zu is '%s', want '%s'", i, b->argv[i],
                     want[i]);
        }
    }
    assert_int_equal(b->argc, n);
    assert_null(b->argv[b->argc]);
}

static void test_cmdline_build_wizard_plan(void **state)
{
    struct plan p;
    struct cmdline_built b;
    struct wiz_err err;
    static const char *const want[] = {
        "E:\\USMT Store", "/offlineWinDir:D:\\Windows", "/ue:*\\*",
        "/ui:S-1-5-21-1-2-3-1001*", "/ui:S-1-5-21-1-2-3-1002*",
        "/i:X:\\usmt\\MigDocs.xml", "/i:X:\\usmt\\MigApp.xml",
        "/config:E:\\Config.xml", "/o", "/hardlink", "/nocompress", "/c",
        "/v:5", "/efs:copyraw", "/l:E:\\logs\\scan.log",
        "/progress:E:\\logs\\prog.log", "/listfiles:E:\\logs\\files.txt",
        "/localonly", "/extra", NULL
    };

    (void)state;
    plan_init(&p);
    cmdline_built_init(&b);
    plan_set_store_path(&p, "E:\\USMT Store");
    p.offline_mode = PLAN_OFFLINE_WINDIR;
    plan_set_offline_windir(&p, "D:\\Windows", "/vol/D/Windows");
    plan_add_sid(&p, "S-1-5-21-1-2-3-1001");
    plan_add_sid(&p, "S-1-5-21-1-2-3-1002");
    plan_add_xml(&p, "X:\\usmt\\MigDocs.xml");
    plan_add_xml(&p, "X:\\usmt\\MigApp.xml");
    plan_set_config_path(&p, "E:\\Config.xml");
    p.overwrite = true;
    p.store_kind = PLAN_STORE_HARDLINK;
    p.continue_on_error = true;
    p.verbosity = 5;
    p.efs = PLAN_EFS_COPYRAW;
    plan_set_log_path(&p, "E:\\logs\\scan.log");
    plan_set_progress_path(&p, "E:\\logs\\prog.log");
    plan_set_listfiles_path(&p, "E:\\logs\\files.txt");
    p.localonly = true;
    plan_strv_push(&p.extra_args, "/extra");
    plan_set_working_dir(&p, "D:\\usmtwork");
    plan_set_env(&p, "MIG_OFFLINE_PLATFORM_ARCH", "32");
    plan_set_env(&p, "MIG_ENABLE_DIAG", "E:\\diag.xml");
    assert_int_equal(cmdline_build(&p, NULL, "X:\\usmt\\scanstate.exe", &b,
                                   &err), 0);
    assert_argv(&b, want);
    assert_int_equal(b.n_env, 4);
    assert_string_equal(b.env[0], "USMT_WORKING_DIR=D:\\usmtwork");
    assert_string_equal(b.env[1], "TEMP=D:\\usmtwork");
    assert_string_equal(b.env[2], "MIG_OFFLINE_PLATFORM_ARCH=32");
    assert_string_equal(b.env[3], "MIG_ENABLE_DIAG=E:\\diag.xml");
    assert_null(b.env[4]);
    assert_true(strncmp(b.display,
                        "X:\\usmt\\scanstate.exe \"E:\\USMT Store\" "
                        "/offlineWinDir:D:\\Windows /ue:*\\* ", 61) == 0);
    /* building again releases the old result */
    assert_int_equal(cmdline_build(&p, NULL, NULL, &b, &err), 0);
    assert_string_equal(b.argv[0], "E:\\USMT Store");
    cmdline_built_release(&b);
    plan_release(&p);
}

static void test_cmdline_build_round_trips_a_parsed_line(void **state)
{
    static const char *const lines[] = {
        "scanstate.exe E:\\s /offline:E:\\off.xml /i:MigDocs.xml /o /c "
        "/v:13 /l:E:\\s.log /ue:*\\* /ui:contoso\\user1 /uel:30 /efs:skip",
        "scanstate E:\\s /offlineWinOld:C:\\Windows.old\\Windows /nocompress "
        "/p /listfiles:E:\\l.txt /r:5 /w:2 /vsc:OFF /localonly",
        "scanstate /genconfig:E:\\Config.xml /i:MigApp.xml /v:5 /l:g.log",
        "scanstate E:\\s /v:x /efs:weird /r:no /apps:+oeminfo /lac /foo:1 "
        "/encrypt:AES_256 /keyfile:E:\\k.txt /all /auto:X:\\u "
        "/targetWindows7",
        "scanstate E:\\s F:\\second /diff E:\\d.ppkg /md old:new "
        "/l E:\\x.log",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        struct plan p1;
        struct plan p2;
        struct cmdline_built b1;
        struct cmdline_built b2;
        struct wiz_err err;

        plan_init(&p1);
        plan_init(&p2);
        cmdline_built_init(&b1);
        cmdline_built_init(&b2);
        assert_int_equal(cmdline_parse_string(&p1, lines[i], &err), 0);
        assert_int_equal(cmdline_build(&p1, NULL, NULL, &b1, &err), 0);
        /* every argument of the line survives, "/x value" as one */
        assert_int_equal(b1.argc, p1.n_switches);
        for (size_t k = 0; k < b1.argc; k++) {
            if (b1.argv[k][0] == '/') {
                assert_null(strchr(b1.argv[k], ' '));
            }
        }
        assert_int_equal(cmdline_parse_string(&p2, b1.display, &err), 0);
        assert_int_equal(cmdline_build(&p2, NULL, NULL, &b2, &err), 0);
        assert_string_equal(b1.display, b2.display);
        cmdline_built_release(&b1);
        cmdline_built_release(&b2);
        plan_release(&p1);
        plan_release(&p2);
    }
}

static void test_cmdline_build_keeps_the_key_out(void **state)
{
    struct plan p;
    struct cmdline_built b;
    struct wiz_err err;
    char *display;

    (void)state;
    plan_init(&p);
    cmdline_built_init(&b);
    assert_int_equal(cmdline_parse_string(&p, "scanstate E:\\s /encrypt:AES "
                                              "/key:\"pa ss!word\"", &err),
                     0);
    /* no key file yet: refused */
    err_clear(&err);
    assert_int_equal(cmdline_build(&p, NULL, NULL, &b, &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    assert_null(strstr(err.msg, "pa ss"));
    assert_int_equal(cmdline_build(&p, "X:\\tmp\\k 1\\usmt.key", "scanstate",
                                   &b, &err), 0);
    for (size_t i = 0; i < b.argc; i++) {
        assert_null(strstr(b.argv[i], "pa ss!word"));
        assert_null(strstr(b.argv[i], "/key:"));
    }
    assert_string_equal(b.argv[b.argc - 1], "/keyfile:X:\\tmp\\k 1\\usmt.key");
    assert_null(strstr(b.display, "pa ss!word"));
    assert_non_null(strstr(b.display, "\"/keyfile:X:\\tmp\\k 1\\usmt.key\""));
    display = cmdline_display(&p, NULL);
    assert_string_equal(display, "E:\\s /encrypt:AES /key:********");
    free(display);
    cmdline_built_release(&b);
    plan_release(&p);
}

static void test_cmdline_build_empty_plan(void **state)
{
    struct plan p;
    struct cmdline_built b;

    (void)state;
    plan_init(&p);
    cmdline_built_init(&b);
    assert_int_equal(cmdline_build(&p, NULL, NULL, &b, NULL), 0);
    assert_int_equal(b.argc, 0);
    assert_non_null(b.argv);
    assert_null(b.argv[0]);
    assert_int_equal(b.n_env, 0);
    assert_null(b.env[0]);
    assert_string_equal(b.display, "");
    cmdline_built_release(&b);
    plan_release(&p);
}

static void test_cmdline_parse_finds_the_program_in_wrappers(void **state)
{
    struct plan p;

    (void)state;
    parse(&p, "IF EXIST \"X:\\u a\\scanstate.exe\" \"X:\\u a\\scanstate.exe\" "
              "E:\\s /o");
    assert_string_equal(p.program, "X:\\u a\\scanstate.exe");
    assert_string_equal(p.store_path, "E:\\s");
    assert_int_equal(p.n_switches, 2);
    plan_release(&p);
    parse(&p, "Start-Process cmd.exe -ArgumentList \"/k D:\\usmt\\ScanState.exe "
              "E:\\st /config:D:\\c.xml /c\"");
    assert_string_equal(p.program, "D:\\usmt\\ScanState.exe");
    assert_string_equal(p.store_path, "E:\\st");
    assert_string_equal(p.config_path, "D:\\c.xml");
    assert_true(p.continue_on_error);
    plan_release(&p);
    parse(&p, "F:\\usmt\\loadstate.exe F:\\hm /i:F:\\hm\\Config.xml /lac");
    assert_string_equal(p.program, "F:\\usmt\\loadstate.exe");
    assert_string_equal(p.store_path, "F:\\hm");
    plan_release(&p);
    parse(&p, "ScanStateArgs=/ue:*\\* /ui:CONTOSO\\*");
    assert_null(p.program);
    assert_null(p.store_path);
    assert_int_equal(p.n_user_rules, 2);
    plan_release(&p);
    parse(&p, "&$CurrentDir\\x64\\scanstate.exe $NewStore /uel:30");
    assert_string_equal(p.store_path, "$NewStore");
    plan_release(&p);
}

static void test_cmdline_parse_survives_random_bytes(void **state)
{
    uint32_t seed = 0xc0ffee11u;

    (void)state;
    for (int round = 0; round < 3000; round++) {
        char line[96];
        size_t len = 0;
        struct plan p;
        struct cmdline_built b;

        while (len < sizeof(line) - 1) {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            if (seed % 11 == 0) {
                break;
            }
            static const char pick[] = "/: \"\\akliuvoe*S-1";
            char c = (seed >> 8) % 3 ? pick[(seed >> 12) % (sizeof(pick) - 1)]
                                     : (char)(1 + (seed >> 16) % 255);
            line[len++] = c;
        }
        line[len] = '\0';
        parse(&p, line);
        cmdline_built_init(&b);
        /* whatever it was, it builds (no key file needed without a key) */
        if (!p.key) {
            assert_int_equal(cmdline_build(&p, NULL, NULL, &b, NULL), 0);
        } else {
            assert_int_equal(cmdline_build(&p, "k.txt", NULL, &b, NULL), 0);
        }
        cmdline_built_release(&b);
        plan_release(&p);
    }
}

/* Every real command line parses; a few are checked field by field. */
static void test_cmdline_parse_real_command_lines(void **state)
{
    char *path = test_realdata("cmdlines/scanstate-cmdlines.tsv");
    char *data;
    size_t len;
    struct wiz_err err;
    size_t lines = 0;
    size_t with_program = 0;

    (void)state;
    if (!path) {
        skip();
    }
    assert_int_equal(fs_read_file(path, 1 << 22, &data, &len, &err), 0);
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        char *cmd = strrchr(line, '\t');
        struct plan p;

        if (line[0] == '#' || !cmd) {
            continue;
        }
        cmd++;
        cmd[strcspn(cmd, "\r")] = '\0';
        parse(&p, cmd);
        lines++;
        if (p.program) {
            with_program++;
        }
        if (strstr(cmd, "c:\\%computername%\\scanstate.exe "
                        "C:\\%computername%\\backup /offline:")) {
            assert_int_equal(p.offline_mode, PLAN_OFFLINE_XML);
            assert_string_equal(p.offline_xml,
                                "C:\\%computername%\\offline.xml");
            assert_int_equal(p.store_kind, PLAN_STORE_HARDLINK);
            assert_int_equal(p.verbosity, 13);
            assert_int_equal(p.n_user_rules, 1);
            assert_int_equal(p.user_rules[0].kind, PLAN_USER_UEL);
            assert_string_equal(p.user_rules[0].value, "90");
        }
        if (strstr(cmd, "SCANSTATE.Exe E:\\C346")) {
            assert_true(p.continue_on_error);
            assert_true(p.xml_files.n >= 1);
            assert_string_equal(p.store_path, "E:\\C346_eduardo.mozart\\Datastore");
        }
        plan_release(&p);
    }
    assert_true(lines >= 20);
    assert_true(with_program >= 18);
    free(data);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmdline_parse_offline_capture),
        cmocka_unit_test(test_cmdline_parse_space_separated_values),
        cmocka_unit_test(test_cmdline_parse_records_mistakes),
        cmocka_unit_test(test_cmdline_parse_never_records_the_key),
        cmocka_unit_test(test_cmdline_parse_keeps_program_unless_scanstate),
        cmocka_unit_test(test_cmdline_parse_switch_lookup),
        cmocka_unit_test(test_cmdline_parse_refuses_too_many_args),
        cmocka_unit_test(test_cmdline_parse_finds_the_program_in_wrappers),
        cmocka_unit_test(test_cmdline_parse_survives_random_bytes),
        cmocka_unit_test(test_cmdline_parse_real_command_lines),
        cmocka_unit_test(test_cmdline_build_wizard_plan),
        cmocka_unit_test(test_cmdline_build_round_trips_a_parsed_line),
        cmocka_unit_test(test_cmdline_build_keeps_the_key_out),
        cmocka_unit_test(test_cmdline_build_empty_plan),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

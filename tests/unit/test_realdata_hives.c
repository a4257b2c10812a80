#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "lab/regf.h"
#include "lab/regimport.h"
#include "platform/fs.h"
#include "../support/testlib.h"

/*
 * Real hives from ../shared/realdata/hives, checked against the facts in
 * realdata/FACTS.md (which two independent parsers agree on).  Each test
 * skips, saying so, when the files are not there.
 */

static struct hive *open_real(const char *rel)
{
    char *path = test_realdata(rel);
    struct wiz_err err;
    struct hive *h;

    if (!path)
        return NULL;
    if (hive_open(path, false, &h, &err) < 0)
        fail_msg("%s", err.msg);
    free(path);
    return h;
}

static size_t key(struct hive *h, const char *path)
{
    struct wiz_err err;
    size_t node;

    if (hive_lookup(h, 0, path, &node, &err) < 0)
        fail_msg("%s", err.msg);
    if (!node)
        fail_msg("key '%s' is missing", path);
    return node;
}

static char *string_at(struct hive *h, const char *path, const char *name)
{
    struct wiz_err err;
    size_t node;
    char *s;

    if (hive_lookup(h, 0, path, &node, &err) < 0)
        fail_msg("%s", err.msg);
    if (!node)
        return NULL;
    if (hive_get_string(h, node, name, &s, &err) < 0)
        fail_msg("%s", err.msg);
    return s;
}

struct sam_case {
    const char *file;
    const char *users;      /* "name:rid,..." in hive order */
    const char *rid_keys;   /* "000001F4,..." */
};

static void test_realdata_sam_users_and_rids(void **state)
{
    static const struct sam_case cases[] = {
        { "hives/EricZimmerman-Registry/SAM", "Administrator:500,Guest:501",
          "000001F4,000001F5" },
        { "hives/EricZimmerman-Registry/SAM_RootValue",
          "Administrator:500,Guest:501,Win7SP1:1000",
          "000001F4,000001F5,000003E8" },
        { "hives/EricZimmerman-Registry/SAM_hasBigEndianDWord",
          "Administrator:500,Guest:501,HomeGroupUser$:1003,z:1001",
          "000001F4,000001F5,000003E9,000003EB" },
        { "hives/EricZimmerman-RegistryPlugins/SAM",
          "Administrator:500,DefaultAccount_ploc:503,eric:1000,Guest:501",
          "000001F4,000001F5,000001F7,000003E8" },
        { "hives/dfwinreg/SAM",
          "Administrator:500,gold_administrator:1001,Guest:501",
          "000001F4,000001F5,000003E9" },
        { "hives/regipy/SAM", "Administrator:500,Guest:501,Preston:1000",
          "000001F4,000001F5,000003E8" },
    };
    struct wiz_err err;

    (void)state;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        struct hive *h = open_real(cases[c].file);
        size_t *kids, n;
        struct strbuf_like { char buf[512]; size_t len; } got = { "", 0 };

        if (!h)
            skip();
        /* users: RID = the type of each name's default value */
        assert_int_equal(hive_children(h, key(h, "SAM\\Domains\\Account"
                                                 "\\Users\\Names"),
                                       &kids, &n, &err), 0);
        for (size_t i = 0; i < n; i++) {
            char *name = hive_node_name(h, kids[i]);
            struct hive_value v;
            bool found;

            assert_int_equal(hive_get(h, kids[i], "", &v, &found, &err), 0);
            assert_true(found);
            got.len += (size_t)snprintf(got.buf + got.len,
                                        sizeof(got.buf) - got.len, "%s%s:%u",
                                        i ? "," : "", name, v.type);
            hive_value_release(&v);
            free(name);
        }
        free(kids);
        if (strcmp(got.buf, cases[c].users) != 0)
            fail_msg("%s: users '%s', expected '%s'", cases[c].file, got.buf,
                     cases[c].users);

        /* RID subkeys next to Names */
        got.len = 0;
        got.buf[0] = '\0';
        assert_int_equal(hive_children(h, key(h, "SAM\\Domains\\Account"
                                                 "\\Users"),
                                       &kids, &n, &err), 0);
        for (size_t i = 0; i < n; i++) {
            char *name = hive_node_name(h, kids[i]);

            if (!str_ieq(name, "Names"))
                got.len += (size_t)snprintf(got.buf + got.len,
                                            sizeof(got.buf) - got.len,
                                            "%s%s", got.len ? "," : "",
                                            name);
            free(name);
        }
        free(kids);
        if (!str_ieq(got.buf, cases[c].rid_keys))
            fail_msg("%s: RID keys '%s', expected '%s'", cases[c].file,
                     got.buf, cases[c].rid_keys);
        hive_close(h);
    }
}

struct system_case {
    const char *file;
    uint32_t current;
    const char *arch;
    const char *nproc;
    const char *computer;
    const char *hostname;
};

static void test_realdata_system_control_set_facts(void **state)
{
    static const struct system_case cases[] = {
        { "hives/regipy/SYSTEM_2", 1, "AMD64", "1", "SENSEI", "sensei" },
        { "hives/regipy/SYSTEM_B", 1, "AMD64", "4", "DESKTOP-PM6C56D",
          "DESKTOP-PM6C56D" },
        { "hives/regipy/SYSTEM_WIN_10_1709", 1, "AMD64", "4",
          "DESKTOP-2KGM189", "DESKTOP-2KGM189" },
    };
    struct wiz_err err;

    (void)state;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        struct hive *h = open_real(cases[c].file);
        uint32_t current;
        bool found;
        char cs[32], path[160];
        char *s;

        if (!h)
            skip();
        /* no CurrentControlSet offline: Select\Current names it */
        assert_int_equal(hive_get_dword(h, key(h, "select"), "current",
                                        &current, &found, &err), 0);
        assert_true(found);
        assert_int_equal(current, cases[c].current);
        snprintf(cs, sizeof(cs), "ControlSet%03u", current);

        snprintf(path, sizeof(path),
                 "%s\\Control\\Session Manager\\Environment", cs);
        s = string_at(h, path, "PROCESSOR_ARCHITECTURE");
        assert_non_null(s);
        assert_string_equal(s, cases[c].arch);
        free(s);
        s = string_at(h, path, "number_of_processors");
        assert_non_null(s);
        assert_string_equal(s, cases[c].nproc);
        free(s);

        snprintf(path, sizeof(path),
                 "%s\\Control\\ComputerName\\ComputerName", cs);
        s = string_at(h, path, "ComputerName");
        assert_non_null(s);
        assert_string_equal(s, cases[c].computer);
        free(s);

        /* "services"/"Services", "HostName"/"Hostname" differ by hive */
        snprintf(path, sizeof(path), "%s\\SERVICES\\tcpip\\parameters", cs);
        s = string_at(h, path, "HOSTNAME");
        assert_non_null(s);
        assert_string_equal(s, cases[c].hostname);
        free(s);
        hive_close(h);
    }
}

struct ntuser_case {
    const char *file;
    const char *embedded;
    const char *desktop;    /* NULL: absent */
    const char *personal;
    const char *temp;
};

static void test_realdata_ntuser_shell_folders(void **state)
{
    static const struct ntuser_case cases[] = {
        { "hives/EricZimmerman-Registry/NTUSER1.DAT",
          "files\\NetworkService\\NTUSER.DAT", NULL, NULL,
          "%USERPROFILE%\\AppData\\Local\\Temp" },
        { "hives/dfwinreg/NTUSER.DAT", "\\??\\c:\\users\\bperry\\ntuser.dat",
          "C:\\Users\\bperry\\Desktop", "C:\\Users\\bperry\\Documents",
          "%USERPROFILE%\\AppData\\Local\\Temp" },
        { "hives/plaso/NTUSER.DAT", "nts and Settings\\joe\\ntuser.dat",
          "C:\\Documents and Settings\\joe\\Desktop",
          "C:\\Documents and Settings\\joe\\My Documents",
          "%USERPROFILE%\\Local Settings\\Temp" },
        { "hives/regipy/NTUSER.DAT", "?\\C:\\Users\\vibranium\\ntuser.dat",
          "C:\\Users\\vibranium\\Desktop", "C:\\Users\\vibranium\\Documents",
          "%USERPROFILE%\\AppData\\Local\\Temp" },
        { "hives/regipy/transactions_NTUSER.DAT",
          "\\??\\C:\\Users\\tony\\ntuser.dat", "C:\\Users\\tony\\Desktop",
          "C:\\Users\\tony\\Documents",
          "%USERPROFILE%\\AppData\\Local\\Temp" },
    };
    const char *sf =
        "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\"
        "Shell Folders";

    (void)state;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        char *path = test_realdata(cases[c].file);
        struct hive_header hdr;
        struct wiz_err err;
        struct hive *h;
        char *s;

        if (!path)
            skip();
        assert_int_equal(hive_read_header(path, &hdr, &err), 0);
        assert_string_equal(hdr.embedded_name, cases[c].embedded);
        free(path);
        h = open_real(cases[c].file);
        s = string_at(h, sf, "Desktop");
        if (cases[c].desktop) {
            assert_non_null(s);
            assert_string_equal(s, cases[c].desktop);
        } else {
            assert_null(s);
        }
        free(s);
        s = string_at(h, sf, "Personal");
        if (cases[c].personal) {
            assert_non_null(s);
            assert_string_equal(s, cases[c].personal);
        } else {
            assert_null(s);
        }
        free(s);
        s = string_at(h, "Environment", "TEMP");
        assert_non_null(s);
        assert_string_equal(s, cases[c].temp);
        free(s);
        hive_close(h);
    }
}

static void test_realdata_hivex_images_and_odd_names(void **state)
{
    struct hive *h = open_real("hives/hivex/special");
    struct wiz_err err;
    size_t *kids, n, *vals, nv;
    uint32_t dw;
    bool found;

    (void)state;
    if (!h)
        skip();
    char *root = hive_node_name(h, 0);

    assert_string_equal(root, "$$$PROTO.HIV");
    free(root);
    assert_int_equal(hive_children(h, 0, &kids, &n, &err), 0);
    assert_int_equal(n, 3);
    char *a = hive_node_name(h, kids[0]);
    char *b = hive_node_name(h, kids[1]);
    char *z = hive_node_name(h, kids[2]);

    assert_string_equal(a, "abcd_\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f");
    assert_string_equal(b, "weird\xe2\x84\xa2");
    assert_true(str_starts_with(z, "zero"));
    /* non-ASCII key and value names are found by name */
    size_t k = key(h, "abcd_\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f");

    assert_int_equal(hive_get_dword(h, k, "abcd_\xc3\xa4\xc3\xb6\xc3\xbc"
                                          "\xc3\x9f", &dw, &found, &err), 0);
    assert_true(found);
    assert_int_equal(dw, 0);
    assert_int_equal(hive_values(h, kids[1], &vals, &nv, &err), 0);
    assert_int_equal(nv, 1);
    char *vname = hive_value_name(h, vals[0]);

    assert_true(str_starts_with(vname, "symbols "));
    dw = 1;
    assert_int_equal(hive_get_dword(h, kids[1], vname, &dw, &found, &err), 0);
    assert_true(found);
    assert_int_equal(dw, 0);
    free(vname);
    free(vals);
    free(a);
    free(b);
    free(z);
    free(kids);
    hive_close(h);

    /* minimal: a root and nothing else */
    h = open_real("hives/hivex/minimal");
    assert_int_equal(hive_children(h, 0, &kids, &n, &err), 0);
    assert_int_equal(n, 0);
    free(kids);
    assert_int_equal(hive_values(h, 0, &vals, &nv, &err), 0);
    assert_int_equal(nv, 0);
    free(vals);
    hive_close(h);

    /* value data of awkward lengths come back whole */
    static const size_t lens[] = { 3, 16, 30, 31, 32, 33 };

    h = open_real("hives/hivex/rlenvalue_test_hive");
    k = key(h, "ModerateValueParent");
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        char name[16];
        struct hive_value v;

        snprintf(name, sizeof(name), "%zuBytes", lens[i]);
        assert_int_equal(hive_get(h, k, name, &v, &found, &err), 0);
        assert_true(found);
        assert_int_equal(v.type, HIVE_REG_BINARY);
        assert_int_equal(v.len, lens[i]);
        assert_memory_equal(v.data, "0123456789ABCDEF", lens[i] < 16 ?
                                                            lens[i] : 16);
        hive_value_release(&v);
    }
    hive_close(h);

    h = open_real("hives/yarp/EmptyHive");
    root = hive_node_name(h, 0);
    assert_string_equal(root, "{dedef10d-30ff-45b5-9d44-b3fa249ecd49}");
    free(root);
    hive_close(h);
}

struct damaged_case {
    const char *file;
    const char *words;
};

static void test_realdata_damaged_hives_refused_in_words(void **state)
{
    static const struct damaged_case cases[] = {
        { "hives/dfwinreg/SYSTEM.DAT",
          "not a Windows NT registry hive (Windows 9x CREG format" },
        { "hives/dfwinreg/USER.DAT",
          "not a Windows NT registry hive (Windows 9x CREG format" },
        { "hives/EricZimmerman-Registry/SAMBadHBinHeader",
          "bad hive bin header at offset 0x2000 (damaged file" },
        { "hives/regipy/corrupted_system_hive",
          "bad hive bin header at offset 0x1a000 (damaged file" },
        { "hives/yarp/GarbageHive", "header checksum is wrong (damaged file)" },
        { "hives/yarp/BadBaseBlockHive/BadBaseBlockHive",
          "header checksum is wrong (damaged file)" },
    };
    struct wiz_err err;

    (void)state;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        char *path = test_realdata(cases[c].file);
        struct hive *h = NULL;

        if (!path)
            skip();
        assert_int_equal(hive_open(path, false, &h, &err), -1);
        assert_null(h);
        assert_int_equal(err.code, WIZ_EFORMAT);
        if (!strstr(err.msg, cases[c].words) ||
            !strstr(err.msg, "cannot open hive '"))
            fail_msg("%s: '%s' lacks '%s'", cases[c].file, err.msg,
                     cases[c].words);
        free(path);
    }

    /* truncated: opens, the big subkey list cannot be read */
    struct hive *h = open_real("hives/yarp/TruncatedHive");
    size_t *kids, n;

    assert_int_equal(hive_children(h, key(h, "KEY_WITH_MANY_SUBKEYS"), &kids,
                                   &n, &err), -1);
    assert_int_equal(err.code, WIZ_EFORMAT);
    assert_non_null(strstr(err.msg, "cannot list the subkeys of key "
                                    "'key_with_many_subkeys'"));
    assert_non_null(strstr(err.msg, "damaged or truncated"));
    hive_close(h);
}

struct header_case {
    const char *file;
    uint32_t seq1, seq2, major, minor;
};

static void test_realdata_headers_and_dirty_flags(void **state)
{
    static const struct header_case cases[] = {
        { "hives/EricZimmerman-Registry/SAM", 61, 61, 1, 3 },
        { "hives/EricZimmerman-RegistryPlugins/SAM", 31, 31, 1, 5 },
        { "hives/hivex/minimal", 256, 256, 1, 5 },
        { "hives/regipy/SECURITY", 107, 106, 1, 5 },
        { "hives/regipy/SYSTEM_2", 205, 204, 1, 5 },
        { "hives/regipy/SYSTEM_B", 1622, 1621, 1, 5 },
        { "hives/regipy/SYSTEM_WIN_10_1709", 4317, 4316, 1, 5 },
        { "hives/regipy/transactions_NTUSER.DAT", 567, 566, 1, 5 },
        { "hives/yarp/BadBaseBlockHive/BadBaseBlockHive", 5, 4, 1, 1 },
    };
    struct wiz_err err;

    (void)state;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        char *path = test_realdata(cases[c].file);
        struct hive_header hdr;
        struct hive *h;

        if (!path)
            skip();
        assert_int_equal(hive_read_header(path, &hdr, &err), 0);
        assert_int_equal(hdr.seq1, cases[c].seq1);
        assert_int_equal(hdr.seq2, cases[c].seq2);
        assert_int_equal(hdr.major, cases[c].major);
        assert_int_equal(hdr.minor, cases[c].minor);
        /* Windows 10 leaves the header time at 0 in some hives */
        assert_true(hdr.last_written == 0 ||
                    hdr.last_written > 946684800 /* 2000-01-01 */);
        /* dirty hives open; only the bad checksum one does not */
        bool bad_sum = strstr(cases[c].file, "BadBaseBlock") != NULL;

        assert_int_equal(hdr.checksum_ok, !bad_sum);
        assert_int_equal(hive_open(path, false, &h, &err), bad_sum ? -1 : 0);
        if (!bad_sum)
            hive_close(h);
        free(path);
    }
}

/* NULL: the value must be absent; "?": not checked. */
struct v2v_case {
    const char *file;
    const char *product, *build, *display, *type, *version;
};

/* Build a hive from one of virt-v2v's .reg files, both ways. */
static struct hive *import_v2v(const char *dir, const char *reg,
                               const char *strip, bool direct)
{
    struct wiz_err err;
    char *out = xasprintf("%s/%s-%s", dir, strrchr(reg, '/') + 1,
                          direct ? "direct" : "hivex");
    struct hive *h;

    if (direct) {
        const char *files[] = { reg };

        if (regimport_new_hive(out, "ROOT", 1700000000, files, 1, strip,
                               &err) < 0)
            fail_msg("%s", err.msg);
    } else {
        if (regf_create_empty(out, "ROOT", 1700000000, &err) < 0 ||
            hive_open(out, true, &h, &err) < 0 ||
            regimport_file(h, reg, strip, &err) < 0 ||
            hive_commit(h, NULL, &err) < 0)
            fail_msg("%s", err.msg);
        hive_close(h);
    }
    if (hive_open(out, false, &h, &err) < 0)
        fail_msg("%s", err.msg);
    free(out);
    return h;
}

static void check_v2v(struct hive *h, const struct v2v_case *c)
{
    const char *cv = "Microsoft\\Windows NT\\CurrentVersion";
    const char *want[] = { c->product, c->build, c->display, c->type,
                           c->version };
    const char *names[] = { "ProductName", "CurrentBuild", "DisplayVersion",
                            "InstallationType", "CurrentVersion" };

    for (size_t i = 0; i < 5; i++) {
        char *s = string_at(h, cv, names[i]);

        if (want[i] && strcmp(want[i], "?") == 0) {
            free(s);
            continue;
        }
        if (!want[i]) {
            if (s)
                fail_msg("%s: %s is '%s', expected none", c->file, names[i],
                         s);
            continue;
        }
        if (!s || strcmp(s, want[i]) != 0)
            fail_msg("%s: %s is '%s', expected '%s'", c->file, names[i],
                     s ? s : "(none)", want[i]);
        free(s);
    }
}

static void test_realdata_virt_v2v_reg_files_import(void **state)
{
    static const struct v2v_case cases[] = {
        { "win10-software.reg", "Windows 10 Enterprise Evaluation", "17763",
          "23H2", "Client", "?" },
        { "win11-software.reg", "Windows 10 Home", "22631", "23H2", "Client",
          "?" },
        { "win2k22-software.reg", "Windows Server 2022 Phony Edition",
          "20348", "21H2", "Server", "?" },
        { "win2k25-software.reg", "Windows Server 2025 Phony Edition",
          "26100", "24H2", "Server", "?" },
        { "win7-32-software.reg", "Microsoft Windows 7 Phony Edition", NULL,
          "?", "?", "6.1" },
        { "winxp-32-software.reg", "Microsoft Windows XP Phony Edition",
          NULL, "?", "?", "5.2" },
    };
    const char *sw = "HKEY_LOCAL_MACHINE\\SOFTWARE";
    char *dir = test_tmpdir("v2v");

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *rel = xasprintf("synthetic-reg/virt-v2v/%s", cases[i].file);
        char *reg = test_realdata(rel);

        free(rel);
        if (!reg) {
            test_tmpdir_remove(dir);
            skip();
        }
        for (int direct = 0; direct < 2; direct++) {
            struct hive *h = import_v2v(dir, reg, sw, direct);

            check_v2v(h, &cases[i]);
            hive_close(h);
        }
        free(reg);
    }

    /* the SYSTEM one: Select, Hostname, and no Environment key */
    char *reg = test_realdata("synthetic-reg/virt-v2v/windows-system.reg");
    struct wiz_err err;
    uint32_t dw;
    bool found;

    if (!reg) {
        test_tmpdir_remove(dir);
        skip();
    }

    for (int direct = 0; direct < 2; direct++) {
        struct hive *h = import_v2v(dir, reg, "HKEY_LOCAL_MACHINE\\SYSTEM",
                                    direct);
        size_t node;

        assert_int_equal(hive_get_dword(h, key(h, "Select"), "Current", &dw,
                                        &found, &err), 0);
        assert_int_equal(dw, 1);
        assert_int_equal(hive_get_dword(h, key(h, "Select"), "LastKnownGood",
                                        &dw, &found, &err), 0);
        assert_int_equal(dw, 2);
        char *s = string_at(h, "ControlSet001\\Services\\Tcpip\\Parameters",
                            "HostName");

        assert_string_equal(s, "windows.invalid");
        free(s);
        assert_int_equal(hive_lookup(h, 0, "ControlSet001\\Control\\"
                                     "Session Manager\\Environment", &node,
                                     &err), 0);
        assert_int_equal(node, 0);
        hive_close(h);
    }
    free(reg);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_realdata_sam_users_and_rids),
        cmocka_unit_test(test_realdata_system_control_set_facts),
        cmocka_unit_test(test_realdata_ntuser_shell_folders),
        cmocka_unit_test(test_realdata_hivex_images_and_odd_names),
        cmocka_unit_test(test_realdata_damaged_hives_refused_in_words),
        cmocka_unit_test(test_realdata_headers_and_dirty_flags),
        cmocka_unit_test(test_realdata_virt_v2v_reg_files_import),
    };

    return cmocka_run_group_tests_name("realdata_hives", tests, NULL, NULL);
}

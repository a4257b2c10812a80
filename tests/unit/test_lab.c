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
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "lab/lab.h"
#include "core/usmt/pe.h"
#include "core/usmt/usmtenv.h"
#include "platform/fs.h"
#include "platform/vol.h"
#include "../support/testlib.h"

#define MACHINE "S-1-5-21-1004336348-1177238915-682003330"
#define DOMAIN "S-1-5-21-3623811015-3361044348-30300820"
#define ENTRA "S-1-12-1-2043906341-1213699457-3055599545-1672264134"
#define PROFILE_LIST "Microsoft\\Windows NT\\CurrentVersion\\ProfileList"

/* ---- helpers ------------------------------------------------------------- */

static char *scenario(const char *name)
{
    char *p = xasprintf("%s/scenarios/%s", ASSETS_DIR, name);

    return p;
}

/* Build a shipped scenario into a new temp folder (returned). */
static char *build(const char *name)
{
    char *sc = scenario(name);
    char *dir = test_tmpdir("test_lab");
    char *out = fs_join(dir, "lab");
    struct wiz_err err;

    if (lab_create(sc, out, 0, &err) < 0)
        fail_msg("building '%s': %s", name, err.msg);
    free(out);
    free(sc);
    return dir;
}

static char *lab_path(const char *dir, const char *rel)
{
    return xasprintf("%s/lab/%s", dir, rel);
}

static struct hive *open_hive(const char *dir, const char *rel)
{
    char *p = lab_path(dir, rel);
    struct hive *h;
    struct wiz_err err;

    if (hive_open(p, false, &h, &err) < 0)
        fail_msg("%s", err.msg);
    free(p);
    return h;
}

static size_t key(struct hive *h, const char *path)
{
    size_t node = 0;
    struct wiz_err err;

    if (hive_lookup(h, 0, path, &node, &err) < 0)
        fail_msg("%s", err.msg);
    if (!node)
        fail_msg("key '%s' is missing", path);
    return node;
}

static bool has_key(struct hive *h, const char *path)
{
    size_t node = 0;

    assert_int_equal(hive_lookup(h, 0, path, &node, NULL), 0);
    return node != 0;
}

static void assert_string_value(struct hive *h, const char *path,
                                const char *name, const char *want)
{
    char *got = NULL;
    struct wiz_err err;

    if (hive_get_string(h, key(h, path), name, &got, &err) < 0)
        fail_msg("%s", err.msg);
    if (!got)
        fail_msg("value '%s' of '%s' is missing", name, path);
    assert_string_equal(got, want);
    free(got);
}

/* Entry i of a SAM V value as UTF-8 (new string). */
static char *sam_v_string(const struct hive_value *v, int entry)
{
    size_t at = (size_t)entry * 12;

    assert_true(v->len >= 0xCC);
    uint32_t off = (uint32_t)v->data[at] | (uint32_t)v->data[at + 1] << 8 |
                   (uint32_t)v->data[at + 2] << 16 |
                   (uint32_t)v->data[at + 3] << 24;
    uint32_t len = (uint32_t)v->data[at + 4] |
                   (uint32_t)v->data[at + 5] << 8 |
                   (uint32_t)v->data[at + 6] << 16 |
                   (uint32_t)v->data[at + 7] << 24;

    assert_true(0xCC + (size_t)off + len <= v->len);
    return utf16le_to_utf8(v->data + 0xCC + off, len, false, NULL);
}

/* The manifest's volume lines as "L|label|locked" strings, in order. */
static char *manifest_volumes(const char *name)
{
    char *sc = scenario(name);
    struct lab_manifest *m;
    struct wiz_err err;
    char *out = xstrdup("");

    if (lab_manifest_load(sc, &m, &err) < 0)
        fail_msg("%s", err.msg);
    /* vol_enumerate sorts by letter: so do we (at most 26). */
    for (char c = 'A'; c <= 'Z'; c++) {
        for (size_t i = 0; i < m->n; i++) {
            const struct lab_line *l = &m->lines[i];

            if (strcmp(l->verb, "volume") || (l->args[0][0] & ~0x20) != c)
                continue;
            const char *label = lab_line_opt(l, "label");
            const char *locked = lab_line_opt(l, "locked");
            char *next = xasprintf("%s%c|%s|%d\n", out, c, label ? label : "",
                                   locked && !strcmp(locked, "yes"));

            free(out);
            out = next;
        }
    }
    lab_manifest_free(m);
    free(sc);
    return out;
}

static const char *const shipped[] = { "demo", "win7-x86", "two-windows",
                                       "bitlocker", "fast-startup",
                                       "server", "small-x" };

/* ---- sizes, times, manifests --------------------------------------------- */

static void test_lab_parse_size_units(void **state)
{
    static const struct {
        const char *in;
        int rc;
        uint64_t want;
    } cases[] = {
        { "0", 0, 0 },
        { "512", 0, 512 },
        { "4K", 0, 4096 },
        { "32M", 0, 32ULL << 20 },
        { "256G", 0, 256ULL << 30 },
        { "2T", 0, 2ULL << 40 },
        { "1.5G", 0, 3ULL << 29 },
        { "48KB", 0, 48 * 1024 },
        { "", -1, 0 },
        { "G", -1, 0 },
        { "1.5", -1, 0 },
        { "12X", -1, 0 },
        { "-1", -1, 0 },
        { "99999999999999999999", -1, 0 },
        { "99999999999T", -1, 0 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t got = 0;

        assert_int_equal(lab_parse_size(cases[i].in, &got), cases[i].rc);
        if (!cases[i].rc)
            assert_true(got == cases[i].want);
    }
}

static void test_lab_parse_time_forms(void **state)
{
    int64_t t;

    (void)state;
    assert_int_equal(lab_parse_time("2024-06-03", &t), 0);
    assert_true(t == 1717372800);
    assert_int_equal(lab_parse_time("2024-06-03T08:00:00Z", &t), 0);
    assert_true(t == 1717401600);
    assert_int_equal(lab_parse_time("1970-01-01 00:00", &t), 0);
    assert_true(t == 0);
    assert_int_equal(lab_parse_time("2024-13-01", &t), -1);
    assert_int_equal(lab_parse_time("2024-06-03T25:00", &t), -1);
    assert_int_equal(lab_parse_time("yesterday", &t), -1);
    assert_int_equal(lab_parse_time("2024-06-03Tnoon", &t), -1);
}

static void test_lab_manifest_reports_file_and_line(void **state)
{
    static const struct {
        const char *text;
        const char *want;
    } cases[] = {
        { "volume D total=1G\n", "t/scenario.txt:1: volume D: needs total=" },
        { "# nothing yet\n\nfile a.txt size=1K\n",
          "t/scenario.txt:3: 'file' needs a volume or usmt line" },
        { "volume D total=1G free=2G\n", "t/scenario.txt:1: volume D: has "
                                         "more free space" },
        { "volume D total=1G free=1G locked=yes\nfile a size=1\n",
          "t/scenario.txt:2: volume D: is BitLocker-locked" },
        { "volume D total=1G free=1G locked=yes recovery=466895-217492-"
          "569250-069608-104434-135707-527241-083623\n",
          "t/scenario.txt:1: recovery=: block 8 is wrong" },
        { "volume D total=1G free=1G recovery=466895-217492-569250-069608-"
          "104434-135707-527241-083622\n",
          "t/scenario.txt:1: volume D: recovery= and bek= are for a "
          "locked=yes volume" },
        { "volume D total=1G free=1G locked=yes bek=maybe\n",
          "t/scenario.txt:1: bek must be yes or no" },
        { "volume D total=1G free=1G\nbogus x\n",
          "t/scenario.txt:2: unknown directive 'bogus'" },
        { "volume D total=1G free=1G\nfile \"a b size=1\n",
          "t/scenario.txt:2: a quote is not closed" },
        { "volume D total=1Q free=1G\n", "t/scenario.txt:1: '1Q' is not a "
                                         "size" },
        { "volume D total=1G free=1G\nfile ../x size=1\n",
          "t/scenario.txt:2: '../x' leaves the volume" },
        { "volume D total=1G free=1G\nfile C:\\x size=1\n",
          "t/scenario.txt:2: 'C:\\x' must be a path relative" },
        { "volume D total=1G free=1G\nfile a size=1 colour=red\n",
          "t/scenario.txt:2: 'file' takes no option 'colour'" },
        { "volume 1 total=1G free=1G\n", "t/scenario.txt:1: '1' is not a "
                                         "drive letter" },
        { "volume D total=1G free=1G\nvolume d total=1G free=1G\n",
          "t/scenario.txt:2: volume D: is described twice" },
        { "volume D total=1G free=1G\nwindows Windows\n",
          "t/scenario.txt:2: 'windows' needs arch=" },
        { "volume D total=1G free=1G\nwindows Windows arch=mips\n",
          "t/scenario.txt:2: arch 'mips' is not" },
        { "volume D total=1G free=1G\nfile a size=1 mtime=soon\n",
          "t/scenario.txt:2: 'soon' is not a time" },
        { "volume D total=1G free=1G\nfile a\n",
          "t/scenario.txt:2: 'file' needs size= or text=" },
        { "volume D total=1G free=1G\nfile a b size=1\n",
          "t/scenario.txt:2: 'file' takes 1 word before its options, not 2" },
        { "include nothere.txt\n", "t/scenario.txt:1: cannot include "
                                   "'nothere.txt'" },
        { "usmt\npe scanstate.exe arch=amd64 version=10.0\n",
          "t/scenario.txt:2: version '10.0' is not of the form" },
        { "volume D total=1G free=1G kind=floppy\n",
          "t/scenario.txt:1: kind 'floppy' is not" },
        { "usmt\nhiberfil\n", "t/scenario.txt:2: 'hiberfil' needs a volume "
                              "line" },
        { "description a\ndescription b\n",
          "t/scenario.txt:2: only one description" },
        { "volume D total=1G free=1G\nfile a size=1 size=2\n",
          "t/scenario.txt:2: option 'size' given twice" },
        { "volume D total=1G free=1G\n\xff\xfe\n",
          "t/scenario.txt:2: the line is not UTF-8" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct lab_manifest *m = (struct lab_manifest *)1;
        struct wiz_err err;

        err_clear(&err);
        assert_int_equal(lab_manifest_parse("t/scenario.txt", "/nonexistent",
                                            cases[i].text,
                                            strlen(cases[i].text), &m, &err),
                         -1);
        assert_null(m);
        if (!str_starts_with(err.msg, cases[i].want))
            fail_msg("case %zu: got '%s', want '%s...'", i, err.msg,
                     cases[i].want);
    }
}

static void test_lab_manifest_words_and_includes(void **state)
{
    char *dir = test_tmpdir("test_lab");
    char *inc = fs_join(dir, "part.txt");
    struct lab_manifest *m;
    struct wiz_err err;
    static const char text[] =
        "description  A  test\n"
        "volume x label=\"System Reserved\" total=1G free=1G # comment\n"
        "file \"a b/c\\\"d.txt\" text=\"x y\\\\z\" size=2\n"
        "include part.txt\n";

    (void)state;
    test_write(inc, "dir sub/Ünïcode\n", strlen("dir sub/Ünïcode\n"));
    if (lab_manifest_parse("t/scenario.txt", dir, text, sizeof(text) - 1, &m,
                           &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(m->description, "A  test");
    assert_int_equal(m->n, 3);
    assert_string_equal(m->lines[0].verb, "volume");
    assert_string_equal(lab_line_opt(&m->lines[0], "label"),
                        "System Reserved");
    assert_string_equal(m->lines[1].args[0], "a b/c\"d.txt");
    assert_string_equal(lab_line_opt(&m->lines[1], "text"), "x y\\z");
    assert_string_equal(m->lines[2].args[0], "sub/Ünïcode");
    assert_string_equal(m->lines[2].file, "t/part.txt");
    assert_int_equal(m->lines[2].line, 1);
    lab_manifest_free(m);
    free(inc);
    test_tmpdir_remove(dir);
}

/* ---- building ------------------------------------------------------------ */

static void test_lab_every_scenario_builds_its_volumes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
        char *dir = build(shipped[i]);
        char *root = lab_path(dir, "volumes");
        char *want = manifest_volumes(shipped[i]);
        char *got = xstrdup("");
        struct vol_list vl;
        struct wiz_err err;

        if (vol_enumerate(root, &vl, &err) < 0)
            fail_msg("%s", err.msg);
        for (size_t v = 0; v < vl.n; v++) {
            char *next = xasprintf("%s%c|%s|%d\n", got, vl.v[v].letter,
                                   vl.v[v].label, vl.v[v].locked);

            free(got);
            got = next;
            assert_true(vl.v[v].total_bytes >= vl.v[v].free_bytes);
            if (vl.v[v].letter == 'X')
                assert_int_equal(vl.v[v].kind, VOL_RAM);
        }
        if (strcmp(got, want))
            fail_msg("%s: volumes\n%s differ from the manifest\n%s",
                     shipped[i], got, want);
        /* Every scenario has a practice X: and USMT folder. */
        char *msxml = lab_path(dir, "volumes/X/Windows/System32/msxml6.dll");
        char *scan = lab_path(dir, "usmt/scanstate.exe");
        char *mig = lab_path(dir, "usmt/MigApp.xml");
        char *lab = lab_path(dir, "LAB.txt");

        assert_true(fs_exists(msxml));
        assert_true(fs_exists(scan));
        assert_true(fs_exists(mig));
        assert_true(fs_exists(lab));
        free(lab);
        free(mig);
        free(scan);
        free(msxml);
        vol_list_release(&vl);
        free(got);
        free(want);
        free(root);
        test_tmpdir_remove(dir);
    }
}

static void test_lab_demo_software_hive(void **state)
{
    char *dir = build("demo");
    struct hive *h = open_hive(dir, "volumes/D/Windows/System32/config/"
                                    "SOFTWARE");
    size_t *kids;
    size_t n;

    (void)state;
    assert_string_value(h, "Microsoft\\Windows NT\\CurrentVersion",
                        "ProductName", "Windows 10 Pro");
    assert_string_value(h, "microsoft\\windows nt\\currentversion",
                        "CurrentBuild", "22631");
    assert_string_value(h, "Microsoft\\Windows NT\\CurrentVersion",
                        "InstallationType", "Client");
    assert_string_value(h, "Microsoft\\Windows NT\\CurrentVersion",
                        "DisplayVersion", "23H2");
    assert_int_equal(hive_children(h, key(h, PROFILE_LIST), &kids, &n, NULL),
                     0);
    assert_int_equal(n, 13);
    free(kids);
    assert_string_value(h, PROFILE_LIST "\\" MACHINE "-1001",
                        "ProfileImagePath", "C:\\Users\\Jörg");
    assert_string_value(h, PROFILE_LIST "\\" MACHINE "-1002",
                        "ProfileImagePath", "%SystemDrive%\\Users\\anna");
    assert_string_value(h, PROFILE_LIST "\\" MACHINE "-1003",
                        "ProfileImagePath", "C:\\Users\\李雷");
    assert_string_value(h, PROFILE_LIST "\\" DOMAIN "-1107.bak",
                        "ProfileImagePath", "C:\\Users\\mkhan");
    assert_string_value(h, PROFILE_LIST "\\" DOMAIN "-1107",
                        "ProfileImagePath", "C:\\Users\\TEMP");
    assert_string_value(h, PROFILE_LIST "\\" ENTRA, "ProfileImagePath",
                        "C:\\Users\\ana.lopez");
    assert_string_value(h, PROFILE_LIST "\\S-1-5-18", "ProfileImagePath",
                        "%systemroot%\\system32\\config\\systemprofile");
    assert_string_value(h, "Microsoft\\IdentityStore\\Cache\\" ENTRA
                           "\\IdentityCache\\" ENTRA, "UserName",
                        "ana.lopez@contoso.com");
    assert_string_value(h, "Microsoft\\Windows\\CurrentVersion\\"
                           "Authentication\\LogonUI", "LastLoggedOnUser",
                        "CONTOSO\\jsmith");

    /* The binary SID of the Entra user: S-1-12-1 and four sub-authorities. */
    struct hive_value v;
    bool found;

    assert_int_equal(hive_get(h, key(h, PROFILE_LIST "\\" ENTRA), "Sid", &v,
                              &found, NULL), 0);
    assert_true(found);
    assert_int_equal(v.type, HIVE_REG_BINARY);
    assert_int_equal(v.len, 8 + 4 * 5);
    assert_int_equal(v.data[1], 5);
    assert_int_equal(v.data[7], 12);
    hive_value_release(&v);

    /* Load time of jsmith: 2024-06-03 07:10 UTC as FILETIME halves. */
    uint32_t lo;
    uint32_t hi;
    size_t js = key(h, PROFILE_LIST "\\" DOMAIN "-1104");

    assert_int_equal(hive_get_dword(h, js, "LocalProfileLoadTimeLow", &lo,
                                    &found, NULL), 0);
    assert_true(found);
    assert_int_equal(hive_get_dword(h, js, "LocalProfileLoadTimeHigh", &hi,
                                    &found, NULL), 0);
    assert_true(found);
    assert_true(hive_filetime_to_unix((uint64_t)hi << 32 | lo) ==
                1717398600);
    hive_close(h);
    test_tmpdir_remove(dir);
}

static void test_lab_demo_sam_and_system_hives(void **state)
{
    char *dir = build("demo");
    struct hive *h = open_hive(dir, "volumes/D/Windows/System32/config/SAM");
    struct hive_value v;
    bool found;
    static const struct {
        const char *name;
        uint32_t rid;
        const char *full;
    } users[] = {
        { "Administrator", 500, "" }, { "Guest", 501, "" },
        { "Jörg", 1001, "Jörg Müller" }, { "anna", 1002, "Anna Svensson" },
        { "李雷", 1003, "李雷" }, { "lena", 1004, "Lena Schmidt" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
        char *path = xasprintf("SAM\\Domains\\Account\\Users\\Names\\%s",
                               users[i].name);

        assert_int_equal(hive_get(h, key(h, path), "", &v, &found, NULL), 0);
        assert_true(found);
        assert_int_equal(v.type, users[i].rid);
        assert_int_equal(v.len, 0);
        hive_value_release(&v);
        free(path);
        path = xasprintf("SAM\\Domains\\Account\\Users\\%08X", users[i].rid);
        assert_int_equal(hive_get(h, key(h, path), "V", &v, &found, NULL), 0);
        assert_true(found);
        char *name = sam_v_string(&v, 1);
        char *full = sam_v_string(&v, 2);

        assert_string_equal(name, users[i].name);
        assert_string_equal(full, users[i].full);
        free(full);
        free(name);
        hive_value_release(&v);
        free(path);
    }
    /* The account domain's V ends with the machine SID S-1-5-21-a-b-c. */
    static const unsigned char machine_sid[] = {
        1, 4, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0,
        0xdc, 0xf4, 0xdc, 0x3b, 0x83, 0x3d, 0x2b, 0x46, 0x82, 0x8b, 0xa6, 0x28,
    };

    assert_int_equal(hive_get(h, key(h, "SAM\\Domains\\Account"), "V", &v,
                              &found, NULL), 0);
    assert_true(found && v.len >= sizeof(machine_sid));
    assert_memory_equal(v.data + v.len - sizeof(machine_sid), machine_sid,
                        sizeof(machine_sid));
    hive_value_release(&v);
    hive_close(h);

    h = open_hive(dir, "volumes/D/Windows/System32/config/SYSTEM");
    uint32_t cur;

    assert_int_equal(hive_get_dword(h, key(h, "Select"), "Current", &cur,
                                    &found, NULL), 0);
    assert_true(found);
    assert_int_equal(cur, 1);
    assert_string_value(h, "ControlSet001\\Control\\Session Manager\\"
                           "Environment", "PROCESSOR_ARCHITECTURE", "AMD64");
    assert_string_value(h, "ControlSet001\\Control\\ComputerName\\"
                           "ComputerName", "ComputerName", "PC-ACC-0042");
    assert_string_value(h, "ControlSet001\\Services\\Tcpip\\Parameters",
                        "Domain", "contoso.local");
    hive_close(h);

    /* Jörg's NTUSER.DAT went through the UTF-16LE (regedit) import. */
    h = open_hive(dir, "volumes/D/Users/Jörg/NTUSER.DAT");
    assert_string_value(h, "Software\\Microsoft\\Windows\\CurrentVersion\\"
                           "Explorer\\Shell Folders", "Personal",
                        "C:\\Users\\Jörg\\Documents");
    hive_close(h);
    test_tmpdir_remove(dir);
}

static void test_lab_demo_tree_matches_real_life(void **state)
{
    char *dir = build("demo");
    static const char *const present[] = {
        "volumes/D/Windows/SysWOW64", "volumes/D/Program Files (x86)",
        "volumes/D/Users/Jörg/NTUSER.DAT", "volumes/D/Users/李雷/NTUSER.DAT",
        "volumes/D/Users/TEMP/NTUSER.DAT",
        "volumes/D/Users/Jörg/Documents/Übersicht Größen.xlsx",
        "volumes/D/Windows/System32/config/systemprofile/NTUSER.DAT",
        "volumes/D/hiberfil.sys", "volumes/X/Windows/System32/config/SYSTEM",
    };
    struct fs_stat st;
    struct wiz_err err;

    (void)state;
    for (size_t i = 0; i < sizeof(present) / sizeof(present[0]); i++) {
        char *p = lab_path(dir, present[i]);

        if (!fs_exists(p))
            fail_msg("'%s' is missing", present[i]);
        free(p);
    }
    /* The orphan has no folder; the store volume is empty. */
    char *p = lab_path(dir, "volumes/D/Users/pwong");

    assert_false(fs_exists(p));
    free(p);
    p = lab_path(dir, "volumes/E");
    struct fs_dir *d;
    const char *name;

    assert_int_equal(fs_dir_open(p, &d, NULL), 0);
    assert_int_equal(fs_dir_next(d, &name, NULL), 0);
    fs_dir_close(d);
    free(p);
    /* A junction stand-in is a link, not a folder. */
    p = lab_path(dir, "volumes/D/Users/anna/Application Data");
    assert_int_equal(fs_stat(p, &st, NULL), 0);
    assert_int_equal(st.type, FS_LINK);
    free(p);
    /* Big files are as big as the manifest says; times as it says. */
    p = lab_path(dir, "volumes/D/Users/jsmith/AppData/Local/Microsoft/"
                      "Outlook/jsmith@contoso.com.ost");
    if (fs_stat(p, &st, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(st.size == (uint64_t)(2.1 * 1024 * 1024 * 1024));
    assert_true(st.mtime == 1717400940);
    free(p);
    p = lab_path(dir, "volumes/D/Users/Jörg/NTUSER.DAT");
    assert_int_equal(fs_stat(p, &st, NULL), 0);
    assert_true(st.mtime == 1716919320);
    free(p);
    /* The profile folder keeps its time although files went in later. */
    p = lab_path(dir, "volumes/D/Users/Jörg");
    assert_int_equal(fs_stat(p, &st, NULL), 0);
    assert_true(st.mtime == 1716919320);
    free(p);
    /* A clean hiberfil.sys: zeroed header. */
    char *data;
    size_t len;

    p = lab_path(dir, "volumes/D/hiberfil.sys");
    assert_int_equal(fs_stat(p, &st, NULL), 0);
    assert_true(st.size > 6ULL << 30);
    free(p);
    /* The USMT folder: a real amd64 image of the right version. */
    struct pe_info pi;

    p = lab_path(dir, "usmt/scanstate.exe");
    if (pe_read_file(p, &pi, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(pi.arch, SYS_ARCH_AMD64);
    assert_true(pi.has_version);
    assert_int_equal(pi.ver_major, 10);
    assert_int_equal(pi.ver_build, 22621);
    free(p);
    p = lab_path(dir, "usmt/MigUser.xml");
    assert_int_equal(fs_read_file(p, 65536, &data, &len, NULL), 0);
    assert_non_null(strstr(data, "<migration urlid=\"http://www.microsoft."
                                 "com/migration/1.0/migxmlext/miguser\">"));
    free(data);
    free(p);
    test_tmpdir_remove(dir);
}

static void test_lab_demo_sam_read_by_reglookup(void **state)
{
    char *dir;
    int status;

    (void)state;
    char *which = test_run("command -v reglookup", &status);

    free(which);
    if (status != 0) {
        fprintf(stderr, "note: reglookup is not installed; skipping the "
                        "independent parser check\n");
        return;
    }
    dir = build("demo");
    char *sam = lab_path(dir, "volumes/D/Windows/System32/config/SAM");
    char *cmd = xasprintf("reglookup -H -p /SAM/Domains/Account/Users/Names "
                          "'%s' 2>&1", sam);
    char *out = test_run(cmd, &status);

    assert_int_equal(status, 0);
    assert_non_null(strstr(out, "/SAM/Domains/Account/Users/Names/anna,"));
    assert_non_null(strstr(out, "/SAM/Domains/Account/Users/Names/"
                                "Administrator,"));
    free(out);
    free(cmd);
    char *soft = lab_path(dir, "volumes/D/Windows/System32/config/SOFTWARE");

    cmd = xasprintf("reglookup -H -t SZ -p '/Microsoft/Windows NT/"
                    "CurrentVersion' '%s' 2>&1", soft);
    out = test_run(cmd, &status);
    assert_int_equal(status, 0);
    assert_non_null(strstr(out, "/Microsoft/Windows NT/CurrentVersion/"
                                "ProductName,SZ,Windows 10 Pro,"));
    assert_non_null(strstr(out, "/Microsoft/Windows NT/CurrentVersion/"
                                "CurrentBuild,SZ,22631,"));
    free(out);
    free(cmd);
    free(soft);
    free(sam);
    test_tmpdir_remove(dir);
}

static void test_lab_scenarios_differ_where_they_should(void **state)
{
    struct hive_header hdr;
    struct wiz_err err;
    char *p;

    (void)state;
    /* 32-bit Windows 7: no WOW64 folders, x86 architecture. */
    char *dir = build("win7-x86");

    p = lab_path(dir, "volumes/D/Windows/SysWOW64");
    assert_false(fs_exists(p));
    free(p);
    p = lab_path(dir, "volumes/D/Program Files (x86)");
    assert_false(fs_exists(p));
    free(p);
    struct hive *h = open_hive(dir, "volumes/D/Windows/System32/config/"
                                    "SYSTEM");

    assert_string_value(h, "ControlSet001\\Control\\Session Manager\\"
                           "Environment", "PROCESSOR_ARCHITECTURE", "x86");
    hive_close(h);
    h = open_hive(dir, "volumes/D/Windows/System32/config/SOFTWARE");
    assert_string_value(h, "Microsoft\\Windows NT\\CurrentVersion",
                        "CurrentVersion", "6.1");
    assert_string_value(h, "Microsoft\\Windows NT\\CurrentVersion",
                        "CurrentBuildNumber", "7601");
    hive_close(h);
    struct pe_info pi;

    p = lab_path(dir, "usmt/scanstate.exe");
    assert_int_equal(pe_read_file(p, &pi, NULL), 0);
    assert_int_equal(pi.arch, SYS_ARCH_X86);
    free(p);
    test_tmpdir_remove(dir);

    /* Fast Startup: hibernated and a dirty SYSTEM hive. */
    dir = build("fast-startup");
    FILE *f;

    p = lab_path(dir, "volumes/D/hiberfil.sys");
    f = fs_fopen(p, "rb");
    assert_non_null(f);
    char sig[4];

    assert_int_equal(fread(sig, 1, 4, f), 4);
    assert_memory_equal(sig, "HIBR", 4);
    fclose(f);
    free(p);
    p = lab_path(dir, "volumes/D/Windows/System32/config/SYSTEM");
    if (hive_read_header(p, &hdr, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(hdr.seq1 != hdr.seq2);
    assert_true(hdr.checksum_ok);
    free(p);
    p = lab_path(dir, "volumes/D/Windows/System32/config/SOFTWARE");
    assert_int_equal(hive_read_header(p, &hdr, NULL), 0);
    assert_true(hdr.seq1 == hdr.seq2);
    free(p);
    h = open_hive(dir, "volumes/D/Windows/System32/config/SYSTEM");
    uint32_t hb;
    bool found;

    assert_int_equal(hive_get_dword(h, key(h, "ControlSet001\\Control\\"
                                              "Session Manager\\Power"),
                                    "HiberbootEnabled", &hb, &found, NULL),
                     0);
    assert_true(found);
    assert_int_equal(hb, 1);
    hive_close(h);
    test_tmpdir_remove(dir);

    /* BitLocker: the locked volume holds only its marker. */
    dir = build("bitlocker");
    p = lab_path(dir, "volumes/D");
    struct fs_dir *d;
    const char *name;

    assert_int_equal(fs_dir_open(p, &d, NULL), 0);
    assert_int_equal(fs_dir_next(d, &name, NULL), 1);
    assert_string_equal(name, "FVE-FS");
    assert_int_equal(fs_dir_next(d, &name, NULL), 0);
    fs_dir_close(d);
    free(p);
    test_tmpdir_remove(dir);

    /* Two Windows folders on one volume; a server. */
    dir = build("two-windows");
    h = open_hive(dir, "volumes/D/Windows.old/Windows/System32/config/"
                       "SOFTWARE");
    assert_string_value(h, "Microsoft\\Windows NT\\CurrentVersion",
                        "CurrentBuild", "18363");
    hive_close(h);
    test_tmpdir_remove(dir);
    dir = build("server");
    h = open_hive(dir, "volumes/D/Windows/System32/config/SOFTWARE");
    assert_string_value(h, "Microsoft\\Windows NT\\CurrentVersion",
                        "InstallationType", "Server");
    assert_false(has_key(h, "Microsoft\\IdentityStore"));
    hive_close(h);
    test_tmpdir_remove(dir);
}

static void test_lab_usmt_folder_passes_the_probe(void **state)
{
    static const struct {
        const char *name;
        enum sys_arch arch;
    } cases[] = { { "demo", SYS_ARCH_AMD64 }, { "win7-x86", SYS_ARCH_X86 } };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *dir = build(cases[i].name);
        char *usmt = lab_path(dir, "usmt");
        char *x = lab_path(dir, "volumes/X");
        struct usmt_env env;
        struct wiz_err err;
        size_t n_xml = 0;

        memset(&env, 0, sizeof(env));
        if (usmtenv_probe(usmt, x, &env, &err) < 0)
            fail_msg("%s", err.msg);
        assert_true(env.scanstate_found);
        assert_int_equal(env.usmt_arch, cases[i].arch);
        assert_int_equal(env.ver_major, 10);
        assert_int_equal(env.ver_build, 22621);
        assert_int_equal(env.usmt_generation, 10);
        assert_null(env.missing_dlls);
        for (char **m = env.mig_xml; m && *m; m++)
            n_xml++;
        assert_int_equal(n_xml, 3);
        assert_true(env.msxml_found);
        assert_null(env.probe_problem);
        usmtenv_release(&env);
        free(x);
        free(usmt);
        test_tmpdir_remove(dir);
    }
}

static void test_lab_create_refuses_non_empty_dir(void **state)
{
    char *dir = test_tmpdir("test_lab");
    char *out = fs_join(dir, "lab");
    char *mine = fs_join(out, "notes.txt");
    char *sc = scenario("small-x");
    struct wiz_err err;

    (void)state;
    test_write(mine, "keep me", 7);
    assert_int_equal(lab_create(sc, out, 0, &err), -1);
    assert_int_equal(err.code, WIZ_EEXIST);
    assert_non_null(strstr(err.msg, "is not empty"));
    if (lab_create(sc, out, LAB_FORCE, &err) < 0)
        fail_msg("%s", err.msg);
    /* Again over the lab just built, and the foreign file stays. */
    if (lab_create(sc, out, LAB_FORCE, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(fs_exists(mine));
    char *facts = fs_join(out, "volumes/X.volume");

    assert_true(fs_exists(facts));
    free(facts);
    free(sc);
    free(mine);
    free(out);
    test_tmpdir_remove(dir);
}

static void test_lab_build_errors_name_the_line(void **state)
{
    char *dir = test_tmpdir("test_lab");
    char *sc = fs_join(dir, "broken");
    char *man = fs_join(sc, "scenario.txt");
    char *reg = fs_join(sc, "bad.reg");
    char *out = fs_join(dir, "out");
    static const char text[] =
        "description broken on purpose\n"
        "volume D total=1G free=1G\n"
        "hive Windows/System32/config/SOFTWARE bad.reg\n";
    static const char bad[] =
        "Windows Registry Editor Version 5.00\n\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n"
        "\"v\"=dword:nothex\n";
    struct wiz_err err;

    (void)state;
    test_write(man, text, sizeof(text) - 1);
    test_write(reg, bad, sizeof(bad) - 1);
    assert_int_equal(lab_create(sc, out, 0, &err), -1);
    if (!str_starts_with(err.msg, "broken/scenario.txt:3: ") ||
        !strstr(err.msg, "bad.reg:4"))
        fail_msg("unexpected message '%s'", err.msg);
    /* A missing .reg file is named with the manifest line too. */
    static const char text2[] =
        "volume D total=1G free=1G\n"
        "profile Users/x ntuser=missing.reg\n";

    test_write(man, text2, sizeof(text2) - 1);
    assert_int_equal(lab_create(sc, out, LAB_FORCE, &err), -1);
    if (!str_starts_with(err.msg, "broken/scenario.txt:2: "))
        fail_msg("unexpected message '%s'", err.msg);
    free(out);
    free(reg);
    free(man);
    free(sc);
    test_tmpdir_remove(dir);
}

static void test_lab_list_and_find(void **state)
{
    struct lab_entry *e;
    size_t n;
    struct wiz_err err;
    char *dir;

    (void)state;
    if (lab_list(ASSETS_DIR, &e, &n, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(n >= sizeof(shipped) / sizeof(shipped[0]));
    for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
        bool seen = false;

        for (size_t j = 0; j < n; j++) {
            if (!strcmp(e[j].name, shipped[i])) {
                seen = true;
                assert_true(strlen(e[j].description) > 10);
                assert_null(strstr(e[j].description, "broken"));
            }
        }
        assert_true(seen);
    }
    for (size_t j = 0; j < n; j++)
        assert_true(e[j].name[0] != '_');
    for (size_t j = 1; j < n; j++)
        assert_true(strcmp(e[j - 1].name, e[j].name) < 0);
    lab_entries_free(e, n);

    assert_int_equal(lab_find_scenario(ASSETS_DIR, "demo", &dir, &err), 0);
    assert_true(str_ends_with(dir, "/scenarios/demo"));
    free(dir);
    char *path = scenario("server");

    assert_int_equal(lab_find_scenario(NULL, path, &dir, &err), 0);
    assert_string_equal(dir, path);
    free(dir);
    free(path);
    assert_int_equal(lab_find_scenario(ASSETS_DIR, "no-such", &dir, &err),
                     -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    assert_non_null(strstr(err.msg, "no scenario 'no-such'"));
    assert_int_equal(lab_find_scenario(ASSETS_DIR, "/tmp/../nowhere/x", &dir,
                                       &err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lab_parse_size_units),
        cmocka_unit_test(test_lab_parse_time_forms),
        cmocka_unit_test(test_lab_manifest_reports_file_and_line),
        cmocka_unit_test(test_lab_manifest_words_and_includes),
        cmocka_unit_test(test_lab_every_scenario_builds_its_volumes),
        cmocka_unit_test(test_lab_demo_software_hive),
        cmocka_unit_test(test_lab_demo_sam_and_system_hives),
        cmocka_unit_test(test_lab_demo_tree_matches_real_life),
        cmocka_unit_test(test_lab_demo_sam_read_by_reglookup),
        cmocka_unit_test(test_lab_scenarios_differ_where_they_should),
        cmocka_unit_test(test_lab_usmt_folder_passes_the_probe),
        cmocka_unit_test(test_lab_create_refuses_non_empty_dir),
        cmocka_unit_test(test_lab_build_errors_name_the_line),
        cmocka_unit_test(test_lab_list_and_find),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

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
#include "lab/regf.h"
#include "lab/regimport.h"
#include "platform/fs.h"
#include "../support/testlib.h"

static const int64_t T0 = 1700000000;
static const char *const SW = "HKEY_LOCAL_MACHINE\\SOFTWARE";
static const char *const CV = "Microsoft\\Windows NT\\CurrentVersion";

struct fixture {
    char *dir;
    char *path;
    struct hive *h;
};

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof(*f));
    struct wiz_err err;

    f->dir = test_tmpdir("regimport");
    f->path = fs_join(f->dir, "SOFTWARE");
    if (regf_create_empty(f->path, "ROOT", T0, &err) < 0 ||
        hive_open(f->path, true, &f->h, &err) < 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    hive_close(f->h);
    free(f->path);
    test_tmpdir_remove(f->dir);
    free(f);
    return 0;
}

/* Commit, close and reopen read-only: what we check was really written. */
static void reopen(struct fixture *f)
{
    struct wiz_err err;

    if (hive_commit(f->h, NULL, &err) < 0)
        fail_msg("%s", err.msg);
    hive_close(f->h);
    if (hive_open(f->path, false, &f->h, &err) < 0)
        fail_msg("%s", err.msg);
}

static size_t key(struct fixture *f, const char *path)
{
    struct wiz_err err;
    size_t node;

    if (hive_lookup(f->h, 0, path, &node, &err) < 0)
        fail_msg("%s", err.msg);
    return node;
}

static void want_string(struct fixture *f, size_t node, const char *name,
                          const char *want)
{
    struct wiz_err err;
    char *s;

    if (hive_get_string(f->h, node, name, &s, &err) < 0)
        fail_msg("%s", err.msg);
    if (!want) {
        assert_null(s);
        return;
    }
    if (!s)
        fail_msg("value '%s' is missing", name);
    assert_string_equal(s, want);
    free(s);
}

static void want_raw(struct fixture *f, size_t node, const char *name,
                       uint32_t type, const void *data, size_t len)
{
    struct wiz_err err;
    struct hive_value v;
    bool found;

    assert_int_equal(hive_get(f->h, node, name, &v, &found, &err), 0);
    if (!found)
        fail_msg("value '%s' is missing", name);
    assert_int_equal(v.type, type);
    assert_int_equal(v.len, len);
    if (len)
        assert_memory_equal(v.data, data, len);
    hive_value_release(&v);
}

/* Everything software.reg says, read back through hive.h. */
static void check_software(struct fixture *f)
{
    struct wiz_err err;
    size_t cv = key(f, CV);
    uint32_t dw;
    uint64_t qw;
    bool found;
    char **multi;
    size_t n;

    assert_int_not_equal(cv, 0);
    want_string(f, cv, "ProductName", "Windows 11 Pro");
    want_string(f, cv, "CurrentBuild", NULL);
    want_string(f, cv, "Quote", "say \"hi\" from C:\\Temp\\");
    want_string(f, cv, "", "default text");
    want_string(f, cv, "Unicode \xc3\xa4",
                  "J\xc3\xb6rg \xe6\x9d\x8e\xe9\x9b\xb7");
    assert_int_equal(hive_get_dword(f->h, cv, "InstallDate", &dw, &found,
                                    &err), 0);
    assert_true(found);
    assert_int_equal(dw, 0x5f5e1000);
    want_raw(f, cv, "Bin", HIVE_REG_BINARY, "\x00\x01\x02\xff", 4);
    want_raw(f, cv, "Nothing", HIVE_REG_NONE, NULL, 0);
    want_raw(f, cv, "PathExt", HIVE_REG_EXPAND_SZ,
               "%\0S\0y\0s\0t\0e\0m\0R\0o\0o\0t\0%\0\0", 26);
    want_string(f, cv, "PathExt", "%SystemRoot%");
    assert_int_equal(hive_get_qword(f->h, cv, "Q", &qw, &found, &err), 0);
    assert_true(qw == 0x200000001ULL);
    assert_int_equal(hive_get_multi(f->h, cv, "Multi", &multi, &n, &err),
                     0);
    assert_int_equal(n, 2);
    assert_string_equal(multi[0], "a");
    assert_string_equal(multi[1], "bc");
    hive_strv_free(multi);

    size_t prof = key(f, "Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
                         "\\S-1-5-21-1-2-3-1001");

    assert_int_not_equal(prof, 0);
    want_string(f, prof, "ProfileImagePath", "C:\\Users\\joe");
    assert_int_equal(key(f, "Doomed"), 0);

    /* the two spellings of the key made one key */
    size_t *kids;

    assert_int_equal(hive_children(f->h, key(f, "Microsoft"), &kids, &n,
                                   &err), 0);
    assert_int_equal(n, 1);
    free(kids);
}

static void test_regimport_utf8_crlf_file(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    char *reg = test_fixture("reg/software.reg");

    assert_int_equal(regimport_file(f->h, reg, SW, &err), 0);
    reopen(f);
    check_software(f);

    /* an independent parser sees the same */
    char *cmd = xasprintf("reglookup -H '%s' 2>/dev/null", f->path);
    int st;
    char *out = test_run(cmd, &st);

    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "/Microsoft/Windows NT/CurrentVersion/"
                                "ProductName,SZ,Windows 11 Pro,"));
    assert_non_null(strstr(out, "/Microsoft/Windows NT/CurrentVersion/"
                                "InstallDate,DWORD,0x5F5E1000,"));
    assert_non_null(strstr(out, "/Microsoft/Windows NT/CurrentVersion/"
                                "PathExt,EXPAND_SZ,%25SystemRoot%25,"));
    assert_non_null(strstr(out, "/Microsoft/Windows NT/CurrentVersion/"
                                "Bin,BINARY,%00%01%02%FF,"));
    assert_non_null(strstr(out, "/Microsoft/Windows NT/CurrentVersion/"
                                "Q,QWORD,0x0000000200000001,"));
    assert_non_null(strstr(out, "ProfileList/S-1-5-21-1-2-3-1001/"
                                "ProfileImagePath,EXPAND_SZ,C:\\Users\\joe,"));
    assert_null(strstr(out, "CurrentBuild"));
    assert_null(strstr(out, "Doomed"));
    free(out);
    free(cmd);
    free(reg);
}

static void test_regimport_utf16le_with_bom(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    char *reg = test_fixture("reg/software.reg");
    char *text;
    size_t len, wlen;

    assert_int_equal(fs_read_file(reg, 1 << 20, &text, &len, &err), 0);
    unsigned char *w = utf8_to_utf16le(text, len, &wlen);
    unsigned char *bom = xmalloc(wlen + 2);

    bom[0] = 0xff;
    bom[1] = 0xfe;
    memcpy(bom + 2, w, wlen);
    char *p = fs_join(f->dir, "software-utf16.reg");

    test_write(p, (const char *)bom, wlen + 2);
    assert_int_equal(regimport_file(f->h, p, SW, &err), 0);
    reopen(f);
    check_software(f);
    free(p);
    free(bom);
    free(w);
    free(text);
    free(reg);
}

static void test_regimport_utf8_bom_lf_and_regedit4(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    const char *text =
        "\xef\xbb\xbfWindows Registry Editor Version 5.00\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n"
        "\"s\"=\"one\"\n";
    const char *old =
        "REGEDIT4\r\n\r\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\B]\r\n"
        "\"e\"=hex(2):25,54,25,00\r\n"
        "\"m\"=hex(7):61,00,62,00,00\r\n"
        "\"J\xf6rg\"=\"M\xfcller\"\r\n";

    assert_int_equal(regimport_buffer(f->h, "a.reg", text, strlen(text), SW,
                                      &err), 0);
    assert_int_equal(regimport_buffer(f->h, "b.reg", old, strlen(old), SW,
                                      &err), 0);
    reopen(f);
    want_string(f, key(f, "a"), "S", "one");
    want_string(f, key(f, "b"), "e", "%T%");
    want_raw(f, key(f, "b"), "m", HIVE_REG_MULTI_SZ,
               "a\0\0\0b\0\0\0\0\0", 10);
    want_string(f, key(f, "b"), "J\xc3\xb6rg", "M\xc3\xbcller");
}

static void test_regimport_hivexregedit_dialect(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    const char *text =
        "\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft]\n\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT]\n"
        "\"PathName\"=str(1):\"C:\\Windows\"\n"
        "\"Loc\"=str(2):\"C:\\\\Program Files\\\\x\"\n"
        "\"Empty\"=str(1):\"\"\n";

    assert_int_equal(regimport_buffer(f->h, "v2v.reg", text, strlen(text),
                                      SW, &err), 0);
    reopen(f);
    size_t nt = key(f, "Microsoft\\Windows NT");

    want_string(f, nt, "PathName", "C:\\Windows");
    want_raw(f, nt, "Loc", HIVE_REG_EXPAND_SZ,
             "C\0:\0\\\0P\0r\0o\0g\0r\0a\0m\0 \0F\0i\0l\0e\0s\0\\\0x\0\0", 38);
    want_raw(f, nt, "Empty", HIVE_REG_SZ, "\0", 2);
}

static void test_regimport_sam_rid_as_type(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    char *reg = test_fixture("reg/sam.reg");

    assert_int_equal(regimport_file(f->h, reg, "HKEY_LOCAL_MACHINE\\SAM",
                                    &err), 0);
    reopen(f);
    size_t names = key(f, "SAM\\Domains\\Account\\Users\\Names");

    assert_int_not_equal(names, 0);
    want_raw(f, key(f, "SAM\\Domains\\Account\\Users\\Names\\joe"), "",
               0x3e8, NULL, 0);
    want_raw(f, key(f, "SAM\\Domains\\Account\\Users\\Names\\"
                         "Administrator"), "", 0x1f4, NULL, 0);
    want_raw(f, key(f, "SAM\\Domains\\Account\\Users\\000001f4"), "F",
               HIVE_REG_BINARY, "\x02\x00\x01\x00", 4);
    free(reg);
}

static void test_regimport_merges_with_existing_values(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    const char *one =
        "Windows Registry Editor Version 5.00\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\K]\n"
        "\"keep\"=\"1\"\n\"change\"=\"old\"\n\"drop\"=\"x\"\n"
        "\"twice\"=\"first\"\n\"TWICE\"=\"second\"\n";
    const char *two =
        "Windows Registry Editor Version 5.00\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\k]\n"
        "\"Change\"=\"new\"\n\"drop\"=-\n\"gone anyway\"=-\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE]\n@=\"root default\"\n"
        "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\NotThere]\n";

    assert_int_equal(regimport_buffer(f->h, "1.reg", one, strlen(one), SW,
                                      &err), 0);
    assert_int_equal(regimport_buffer(f->h, "2.reg", two, strlen(two),
                                      "HKEY_LOCAL_MACHINE\\SOFTWARE\\", &err),
                     0);
    reopen(f);
    size_t k = key(f, "K"), *vals, n;

    want_string(f, k, "keep", "1");
    want_string(f, k, "change", "new");
    want_string(f, k, "drop", NULL);
    want_string(f, k, "twice", "second");
    want_string(f, 0, "", "root default");
    assert_int_equal(hive_values(f->h, k, &vals, &n, &err), 0);
    assert_int_equal(n, 3);
    free(vals);
}

struct bad_case {
    const char *body;       /* after the header line */
    const char *msg;
};

static void test_regimport_bad_lines_name_file_and_line(void **state)
{
    struct fixture *f = *state;
    static const struct bad_case cases[] = {
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"d\"=dword:123456789\n",
          "t.reg:3: 'dword:' needs 8 hex digits" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"d\"=dword:xyz\n",
          "t.reg:3: 'dword:' needs 8 hex digits" },
        { "\n[HKEY_CURRENT_USER\\Software\\A]\n",
          "t.reg:3: key 'HKEY_CURRENT_USER\\Software\\A' is outside "
          "'HKEY_LOCAL_MACHINE\\SOFTWARE'" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWAREX]\n", "is outside" },
        { "\"v\"=\"x\"\n", "t.reg:2: value line outside a [key] section" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v\"=\"x\n",
          "t.reg:3: string value has no closing quote" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v=\"x\"\n",
          "t.reg:3: expected '=' after the value name" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v\"=hex:01,0g\n",
          "t.reg:3: bad hex byte '0g'" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v\"=hex:01,\\\n  02,1\n",
          "t.reg:3: bad hex byte '1'" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\n\"v\"=hex(zz):01\n",
          "t.reg:4: the type in 'hex(...)' must be" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v\"=hex(2:01\n",
          "t.reg:3: 'hex(' needs a type and '):'" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v\"=word:1\n",
          "t.reg:3: cannot understand the value data 'word:1'" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v\"=\"x\" junk\n",
          "t.reg:3: unexpected text after the closing quote" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A\n", "t.reg:2: key line has no "
          "closing ']'" },
        { "[-HKEY_LOCAL_MACHINE\\SOFTWARE]\n",
          "t.reg:2: cannot delete the root key" },
        { "what is this\n", "t.reg:2: expected '[key]'" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"\xe4\"=\"x\"\n",
          "t.reg:3: text is not valid UTF-8" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v\"=str(1)\"x\"\n",
          "t.reg:3: 'str(' needs a type" },
        { "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n\"v\"=str(1):\"x\n",
          "t.reg:3: string value has no closing quote" },
    };
    struct wiz_err err;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *text = xasprintf("Windows Registry Editor Version 5.00\n%s",
                               cases[i].body);

        assert_int_equal(regimport_buffer(f->h, "t.reg", text, strlen(text),
                                          SW, &err), -1);
        if (!strstr(err.msg, cases[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].msg);
        free(text);
    }
    assert_int_equal(regimport_buffer(f->h, "t.reg", "REGEDIT5\n", 9, SW,
                                      &err), -1);
    assert_non_null(strstr(err.msg, "t.reg:1: not a .reg file"));
    assert_int_equal(regimport_buffer(f->h, "t.reg", "", 0, SW, &err), -1);
    assert_non_null(strstr(err.msg, "not a .reg file"));
    assert_int_equal(regimport_buffer(f->h, "t.reg", "\xfe\xff\0W", 4, SW,
                                      &err), -1);
    assert_non_null(strstr(err.msg, "big-endian"));
    char *missing = fs_join(f->dir, "missing.reg");

    assert_int_equal(regimport_file(f->h, missing, SW, &err), -1);
    assert_non_null(strstr(err.msg, "missing.reg"));
    free(missing);
}

static void test_regimport_read_only_hive_is_refused(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    const char *text = "Windows Registry Editor Version 5.00\n"
                       "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n";

    reopen(f);
    assert_int_equal(regimport_buffer(f->h, "r.reg", text, strlen(text), SW,
                                      &err), -1);
    assert_non_null(strstr(err.msg, "r.reg:2: "));
    assert_non_null(strstr(err.msg, "read-only"));
}

/* reglookup's listing of a hive (new string). */
static char *listing(const char *path)
{
    char *cmd = xasprintf("reglookup -H '%s' 2>&1", path);
    int st;
    char *out = test_run(cmd, &st);

    assert_int_equal(st, 0);
    free(cmd);
    return out;
}

static void test_regimport_new_hive_equals_hivex_import(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    char *reg = test_fixture("reg/software.reg");
    char *fast = fs_join(f->dir, "fast");
    const char *files[] = { reg };

    /* given the same .reg imported through hivex and written directly */
    assert_int_equal(regimport_file(f->h, reg, SW, &err), 0);
    reopen(f);
    assert_int_equal(regimport_new_hive(fast, "ROOT", T0, files, 1, SW, &err),
                     0);
    /* then an independent parser lists exactly the same */
    char *a = listing(f->path);
    char *b = listing(fast);

    assert_string_equal(a, b);
    free(a);
    free(b);
    /* and hive.h reads everything back */
    hive_close(f->h);
    assert_int_equal(hive_open(fast, false, &f->h, &err), 0);
    check_software(f);
    struct hive_header hdr;

    assert_int_equal(hive_read_header(fast, &hdr, &err), 0);
    assert_true(hdr.checksum_ok);
    assert_int_equal(hdr.seq1, hdr.seq2);
    /* it refuses to overwrite */
    assert_int_equal(regimport_new_hive(fast, "ROOT", T0, files, 1, SW, &err),
                     -1);
    assert_int_equal(err.code, WIZ_EEXIST);
    free(fast);
    free(reg);
}

static void test_regimport_new_hive_wide_key_and_hivex_edits(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    char *reg = fs_join(f->dir, "wide.reg");
    char *wide = fs_join(f->dir, "wide");
    const char *files[] = { reg };
    size_t n, *kids, node;
    char *text = xstrdup("Windows Registry Editor Version 5.00\r\n");

    /* 1500 subkeys of one key: more than one lf list, under an ri index */
    for (int i = 1499; i >= 0; i--) {
        char *more = xasprintf("%s[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\"
                          "Key%04d]\r\n\"N\"=dword:%08x\r\n\r\n", text, i,
                          (unsigned)i);
        free(text);
        text = more;
    }
    test_write(reg, text, strlen(text));
    free(text);
    assert_int_equal(regimport_new_hive(wide, "ROOT", T0, files, 1, SW, &err),
                     0);
    hive_close(f->h);
    assert_int_equal(hive_open(wide, true, &f->h, &err), 0);
    size_t classes = key(f, "classes");

    assert_int_equal(hive_children(f->h, classes, &kids, &n, &err), 0);
    assert_int_equal(n, 1500);
    char *first = hive_node_name(f->h, kids[0]);
    char *last = hive_node_name(f->h, kids[n - 1]);

    assert_string_equal(first, "Key0000");
    assert_string_equal(last, "Key1499");
    free(first);
    free(last);
    free(kids);
    uint32_t dw;
    bool found;

    assert_int_equal(hive_get_dword(f->h, key(f, "Classes\\KEY0777"), "n",
                                    &dw, &found, &err), 0);
    assert_int_equal(dw, 777);

    /* hivex can still change what we wrote */
    assert_int_equal(hive_add_child(f->h, classes, "Key0777b", &node, &err),
                     0);
    assert_int_equal(hive_commit(f->h, NULL, &err), 0);
    hive_close(f->h);
    assert_int_equal(hive_open(wide, false, &f->h, &err), 0);
    assert_int_equal(hive_children(f->h, key(f, "classes"), &kids, &n, &err),
                     0);
    assert_int_equal(n, 1501);
    free(kids);

    char *out = listing(wide);
    size_t lines = 0;

    for (char *p = out; *p; p++)
        lines += *p == '\n';
    /* root, Classes, 1501 keys, 1500 values */
    assert_int_equal(lines, 2 + 1501 + 1500);
    assert_null(strstr(out, "WARN"));
    assert_null(strstr(out, "ERROR"));
    free(out);
    free(wide);
    free(reg);
}

static void test_regimport_new_hive_bad_line_leaves_no_file(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    char *reg = fs_join(f->dir, "bad.reg");
    char *out = fs_join(f->dir, "out");
    const char *files[] = { reg };
    const char *text = "Windows Registry Editor Version 5.00\n\n"
                       "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\n"
                       "\"x\"=dword:1234567\n\"y\"=dword:\n";

    test_write(reg, text, strlen(text));
    assert_int_equal(regimport_new_hive(out, "ROOT", T0, files, 1, SW, &err),
                     -1);
    assert_non_null(strstr(err.msg, "bad.reg:5: 'dword:' needs 8 hex digits"));
    assert_false(fs_exists(out));
    free(out);
    free(reg);
}

static void test_regimport_survives_mutated_text(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    char *reg = test_fixture("reg/software.reg");
    static const char alphabet[] = "\\\"[]=-@:,;()\r\n\0xh9 ";
    char *text;
    size_t len;
    uint32_t seed = 777;

    assert_int_equal(fs_read_file(reg, 1 << 20, &text, &len, &err), 0);
    char *copy = xmalloc(len);

    /* each mutated file imports or fails with file:line, never crashes */
    for (int round = 0; round < 400; round++) {
        memcpy(copy, text, len);
        for (int k = 0; k < 1 + round % 5; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;

            seed = seed * 1103515245u + 12345u;
            copy[at] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
        }
        if (round % 2) {
            if (regimport_buffer(f->h, "m.reg", copy, len, SW, &err) < 0)
                assert_true(str_starts_with(err.msg, "m.reg"));
        } else {
            char *in = fs_join(f->dir, "m.reg");
            char *out = xasprintf("%s/out%d", f->dir, round);
            const char *files[] = { in };

            fs_remove(in, NULL);
            test_write(in, copy, len);
            if (regimport_new_hive(out, "ROOT", T0, files, 1, SW, &err) < 0)
                assert_true(str_starts_with(err.msg, in));
            free(out);
            free(in);
        }
    }
    free(copy);
    free(text);
    free(reg);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_regimport_utf8_crlf_file),
        T(test_regimport_utf16le_with_bom),
        T(test_regimport_utf8_bom_lf_and_regedit4),
        T(test_regimport_hivexregedit_dialect),
        T(test_regimport_sam_rid_as_type),
        T(test_regimport_merges_with_existing_values),
        T(test_regimport_bad_lines_name_file_and_line),
        T(test_regimport_read_only_hive_is_refused),
        T(test_regimport_new_hive_equals_hivex_import),
        T(test_regimport_new_hive_wide_key_and_hivex_edits),
        T(test_regimport_new_hive_bad_line_leaves_no_file),
        T(test_regimport_survives_mutated_text),
    };
#undef T

    return cmocka_run_group_tests_name("regimport", tests, NULL, NULL);
}

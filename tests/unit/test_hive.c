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

struct fixture {
    char *dir;
    char *path;
};

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof(*f));
    struct wiz_err err;

    f->dir = test_tmpdir("hive");
    f->path = fs_join(f->dir, "SOFTWARE");
    if (regf_create_empty(f->path, "ROOT", T0, &err) < 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    free(f->path);
    test_tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static char *read_all(const char *path, size_t *len)
{
    struct wiz_err err;
    char *data;

    if (fs_read_file(path, 64 << 20, &data, len, &err) < 0)
        fail_msg("%s", err.msg);
    return data;
}

static void put32(char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (char)((v >> (8 * i)) & 0xff);
}

static uint32_t get32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;

    return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
           (uint32_t)u[3] << 24;
}

static void fix_checksum(char *base)
{
    uint32_t sum = 0;

    for (int i = 0; i < 0x1fc; i += 4)
        sum ^= get32(base + i);
    put32(base + 0x1fc, sum);
}

/* Write data to dir/name and return the path (caller frees). */
static char *write_case(const char *dir, const char *name, const void *data,
                        size_t len)
{
    char *p = fs_join(dir, name);

    test_write(p, data, len);
    return p;
}

static void expect_open_error(const char *path, const char *words)
{
    struct wiz_err err;
    struct hive *h = NULL;

    assert_int_equal(hive_open(path, false, &h, &err), -1);
    assert_null(h);
    if (!strstr(err.msg, words))
        fail_msg("message '%s' lacks '%s'", err.msg, words);
    assert_non_null(strstr(err.msg, "cannot open hive '"));
}

static void test_hive_header_problems_in_words(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    struct hive_header hdr;
    char creg[4096] = "CREG\x00\x00\x01\x00";
    char mz[64] = "MZ\x90\x00 some program";
    size_t len;
    char *p;

    /* given files that are not NT hives, then each says why */
    p = write_case(f->dir, "empty", "", 0);
    assert_int_equal(hive_read_header(p, &hdr, &err), -1);
    assert_non_null(strstr(err.msg, "empty"));
    expect_open_error(p, "empty");
    free(p);

    p = write_case(f->dir, "short", "regf\x01\x00\x00\x00", 8);
    assert_int_equal(hive_read_header(p, &hdr, &err), -1);
    assert_non_null(strstr(err.msg, "too short"));
    free(p);

    p = write_case(f->dir, "SYSTEM.DAT", creg, sizeof(creg));
    assert_int_equal(hive_read_header(p, &hdr, &err), -1);
    assert_int_equal(err.code, WIZ_EFORMAT);
    assert_non_null(strstr(err.msg, "Windows 9x"));
    expect_open_error(p, "not a Windows NT registry hive (Windows 9x CREG");
    free(p);

    p = write_case(f->dir, "prog.exe", mz, sizeof(mz));
    assert_int_equal(hive_read_header(p, &hdr, &err), -1);
    assert_non_null(strstr(err.msg, "not a registry hive"));
    free(p);

    p = fs_join(f->dir, "missing");
    assert_int_equal(hive_read_header(p, &hdr, &err), -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    expect_open_error(p, "no such file");
    free(p);

    /* a flipped byte in the header: checksum fact, open refuses */
    char *data = read_all(f->path, &len);

    data[0x40] ^= 0x55;
    p = write_case(f->dir, "badsum", data, len);
    assert_int_equal(hive_read_header(p, &hdr, &err), 0);
    assert_false(hdr.checksum_ok);
    expect_open_error(p, "header checksum is wrong (damaged file)");
    free(p);
    free(data);
}

static void test_hive_dirty_is_a_fact_not_an_error(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    struct hive_header hdr;
    struct hive *h;
    size_t len;
    char *data = read_all(f->path, &len);

    put32(data + 4, 7);
    put32(data + 8, 6);
    fix_checksum(data);
    char *p = write_case(f->dir, "dirty", data, len);

    assert_int_equal(hive_read_header(p, &hdr, &err), 0);
    assert_true(hdr.checksum_ok);
    assert_int_equal(hdr.seq1, 7);
    assert_int_equal(hdr.seq2, 6);
    assert_int_equal(hive_open(p, false, &h, &err), 0);
    hive_close(h);
    free(p);
    free(data);
}

static void test_hive_damaged_bins_in_words(void **state)
{
    struct fixture *f = *state;
    size_t len;
    char *data = read_all(f->path, &len);
    char *big = xcalloc(1, len + 4096);
    char *p;

    /* space after the declared bins is ignored, as Windows leaves it */
    struct wiz_err err;
    struct hive *h;

    memcpy(big, data, len);
    memset(big + len, 'G', 4096);
    p = write_case(f->dir, "slack", big, len + 4096);
    assert_int_equal(hive_open(p, false, &h, &err), 0);
    hive_close(h);
    free(p);

    /* but garbage where the header promises a bin is damage */
    put32(big + 0x28, 8192);
    fix_checksum(big);
    p = write_case(f->dir, "garbage", big, len + 4096);
    expect_open_error(p, "bad hive bin header at offset 0x2000 (damaged "
                         "file: trailing garbage after the last good hive "
                         "bin)");
    free(p);

    /* registry transaction logs are not hives */
    memcpy(big, data, len);
    put32(big + 0x1c, 6);
    fix_checksum(big);
    p = write_case(f->dir, "SYSTEM.LOG1", big, len);
    expect_open_error(p, "transaction log, not a hive");
    free(p);

    /* truncated: the last bin is cut in half */
    p = write_case(f->dir, "truncated", data, len - 2048);
    expect_open_error(p, "truncated");
    free(p);

    /* header only */
    p = write_case(f->dir, "headeronly", data, 4096);
    expect_open_error(p, "truncated");
    free(p);

    /* a damaged bin header inside the data */
    memcpy(data + 4096, "hbXn", 4);
    p = write_case(f->dir, "badbin", data, len);
    expect_open_error(p, "bad hive bin header at offset 0x1000");
    free(p);
    free(big);
    free(data);
}

/* In the child of test_unprivileged: 0 when the open fails in words. */
static int open_is_denied(void *arg)
{
    const char *path = arg;
    struct wiz_err err;
    struct hive *h = NULL;

    if (hive_open(path, false, &h, &err) == 0) {
        hive_close(h);
        fprintf(stderr, "'%s' opened despite mode 000\n", path);
        return 1;
    }
    if (h || !strstr(err.msg, "permission denied") ||
        !strstr(err.msg, "cannot open hive '")) {
        fprintf(stderr, "message: %s\n", err.msg);
        return 2;
    }
    return 0;
}

static void test_hive_permission_denied_in_words(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    const char *own[] = { f->dir, f->path, NULL };

    assert_int_equal(fs_set_mtime(f->path, T0, &err), 0);
    char *cmd = xasprintf("chmod 000 '%s'", f->path);
    char *out = test_run(cmd, NULL);

    free(out);
    free(cmd);
    /* root reads anything: the open runs as an unprivileged user */
    assert_int_equal(test_unprivileged(open_is_denied, f->path, own), 0);
}

/* A hive with a small tree used by the read tests. */
static struct hive *make_tree(const char *path)
{
    struct wiz_err err;
    struct hive *h;
    size_t node;
    unsigned char *u;
    size_t ulen;

    if (hive_open(path, true, &h, &err) < 0)
        fail_msg("%s", err.msg);
    if (hive_mkpath(h, "Microsoft\\Windows NT\\CurrentVersion", &node,
                    &err) < 0)
        fail_msg("%s", err.msg);
    u = utf8_to_utf16le("Windows 10 Pro", 14, &ulen);
    assert_int_equal(hive_set_value(h, node, "ProductName", HIVE_REG_SZ, u,
                                    ulen + 2, &err), 0);
    /* no terminator, odd length */
    assert_int_equal(hive_set_value(h, node, "Bare", HIVE_REG_SZ, u, 7,
                                    &err), 0);
    free(u);
    assert_int_equal(hive_set_value(h, node, "", HIVE_REG_SZ, "d\0e\0f\0",
                                    6, &err), 0);
    assert_int_equal(hive_set_value(h, node, "Big", HIVE_REG_DWORD_BIG_ENDIAN,
                                    "\x00\x00\x01\x02", 4, &err), 0);
    assert_int_equal(hive_set_value(h, node, "Little", HIVE_REG_DWORD,
                                    "\x02\x01\x00\x00", 4, &err), 0);
    assert_int_equal(hive_set_value(h, node, "Short", HIVE_REG_DWORD,
                                    "\x02\x01", 2, &err), 0);
    assert_int_equal(hive_set_value(h, node, "Q", HIVE_REG_QWORD,
                                    "\x01\x00\x00\x00\x02\x00\x00\x00", 8,
                                    &err), 0);
    assert_int_equal(hive_set_value(h, node, "Multi", HIVE_REG_MULTI_SZ,
                                    "a\0\0\0b\0\0\0\0\0c\0\0\0", 14, &err), 0);
    assert_int_equal(hive_set_value(h, node, "Rid", 0x3e8, NULL, 0, &err),
                     0);
    if (hive_mkpath(h, "Microsoft\\Other", &node, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(hive_commit(h, NULL, &err), 0);
    hive_close(h);
    if (hive_open(path, false, &h, &err) < 0)
        fail_msg("%s", err.msg);
    return h;
}

static void test_hive_lookup_is_case_insensitive(void **state)
{
    struct fixture *f = *state;
    struct hive *h = make_tree(f->path);
    struct wiz_err err;
    size_t ms, cv, none, *kids, n;

    assert_int_equal(hive_lookup(h, 0, "\\MICROSOFT", &ms, &err), 0);
    assert_int_not_equal(ms, 0);
    assert_int_equal(hive_lookup(h, ms, "windows nt\\currentversion", &cv,
                                 &err), 0);
    assert_int_not_equal(cv, 0);
    assert_int_equal(hive_lookup(h, 0, "Microsoft\\Nope\\x", &none, &err),
                     0);
    assert_int_equal(none, 0);
    assert_int_equal(hive_children(h, ms, &kids, &n, &err), 0);
    assert_int_equal(n, 2);
    char *a = hive_node_name(h, kids[0]);
    char *b = hive_node_name(h, kids[1]);

    /* hivex keeps subkeys sorted */
    assert_string_equal(a, "Other");
    assert_string_equal(b, "Windows NT");
    assert_true(hive_node_mtime(h, kids[0]) > 0);
    free(a);
    free(b);
    free(kids);
    assert_int_equal(hive_children(h, cv, &kids, &n, &err), 0);
    assert_int_equal(n, 0);
    free(kids);
    hive_close(h);
}

static void test_hive_typed_getters(void **state)
{
    struct fixture *f = *state;
    struct hive *h = make_tree(f->path);
    struct wiz_err err;
    size_t cv;
    char *s;
    uint32_t dw;
    uint64_t qw;
    bool found;

    assert_int_equal(hive_lookup(h, 0, "Microsoft\\Windows NT\\CurrentVersion",
                                 &cv, &err), 0);
    assert_int_equal(hive_get_string(h, cv, "productname", &s, &err), 0);
    assert_string_equal(s, "Windows 10 Pro");
    free(s);
    assert_int_equal(hive_get_string(h, cv, "Bare", &s, &err), 0);
    assert_string_equal(s, "Win");
    free(s);
    assert_int_equal(hive_get_string(h, cv, "", &s, &err), 0);
    assert_string_equal(s, "def");
    free(s);
    assert_int_equal(hive_get_string(h, cv, "Missing", &s, &err), 0);
    assert_null(s);
    assert_int_equal(hive_get_string(h, cv, "Little", &s, &err), -1);
    assert_int_equal(err.code, WIZ_EFORMAT);
    assert_non_null(strstr(err.msg, "'Little'"));
    assert_non_null(strstr(err.msg, "REG_DWORD, not a string"));

    assert_int_equal(hive_get_dword(h, cv, "big", &dw, &found, &err), 0);
    assert_true(found);
    assert_int_equal(dw, 0x102);
    assert_int_equal(hive_get_dword(h, cv, "little", &dw, &found, &err), 0);
    assert_int_equal(dw, 0x102);
    assert_int_equal(hive_get_dword(h, cv, "Short", &dw, &found, &err), -1);
    assert_non_null(strstr(err.msg, "too short"));
    assert_int_equal(hive_get_dword(h, cv, "ProductName", &dw, &found, &err),
                     -1);
    assert_non_null(strstr(err.msg, "REG_SZ, not a DWORD"));
    assert_int_equal(hive_get_dword(h, cv, "nothing", &dw, &found, &err), 0);
    assert_false(found);

    assert_int_equal(hive_get_qword(h, cv, "Q", &qw, &found, &err), 0);
    assert_true(found);
    assert_true(qw == 0x200000001ULL);

    char **v;
    size_t n;

    assert_int_equal(hive_get_multi(h, cv, "multi", &v, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v[0], "a");
    assert_string_equal(v[1], "b");
    assert_null(v[2]);
    hive_strv_free(v);
    assert_int_equal(hive_get_string(h, cv, "multi", &s, &err), 0);
    assert_string_equal(s, "a");
    free(s);

    /* a raw type such as a SAM RID, with no data */
    struct hive_value raw;

    assert_int_equal(hive_get(h, cv, "RID", &raw, &found, &err), 0);
    assert_true(found);
    assert_int_equal(raw.type, 0x3e8);
    assert_int_equal(raw.len, 0);
    hive_value_release(&raw);
    assert_int_equal(hive_get_string(h, cv, "Rid", &s, &err), -1);
    assert_non_null(strstr(err.msg, "type 0x3e8"));
    hive_close(h);
}

static void test_hive_values_enumerate_with_names(void **state)
{
    struct fixture *f = *state;
    struct hive *h = make_tree(f->path);
    struct wiz_err err;
    size_t cv, *vals, n;
    bool seen_default = false;

    assert_int_equal(hive_lookup(h, 0, "Microsoft\\Windows NT\\CurrentVersion",
                                 &cv, &err), 0);
    assert_int_equal(hive_values(h, cv, &vals, &n, &err), 0);
    assert_int_equal(n, 9);
    for (size_t i = 0; i < n; i++) {
        char *name = hive_value_name(h, vals[i]);
        struct hive_value v;

        if (!*name)
            seen_default = true;
        assert_int_equal(hive_value_read(h, vals[i], &v, &err), 0);
        hive_value_release(&v);
        free(name);
    }
    assert_true(seen_default);
    free(vals);
    hive_close(h);
}

static void test_hive_writes_and_deletes(void **state)
{
    struct fixture *f = *state;
    struct hive *h = make_tree(f->path);
    struct wiz_err err;
    size_t cv, ms, node, *vals, n;
    char *s;

    /* read-only handles refuse to change */
    assert_int_equal(hive_mkpath(h, "X", &node, &err), -1);
    assert_non_null(strstr(err.msg, "read-only"));
    hive_close(h);

    assert_int_equal(hive_open(f->path, true, &h, &err), 0);
    assert_int_equal(hive_lookup(h, 0, "Microsoft\\Windows NT\\CurrentVersion",
                                 &cv, &err), 0);
    /* a value read before a change is not read again from before it */
    assert_int_equal(hive_get_string(h, cv, "productname", &s, &err), 0);
    assert_non_null(s);
    free(s);
    assert_int_equal(hive_delete_value(h, cv, "PRODUCTNAME", &err), 0);
    assert_int_equal(hive_delete_value(h, cv, "", &err), 0);
    assert_int_equal(hive_delete_value(h, cv, "not there", &err), 0);
    assert_int_equal(hive_values(h, cv, &vals, &n, &err), 0);
    assert_int_equal(n, 7);
    free(vals);
    assert_int_equal(hive_get_string(h, cv, "ProductName", &s, &err), 0);
    assert_null(s);
    assert_int_equal(hive_get_string(h, cv, "Bare", &s, &err), 0);
    assert_string_equal(s, "Win");
    free(s);

    /* existing child: clear error; mkpath finds what exists */
    assert_int_equal(hive_lookup(h, 0, "Microsoft", &ms, &err), 0);
    assert_int_equal(hive_add_child(h, ms, "OTHER", &node, &err), -1);
    assert_int_equal(err.code, WIZ_EEXIST);
    assert_int_equal(hive_add_child(h, ms, "a\\b", &node, &err), -1);
    assert_int_equal(hive_add_child(h, ms, "bad\xc3(", &node, &err), -1);
    assert_non_null(strstr(err.msg, "not valid UTF-8"));
    assert_int_equal(hive_set_value(h, ms, "bad\xff", HIVE_REG_DWORD,
                                    "\0\0\0\0", 4, &err), -1);
    assert_non_null(strstr(err.msg, "not valid UTF-8"));
    assert_int_equal(hive_lookup(h, ms, "bad\xc3(", &node, &err), 0);
    assert_int_equal(node, 0);
    assert_int_equal(hive_mkpath(h, "microsoft\\other", &node, &err), 0);
    assert_int_equal(hive_delete_child(h, node, &err), 0);
    assert_int_equal(hive_delete_child(h, hive_root(h), &err), -1);
    assert_non_null(strstr(err.msg, "root"));

    struct hive_value_set set[2] = {
        { "One", HIVE_REG_DWORD, "\x01\x00\x00\x00", 4 },
        { "", HIVE_REG_SZ, "x\0\0\0", 4 },
    };

    uint32_t one = 0;
    bool found = true;

    assert_int_equal(hive_get_dword(h, ms, "One", &one, &found, &err), 0);
    assert_false(found);
    assert_int_equal(hive_replace_values(h, ms, set, 2, &err), 0);
    assert_int_equal(hive_get_dword(h, ms, "one", &one, &found, &err), 0);
    assert_true(found);
    assert_int_equal(one, 1);
    char *copy = fs_join(f->dir, "copy");

    assert_int_equal(hive_commit(h, copy, &err), 0);
    hive_close(h);

    assert_int_equal(hive_open(copy, false, &h, &err), 0);
    assert_int_equal(hive_lookup(h, 0, "Microsoft\\Other", &node, &err), 0);
    assert_int_equal(node, 0);
    assert_int_equal(hive_lookup(h, 0, "Microsoft", &ms, &err), 0);
    assert_int_equal(hive_get_string(h, ms, "", &s, &err), 0);
    assert_string_equal(s, "x");
    free(s);
    hive_close(h);
    free(copy);
}

static void test_hive_broken_subkey_list_is_a_clean_error(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    struct hive *h;
    size_t len, *kids, n;
    char *data;

    hive_close(make_tree(f->path));
    data = read_all(f->path, &len);
    /* root nk at 0x1020: point its subkey list far outside the file */
    put32(data + 0x1020 + 4 + 0x1c, 0x7ff00000);
    char *p = write_case(f->dir, "broken", data, len);

    assert_int_equal(hive_open(p, false, &h, &err), 0);
    assert_int_equal(hive_children(h, 0, &kids, &n, &err), -1);
    assert_null(kids);
    assert_non_null(strstr(err.msg, "damaged or truncated"));
    assert_non_null(strstr(err.msg, "cannot list the subkeys of key"));
    hive_close(h);
    free(p);

    /* the header promises more bins than the file has: said so */
    put32(data + 0x28, 0x77000);
    fix_checksum(data);
    p = write_case(f->dir, "short", data, len);
    assert_int_equal(hive_open(p, false, &h, &err), 0);
    assert_int_equal(hive_children(h, 0, &kids, &n, &err), -1);
    assert_non_null(strstr(err.msg, "shorter than its header says"));
    hive_close(h);
    free(p);
    free(data);
}

/* Read everything below node; errors are fine, crashes are not. */
static void walk(struct hive *h, size_t node, int depth, size_t *budget)
{
    struct wiz_err err;
    size_t *kids, n, *vals, nv;

    if (depth > 32 || *budget == 0)
        return;
    (*budget)--;
    free(hive_node_name(h, node));
    (void)hive_node_mtime(h, node);
    if (hive_values(h, node, &vals, &nv, &err) == 0) {
        for (size_t i = 0; i < nv; i++) {
            struct hive_value v;
            char *name = hive_value_name(h, vals[i]);
            char *s;
            char **multi;
            size_t nm;

            if (hive_value_read(h, vals[i], &v, &err) == 0)
                hive_value_release(&v);
            if (hive_get_string(h, node, name, &s, &err) == 0)
                free(s);
            if (hive_get_multi(h, node, name, &multi, &nm, &err) == 0)
                hive_strv_free(multi);
            free(name);
        }
        free(vals);
    } else {
        assert_true(err.msg[0] != '\0');
    }
    if (hive_children(h, node, &kids, &n, &err) == 0) {
        for (size_t i = 0; i < n; i++)
            walk(h, kids[i], depth + 1, budget);
        free(kids);
    } else {
        assert_true(err.msg[0] != '\0');
    }
}

static void test_hive_survives_random_damage(void **state)
{
    struct fixture *f = *state;
    struct wiz_err err;
    struct hive *h;
    char *reg = test_fixture("reg/software.reg");
    char *good = fs_join(f->dir, "good");
    char *bad = fs_join(f->dir, "bad");
    const char *files[] = { reg };
    size_t len;
    uint32_t seed = 12345;

    assert_int_equal(regimport_new_hive(good, "ROOT", T0, files, 1,
                                        "HKEY_LOCAL_MACHINE\\SOFTWARE", &err),
                     0);
    char *data = read_all(good, &len);
    char *copy = xmalloc(len);

    /* given many copies with bytes changed past the header, each one
     * either opens and can be walked, or is refused with a message */
    for (int round = 0; round < 300; round++) {
        memcpy(copy, data, len);
        for (int k = 0; k < 1 + round % 8; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = 4096 + (seed >> 8) % (len - 4096);

            seed = seed * 1103515245u + 12345u;
            copy[at] = (char)(round % 3 == 0 ? 0xff : (seed >> 16));
        }
        fs_remove(bad, NULL);
        test_write(bad, copy, len);
        if (hive_open(bad, false, &h, &err) < 0) {
            assert_non_null(strstr(err.msg, "cannot open hive"));
            continue;
        }
        size_t budget = 10000;

        walk(h, 0, 0, &budget);
        hive_close(h);
    }
    free(copy);
    free(data);
    free(bad);
    free(good);
    free(reg);
}

static void test_hive_filetime_conversion(void **state)
{
    (void)state;
    assert_int_equal(hive_filetime_to_unix(0), 0);
    assert_int_equal(hive_unix_to_filetime(0), 0);
    assert_true(hive_unix_to_filetime(T0) == 133444736000000000ULL);
    assert_int_equal(hive_filetime_to_unix(133444736000000000ULL), T0);
    assert_int_equal(hive_filetime_to_unix(116444736000000000ULL), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_hive_header_problems_in_words),
        T(test_hive_dirty_is_a_fact_not_an_error),
        T(test_hive_damaged_bins_in_words),
        T(test_hive_permission_denied_in_words),
        T(test_hive_lookup_is_case_insensitive),
        T(test_hive_typed_getters),
        T(test_hive_values_enumerate_with_names),
        T(test_hive_writes_and_deletes),
        T(test_hive_broken_subkey_list_is_a_clean_error),
        T(test_hive_survives_random_damage),
        T(test_hive_filetime_conversion),
    };
#undef T

    return cmocka_run_group_tests_name("hive", tests, NULL, NULL);
}

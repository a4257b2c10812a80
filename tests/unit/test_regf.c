#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "lab/regf.h"
#include "platform/fs.h"
#include "../support/testlib.h"

static const int64_t T0 = 1700000000; /* 2023-11-14 22:13:20 UTC */

static uint32_t rd32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;

    return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
           (uint32_t)u[3] << 24;
}

static void test_regf_writes_a_valid_base_block(void **state)
{
    char *dir = test_tmpdir("regf");
    char *path = fs_join(dir, "SOFTWARE");
    struct wiz_err err;
    char *data;
    size_t len;

    (void)state;
    assert_int_equal(regf_create_empty(path, "ROOT", T0, &err), 0);
    assert_int_equal(fs_read_file(path, 1 << 20, &data, &len, &err), 0);
    /* given the file, then every field of the base block is what the
     * format asks for */
    assert_int_equal(len, 8192);
    assert_memory_equal(data, "regf", 4);
    assert_int_equal(rd32(data + 4), rd32(data + 8));
    assert_int_equal(rd32(data + 0x14), 1);
    assert_int_equal(rd32(data + 0x18), 3);
    assert_int_equal(rd32(data + 0x1c), 0);
    assert_int_equal(rd32(data + 0x20), 1);
    assert_int_equal(rd32(data + 0x24), 0x20);
    assert_int_equal(rd32(data + 0x28), 4096);
    assert_int_equal(rd32(data + 0x2c), 1);
    uint32_t sum = 0;

    for (int i = 0; i < 0x1fc; i += 4)
        sum ^= rd32(data + i);
    assert_int_equal(sum, rd32(data + 0x1fc));
    assert_memory_equal(data + 4096, "hbin", 4);
    assert_int_equal(rd32(data + 4096 + 8), 4096);
    /* root nk: allocated cell, flags, no subkeys or values */
    const char *nk = data + 4096 + 0x20;

    assert_true((int32_t)rd32(nk) < 0);
    assert_memory_equal(nk + 4, "nk", 2);
    assert_int_equal((unsigned char)nk[6], 0x2c);
    assert_int_equal(rd32(nk + 4 + 0x1c), 0xffffffffu);
    assert_int_equal(rd32(nk + 4 + 0x28), 0xffffffffu);
    /* sk cell links to itself, used once */
    uint32_t sk_off = rd32(nk + 4 + 0x2c);
    const char *sk = data + 4096 + sk_off;

    assert_memory_equal(sk + 4, "sk", 2);
    assert_int_equal(rd32(sk + 8), sk_off);
    assert_int_equal(rd32(sk + 12), sk_off);
    assert_int_equal(rd32(sk + 16), 1);
    assert_int_equal((unsigned char)sk[24], 1);   /* SD revision */
    /* the rest of the bin is one free cell */
    uint32_t sk_size = (uint32_t)-(int32_t)rd32(sk);
    const char *fr = sk + sk_size;

    assert_true((int32_t)rd32(fr) > 0);
    assert_int_equal((size_t)(fr - data) + rd32(fr), 8192);
    free(data);

    struct hive_header hdr;

    assert_int_equal(hive_read_header(path, &hdr, &err), 0);
    assert_true(hdr.checksum_ok);
    assert_int_equal(hdr.major, 1);
    assert_int_equal(hdr.minor, 3);
    assert_int_equal(hdr.last_written, T0);
    assert_true(str_ends_with(hdr.embedded_name, "SOFTWARE"));
    free(path);
    test_tmpdir_remove(dir);
}

static void test_regf_hive_is_filled_by_hivex_and_read_by_reglookup(
    void **state)
{
    char *dir = test_tmpdir("regf");
    char *path = fs_join(dir, "NTUSER.DAT");
    struct wiz_err err;
    struct hive *h;
    size_t foo, bar, found;
    unsigned char *u;
    size_t ulen;
    uint32_t dw = 42;

    (void)state;
    /* given an empty hive of ours */
    assert_int_equal(regf_create_empty(path, "ROOT", T0, &err), 0);
    /* when hivex adds keys and values and commits */
    assert_int_equal(hive_open(path, true, &h, &err), 0);
    assert_int_equal(hive_add_child(h, 0, "Foo", &foo, &err), 0);
    assert_int_equal(hive_add_child(h, foo, "Bar", &bar, &err), 0);
    u = utf8_to_utf16le("hello", 5, &ulen);
    assert_int_equal(hive_set_value(h, foo, "Greeting", HIVE_REG_SZ, u,
                                     ulen + 2, &err), 0);
    free(u);
    assert_int_equal(hive_set_value(h, bar, "Count", HIVE_REG_DWORD, &dw,
                                    4, &err), 0);
    assert_int_equal(hive_commit(h, NULL, &err), 0);
    hive_close(h);

    /* then hivex reopens it and sees everything */
    assert_int_equal(hive_open(path, false, &h, &err), 0);
    char *root = hive_node_name(h, 0);

    assert_string_equal(root, "ROOT");
    free(root);
    assert_int_equal(hive_lookup(h, 0, "foo\\BAR", &found, &err), 0);
    assert_int_not_equal(found, 0);
    uint32_t got;
    bool ok;

    assert_int_equal(hive_get_dword(h, found, "count", &got, &ok, &err), 0);
    assert_true(ok);
    assert_int_equal(got, 42);
    hive_close(h);

    /* and an independent parser lists the same */
    char *cmd = xasprintf("reglookup -H '%s' 2>&1", path);
    int st;
    char *out = test_run(cmd, &st);

    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "/Foo,KEY,"));
    assert_non_null(strstr(out, "/Foo/Greeting,SZ,hello,"));
    assert_non_null(strstr(out, "/Foo/Bar,KEY,"));
    assert_non_null(strstr(out, "/Foo/Bar/Count,DWORD,0x0000002A,"));
    assert_null(strstr(out, "ERROR"));
    free(out);
    free(cmd);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_regf_refuses_to_overwrite(void **state)
{
    char *dir = test_tmpdir("regf");
    char *path = fs_join(dir, "SAM");
    struct wiz_err err;
    char *data;
    size_t len;

    (void)state;
    test_write(path, "keep me", 7);
    assert_int_equal(regf_create_empty(path, "ROOT", T0, &err), -1);
    assert_int_equal(err.code, WIZ_EEXIST);
    assert_non_null(strstr(err.msg, "already exists"));
    assert_int_equal(fs_read_file(path, 100, &data, &len, &err), 0);
    assert_string_equal(data, "keep me");
    free(data);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_regf_unicode_root_name_and_missing_folder(void **state)
{
    char *dir = test_tmpdir("regf");
    char *path = fs_join(dir, "h");
    char *bad = fs_join(dir, "no/such/folder/h");
    struct wiz_err err;
    struct hive *h;
    const char *name = "R\xc3\xb6\xc3\xb6t-\xe2\x84\xa2";

    (void)state;
    assert_int_equal(regf_create_empty(path, name, T0, &err), 0);
    assert_int_equal(hive_open(path, false, &h, &err), 0);
    char *got = hive_node_name(h, 0);

    assert_string_equal(got, name);
    assert_int_equal(hive_node_mtime(h, 0), T0);
    free(got);
    hive_close(h);
    assert_int_equal(regf_create_empty(bad, "ROOT", T0, &err), -1);
    assert_int_equal(err.code, WIZ_EIO);
    assert_int_equal(regf_create_empty(bad, "", T0, &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    free(bad);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_regf_write_tree_odd_names_and_sizes(void **state)
{
    char *dir = test_tmpdir("regf");
    char *path = fs_join(dir, "tree");
    struct wiz_err err;
    struct regf_key *root = regf_key_new("ROOT", NULL);
    struct regf_key *odd = regf_key_new("\xc3\x84-key\xe2\x84\xa2", root);
    struct regf_key *gone = regf_key_new("Gone", root);
    struct regf_key *plain;
    unsigned char *big = xmalloc(20000);
    struct hive *h;
    size_t node;

    (void)state;
    for (size_t i = 0; i < 20000; i++)
        big[i] = (unsigned char)(i * 7);
    plain = regf_key_new("plain", root);
    assert_ptr_equal(plain->parent, root);
    regf_key_new("Child", gone);
    regf_key_free(gone);
    odd->vals = xcalloc(4, sizeof(*odd->vals));
    odd->nvals = 4;
    odd->vals[0] = (struct regf_value){ xstrdup("wert\xe2\x84\xa2"),
                                        HIVE_REG_DWORD, NULL, 4 };
    odd->vals[0].data = xmalloc(4);
    memcpy(odd->vals[0].data, "\x2a\0\0\0", 4);
    odd->vals[1] = (struct regf_value){ xstrdup("big"), HIVE_REG_BINARY,
                                        big, 20000 };
    odd->vals[2] = (struct regf_value){ xstrdup(""), 0x3e8, NULL, 0 };
    odd->vals[3] = (struct regf_value){ xstrdup("five"), HIVE_REG_BINARY,
                                        NULL, 5 };
    odd->vals[3].data = xmalloc(5);
    memcpy(odd->vals[3].data, "12345", 5);
    assert_int_equal(regf_write_tree(path, root, T0, &err), 0);
    assert_int_equal(regf_write_tree(path, root, T0, &err), -1);
    assert_int_equal(err.code, WIZ_EEXIST);
    regf_key_free(root);

    assert_int_equal(hive_open(path, false, &h, &err), 0);
    size_t *kids, n;

    assert_int_equal(hive_children(h, 0, &kids, &n, &err), 0);
    assert_int_equal(n, 2);
    char *name = hive_node_name(h, kids[0]);

    assert_string_equal(name, "plain");
    free(name);
    name = hive_node_name(h, kids[1]);
    assert_string_equal(name, "\xc3\x84-key\xe2\x84\xa2");
    free(name);
    free(kids);
    assert_int_equal(hive_lookup(h, 0, "\xc3\x84-KEY\xe2\x84\xa2", &node,
                                 &err), 0);
    assert_int_not_equal(node, 0);

    uint32_t dw;
    bool found;
    struct hive_value v;

    assert_int_equal(hive_get_dword(h, node, "wert\xe2\x84\xa2", &dw, &found,
                                    &err), 0);
    assert_true(found);
    assert_int_equal(dw, 42);
    assert_int_equal(hive_get(h, node, "BIG", &v, &found, &err), 0);
    assert_int_equal(v.len, 20000);
    assert_int_equal(v.data[19999], (unsigned char)(19999 * 7));
    hive_value_release(&v);
    assert_int_equal(hive_get(h, node, "", &v, &found, &err), 0);
    assert_int_equal(v.type, 0x3e8);
    assert_int_equal(v.len, 0);
    hive_value_release(&v);
    assert_int_equal(hive_get(h, node, "five", &v, &found, &err), 0);
    assert_memory_equal(v.data, "12345", 5);
    hive_value_release(&v);
    hive_close(h);

    char *cmd = xasprintf("reglookup -H '%s' 2>/dev/null", path);
    int st;
    char *out = test_run(cmd, &st);

    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "/plain,KEY,"));
    assert_non_null(strstr(out, "/five,BINARY,12345,"));
    assert_null(strstr(out, "Gone"));
    free(out);
    free(cmd);
    free(path);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regf_writes_a_valid_base_block),
        cmocka_unit_test(
            test_regf_hive_is_filled_by_hivex_and_read_by_reglookup),
        cmocka_unit_test(test_regf_refuses_to_overwrite),
        cmocka_unit_test(test_regf_unicode_root_name_and_missing_folder),
        cmocka_unit_test(test_regf_write_tree_odd_names_and_sizes),
    };

    return cmocka_run_group_tests_name("regf", tests, NULL, NULL);
}

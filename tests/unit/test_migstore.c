#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "lab/migstore.h"
#include "platform/fs.h"
#include "../support/testlib.h"

static unsigned rnd_state = 1;

static unsigned rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return rnd_state >> 16;
}

static void test_migstore_lz_round_trip(void **state)
{
    size_t sizes[] = { 0, 1, 3, 4, 5, 15, 16, 300, 70000, 1 << 20 };

    (void)state;
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        for (int kind = 0; kind < 3; kind++) {
            size_t n = sizes[k];
            unsigned char *src = xmalloc(n + 1);
            unsigned char *dst = xmalloc(migstore_lz_bound(n));
            unsigned char *back = xmalloc(n + 1);

            for (size_t i = 0; i < n; i++)
                src[i] = kind == 0 ? (unsigned char)rnd()
                         : kind == 1 ? 'a'
                                     : (unsigned char)("hello, world "[i % 13]
                                                       ^ (i % 997 == 0));
            size_t c = migstore_lz_compress(src, n, dst);

            assert_true(c <= migstore_lz_bound(n));
            if (kind == 1 && n >= 300)
                assert_true(c < n / 20);
            assert_int_equal(migstore_lz_decompress(dst, c, back, n), 0);
            assert_memory_equal(src, back, n);
            /* one byte short is refused, not overrun */
            if (n > 0)
                assert_int_equal(migstore_lz_decompress(dst, c, back, n - 1),
                                 -1);
            free(src);
            free(dst);
            free(back);
        }
    }
}

static void test_migstore_crc32_check_value(void **state)
{
    unsigned char buf[1000];

    (void)state;
    assert_int_equal(migstore_crc32(0, "123456789", 9), 0xcbf43926u);
    /* piecewise equals whole, whatever the split */
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)rnd();
    uint32_t whole = migstore_crc32(0, buf, sizeof(buf));

    for (size_t cut = 0; cut < sizeof(buf); cut += 37)
        assert_int_equal(migstore_crc32(migstore_crc32(0, buf, cut), buf + cut,
                                        sizeof(buf) - cut), whole);
}

static void test_migstore_lz_garbage_is_refused(void **state)
{
    /* given: streams that break one rule each (token, literals, offset) */
    static const struct {
        const char *what;
        unsigned char in[8];
        size_t n;
        size_t raw_len;
    } bad[] = {
        { "a match at offset 0", { 0x10, 'a', 0x00, 0x00 }, 4, 5 },
        { "an offset before the start", { 0x10, 'a', 0x02, 0x00 }, 4, 5 },
        { "more literals than the input", { 0x40, 'a', 'b' }, 3, 4 },
        { "a literal length cut short", { 0xf0, 0xff }, 2, 300 },
        { "a match length cut short", { 0x1f, 'a', 0x01, 0x00, 0xff }, 5,
          300 },
        { "an offset cut short", { 0x10, 'a', 0x01 }, 3, 5 },
        { "more output than asked", { 0x30, 'a', 'b', 'c' }, 4, 2 },
        { "less output than asked", { 0x30, 'a', 'b', 'c' }, 4, 4 },
        { "a match past the output", { 0x15, 'a', 0x01, 0x00 }, 4, 8 },
    };
    unsigned char in[512];
    unsigned char out[4096 + 64];
    int accepted = 0;

    (void)state;
    /* then: each is refused */
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (migstore_lz_decompress(bad[i].in, bad[i].n, out,
                                   bad[i].raw_len) != -1)
            fail_msg("%s was accepted", bad[i].what);
    }
    /* and random bytes: refused, never written past raw_len */
    for (int round = 0; round < 2000; round++) {
        size_t n = rnd() % sizeof(in);
        size_t raw_len = rnd() % (sizeof(out) - 64);

        for (size_t i = 0; i < n; i++)
            in[i] = (unsigned char)rnd();
        memset(out + raw_len, 0xa5, 64);
        if (migstore_lz_decompress(in, n, out, raw_len) == 0)
            accepted++;
        for (size_t i = 0; i < 64; i++)
            assert_int_equal(out[raw_len + i], 0xa5);
    }
    /* an exact length by chance is possible, not more than rarely */
    assert_true(accepted <= 20);
}

struct fixture {
    char *dir;
    char *store;
    char *big;
    char *rand;
    unsigned char *big_data;
    unsigned char *rand_data;
};

#define BIG_SIZE (3u * 1024u * 1024u + 17u)
#define RAND_SIZE 100000u

static void make_inputs(struct fixture *fx)
{
    fx->dir = test_tmpdir("migstore");
    fx->store = fs_join(fx->dir, "USMT.MIG");
    fx->big = fs_join(fx->dir, "big.txt");
    fx->rand = fs_join(fx->dir, "rand.bin");
    fx->big_data = xmalloc(BIG_SIZE);
    fx->rand_data = xmalloc(RAND_SIZE);
    for (size_t i = 0; i < BIG_SIZE; i++)
        fx->big_data[i] = (unsigned char)("Quarterly report, line "[i % 23] +
                                          (i / 4096) % 3);
    for (size_t i = 0; i < RAND_SIZE; i++)
        fx->rand_data[i] = (unsigned char)rnd();
    test_write(fx->big, (const char *)fx->big_data, BIG_SIZE);
    test_write(fx->rand, (const char *)fx->rand_data, RAND_SIZE);
}

static void free_inputs(struct fixture *fx)
{
    free(fx->store);
    free(fx->big);
    free(fx->rand);
    free(fx->big_data);
    free(fx->rand_data);
    test_tmpdir_remove(fx->dir);
}

static void write_store(struct fixture *fx, const char *key)
{
    struct migstore_writer *w;
    struct wiz_err err;

    if (migstore_create(fx->store, key, &w, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(migstore_add_data(w, "File\\C$\\Users\\a\\empty.txt", "",
                                       0, 1700000000, 0x20, &err), 0);
    assert_int_equal(migstore_add_file(w, "File\\C$\\Users\\a\\Documents\\"
                                          "big.txt", fx->big, 1700000001, 0x20,
                                       &err), 0);
    assert_int_equal(migstore_add_file(w, "File\\C$\\Users\\a\\r\xC3\xA9.bin",
                                       fx->rand, -5, 0x21, &err), 0);
    assert_int_equal(migstore_add_file(w, "File\\x", "/nonexistent/file", 0,
                                       0, &err), -1);
    if (migstore_finish(w, &err) < 0)
        fail_msg("%s", err.msg);
}

static void test_migstore_round_trip_list_verify_extract(void **state)
{
    struct fixture fx;
    struct migstore_catalog cat;
    struct wiz_err err;
    uint64_t bad = 99;

    (void)state;
    make_inputs(&fx);
    write_store(&fx, NULL);
    assert_int_equal(migstore_read_catalog(fx.store, &cat, &err), 0);
    /* the failed add left nothing behind */
    assert_int_equal(cat.n, 3);
    assert_string_equal(cat.e[0].name, "File\\C$\\Users\\a\\empty.txt");
    assert_int_equal(cat.e[0].size, 0);
    assert_int_equal(cat.e[1].size, BIG_SIZE);
    assert_int_equal(cat.e[1].mtime, 1700000001);
    assert_int_equal(cat.e[2].mtime, -5);
    assert_int_equal(cat.e[2].attributes, 0x21);
    assert_string_equal(cat.e[2].name, "File\\C$\\Users\\a\\r\xC3\xA9.bin");
    assert_int_equal(cat.flags, 0);
    /* the text compressed well; the random bytes were stored */
    assert_true(cat.file_size < BIG_SIZE / 4 + RAND_SIZE + 4096);
    migstore_catalog_release(&cat);
    assert_int_equal(migstore_verify(fx.store, NULL, &bad, &err), 0);
    assert_int_equal(bad, 0);

    char *out = fs_join(fx.dir, "out.bin");
    char *data;
    size_t len;

    assert_int_equal(migstore_extract(fx.store, NULL, 1, out, &err), 0);
    assert_int_equal(fs_read_file(out, 8u << 20, &data, &len, &err), 0);
    assert_int_equal(len, BIG_SIZE);
    assert_memory_equal(data, fx.big_data, BIG_SIZE);
    free(data);
    assert_int_equal(migstore_extract(fx.store, NULL, 2, out, &err), 0);
    assert_int_equal(fs_read_file(out, 8u << 20, &data, &len, &err), 0);
    assert_int_equal(len, RAND_SIZE);
    assert_memory_equal(data, fx.rand_data, RAND_SIZE);
    free(data);
    assert_int_equal(migstore_extract(fx.store, NULL, 9, out, &err), -1);
    free(out);

    /* never overwrites */
    struct migstore_writer *w;

    assert_int_equal(migstore_create(fx.store, NULL, &w, &err), -1);
    assert_int_equal(err.code, WIZ_EEXIST);
    free_inputs(&fx);
}

static void test_migstore_encrypted_needs_the_key(void **state)
{
    struct fixture fx;
    struct migstore_catalog cat;
    struct wiz_err err;
    uint64_t bad;

    (void)state;
    make_inputs(&fx);
    write_store(&fx, "correct horse");
    assert_int_equal(migstore_read_catalog(fx.store, &cat, &err), 0);
    assert_int_equal(cat.flags, MIGSTORE_FLAG_ENCRYPTED);
    assert_true(cat.key_fingerprint != 0);
    migstore_catalog_release(&cat);
    assert_int_equal(migstore_verify(fx.store, NULL, &bad, &err), -1);
    assert_non_null(strstr(err.msg, "a key is needed"));
    assert_int_equal(migstore_verify(fx.store, "wrong", &bad, &err), -1);
    assert_non_null(strstr(err.msg, "wrong encryption key"));
    assert_int_equal(migstore_verify(fx.store, "correct horse", &bad, &err),
                     0);
    assert_int_equal(bad, 0);
    /* the key is not in the file, nor the plain text */
    char *data;
    size_t len;

    assert_int_equal(fs_read_file(fx.store, 16u << 20, &data, &len, &err), 0);
    assert_null(memmem(data, len, "correct horse", 13));
    assert_null(memmem(data, len, "Quarterly report", 16));
    free(data);
    free_inputs(&fx);
}

static void test_migstore_damage_is_detected(void **state)
{
    struct fixture fx;
    struct migstore_catalog cat;
    struct wiz_err err;
    uint64_t bad;
    char *data;
    size_t len;

    (void)state;
    make_inputs(&fx);
    write_store(&fx, NULL);
    assert_int_equal(fs_read_file(fx.store, 16u << 20, &data, &len, &err), 0);
    /* flip one byte inside the random file's stored data */
    assert_int_equal(migstore_read_catalog(fx.store, &cat, &err), 0);
    size_t at = (size_t)cat.e[2].data_offset + 12 + 500;

    migstore_catalog_release(&cat);
    data[at] ^= 0x40;
    assert_int_equal(fs_write_file(fx.store, data, len, &err), 0);
    assert_int_equal(migstore_verify(fx.store, NULL, &bad, &err), 0);
    assert_int_equal(bad, 1);
    /* a truncated store has no trailer */
    assert_int_equal(fs_write_file(fx.store, data, len - 10, &err), 0);
    assert_int_equal(migstore_read_catalog(fx.store, &cat, &err), -1);
    assert_non_null(strstr(err.msg, "truncated"));
    /* not a store at all */
    assert_int_equal(fs_write_file(fx.store, "hello", 5, &err), 0);
    assert_int_equal(migstore_read_catalog(fx.store, &cat, &err), -1);
    assert_int_equal(err.code, WIZ_EFORMAT);
    free(data);
    free_inputs(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migstore_lz_round_trip),
        cmocka_unit_test(test_migstore_crc32_check_value),
        cmocka_unit_test(test_migstore_lz_garbage_is_refused),
        cmocka_unit_test(test_migstore_round_trip_list_verify_extract),
        cmocka_unit_test(test_migstore_encrypted_needs_the_key),
        cmocka_unit_test(test_migstore_damage_is_detected),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/sha256.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"

static void test_base_strbuf_grows_and_detaches(void **state)
{
    struct strbuf sb;

    (void)state;
    strbuf_init(&sb);
    assert_string_equal(strbuf_str(&sb), "");
    for (int i = 0; i < 1000; i++)
        strbuf_addf(&sb, "%d,", i);
    assert_true(sb.len > 3000);
    assert_int_equal(strncmp(sb.buf, "0,1,2,", 6), 0);
    strbuf_setlen(&sb, 2);
    strbuf_adds(&sb, "x \r\n");
    strbuf_rtrim(&sb);
    assert_string_equal(sb.buf, "0,x");
    size_t len;
    char *s = strbuf_detach(&sb, &len);

    assert_int_equal(len, 3);
    assert_string_equal(s, "0,x");
    assert_int_equal(sb.len, 0);
    free(s);
    /* detaching an empty buffer gives an owned empty string */
    s = strbuf_detach(&sb, NULL);
    assert_string_equal(s, "");
    free(s);
}

static void test_base_err_formats_and_prefixes(void **state)
{
    struct wiz_err err;

    (void)state;
    err_clear(&err);
    assert_string_equal(err_msg(&err), "");
    assert_int_equal(err_set(&err, WIZ_EIO, "cannot open '%s'", "x"), -1);
    assert_int_equal(err.code, WIZ_EIO);
    err_prefix(&err, "volume %c", 'D');
    assert_string_equal(err.msg, "volume D: cannot open 'x'");
    assert_int_equal(err_set(NULL, WIZ_EIO, "ignored"), -1);
}

static void test_base_utf16_round_trip(void **state)
{
    const char *s = "J\xC3\xB6rg \xE6\x9D\x8E\xE9\x9B\xB7 \xF0\x9F\x98\x80";
    size_t n16;
    size_t n8;

    (void)state;
    unsigned char *w = utf8_to_utf16le(s, strlen(s), &n16);

    /* J ö r g space 李 雷 space + surrogate pair = 10 units */
    assert_int_equal(n16, 20);
    assert_int_equal(w[0], 'J');
    assert_int_equal(w[2], 0xF6);
    char *back = utf16le_to_utf8(w, n16, false, &n8);

    assert_string_equal(back, s);
    assert_int_equal(n8, strlen(s));
    free(w);
    free(back);
}

static void test_base_utf16_bad_surrogate_and_nul(void **state)
{
    const unsigned char lone[] = { 0x00, 0xD8, 'a', 0, 0, 0, 'b', 0 };

    (void)state;
    char *s = utf16le_to_utf8(lone, sizeof(lone), false, NULL);

    assert_string_equal(s, "\xEF\xBF\xBD" "a");
    free(s);
    size_t n;

    s = utf16le_to_utf8(lone, sizeof(lone), true, &n);
    assert_int_equal(n, 6);
    free(s);
}

static void test_base_utf8_decode_rejects_overlong(void **state)
{
    uint32_t cp;

    (void)state;
    assert_int_equal(utf8_decode("\xC0\xAF", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(utf8_decode("\xE2\x82", 2, &cp), 1);
    assert_false(utf8_is_valid("\xED\xA0\x80", 3));
    assert_true(utf8_is_valid("ok \xC3\xA9", 5));
}

static void test_base_escape_for_terminal(void **state)
{
    (void)state;
    char *s = utf8_escape_for_terminal("a\x1b[2Jb\xE2\x80\xAE" "c\xFF\\");

    assert_string_equal(s, "a\\x1B[2Jb\\u{202E}c\\xFF\\");
    free(s);
    s = utf8_escape_for_terminal("J\xC3\xB6rg");
    assert_string_equal(s, "J\xC3\xB6rg");
    free(s);
}

static void test_base_width(void **state)
{
    (void)state;
    assert_int_equal(utf8_width("abc"), 3);
    assert_int_equal(utf8_width("\xE6\x9D\x8E\xE9\x9B\xB7"), 4);
    assert_int_equal(utf8_width("e\xCC\x81"), 1);
}

static void test_base_str_helpers(void **state)
{
    uint64_t v;
    char buf[32];

    (void)state;
    assert_true(str_ieq("ProfileList", "PROFILELIST"));
    assert_false(str_ieq("a", "ab"));
    assert_true(str_istarts_with("/OfflineWinDir:D:\\", "/offlinewindir"));
    assert_true(str_iends_with("NTUSER.DAT", ".dat"));
    assert_non_null(str_icasestr("abcMigDocs.xml", "migdocs"));
    assert_int_equal(str_to_u64("18446744073709551615", &v), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(str_to_u64("18446744073709551616", &v), -1);
    assert_int_equal(str_to_u64("0x1F4", &v), 0);
    assert_int_equal(v, 500);
    assert_int_equal(str_to_u64("12a", &v), -1);
    assert_int_equal(str_to_u64("", &v), -1);
    assert_string_equal(str_human_size(512, buf, sizeof(buf)), "512 B");
    assert_string_equal(str_human_size(1536, buf, sizeof(buf)), "1.5 KB");
    assert_string_equal(str_human_size(250ull << 20, buf, sizeof(buf)),
                        "250 MB");
    assert_true(str_wildmatch("*-500", "S-1-5-21-1-2-3-500"));
    assert_true(str_wildmatch("S-1-5-21-*", "s-1-5-21-9"));
    assert_false(str_wildmatch("*-500", "S-1-5-21-1-2-3-1500x"));
    assert_true(str_wildmatch("a?c*", "abcdef"));
}

static void test_base_xgrow(void **state)
{
    int *arr = NULL;
    size_t alloc = 0;

    (void)state;
    for (int i = 0; i < 100; i++) {
        XGROW(arr, alloc, (size_t)i + 1);
        arr[i] = i;
    }
    assert_true(alloc >= 100);
    assert_int_equal(arr[99], 99);
    free(arr);
    char *s = xasprintf("%s-%d", "a", 7);

    assert_string_equal(s, "a-7");
    free(s);
    s = xstrndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
}

static void test_base_sha256_vectors(void **state)
{
    char hex[65];
    char *million = xmalloc(1000000);
    struct sha256 s;
    unsigned char d[32];

    (void)state;
    sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                             "27ae41e4649b934ca495991b7852b855");
    sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
                             "b00361a396177a9cb410ff61f20015ad");
    sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
               56, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
                             "a33ce45964ff2167f6ecedd419db06c1");
    /* a million 'a' fed in uneven pieces */
    memset(million, 'a', 1000000);
    sha256_init(&s);
    for (size_t off = 0; off < 1000000; off += 999)
        sha256_update(&s, million + off, off + 999 > 1000000 ? 1000000 - off
                                                             : 999);
    sha256_final(&s, d);
    assert_int_equal(d[0], 0xcd);
    assert_int_equal(d[1], 0xc7);
    assert_int_equal(d[31], 0xd0);
    free(million);
}

/* One word wrapper: indent counted in the width, long words alone. */
static void test_base_strbuf_wraps_words(void **state)
{
    struct strbuf sb = STRBUF_INIT;

    (void)state;
    strbuf_add_wrapped(&sb, "  ", "aaa bbb  ccc dddd averyveryverylongword e",
                       10);
    assert_string_equal(sb.buf, "  aaa bbb\n  ccc dddd\n"
                                "  averyveryverylongword\n  e\n");
    strbuf_reset(&sb);
    strbuf_add_wrapped(&sb, "", "   ", 10);
    assert_string_equal(sb.buf, "\n");
    strbuf_release(&sb);
    assert_int_equal(str_hexval('0'), 0);
    assert_int_equal(str_hexval('a'), 10);
    assert_int_equal(str_hexval('F'), 15);
    assert_int_equal(str_hexval('g'), -1);
    assert_int_equal(str_hexval(-61), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_strbuf_grows_and_detaches),
        cmocka_unit_test(test_base_err_formats_and_prefixes),
        cmocka_unit_test(test_base_utf16_round_trip),
        cmocka_unit_test(test_base_utf16_bad_surrogate_and_nul),
        cmocka_unit_test(test_base_utf8_decode_rejects_overlong),
        cmocka_unit_test(test_base_escape_for_terminal),
        cmocka_unit_test(test_base_width),
        cmocka_unit_test(test_base_str_helpers),
        cmocka_unit_test(test_base_xgrow),
        cmocka_unit_test(test_base_sha256_vectors),
        cmocka_unit_test(test_base_strbuf_wraps_words),
    };

    return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}

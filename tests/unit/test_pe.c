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
#include "core/usmt/pe.h"
#include "platform/fs.h"
#include "../support/testlib.h"

/* Where pe_build_image puts things (see src/core/usmt/pe.c). */
#define OFF_PE 0x80
#define OFF_COFF (OFF_PE + 4)
#define OFF_OPT (OFF_COFF + 20)
#define OFF_RSRC 0x400
#define OFF_VERSION (OFF_RSRC + 88)

static unsigned char *build(enum sys_arch arch, size_t *len)
{
    struct pe_image_spec spec;
    struct wiz_err err;

    memset(&spec, 0, sizeof(spec));
    spec.arch = arch;
    spec.major = 10;
    spec.minor = 0;
    spec.build = 22621;
    spec.rev = 2506;
    spec.description = "ScanState";
    spec.original_filename = "scanstate.exe";
    unsigned char *img = pe_build_image(&spec, len, &err);

    if (!img)
        fail_msg("%s", err.msg);
    return img;
}

/* Read n bytes from a private heap copy of exactly n bytes (ASan sees
 * any read past the end). */
static int read_exact(const unsigned char *img, size_t n,
                      struct pe_info *info, struct wiz_err *err)
{
    unsigned char *copy = xmalloc(n ? n : 1);

    memcpy(copy, img, n);
    int r = pe_read_buffer(copy, n, info, err);

    free(copy);
    return r;
}

static bool have_tool(const char *name)
{
    char *cmd = xasprintf("command -v %s >/dev/null 2>&1", name);
    int st;
    char *out = test_run(cmd, &st);

    free(out);
    free(cmd);
    return st == 0;
}

static void test_pe_reads_built_image_for_each_arch(void **state)
{
    static const struct {
        enum sys_arch arch;
        uint16_t machine;
        bool plus;
    } cases[] = {
        { SYS_ARCH_X86, PE_MACHINE_I386, false },
        { SYS_ARCH_AMD64, PE_MACHINE_AMD64, true },
        { SYS_ARCH_ARM64, PE_MACHINE_ARM64, true },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len;
        unsigned char *img = build(cases[i].arch, &len);
        struct pe_info info;
        struct wiz_err err;

        assert_int_equal(read_exact(img, len, &info, &err), 0);
        assert_int_equal(info.machine, cases[i].machine);
        assert_int_equal(info.arch, cases[i].arch);
        assert_int_equal(info.pe32plus, cases[i].plus);
        assert_int_equal(info.subsystem, PE_SUBSYSTEM_CONSOLE);
        assert_false(info.is_dll);
        assert_true(info.has_version);
        assert_int_equal(info.ver_major, 10);
        assert_int_equal(info.ver_minor, 0);
        assert_int_equal(info.ver_build, 22621);
        assert_int_equal(info.ver_rev, 2506);
        assert_int_equal(info.prod_build, 22621);
        assert_string_equal(info.product_version, "10.0.22621.2506");
        assert_string_equal(info.file_version, "10.0.22621.2506");
        assert_string_equal(info.file_description, "ScanState");
        assert_string_equal(info.original_filename, "scanstate.exe");
        assert_string_equal(info.version_problem, "");
        free(img);
    }
}

static void test_pe_names_machines_and_subsystems(void **state)
{
    (void)state;
    assert_string_equal(pe_machine_name(PE_MACHINE_I386), "x86");
    assert_string_equal(pe_machine_name(PE_MACHINE_AMD64), "amd64");
    assert_string_equal(pe_machine_name(PE_MACHINE_ARM64), "arm64");
    assert_string_equal(pe_machine_name(PE_MACHINE_ARMNT), "arm");
    assert_string_equal(pe_machine_name(PE_MACHINE_IA64), "ia64");
    assert_string_equal(pe_machine_name(0x1234), "unknown");
    assert_string_equal(pe_subsystem_name(PE_SUBSYSTEM_CONSOLE), "console");
    assert_string_equal(pe_subsystem_name(PE_SUBSYSTEM_GUI), "windows gui");
    assert_string_equal(pe_subsystem_name(77), "unknown");
}

static void test_pe_other_machine_is_named_not_guessed(void **state)
{
    size_t len;
    unsigned char *img = build(SYS_ARCH_AMD64, &len);
    struct pe_info info;

    (void)state;
    /* given an ia64 machine field in an otherwise valid image */
    img[OFF_COFF] = 0x00;
    img[OFF_COFF + 1] = 0x02;
    assert_int_equal(read_exact(img, len, &info, NULL), 0);
    assert_int_equal(info.machine, PE_MACHINE_IA64);
    assert_int_equal(info.arch, SYS_ARCH_UNKNOWN);
    assert_string_equal(pe_machine_name(info.machine), "ia64");
    free(img);
}

static void test_pe_rejects_what_is_not_a_pe(void **state)
{
    size_t len;
    unsigned char *img = build(SYS_ARCH_AMD64, &len);
    unsigned char buf[0x200];
    struct pe_info info;
    struct wiz_err err;

    (void)state;
    /* nothing at all, and text */
    assert_int_equal(pe_read_buffer(NULL, 0, &info, &err), -1);
    assert_int_equal(err.code, WIZ_EFORMAT);
    assert_int_equal(read_exact((const unsigned char *)"#!/bin/sh\n", 10,
                                &info, &err), -1);
    assert_non_null(strstr(err.msg, "no MZ header"));

    /* an MS-DOS program: MZ but no PE signature */
    memcpy(buf, img, sizeof(buf));
    memcpy(buf + OFF_PE, "NE\0\0", 4);
    assert_int_equal(read_exact(buf, sizeof(buf), &info, &err), -1);
    assert_non_null(strstr(err.msg, "no PE signature"));

    /* e_lfanew outside the file, and at its very end */
    memcpy(buf, img, sizeof(buf));
    buf[0x3c] = 0xff;
    buf[0x3d] = 0xff;
    buf[0x3e] = 0xff;
    buf[0x3f] = 0x7f;
    assert_int_equal(read_exact(buf, sizeof(buf), &info, &err), -1);
    assert_non_null(strstr(err.msg, "outside the file"));
    buf[0x3c] = (unsigned char)(sizeof(buf) - 4);
    buf[0x3d] = 1;
    buf[0x3e] = 0;
    buf[0x3f] = 0;
    assert_int_equal(read_exact(buf, sizeof(buf), &info, &err), -1);

    /* a bad optional header magic */
    memcpy(buf, img, sizeof(buf));
    buf[OFF_OPT] = 0x07;
    buf[OFF_OPT + 1] = 0x01;
    assert_int_equal(read_exact(buf, sizeof(buf), &info, &err), -1);
    assert_non_null(strstr(err.msg, "magic"));

    /* a section count the loader would refuse */
    memcpy(buf, img, sizeof(buf));
    buf[OFF_COFF + 2] = 0xff;
    buf[OFF_COFF + 3] = 0xff;
    assert_int_equal(read_exact(buf, sizeof(buf), &info, &err), -1);
    assert_non_null(strstr(err.msg, "sections"));
    free(img);
}

static void test_pe_truncated_at_every_offset(void **state)
{
    (void)state;
    for (int a = 0; a < 3; a++) {
        enum sys_arch arch = a == 0 ? SYS_ARCH_X86 :
                             a == 1 ? SYS_ARCH_AMD64 : SYS_ARCH_ARM64;
        size_t len;
        unsigned char *img = build(arch, &len);
        size_t headers_end = OFF_OPT + (a == 0 ? 224 : 240) + 2 * 40;
        size_t versions = 0;

        for (size_t n = 0; n <= len; n++) {
            struct pe_info info;
            struct wiz_err err;
            int r = read_exact(img, n, &info, &err);

            if (n < headers_end) {
                assert_int_equal(r, -1);
                assert_int_equal(err.code, WIZ_EFORMAT);
                assert_true(err.msg[0] != '\0');
            } else {
                assert_int_equal(r, 0);
                if (info.has_version) {
                    versions++;
                    assert_int_equal(info.ver_build, 22621);
                }
            }
        }
        /* the whole file, and every cut after the fixed info, has it */
        assert_true(versions > 0);
        assert_true(versions < len - headers_end);
        free(img);
    }
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void test_pe_resource_loops_end(void **state)
{
    size_t len;
    unsigned char *img = build(SYS_ARCH_AMD64, &len);
    unsigned char *bad = xmalloc(len);
    struct pe_info info;

    (void)state;
    /* given the type entry pointing back at the root directory */
    memcpy(bad, img, len);
    put32(bad + OFF_RSRC + 16 + 4, 0x80000000u);
    assert_int_equal(read_exact(bad, len, &info, NULL), 0);
    assert_false(info.has_version);

    /* given the language entry pointing at a directory, not data */
    memcpy(bad, img, len);
    put32(bad + OFF_RSRC + 48 + 16 + 4, 0x80000000u | 24);
    assert_int_equal(read_exact(bad, len, &info, NULL), 0);
    assert_false(info.has_version);

    /* given entry counts far beyond the section */
    memcpy(bad, img, len);
    bad[OFF_RSRC + 14] = 0xff;
    bad[OFF_RSRC + 15] = 0xff;
    bad[OFF_RSRC + 24 + 14] = 0xff;
    bad[OFF_RSRC + 24 + 15] = 0xff;
    assert_int_equal(read_exact(bad, len, &info, NULL), 0);
    assert_true(info.has_version);

    /* given a resource directory RVA no section holds */
    memcpy(bad, img, len);
    put32(bad + OFF_OPT + 112 + 16, 0x7fff0000u);
    assert_int_equal(read_exact(bad, len, &info, NULL), 0);
    assert_false(info.has_version);
    assert_non_null(strstr(info.version_problem, "outside"));
    free(bad);
    free(img);
}

static void test_pe_damaged_version_block_is_reported(void **state)
{
    size_t len;
    unsigned char *img = build(SYS_ARCH_X86, &len);
    unsigned char *bad = xmalloc(len);
    struct pe_info info;

    (void)state;
    /* wLength 0 would loop forever if taken as a step */
    memcpy(bad, img, len);
    bad[OFF_VERSION] = 0;
    bad[OFF_VERSION + 1] = 0;
    assert_int_equal(read_exact(bad, len, &info, NULL), 0);
    assert_false(info.has_version);
    assert_non_null(strstr(info.version_problem, "damaged"));

    /* a wrong signature in the fixed info (after the 40-byte key) */
    memcpy(bad, img, len);
    bad[OFF_VERSION + 40] ^= 0xff;
    assert_int_equal(read_exact(bad, len, &info, NULL), 0);
    assert_false(info.has_version);
    assert_non_null(strstr(info.version_problem, "signature"));

    /* a child length running past the block only loses the strings */
    memcpy(bad, img, len);
    bad[OFF_VERSION + 92] = 0xff;
    bad[OFF_VERSION + 93] = 0xff;
    assert_int_equal(read_exact(bad, len, &info, NULL), 0);
    assert_true(info.has_version);
    assert_int_equal(info.ver_rev, 2506);
    free(bad);
    free(img);
}

static void test_pe_survives_random_damage(void **state)
{
    size_t len;
    unsigned char *img = build(SYS_ARCH_AMD64, &len);
    unsigned char *bad = xmalloc(len);
    uint32_t seed = 12345;
    int parsed = 0;

    (void)state;
    for (int round = 0; round < 3000; round++) {
        memcpy(bad, img, len);
        for (int k = 0; k < 4; k++) {
            seed = seed * 1103515245u + 12345u;
            /* aim at headers and resources, where the numbers are */
            size_t at = (seed >> 8) % 2 ? (seed >> 9) % 0x200 :
                        OFF_RSRC + (seed >> 9) % (len - OFF_RSRC);

            seed = seed * 1103515245u + 12345u;
            bad[at] = (unsigned char)(seed >> 16);
        }
        struct pe_info info;

        if (read_exact(bad, len, &info, NULL) == 0)
            parsed++;
    }
    assert_true(parsed > 0);
    free(bad);
    free(img);
}

static void test_pe_write_and_read_file(void **state)
{
    char *dir = test_tmpdir("pe");
    char *path = fs_join(dir, "MigCore.DLL");
    char *exe = fs_join(dir, "scanstate.exe");
    struct pe_info info;
    struct wiz_err err;

    (void)state;
    assert_int_equal(pe_write_image(path, SYS_ARCH_X86, 6, 3, 9600, 16384,
                                    &err), 0);
    assert_int_equal(pe_read_file(path, &info, &err), 0);
    assert_true(info.is_dll);
    assert_int_equal(info.arch, SYS_ARCH_X86);
    assert_int_equal(info.ver_major, 6);
    assert_int_equal(info.ver_minor, 3);
    assert_int_equal(info.ver_build, 9600);
    assert_int_equal(info.ver_rev, 16384);
    assert_string_equal(info.file_description, PE_PRACTICE_DESCRIPTION);
    assert_string_equal(info.original_filename, "MigCore.DLL");

    /* versions have 16-bit parts; unknown architectures are refused */
    assert_int_equal(pe_write_image(exe, SYS_ARCH_AMD64, 10, 0, 70000, 0,
                                    &err), -1);
    assert_int_equal(err.code, WIZ_EUSAGE);
    assert_int_equal(pe_write_image(exe, SYS_ARCH_UNKNOWN, 10, 0, 1, 0,
                                    &err), -1);
    assert_non_null(strstr(err.msg, "architecture"));
    assert_false(fs_exists(exe));

    /* a missing file, and a text file */
    assert_int_equal(pe_read_file(exe, &info, &err), -1);
    assert_int_equal(err.code, WIZ_ENOENT);
    test_write(exe, "MZ", 2);
    assert_int_equal(pe_read_file(exe, &info, &err), -1);
    assert_int_equal(err.code, WIZ_EFORMAT);
    assert_non_null(strstr(err.msg, "scanstate.exe"));
    free(exe);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_pe_image_without_version_resource(void **state)
{
    struct pe_image_spec spec;
    size_t len;
    struct pe_info info;

    (void)state;
    memset(&spec, 0, sizeof(spec));
    spec.arch = SYS_ARCH_ARM64;
    spec.no_version = true;
    spec.subsystem = PE_SUBSYSTEM_GUI;
    unsigned char *img = pe_build_image(&spec, &len, NULL);

    assert_non_null(img);
    assert_int_equal(read_exact(img, len, &info, NULL), 0);
    assert_int_equal(info.arch, SYS_ARCH_ARM64);
    assert_int_equal(info.subsystem, PE_SUBSYSTEM_GUI);
    assert_int_equal(info.nsections, 1);
    assert_false(info.has_version);
    assert_string_equal(info.version_problem, "");
    free(img);
}

/* binutils and file(1) must read our images as we do. */
static void test_pe_built_image_accepted_by_other_tools(void **state)
{
    char *dir = test_tmpdir("pe-tools");
    char *path = fs_join(dir, "scanstate.exe");
    char *cmd;
    char *out;
    int st;
    bool any = false;

    (void)state;
    assert_int_equal(pe_write_image(path, SYS_ARCH_AMD64, 10, 0, 26100, 1,
                                    NULL), 0);
    if (have_tool("x86_64-w64-mingw32-objdump")) {
        cmd = xasprintf("x86_64-w64-mingw32-objdump -p '%s' 2>&1", path);
        out = test_run(cmd, &st);
        assert_int_equal(st, 0);
        assert_non_null(strstr(out, "(PE32+)"));
        assert_non_null(strstr(out, "Resource Directory [.rsrc]"));
        free(out);
        free(cmd);
        any = true;
    }
    if (have_tool("x86_64-w64-mingw32-windres")) {
        /* windres decompiles the version resource */
        cmd = xasprintf("x86_64-w64-mingw32-windres -i '%s' -O rc 2>&1",
                        path);
        out = test_run(cmd, &st);
        assert_int_equal(st, 0);
        assert_non_null(strstr(out, "FILEVERSION 10, 0, 26100, 1"));
        assert_non_null(strstr(out, "VALUE \"ProductVersion\", "
                                    "\"10.0.26100.1\""));
        free(out);
        free(cmd);
        any = true;
    }
    if (have_tool("file")) {
        cmd = xasprintf("file -b '%s'", path);
        out = test_run(cmd, &st);
        assert_non_null(strstr(out, "PE32+ executable"));
        assert_non_null(strstr(out, "x86-64"));
        free(out);
        free(cmd);
        any = true;
    }
    if (!any)
        fprintf(stderr, "note: no objdump, windres or file; skipped\n");
    free(path);
    test_tmpdir_remove(dir);
}

/* A real program made by the MinGW tool chain, with a .rc resource. */
static void test_pe_reads_mingw_built_program(void **state)
{
    static const char rc[] =
        "1 VERSIONINFO\n"
        "FILEVERSION 10,0,19041,3636\n"
        "PRODUCTVERSION 10,0,19041,3636\n"
        "FILETYPE 1\n"
        "BEGIN\n"
        "  BLOCK \"StringFileInfo\"\n"
        "  BEGIN\n"
        "    BLOCK \"040904B0\"\n"
        "    BEGIN\n"
        "      VALUE \"FileDescription\", \"Test ScanState\"\n"
        "      VALUE \"ProductVersion\", \"10.0.19041.3636\"\n"
        "    END\n"
        "  END\n"
        "  BLOCK \"VarFileInfo\"\n"
        "  BEGIN\n"
        "    VALUE \"Translation\", 0x409, 1200\n"
        "  END\n"
        "END\n";
    static const char src[] = "int main(void) { return 3; }\n";

    (void)state;
    if (!have_tool("x86_64-w64-mingw32-gcc")) {
        fprintf(stderr, "note: x86_64-w64-mingw32-gcc is not installed; "
                "skipping the MinGW program test\n");
        return;
    }
    bool with_rc = have_tool("x86_64-w64-mingw32-windres");
    char *dir = test_tmpdir("pe-mingw");
    char *c = fs_join(dir, "t.c");
    char *r = fs_join(dir, "t.rc");
    char *exe = fs_join(dir, "t.exe");
    char *cmd;
    int st;

    test_write(c, src, strlen(src));
    test_write(r, rc, strlen(rc));
    if (with_rc) {
        cmd = xasprintf("cd '%s' && x86_64-w64-mingw32-windres t.rc -O coff "
                        "-o t.res.o && x86_64-w64-mingw32-gcc -o t.exe t.c "
                        "t.res.o 2>&1", dir);
    } else {
        fprintf(stderr, "note: x86_64-w64-mingw32-windres is not installed; "
                "the MinGW program has no version resource\n");
        cmd = xasprintf("cd '%s' && x86_64-w64-mingw32-gcc -o t.exe t.c 2>&1",
                        dir);
    }
    free(test_run(cmd, &st));
    assert_int_equal(st, 0);

    struct pe_info info;
    struct wiz_err err;

    assert_int_equal(pe_read_file(exe, &info, &err), 0);
    assert_int_equal(info.arch, SYS_ARCH_AMD64);
    assert_true(info.pe32plus);
    assert_int_equal(info.subsystem, PE_SUBSYSTEM_CONSOLE);
    assert_false(info.is_dll);
    assert_true(info.nsections > 3);
    if (with_rc) {
        assert_true(info.has_version);
        assert_int_equal(info.ver_major, 10);
        assert_int_equal(info.ver_build, 19041);
        assert_int_equal(info.ver_rev, 3636);
        assert_string_equal(info.product_version, "10.0.19041.3636");
        assert_string_equal(info.file_description, "Test ScanState");
    } else {
        assert_false(info.has_version);
    }
    free(cmd);
    free(exe);
    free(r);
    free(c);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pe_reads_built_image_for_each_arch),
        cmocka_unit_test(test_pe_names_machines_and_subsystems),
        cmocka_unit_test(test_pe_other_machine_is_named_not_guessed),
        cmocka_unit_test(test_pe_rejects_what_is_not_a_pe),
        cmocka_unit_test(test_pe_truncated_at_every_offset),
        cmocka_unit_test(test_pe_resource_loops_end),
        cmocka_unit_test(test_pe_damaged_version_block_is_reported),
        cmocka_unit_test(test_pe_survives_random_damage),
        cmocka_unit_test(test_pe_write_and_read_file),
        cmocka_unit_test(test_pe_image_without_version_resource),
        cmocka_unit_test(test_pe_built_image_accepted_by_other_tools),
        cmocka_unit_test(test_pe_reads_mingw_built_program),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

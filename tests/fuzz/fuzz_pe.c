/*
 * libFuzzer target for the PE reader: any bytes must give either a
 * failure with a message or a result whose strings are terminated.
 * With USMTWIZ_FUZZ_SEEDS=DIR it writes seed images into DIR and exits.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/usmt/pe.h"
#include "platform/fs.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_seed(const char *dir, const char *name,
                       const struct pe_image_spec *spec)
{
    size_t len;
    struct wiz_err err;
    unsigned char *img = pe_build_image(spec, &len, &err);
    char *path = fs_join(dir, name);

    if (!img || fs_write_file(path, img, len, &err) < 0) {
        fprintf(stderr, "fuzz_pe: %s\n", err.msg);
        exit(2);
    }
    free(path);
    free(img);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("USMTWIZ_FUZZ_SEEDS");
    struct pe_image_spec spec;

    (void)argc;
    (void)argv;
    if (!dir)
        return 0;
    memset(&spec, 0, sizeof(spec));
    spec.major = 10;
    spec.build = 22621;
    spec.rev = 1;
    spec.description = "ScanState";
    spec.original_filename = "scanstate.exe";
    spec.arch = SYS_ARCH_X86;
    write_seed(dir, "x86.exe", &spec);
    spec.arch = SYS_ARCH_AMD64;
    write_seed(dir, "amd64.exe", &spec);
    spec.arch = SYS_ARCH_ARM64;
    spec.dll = true;
    write_seed(dir, "arm64.dll", &spec);
    spec.no_version = true;
    write_seed(dir, "noversion.exe", &spec);
    exit(0);
}

static void check_string(const char *s, size_t size)
{
    if (!memchr(s, '\0', size))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pe_info info;
    struct wiz_err err;

    err_clear(&err);
    if (pe_read_buffer(data, size, &info, &err) < 0) {
        if (!err.msg[0])
            abort();
        return 0;
    }
    check_string(info.product_version, sizeof(info.product_version));
    check_string(info.file_version, sizeof(info.file_version));
    check_string(info.file_description, sizeof(info.file_description));
    check_string(info.original_filename, sizeof(info.original_filename));
    check_string(info.version_problem, sizeof(info.version_problem));
    return 0;
}

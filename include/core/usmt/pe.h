#ifndef WIZ_CORE_PE_H
#define WIZ_CORE_PE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/sys.h"

/*
 * Windows executables (PE/COFF) read as data, never run: the machine
 * (x86, amd64, arm64, ...), PE32 or PE32+, the subsystem, and the version
 * resource (VS_FIXEDFILEINFO and a few StringFileInfo strings).  Portable C
 * with every offset and size checked against the buffer, so any input is
 * safe to give it.  Also a writer of small valid images for tests and
 * practice USMT folders.
 */

struct wiz_err;

/* COFF machine values we name. */
#define PE_MACHINE_I386 0x014c
#define PE_MACHINE_AMD64 0x8664
#define PE_MACHINE_ARM64 0xaa64
#define PE_MACHINE_ARMNT 0x01c4
#define PE_MACHINE_IA64 0x0200

#define PE_SUBSYSTEM_GUI 2
#define PE_SUBSYSTEM_CONSOLE 3

/* Largest file pe_read_file accepts. */
#define PE_FILE_MAX ((size_t)64 * 1024 * 1024)

struct pe_info {
    uint16_t machine;           /* raw COFF Machine field */
    enum sys_arch arch;         /* SYS_ARCH_UNKNOWN for other machines */
    bool pe32plus;              /* optional header magic 0x20b */
    uint16_t subsystem;         /* PE_SUBSYSTEM_*, or another value */
    uint16_t characteristics;   /* COFF characteristics */
    uint16_t nsections;
    bool is_dll;                /* IMAGE_FILE_DLL set */

    bool has_version;           /* a VS_FIXEDFILEINFO was found */
    uint16_t ver_major, ver_minor, ver_build, ver_rev;     /* file version */
    uint16_t prod_major, prod_minor, prod_build, prod_rev; /* product */
    /* From StringFileInfo; "" when absent.  UTF-8, truncated to fit. */
    char product_version[64];
    char file_version[64];
    char file_description[128];
    char original_filename[64];
    /*
     * Why the version resource could not be read although the headers
     * were fine ("" when it was read or simply absent).
     */
    char version_problem[128];
};

/*
 * Read the n bytes at data as a PE image into info.  Fails (WIZ_EFORMAT,
 * with the reason) when the headers are not those of a PE image; a missing
 * or damaged version resource is not a failure: has_version stays false
 * and version_problem says why when it was damaged.
 */
int pe_read_buffer(const void *data, size_t n, struct pe_info *info,
                   struct wiz_err *err);
/*
 * pe_read_buffer on the file at path (at most PE_FILE_MAX bytes, else
 * WIZ_ELIMIT).  Messages name the file.
 */
int pe_read_file(const char *path, struct pe_info *info, struct wiz_err *err);

/* "x86", "amd64", "arm64", "arm", "ia64", ... or "unknown (0xNNNN)". */
const char *pe_machine_name(uint16_t machine);
/* "console", "windows gui", "efi application", ... or "unknown". */
const char *pe_subsystem_name(uint16_t subsystem);

/* What pe_build_image makes; zero fields take the defaults shown. */
struct pe_image_spec {
    enum sys_arch arch;         /* x86, amd64 or arm64 (required) */
    uint16_t major, minor, build, rev;  /* file and product version */
    uint16_t subsystem;         /* 0: console */
    const char *description;    /* FileDescription; NULL: none */
    const char *original_filename;  /* NULL: none */
    bool dll;                   /* mark the image as a DLL */
    bool no_version;            /* leave out the version resource */
};

/*
 * FileDescription of the images pe_write_image makes, so a probe can tell
 * a practice folder from a real USMT.
 */
#define PE_PRACTICE_DESCRIPTION "usmtwiz practice image"


/*
 * A small valid image: DOS header, PE headers (PE32 for x86, PE32+ for
 * amd64 and arm64), a .text section with a few instructions and a .rsrc
 * section holding a real VS_VERSIONINFO (fixed info, StringFileInfo and
 * VarFileInfo).  Returns a new buffer (caller frees) and its size in *len;
 * NULL with WIZ_EUSAGE for an unsupported architecture.
 */
unsigned char *pe_build_image(const struct pe_image_spec *spec, size_t *len,
                              struct wiz_err *err);
/*
 * Write such an image to path with the given file version (each part at
 * most 65535), FileDescription PE_PRACTICE_DESCRIPTION and the file name
 * of path as OriginalFilename; a name ending in ".dll" makes a DLL.
 */
int pe_write_image(const char *path, enum sys_arch arch, unsigned major,
                   unsigned minor, unsigned build, unsigned rev,
                   struct wiz_err *err);

#endif

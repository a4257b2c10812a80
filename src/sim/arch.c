/*
 * Architectures for scanstate-sim.  The simulator is a native program, so
 * it stands in for the scanstate.exe of the practice USMT folder: the PE
 * header of that file says which architecture "we" are.  Windows PE's
 * architecture is the one the rest of usmtwiz uses (sys_host_arch, which
 * USMTWIZ_HOST_ARCH can set for a lab), and the offline Windows' bitness
 * is read from its folder as the reference's checklist says (§10 item 5:
 * SysWOW64 means 64-bit).
 *
 * The USMT folder is USMTWIZ_USMT when set (usmtwiz sets it when it runs
 * the simulator), else the "usmt" folder beside the volume root, which is
 * where "usmtwiz lab create" puts it.  Without one the simulator does not
 * model architectures at all.
 */
#include "sim.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/usmt/pe.h"
#include "core/offline/winos.h"
#include "platform/fs.h"

static char *usmt_folder(const char *volume_root)
{
    const char *env = sys_getenv("USMTWIZ_USMT");

    if (env && *env)
        return xstrdup(env);
    if (!volume_root)
        return NULL;
    char *parent = fs_join(volume_root, "..");
    char *usmt = fs_join(parent, "usmt");

    free(parent);
    return usmt;
}

enum sys_arch sim_usmt_arch(const char *volume_root)
{
    char *dir = usmt_folder(volume_root);
    char *exe = dir ? winos_find_ci(dir, "scanstate.exe") : NULL;
    struct pe_info pi;
    enum sys_arch a = SYS_ARCH_UNKNOWN;

    if (exe && pe_read_file(exe, &pi, NULL) == 0)
        a = pi.arch;
    free(exe);
    free(dir);
    return a;
}

int sim_offline_bits(const char *windir_host)
{
    char *wow = winos_find_ci(windir_host, "SysWOW64");
    bool wide = wow && fs_is_dir(wow);

    free(wow);
    return wide ? 64 : 32;
}

int sim_arch_bits(enum sys_arch a)
{
    switch (a) {
    case SYS_ARCH_X86:
        return 32;
    case SYS_ARCH_AMD64:
    case SYS_ARCH_ARM64:
        return 64;
    default:
        return 0;
    }
}

/*
 * Whether Windows would start scanstate.exe of architecture usmt on
 * Windows PE (or Windows) of architecture host.
 *
 * - x86 image on 64-bit Windows PE: Windows PE has no WOW64, so process
 *   creation fails with Win32 error 308, "The subsystem needed to support
 *   the image type is not present" (reference §3.7, §8, §10 item 1).
 *   Full 64-bit Windows runs it under WOW64.
 * - any other pair that differs (amd64 on x86, arm64 on amd64, amd64 on
 *   arm64 Windows PE): the reference is silent.  Windows refuses such an
 *   image with Win32 error 216, ERROR_EXE_MACHINE_TYPE_MISMATCH, "This
 *   version of %1 is not compatible with the version of Windows you're
 *   running...", which is what the simulator shows.
 *
 * Nothing of scanstate runs then: no banner, no scanstate.log, no
 * progress log, no "ScanState return code" line.  The exit status a
 * script sees is the Win32 error (308 or 216); cmd.exe prints the system
 * message for it.
 */
int sim_start_check(enum sys_arch usmt, enum sys_arch host, bool winpe,
                    char **msg)
{
    *msg = NULL;
    if (usmt == SYS_ARCH_UNKNOWN || host == SYS_ARCH_UNKNOWN || usmt == host)
        return 0;
    if (usmt == SYS_ARCH_X86 && sim_arch_bits(host) == 64) {
        if (!winpe)
            return 0;
        *msg = xstrdup("The subsystem needed to support the image type is "
                       "not present.");
        return 308;
    }
    *msg = xstrdup("This version of scanstate.exe is not compatible with "
                     "the version of Windows you're running. Check your "
                     "computer's system information and then contact the "
                     "software publisher.");
    return 216;
}

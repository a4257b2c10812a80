#include "platform/vol.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "platform/fs.h"
#include "platform/sys.h"
#include "w32.h"

static enum vol_kind kind_of(UINT type)
{
    switch (type) {
    case DRIVE_FIXED:
        return VOL_FIXED;
    case DRIVE_REMOVABLE:
        return VOL_REMOVABLE;
    case DRIVE_REMOTE:
        return VOL_NETWORK;
    case DRIVE_CDROM:
        return VOL_CDROM;
    case DRIVE_RAMDISK:
        return VOL_RAM;
    default:
        return VOL_UNKNOWN;
    }
}

/*
 * A BitLocker-locked volume mounts but refuses GetVolumeInformation with
 * ERROR_INVALID_PARAMETER-like codes; its first sector still says
 * "-FVE-FS-".  We report locked when the volume cannot be read and the
 * boot sector carries that signature.
 */
static bool looks_bitlocker_locked(wchar_t letter)
{
    wchar_t dev[] = L"\\\\.\\X:";
    unsigned char sector[512];
    DWORD n = 0;

    dev[4] = letter;
    HANDLE h = CreateFileW(dev, GENERIC_READ,
                           FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);

    if (h == INVALID_HANDLE_VALUE)
        return false;
    BOOL ok = ReadFile(h, sector, sizeof(sector), &n, NULL);

    CloseHandle(h);
    return ok && n >= 11 && !memcmp(sector + 3, "-FVE-FS-", 8);
}

int vol_enumerate(const char *volume_root, struct vol_list *list,
                  struct wiz_err *err)
{
    wchar_t drives[512];
    DWORD n;
    size_t alloc = 0;

    list->v = NULL;
    list->n = 0;
    if (volume_root)
        return err_set(err, WIZ_EUSAGE,
                       "--volume-root is for practice volumes on Linux; "
                       "on Windows every drive letter is scanned");
    n = GetLogicalDriveStringsW(511, drives);
    if (!n || n > 511)
        return w32_err(err, "cannot list the drive letters", NULL);
    for (wchar_t *p = drives; *p; p += wcslen(p) + 1) {
        struct vol_info v;
        wchar_t label[MAX_PATH + 1] = L"";
        wchar_t fs[MAX_PATH + 1] = L"";
        DWORD flags = 0;
        UINT old = SetErrorMode(SEM_FAILCRITICALERRORS);

        memset(&v, 0, sizeof(v));
        v.letter = (char)(p[0] >= L'a' ? p[0] - L'a' + L'A' : p[0]);
        v.root = w32_utf8(p);
        v.kind = kind_of(GetDriveTypeW(p));
        if (GetVolumeInformationW(p, label, MAX_PATH, NULL, NULL, &flags, fs,
                                  MAX_PATH)) {
            v.readonly = (flags & FILE_READ_ONLY_VOLUME) != 0;
            ULARGE_INTEGER avail;
            ULARGE_INTEGER total;

            if (GetDiskFreeSpaceExW(p, &avail, &total, NULL)) {
                v.free_bytes = avail.QuadPart;
                v.total_bytes = total.QuadPart;
            }
        } else if (v.kind == VOL_FIXED || v.kind == VOL_REMOVABLE) {
            v.locked = looks_bitlocker_locked(p[0]);
        }
        SetErrorMode(old);
        v.label = w32_utf8(label);
        v.fs = w32_utf8(fs);
        /* WinPE's system drive is a RAM disk even if it says fixed */
        if (v.letter == 'X' && sys_is_winpe())
            v.kind = VOL_RAM;
        XGROW(list->v, alloc, list->n + 1);
        list->v[list->n++] = v;
    }
    return 0;
}

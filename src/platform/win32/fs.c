#include "platform/fs.h"

#include <fcntl.h>
#include <io.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "../common/fs_os.h"
#include "w32.h"

/* Reparse tags of the cloud-files family: IO_REPARSE_TAG_CLOUD{,_1.._F}. */
#define W32_TAG_CLOUD_MASK 0xFFFF0FFFu
#define W32_TAG_CLOUD 0x9000001Au

/*
 * tag: the reparse tag when known (find data), else 0.  A reparse point
 * with a recall or offline attribute, or a cloud tag, is a cloud file
 * (counted as a file), not a link; without local data it is cloud_only.
 */
static void fill_from_attr(const WIN32_FILE_ATTRIBUTE_DATA *a, DWORD tag,
                           struct fs_stat *st)
{
    DWORD fa = a->dwFileAttributes;
    bool cloud = (fa & FS_NTFS_ATTR_CLOUD_ONLY) != 0;
    bool cloud_tag = (tag & W32_TAG_CLOUD_MASK) == W32_TAG_CLOUD;

    if ((fa & FILE_ATTRIBUTE_REPARSE_POINT) &&
        !((cloud || cloud_tag) && !(fa & FILE_ATTRIBUTE_DIRECTORY)))
        st->type = FS_LINK;
    else if (fa & FILE_ATTRIBUTE_DIRECTORY)
        st->type = FS_DIR;
    else
        st->type = FS_FILE;
    st->size = st->type == FS_FILE
                   ? ((uint64_t)a->nFileSizeHigh << 32) | a->nFileSizeLow
                   : 0;
    st->mtime = w32_filetime_to_unix(&a->ftLastWriteTime);
    st->readonly = (fa & FILE_ATTRIBUTE_READONLY) != 0;
    st->cloud_only = st->type == FS_FILE && cloud;
}

/* Volume serial, file index and link count need an open handle. */
static void fill_identity(const wchar_t *w, bool follow, struct fs_stat *st)
{
    DWORD flags = FILE_FLAG_BACKUP_SEMANTICS |
                  (follow ? 0 : FILE_FLAG_OPEN_REPARSE_POINT);
    HANDLE h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE |
                                     FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, flags, NULL);
    BY_HANDLE_FILE_INFORMATION info;

    if (h == INVALID_HANDLE_VALUE)
        return;
    if (GetFileInformationByHandle(h, &info)) {
        st->dev = info.dwVolumeSerialNumber;
        st->ino = ((uint64_t)info.nFileIndexHigh << 32) | info.nFileIndexLow;
        st->nlink = info.nNumberOfLinks;
    }
    CloseHandle(h);
}

static int stat_common(const char *path, struct fs_stat *st, bool follow,
                       struct wiz_err *err)
{
    wchar_t *w = w32_wide_path(path);
    WIN32_FILE_ATTRIBUTE_DATA a;

    memset(st, 0, sizeof(*st));
    if (!GetFileAttributesExW(w, GetFileExInfoStandard, &a)) {
        DWORD code = GetLastError();

        free(w);
        if (code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND ||
            code == ERROR_INVALID_NAME) {
            st->type = FS_NONE;
            return 0;
        }
        SetLastError(code);
        return w32_err(err, "cannot look at", path);
    }
    fill_from_attr(&a, 0, st);
    if (follow && st->type == FS_LINK) {
        HANDLE h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE |
                                         FILE_SHARE_DELETE,
                               NULL, OPEN_EXISTING,
                               FILE_FLAG_BACKUP_SEMANTICS, NULL);
        BY_HANDLE_FILE_INFORMATION info;

        if (h != INVALID_HANDLE_VALUE && GetFileInformationByHandle(h, &info)) {
            st->type = (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                           ? FS_DIR : FS_FILE;
            st->size = ((uint64_t)info.nFileSizeHigh << 32) |
                       info.nFileSizeLow;
        }
        if (h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
    }
    fill_identity(w, follow, st);
    free(w);
    return 0;
}

int fs_stat(const char *path, struct fs_stat *st, struct wiz_err *err)
{
    return stat_common(path, st, false, err);
}

int fs_stat_follow(const char *path, struct fs_stat *st, struct wiz_err *err)
{
    return stat_common(path, st, true, err);
}

bool fs_exists(const char *path)
{
    wchar_t *w = w32_wide_path(path);
    DWORD a = GetFileAttributesW(w);

    free(w);
    return a != INVALID_FILE_ATTRIBUTES;
}

bool fs_is_dir(const char *path)
{
    wchar_t *w = w32_wide_path(path);
    DWORD a = GetFileAttributesW(w);

    free(w);
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY);
}

struct fs_dir {
    HANDLE h;
    WIN32_FIND_DATAW fd;
    bool pending;       /* fd holds an entry not yet returned */
    char *name;         /* UTF-8 of the last entry returned */
    char *path;
};

int fs_dir_open(const char *path, struct fs_dir **out, struct wiz_err *err)
{
    char *pattern = fs_join(path, "*");
    wchar_t *w = w32_wide_path(pattern);
    struct fs_dir *d = xcalloc(1, sizeof(*d));

    *out = NULL;
    d->h = FindFirstFileExW(w, FindExInfoBasic, &d->fd,
                            FindExSearchNameMatch, NULL, 0);
    free(w);
    free(pattern);
    if (d->h == INVALID_HANDLE_VALUE) {
        DWORD code = GetLastError();

        free(d);
        SetLastError(code);
        return w32_err(err, "cannot open folder", path);
    }
    d->pending = true;
    d->path = xstrdup(path);
    *out = d;
    return 0;
}

int fs_dir_next(struct fs_dir *d, const char **name, struct wiz_err *err)
{
    for (;;) {
        if (!d->pending) {
            if (!FindNextFileW(d->h, &d->fd)) {
                if (GetLastError() == ERROR_NO_MORE_FILES)
                    return 0;
                return w32_err(err, "cannot list folder", d->path);
            }
        }
        d->pending = false;
        if (!wcscmp(d->fd.cFileName, L".") || !wcscmp(d->fd.cFileName, L".."))
            continue;
        free(d->name);
        d->name = w32_utf8(d->fd.cFileName);
        *name = d->name;
        return 1;
    }
}

enum fs_type fs_dir_entry_type(const struct fs_dir *d)
{
    /* a reparse point may be a link or a cloud file: fs_dir_stat decides */
    if (!d->name || (d->fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT))
        return FS_NONE;
    return (d->fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) ? FS_DIR
                                                               : FS_FILE;
}

int fs_dir_stat(struct fs_dir *d, const char *name, struct fs_stat *st,
                struct wiz_err *err)
{
    if (d->name && !strcmp(name, d->name)) {
        /* the entry just listed: its find data already says it all */
        WIN32_FILE_ATTRIBUTE_DATA a;

        memset(st, 0, sizeof(*st));
        memset(&a, 0, sizeof(a));
        a.dwFileAttributes = d->fd.dwFileAttributes;
        a.ftLastWriteTime = d->fd.ftLastWriteTime;
        a.nFileSizeHigh = d->fd.nFileSizeHigh;
        a.nFileSizeLow = d->fd.nFileSizeLow;
        fill_from_attr(&a,
                       (a.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
                           ? d->fd.dwReserved0 : 0, st);
        return 0;
    }
    char *path = fs_join(d->path, name);
    int rc = fs_stat(path, st, err);

    free(path);
    return rc;
}

void fs_dir_close(struct fs_dir *d)
{
    if (!d)
        return;
    FindClose(d->h);
    free(d->name);
    free(d->path);
    free(d);
}

/*
 * Reading: open with FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE
 * so that a program writing the file (scanstate and its logs) can go on
 * writing, renaming or deleting it while we follow it.  _wfopen shares
 * reading and writing only.
 */
static FILE *open_shared_for_reading(const wchar_t *w, bool binary)
{
    HANDLE h = CreateFileW(w, GENERIC_READ,
                           FILE_SHARE_READ | FILE_SHARE_WRITE |
                               FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    int fd;
    FILE *f;

    if (h == INVALID_HANDLE_VALUE)
        return NULL;
    fd = _open_osfhandle((intptr_t)h, _O_RDONLY | (binary ? _O_BINARY : 0));
    if (fd < 0) {
        CloseHandle(h);
        return NULL;
    }
    f = _fdopen(fd, binary ? "rb" : "r");
    if (!f)
        _close(fd);
    return f;
}

FILE *fs_fopen(const char *path, const char *mode)
{
    wchar_t *w = w32_wide_path(path);
    wchar_t *m;
    FILE *f;

    if (mode[0] == 'r' && !strchr(mode, '+')) {
        f = open_shared_for_reading(w, strchr(mode, 'b') != NULL);
        free(w);
        return f;
    }
    m = w32_wide(mode);
    f = _wfopen(w, m);
    free(w);
    free(m);
    return f;
}

int fs_seek(FILE *f, uint64_t offset, bool from_end)
{
    if (offset > (uint64_t)INT64_MAX)
        return -1;
    __int64 o = (__int64)offset;

    return _fseeki64(f, from_end ? -o : o, from_end ? SEEK_END : SEEK_SET)
               ? -1 : 0;
}

int64_t fs_tell(FILE *f)
{
    return (int64_t)_ftelli64(f);
}

int fs_read_file(const char *path, size_t max, char **data, size_t *len,
                 struct wiz_err *err)
{
    wchar_t *w = w32_wide_path(path);
    HANDLE h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ |
                                                FILE_SHARE_WRITE |
                                                FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    struct strbuf sb;
    char buf[65536];

    free(w);
    *data = NULL;
    if (len)
        *len = 0;
    if (h == INVALID_HANDLE_VALUE)
        return w32_err(err, "cannot open", path);
    strbuf_init(&sb);
    for (;;) {
        DWORD n = 0;

        if (!ReadFile(h, buf, sizeof(buf), &n, NULL)) {
            w32_err(err, "cannot read", path);
            CloseHandle(h);
            strbuf_release(&sb);
            return -1;
        }
        if (n == 0)
            break;
        if (sb.len + n > max) {
            CloseHandle(h);
            strbuf_release(&sb);
            return err_set(err, WIZ_ELIMIT,
                           "cannot read '%s': larger than %zu bytes", path,
                           max);
        }
        strbuf_add(&sb, buf, n);
    }
    CloseHandle(h);
    *data = strbuf_detach(&sb, len);
    return 0;
}

static int write_handle(HANDLE h, const void *data, size_t len)
{
    const char *p = data;

    while (len) {
        DWORD chunk = len > 0x40000000 ? 0x40000000 : (DWORD)len;
        DWORD n = 0;

        if (!WriteFile(h, p, chunk, &n, NULL))
            return -1;
        p += n;
        len -= n;
    }
    return 0;
}

int fs_write_file(const char *path, const void *data, size_t len,
                  struct wiz_err *err)
{
    wchar_t *w = w32_wide_path(path);
    HANDLE h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ, NULL,
                           CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);

    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return w32_err(err, "cannot create", path);
    if (write_handle(h, data, len) < 0) {
        w32_err(err, "cannot write", path);
        CloseHandle(h);
        return -1;
    }
    CloseHandle(h);
    return 0;
}

int fs_write_file_new(const char *path, const void *data, size_t len,
                      struct wiz_err *err)
{
    wchar_t *w = w32_wide_path(path);
    HANDLE h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ, NULL,
                           CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);

    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();

        free(w);
        if (e == ERROR_FILE_EXISTS || e == ERROR_ALREADY_EXISTS)
            return err_set(err, WIZ_EEXIST,
                           "cannot create '%s': it already exists", path);
        SetLastError(e);
        return w32_err(err, "cannot create", path);
    }
    if (write_handle(h, data, len) < 0) {
        w32_err(err, "cannot write", path);
        CloseHandle(h);
        DeleteFileW(w);
        free(w);
        return -1;
    }
    CloseHandle(h);
    free(w);
    return 0;
}

int fs_write_file_atomic(const char *path, const void *data, size_t len,
                         bool private_mode, struct wiz_err *err)
{
    char *tmp = xasprintf("%s.tmp.%lu", path,
                          (unsigned long)GetCurrentProcessId());
    wchar_t *wt = w32_wide_path(tmp);
    wchar_t *wp = w32_wide_path(path);
    /*
     * private_mode: the file is created with the default DACL of a
     * SYSTEM/administrator process in WinPE; no extra readers are added.
     */
    HANDLE h = CreateFileW(wt, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL |
                               (private_mode ? FILE_ATTRIBUTE_HIDDEN : 0),
                           NULL);
    int r = 0;

    if (h == INVALID_HANDLE_VALUE) {
        r = w32_err(err, "cannot create a file beside", path);
        goto out;
    }
    if (write_handle(h, data, len) < 0 || !FlushFileBuffers(h)) {
        r = w32_err(err, "cannot write", path);
        CloseHandle(h);
        DeleteFileW(wt);
        goto out;
    }
    CloseHandle(h);
    if (!MoveFileExW(wt, wp, MOVEFILE_REPLACE_EXISTING |
                                 MOVEFILE_WRITE_THROUGH)) {
        r = w32_err(err, "cannot replace", path);
        DeleteFileW(wt);
    }
out:
    free(wt);
    free(wp);
    free(tmp);
    return r;
}

int fs_mkdir_p(const char *path, struct wiz_err *err)
{
    char *p = xstrdup(path);
    size_t n = strlen(p);

    for (char *s = p; *s; s++) {
        if (*s == '/')
            *s = '\\';
    }
    while (n > 3 && p[n - 1] == '\\')
        p[--n] = '\0';
    for (char *s = p + 1; ; s++) {
        bool end = (*s == '\0');

        if (*s == '\\' || end) {
            char saved = *s;

            *s = '\0';
            /* skip "C:" and the "\\server\share" parts */
            if (!(strlen(p) == 2 && p[1] == ':') && p[0] != '\0' &&
                !(p[0] == '\\' && p[1] == '\\' &&
                  strchr(p + 2, '\\') == strrchr(p + 2, '\\'))) {
                wchar_t *w = w32_wide_path(p);

                if (!CreateDirectoryW(w, NULL) &&
                    GetLastError() != ERROR_ALREADY_EXISTS &&
                    GetLastError() != ERROR_ACCESS_DENIED) {
                    free(w);
                    *s = saved;
                    w32_err(err, "cannot create folder", path);
                    free(p);
                    return -1;
                }
                free(w);
            }
            *s = saved;
        }
        if (end)
            break;
    }
    if (!fs_is_dir(p)) {
        free(p);
        return err_set(err, WIZ_EIO, "cannot create folder '%s'", path);
    }
    free(p);
    return 0;
}

int fs_remove(const char *path, struct wiz_err *err)
{
    wchar_t *w = w32_wide_path(path);

    SetFileAttributesW(w, FILE_ATTRIBUTE_NORMAL);
    if (!DeleteFileW(w) && GetLastError() != ERROR_FILE_NOT_FOUND &&
        GetLastError() != ERROR_PATH_NOT_FOUND) {
        free(w);
        return w32_err(err, "cannot remove", path);
    }
    free(w);
    return 0;
}

int fs_os_remove_link(const char *path, const struct fs_stat *st,
                      bool *removed, struct wiz_err *err)
{
    wchar_t *w;
    DWORD a;
    BOOL ok;

    *removed = false;
    if (st->type != FS_LINK && st->type != FS_DIR)
        return 0;
    w = w32_wide_path(path);
    a = GetFileAttributesW(w);
    if (a == INVALID_FILE_ATTRIBUTES || !(a & FILE_ATTRIBUTE_REPARSE_POINT)) {
        free(w);
        return 0;
    }
    /* a junction or symbolic link: remove the link, never its target */
    ok = (a & FILE_ATTRIBUTE_DIRECTORY) ? RemoveDirectoryW(w) : DeleteFileW(w);
    free(w);
    if (!ok)
        return w32_err(err, "cannot remove", path);
    *removed = true;
    return 0;
}

int fs_os_rmdir(const char *path, struct wiz_err *err)
{
    wchar_t *w = w32_wide_path(path);
    BOOL ok = RemoveDirectoryW(w);

    free(w);
    return ok ? 0 : w32_err(err, "cannot remove folder", path);
}

int fs_rename(const char *from, const char *to, struct wiz_err *err)
{
    wchar_t *a = w32_wide_path(from);
    wchar_t *b = w32_wide_path(to);
    BOOL ok = MoveFileExW(a, b, MOVEFILE_REPLACE_EXISTING);

    free(a);
    free(b);
    if (!ok)
        return w32_err(err, "cannot rename", from);
    return 0;
}

int fs_hardlink(const char *existing, const char *newpath,
                struct wiz_err *err)
{
    wchar_t *a = w32_wide_path(existing);
    wchar_t *b = w32_wide_path(newpath);
    BOOL ok = CreateHardLinkW(b, a, NULL);

    free(a);
    free(b);
    if (!ok)
        return w32_err(err, "cannot hard-link", newpath);
    return 0;
}

int fs_copy_file(const char *from, const char *to, struct wiz_err *err)
{
    wchar_t *a = w32_wide_path(from);
    wchar_t *b = w32_wide_path(to);
    BOOL ok = CopyFileW(a, b, FALSE);

    free(a);
    free(b);
    if (!ok)
        return w32_err(err, "cannot copy", from);
    return 0;
}

int fs_wipe_file(const char *path, struct wiz_err *err)
{
    wchar_t *w = w32_wide_path(path);
    HANDLE h = CreateFileW(w, GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    char zeros[4096];

    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        if (GetLastError() == ERROR_FILE_NOT_FOUND)
            return 0;
        return w32_err(err, "cannot wipe", path);
    }
    memset(zeros, 0, sizeof(zeros));
    LARGE_INTEGER size;

    if (GetFileSizeEx(h, &size)) {
        long long left = size.QuadPart;

        while (left > 0) {
            DWORD n = left > (long long)sizeof(zeros) ? sizeof(zeros)
                                                      : (DWORD)left;
            DWORD done = 0;

            if (!WriteFile(h, zeros, n, &done, NULL) || done == 0)
                break;
            left -= done;
        }
        FlushFileBuffers(h);
    }
    CloseHandle(h);
    return fs_remove(path, err);
}

int fs_set_ntfs_attrib(const char *path, uint32_t attr, struct wiz_err *err)
{
    wchar_t *w = w32_wide_path(path);
    DWORD a = GetFileAttributesW(w);
    BOOL ok = a != INVALID_FILE_ATTRIBUTES &&
              SetFileAttributesW(w, (a & ~(DWORD)FILE_ATTRIBUTE_NORMAL) |
                                        (attr & FS_NTFS_ATTR_OFFLINE));

    free(w);
    return ok ? 0 : w32_err(err, "cannot set the attributes of", path);
}

int fs_set_mtime(const char *path, int64_t mtime, struct wiz_err *err)
{
    wchar_t *w = w32_wide_path(path);
    HANDLE h = CreateFileW(w, FILE_WRITE_ATTRIBUTES,
                           FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    FILETIME ft = w32_unix_to_filetime(mtime);

    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return w32_err(err, "cannot set the time of", path);
    BOOL ok = SetFileTime(h, NULL, NULL, &ft);

    CloseHandle(h);
    return ok ? 0 : w32_err(err, "cannot set the time of", path);
}

int fs_space(const char *path, uint64_t *free_bytes, uint64_t *total_bytes,
             struct wiz_err *err)
{
    wchar_t *w = w32_wide(path);
    ULARGE_INTEGER avail;
    ULARGE_INTEGER total;

    if (!GetDiskFreeSpaceExW(w, &avail, &total, NULL)) {
        free(w);
        return w32_err(err, "cannot read the free space of", path);
    }
    free(w);
    if (free_bytes)
        *free_bytes = avail.QuadPart;
    if (total_bytes)
        *total_bytes = total.QuadPart;
    return 0;
}

bool fs_dir_is_writable(const char *path)
{
    char *probe = xasprintf("%s\\.usmtwiz-probe-%lu", path,
                            (unsigned long)GetCurrentProcessId());
    wchar_t *w = w32_wide_path(probe);
    HANDLE h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                           FILE_ATTRIBUTE_TEMPORARY |
                               FILE_FLAG_DELETE_ON_CLOSE,
                           NULL);

    free(w);
    free(probe);
    if (h == INVALID_HANDLE_VALUE)
        return false;
    CloseHandle(h);
    return true;
}

int fs_make_temp_dir(const char *prefix, char **out, struct wiz_err *err)
{
    wchar_t base[MAX_PATH + 1];
    DWORD n = GetTempPathW(MAX_PATH + 1, base);

    *out = NULL;
    if (!n || n > MAX_PATH)
        return w32_err(err, "cannot find the temporary folder", NULL);
    char *b = w32_utf8(base);

    for (unsigned i = 0; i < 100; i++) {
        char *cand = xasprintf("%s%s.%lu.%lu", b, prefix,
                               (unsigned long)GetCurrentProcessId(),
                               (unsigned long)(GetTickCount() + i));
        wchar_t *w = w32_wide_path(cand);

        if (CreateDirectoryW(w, NULL)) {
            free(w);
            free(b);
            *out = cand;
            return 0;
        }
        free(w);
        free(cand);
        if (GetLastError() != ERROR_ALREADY_EXISTS)
            break;
    }
    free(b);
    return w32_err(err, "cannot create a temporary folder", NULL);
}

char *fs_state_path(const char *name)
{
    wchar_t base[MAX_PATH + 1];
    DWORD n = GetTempPathW(MAX_PATH + 1, base);

    if (!n || n > MAX_PATH)
        return xstrdup(name);
    char *b = w32_utf8(base);
    char *p = fs_join(b, name);

    free(b);
    return p;
}

char fs_sep(void)
{
    return '\\';
}

char *fs_join(const char *a, const char *b)
{
    size_t n = strlen(a);

    if (!n)
        return xstrdup(b);
    while (*b == '\\' || *b == '/')
        b++;
    if (a[n - 1] == '\\' || a[n - 1] == '/')
        return xasprintf("%s%s", a, b);
    return xasprintf("%s\\%s", a, b);
}

char *fs_absolute(const char *path)
{
    wchar_t *w = w32_wide(path);
    wchar_t buf[32768];
    DWORD n = GetFullPathNameW(w, 32768, buf, NULL);

    free(w);
    if (!n || n >= 32768)
        return xstrdup(path);
    return w32_utf8(buf);
}

int fs_create_sized(const char *path, const void *head, size_t head_len,
                    uint64_t size, struct wiz_err *err)
{
    wchar_t *w = w32_wide_path(path);
    HANDLE h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ, NULL,
                           CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD got;
    LARGE_INTEGER end;

    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return w32_err(err, "cannot create", path);
    /* Sparse where NTFS allows it; FAT simply writes zeros. */
    DeviceIoControl(h, FSCTL_SET_SPARSE, NULL, 0, NULL, 0, &got, NULL);
    if (head_len > size)
        head_len = (size_t)size;
    end.QuadPart = (LONGLONG)size;
    if ((head_len && write_handle(h, head, head_len) < 0) ||
        !SetFilePointerEx(h, end, NULL, FILE_BEGIN) || !SetEndOfFile(h)) {
        w32_err(err, "cannot write", path);
        CloseHandle(h);
        return -1;
    }
    CloseHandle(h);
    return 0;
}

int fs_symlink(const char *target, const char *linkpath, struct wiz_err *err)
{
    char *t = xstrdup(target);

    for (char *p = t; *p; p++) {
        if (*p == '/')
            *p = '\\';
    }
    wchar_t *wt = w32_wide(t);
    wchar_t *wl = w32_wide_path(linkpath);
    /* A relative target is resolved against the link's folder. */
    char *dir = xstrdup(linkpath);
    char *slash = strrchr(dir, '\\') > strrchr(dir, '/') ? strrchr(dir, '\\')
                                                         : strrchr(dir, '/');
    char *resolved;

    if (slash)
        *slash = '\0';
    resolved = slash && t[0] != '\\' && !(t[0] && t[1] == ':')
                   ? xasprintf("%s\\%s", dir, t)
                   : xstrdup(t);
    DWORD flags = 0x2; /* SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE */

    if (fs_is_dir(resolved))
        flags |= SYMBOLIC_LINK_FLAG_DIRECTORY;
    BOOLEAN ok = CreateSymbolicLinkW(wl, wt, flags);

    free(resolved);
    free(dir);
    free(wl);
    free(wt);
    free(t);
    return ok ? 0 : w32_err(err, "cannot create the link", linkpath);
}

char *fs_exe_path(void)
{
    wchar_t buf[32768];
    DWORD n = GetModuleFileNameW(NULL, buf, sizeof(buf) / sizeof(buf[0]));

    if (n == 0 || n >= sizeof(buf) / sizeof(buf[0]))
        return NULL;
    return w32_utf8(buf);
}

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* The 8.3 name of an existing path when it is all ASCII, else NULL. */
static char *short_ascii_name(const char *path)
{
    wchar_t *w = w32_wide(path);
    DWORD n = GetShortPathNameW(w, NULL, 0);
    wchar_t *s;
    char *u = NULL;

    if (n) {
        s = xmalloc((size_t)n * sizeof(wchar_t));
        if (GetShortPathNameW(w, s, n) && n > 0) {
            u = w32_utf8(s);
            if (!is_ascii(u)) {
                free(u);
                u = NULL;
            }
        }
        free(s);
    }
    free(w);
    return u;
}

int fs_narrow_path(const char *path, bool allow_copy, char **out,
                   char **copy_dir, struct wiz_err *err)
{
    char *dir = NULL, *copy;

    *out = NULL;
    *copy_dir = NULL;
    if (is_ascii(path)) {
        *out = xstrdup(path);
        return 0;
    }
    *out = short_ascii_name(path);
    if (*out)
        return 0;
    if (!allow_copy)
        return err_set(err, WIZ_EIO, "cannot open '%s': the name is not "
                       "ASCII and the volume has no short (8.3) names", path);
    if (fs_make_temp_dir("usmtwiz-hive", &dir, err) < 0)
        return err_prefix(err, "cannot copy '%s'", path);
    copy = fs_join(dir, "hive");
    if (fs_copy_file(path, copy, err) < 0) {
        free(copy);
        fs_remove_tree(dir, NULL);
        free(dir);
        return -1;
    }
    *out = is_ascii(copy) ? xstrdup(copy) : short_ascii_name(copy);
    free(copy);
    if (!*out) {
        fs_remove_tree(dir, NULL);
        free(dir);
        return err_set(err, WIZ_EIO, "cannot open '%s': neither it nor "
                       "the temporary folder has an ASCII name", path);
    }
    *copy_dir = dir;
    return 0;
}

#define _GNU_SOURCE
#include "platform/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "../common/fs_os.h"

static void fill_stat(const struct stat *sb, struct fs_stat *st)
{
    if (S_ISREG(sb->st_mode))
        st->type = FS_FILE;
    else if (S_ISDIR(sb->st_mode))
        st->type = FS_DIR;
    else if (S_ISLNK(sb->st_mode))
        st->type = FS_LINK;
    else
        st->type = FS_OTHER;
    st->size = S_ISREG(sb->st_mode) ? (uint64_t)sb->st_size : 0;
    st->mtime = (int64_t)sb->st_mtime;
    st->dev = (uint64_t)sb->st_dev;
    st->ino = (uint64_t)sb->st_ino;
    st->nlink = (uint32_t)sb->st_nlink;
    st->readonly = !(sb->st_mode & S_IWUSR);
}

/*
 * A regular file with less data allocated than its size may be a cloud
 * placeholder: its NTFS attributes say so (the NTFS driver's
 * "system.ntfs_attrib", or "user.ntfs_attrib" on a practice volume).
 */
static bool is_sparse_file(const struct stat *sb)
{
    return S_ISREG(sb->st_mode) && sb->st_size > 0 &&
           (uint64_t)sb->st_blocks * 512 < (uint64_t)sb->st_size;
}

static bool read_ntfs_attrib(const char *path, const char *name,
                             struct fs_stat *st)
{
    unsigned char a[4];

    if (lgetxattr(path, name, a, sizeof(a)) != (ssize_t)sizeof(a))
        return false;
    uint32_t attr = (uint32_t)a[0] | (uint32_t)a[1] << 8 |
                    (uint32_t)a[2] << 16 | (uint32_t)a[3] << 24;

    st->cloud_only = (attr & FS_NTFS_ATTR_CLOUD_ONLY) != 0;
    return true;
}

static void fill_cloud(const char *path, const struct stat *sb,
                       struct fs_stat *st)
{
    if (!is_sparse_file(sb))
        return;
    if (!read_ntfs_attrib(path, "system.ntfs_attrib", st))
        read_ntfs_attrib(path, "user.ntfs_attrib", st);
}

/*
 * The extended attribute a practice volume puts on each folder that holds
 * a placeholder, so that a walk asks the files of that folder only: on
 * other file systems than NTFS a sparse file is nothing more.
 */
#define PLACEHOLDER_DIR_ATTR "user.ntfs_placeholders"

/* NTFS as the kernel's ntfs3 or ntfs drivers, or ntfs-3g through FUSE */
static bool fs_type_is_ntfs(int fd)
{
    struct statfs sf;

    if (fstatfs(fd, &sf) < 0)
        return true;        /* not known: ask */
    switch ((unsigned long)sf.f_type) {
    case 0x7366746eUL:      /* ntfs3 */
    case 0x5346544eUL:      /* ntfs */
    case 0x65735546UL:      /* fuse (ntfs-3g) */
        return true;
    default:
        return false;
    }
}

static int stat_common(const char *path, struct fs_stat *st, bool follow,
                       struct wiz_err *err)
{
    struct stat sb;
    int r = follow ? stat(path, &sb) : lstat(path, &sb);

    memset(st, 0, sizeof(*st));
    if (r < 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            st->type = FS_NONE;
            return 0;
        }
        return err_set(err, WIZ_EIO, "cannot look at '%s': %s", path,
                       strerror(errno));
    }
    fill_stat(&sb, st);
    fill_cloud(path, &sb, st);
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
    struct stat sb;

    return lstat(path, &sb) == 0;
}

bool fs_is_dir(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

struct fs_dir {
    DIR *d;
    char *path;
    bool ntfs;              /* placeholders carry system.ntfs_attrib */
    bool practice;          /* placeholders carry user.ntfs_attrib */
    unsigned char d_type;   /* of the entry last returned */
    struct strbuf entry;    /* path of the entry asked about */
    size_t entry_base;      /* length of "path/" in entry */
};

int fs_dir_open(const char *path, struct fs_dir **out, struct wiz_err *err)
{
    DIR *d = opendir(path);

    *out = NULL;
    if (!d)
        return err_set(err, errno == ENOENT ? WIZ_ENOENT : WIZ_EIO,
                       "cannot open folder '%s': %s", path, strerror(errno));
    *out = xcalloc(1, sizeof(**out));
    (*out)->d = d;
    (*out)->path = xstrdup(path);
    (*out)->ntfs = fs_type_is_ntfs(dirfd(d));
    (*out)->practice =
        fgetxattr(dirfd(d), PLACEHOLDER_DIR_ATTR, NULL, 0) >= 0;
    return 0;
}

int fs_dir_next(struct fs_dir *d, const char **name, struct wiz_err *err)
{
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d->d);

        if (!de) {
            if (errno)
                return err_set(err, WIZ_EIO, "cannot list folder '%s': %s",
                               d->path, strerror(errno));
            return 0;
        }
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        *name = de->d_name;
        d->d_type = de->d_type;
        return 1;
    }
}

enum fs_type fs_dir_entry_type(const struct fs_dir *d)
{
    switch (d->d_type) {
    case DT_UNKNOWN:
        return FS_NONE;
    case DT_DIR:
        return FS_DIR;
    case DT_REG:
        return FS_FILE;
    case DT_LNK:
        return FS_LINK;
    default:
        return FS_OTHER;
    }
}

int fs_dir_stat(struct fs_dir *d, const char *name, struct fs_stat *st,
                struct wiz_err *err)
{
    struct stat sb;

    memset(st, 0, sizeof(*st));
    if (fstatat(dirfd(d->d), name, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            st->type = FS_NONE;
            return 0;
        }
        return err_set(err, WIZ_EIO, "cannot look at '%s/%s': %s", d->path,
                       name, strerror(errno));
    }
    fill_stat(&sb, st);
    if ((d->ntfs || d->practice) && is_sparse_file(&sb)) {
        if (!d->entry_base) {
            strbuf_init(&d->entry);
            strbuf_addf(&d->entry, "%s/", d->path);
            d->entry_base = d->entry.len;
        }
        strbuf_setlen(&d->entry, d->entry_base);
        strbuf_adds(&d->entry, name);
        if (!(d->ntfs && read_ntfs_attrib(d->entry.buf, "system.ntfs_attrib",
                                          st)) &&
            d->practice)
            read_ntfs_attrib(d->entry.buf, "user.ntfs_attrib", st);
    }
    return 0;
}

void fs_dir_close(struct fs_dir *d)
{
    if (!d)
        return;
    closedir(d->d);
    free(d->path);
    if (d->entry_base)
        strbuf_release(&d->entry);
    free(d);
}

FILE *fs_fopen(const char *path, const char *mode)
{
    return fopen(path, mode);
}

int fs_seek(FILE *f, uint64_t offset, bool from_end)
{
    if (offset > (uint64_t)INT64_MAX)
        return -1;
    off_t o = (off_t)offset;

    return fseeko(f, from_end ? -o : o, from_end ? SEEK_END : SEEK_SET) < 0
               ? -1 : 0;
}

int64_t fs_tell(FILE *f)
{
    return (int64_t)ftello(f);
}

int fs_read_file(const char *path, size_t max, char **data, size_t *len,
                 struct wiz_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct strbuf sb;
    char buf[65536];

    *data = NULL;
    if (len)
        *len = 0;
    if (fd < 0)
        return err_set(err, errno == ENOENT ? WIZ_ENOENT : WIZ_EIO,
                       "cannot open '%s': %s", path, strerror(errno));
    strbuf_init(&sb);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));

        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;

            close(fd);
            strbuf_release(&sb);
            return err_set(err, WIZ_EIO, "cannot read '%s': %s", path,
                           strerror(e));
        }
        if (n == 0)
            break;
        if (sb.len + (size_t)n > max) {
            close(fd);
            strbuf_release(&sb);
            return err_set(err, WIZ_ELIMIT,
                           "cannot read '%s': larger than %zu bytes", path,
                           max);
        }
        strbuf_add(&sb, buf, (size_t)n);
    }
    close(fd);
    *data = strbuf_detach(&sb, len);
    return 0;
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len) {
        ssize_t n = write(fd, p, len);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int fs_write_file(const char *path, const void *data, size_t len,
                  struct wiz_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

    if (fd < 0)
        return err_set(err, WIZ_EIO, "cannot create '%s': %s", path,
                       strerror(errno));
    if (write_all(fd, data, len) < 0) {
        int e = errno;

        close(fd);
        return err_set(err, WIZ_EIO, "cannot write '%s': %s", path,
                       strerror(e));
    }
    if (close(fd) < 0)
        return err_set(err, WIZ_EIO, "cannot write '%s': %s", path,
                       strerror(errno));
    return 0;
}

int fs_write_file_new(const char *path, const void *data, size_t len,
                      struct wiz_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    int e;

    if (fd < 0) {
        if (errno == EEXIST)
            return err_set(err, WIZ_EEXIST,
                           "cannot create '%s': it already exists", path);
        return err_set(err, WIZ_EIO, "cannot create '%s': %s", path,
                       strerror(errno));
    }
    if (write_all(fd, data, len) < 0) {
        e = errno;
        close(fd);
        unlink(path);
        return err_set(err, WIZ_EIO, "cannot write '%s': %s", path,
                       strerror(e));
    }
    if (close(fd) < 0) {
        e = errno;
        unlink(path);
        return err_set(err, WIZ_EIO, "cannot write '%s': %s", path,
                       strerror(e));
    }
    return 0;
}

int fs_write_file_atomic(const char *path, const void *data, size_t len,
                         bool private_mode, struct wiz_err *err)
{
    char *tmp = xasprintf("%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    int e;

    if (fd < 0) {
        e = errno;
        free(tmp);
        return err_set(err, WIZ_EIO, "cannot create a file beside '%s': %s",
                       path, strerror(e));
    }
    if (fchmod(fd, private_mode ? 0600 : 0644) < 0 ||
        write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return err_set(err, WIZ_EIO, "cannot write '%s': %s", path,
                       strerror(e));
    }
    if (close(fd) < 0 || rename(tmp, path) < 0) {
        e = errno;
        unlink(tmp);
        free(tmp);
        return err_set(err, WIZ_EIO, "cannot replace '%s': %s", path,
                       strerror(e));
    }
    free(tmp);
    return 0;
}

int fs_mkdir_p(const char *path, struct wiz_err *err)
{
    char *p = xstrdup(path);
    size_t n = strlen(p);

    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    for (char *s = p + 1; ; s++) {
        bool end = (*s == '\0');

        if (*s == '/' || end) {
            *s = '\0';
            if (mkdir(p, 0755) < 0 && errno != EEXIST) {
                int e = errno;

                free(p);
                return err_set(err, WIZ_EIO, "cannot create folder '%s': %s",
                               path, strerror(e));
            }
            if (!end)
                *s = '/';
        }
        if (end)
            break;
    }
    if (!fs_is_dir(p)) {
        free(p);
        return err_set(err, WIZ_EIO, "cannot create folder '%s': %s", path,
                       "a file is in the way");
    }
    free(p);
    return 0;
}

int fs_remove(const char *path, struct wiz_err *err)
{
    if (unlink(path) < 0 && errno != ENOENT)
        return err_set(err, WIZ_EIO, "cannot remove '%s': %s", path,
                       strerror(errno));
    return 0;
}

int fs_os_remove_link(const char *path, const struct fs_stat *st,
                      bool *removed, struct wiz_err *err)
{
    *removed = false;
    if (st->type != FS_LINK)
        return 0;
    if (fs_remove(path, err) < 0)
        return -1;
    *removed = true;
    return 0;
}

int fs_os_rmdir(const char *path, struct wiz_err *err)
{
    if (rmdir(path) < 0)
        return err_set(err, WIZ_EIO, "cannot remove folder '%s': %s", path,
                       strerror(errno));
    return 0;
}

int fs_rename(const char *from, const char *to, struct wiz_err *err)
{
    if (rename(from, to) < 0)
        return err_set(err, WIZ_EIO, "cannot rename '%s' to '%s': %s", from,
                       to, strerror(errno));
    return 0;
}

int fs_hardlink(const char *existing, const char *newpath,
                struct wiz_err *err)
{
    if (link(existing, newpath) < 0)
        return err_set(err, WIZ_EIO, "cannot hard-link '%s' to '%s': %s",
                       newpath, existing, strerror(errno));
    return 0;
}

int fs_copy_file(const char *from, const char *to, struct wiz_err *err)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    char buf[65536];
    int out;

    if (in < 0)
        return err_set(err, WIZ_EIO, "cannot open '%s': %s", from,
                       strerror(errno));
    out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        int e = errno;

        close(in);
        return err_set(err, WIZ_EIO, "cannot create '%s': %s", to,
                       strerror(e));
    }
    for (;;) {
        ssize_t n = read(in, buf, sizeof(buf));

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n < 0) {
                int e = errno;

                close(in);
                close(out);
                return err_set(err, WIZ_EIO, "cannot read '%s': %s", from,
                               strerror(e));
            }
            break;
        }
        if (write_all(out, buf, (size_t)n) < 0) {
            int e = errno;

            close(in);
            close(out);
            return err_set(err, WIZ_EIO, "cannot write '%s': %s", to,
                           strerror(e));
        }
    }
    close(in);
    if (close(out) < 0)
        return err_set(err, WIZ_EIO, "cannot write '%s': %s", to,
                       strerror(errno));
    return 0;
}

int fs_wipe_file(const char *path, struct wiz_err *err)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    struct stat sb;
    char zeros[4096];

    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        return err_set(err, WIZ_EIO, "cannot wipe '%s': %s", path,
                       strerror(errno));
    }
    memset(zeros, 0, sizeof(zeros));
    if (fstat(fd, &sb) == 0) {
        off_t left = sb.st_size;

        while (left > 0) {
            size_t n = left > (off_t)sizeof(zeros) ? sizeof(zeros)
                                                   : (size_t)left;

            if (write_all(fd, zeros, n) < 0)
                break;
            left -= (off_t)n;
        }
        fsync(fd);
    }
    close(fd);
    return fs_remove(path, err);
}

int fs_set_ntfs_attrib(const char *path, uint32_t attr, struct wiz_err *err)
{
    unsigned char a[4] = { (unsigned char)attr, (unsigned char)(attr >> 8),
                           (unsigned char)(attr >> 16),
                           (unsigned char)(attr >> 24) };

    if (lsetxattr(path, "user.ntfs_attrib", a, sizeof(a), 0) < 0)
        return err_set(err, WIZ_EIO, "cannot mark '%s' as a cloud "
                       "placeholder (extended attribute user.ntfs_attrib): "
                       "%s", path, strerror(errno));

    /* and its folder, where a walk looks for placeholders */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : xstrdup(".");
    int r = 0;

    if (lsetxattr(dir, PLACEHOLDER_DIR_ATTR, "1", 1, 0) < 0)
        r = err_set(err, WIZ_EIO, "cannot mark folder '%s' as holding cloud "
                    "placeholders (extended attribute %s): %s", dir,
                    PLACEHOLDER_DIR_ATTR, strerror(errno));
    free(dir);
    return r;
}

int fs_set_mtime(const char *path, int64_t mtime, struct wiz_err *err)
{
    struct timespec ts[2];

    ts[0].tv_sec = (time_t)mtime;
    ts[0].tv_nsec = 0;
    ts[1] = ts[0];
    if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) < 0)
        return err_set(err, WIZ_EIO, "cannot set the time of '%s': %s", path,
                       strerror(errno));
    return 0;
}

int fs_space(const char *path, uint64_t *free_bytes, uint64_t *total_bytes,
             struct wiz_err *err)
{
    struct statvfs sv;

    if (statvfs(path, &sv) < 0)
        return err_set(err, WIZ_EIO, "cannot read the free space of '%s': %s",
                       path, strerror(errno));
    if (free_bytes)
        *free_bytes = (uint64_t)sv.f_bavail * sv.f_frsize;
    if (total_bytes)
        *total_bytes = (uint64_t)sv.f_blocks * sv.f_frsize;
    return 0;
}

bool fs_dir_is_writable(const char *path)
{
    return fs_is_dir(path) && access(path, W_OK | X_OK) == 0;
}

int fs_make_temp_dir(const char *prefix, char **out, struct wiz_err *err)
{
    const char *base = getenv("TMPDIR");
    char *tmpl;

    if (!base || !*base)
        base = "/tmp";
    tmpl = xasprintf("%s/%s.XXXXXX", base, prefix);
    if (!mkdtemp(tmpl)) {
        int e = errno;

        free(tmpl);
        *out = NULL;
        return err_set(err, WIZ_EIO, "cannot create a temporary folder: %s",
                       strerror(e));
    }
    *out = tmpl;
    return 0;
}

char *fs_state_path(const char *name)
{
    const char *base = getenv("TMPDIR");

    if (!base || !*base)
        base = "/tmp";
    return fs_join(base, name);
}

char fs_sep(void)
{
    return '/';
}

char *fs_join(const char *a, const char *b)
{
    size_t n = strlen(a);

    if (!n)
        return xstrdup(b);
    while (*b == '/')
        b++;
    if (a[n - 1] == '/')
        return xasprintf("%s%s", a, b);
    return xasprintf("%s/%s", a, b);
}

char *fs_absolute(const char *path)
{
    struct strbuf in;
    struct strbuf out;
    char cwd[PATH_MAX];

    strbuf_init(&in);
    if (path[0] != '/') {
        if (!getcwd(cwd, sizeof(cwd)))
            strcpy(cwd, "/");
        strbuf_adds(&in, cwd);
        strbuf_addch(&in, '/');
    }
    strbuf_adds(&in, path);
    strbuf_init(&out);
    const char *p = in.buf;

    while (*p) {
        while (*p == '/')
            p++;
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);

        if (len == 0)
            break;
        if (len == 1 && p[0] == '.') {
            /* skip */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            char *slash = strrchr(out.buf, '/');

            strbuf_setlen(&out, slash ? (size_t)(slash - out.buf) : 0);
        } else {
            strbuf_addch(&out, '/');
            strbuf_add(&out, p, len);
        }
        p += len;
    }
    if (!out.len)
        strbuf_addch(&out, '/');
    strbuf_release(&in);
    return strbuf_detach(&out, NULL);
}

int fs_create_sized(const char *path, const void *head, size_t head_len,
                    uint64_t size, struct wiz_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

    if (fd < 0)
        return err_set(err, WIZ_EIO, "cannot create '%s': %s", path,
                       strerror(errno));
    if (head_len > size)
        head_len = (size_t)size;
    if ((head_len && write_all(fd, head, head_len) < 0) ||
        ftruncate(fd, (off_t)size) < 0) {
        int e = errno;

        close(fd);
        return err_set(err, WIZ_EIO, "cannot write '%s': %s", path,
                       strerror(e));
    }
    if (close(fd) < 0)
        return err_set(err, WIZ_EIO, "cannot write '%s': %s", path,
                       strerror(errno));
    return 0;
}

int fs_symlink(const char *target, const char *linkpath, struct wiz_err *err)
{
    if (symlink(target, linkpath) < 0)
        return err_set(err, WIZ_EIO, "cannot create the link '%s': %s",
                       linkpath, strerror(errno));
    return 0;
}

char *fs_exe_path(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    return xstrdup(buf);
}

int fs_narrow_path(const char *path, bool allow_copy, char **out,
                   char **copy_dir, struct wiz_err *err)
{
    (void)allow_copy;
    (void)err;
    *out = xstrdup(path);
    *copy_dir = NULL;
    return 0;
}

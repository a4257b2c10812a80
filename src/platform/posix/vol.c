#define _GNU_SOURCE
#include "platform/vol.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "platform/fs.h"
#include "../common/fve_practice.h"
#include "../common/memlock.h"

#define FACTS_MAX (64 * 1024)

static enum vol_kind kind_from_name(const char *s)
{
    for (int k = VOL_FIXED; k <= VOL_UNKNOWN; k++) {
        if (str_ieq(s, vol_kind_name((enum vol_kind)k)))
            return (enum vol_kind)k;
    }
    return VOL_UNKNOWN;
}

static void add_volume(struct vol_list *list, size_t *alloc,
                       const struct vol_info *v)
{
    XGROW(list->v, *alloc, list->n + 1);
    list->v[list->n++] = *v;
}

/* Read DIR/<letter>.volume (key=value lines) into v; missing file is fine. */
static int read_facts(const char *path, struct vol_info *v,
                      bool *have_free, bool *have_total, struct wiz_err *err)
{
    char *data;
    size_t len;
    struct wiz_err e2;

    if (!fs_exists(path))
        return 0;
    if (fs_read_file(path, FACTS_MAX, &data, &len, &e2) < 0)
        return err_set(err, e2.code, "%s", e2.msg);
    char *save = NULL;

    for (char *line = strtok_r(data, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);

        if (n && line[n - 1] == '\r')
            line[--n] = '\0';
        if (!n || line[0] == '#')
            continue;
        char *eq = strchr(line, '=');

        if (!eq)
            continue;
        *eq = '\0';
        const char *key = line;
        const char *val = eq + 1;
        uint64_t num;

        if (str_ieq(key, "label")) {
            free(v->label);
            v->label = xstrdup(val);
        } else if (str_ieq(key, "fs")) {
            free(v->fs);
            v->fs = xstrdup(val);
        } else if (str_ieq(key, "kind")) {
            v->kind = kind_from_name(val);
        } else if (str_ieq(key, "total") && str_to_u64(val, &num) == 0) {
            v->total_bytes = num;
            *have_total = true;
        } else if (str_ieq(key, "free") && str_to_u64(val, &num) == 0) {
            v->free_bytes = num;
            *have_free = true;
        } else if (str_ieq(key, "locked")) {
            v->locked = !strcmp(val, "1") || str_ieq(val, "yes");
        } else if (str_ieq(key, "readonly")) {
            v->readonly = !strcmp(val, "1") || str_ieq(val, "yes");
        }
    }
    free(data);
    return 0;
}

static int cmp_letter(const void *a, const void *b)
{
    const struct vol_info *x = a;
    const struct vol_info *y = b;

    return (int)x->letter - (int)y->letter;
}

static int enumerate_root(const char *root, struct vol_list *list,
                          struct wiz_err *err)
{
    struct fs_dir *d;
    const char *name;
    size_t alloc = 0;
    int r;

    if (fs_dir_open(root, &d, err) < 0)
        return err_prefix(err, "cannot read volume root");
    while ((r = fs_dir_next(d, &name, err)) == 1) {
        char letter = name[0];

        if (letter >= 'a' && letter <= 'z')
            letter = (char)(letter - 'a' + 'A');
        if (!(letter >= 'A' && letter <= 'Z') || name[1] != '\0')
            continue;
        char *path = fs_join(root, name);

        if (!fs_is_dir(path)) {
            free(path);
            continue;
        }
        struct vol_info v;
        bool have_free = false;
        bool have_total = false;

        memset(&v, 0, sizeof(v));
        v.letter = letter;
        v.root = path;
        v.label = xstrdup("");
        v.fs = xstrdup("NTFS");
        v.kind = letter == 'X' ? VOL_RAM : VOL_FIXED;
        char *facts = xasprintf("%s.volume", path);

        if (read_facts(facts, &v, &have_free, &have_total, err) < 0) {
            free(facts);
            free(v.root);
            free(v.label);
            free(v.fs);
            fs_dir_close(d);
            return -1;
        }
        free(facts);
        if (!have_free || !have_total) {
            uint64_t fr = 0;
            uint64_t tot = 0;

            if (fs_space(path, &fr, &tot, NULL) == 0) {
                if (!have_free)
                    v.free_bytes = fr;
                if (!have_total)
                    v.total_bytes = tot;
            }
        }
        add_volume(list, &alloc, &v);
    }
    fs_dir_close(d);
    if (r < 0)
        return -1;
    qsort(list->v, list->n, sizeof(list->v[0]), cmp_letter);
    return 0;
}

/* Unescape the octal escapes of /proc/mounts fields. */
static char *unescape_mount(const char *s)
{
    struct strbuf sb;

    strbuf_init(&sb);
    for (; *s; s++) {
        if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
            strbuf_addch(&sb, (s[1] - '0') * 64 + (s[2] - '0') * 8 +
                                  (s[3] - '0'));
            s += 3;
        } else {
            strbuf_addch(&sb, *s);
        }
    }
    return strbuf_detach(&sb, NULL);
}

static int enumerate_mounts(struct vol_list *list, struct wiz_err *err)
{
    FILE *f = fopen("/proc/mounts", "r");
    char line[4096];
    size_t alloc = 0;

    if (!f)
        return err_set(err, WIZ_EIO, "cannot read '/proc/mounts': %s",
                       strerror(errno));
    while (fgets(line, sizeof(line), f)) {
        char dev[1024];
        char mnt[1024];
        char type[64];
        char opts[1024];

        if (sscanf(line, "%1023s %1023s %63s %1023s", dev, mnt, type,
                   opts) != 4)
            continue;
        const char *fsname = NULL;

        if (!strcmp(type, "ntfs") || !strcmp(type, "ntfs3") ||
            (!strcmp(type, "fuseblk") && strstr(line, "ntfs")))
            fsname = "NTFS";
        else if (!strcmp(type, "vfat"))
            fsname = "FAT32";
        else if (!strcmp(type, "exfat"))
            fsname = "exFAT";
        if (!fsname)
            continue;
        struct vol_info v;

        memset(&v, 0, sizeof(v));
        v.root = unescape_mount(mnt);
        v.label = xstrdup("");
        v.fs = xstrdup(fsname);
        v.kind = strcmp(fsname, "NTFS") ? VOL_REMOVABLE : VOL_FIXED;
        v.readonly = !strncmp(opts, "ro", 2) && (opts[2] == ',' ||
                                                 opts[2] == '\0');
        fs_space(v.root, &v.free_bytes, &v.total_bytes, NULL);
        add_volume(list, &alloc, &v);
    }
    fclose(f);
    return 0;
}

int vol_enumerate(const char *volume_root, struct vol_list *list,
                  struct wiz_err *err)
{
    list->v = NULL;
    list->n = 0;
    if (volume_root)
        return enumerate_root(volume_root, list, err);
    return enumerate_mounts(list, err);
}



/* ---- BitLocker --------------------------------------------------------- */

/*
 * Only practice volumes can be locked here: a mounted NTFS file system is
 * already readable (Linux cannot mount a locked one without dislocker).
 */
static int not_practice(const struct vol_info *v, struct wiz_err *err)
{
    return err_set(err, WIZ_EUSAGE, "volume '%s' is no practice volume: "
                   "BitLocker volumes are unlocked in Windows PE", v->root ?
                   v->root : "?");
}

int vol_key_protectors(const struct vol_info *v, struct vol_protector **out,
                       size_t *n, struct wiz_err *err)
{
    *out = NULL;
    *n = 0;
    if (!fve_practice_is(v))
        return not_practice(v, err);
    return fve_practice_protectors(v, out, n, err);
}

int vol_unlock_recovery(const struct vol_info *v, const char *password,
                        struct wiz_err *err)
{
    if (!fve_practice_is(v))
        return not_practice(v, err);
    return fve_practice_unlock(v, VOL_PROT_RECOVERY, password,
                               strlen(password), err);
}

#define BEK_MAX (64 * 1024)

int vol_unlock_bek(const struct vol_info *v, const char *bek_host,
                   struct wiz_err *err)
{
    char *data;
    size_t len;
    int r;

    if (!fve_practice_is(v))
        return not_practice(v, err);
    if (fs_read_file(bek_host, BEK_MAX, &data, &len, err) < 0)
        return err_prefix(err, "cannot read the key file");
    r = fve_practice_unlock(v, VOL_PROT_BEK, data, len, err);
    memlock_os_wipe(data, len);
    free(data);
    return r;
}

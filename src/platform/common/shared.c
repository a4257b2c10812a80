/*
 * The parts of the platform contract that are the same on every system:
 * names, reading a line, writing a practice volume's facts file, freeing
 * an environment copy or a volume list.  Built
 * with whichever platform is chosen.
 */
#include "platform/sys.h"
#include "platform/vol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "platform/fs.h"

const char *sys_arch_name(enum sys_arch arch)
{
    switch (arch) {
    case SYS_ARCH_X86:
        return "x86";
    case SYS_ARCH_AMD64:
        return "amd64";
    case SYS_ARCH_ARM64:
        return "arm64";
    default:
        return "unknown";
    }
}

int sys_read_line(char *buf, size_t size)
{
    if (!fgets(buf, (int)size, stdin))
        return -1;
    size_t n = strlen(buf);

    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return (int)n;
}

const char *vol_kind_name(enum vol_kind kind)
{
    static const char *const names[] = { "fixed", "removable", "network",
                                         "cdrom", "ram", "unknown" };

    return (unsigned)kind <= VOL_UNKNOWN ? names[kind] : "unknown";
}

int vol_write_facts(const char *volume_root, const struct vol_info *info,
                    struct wiz_err *err)
{
    struct strbuf sb;
    char name[3] = { info->letter, '\0', '\0' };
    char *dir = fs_join(volume_root, name);
    char *path = xasprintf("%s.volume", dir);
    int r;

    strbuf_init(&sb);
    strbuf_adds(&sb, "# usmtwiz practice volume facts\n");
    strbuf_addf(&sb, "label=%s\n", info->label ? info->label : "");
    strbuf_addf(&sb, "fs=%s\n", info->fs ? info->fs : "");
    strbuf_addf(&sb, "kind=%s\n", vol_kind_name(info->kind));
    strbuf_addf(&sb, "total=%llu\n", (unsigned long long)info->total_bytes);
    strbuf_addf(&sb, "free=%llu\n", (unsigned long long)info->free_bytes);
    strbuf_addf(&sb, "locked=%d\n", info->locked ? 1 : 0);
    strbuf_addf(&sb, "readonly=%d\n", info->readonly ? 1 : 0);
    r = fs_write_file(path, sb.buf, sb.len, err);
    strbuf_release(&sb);
    free(path);
    free(dir);
    return r;
}

void sys_env_free(char **env)
{
    if (!env)
        return;
    for (size_t i = 0; env[i]; i++)
        free(env[i]);
    free(env);
}

void vol_list_release(struct vol_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->v[i].root);
        free(list->v[i].label);
        free(list->v[i].fs);
    }
    free(list->v);
    list->v = NULL;
    list->n = 0;
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "winfake.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "lab/regf.h"
#include "platform/fs.h"

static void mkparent(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    struct wiz_err err;

    if (slash && slash != dir) {
        *slash = '\0';
        if (fs_mkdir_p(dir, &err) < 0)
            fail_msg("%s", err.msg);
    }
    free(dir);
}

struct hive *winfake_hive_new(const char *path)
{
    struct wiz_err err;

    mkparent(path);
    if (regf_create_empty(path, "ROOT", 1700000000, &err) < 0)
        fail_msg("%s", err.msg);
    return winfake_hive_edit(path);
}

struct hive *winfake_hive_edit(const char *path)
{
    struct wiz_err err;
    struct hive *h;

    if (hive_open(path, true, &h, &err) < 0)
        fail_msg("%s", err.msg);
    return h;
}

void winfake_hive_done(struct hive *h)
{
    struct wiz_err err;

    if (hive_commit(h, NULL, &err) < 0)
        fail_msg("%s", err.msg);
    hive_close(h);
}

static size_t mk(struct hive *h, const char *key)
{
    struct wiz_err err;
    size_t node;

    if (!*key)
        return hive_root(h);
    if (hive_mkpath(h, key, &node, &err) < 0)
        fail_msg("%s", err.msg);
    return node;
}

void winfake_key(struct hive *h, const char *key)
{
    mk(h, key);
}

void winfake_raw(struct hive *h, const char *key, const char *name,
                 uint32_t type, const void *data, size_t len)
{
    struct wiz_err err;

    if (hive_set_value(h, mk(h, key), name, type, data, len, &err) < 0)
        fail_msg("%s", err.msg);
}

static void str_value(struct hive *h, const char *key, const char *name,
                      uint32_t type, const char *value)
{
    size_t len;
    unsigned char *w = utf8_to_utf16le(value, strlen(value), &len);

    winfake_raw(h, key, name, type, w, len + 2);
    free(w);
}

void winfake_sz(struct hive *h, const char *key, const char *name,
                const char *value)
{
    str_value(h, key, name, HIVE_REG_SZ, value);
}

void winfake_expand_sz(struct hive *h, const char *key, const char *name,
                       const char *value)
{
    str_value(h, key, name, HIVE_REG_EXPAND_SZ, value);
}

void winfake_dword(struct hive *h, const char *key, const char *name,
                   uint32_t value)
{
    unsigned char b[4];

    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(value >> (8 * i));
    winfake_raw(h, key, name, HIVE_REG_DWORD, b, 4);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void winfake_sam_user(struct hive *h, const char *name, uint32_t rid,
                      const char *full_name)
{
    char *key = xasprintf("SAM\\Domains\\Account\\Users\\Names\\%s", name);
    size_t nl;
    size_t fl;
    unsigned char *wn = utf8_to_utf16le(name, strlen(name), &nl);
    unsigned char *wf = utf8_to_utf16le(full_name, strlen(full_name), &fl);
    size_t len = 0xCC + nl + fl;
    unsigned char *v = xcalloc(1, len);

    winfake_raw(h, key, "", rid, NULL, 0);
    free(key);
    put32(v + 0x0C, 0);
    put32(v + 0x10, (uint32_t)nl);
    put32(v + 0x18, (uint32_t)nl);
    put32(v + 0x1C, (uint32_t)fl);
    memcpy(v + 0xCC, wn, nl);
    memcpy(v + 0xCC + nl, wf, fl);
    key = xasprintf("SAM\\Domains\\Account\\Users\\%08X", (unsigned)rid);
    winfake_raw(h, key, "V", HIVE_REG_BINARY, v, len);
    free(key);
    free(v);
    free(wn);
    free(wf);
}

void winfake_sam_machine(struct hive *h, uint32_t a, uint32_t b, uint32_t c)
{
    unsigned char v[0x40 + 24];

    memset(v, 0, sizeof(v));
    unsigned char *s = v + 0x40;

    s[0] = 1;
    s[1] = 4;
    s[7] = 5;
    put32(s + 8, 21);
    put32(s + 12, a);
    put32(s + 16, b);
    put32(s + 20, c);
    winfake_raw(h, "SAM\\Domains\\Account", "V", HIVE_REG_BINARY, v,
                sizeof(v));
}

char *winfake_config(const char *windir, const char *name)
{
    return xasprintf("%s/System32/config/%s", windir, name);
}

char *winfake_install(const char *voldir, const struct winfake_os *os)
{
    char *windir = fs_join(voldir, os->windows ? os->windows : "Windows");
    char *p = winfake_config(windir, "SOFTWARE");
    struct hive *h = winfake_hive_new(p);
    const char *cv = "Microsoft\\Windows NT\\CurrentVersion";
    struct wiz_err err;

    free(p);
    if (os->product)
        winfake_sz(h, cv, "ProductName", os->product);
    if (os->build) {
        winfake_sz(h, cv, "CurrentBuild", os->build);
        winfake_sz(h, cv, "CurrentBuildNumber", os->build);
        winfake_dword(h, cv, "CurrentMajorVersionNumber", 10);
        winfake_sz(h, cv, "CurrentVersion", "6.3");
    }
    winfake_dword(h, cv, "UBR", os->ubr);
    winfake_sz(h, cv, "EditionID", "Professional");
    winfake_sz(h, cv, "DisplayVersion", "23H2");
    winfake_sz(h, cv, "InstallationType", "Client");
    winfake_sz(h, cv, "SystemRoot", "C:\\Windows");
    winfake_expand_sz(h, "Microsoft\\Windows NT\\CurrentVersion\\ProfileList",
                      "ProfilesDirectory", "%SystemDrive%\\Users");
    winfake_hive_done(h);

    p = winfake_config(windir, "SYSTEM");
    h = winfake_hive_new(p);
    free(p);
    winfake_dword(h, "Select", "Current", 1);
    const char *cs = "ControlSet001";
    char *k = xasprintf("%s\\Control\\Session Manager\\Environment", cs);

    if (os->arch)
        winfake_sz(h, k, "PROCESSOR_ARCHITECTURE", os->arch);
    free(k);
    k = xasprintf("%s\\Control\\ComputerName\\ComputerName", cs);
    winfake_sz(h, k, "ComputerName", os->computer ? os->computer : "PC1");
    free(k);
    k = xasprintf("%s\\Services\\Tcpip\\Parameters", cs);
    winfake_sz(h, k, "Domain", os->domain ? os->domain : "");
    free(k);
    winfake_hive_done(h);

    p = winfake_config(windir, "SAM");
    h = winfake_hive_new(p);
    free(p);
    winfake_sam_machine(h, 111, 222, 333);
    winfake_sam_user(h, "Administrator", 500, "");
    winfake_sam_user(h, "Guest", 501, "");
    winfake_hive_done(h);
    if (os->wow64) {
        p = fs_join(windir, "SysWOW64");
        if (fs_mkdir_p(p, &err) < 0)
            fail_msg("%s", err.msg);
        free(p);
    }
    return windir;
}

/*
 * Benchmark volume generator: writes an offline Windows volume at DIR/C
 * whose SOFTWARE hive is large (default >= 100 MB of realistic bulk: COM
 * classes, file types, uninstall entries) with many profiles in
 * ProfileList, a SYSTEM and a SAM hive, and profile folders full of small
 * files.  The hives are written directly in regf format (building a
 * hundred megabytes through hivex's write API would take hours; see
 * tests/support/regbulk.c).
 *
 *   genvol DIR [PROFILES [FILES [CLASSES]]]
 *
 * A test tool, not part of usmtwiz: it uses POSIX directly.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static void die_msg(const char *what)
{
    fprintf(stderr, "genvol: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

#include "../support/regbulk.h"

/* ---- contents ----------------------------------------------------------- */

#define CV "Microsoft\\Windows NT\\CurrentVersion"
#define MSID "S-1-5-21-1111111111-2222222222-3333333333"

static void guid(char *buf, size_t n, unsigned i, unsigned salt)
{
    snprintf(buf, n, "{%08X-%04X-%04X-%04X-%012X}", i * 2654435761u ^ salt,
             i & 0xffff, (i >> 3) & 0xffff, salt & 0xffff, i * 7919u);
}

static void gen_software(const char *path, unsigned profiles,
                         unsigned classes)
{
    struct key *r = key_new("ROOT");
    char k[512];
    char v[512];

    set_sz(r, CV, "ProductName", 1, "Windows 10 Enterprise");
    set_sz(r, CV, "EditionID", 1, "Enterprise");
    set_sz(r, CV, "DisplayVersion", 1, "23H2");
    set_sz(r, CV, "CurrentBuild", 1, "22631");
    set_sz(r, CV, "CurrentBuildNumber", 1, "22631");
    set_sz(r, CV, "CurrentVersion", 1, "6.3");
    set_dword(r, CV, "CurrentMajorVersionNumber", 10);
    set_dword(r, CV, "UBR", 2861);
    set_sz(r, CV, "InstallationType", 1, "Client");
    set_sz(r, CV, "SystemRoot", 1, "C:\\Windows");
    set_sz(r, CV "\\ProfileList", "ProfilesDirectory", 2,
           "%SystemDrive%\\Users");
    for (unsigned i = 0; i < profiles; i++) {
        snprintf(k, sizeof(k), CV "\\ProfileList\\" MSID "-%u", 1001 + i);
        snprintf(v, sizeof(v), "C:\\Users\\user%03u", i);
        set_sz(r, k, "ProfileImagePath", 2, v);
        set_dword(r, k, "State", 0);
        set_dword(r, k, "Flags", 0);
        set_dword(r, k, "LocalProfileLoadTimeLow", 0xd53e8000u + i);
        set_dword(r, k, "LocalProfileLoadTimeHigh", 0x01d9a000u);
    }
    /* bulk: COM classes with their servers, file types, uninstall keys */
    for (unsigned i = 0; i < classes; i++) {
        char g[64];

        guid(g, sizeof(g), i, 0x5a5a);
        snprintf(k, sizeof(k), "Classes\\CLSID\\%s", g);
        snprintf(v, sizeof(v), "Contoso Component Object %u", i);
        set_sz(r, k, "", 1, v);
        snprintf(k, sizeof(k), "Classes\\CLSID\\%s\\InprocServer32", g);
        snprintf(v, sizeof(v),
                 "C:\\Program Files\\Contoso\\Suite %u\\bin\\component%u.dll",
                 i % 97, i);
        set_sz(r, k, "", 2, v);
        set_sz(r, k, "ThreadingModel", 1, i % 3 ? "Both" : "Apartment");
        if (i % 4 == 0) {
            snprintf(k, sizeof(k), "Classes\\.ext%06u", i / 4);
            snprintf(v, sizeof(v), "Contoso.Document.%u", i / 4);
            set_sz(r, k, "", 1, v);
            set_sz(r, k, "Content Type", 1, "application/octet-stream");
        }
        if (i % 40 == 0) {
            snprintf(k, sizeof(k),
                     "Microsoft\\Windows\\CurrentVersion\\Uninstall\\%s", g);
            snprintf(v, sizeof(v), "Contoso Application %u", i / 40);
            set_sz(r, k, "DisplayName", 1, v);
            set_sz(r, k, "DisplayVersion", 1, "12.4.1.1009");
            set_sz(r, k, "Publisher", 1, "Contoso Ltd.");
            snprintf(v, sizeof(v), "MsiExec.exe /X%s", g);
            set_sz(r, k, "UninstallString", 2, v);
            set_dword(r, k, "EstimatedSize", 40960 + i);
        }
    }
    write_hive(path, r);
    key_free(r);
}

static void gen_system(const char *path)
{
    struct key *r = key_new("ROOT");
    unsigned char ft[8] = { 0, 0x80, 0x3e, 0xd5, 0, 0xa0, 0xd9, 0x01 };

    set_dword(r, "Select", "Current", 1);
    set_dword(r, "Select", "Default", 1);
    set_sz(r, "ControlSet001\\Control\\Session Manager\\Environment",
           "PROCESSOR_ARCHITECTURE", 1, "AMD64");
    set_sz(r, "ControlSet001\\Control\\ComputerName\\ComputerName",
           "ComputerName", 1, "BENCH-PC");
    set_sz(r, "ControlSet001\\Services\\Tcpip\\Parameters", "Hostname", 1,
           "BENCH-PC");
    set_sz(r, "ControlSet001\\Services\\Tcpip\\Parameters", "Domain", 1,
           "contoso.com");
    key_val(key_path(r, "ControlSet001\\Control\\Windows"), "ShutdownTime",
            3, ft, 8);
    for (unsigned i = 0; i < 2000; i++) {
        char k[256];

        snprintf(k, sizeof(k), "ControlSet001\\Services\\svc%04u", i);
        set_sz(r, k, "ImagePath", 2, "%SystemRoot%\\System32\\svchost.exe");
        set_dword(r, k, "Start", 3);
        set_dword(r, k, "Type", 32);
    }
    write_hive(path, r);
    key_free(r);
}

static void gen_sam(const char *path, unsigned profiles)
{
    struct key *r = key_new("ROOT");
    unsigned char v[0x40 + 24];

    memset(v, 0, sizeof(v));
    unsigned char *s = v + 0x40;

    s[0] = 1;
    s[1] = 4;
    s[7] = 5;
    put32(s + 8, 21);
    put32(s + 12, 1111111111u);
    put32(s + 16, 2222222222u);
    put32(s + 20, 3333333333u);
    key_val(key_path(r, "SAM\\Domains\\Account"), "V", 3, v, sizeof(v));
    for (unsigned i = 0; i < profiles; i++) {
        char k[256];
        char name[32];
        unsigned char uv[0xCC + 64];
        size_t nl;

        snprintf(name, sizeof(name), "user%03u", i);
        nl = strlen(name);
        snprintf(k, sizeof(k), "SAM\\Domains\\Account\\Users\\Names\\%s",
                 name);
        key_val(key_path(r, k), "", 1001 + i, "", 0);
        memset(uv, 0, sizeof(uv));
        put32(uv + 0x10, (uint32_t)(2 * nl));
        for (size_t j = 0; j < nl; j++)
            uv[0xCC + 2 * j] = (unsigned char)name[j];
        snprintf(k, sizeof(k), "SAM\\Domains\\Account\\Users\\%08X",
                 1001 + i);
        key_val(key_path(r, k), "V", 3, uv, (uint32_t)(0xCC + 2 * nl));
    }
    write_hive(path, r);
    key_free(r);
}

static void mkdirs(const char *path)
{
    char buf[4096];

    snprintf(buf, sizeof(buf), "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0755) < 0 && errno != EEXIST)
                die_msg(buf);
            *p = '/';
        }
    }
    if (mkdir(buf, 0755) < 0 && errno != EEXIST)
        die_msg(buf);
}

/* Profile folders: a spread of nested folders with small files. */
static void gen_files(const char *vol, unsigned profiles, unsigned files)
{
    static const char *const dirs[] = {
        "Documents", "Documents/Projects/2023", "Documents/Projects/2024",
        "Pictures/Camera Roll", "Desktop", "Downloads",
        "AppData/Roaming/Microsoft/Windows/Recent",
        "AppData/Local/Microsoft/Edge/User Data/Default/Cache/Cache_Data",
        "AppData/Local/Temp", "AppData/Roaming/Contoso/Settings",
    };
    const unsigned nd = sizeof(dirs) / sizeof(dirs[0]);
    char path[4096];
    unsigned per = profiles ? files / profiles : 0;
    unsigned extra = profiles ? files % profiles : 0;

    for (unsigned u = 0; u < profiles; u++) {
        unsigned n = per + (u < extra ? 1 : 0);

        for (unsigned d = 0; d < nd; d++) {
            snprintf(path, sizeof(path), "%s/Users/user%03u/%s", vol, u,
                     dirs[d]);
            mkdirs(path);
        }
        snprintf(path, sizeof(path), "%s/Users/user%03u/NTUSER.DAT", vol, u);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

        if (fd < 0 || ftruncate(fd, 262144) < 0 || close(fd) < 0)
            die_msg(path);
        for (unsigned i = 0; i < n; i++) {
            snprintf(path, sizeof(path), "%s/Users/user%03u/%s/file%05u.dat",
                     vol, u, dirs[i % nd], i);
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || ftruncate(fd, (off_t)((i * 7919u) % 65536)) < 0 ||
                close(fd) < 0)
                die_msg(path);
        }
        /* a junction-like link back to the profile, never to be followed */
        snprintf(path, sizeof(path), "%s/Users/user%03u/Application Data",
                 vol, u);
        if (symlink("AppData/Roaming", path) < 0 && errno != EEXIST)
            die_msg(path);
    }
}

int main(int argc, char **argv)
{
    char path[4096];

    if (argc < 2) {
        fputs("usage: genvol DIR [PROFILES [FILES [CLASSES]]]\n", stderr);
        return 2;
    }
    unsigned profiles = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 300;
    unsigned files = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 200000;
    unsigned classes =
        argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : 290000;

    snprintf(path, sizeof(path), "%s/C/Windows/System32/config", argv[1]);
    mkdirs(path);
    snprintf(path, sizeof(path), "%s/C/Windows/SysWOW64", argv[1]);
    mkdirs(path);
    snprintf(path, sizeof(path), "%s/C/Windows/System32/config/SOFTWARE",
             argv[1]);
    gen_software(path, profiles, classes);
    snprintf(path, sizeof(path), "%s/C/Windows/System32/config/SYSTEM",
             argv[1]);
    gen_system(path);
    snprintf(path, sizeof(path), "%s/C/Windows/System32/config/SAM", argv[1]);
    gen_sam(path, profiles);
    snprintf(path, sizeof(path), "%s/C", argv[1]);
    gen_files(path, profiles, files);
    return 0;
}

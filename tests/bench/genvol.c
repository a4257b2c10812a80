/*
 * Benchmark volume generator: writes an offline Windows volume at DIR/C
 * whose SOFTWARE hive is large (default >= 100 MB of realistic bulk: COM
 * classes, file types, uninstall entries) with many profiles in
 * ProfileList, a SYSTEM and a SAM hive, and profile folders full of small
 * files.  The hives are written directly in regf format (building a
 * hundred megabytes through hivex's write API would take hours).
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

enum { BLOCK = 4096, HBIN_HDR = 32 };

static void die_msg(const char *what)
{
    fprintf(stderr, "genvol: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void *xmalloc_or_die(size_t n)
{
    void *p = calloc(1, n ? n : 1);

    if (!p)
        die_msg("out of memory");
    return p;
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc_or_die(n);

    memcpy(p, s, n);
    return p;
}

/* ---- the in-memory tree ------------------------------------------------- */

struct val {
    char *name;
    uint32_t type;
    unsigned char *data;
    uint32_t len;
};

struct key {
    char *name;
    struct key **kids;
    size_t nkids, akids;
    struct val *vals;
    size_t nvals, avals;
};

static struct key *key_new(const char *name)
{
    struct key *k = xmalloc_or_die(sizeof(*k));

    k->name = dupstr(name);
    return k;
}

/* Child by name (ASCII case-insensitive), created when missing. */
static struct key *key_child(struct key *k, const char *name)
{
    /* the last child is the usual hit while generating in order */
    for (size_t i = k->nkids; i > 0; i--) {
        if (!strcasecmp(k->kids[i - 1]->name, name))
            return k->kids[i - 1];
        if (k->nkids - i > 4)
            break;
    }
    if (k->nkids == k->akids) {
        k->akids = k->akids ? 2 * k->akids : 4;
        k->kids = realloc(k->kids, k->akids * sizeof(*k->kids));
        if (!k->kids)
            die_msg("out of memory");
    }
    struct key *c = key_new(name);

    k->kids[k->nkids++] = c;
    return c;
}

static struct key *key_path(struct key *root, const char *path)
{
    char buf[1024];
    struct key *k = root;

    snprintf(buf, sizeof(buf), "%s", path);
    for (char *p = strtok(buf, "\\"); p; p = strtok(NULL, "\\"))
        k = key_child(k, p);
    return k;
}

static void key_val(struct key *k, const char *name, uint32_t type,
                    const void *data, uint32_t len)
{
    if (k->nvals == k->avals) {
        k->avals = k->avals ? 2 * k->avals : 4;
        k->vals = realloc(k->vals, k->avals * sizeof(*k->vals));
        if (!k->vals)
            die_msg("out of memory");
    }
    struct val *v = &k->vals[k->nvals++];

    v->name = dupstr(name);
    v->type = type;
    v->len = len;
    v->data = xmalloc_or_die(len);
    memcpy(v->data, data, len);
}

static void set_sz(struct key *root, const char *path, const char *name,
                   uint32_t type, const char *s)
{
    size_t n = strlen(s);
    unsigned char *w = xmalloc_or_die(2 * n + 2);

    for (size_t i = 0; i < n; i++)
        w[2 * i] = (unsigned char)s[i];     /* ASCII only here */
    key_val(key_path(root, path), name, type, w, (uint32_t)(2 * n + 2));
    free(w);
}

static void set_dword(struct key *root, const char *path, const char *name,
                      uint32_t v)
{
    unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                           (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24) };

    key_val(key_path(root, path), name, 4, b, 4);
}

/* ---- regf serialisation ------------------------------------------------- */

struct out {
    unsigned char *buf;
    size_t len, alloc;      /* bytes of hbins written so far */
    size_t bin_start;       /* offset of the current hbin */
    size_t bin_end;
    uint32_t sk_off;
    uint32_t nkeys;
};

static void put16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

static void grow(struct out *o, size_t need)
{
    if (need <= o->alloc)
        return;
    size_t a = o->alloc ? o->alloc : (1 << 20);

    while (a < need)
        a *= 2;
    o->buf = realloc(o->buf, a);
    if (!o->buf)
        die_msg("out of memory");
    memset(o->buf + o->alloc, 0, a - o->alloc);
    o->alloc = a;
}

static void close_bin(struct out *o)
{
    if (o->bin_end > o->len)
        put32(o->buf + o->len, (uint32_t)(o->bin_end - o->len));
    o->len = o->bin_end;
}

static void open_bin(struct out *o, size_t size)
{
    size = (size + BLOCK - 1) / BLOCK * BLOCK;
    grow(o, o->len + size);
    o->bin_start = o->len;
    o->bin_end = o->len + size;
    memcpy(o->buf + o->bin_start, "hbin", 4);
    put32(o->buf + o->bin_start + 4, (uint32_t)o->bin_start);
    put32(o->buf + o->bin_start + 8, (uint32_t)size);
    o->len += HBIN_HDR;
}

/* A new allocated cell of data size n; returns its offset. */
static uint32_t cell(struct out *o, size_t n)
{
    size_t size = (n + 4 + 7) & ~(size_t)7;

    if (o->len + size > o->bin_end) {
        close_bin(o);
        open_bin(o, size + HBIN_HDR > BLOCK ? size + HBIN_HDR : BLOCK);
    }
    uint32_t off = (uint32_t)o->len;

    put32(o->buf + off, (uint32_t) - (int32_t)size);
    o->len += size;
    return off;
}

static uint32_t lh_hash(const char *name)
{
    uint32_t h = 0;

    for (const char *p = name; *p; p++)
        h = h * 37 + (uint32_t)toupper((unsigned char)*p);
    return h;
}

static int cmp_key(const void *a, const void *b)
{
    const struct key *x = *(struct key *const *)a;
    const struct key *y = *(struct key *const *)b;

    return strcasecmp(x->name, y->name);
}

static uint32_t write_key(struct out *o, struct key *k, uint32_t parent,
                          int root);

static uint32_t write_values(struct out *o, struct key *k, uint32_t *maxname,
                             uint32_t *maxdata)
{
    uint32_t list = cell(o, 4 * k->nvals);

    for (size_t i = 0; i < k->nvals; i++) {
        struct val *v = &k->vals[i];
        size_t nl = strlen(v->name);
        uint32_t vk = cell(o, 20 + nl);
        unsigned char *p = o->buf + vk + 4;

        memcpy(p, "vk", 2);
        put16(p + 2, (uint32_t)nl);
        if (v->len <= 4) {
            put32(p + 4, v->len | 0x80000000u);
            memcpy(p + 8, v->data, v->len);
        } else {
            uint32_t d = cell(o, v->len);

            p = o->buf + vk + 4;    /* cell() may have moved the buffer */
            memcpy(o->buf + d + 4, v->data, v->len);
            put32(p + 4, v->len);
            put32(p + 8, d);
        }
        put32(p + 12, v->type);
        put16(p + 16, 1);           /* ASCII name */
        memcpy(p + 20, v->name, nl);
        put32(o->buf + list + 4 + 4 * i, vk);
        if (2 * nl > *maxname)
            *maxname = (uint32_t)(2 * nl);
        if (v->len > *maxdata)
            *maxdata = v->len;
    }
    return list;
}

/* Subkey index: one lh list, or an ri of lh lists of at most 512. */
static uint32_t write_index(struct out *o, struct key *k,
                            const uint32_t *offs)
{
    enum { CHUNK = 512 };

    if (k->nkids <= CHUNK) {
        uint32_t lh = cell(o, 4 + 8 * k->nkids);
        unsigned char *p = o->buf + lh + 4;

        memcpy(p, "lh", 2);
        put16(p + 2, (uint32_t)k->nkids);
        for (size_t i = 0; i < k->nkids; i++) {
            put32(p + 4 + 8 * i, offs[i]);
            put32(p + 8 + 8 * i, lh_hash(k->kids[i]->name));
        }
        return lh;
    }
    size_t nchunks = (k->nkids + CHUNK - 1) / CHUNK;
    uint32_t *lists = xmalloc_or_die(nchunks * sizeof(*lists));

    for (size_t c = 0; c < nchunks; c++) {
        size_t from = c * CHUNK;
        size_t n = k->nkids - from < CHUNK ? k->nkids - from : CHUNK;
        uint32_t lh = cell(o, 4 + 8 * n);
        unsigned char *p = o->buf + lh + 4;

        memcpy(p, "lh", 2);
        put16(p + 2, (uint32_t)n);
        for (size_t i = 0; i < n; i++) {
            put32(p + 4 + 8 * i, offs[from + i]);
            put32(p + 8 + 8 * i, lh_hash(k->kids[from + i]->name));
        }
        lists[c] = lh;
    }
    uint32_t ri = cell(o, 4 + 4 * nchunks);
    unsigned char *p = o->buf + ri + 4;

    memcpy(p, "ri", 2);
    put16(p + 2, (uint32_t)nchunks);
    for (size_t c = 0; c < nchunks; c++)
        put32(p + 4 + 4 * c, lists[c]);
    free(lists);
    return ri;
}

static uint32_t write_key(struct out *o, struct key *k, uint32_t parent,
                          int root)
{
    size_t nl = strlen(k->name);
    uint32_t nk = cell(o, 76 + nl);
    uint32_t maxname = 0, maxdata = 0, maxsub = 0;
    uint32_t vlist = 0xffffffffu, slist = 0xffffffffu;

    o->nkeys++;
    if (k->nvals)
        vlist = write_values(o, k, &maxname, &maxdata);
    if (k->nkids) {
        uint32_t *offs = xmalloc_or_die(k->nkids * sizeof(*offs));

        qsort(k->kids, k->nkids, sizeof(*k->kids), cmp_key);
        for (size_t i = 0; i < k->nkids; i++) {
            offs[i] = write_key(o, k->kids[i], nk, 0);
            if (2 * strlen(k->kids[i]->name) > maxsub)
                maxsub = (uint32_t)(2 * strlen(k->kids[i]->name));
        }
        slist = write_index(o, k, offs);
        free(offs);
    }
    unsigned char *p = o->buf + nk + 4;

    memcpy(p, "nk", 2);
    put16(p + 2, 0x20 | (root ? 0x0c : 0));
    put32(p + 4, 0xd53e8000u);              /* a plausible FILETIME */
    put32(p + 8, 0x01d9a000u);
    put32(p + 16, root ? 0xffffffffu : parent);
    put32(p + 20, (uint32_t)k->nkids);
    put32(p + 28, slist);
    put32(p + 32, 0xffffffffu);
    put32(p + 36, (uint32_t)k->nvals);
    put32(p + 40, vlist);
    put32(p + 44, o->sk_off);
    put32(p + 48, 0xffffffffu);
    put32(p + 52, maxsub);
    put32(p + 60, maxname);
    put32(p + 64, maxdata);
    put16(p + 72, (uint32_t)nl);
    memcpy(p + 76, k->name, nl);
    return nk;
}

/* One security cell shared by every key: owner and group Administrators. */
static void write_sk(struct out *o)
{
    static const unsigned char sd[] = {
        1, 0, 0x04, 0x80, 20, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0, 52, 0, 0, 0,
        /* owner S-1-5-32-544 */
        1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0,
        /* group S-1-5-32-544 */
        1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0,
        /* DACL: one ACE, Everyone full access */
        2, 0, 28, 0, 1, 0, 0, 0,
        0, 2, 20, 0, 0x3f, 0, 0x0f, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
    };
    uint32_t sk = cell(o, 20 + sizeof(sd));
    unsigned char *p = o->buf + sk + 4;

    memcpy(p, "sk", 2);
    put32(p + 4, sk);
    put32(p + 8, sk);
    put32(p + 12, 1);
    put32(p + 16, sizeof(sd));
    memcpy(p + 20, sd, sizeof(sd));
    o->sk_off = sk;
}

static void write_hive(const char *path, struct key *root)
{
    struct out o;
    unsigned char base[BLOCK];

    memset(&o, 0, sizeof(o));
    open_bin(&o, BLOCK);
    write_sk(&o);
    uint32_t rootoff = write_key(&o, root, 0, 1);

    /* sk reference count = every key */
    put32(o.buf + o.sk_off + 4 + 12, o.nkeys);
    close_bin(&o);
    memset(base, 0, sizeof(base));
    memcpy(base, "regf", 4);
    put32(base + 4, 7);
    put32(base + 8, 7);
    put32(base + 12, 0xd53e8000u);
    put32(base + 16, 0x01d9a000u);
    put32(base + 20, 1);
    put32(base + 24, 5);
    put32(base + 32, 1);
    put32(base + 36, rootoff);
    put32(base + 40, (uint32_t)o.len);
    put32(base + 44, 1);
    uint32_t sum = 0;

    for (int i = 0; i < 0x1fc; i += 4)
        sum ^= (uint32_t)base[i] | (uint32_t)base[i + 1] << 8 |
               (uint32_t)base[i + 2] << 16 | (uint32_t)base[i + 3] << 24;
    put32(base + 0x1fc, sum);
    FILE *f = fopen(path, "wb");

    if (!f || fwrite(base, 1, BLOCK, f) != BLOCK ||
        fwrite(o.buf, 1, o.len, f) != o.len || fclose(f) != 0)
        die_msg(path);
    free(o.buf);
}

static void key_free(struct key *k)
{
    for (size_t i = 0; i < k->nkids; i++)
        key_free(k->kids[i]);
    for (size_t i = 0; i < k->nvals; i++) {
        free(k->vals[i].name);
        free(k->vals[i].data);
    }
    free(k->kids);
    free(k->vals);
    free(k->name);
    free(k);
}

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

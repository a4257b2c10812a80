/*
 * Hive reading: arbitrary bytes as a hive file; open it read-only and walk
 * every key and value (bounded), as inspect does on a damaged PC.
 * With USMTWIZ_FUZZ_SEEDS=DIR it writes seed hives into DIR, made by the
 * project's regf writer (src/lab), and exits: small hives of every shape
 * the reader meets (values of each type, a value in a data block, a key
 * with hundreds of subkeys, deep nesting, names beyond ASCII).
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "fuzz.h"
#include "lab/regf.h"
#include "platform/fs.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* ---- seeds ------------------------------------------------------------ */

static void add_value(struct regf_key *k, const char *name, uint32_t type,
                      const void *data, size_t len)
{
    struct regf_value *v;

    k->vals = xrealloc(k->vals, (k->nvals + 1) * sizeof(*k->vals));
    v = &k->vals[k->nvals++];
    v->name = xstrdup(name);
    v->type = type;
    v->len = len;
    v->data = len ? xmalloc(len) : NULL;
    if (len)
        memcpy(v->data, data, len);
}

/* An ASCII string as UTF-16LE with its terminator (or two: MULTI_SZ). */
static void add_string(struct regf_key *k, const char *name, uint32_t type,
                       const char *s, size_t slen)
{
    unsigned char *u = xcalloc(slen + 1, 2);

    for (size_t i = 0; i < slen; i++)
        u[2 * i] = (unsigned char)s[i];
    add_value(k, name, type, u, (slen + 1) * 2);
    free(u);
}

static void write_seed(const char *dir, const char *name,
                       struct regf_key *root)
{
    struct wiz_err err;
    char *path = fs_join(dir, name);

    if (regf_write_tree(path, root, 1700000000, &err) < 0) {
        fprintf(stderr, "fuzz_hive: %s\n", err.msg);
        exit(2);
    }
    free(path);
    regf_key_free(root);
}

static void write_seeds(const char *dir)
{
    struct wiz_err err;
    struct regf_key *root, *k, *p;
    unsigned char buf[20000];
    char name[300];
    char *path = fs_join(dir, "seed-empty");

    if (regf_create_empty(path, "ROOT", 1700000000, &err) < 0) {
        fprintf(stderr, "fuzz_hive: %s\n", err.msg);
        exit(2);
    }
    free(path);

    /* every value type, the default value, an empty one, a SAM-like type */
    root = regf_key_new("ROOT", NULL);
    k = regf_key_new("CurrentVersion", regf_key_new("Software", root));
    add_string(k, "ProductName", HIVE_REG_SZ, "Windows 10 Pro", 14);
    add_string(k, "", HIVE_REG_SZ, "default", 7);
    add_string(k, "SystemRoot", HIVE_REG_EXPAND_SZ, "%SystemDrive%\\Windows",
               21);
    add_string(k, "Multi", HIVE_REG_MULTI_SZ, "a\0bc\0", 6);
    add_value(k, "Dword", HIVE_REG_DWORD, "\x2a\0\0\0", 4);
    add_value(k, "Big", HIVE_REG_DWORD_BIG_ENDIAN, "\0\0\0\x2a", 4);
    add_value(k, "Qword", HIVE_REG_QWORD, "\1\2\3\4\5\6\7\x08", 8);
    add_value(k, "Binary", HIVE_REG_BINARY, "\xde\xad\xbe\xef\0", 5);
    add_value(k, "Empty", HIVE_REG_NONE, NULL, 0);
    add_value(k, "Rid", 0x3e9, NULL, 0);
    add_value(k, "Link", HIVE_REG_LINK, "\\\0R\0", 4);
    p = regf_key_new("ProfileList", k);
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof(name), "S-1-5-21-1-2-3-%d", 1001 + i);
        struct regf_key *u = regf_key_new(name, p);
        char img[40];
        int n = snprintf(img, sizeof(img), "C:\\Users\\user%d", i);

        add_string(u, "ProfileImagePath", HIVE_REG_EXPAND_SZ, img,
                   (size_t)n);
        add_value(u, "State", HIVE_REG_DWORD, "\0\0\0\0", 4);
    }
    write_seed(dir, "seed-values", root);

    /* a value too large for one cell: a data block (db) record */
    root = regf_key_new("ROOT", NULL);
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(i * 7);
    add_value(regf_key_new("Blob", root), "Large", HIVE_REG_BINARY, buf,
              sizeof(buf));
    write_seed(dir, "seed-bigvalue", root);

    /* hundreds of subkeys: an index of several lists */
    root = regf_key_new("ROOT", NULL);
    k = regf_key_new("Classes", root);
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof(name), "{%08d-0000}", i);
        regf_key_new(name, k);
    }
    write_seed(dir, "seed-manykeys", root);

    /* deeper than the walk goes; names beyond ASCII and at full length */
    root = regf_key_new("ROOT", NULL);
    k = root;
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof(name), "d%d", i);
        k = regf_key_new(name, k);
    }
    k = regf_key_new("B\xc3\xbc" "cher \xe6\x97\xa5\xe6\x9c\xac", root);
    add_string(k, "Gr\xc3\xb6\xc3\x9f" "e", HIVE_REG_SZ, "x", 1);
    memset(name, 'n', 255);
    name[255] = '\0';
    add_value(regf_key_new(name, root), name, HIVE_REG_DWORD, "\1\0\0\0", 4);
    write_seed(dir, "seed-names", root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("USMTWIZ_FUZZ_SEEDS");

    (void)argc;
    (void)argv;
    if (!dir)
        return 0;
    write_seeds(dir);
    exit(0);
}

/* ---- the target ------------------------------------------------------- */

static unsigned budget;

static void walk(struct hive *h, size_t node, int depth)
{
    size_t *kids = NULL;
    size_t *vals = NULL;
    size_t nk = 0;
    size_t nv = 0;

    if (depth > 32 || budget == 0)
        return;
    budget--;
    free(hive_node_name(h, node));
    (void)hive_node_mtime(h, node);
    if (hive_values(h, node, &vals, &nv, NULL) == 0) {
        for (size_t i = 0; i < nv && i < 64; i++) {
            struct hive_value v;
            char *name = hive_value_name(h, vals[i]);

            if (hive_value_read(h, vals[i], &v, NULL) == 0)
                hive_value_release(&v);
            /* by name too, for the first few: each is a lookup */
            if (i < 4) {
                char *s = NULL;

                hive_get_string(h, node, name, &s, NULL);
                free(s);
            }
            free(name);
        }
        free(vals);
    }
    if (hive_children(h, node, &kids, &nk, NULL) == 0) {
        for (size_t i = 0; i < nk && i < 64; i++)
            walk(h, kids[i], depth + 1);
        free(kids);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /*
     * One file, made once and rewritten in place for each input (run.sh
     * points TMPDIR at a tmpfs): hivex opens hives by name only.  The
     * file stays open here; each input costs a truncate and one write.
     */
    static char *dir;
    static char *path;
    static int fd = -1;
    struct wiz_err err;
    struct hive *h;

    if (!dir) {
        if (fs_make_temp_dir("fuzz-hive", &dir, &err) < 0)
            abort();
        path = fs_join(dir, "hive");
        fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
        if (fd < 0)
            abort();
    }
    if (ftruncate(fd, 0) != 0 ||
        (size && pwrite(fd, data, size, 0) != (ssize_t)size))
        abort();
    /* hive_open reads and checks the header as hive_read_header does */
    if (hive_open(path, false, &h, &err) == 0) {
        budget = 500;
        walk(h, hive_root(h), 0);
        hive_close(h);
    }
    return 0;
}

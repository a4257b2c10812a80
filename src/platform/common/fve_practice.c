/*
 * BitLocker on practice volumes: the key protectors a lab volume's facts
 * file lists (with salted hashes of their secrets, never the secrets),
 * the lab builder's writer of them, and unlocking: the contents kept in
 * DIR/<letter>.fve take the volume's place once the right secret is given.
 * The same code for every system, so the lab writes what the wizard reads.
 */
#include "fve_practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/sha256.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "memlock.h"
#include "platform/fs.h"

#define FACTS_MAX (64 * 1024)
#define SALT_HEX 32

const char *vol_protector_kind_name(enum vol_protector_kind kind)
{
    switch (kind) {
    case VOL_PROT_RECOVERY:
        return "recovery password";
    case VOL_PROT_BEK:
        return "external key (.BEK)";
    default:
        return "other";
    }
}

static const char *kind_word(enum vol_protector_kind kind)
{
    return kind == VOL_PROT_RECOVERY ? "recovery" :
           kind == VOL_PROT_BEK ? "bek" : "other";
}

/* hex of SHA-256(salt || secret) */
static void salted_hash(const char *salt, const void *secret, size_t len,
                        char hex[65])
{
    struct sha256 s;
    unsigned char d[32];

    sha256_init(&s);
    sha256_update(&s, salt, strlen(salt));
    sha256_update(&s, secret, len);
    sha256_final(&s, d);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    memlock_os_wipe(&s, sizeof(s));
    memlock_os_wipe(d, sizeof(d));
}

/* The next line of *p (cut in place), or NULL at the end. */
static char *next_line(char **p)
{
    char *line = *p;
    char *nl;

    if (!line || !*line)
        return NULL;
    nl = strchr(line, '\n');
    if (nl) {
        *nl = '\0';
        *p = nl + 1;
    } else {
        *p = line + strlen(line);
    }
    return line;
}

static char *facts_path(const char *root)
{
    return xasprintf("%s.volume", root);
}

int vol_facts_add_protector(const char *volume_root, char letter,
                            enum vol_protector_kind kind, const void *secret,
                            size_t len, char id[VOL_PROTECTOR_ID_SIZE],
                            struct wiz_err *err)
{
    char name[2] = { letter, '\0' };
    char *dir = fs_join(volume_root, name);
    char *path = facts_path(dir);
    char *data = NULL;
    size_t dlen = 0;
    struct sha256 s;
    unsigned char d[32];
    char salt[SALT_HEX + 1];
    char hash[65];
    struct strbuf sb;
    int r;

    free(dir);
    if (fs_read_file(path, FACTS_MAX, &data, &dlen, err) < 0) {
        free(path);
        return -1;
    }
    /* the ID follows from the letter and the secret: builds repeat */
    sha256_init(&s);
    sha256_update(&s, "usmtwiz-practice-protector", 26);
    sha256_update(&s, name, 1);
    sha256_update(&s, secret, len);
    sha256_final(&s, d);
    snprintf(id, VOL_PROTECTOR_ID_SIZE,
             "{%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
             "%02X%02X%02X%02X%02X%02X}", d[0], d[1], d[2], d[3], d[4], d[5],
             d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14],
             d[15]);
    for (int i = 0; i < SALT_HEX / 2; i++)
        snprintf(salt + 2 * i, 3, "%02x", d[16 + i]);
    memlock_os_wipe(&s, sizeof(s));
    memlock_os_wipe(d, sizeof(d));
    salted_hash(salt, secret, len, hash);
    strbuf_init(&sb);
    strbuf_add(&sb, data, dlen);
    if (sb.len && sb.buf[sb.len - 1] != '\n')
        strbuf_addch(&sb, '\n');
    strbuf_addf(&sb, "protector=%s %s %s %s\n", id, kind_word(kind), salt,
                hash);
    r = fs_write_file(path, sb.buf, sb.len, err);
    strbuf_release(&sb);
    free(data);
    free(path);
    return r;
}

bool fve_practice_is(const struct vol_info *v)
{
    char *path;
    bool yes;

    if (!v->root)
        return false;
    path = facts_path(v->root);
    yes = fs_exists(path);
    free(path);
    return yes;
}

struct entry {
    char id[VOL_PROTECTOR_ID_SIZE];
    enum vol_protector_kind kind;
    char salt[SALT_HEX + 1];
    char hash[65];
};

/* Every protector line of the facts file of v. */
static int read_entries(const struct vol_info *v, struct entry **out,
                        size_t *n, struct wiz_err *err)
{
    char *path = facts_path(v->root);
    char *data;
    size_t len;
    size_t alloc = 0;
    char *cur;

    *out = NULL;
    *n = 0;
    if (fs_read_file(path, FACTS_MAX, &data, &len, err) < 0) {
        free(path);
        return -1;
    }
    free(path);
    cur = data;
    for (char *line; (line = next_line(&cur)) != NULL;) {
        char id[64], kind[16], salt[64], hash[80];
        struct entry e;

        if (!str_starts_with(line, "protector="))
            continue;
        if (sscanf(line + 10, "%63s %15s %63s %79s", id, kind, salt,
                   hash) != 4 || strlen(id) != VOL_PROTECTOR_ID_SIZE - 2 ||
            strlen(salt) != SALT_HEX || strlen(hash) != 64) {
            free(data);
            free(*out);
            *out = NULL;
            *n = 0;
            return err_set(err, WIZ_EFORMAT, "volume %c: a key protector "
                           "line of its facts file is malformed", v->letter);
        }
        memset(&e, 0, sizeof(e));
        memcpy(e.id, id, strlen(id) + 1);
        e.kind = !strcmp(kind, "recovery") ? VOL_PROT_RECOVERY :
                 !strcmp(kind, "bek") ? VOL_PROT_BEK : VOL_PROT_OTHER;
        memcpy(e.salt, salt, SALT_HEX + 1);
        memcpy(e.hash, hash, 65);
        XGROW(*out, alloc, *n + 1);
        (*out)[(*n)++] = e;
    }
    free(data);
    return 0;
}

int fve_practice_protectors(const struct vol_info *v,
                            struct vol_protector **out, size_t *n,
                            struct wiz_err *err)
{
    struct entry *e;
    size_t ne;

    *out = NULL;
    *n = 0;
    if (read_entries(v, &e, &ne, err) < 0)
        return -1;
    if (ne)
        *out = xcalloc(ne, sizeof(**out));
    for (size_t i = 0; i < ne; i++) {
        memcpy((*out)[i].id, e[i].id, VOL_PROTECTOR_ID_SIZE);
        (*out)[i].kind = e[i].kind;
    }
    *n = ne;
    free(e);
    return 0;
}

/* The facts file of v with locked=0. */
static int mark_unlocked(const struct vol_info *v, struct wiz_err *err)
{
    char *path = facts_path(v->root);
    char *data;
    size_t len;
    struct strbuf sb;
    char *cur;
    int r;

    if (fs_read_file(path, FACTS_MAX, &data, &len, err) < 0) {
        free(path);
        return -1;
    }
    strbuf_init(&sb);
    cur = data;
    for (char *line; (line = next_line(&cur)) != NULL;) {
        if (str_starts_with(line, "locked="))
            strbuf_adds(&sb, "locked=0\n");
        else
            strbuf_addf(&sb, "%s\n", line);
    }
    r = fs_write_file_atomic(path, sb.buf, sb.len, false, err);
    strbuf_release(&sb);
    free(data);
    free(path);
    return r;
}

int fve_practice_unlock(const struct vol_info *v,
                        enum vol_protector_kind kind, const void *secret,
                        size_t len, struct wiz_err *err)
{
    struct entry *e;
    size_t ne;
    size_t of_kind = 0;
    bool match = false;
    char hash[65];

    if (!v->locked)
        return err_set(err, WIZ_EUSAGE, "volume %c: is not locked",
                       v->letter);
    if (read_entries(v, &e, &ne, err) < 0)
        return -1;
    for (size_t i = 0; i < ne; i++) {
        if (e[i].kind != kind)
            continue;
        of_kind++;
        salted_hash(e[i].salt, secret, len, hash);
        /* every byte compared, whatever the first difference */
        unsigned diff = 0;

        for (int k = 0; k < 64; k++)
            diff |= (unsigned)(hash[k] ^ e[i].hash[k]);
        if (!diff)
            match = true;
    }
    memlock_os_wipe(hash, sizeof(hash));
    free(e);
    if (!of_kind)
        return err_set(err, WIZ_EUSAGE, "volume %c: has no %s key "
                       "protector", v->letter, vol_protector_kind_name(kind));
    if (!match)
        return err_set(err, WIZ_EUSAGE, kind == VOL_PROT_RECOVERY ?
                       "volume %c: this is not its recovery password (each "
                       "block is valid, but the password does not unlock "
                       "the volume): compare it with the key ID shown" :
                       "volume %c: this key file is not one of its external "
                       "keys", v->letter);

    char *hidden = xasprintf("%s.fve", v->root);
    char *shell = xasprintf("%s.locked", v->root);
    int r = 0;

    if (!fs_is_dir(hidden))
        r = err_set(err, WIZ_ENOENT, "volume %c: the password is right, but "
                    "the practice volume has no contents to unlock ('%s' is "
                    "missing)", v->letter, hidden);
    if (!r && fs_rename(v->root, shell, err) < 0)
        r = -1;
    if (!r && fs_rename(hidden, v->root, err) < 0) {
        struct wiz_err e2;

        fs_rename(shell, v->root, &e2);
        r = -1;
    }
    if (!r)
        r = mark_unlocked(v, err);
    free(hidden);
    free(shell);
    return r;
}

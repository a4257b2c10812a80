/*
 * Training lessons: the rows of training/lessons.tsv, their instructor
 * sheets, the small prep steps that turn a scenario into a lesson's
 * practice machine, and the lab.facts file that tells later readers (the
 * wizard's Result screen) which lesson a practice volume belongs to.
 */
#include "lab/lab.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "platform/fs.h"
#include "platform/vol.h"

#define TSV_MAX (1024 * 1024)
#define SHEET_MAX (256 * 1024)
#define FACTS_MAX (64 * 1024)

bool lab_lesson_name_ok(const char *name)
{
    size_t n = 0;

    if (!name)
        return false;
    for (const char *p = name; *p; p++, n++) {
        char c = *p;

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return n >= 1 && n <= 64;
}

static char *training_path(const char *datadir, const char *file)
{
    char *dir = fs_join(datadir, "training");
    char *p = fs_join(dir, file);

    free(dir);
    return p;
}

/* Split s at blanks into new words appended to *v. */
static void split_blanks(const char *s, char ***v, size_t *n)
{
    while (*s) {
        while (*s == ' ')
            s++;
        const char *e = s;

        while (*e && *e != ' ')
            e++;
        if (e > s) {
            *v = xreallocarray(*v, *n + 1, sizeof(**v));
            (*v)[(*n)++] = xstrndup(s, (size_t)(e - s));
        }
        s = e;
    }
}

int lab_lesson_find(const char *datadir, const char *name,
                    struct lab_lesson *out, struct wiz_err *err)
{
    char *path;
    char *data;
    size_t len;
    int r = -1;

    memset(out, 0, sizeof(*out));
    if (!datadir)
        return err_set(err, WIZ_ENOENT, "no lesson '%s': the data folder "
                       "was not found (set USMTWIZ_DATADIR)", name);
    if (!lab_lesson_name_ok(name))
        return err_set(err, WIZ_ENOENT, "no lesson '%s'", name);
    path = training_path(datadir, "lessons.tsv");
    if (fs_read_file(path, TSV_MAX, &data, &len, err) < 0) {
        free(path);
        return err_set(err, WIZ_ENOENT, "no lesson '%s' (no lesson table)",
                       name);
    }
    for (char *line = data; line && *line && r < 0;) {
        char *nl = strchr(line, '\n');

        if (nl)
            *nl = '\0';
        size_t ll = strlen(line);

        if (ll && line[ll - 1] == '\r')
            line[ll - 1] = '\0';
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        char *tab3 = tab2 ? strchr(tab2 + 1, '\t') : NULL;

        if (line[0] != '#' && tab1 && tab2 && tab3 &&
            (size_t)(tab1 - line) == strlen(name) &&
            !strncmp(line, name, strlen(name))) {
            out->name = xstrdup(name);
            out->scenario = xstrndup(tab1 + 1, (size_t)(tab2 - tab1 - 1));
            char *prep = xstrndup(tab2 + 1, (size_t)(tab3 - tab2 - 1));

            if (strcmp(prep, "-") != 0)
                split_blanks(prep, &out->prep, &out->n_prep);
            free(prep);
            r = 0;
        }
        line = nl ? nl + 1 : NULL;
    }
    free(data);
    if (r < 0)
        err_set(err, WIZ_ENOENT, "no lesson '%s' in %s", name, path);
    free(path);
    return r;
}

void lab_lesson_release(struct lab_lesson *l)
{
    if (!l)
        return;
    free(l->name);
    free(l->scenario);
    for (size_t i = 0; i < l->n_prep; i++)
        free(l->prep[i]);
    free(l->prep);
    memset(l, 0, sizeof(*l));
}

/* volumes/REL for a prep path; refuses ".." and absolute paths. */
static char *in_volumes(const char *out_dir, const char *rel,
                        struct wiz_err *err)
{
    if (!*rel || rel[0] == '/' || rel[0] == '\\' || strstr(rel, "..")) {
        err_set(err, WIZ_EUSAGE, "prep path '%s' must stay inside the "
                "lab's volumes", rel);
        return NULL;
    }
    char *vr = fs_join(out_dir, "volumes");
    char *p = fs_join(vr, rel);

    free(vr);
    return p;
}

static int mkparent(const char *path, struct wiz_err *err)
{
    const char *slash = strrchr(path, '/');
    const char *bs = strrchr(path, '\\');

    if (bs > slash)
        slash = bs;
    if (!slash)
        return 0;
    char *dir = xstrndup(path, (size_t)(slash - path));
    int r = fs_mkdir_p(dir, err);

    free(dir);
    return r;
}

static int prep_stick(const char *out_dir, char *const *a, size_t n,
                      struct wiz_err *err)
{
    uint64_t gb;

    if (n != 2 || strlen(a[0]) != 1 || !((a[0][0] >= 'A' && a[0][0] <= 'Z')
                                         || (a[0][0] >= 'a' &&
                                             a[0][0] <= 'z')) ||
        str_to_u64(a[1], &gb) < 0 || gb == 0 || gb > 65536)
        return err_set(err, WIZ_EUSAGE, "prep 'stick' takes a drive letter "
                       "and a size in GB");
    struct vol_info v;
    char *vr = fs_join(out_dir, "volumes");
    char letter[2] = { (char)(a[0][0] & ~0x20), '\0' };
    char *dir = fs_join(vr, letter);
    int r = fs_mkdir_p(dir, err);

    memset(&v, 0, sizeof(v));
    v.letter = letter[0];
    v.label = xstrdup("STICK");
    v.fs = xstrdup("NTFS");
    v.kind = VOL_REMOVABLE;
    v.total_bytes = gb << 30;
    v.free_bytes = gb << 30;
    if (r == 0)
        r = vol_write_facts(vr, &v, err);
    free(v.label);
    free(v.fs);
    free(dir);
    free(vr);
    return r;
}

int lab_lesson_prepare(const char *datadir, const struct lab_lesson *l,
                       const char *out_dir, struct wiz_err *err)
{
    if (!l->n_prep)
        return 0;
    const char *verb = l->prep[0];
    char *const *a = l->prep + 1;
    size_t n = l->n_prep - 1;
    int r;

    if (!strcmp(verb, "stick"))
        return prep_stick(out_dir, a, n, err);
    if (!strcmp(verb, "marker") && n == 1) {
        char *p = in_volumes(out_dir, a[0], err);

        if (!p)
            return -1;
        r = mkparent(p, err);
        if (r == 0)
            r = fs_write_file(p, "", 0, err);
        free(p);
        return r;
    }
    if (!strcmp(verb, "put") && n == 2) {
        if (!*a[0] || strchr(a[0], '/') || strchr(a[0], '\\') ||
            strstr(a[0], ".."))
            return err_set(err, WIZ_EUSAGE, "prep 'put' names a file of "
                           "the training folder, not '%s'", a[0]);
        char *dst = in_volumes(out_dir, a[1], err);

        if (!dst)
            return -1;
        char *src = training_path(datadir, a[0]);

        r = mkparent(dst, err);
        if (r == 0)
            r = fs_copy_file(src, dst, err);
        free(src);
        free(dst);
        return r;
    }
    return err_set(err, WIZ_EUSAGE, "lesson '%s': the prep step '%s' cannot "
                   "be done by 'lab create'; see its instructor sheet",
                   l->name, verb);
}

int lab_lesson_sheet(const char *datadir, const char *lesson, char **text,
                     struct wiz_err *err)
{
    size_t len;

    *text = NULL;
    if (!lab_lesson_name_ok(lesson))
        return err_set(err, WIZ_EUSAGE, "'%s' is not a lesson name", lesson);
    if (!datadir)
        return err_set(err, WIZ_ENOENT, "no data folder for the sheet of "
                       "lesson '%s'", lesson);
    char *file = xasprintf("%s.md", lesson);
    char *path = training_path(datadir, file);
    int r = fs_read_file(path, SHEET_MAX, text, &len, err);

    if (r < 0)
        err_set(err, WIZ_ENOENT, "no instructor sheet for lesson '%s' (%s)",
                lesson, path);
    free(path);
    free(file);
    return r;
}

/* ---- lab.facts ----------------------------------------------------------- */

int lab_facts_write(const char *volume_root, const char *scenario,
                    const char *lesson, struct wiz_err *err)
{
    struct strbuf sb;
    char *path = fs_join(volume_root, LAB_FACTS_FILE);
    int r;

    strbuf_init(&sb);
    strbuf_adds(&sb, "# what this practice lab is (usmtwiz lab create)\n");
    if (scenario && *scenario) {
        /* a folder name: one line whatever it holds */
        strbuf_adds(&sb, "scenario=");
        for (const char *c = scenario; *c; c++)
            strbuf_addch(&sb, (unsigned char)*c < 0x20 ? '?' : *c);
        strbuf_addch(&sb, '\n');
    }
    if (lesson && *lesson)
        strbuf_addf(&sb, "lesson=%s\n", lesson);
    r = fs_write_file(path, sb.buf, sb.len, err);
    strbuf_release(&sb);
    free(path);
    return r;
}

int lab_facts_read(const char *volume_root, struct lab_facts *f,
                   struct wiz_err *err)
{
    char *path;
    char *data;
    size_t len;

    memset(f, 0, sizeof(*f));
    if (!volume_root)
        return 0;
    path = fs_join(volume_root, LAB_FACTS_FILE);
    if (!fs_exists(path)) {
        free(path);
        return 0;
    }
    if (fs_read_file(path, FACTS_MAX, &data, &len, err) < 0) {
        free(path);
        return -1;
    }
    free(path);
    for (char *line = data; line && *line;) {
        char *nl = strchr(line, '\n');

        if (nl)
            *nl = '\0';
        size_t ll = strlen(line);

        if (ll && line[ll - 1] == '\r')
            line[ll - 1] = '\0';
        char *eq = line[0] != '#' ? strchr(line, '=') : NULL;

        if (eq) {
            *eq = '\0';
            char **dst = !strcmp(line, "scenario") ? &f->scenario
                         : !strcmp(line, "lesson") ? &f->lesson
                                                   : NULL;

            if (dst && lab_lesson_name_ok(eq + 1)) {
                free(*dst);
                *dst = xstrdup(eq + 1);
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    free(data);
    return 0;
}

void lab_facts_release(struct lab_facts *f)
{
    if (!f)
        return;
    free(f->scenario);
    free(f->lesson);
    f->scenario = NULL;
    f->lesson = NULL;
}

/* ---- the sheet as plain text --------------------------------------------- */

char *lab_sheet_text(const char *md)
{
    struct strbuf sb;
    bool fence = false;

    strbuf_init(&sb);
    for (const char *line = md; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        const char *p = line;
        const char *end = line + len;

        if (len && end[-1] == '\r')
            end--;
        if (end - p >= 3 && !strncmp(p, "```", 3)) {
            fence = !fence;
        } else if (fence) {
            strbuf_adds(&sb, "    ");
            strbuf_add(&sb, p, (size_t)(end - p));
            strbuf_addch(&sb, '\n');
        } else {
            int level = 0;

            while (p < end && *p == '#') {
                p++;
                level++;
            }
            if (level) {
                while (p < end && *p == ' ')
                    p++;
                if (level > 1 && sb.len)
                    strbuf_addch(&sb, '\n');
            }
            for (; p < end; p++) {
                if (*p == '`' || (*p == '*' && p + 1 < end && p[1] == '*')) {
                    if (*p == '*')
                        p++;
                    continue;
                }
                strbuf_addch(&sb, *p);
            }
            if (level == 1) {
                strbuf_addch(&sb, '\n');
            } else if (level > 1) {
                strbuf_addch(&sb, ':');
            }
            strbuf_addch(&sb, '\n');
        }
        line = nl ? nl + 1 : end + strlen(end);
    }
    return strbuf_detach(&sb, NULL);
}

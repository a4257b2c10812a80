/*
 * Scenario manifests (scenario.txt): one directive a line, words split at
 * blanks, "double quotes" around words with blanks, key=value options.
 * The grammar is documented in assets/scenarios/README.md.  Everything is
 * checked here, before anything is built, so mistakes come back as
 * "file:line: message" and leave no half-built lab behind.
 */
#include "lab/lab.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/offline/bitlocker.h"
#include "platform/fs.h"

#define MANIFEST_MAX (64 * 1024 * 1024)
#define INCLUDE_DEPTH_MAX 8

enum need {
    NEED_NOTHING,
    NEED_ROOT,      /* a volume or usmt line must come first */
    NEED_VOLUME     /* a volume line must come first */
};

struct verb_spec {
    const char *verb;
    int min_args, max_args;     /* max -1: any number */
    const char *opts;           /* allowed option keys, blank-separated */
    enum need need;
    bool writes;                /* puts files on the current volume */
};

static const struct verb_spec verbs[] = {
    { "volume", 1, 1,
      "label fs kind total free locked readonly recovery bek",
      NEED_NOTHING, false },
    { "usmt", 0, 0, "", NEED_NOTHING, false },
    { "windows", 1, 1, "arch mtime", NEED_ROOT, true },
    { "hive", 1, -1, "root strip encoding mtime dirty", NEED_ROOT, true },
    { "profile", 1, 1, "ntuser strip encoding mtime links usrclass",
      NEED_ROOT,
      true },
    { "dir", 1, 1, "mtime", NEED_ROOT, true },
    { "file", 1, 1, "size text mtime cloud", NEED_ROOT, true },
    { "copy", 2, 2, "mtime", NEED_ROOT, true },
    { "link", 2, 2, "", NEED_ROOT, true },
    { "hiberfil", 0, 0, "state size", NEED_VOLUME, true },
    { "pe", 1, 1, "arch version mtime", NEED_ROOT, true },
};

static const struct verb_spec *find_verb(const char *verb)
{
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
        if (!strcmp(verbs[i].verb, verb))
            return &verbs[i];
    }
    return NULL;
}

static bool word_in_list(const char *list, const char *word)
{
    size_t n = strlen(word);

    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);

        if (len && len == n && !strncmp(p, word, n))
            return true;
        p += len;
    }
    return false;
}

/* ---- sizes and times ----------------------------------------------------- */

int lab_parse_size(const char *s, uint64_t *out)
{
    uint64_t whole = 0;
    uint64_t frac = 0;
    uint64_t frac_div = 1;
    const char *p = s;

    if (!s || !(*p >= '0' && *p <= '9'))
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (whole > (UINT64_MAX - 9) / 10)
            return -1;
        whole = whole * 10 + (uint64_t)(*p - '0');
    }
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return -1;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (frac_div < 1000000) {
                frac = frac * 10 + (uint64_t)(*p - '0');
                frac_div *= 10;
            }
        }
    }
    uint64_t mult = 1;

    switch (*p) {
    case 'K': case 'k': mult = 1ULL << 10; p++; break;
    case 'M': case 'm': mult = 1ULL << 20; p++; break;
    case 'G': case 'g': mult = 1ULL << 30; p++; break;
    case 'T': case 't': mult = 1ULL << 40; p++; break;
    default: break;
    }
    if (*p == 'B' || *p == 'b')
        p++;
    if (*p)
        return -1;
    if (whole > UINT64_MAX / mult)
        return -1;
    uint64_t v = whole * mult;
    uint64_t f = frac * mult / frac_div;

    if (frac && mult == 1)
        return -1;
    if (v > UINT64_MAX - f)
        return -1;
    *out = v + f;
    return 0;
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

static int take_num(const char **p, int digits, int *out)
{
    int v = 0;

    for (int i = 0; i < digits; i++) {
        if (!((*p)[i] >= '0' && (*p)[i] <= '9'))
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += digits;
    *out = v;
    return 0;
}

int lab_parse_time(const char *s, int64_t *out)
{
    const char *p = s;
    int y, mo, d;
    int h = 0;
    int mi = 0;
    int se = 0;

    if (!s || take_num(&p, 4, &y) < 0 || *p++ != '-' ||
        take_num(&p, 2, &mo) < 0 || *p++ != '-' || take_num(&p, 2, &d) < 0)
        return -1;
    if (*p == 'T' || *p == ' ') {
        p++;
        if (take_num(&p, 2, &h) < 0 || *p++ != ':' ||
            take_num(&p, 2, &mi) < 0)
            return -1;
        if (*p == ':') {
            p++;
            if (take_num(&p, 2, &se) < 0)
                return -1;
        }
        if (*p == 'Z')
            p++;
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        se > 60 || y < 1970)
        return -1;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return 0;
}

/* ---- words --------------------------------------------------------------- */

struct word {
    char *text;
    bool quoted_start;      /* began with a quote: never an option */
};

/*
 * Split a line into words.  Quotes group blanks; inside quotes \" and \\
 * are escapes, any other backslash stays (Windows paths).
 */
static int split_words(const char *line, struct word **out, size_t *n,
                       const char **bad)
{
    struct word *w = NULL;
    size_t alloc = 0;
    const char *p = line;

    *n = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            break;
        struct strbuf sb;
        bool quoted_start = *p == '"';
        bool in_quotes = false;

        strbuf_init(&sb);
        while (*p && (in_quotes || (*p != ' ' && *p != '\t'))) {
            if (*p == '"') {
                in_quotes = !in_quotes;
                p++;
            } else if (in_quotes && *p == '\\' &&
                       (p[1] == '"' || p[1] == '\\')) {
                strbuf_addch(&sb, p[1]);
                p += 2;
            } else {
                strbuf_addch(&sb, *p++);
            }
        }
        if (in_quotes) {
            strbuf_release(&sb);
            for (size_t i = 0; i < *n; i++)
                free(w[i].text);
            free(w);
            *bad = "a quote is not closed";
            return -1;
        }
        XGROW(w, alloc, *n + 1);
        w[*n].text = strbuf_detach(&sb, NULL);
        w[*n].quoted_start = quoted_start;
        (*n)++;
    }
    *out = w;
    return 0;
}

static bool is_option_key(const char *s, size_t len)
{
    if (!len)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
            return false;
    }
    return true;
}

/* ---- the manifest -------------------------------------------------------- */

static void line_release(struct lab_line *l)
{
    free(l->file);
    free(l->base);
    free(l->verb);
    for (size_t i = 0; i < l->n_args; i++)
        free(l->args[i]);
    free(l->args);
    for (size_t i = 0; i < l->n_opts; i++) {
        free(l->opts[i].key);
        free(l->opts[i].val);
    }
    free(l->opts);
}

void lab_manifest_free(struct lab_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        line_release(&m->lines[i]);
    free(m->lines);
    free(m->dir);
    free(m->description);
    free(m->lesson);
    free(m);
}

const char *lab_line_opt(const struct lab_line *l, const char *key)
{
    for (size_t i = 0; i < l->n_opts; i++) {
        if (!strcmp(l->opts[i].key, key))
            return l->opts[i].val;
    }
    return NULL;
}

struct parse_state {
    struct lab_manifest *m;
    size_t alloc;
    int depth;
};

static int parse_text(struct parse_state *ps, const char *name,
                      const char *base, const char *text, size_t len,
                      struct wiz_err *err);

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

/* Name of an included file for messages: "dir/file" as the user wrote it. */
static char *display_join(const char *name, const char *rel)
{
    char *d = dir_of(name);
    char *r = strcmp(d, ".") ? xasprintf("%s/%s", d, rel) : xstrdup(rel);

    free(d);
    return r;
}

static int do_include(struct parse_state *ps, const char *name,
                      const char *base, int lineno, const char *rel,
                      struct wiz_err *err)
{
    char *path;
    char *data;
    size_t len;
    struct wiz_err e2;
    int r;

    if (ps->depth >= INCLUDE_DEPTH_MAX)
        return err_set(err, WIZ_EFORMAT, "%s:%d: includes nest too deeply",
                       name, lineno);
    path = rel[0] == '/' ? xstrdup(rel) : fs_join(base, rel);
    if (fs_read_file(path, MANIFEST_MAX, &data, &len, &e2) < 0) {
        err_set(err, WIZ_EFORMAT, "%s:%d: cannot include '%s': %s", name,
                lineno, rel, e2.msg);
        free(path);
        return -1;
    }
    char *sub_name = display_join(name, rel);
    char *sub_base = dir_of(path);

    ps->depth++;
    r = parse_text(ps, sub_name, sub_base, data, len, err);
    ps->depth--;
    free(sub_base);
    free(sub_name);
    free(data);
    free(path);
    return r;
}

static int check_option(const char *name, int lineno, const char *verb,
                        const char *key, const char *val,
                        struct wiz_err *err)
{
    uint64_t sz;
    int64_t t;

    if (!strcmp(key, "total") || !strcmp(key, "free") ||
        !strcmp(key, "size")) {
        if (lab_parse_size(val, &sz) < 0)
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: '%s' is not a size (use 512, 4K, 32M, "
                           "256G, 1.5T)", name, lineno, val);
    } else if (!strcmp(key, "mtime")) {
        if (lab_parse_time(val, &t) < 0)
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: '%s' is not a time (use 2024-03-01 or "
                           "2024-03-01T10:20:30Z)", name, lineno, val);
    } else if (!strcmp(key, "kind")) {
        if (!word_in_list("fixed removable network cdrom ram", val))
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: kind '%s' is not fixed, removable, "
                           "network, cdrom or ram", name, lineno, val);
    } else if (!strcmp(key, "recovery")) {
        char pw[BL_PASSWORD_SIZE];
        int block;
        struct wiz_err e2;

        if (bitlocker_password_check(val, pw, &block, &e2) < 0)
            return err_set(err, WIZ_EFORMAT, "%s:%d: recovery=: %s", name,
                           lineno, err_msg(&e2));
    } else if (!strcmp(key, "locked") || !strcmp(key, "readonly") ||
               !strcmp(key, "bek") ||
               !strcmp(key, "dirty") || !strcmp(key, "links") ||
               !strcmp(key, "cloud") ||
               !strcmp(key, "usrclass")) {
        if (!word_in_list("yes no", val))
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: %s must be yes or no, not '%s'", name,
                           lineno, key, val);
    } else if (!strcmp(key, "arch")) {
        if (!word_in_list("x86 amd64 arm64", val))
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: arch '%s' is not x86, amd64 or arm64",
                           name, lineno, val);
    } else if (!strcmp(key, "encoding")) {
        if (!word_in_list("utf8 utf16", val))
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: encoding '%s' is not utf8 or utf16",
                           name, lineno, val);
    } else if (!strcmp(key, "state")) {
        if (!word_in_list("hibernated wake clean", val))
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: state '%s' is not hibernated, wake or "
                           "clean", name, lineno, val);
    } else if (!strcmp(key, "version")) {
        unsigned parts = 0;
        bool ok = *val != '\0';

        for (const char *p = val; *p && ok; p++) {
            if (*p == '.')
                parts++;
            else if (!(*p >= '0' && *p <= '9'))
                ok = false;
        }
        if (!ok || parts != 3)
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: version '%s' is not of the form "
                           "10.0.22621.1", name, lineno, val);
    }
    (void)verb;
    return 0;
}

/* A path inside the build: relative, no "..", no drive letter. */
static int check_path(const char *name, int lineno, const char *path,
                      struct wiz_err *err)
{
    if (!*path || path[0] == '/' || path[0] == '\\' ||
        (path[0] && path[1] == ':'))
        return err_set(err, WIZ_EFORMAT,
                       "%s:%d: '%s' must be a path relative to the volume",
                       name, lineno, path);
    for (const char *p = path; *p;) {
        const char *e = p;

        while (*e && *e != '/' && *e != '\\')
            e++;
        if (e - p == 2 && p[0] == '.' && p[1] == '.')
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: '%s' leaves the volume ('..')", name,
                           lineno, path);
        p = *e ? e + 1 : e;
    }
    return 0;
}

static int parse_line(struct parse_state *ps, const char *name,
                      const char *base, int lineno, char *line,
                      struct wiz_err *err)
{
    struct word *w;
    size_t n;
    const char *bad;
    int rc = -1;

    while (*line == ' ' || *line == '\t')
        line++;
    if (!strncmp(line, "description", 11) &&
        (line[11] == ' ' || line[11] == '\t' || !line[11])) {
        char *d = line + 11;

        while (*d == ' ' || *d == '\t')
            d++;
        if (ps->depth > 0 || *ps->m->description)
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: only one description, in scenario.txt",
                           name, lineno);
        free(ps->m->description);
        ps->m->description = xstrdup(d);
        return 0;
    }
    if (!strncmp(line, "lesson", 6) &&
        (line[6] == ' ' || line[6] == '\t' || !line[6])) {
        char *d = line + 6;
        size_t dl;

        while (*d == ' ' || *d == '\t')
            d++;
        dl = strlen(d);
        while (dl && (d[dl - 1] == ' ' || d[dl - 1] == '\t'))
            d[--dl] = '\0';
        if (ps->depth > 0 || *ps->m->lesson)
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: only one lesson, in scenario.txt",
                           name, lineno);
        if (!lab_lesson_name_ok(d))
            return err_set(err, WIZ_EFORMAT, "%s:%d: '%s' is not a lesson "
                           "name (letters, digits, '-' and '_')", name,
                           lineno, d);
        free(ps->m->lesson);
        ps->m->lesson = xstrdup(d);
        return 0;
    }
    if (split_words(line, &w, &n, &bad) < 0)
        return err_set(err, WIZ_EFORMAT, "%s:%d: %s", name, lineno, bad);
    if (!n) {
        free(w);
        return 0;
    }
    if (!strcmp(w[0].text, "include")) {
        if (n != 2)
            err_set(err, WIZ_EFORMAT, "%s:%d: include takes one file name",
                    name, lineno);
        else
            rc = do_include(ps, name, base, lineno, w[1].text, err);
        goto out;
    }
    const struct verb_spec *spec = find_verb(w[0].text);

    if (!spec) {
        err_set(err, WIZ_EFORMAT, "%s:%d: unknown directive '%s'", name,
                lineno, w[0].text);
        goto out;
    }
    struct lab_line l;

    memset(&l, 0, sizeof(l));
    l.file = xstrdup(name);
    l.base = xstrdup(base);
    l.line = lineno;
    l.verb = xstrdup(w[0].text);
    size_t aa = 0;
    size_t oa = 0;

    for (size_t i = 1; i < n; i++) {
        const char *eq = strchr(w[i].text, '=');

        if (!w[i].quoted_start && eq &&
            is_option_key(w[i].text, (size_t)(eq - w[i].text))) {
            char *key = xstrndup(w[i].text, (size_t)(eq - w[i].text));

            if (!word_in_list(spec->opts, key)) {
                err_set(err, WIZ_EFORMAT,
                        "%s:%d: '%s' takes no option '%s'", name, lineno,
                        spec->verb, key);
                free(key);
                line_release(&l);
                goto out;
            }
            if (lab_line_opt(&l, key)) {
                err_set(err, WIZ_EFORMAT, "%s:%d: option '%s' given twice",
                        name, lineno, key);
                free(key);
                line_release(&l);
                goto out;
            }
            if (check_option(name, lineno, spec->verb, key, eq + 1,
                             err) < 0) {
                free(key);
                line_release(&l);
                goto out;
            }
            XGROW(l.opts, oa, l.n_opts + 1);
            l.opts[l.n_opts].key = key;
            l.opts[l.n_opts].val = xstrdup(eq + 1);
            l.n_opts++;
        } else {
            XGROW(l.args, aa, l.n_args + 1);
            l.args[l.n_args++] = xstrdup(w[i].text);
        }
    }
    if ((int)l.n_args < spec->min_args ||
        (spec->max_args >= 0 && (int)l.n_args > spec->max_args)) {
        if (spec->min_args == spec->max_args)
            err_set(err, WIZ_EFORMAT,
                    "%s:%d: '%s' takes %d word%s before its options, not "
                    "%zu", name, lineno, spec->verb, spec->min_args,
                    spec->min_args == 1 ? "" : "s", l.n_args);
        else
            err_set(err, WIZ_EFORMAT,
                    "%s:%d: '%s' takes at least %d word%s before its "
                    "options", name, lineno, spec->verb, spec->min_args,
                    spec->min_args == 1 ? "" : "s");
        line_release(&l);
        goto out;
    }
    XGROW(ps->m->lines, ps->alloc, ps->m->n + 1);
    ps->m->lines[ps->m->n++] = l;
    rc = 0;
out:
    for (size_t i = 0; i < n; i++)
        free(w[i].text);
    free(w);
    return rc;
}

static int parse_text(struct parse_state *ps, const char *name,
                      const char *base, const char *text, size_t len,
                      struct wiz_err *err)
{
    const char *p = text;
    const char *end = text + len;
    int lineno = 0;

    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        if (memchr(p, '\0', n))
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: the line holds a NUL byte (UTF-16?); "
                           "manifests are UTF-8", name, lineno);
        if (!utf8_is_valid(p, n))
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: the line is not UTF-8 text", name, lineno);
        char *line = xstrndup(p, n);

        if (n && line[n - 1] == '\r')
            line[n - 1] = '\0';
        int r = parse_line(ps, name, base, lineno, line, err);

        free(line);
        if (r < 0)
            return -1;
        p = nl ? nl + 1 : end;
    }
    return 0;
}

/*
 * The checks that need the whole file: a root before files, volume
 * letters, nothing built on a BitLocker-locked volume, paths inside.
 */
static int check_semantics(const struct lab_manifest *m, struct wiz_err *err)
{
    bool seen[26] = { false };
    bool have_root = false;
    bool have_volume = false;
    bool locked = false;
    char letter = 0;

    for (size_t i = 0; i < m->n; i++) {
        const struct lab_line *l = &m->lines[i];
        const struct verb_spec *spec = find_verb(l->verb);

        if (!strcmp(l->verb, "volume")) {
            const char *a = l->args[0];
            char c = a[0];

            if (c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            if (!(c >= 'C' && c <= 'Z') || (a[1] && strcmp(a + 1, ":")))
                return err_set(err, WIZ_EFORMAT,
                               "%s:%d: '%s' is not a drive letter C to Z",
                               l->file, l->line, a);
            if (seen[c - 'A'])
                return err_set(err, WIZ_EFORMAT,
                               "%s:%d: volume %c: is described twice",
                               l->file, l->line, c);
            seen[c - 'A'] = true;
            if (!lab_line_opt(l, "total") || !lab_line_opt(l, "free"))
                return err_set(err, WIZ_EFORMAT,
                               "%s:%d: volume %c: needs total= and free=",
                               l->file, l->line, c);
            uint64_t total;
            uint64_t fr;

            lab_parse_size(lab_line_opt(l, "total"), &total);
            lab_parse_size(lab_line_opt(l, "free"), &fr);
            if (fr > total)
                return err_set(err, WIZ_EFORMAT,
                               "%s:%d: volume %c: has more free space than "
                               "its size", l->file, l->line, c);
            const char *lk = lab_line_opt(l, "locked");
            const char *bek = lab_line_opt(l, "bek");
            bool keys = lab_line_opt(l, "recovery") ||
                        (bek && !strcmp(bek, "yes"));

            locked = lk && !strcmp(lk, "yes");
            if (keys && !locked)
                return err_set(err, WIZ_EFORMAT,
                               "%s:%d: volume %c: recovery= and bek= are for "
                               "a locked=yes volume", l->file, l->line, c);
            /* with a key the contents wait for the unlock */
            if (keys)
                locked = false;
            letter = c;
            have_root = have_volume = true;
            continue;
        }
        if (!strcmp(l->verb, "usmt")) {
            have_root = true;
            have_volume = false;
            locked = false;
            continue;
        }
        if (spec->need == NEED_ROOT && !have_root)
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: '%s' needs a volume or usmt line before "
                           "it", l->file, l->line, l->verb);
        if (spec->need == NEED_VOLUME && !have_volume)
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: '%s' needs a volume line before it",
                           l->file, l->line, l->verb);
        if (spec->writes && locked)
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: volume %c: is BitLocker-locked: nothing "
                           "can be put on it", l->file, l->line, letter);
        if (spec->min_args >= 1 &&
            check_path(l->file, l->line, l->args[0], err) < 0)
            return -1;
        if (!strcmp(l->verb, "pe") &&
            (!lab_line_opt(l, "arch") || !lab_line_opt(l, "version")))
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: 'pe' needs arch= and version=", l->file,
                           l->line);
        if (!strcmp(l->verb, "windows") && !lab_line_opt(l, "arch"))
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: 'windows' needs arch=", l->file, l->line);
        if (!strcmp(l->verb, "file") && !lab_line_opt(l, "size") &&
            !lab_line_opt(l, "text"))
            return err_set(err, WIZ_EFORMAT,
                           "%s:%d: 'file' needs size= or text=", l->file,
                           l->line);
    }
    return 0;
}

int lab_manifest_parse(const char *name, const char *dir, const char *text,
                       size_t len, struct lab_manifest **out,
                       struct wiz_err *err)
{
    struct parse_state ps;

    *out = NULL;
    ps.m = xcalloc(1, sizeof(*ps.m));
    ps.m->dir = xstrdup(dir);
    ps.m->description = xstrdup("");
    ps.m->lesson = xstrdup("");
    ps.alloc = 0;
    ps.depth = 0;
    if (parse_text(&ps, name, dir, text, len, err) < 0 ||
        check_semantics(ps.m, err) < 0) {
        lab_manifest_free(ps.m);
        return -1;
    }
    *out = ps.m;
    return 0;
}

static const char *last_component(const char *path)
{
    size_t n = strlen(path);

    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t i = n;

    while (i > 0 && path[i - 1] != '/')
        i--;
    return path + i;
}

int lab_manifest_load(const char *scenario_dir, struct lab_manifest **out,
                      struct wiz_err *err)
{
    char *path = fs_join(scenario_dir, "scenario.txt");
    char *data;
    size_t len;
    struct wiz_err e2;
    int r;

    *out = NULL;
    if (fs_read_file(path, MANIFEST_MAX, &data, &len, &e2) < 0) {
        err_set(err, e2.code, "cannot read the scenario: %s", e2.msg);
        free(path);
        return -1;
    }
    char *name = xstrdup(last_component(scenario_dir));
    size_t nl = strlen(name);

    while (nl > 1 && name[nl - 1] == '/')
        name[--nl] = '\0';
    char *display = xasprintf("%s/scenario.txt", name);

    r = lab_manifest_parse(display, scenario_dir, data, len, out, err);
    free(display);
    free(name);
    free(data);
    free(path);
    return r;
}

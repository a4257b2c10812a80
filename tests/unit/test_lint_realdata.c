/*
 * usmtwiz lint over every scanstate command line collected from public
 * scripts and issues (../shared/realdata/cmdlines/scanstate-cmdlines.tsv).
 * tests/fixtures/lint/realdata-expected.tsv says, for each line, which
 * rules must fire and the exit status, as read against the reference; the
 * test runs the real program on each line and compares.  Skips (and says
 * so) when the realdata folder is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "platform/fs.h"
#include "../support/testlib.h"

#define MAX_ROWS 64

struct expect {
    char *source;
    char *prep;
    int exit_status;
    char *ids;
    bool used;
};

/* Split s in place at tabs into at most n fields; returns the count. */
static size_t split_tabs(char *s, char **f, size_t n)
{
    size_t k = 0;

    while (k < n) {
        f[k++] = s;
        char *t = strchr(s, '\t');

        if (!t)
            break;
        *t = '\0';
        s = t + 1;
    }
    return k;
}

static size_t load_expect(struct expect *e, char **keep)
{
    char *path = test_fixture("lint/realdata-expected.tsv");
    char *data;
    size_t len;
    size_t n = 0;
    struct wiz_err err;

    if (fs_read_file(path, 1 << 20, &data, &len, &err) < 0)
        fail_msg("%s", err.msg);
    free(path);
    *keep = data;
    for (char *line = data; line && *line;) {
        char *nl = strchr(line, '\n');
        char *f[5];

        if (nl)
            *nl = '\0';
        if (line[0] != '#' && line[0] &&
            split_tabs(line, f, 5) >= 4) {
            assert_true(n < MAX_ROWS);
            e[n].source = f[0];
            e[n].prep = f[1];
            e[n].exit_status = atoi(f[2]);
            e[n].ids = f[3];
            e[n].used = false;
            n++;
        }
        line = nl ? nl + 1 : NULL;
    }
    return n;
}

/* ---- how a script line becomes the scanstate command line ---------------- */

static void cut_at(struct strbuf *sb, const char *marker)
{
    const char *p = strstr(sb->buf, marker);

    if (p)
        strbuf_setlen(sb, (size_t)(p - sb->buf));
}

static void drop_optional(struct strbuf *sb)
{
    struct strbuf out = STRBUF_INIT;
    int depth = 0;

    for (const char *p = sb->buf; *p; p++) {
        if (*p == '[')
            depth++;
        else if (*p == ']' && depth > 0)
            depth--;
        else if (!depth)
            strbuf_addch(&out, *p);
    }
    strbuf_reset(sb);
    strbuf_adds(sb, out.buf);
    strbuf_release(&out);
}

/* Remove bare PowerShell variables ($Name) that stand for switch groups. */
static void drop_ps_vars(struct strbuf *sb)
{
    struct strbuf out = STRBUF_INIT;
    const char *p = sb->buf;

    while (*p) {
        const char *e = p;

        while (*e && *e != ' ')
            e++;
        bool var = *p == '$' && e - p > 1;

        for (const char *q = p + 1; var && q < e; q++)
            var = (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
                  (*q >= '0' && *q <= '9') || *q == '_';
        if (!var && e > p) {
            if (out.len)
                strbuf_addch(&out, ' ');
            strbuf_add(&out, p, (size_t)(e - p));
        }
        p = *e ? e + 1 : e;
    }
    strbuf_reset(sb);
    strbuf_adds(sb, out.buf);
    strbuf_release(&out);
}

static char *prepare(const char *line, const char *prep)
{
    struct strbuf sb = STRBUF_INIT;

    if (strstr(prep, "ini-args") && str_starts_with(line, "ScanStateArgs=")) {
        strbuf_adds(&sb, "<StatePath> ");
        line += strlen("ScanStateArgs=");
    }
    strbuf_adds(&sb, line);
    if (strstr(prep, "ps-comment"))
        cut_at(&sb, " #");
    if (strstr(prep, "cmd-redirect"))
        cut_at(&sb, " > nul");
    if (strstr(prep, "drop-optional"))
        drop_optional(&sb);
    if (strstr(prep, "ps-vars"))
        drop_ps_vars(&sb);
    strbuf_rtrim(&sb);
    return strbuf_detach(&sb, NULL);
}

/* 'text' for sh */
static void shell_quote(struct strbuf *sb, const char *s)
{
    strbuf_addch(sb, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            strbuf_adds(sb, "'\\''");
        else
            strbuf_addch(sb, *p);
    }
    strbuf_addch(sb, '\'');
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The rule ids in lint's output, unique and sorted, comma separated. */
static char *ids_of(const char *output)
{
    char *ids[128];
    size_t n = 0;
    struct strbuf sb = STRBUF_INIT;

    for (const char *line = output; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);

        if (len > 8 && (str_starts_with(line, "error ") ||
                        str_starts_with(line, "warning ") ||
                        str_starts_with(line, "info "))) {
            const char *id = line + 8;
            const char *colon = strchr(id, ':');

            if (colon && colon < line + len) {
                char *x = xstrndup(id, (size_t)(colon - id));
                bool seen = false;

                for (size_t i = 0; i < n && !seen; i++)
                    seen = !strcmp(ids[i], x);
                if (seen || n >= 128)
                    free(x);
                else
                    ids[n++] = x;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    qsort(ids, n, sizeof(ids[0]), cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        strbuf_adds(&sb, ids[i]);
        free(ids[i]);
    }
    return strbuf_detach(&sb, NULL);
}

static void test_lint_realdata_every_line(void **state)
{
    char *tsv = test_realdata("cmdlines/scanstate-cmdlines.tsv");
    struct expect e[MAX_ROWS];
    char *keep;
    char *data;
    size_t len;
    struct wiz_err err;
    char *wiz = test_build("usmtwiz");
    int bad = 0;
    size_t rows = 0;

    (void)state;
    if (!tsv) {
        free(wiz);
        skip();
    }
    size_t n = load_expect(e, &keep);

    if (fs_read_file(tsv, 1 << 20, &data, &len, &err) < 0)
        fail_msg("%s", err.msg);
    for (char *line = data; line && *line;) {
        char *nl = strchr(line, '\n');
        char *f[3];

        if (nl)
            *nl = '\0';
        if (line[0] == '#' || split_tabs(line, f, 3) < 3) {
            line = nl ? nl + 1 : NULL;
            continue;
        }
        rows++;
        struct expect *x = NULL;

        for (size_t i = 0; i < n && !x; i++) {
            if (!strcmp(e[i].source, f[0]))
                x = &e[i];
        }
        if (!x) {
            fprintf(stderr, "no expectation for '%s'\n", f[0]);
            bad++;
            line = nl ? nl + 1 : NULL;
            continue;
        }
        x->used = true;
        char *cmd = prepare(f[2], x->prep);
        struct strbuf sh = STRBUF_INIT;
        int status;

        strbuf_addf(&sh, "'%s' lint -- ", wiz);
        shell_quote(&sh, cmd);
        strbuf_adds(&sh, " 2>&1");
        char *out = test_run(sh.buf, &status);
        char *got = ids_of(out);

        if (strcmp(got, x->ids) || status != x->exit_status) {
            fprintf(stderr, "%s\n  line: %s\n  want: %s (exit %d)\n"
                    "  got:  %s (exit %d)\n%s", f[0], cmd, x->ids,
                    x->exit_status, got, status, out);
            bad++;
        }
        assert_non_null(strstr(out, "\nlint: "));
        free(got);
        free(out);
        strbuf_release(&sh);
        free(cmd);
        line = nl ? nl + 1 : NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!e[i].used) {
            fprintf(stderr, "expectation for '%s' matches no line\n",
                    e[i].source);
            bad++;
        }
    }
    fprintf(stderr, "note: linted %zu real command lines\n", rows);
    assert_true(rows >= 20);
    assert_int_equal(bad, 0);
    free(data);
    free(keep);
    free(tsv);
    free(wiz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lint_realdata_every_line),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

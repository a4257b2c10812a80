/*
 * What the restore's screens share: their order, and text made of lines
 * each wrapped with its own indent (never cut) and scrolled by rows, with
 * the session's findings as such lines.
 */
#include "screens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/rules/rules.h"
#include "core/session/restore.h"
#include "ui/text.h"

static const struct screen_ops *const restore_order[] = {
    &screen_restore_store,
    &screen_restore_accounts,
    &screen_restore_content,
    &screen_restore_key,
    &screen_restore_review,
    &screen_restore_run,
    &screen_restore_result,
};

const struct screen_ops *const *screens_restore(size_t *n)
{
    *n = sizeof(restore_order) / sizeof(restore_order[0]);
    return restore_order;
}

void screen_lines_add(struct screen_lines *sl, int indent, unsigned attr,
                      const char *fmt, ...)
{
    va_list ap;
    struct strbuf sb = STRBUF_INIT;

    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    if (sl->n == sl->alloc) {
        sl->alloc = sl->alloc ? 2 * sl->alloc : 16;
        sl->l = xrealloc(sl->l, sl->alloc * sizeof(*sl->l));
    }
    sl->l[sl->n].indent = indent;
    sl->l[sl->n].attr = attr;
    sl->l[sl->n].text = strbuf_detach(&sb, NULL);
    sl->n++;
}

void screen_lines_release(struct screen_lines *sl)
{
    for (size_t i = 0; i < sl->n; i++)
        free(sl->l[i].text);
    free(sl->l);
    memset(sl, 0, sizeof(*sl));
}

static int line_rows(const struct screen_line *l, int width)
{
    struct rect none = { 0, 0, 0, width - l->indent };

    if (!*l->text)
        return 1;
    return none.w > 0 ? text_draw_wrapped(&none, 0, l->text, l->attr) : 1;
}

int screen_lines_rows(const struct screen_lines *sl, int width)
{
    int rows = 0;

    for (size_t i = 0; i < sl->n; i++)
        rows += line_rows(&sl->l[i], width);
    return rows;
}

int screen_lines_row_of(const struct screen_lines *sl, size_t line,
                        int width)
{
    int rows = 0;

    for (size_t i = 0; i < line && i < sl->n; i++)
        rows += line_rows(&sl->l[i], width);
    return rows;
}

void screen_lines_draw(const struct screen_lines *sl, const struct rect *r,
                       int skip)
{
    int row = -skip;

    for (size_t i = 0; i < sl->n && row < r->h; i++) {
        const struct screen_line *l = &sl->l[i];
        int need = line_rows(l, r->w);

        if (row + need > 0 && *l->text) {
            int from = row < 0 ? -row : 0;
            int y = row < 0 ? 0 : row;
            struct rect at = { r->y + y, r->x + l->indent, need - from,
                               r->w - l->indent };

            if (at.h > r->h - y)
                at.h = r->h - y;
            text_draw_wrapped(&at, from, l->text, l->attr);
        }
        row += need;
    }
}

size_t screen_lines_findings(struct restore_session *s,
                             struct screen_lines *sl, bool skipped)
{
    const struct findings *fs = restore_session_findings(s);
    size_t errors = 0;

    for (size_t i = 0; i < fs->n; i++) {
        const struct finding *f = &fs->f[i];
        unsigned attr = f->severity == RULE_ERROR ? TEXT_ERROR
                        : f->severity == RULE_WARNING ? TEXT_WARN
                                                      : TEXT_NORMAL;
        const char *word = f->severity == RULE_ERROR ? "ERROR"
                           : f->severity == RULE_WARNING ? "WARNING"
                                                         : "NOTE";

        errors += f->severity == RULE_ERROR;
        screen_lines_add(sl, 0, attr, "%s %s: %s", word, f->rule->id,
                         f->message);
        if (f->fix && *f->fix)
            screen_lines_add(sl, 4, TEXT_NORMAL, "fix: %s", f->fix);
    }
    if (!fs->n)
        screen_lines_add(sl, 0, TEXT_OK, "No finding: nothing known stands "
                         "in the way.");
    for (size_t i = 0; skipped && i < fs->n_skipped; i++)
        screen_lines_add(sl, 0, TEXT_DIM, "not checked (%s)",
                         fs->skipped[i]);
    return errors;
}

size_t screen_restore_errors(struct restore_session *s, const char **first)
{
    const struct findings *fs = restore_session_findings(s);
    size_t errors = 0;

    *first = NULL;
    for (size_t i = 0; i < fs->n; i++) {
        if (fs->f[i].severity != RULE_ERROR)
            continue;
        if (!errors)
            *first = fs->f[i].rule->id;
        errors++;
    }
    return errors;
}

void screen_keys_scroll(struct ui_keys *t)
{
    ui_keys_add(t, ACT_PAGE_UP, 0, "PgUp/PgDn", "scroll");
    ui_keys_also(t, ACT_PAGE_DOWN);
    ui_keys_also(t, ACT_UP);
    ui_keys_also(t, ACT_DOWN);
    ui_keys_also(t, ACT_HOME);
    ui_keys_also(t, ACT_END);
}

bool screen_scroll(int *skip, int total, int height, enum action act)
{
    int max = total - height > 0 ? total - height : 0;
    int page = height > 1 ? height - 1 : 1;

    switch (act) {
    case ACT_UP:
        (*skip)--;
        break;
    case ACT_DOWN:
        (*skip)++;
        break;
    case ACT_PAGE_UP:
        *skip -= page;
        break;
    case ACT_PAGE_DOWN:
        *skip += page;
        break;
    case ACT_HOME:
        *skip = 0;
        break;
    case ACT_END:
        *skip = max;
        break;
    default:
        return false;
    }
    if (*skip > max)
        *skip = max;
    if (*skip < 0)
        *skip = 0;
    return true;
}

const char *screen_log_line(const char *l, char *buf, size_t size)
{
    size_t k = 0;

    if (strlen(l) > 20 && l[4] == '-' && l[19] == ',')
        l += 21;
    for (const char *q = l; *q && k + 1 < size; q++) {
        if (*q == ' ' && q[1] == ' ')
            continue;
        buf[k++] = *q;
    }
    buf[k] = '\0';
    return buf;
}

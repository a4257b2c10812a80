#include "ui/keys.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf.h"

void ui_keys_init(struct ui_keys *t)
{
    memset(t, 0, sizeof(*t));
}

void ui_keys_add(struct ui_keys *t, enum action act, int ch, const char *key,
                 const char *what)
{
    if (t->n >= UI_KEYS_MAX)
        return;
    t->k[t->n].act = act;
    t->k[t->n].ch = ch;
    t->k[t->n].key = key;
    t->k[t->n].what = what;
    t->n++;
}

void ui_keys_also(struct ui_keys *t, enum action act)
{
    ui_keys_add(t, act, 0, NULL, NULL);
}

void ui_keys_add_typing(struct ui_keys *t, const char *what)
{
    static const enum action edit[] = {
        ACT_LEFT, ACT_RIGHT, ACT_HOME, ACT_END, ACT_BACKSPACE, ACT_DELETE,
    };

    ui_keys_add(t, ACT_CHAR, 0, "type", what);
    for (size_t i = 0; i < sizeof(edit) / sizeof(edit[0]); i++)
        ui_keys_also(t, edit[i]);
}

bool ui_keys_has(const struct ui_keys *t, enum action act, int ch)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->k[i].act != act)
            continue;
        if (act != ACT_CHAR || !t->k[i].ch || t->k[i].ch == ch)
            return true;
    }
    return false;
}

bool ui_keys_is_nav(enum action act)
{
    return act == ACT_NEXT || act == ACT_BACK || act == ACT_HELP ||
           act == ACT_QUIT;
}

static int width_of(const char *s)
{
    return (int)utf8_width(s);
}

/*
 * The "key what" entries of one side of the bar, at most upto of them;
 * help_what (when not NULL) names the help key instead of its own words.
 */
static void join(const struct ui_keys *t, bool nav, size_t upto,
                 const char *help_what, struct strbuf *sb)
{
    size_t shown = 0;

    strbuf_reset(sb);
    for (size_t i = 0; i < t->n; i++) {
        const struct ui_key *k = &t->k[i];
        const char *what = k->what ? k->what : "";

        if (!k->key || ui_keys_is_nav(k->act) != nav)
            continue;
        if (shown++ >= upto)
            break;
        if (help_what && k->act == ACT_HELP)
            what = help_what;
        strbuf_addf(sb, "%s%s %s", sb->len ? "  " : "", k->key, what);
    }
}

/* The most screen keys that fit beside right (the left part in l). */
static size_t fit_left(const struct ui_keys *t, size_t upto, int width,
                       const struct strbuf *r, struct strbuf *l)
{
    /* one column of margin on each side and two between the parts */
    for (;;) {
        join(t, false, upto, NULL, l);
        if (!upto || width_of(l->buf) + width_of(r->buf) + 4 <= width)
            return upto;
        upto--;
    }
}

void ui_keys_bar(const struct ui_keys *t, int width, char *left,
                 size_t left_size, char *right, size_t right_size)
{
    struct strbuf l = STRBUF_INIT, r = STRBUF_INIT;
    size_t all = 0;

    for (size_t i = 0; i < t->n; i++)
        all += t->k[i].key && !ui_keys_is_nav(t->k[i].act);
    join(t, true, SIZE_MAX, NULL, &r);
    /* keys left out: the help key says that it lists them */
    if (fit_left(t, all, width, &r, &l) < all &&
        ui_keys_has(t, ACT_HELP, 0)) {
        join(t, true, SIZE_MAX, UI_KEYS_MORE, &r);
        fit_left(t, all, width, &r, &l);
    }
    snprintf(left, left_size, "%s", l.buf);
    snprintf(right, right_size, "%s", r.buf);
    strbuf_release(&l);
    strbuf_release(&r);
}

char *ui_keys_help(const struct ui_keys *t)
{
    struct strbuf sb = STRBUF_INIT;
    int kw = 0;

    for (size_t i = 0; i < t->n; i++) {
        if (t->k[i].key && width_of(t->k[i].key) > kw)
            kw = width_of(t->k[i].key);
    }
    for (size_t i = 0; i < t->n; i++) {
        const struct ui_key *k = &t->k[i];

        if (!k->key)
            continue;
        strbuf_addf(&sb, "  %s%*s  %s\n", k->key, kw - width_of(k->key), "",
                    k->what ? k->what : "");
    }
    return strbuf_detach(&sb, NULL);
}

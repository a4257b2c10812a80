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

static void join(const struct ui_keys *t, bool nav, size_t upto,
                 struct strbuf *sb)
{
    size_t shown = 0;

    strbuf_reset(sb);
    for (size_t i = 0; i < t->n; i++) {
        const struct ui_key *k = &t->k[i];

        if (!k->key || ui_keys_is_nav(k->act) != nav)
            continue;
        if (shown++ >= upto)
            break;
        strbuf_addf(sb, "%s%s %s", sb->len ? "  " : "", k->key,
                    k->what ? k->what : "");
    }
}

void ui_keys_bar(const struct ui_keys *t, int width, char *left,
                 size_t left_size, char *right, size_t right_size)
{
    struct strbuf l = STRBUF_INIT, r = STRBUF_INIT;
    size_t upto = 0;

    for (size_t i = 0; i < t->n; i++)
        upto += t->k[i].key && !ui_keys_is_nav(t->k[i].act);
    join(t, true, SIZE_MAX, &r);
    /* one column of margin on each side and two between the parts */
    for (;;) {
        join(t, false, upto, &l);
        if (!upto || width_of(l.buf) + width_of(r.buf) + 4 <= width)
            break;
        upto--;
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

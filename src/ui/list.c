#include "ui/list.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static void keep_visible(struct list *l)
{
    if (l->height == 0)
        l->height = 1;
    if (l->n == 0) {
        l->cur = 0;
        l->top = 0;
        return;
    }
    if (l->cur >= l->n)
        l->cur = l->n - 1;
    if (l->cur < l->top)
        l->top = l->cur;
    if (l->cur >= l->top + l->height)
        l->top = l->cur - l->height + 1;
    /* never leave empty space below the last row when it can be filled */
    if (l->n > l->height && l->top > l->n - l->height)
        l->top = l->n - l->height;
    if (l->n <= l->height)
        l->top = 0;
}

void list_init(struct list *l)
{
    memset(l, 0, sizeof(*l));
    l->height = 1;
}

void list_set_count(struct list *l, size_t n)
{
    l->n = n;
    keep_visible(l);
}

void list_set_height(struct list *l, size_t height)
{
    l->height = height ? height : 1;
    keep_visible(l);
}

void list_select(struct list *l, size_t i)
{
    l->cur = i;
    keep_visible(l);
}

bool list_move(struct list *l, enum action act)
{
    size_t page = l->height > 1 ? l->height - 1 : 1;

    switch (act) {
    case ACT_UP:
        if (l->cur > 0)
            l->cur--;
        break;
    case ACT_DOWN:
        if (l->n && l->cur + 1 < l->n)
            l->cur++;
        break;
    case ACT_PAGE_UP:
        l->cur = l->cur > page ? l->cur - page : 0;
        break;
    case ACT_PAGE_DOWN:
        l->cur += page;
        if (l->n && l->cur >= l->n)
            l->cur = l->n - 1;
        break;
    case ACT_HOME:
        l->cur = 0;
        break;
    case ACT_END:
        l->cur = l->n ? l->n - 1 : 0;
        break;
    default:
        return false;
    }
    keep_visible(l);
    return true;
}

bool list_is_visible(const struct list *l, size_t i)
{
    return i < l->n && i >= l->top && i < l->top + l->height;
}

void checklist_init(struct checklist *c)
{
    list_init(&c->list);
    c->checked = NULL;
}

void checklist_release(struct checklist *c)
{
    free(c->checked);
    checklist_init(c);
}

void checklist_set_count(struct checklist *c, size_t n)
{
    size_t old = c->list.n;

    c->checked = xreallocarray(c->checked, n ? n : 1, sizeof(bool));
    for (size_t i = old; i < n; i++)
        c->checked[i] = false;
    list_set_count(&c->list, n);
}

bool checklist_toggle(struct checklist *c)
{
    if (!c->list.n)
        return false;
    c->checked[c->list.cur] = !c->checked[c->list.cur];
    return c->checked[c->list.cur];
}

void checklist_set(struct checklist *c, size_t i, bool on)
{
    if (i < c->list.n)
        c->checked[i] = on;
}

void checklist_set_all(struct checklist *c, bool on)
{
    for (size_t i = 0; i < c->list.n; i++)
        c->checked[i] = on;
}

size_t checklist_count_checked(const struct checklist *c)
{
    size_t k = 0;

    for (size_t i = 0; i < c->list.n; i++)
        k += c->checked[i];
    return k;
}

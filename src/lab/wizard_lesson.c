/*
 * The instructor sheet of the training lesson a practice machine was built
 * for, for the Result screen and the plain mode.
 */
#include "core/session/wizard.h"

#include <stdlib.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "lab/lab.h"

int wizard_lesson_sheet(const struct wizard *w, char **lesson, char **sheet,
                        struct wiz_err *err)
{
    struct lab_facts f;
    char *md;

    *lesson = NULL;
    *sheet = NULL;
    if (!w->volume_root)
        return err_set(err, WIZ_ENOENT, "not a practice machine");
    if (lab_facts_read(w->volume_root, &f, err) < 0)
        return -1;
    if (!f.lesson) {
        lab_facts_release(&f);
        return err_set(err, WIZ_ENOENT, "the practice machine is no lesson");
    }
    if (lab_lesson_sheet(w->data_dir, f.lesson, &md, err) < 0) {
        lab_facts_release(&f);
        return -1;
    }
    *sheet = lab_sheet_text(md);
    *lesson = xstrdup(f.lesson);
    free(md);
    lab_facts_release(&f);
    return 0;
}

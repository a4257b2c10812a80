#ifndef WIZ_CMD_LINT_RESTORE_H
#define WIZ_CMD_LINT_RESTORE_H

#include <stdbool.h>

/*
 * lint for a loadstate line (src/cmd/lint_restore.c): reads the line, the
 * store it names (its usmtwiz report, hardlink.main) when that folder can
 * be found, and the new PC's Windows under volume_root (on drive volume,
 * else the only one), runs the restore rules and prints the findings and
 * what was not checked.  Returns a WIZ_EXIT_* code.
 */
struct lint_restore_opts {
    const char *volume_root;    /* NULL: paths are this machine's */
    char volume;                /* the new PC's Windows drive, 0 any */
    bool winpe;                 /* judge as if in Windows PE */
    const char *usmt;           /* the USMT folder, NULL none */
};

/* "loadstate.exe", "C:\\USMT\\loadstate" ...: is this the loadstate tool? */
bool lint_restore_is_loadstate(const char *program);

int lint_restore(const struct lint_restore_opts *o, int argc,
                 const char *const *argv);

#endif

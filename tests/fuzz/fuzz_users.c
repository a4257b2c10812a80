/*
 * User list: arbitrary bytes as the SOFTWARE hive of an installation whose
 * SYSTEM and SAM are empty hives made by the regf writer, then users_load.
 */
#include <stdlib.h>

#include "base/err.h"
#include "lab/regf.h"
#include "core/offline/users.h"
#include "core/offline/winos.h"
#include "fuzz.h"
#include "platform/fs.h"

static char *windir, *software;

static void setup(void)
{
    struct wiz_err err;
    char *dir, *config, *p;

    if (fs_make_temp_dir("fuzz-users", &dir, &err) < 0)
        abort();
    windir = fs_join(dir, "Windows");
    config = fs_join(windir, "System32/config");
    if (fs_mkdir_p(config, &err) < 0)
        abort();
    p = fs_join(config, "SYSTEM");
    if (regf_create_empty(p, "SYSTEM", 0, &err) < 0)
        abort();
    free(p);
    p = fs_join(config, "SAM");
    if (regf_create_empty(p, "SAM", 0, &err) < 0)
        abort();
    free(p);
    software = fs_join(config, "SOFTWARE");
    free(config);
    free(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct wiz_err err;
    struct winos os;
    struct user_list users;

    if (!windir)
        setup();
    if (fs_write_file(software, data, size, &err) < 0)
        abort();
    if (winos_read(windir, 'D', &os, &err) == 0 &&
        users_load(&os, &users, &err) == 0)
        user_list_release(&users);
    winos_release(&os);
    return 0;
}

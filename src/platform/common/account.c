/*
 * A local account's password, set after loadstate: /lac creates new
 * accounts disabled unless its password is on loadstate's command line,
 * where the process list and loadstate.log would show it.  On a practice
 * new PC nothing on this machine changes: the fact (never the password)
 * is recorded on the practice Windows volume, for tests and trainers.
 */
#include "platform/sys.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "platform/fs.h"
#include "account_os.h"

#define RECORD_MAX (256 * 1024)

static bool name_ok(const char *user)
{
    if (!user || !*user || strlen(user) > 104)
        return false;
    /* what Windows refuses in a user name, and line ends */
    for (const char *c = user; *c; c++) {
        if ((unsigned char)*c < 0x20 || strchr("\"/\\[]:;|=,+*?<>@", *c))
            return false;
    }
    return true;
}

int sys_account_set_password(const char *practice_dir, const char *user,
                             const char *password, struct wiz_err *err)
{
    if (!name_ok(user))
        return err_set(err, WIZ_EUSAGE, "'%s' is not a local account name",
                       user ? user : "");
    if (!password || !*password)
        return err_set(err, WIZ_EUSAGE, "no password for account '%s'",
                       user);
    if (!practice_dir)
        return account_os_set_password(user, password, err);

    char *dir = fs_join(practice_dir, "Windows");
    char *path = fs_join(dir, SYS_PRACTICE_ACCOUNTS);
    char *old = NULL;
    size_t len = 0;
    struct strbuf sb;
    int r;

    strbuf_init(&sb);
    if (fs_exists(path) &&
        fs_read_file(path, RECORD_MAX, &old, &len, err) < 0) {
        r = -1;
    } else {
        if (old)
            strbuf_add(&sb, old, len);
        strbuf_addf(&sb, "%s\tpassword set\tenabled\n", user);
        r = fs_mkdir_p(dir, err);
        if (r == 0)
            r = fs_write_file(path, sb.buf, sb.len, err);
    }
    strbuf_release(&sb);
    free(old);
    free(path);
    free(dir);
    return r;
}

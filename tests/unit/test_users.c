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
#include "base/xalloc.h"
#include "core/offline/hive.h"
#include "core/offline/users.h"
#include "core/offline/winos.h"
#include "lab/regimport.h"
#include "platform/fs.h"
#include "../support/testlib.h"
#include "../support/regbulk.h"
#include "../support/winfake.h"

#define PL "Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
#define M "S-1-5-21-111-222-333-"

static const struct winfake_os WIN = {
    "Windows", "Windows 10 Enterprise", "19045", 4046, "AMD64", "PC7",
    "contoso.com", 1,
};

struct fx {
    char *root;
    char *vol;
    char *windir;
    struct winos os;
    struct user_list list;
    struct user_load_info info;
};

static void mkdir_in(const char *vol, const char *rel)
{
    char *p = fs_join(vol, rel);
    struct wiz_err err;

    if (fs_mkdir_p(p, &err) < 0)
        fail_msg("%s", err.msg);
    free(p);
}

static void profile(struct hive *h, const char *key, const char *path,
                    uint32_t state)
{
    char *k = xasprintf(PL "\\%s", key);

    winfake_expand_sz(h, k, "ProfileImagePath", path);
    winfake_dword(h, k, "State", state);
    winfake_dword(h, k, "Flags", 0);
    free(k);
}

/* One installation with every kind of profile (WinPE letter D, online C). */
static int setup(void **state)
{
    struct fx *f = xcalloc(1, sizeof(*f));
    struct wiz_err err;

    f->root = test_tmpdir("users");
    f->vol = fs_join(f->root, "D");
    f->windir = winfake_install(f->vol, &WIN);
    char *p = winfake_config(f->windir, "SAM");
    struct hive *h = winfake_hive_edit(p);

    free(p);
    winfake_sam_user(h, "anna", 1001, "Anna Berg");
    winfake_sam_user(h, "J\xC3\xB6rg", 1002, "");
    winfake_sam_user(h, "carl", 1003, "");
    winfake_sam_user(h, "gone", 1004, "");
    winfake_hive_done(h);

    p = winfake_config(f->windir, "SOFTWARE");
    h = winfake_hive_edit(p);
    free(p);
    profile(h, "S-1-5-18", "%systemroot%\\system32\\config\\systemprofile",
            0);
    profile(h, M "500", "C:\\Users\\Administrator", 0);
    profile(h, M "1001", "C:\\Users\\anna", 0);
    winfake_dword(h, PL "\\" M "1001", "LocalProfileLoadTimeLow",
                  (uint32_t)(hive_unix_to_filetime(1710000000) & 0xffffffff));
    winfake_dword(h, PL "\\" M "1001", "LocalProfileLoadTimeHigh",
                  (uint32_t)(hive_unix_to_filetime(1710000000) >> 32));
    profile(h, M "1002", "%SystemDrive%\\Users\\J\xC3\xB6rg", 0);
    winfake_sz(h,
               "Microsoft\\IdentityStore\\Cache\\" M "1002\\IdentityCache\\"
               M "1002", "UserName", "joerg@outlook.com");
    profile(h, "S-1-5-21-9-8-7-1105", "C:\\Users\\jsmith", 0);
    profile(h, "S-1-5-21-9-8-7-1106", "C:\\Users\\bob.CONTOSO", 0);
    winfake_sz(h, "Microsoft\\Windows NT\\CurrentVersion\\Winlogon",
               "DefaultDomainName", "CONTOSO");
    const char *lui =
        "Microsoft\\Windows\\CurrentVersion\\Authentication\\LogonUI";

    winfake_sz(h, lui, "LastLoggedOnUser", "CONTOSO\\bob");
    winfake_sz(h, lui, "LastLoggedOnSAMUser", "CONTOSO\\bob");
    winfake_sz(h, lui, "LastLoggedOnDisplayName", "Bob Stone");
    winfake_sz(h, lui, "LastLoggedOnUserSID", "S-1-5-21-9-8-7-1106");
    profile(h, "S-1-12-1-1111-2222-3333-4444", "C:\\Users\\ana", 0);
    winfake_sz(h,
               "Microsoft\\IdentityStore\\Cache\\S-1-12-1-1111-2222-3333-4444"
               "\\IdentityCache\\S-1-12-1-1111-2222-3333-4444",
               "UserName", "ana@contoso.com");
    profile(h, M "1003.bak", "C:\\Users\\carl", 0);
    profile(h, M "1003", "C:\\Users\\TEMP", 0x0804);
    profile(h, M "1004", "C:\\Users\\gone", 0);
    /* hostile entries */
    profile(h, "not-a-sid", "C:\\Users\\x", 0);
    profile(h, "S-1-5-21-1\\..", "C:\\Users\\x", 0);
    profile(h, M "1010", "C:\\Users\\..\\..\\etc", 0);
    winfake_dword(h, PL "\\" M "1011", "ProfileImagePath", 7);
    /* no terminator on the string */
    winfake_raw(h, PL "\\" M "1012", "ProfileImagePath", HIVE_REG_SZ,
                "C\0:\0\\\0U\0s\0e\0r\0s\0\\\0z\0", 20);
    profile(h, M "1013", "C:\\Users\\\xE2\x80\xAE" "evil", 0);
    profile(h, M "1014", "E:\\Profiles\\x", 0);
    /* a profile path that is a link, and one that is a file */
    profile(h, M "1015", "C:\\Users\\linked", 0);
    profile(h, M "1016", "C:\\Users\\afile", 0);
    winfake_hive_done(h);

    mkdir_in(f->vol, "Windows/System32/config/systemprofile");
    mkdir_in(f->vol, "Users/Administrator");
    mkdir_in(f->vol, "Users/Anna");
    mkdir_in(f->vol, "Users/J\xC3\xB6rg");
    mkdir_in(f->vol, "Users/jsmith");
    mkdir_in(f->vol, "Users/bob.CONTOSO");
    mkdir_in(f->vol, "Users/ana");
    mkdir_in(f->vol, "Users/carl");
    mkdir_in(f->vol, "Users/TEMP");
    mkdir_in(f->vol, "Users/z");
    mkdir_in(f->vol, "Users/\xE2\x80\xAE" "evil");
    p = fs_join(f->vol, "Users/linked");
    if (fs_symlink("ana", p, &err) < 0)
        fail_msg("%s", err.msg);
    free(p);
    p = fs_join(f->vol, "Users/afile");
    test_write(p, "x", 1);
    free(p);
    p = fs_join(f->vol, "Users/jsmith/NTUSER.DAT");
    test_write(p, "regf", 4);
    if (fs_set_mtime(p, 1720000000, &err) < 0)
        fail_msg("%s", err.msg);
    free(p);

    if (winos_read(f->windir, 'D', &f->os, &err) < 0)
        fail_msg("%s", err.msg);
    if (users_load_info(&f->os, &f->list, &f->info, &err) < 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    user_list_release(&f->list);
    user_load_info_release(&f->info);
    winos_release(&f->os);
    free(f->windir);
    free(f->vol);
    test_tmpdir_remove(f->root);
    free(f);
    return 0;
}

static const struct win_user *by_key(const struct user_list *l,
                                     const char *key)
{
    for (size_t i = 0; i < l->n; i++) {
        if (!strcmp(l->u[i].key_name, key))
            return &l->u[i];
    }
    fail_msg("no user with key '%s'", key);
    return NULL;
}

static void test_users_local_account_named_from_sam(void **state)
{
    struct fx *f = *state;
    const struct win_user *u = by_key(&f->list, M "1001");

    assert_string_equal(f->info.machine_sid, "S-1-5-21-111-222-333");
    assert_string_equal(u->sid, M "1001");
    assert_string_equal(u->name, "anna");
    assert_int_equal(u->name_source, NAME_SAM);
    assert_string_equal(u->full_name, "Anna Berg");
    assert_int_equal(u->kind, USER_LOCAL);
    assert_int_equal(u->rid, 1001);
    assert_string_equal(u->profile_online, "C:\\Users\\anna");
    assert_string_equal(u->profile_win, "D:\\Users\\anna");
    /* folder found although its case differs */
    assert_non_null(strstr(u->profile_path, "/D/Users/Anna"));
    assert_true(u->folder_exists);
    assert_int_equal(u->last_use, 1710000000);
    assert_true(u->default_selected);
    assert_null(u->problem);
}

/* Only a folder is a profile folder: a link or a file under its name is not
 * (the listing of Users says which it is, as a look at each would). */
static void test_users_profile_folder_must_be_a_folder(void **state)
{
    struct fx *f = *state;
    const struct win_user *u = by_key(&f->list, M "1015");

    assert_false(u->folder_exists);
    u = by_key(&f->list, M "1016");
    assert_false(u->folder_exists);
    u = by_key(&f->list, "S-1-5-21-9-8-7-1105");
    assert_true(u->folder_exists);
}

static void test_users_well_known_and_builtin(void **state)
{
    struct fx *f = *state;
    const struct win_user *u = by_key(&f->list, "S-1-5-18");

    assert_string_equal(u->name, "SYSTEM");
    assert_int_equal(u->name_source, NAME_WELLKNOWN);
    assert_int_equal(u->kind, USER_BUILTIN);
    assert_string_equal(u->profile_win,
                        "D:\\Windows\\system32\\config\\systemprofile");
    assert_true(u->folder_exists);
    assert_false(u->default_selected);
    u = by_key(&f->list, M "500");
    assert_string_equal(u->name, "Administrator");
    assert_int_equal(u->kind, USER_BUILTIN);
    assert_false(u->default_selected);
}

static void test_users_microsoft_entra_and_domain_accounts(void **state)
{
    struct fx *f = *state;
    const struct win_user *u = by_key(&f->list, M "1002");

    assert_string_equal(u->name, "J\xC3\xB6rg");
    assert_string_equal(u->account, "joerg@outlook.com");
    assert_int_equal(u->kind, USER_MSA);
    assert_string_equal(u->profile_online, "C:\\Users\\J\xC3\xB6rg");
    assert_true(u->default_selected);

    u = by_key(&f->list, "S-1-12-1-1111-2222-3333-4444");
    assert_string_equal(u->name, "ana@contoso.com");
    assert_int_equal(u->name_source, NAME_IDSTORE);
    assert_int_equal(u->kind, USER_ENTRA);
    assert_true(u->default_selected);

    u = by_key(&f->list, "S-1-5-21-9-8-7-1105");
    assert_string_equal(u->name, "CONTOSO\\jsmith");
    assert_int_equal(u->name_source, NAME_FOLDER);
    assert_int_equal(u->kind, USER_DOMAIN);
    assert_int_equal(u->last_use, 1720000000);
    assert_true(u->default_selected);

    u = by_key(&f->list, "S-1-5-21-9-8-7-1106");
    assert_string_equal(u->name, "CONTOSO\\bob");
    assert_int_equal(u->name_source, NAME_LOGONUI);
    assert_string_equal(u->full_name, "Bob Stone");
    assert_int_equal(u->kind, USER_DOMAIN);
}

static void test_users_temp_bak_and_orphan(void **state)
{
    struct fx *f = *state;
    const struct win_user *u = by_key(&f->list, M "1003.bak");

    assert_string_equal(u->sid, M "1003");
    assert_int_equal(u->kind, USER_BAK);
    assert_string_equal(u->name, "carl");
    assert_false(u->default_selected);
    u = by_key(&f->list, M "1003");
    assert_int_equal(u->kind, USER_TEMP);
    assert_false(u->default_selected);
    u = by_key(&f->list, M "1004");
    assert_int_equal(u->kind, USER_ORPHAN);
    assert_false(u->folder_exists);
    assert_false(u->default_selected);
}

static void test_users_hostile_values_become_problems(void **state)
{
    struct fx *f = *state;
    const struct win_user *u;

    assert_non_null(f->info.problem);
    assert_non_null(strstr(f->info.problem, "'not-a-sid': not a SID"));
    for (size_t i = 0; i < f->list.n; i++)
        assert_null(strstr(f->list.u[i].key_name, ".."));
    u = by_key(&f->list, M "1010");
    assert_non_null(u->problem);
    assert_non_null(strstr(u->problem, ".."));
    assert_null(u->profile_path);
    assert_false(u->default_selected);
    u = by_key(&f->list, M "1011");
    assert_non_null(u->problem);
    assert_false(u->default_selected);
    u = by_key(&f->list, M "1012");
    assert_string_equal(u->profile_online, "C:\\Users\\z");
    assert_true(u->folder_exists);
    /* a right-to-left override is kept as data */
    u = by_key(&f->list, M "1013");
    assert_string_equal(u->name, "\xE2\x80\xAE" "evil");
    assert_int_equal(u->name_source, NAME_FOLDER);
    u = by_key(&f->list, M "1014");
    assert_non_null(strstr(u->problem, "another drive"));
}

static void test_users_kind_and_source_names(void **state)
{
    (void)state;
    assert_string_equal(user_kind_name(USER_ENTRA), "entra");
    assert_string_equal(user_kind_name(USER_ORPHAN), "orphan");
    assert_string_equal(name_source_name(NAME_IDSTORE), "IdentityStore");
    assert_string_equal(name_source_name(NAME_SID), "SID");
}

static void test_users_many_profile_entries_are_capped(void **state)
{
    char *root = test_tmpdir("users");
    char *vol = fs_join(root, "C");
    char *windir = winfake_install(vol, &WIN);
    char *p = winfake_config(windir, "SOFTWARE");
    struct key *sw = key_new("ROOT");
    struct wiz_err err;
    struct winos os;
    struct user_list list;
    struct user_load_info info;

    (void)state;
    /* 10,000 keys: written in bulk, hivex would need minutes */
    set_sz(sw, "Microsoft\\Windows NT\\CurrentVersion", "SystemRoot", 1,
           "C:\\Windows");
    for (int i = 0; i < 10000; i++) {
        char key[128];
        char path[64];

        snprintf(key, sizeof(key), PL "\\" M "%d", 20000 + i);
        snprintf(path, sizeof(path), "C:\\Users\\u%d", i);
        set_sz(sw, key, "ProfileImagePath", 2, path);
    }
    assert_int_equal(fs_remove(p, &err), 0);
    write_hive(p, sw);
    key_free(sw);
    assert_int_equal(winos_read(windir, 'C', &os, &err), 0);
    assert_int_equal(users_load_info(&os, &list, &info, &err), 0);
    assert_int_equal(list.n, USERS_MAX);
    assert_non_null(strstr(info.problem, "10000 keys"));
    assert_int_equal(list.u[0].kind, USER_ORPHAN);
    assert_string_equal(list.u[0].profile_win, "C:\\Users\\u0");
    user_list_release(&list);
    user_load_info_release(&info);
    winos_release(&os);
    free(p);
    free(windir);
    free(vol);
    test_tmpdir_remove(root);
}

/* The machine SID at the end of regipy/SAM's Domains\Account V value. */
#define REGIPY_SID "S-1-5-21-1760460187-1592185332-161725925"

static void test_users_real_sam_names(void **state)
{
    char *real = test_realdata("hives/regipy/SAM");
    struct wiz_err err;
    struct winos os;
    struct user_list list;
    struct user_load_info info;

    (void)state;
    if (!real)
        skip();
    char *root = test_tmpdir("users");
    char *vol = fs_join(root, "C");
    char *windir = winfake_install(vol, &WIN);
    char *sam = winfake_config(windir, "SAM");
    char *sw = winfake_config(windir, "SOFTWARE");
    struct hive *h = winfake_hive_edit(sw);

    profile(h, REGIPY_SID "-1000", "C:\\Users\\preston", 0);
    profile(h, REGIPY_SID "-500", "C:\\Users\\Administrator", 0);
    winfake_hive_done(h);
    mkdir_in(vol, "Users/preston");
    mkdir_in(vol, "Users/Administrator");
    assert_int_equal(fs_remove(sam, &err), 0);
    assert_int_equal(fs_copy_file(real, sam, &err), 0);
    assert_int_equal(winos_read(windir, 'C', &os, &err), 0);
    assert_int_equal(users_load_info(&os, &list, &info, &err), 0);
    assert_int_equal(list.n, 2);
    assert_string_equal(info.machine_sid, REGIPY_SID);
    assert_string_equal(list.u[0].name, "Preston");
    assert_int_equal(list.u[0].name_source, NAME_SAM);
    assert_int_equal(list.u[0].kind, USER_LOCAL);
    assert_string_equal(list.u[1].name, "Administrator");
    assert_int_equal(list.u[1].kind, USER_BUILTIN);
    user_list_release(&list);
    user_load_info_release(&info);
    winos_release(&os);
    free(sam);
    free(sw);
    free(windir);
    free(vol);
    free(real);
    test_tmpdir_remove(root);
}

/* A user hive built by the regf writer from a .reg file. */
static char *onedrive_hive(const char *root, const char *name,
                           const char *reg)
{
    char *regp = xasprintf("%s/%s.reg", root, name);
    char *hive = xasprintf("%s/%s.DAT", root, name);
    const char *files[1] = { regp };
    struct wiz_err err;

    assert_int_equal(fs_write_file(regp, reg, strlen(reg), &err), 0);
    if (regimport_new_hive(hive, "ROOT", 1700000000, files, 1,
                           "HKEY_CURRENT_USER", &err) < 0)
        fail_msg("%s", err.msg);
    free(regp);
    return hive;
}

static void test_users_onedrive_accounts_from_the_user_hive(void **state)
{
    char *root = test_tmpdir("users-od");
    char *with = onedrive_hive(root, "with",
        "Windows Registry Editor Version 5.00\r\n\r\n"
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\OneDrive\\Accounts]\r\n"
        "\"LastUpdate\"=dword:00000001\r\n\r\n"
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\OneDrive\\Accounts\\"
        "Business1]\r\n"
        "\"UserEmail\"=\"bob@contoso.com\"\r\n"
        "\"UserFolder\"=\"C:\\\\Users\\\\bob\\\\OneDrive - Contoso\"\r\n"
        "\"DisplayName\"=\"Contoso\"\r\n\r\n"
        /* signed out: OneDrive keeps the key without the two values */
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\OneDrive\\Accounts\\"
        "Business2]\r\n"
        "\"cid\"=\"x\"\r\n\r\n"
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\OneDrive\\Accounts\\"
        "Personal]\r\n"
        "\"UserEmail\"=\"bob@outlook.com\"\r\n"
        "\"UserFolder\"=\"C:\\\\Users\\\\bob\\\\OneDrive\"\r\n");
    char *without = onedrive_hive(root, "without",
        "Windows Registry Editor Version 5.00\r\n\r\n"
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\OneDrive]\r\n"
        "\"Version\"=\"24.1\"\r\n");
    char *junk = xasprintf("%s/junk.DAT", root);
    struct onedrive_account *a;
    struct win_user u;
    struct wiz_err err;
    size_t n;

    (void)state;
    assert_int_equal(users_onedrive_read(with, &a, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(a[0].key, "Business1");
    assert_string_equal(a[0].email, "bob@contoso.com");
    assert_string_equal(a[0].folder, "C:\\Users\\bob\\OneDrive - Contoso");
    assert_string_equal(a[0].name, "Contoso");
    assert_string_equal(a[1].key, "Personal");
    assert_string_equal(a[1].email, "bob@outlook.com");
    assert_string_equal(a[1].name, "");
    memset(&u, 0, sizeof(u));
    u.onedrive = a;
    u.n_onedrive = n;
    char *t = users_onedrive_text(&u);

    assert_string_equal(t, "bob@contoso.com, C:\\Users\\bob\\OneDrive - "
                           "Contoso; bob@outlook.com, C:\\Users\\bob\\"
                           "OneDrive");
    free(t);
    onedrive_accounts_free(a, n);
    /* no Accounts key: none, not an error */
    assert_int_equal(users_onedrive_read(without, &a, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_null(a);
    memset(&u, 0, sizeof(u));
    t = users_onedrive_text(&u);
    assert_string_equal(t, "");
    free(t);
    /* not a hive: the reason */
    assert_int_equal(fs_write_file(junk, "not a hive", 10, &err), 0);
    assert_int_equal(users_onedrive_read(junk, &a, &n, &err), -1);
    assert_true(err.msg[0] != '\0');
    free(junk);
    free(with);
    free(without);
    test_tmpdir_remove(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_users_local_account_named_from_sam, setup, teardown),
        cmocka_unit_test_setup_teardown(test_users_profile_folder_must_be_a_folder,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_users_well_known_and_builtin,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_users_microsoft_entra_and_domain_accounts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_users_temp_bak_and_orphan, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_users_hostile_values_become_problems, setup, teardown),
        cmocka_unit_test(test_users_kind_and_source_names),
        cmocka_unit_test(test_users_many_profile_entries_are_capped),
        cmocka_unit_test(test_users_real_sam_names),
        cmocka_unit_test(test_users_onedrive_accounts_from_the_user_hive),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

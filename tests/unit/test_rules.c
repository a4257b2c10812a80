/*
 * The rule engine: every rule fires on a case made for it and stays quiet
 * on a case that differs only in the point the rule checks.  Plans come
 * from the real command-line parser; the facts (environment, offline OS,
 * users, store, files) are filled by hand.
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
#include "core/plan/cmdline.h"
#include "core/plan/cloudxml.h"
#include "core/plan/plan.h"
#include "core/rules/rules.h"
#include "core/offline/users.h"
#include "core/usmt/usmtenv.h"
#include "core/offline/winos.h"

#define GB (1024ull * 1024 * 1024)
#define MB (1024ull * 1024)

enum fx_flags {
    F_ONLINE_HOST = 1u << 0,    /* not in Windows PE */
    F_NO_WORKDIR = 1u << 1,     /* leave USMT_WORKING_DIR unset */
    F_USMT_X86 = 1u << 2,
    F_USMT_ARM64 = 1u << 3,
    F_NO_SCANSTATE = 1u << 4,
    F_DLL_MISSING = 1u << 5,
    F_NO_MSXML = 1u << 6,
    F_USMT4 = 1u << 7,
    F_OS_X86 = 1u << 8,
    F_OS_SERVER = 1u << 9,
    F_OS_HIB = 1u << 10,
    F_OS_DIRTY = 1u << 11,
    F_VOL_LOCKED = 1u << 12,    /* and no OS read */
    F_TWO_WINDOWS = 1u << 13,
    F_USER_TEMP = 1u << 14,
    F_USER_ODD = 1u << 15,      /* .bak, orphan and Entra users */
    F_STORE_EXISTS = 1u << 16,
    F_STORE_FAT_USB = 1u << 17,
    F_STORE_SMALL = 1u << 18,
    F_STORE_RO = 1u << 19,
    F_WD_MISSING = 1u << 20,
    F_WD_RO = 1u << 21,
    F_WD_SMALL = 1u << 22,
    F_XML_BAD = 1u << 23,       /* /i #0 missing, #1 malformed, #2 <foo> */
    F_CONFIG_BAD = 1u << 24,
    F_KEYFILE_BAD = 1u << 25,
    F_LOADSTATE = 1u << 26,
    F_NO_USMT = 1u << 27,
    F_OS_WIN7 = 1u << 28,
    F_OFFXML_BAD = 1u << 29,
    F_PLAN_SID = 1u << 30,      /* the wizard's selection holds a SID */
};
/* More facts than an enum holds (flags are unsigned long long). */
#define F_HIVE_SOFTWARE_BAD (1ull << 31)   /* SOFTWARE truncated */
#define F_HIVE_SAM_BAD (1ull << 32)        /* SAM all zeros */
#define F_HIVE_USER_BAD (1ull << 33)       /* jdoe's NTUSER.DAT damaged */
#define F_HIVES_OK (1ull << 34)            /* every hive checked and good */
#define F_BIG_FILE (1ull << 35)            /* a 5 GB file, 6 GB in all */
#define F_LOGDIR_MISSING (1ull << 36)      /* E:\\logs does not exist */
#define F_XML_SAME_URLID (1ull << 37)      /* every /i has one urlid */
#define F_USMT_XML (1ull << 38)            /* the USMT folder lists its XML */
#define F_SYSROOT (1ull << 39)             /* Windows saw itself on C: */
#define F_OTHER_DRIVE (1ull << 40)         /* and jdoe's profile on E: */
#define F_AMY_CLOUD (1ull << 41)           /* amy: 37 cloud-only files */
#define F_JDOE_CLOUD (1ull << 42)          /* jdoe: 1 cloud-only file */
#define F_JDOE_CLOUD_LIST (1ull << 43)     /* jdoe: 2 listed, one with a
                                              '[' in its name */
#define F_JDOE_CLOUD_SAFE (1ull << 44)     /* jdoe: 1 listed, plain name */
#define F_JDOE_ONEDRIVE (1ull << 45)       /* jdoe: a OneDrive account */
#define F_SHARE (1ull << 46)               /* the store is on a share */
#define F_SHARE_DOWN (1ull << 47)          /* ... that is not reached */
#define F_FREE_AT_ESTIMATE (1ull << 48)    /* store: free = the estimate */
#define F_FREE_BELOW_ESTIMATE (1ull << 49) /* store: 1 byte less */

struct fixture {
    struct plan plan;
    struct usmt_env env;
    struct winos os[2];
    struct winvol vols[3];
    struct win_scan scan;
    struct win_user u[6];
    struct user_list users;
    struct rule_facts facts;
    struct rule_acks acks;
    struct rule_ctx ctx;
    struct findings fs;
};

static char *dup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* Strings the hand-made facts point to; freed by fx_release. */
static char *pool[64];
static size_t n_pool;

static char *S(const char *s)
{
    assert_true(n_pool < sizeof(pool) / sizeof(pool[0]));
    pool[n_pool] = xstrdup(s);
    return pool[n_pool++];
}

static void user_set(struct win_user *u, const char *sid, const char *acct,
                     const char *path, enum user_kind kind, uint64_t size)
{
    memset(u, 0, sizeof(*u));
    u->sid = S(sid);
    u->key_name = S(sid);
    u->name = S(acct);
    u->account = S(acct);
    u->profile_online = S(path);
    u->profile_win = S(path);
    u->kind = kind;
    u->sized = true;
    u->size_bytes = size;
    u->folder_exists = kind != USER_ORPHAN;
}

static void os_set(struct winos *os, const char *windir, int family,
                   enum sys_arch arch)
{
    memset(os, 0, sizeof(*os));
    os->windir = S(windir);
    os->windir_win = S(windir);
    os->friendly = S("Windows 10 Pro 22H2 (19045) x64");
    os->family = family;
    os->arch = arch;
    os->dirty_hives = S("");
}

static void xml_set(struct xml_facts *x, const char *path, bool exists,
                    bool parsed, const char *root)
{
    x->path = dup(path);
    x->known = true;
    x->exists = exists;
    x->parsed = parsed;
    x->root = dup(root);
    x->error = parsed || !exists ? NULL : dup("line 3: premature end of data");
}

/* The file name of a Windows path (test copy of winpath_base). */
static const char *winpath_base_t(const char *p)
{
    const char *b = strrchr(p, '\\');

    return b ? b + 1 : p;
}

/* One checked hive in the facts, as rules_facts_gather records it. */
static void hive_fact(struct rule_facts *f, const char *name,
                      const char *user, enum hive_state st)
{
    XGROW(f->hives, f->hives_alloc, f->n_hives + 1);
    struct hive_facts *h = &f->hives[f->n_hives++];

    memset(h, 0, sizeof(*h));
    h->name = xstrdup(name);
    h->path_win = user ? xasprintf("D:\\Users\\%s\\%s", user, name)
                       : xasprintf("D:\\Windows\\System32\\config\\%s",
                                   name);
    h->user = user ? xstrdup(user) : NULL;
    h->state = st;
    h->why = st == HIVE_STATE_OK ? NULL
                                 : xstrdup("the file is truncated");
}

/* Build the plan from cmd, the facts from flags; run the rules. */
static void fx_run(struct fixture *fx, const char *cmd, const char *env,
                   unsigned long long flags)
{
    struct wiz_err err;

    memset(fx, 0, sizeof(*fx));
    plan_init(&fx->plan);
    assert_int_equal(cmdline_parse_string(&fx->plan, cmd, &err), 0);
    if (flags & F_PLAN_SID)
        plan_add_sid(&fx->plan, "S-1-5-21-7-7-7-1001");
    if (!(flags & F_NO_WORKDIR))
        plan_set_env(&fx->plan, "USMT_WORKING_DIR", "E:\\work");
    if (env) {
        char *copy = xstrdup(env);

        for (char *kv = copy; kv && *kv;) {
            char *semi = strchr(kv, ';');
            char *eq = strchr(kv, '=');

            if (semi)
                *semi = '\0';
            assert_non_null(eq);
            *eq = '\0';
            plan_set_env(&fx->plan, kv, eq + 1);
            kv = semi ? semi + 1 : NULL;
        }
        free(copy);
    }

    /* environment: amd64 Windows PE with a complete amd64 USMT 10 */
    fx->env.winpe = !(flags & F_ONLINE_HOST);
    fx->env.host_arch = SYS_ARCH_AMD64;
    fx->env.usmt_dir = S("X:\\USMT\\amd64");
    fx->env.scanstate_found = !(flags & F_NO_SCANSTATE);
    fx->env.usmt_arch = (flags & F_USMT_X86) ? SYS_ARCH_X86
                        : (flags & F_USMT_ARM64) ? SYS_ARCH_ARM64
                                                 : SYS_ARCH_AMD64;
    fx->env.usmt_generation = (flags & F_USMT4) ? 4 : 10;
    fx->env.ver_major = (flags & F_USMT4) ? 6 : 10;
    fx->env.ver_build = (flags & F_USMT4) ? 7601 : 19041;
    fx->env.msxml_found = !(flags & F_NO_MSXML);
    fx->env.x_known = true;
    static char dll[] = "migcore.dll";
    static char *missing[] = { dll, NULL };

    if (flags & F_DLL_MISSING)
        fx->env.missing_dlls = missing;
    static char x1[] = "MigApp.xml", x2[] = "MigDocs.xml", x3[] = "MigUser.xml";
    static char *xmls[] = { x1, x2, x3, NULL };

    if (flags & F_USMT_XML)
        fx->env.mig_xml = xmls;

    /* volumes: C (system reserved), D (Windows), E (USB disk) */
    const char letters[] = { 'C', 'D', 'E' };

    for (int i = 0; i < 3; i++) {
        fx->vols[i].vol.letter = letters[i];
        fx->vols[i].vol.fs = S("NTFS");
        fx->vols[i].vol.kind = VOL_FIXED;
    }
    os_set(&fx->os[0], "D:\\Windows",
           (flags & F_OS_WIN7) ? 7 : (flags & F_USMT4) ? 10 : 10,
           (flags & F_OS_X86) ? SYS_ARCH_X86 : SYS_ARCH_AMD64);
    fx->os[0].is_server = flags & F_OS_SERVER;
    fx->os[0].hibernated = flags & F_OS_HIB;
    fx->os[0].dirty = flags & F_OS_DIRTY;
    if (flags & F_OS_DIRTY)
        fx->os[0].dirty_hives = S("SOFTWARE, SYSTEM");
    os_set(&fx->os[1], "C:\\Windows", 7, SYS_ARCH_AMD64);
    fx->vols[1].os = &fx->os[0];
    fx->vols[1].n_os = 1;
    if (flags & F_TWO_WINDOWS) {
        fx->vols[0].os = &fx->os[1];
        fx->vols[0].n_os = 1;
    }
    if (flags & F_VOL_LOCKED) {
        fx->vols[1].vol.locked = true;
        fx->vols[1].n_os = 0;
    }
    fx->scan.vols = fx->vols;
    fx->scan.n = 3;

    /* users */
    size_t n = 0;

    user_set(&fx->u[n++], "S-1-5-21-1-2-3-1001", "PC1\\jdoe",
             "D:\\Users\\jdoe", USER_LOCAL, 2 * GB);
    user_set(&fx->u[n++], "S-1-5-21-9-9-9-1105", "CONTOSO\\amy",
             "D:\\Users\\amy", USER_DOMAIN, 3 * GB);
    if (flags & F_USER_TEMP)
        user_set(&fx->u[n++], "S-1-5-21-9-9-9-1106", "CONTOSO\\tmp",
                 "D:\\Users\\TEMP", USER_TEMP, 0);
    if (flags & F_USER_ODD) {
        user_set(&fx->u[n++], "S-1-5-21-1-2-3-1002", "PC1\\old",
                 "D:\\Users\\old", USER_BAK, 1 * MB);
        user_set(&fx->u[n++], "S-1-5-21-1-2-3-1003", "PC1\\gone",
                 "D:\\Users\\gone", USER_ORPHAN, 0);
        user_set(&fx->u[n++], "S-1-12-1-11-22-33-44", "AzureAD\\kim",
                 "D:\\Users\\kim", USER_ENTRA, 1 * MB);
    }
    fx->users.u = fx->u;
    fx->users.n = n;
    if (flags & (F_SYSROOT | F_OTHER_DRIVE)) {
        fx->os[0].system_root = S("C:\\Windows");
        fx->os[0].letter = 'D';
        for (size_t i = 0; i < n; i++)
            fx->u[i].profile_online = S("C:\\Users\\x");
    }
    if (flags & F_AMY_CLOUD) {
        fx->u[1].size_cloud_files = 37;
        fx->u[1].size_cloud_bytes = 900 * MB;
    }
    if (flags & F_JDOE_CLOUD) {
        fx->u[0].size_cloud_files = 1;
        fx->u[0].size_cloud_bytes = 4096;
    }
    if (flags & (F_JDOE_CLOUD_LIST | F_JDOE_CLOUD_SAFE)) {
        static char *rel[2];

        rel[0] = S("OneDrive\\a.txt");
        rel[1] = S("OneDrive\\[b].txt");
        fx->u[0].cloud.rel = rel;
        fx->u[0].cloud.n = flags & F_JDOE_CLOUD_LIST ? 2 : 1;
        fx->u[0].size_cloud_files = fx->u[0].cloud.n;
        fx->u[0].size_cloud_bytes = 8192;
    }
    if (flags & F_JDOE_ONEDRIVE) {
        static struct onedrive_account acc;

        acc.key = S("Business1");
        acc.email = S("jdoe@contoso.com");
        acc.folder = S("C:\\Users\\jdoe\\OneDrive - Contoso");
        acc.name = S("Contoso");
        fx->u[0].onedrive = &acc;
        fx->u[0].n_onedrive = 1;
    }
    if (flags & F_OTHER_DRIVE) {
        fx->u[0].profile_online = S("E:\\Profiles\\jdoe");
        fx->u[0].profile_win = S("F:\\Profiles\\jdoe");
    }

    /* facts: E: has 100 GB free, store not there yet */
    rule_facts_init(&fx->facts);
    struct place_facts *sp = &fx->facts.store.place;

    sp->known = true;
    sp->letter = 'E';
    sp->kind = (flags & F_STORE_FAT_USB) ? VOL_REMOVABLE : VOL_FIXED;
    strcpy(sp->fs, (flags & F_STORE_FAT_USB) ? "FAT32" : "NTFS");
    sp->free_known = true;
    sp->free_bytes = (flags & F_STORE_SMALL) ? 100 * MB : 100 * GB;
    sp->exists = (flags & (F_STORE_EXISTS | F_STORE_RO)) != 0;
    sp->is_dir = sp->exists;
    sp->writable = sp->exists && !(flags & F_STORE_RO);
    sp->readonly_volume = flags & F_STORE_RO;
    fx->facts.store.has_store = flags & F_STORE_EXISTS;
    if (flags & F_STORE_EXISTS)
        fx->facts.store.store_marker = xstrdup("USMT\\USMT.MIG");
    struct place_facts *wp = &fx->facts.workdir;

    wp->known = true;
    wp->exists = !(flags & F_WD_MISSING);
    wp->is_dir = wp->exists;
    wp->writable = wp->exists && !(flags & F_WD_RO);
    wp->free_known = true;
    wp->free_bytes = (flags & F_WD_SMALL) ? 100 * MB : 50 * GB;
    fx->facts.n_xml = fx->plan.xml_files.n;
    fx->facts.xml = xcalloc(fx->facts.n_xml + 1, sizeof(fx->facts.xml[0]));
    for (size_t i = 0; i < fx->facts.n_xml; i++) {
        const char *p = fx->plan.xml_files.items[i];
        bool bad = flags & F_XML_BAD;

        xml_set(&fx->facts.xml[i], p, !(bad && i == 0), !(bad && i == 1),
                bad && i == 2 ? "foo"
                : str_icasestr(p, "config") ? "Configuration" : "migration");
    }
    if (fx->plan.config_path)
        xml_set(&fx->facts.config, fx->plan.config_path, true,
                !(flags & F_CONFIG_BAD), "Configuration");
    if (fx->plan.offline_xml)
        xml_set(&fx->facts.offline_xml, fx->plan.offline_xml, true, true,
                (flags & F_OFFXML_BAD) ? "migration" : "offline");
    if (fx->plan.keyfile)
        fx->facts.keyfile_readable = !(flags & F_KEYFILE_BAD);
    fx->facts.estimate_bytes = (flags & F_BIG_FILE) ? 6 * GB : 3 * GB;
    fx->facts.estimate_known = true;
    if (flags & F_FREE_AT_ESTIMATE)
        sp->free_bytes = fx->facts.estimate_bytes;
    if (flags & F_FREE_BELOW_ESTIMATE)
        sp->free_bytes = fx->facts.estimate_bytes - 1;
    if (flags & (F_SHARE | F_SHARE_DOWN)) {
        /* a share: no letter, no file system we can name */
        sp->on_share = true;
        sp->letter = 0;
        sp->kind = VOL_NETWORK;
        sp->fs[0] = '\0';
    }
    if (flags & F_SHARE_DOWN) {
        /* nothing could be looked at behind it */
        memset(sp, 0, sizeof(*sp));
        sp->on_share = true;
        sp->kind = VOL_NETWORK;
        sp->share_failure = SHARE_DENIED;
    }
    fx->facts.largest_file = (flags & F_BIG_FILE) ? 5 * GB : 1 * GB;
    if (fx->plan.log_path || fx->plan.progress_path) {
        struct place_facts *lp[] = { &fx->facts.log_dir,
                                     &fx->facts.progress_dir };

        for (size_t i = 0; i < 2; i++) {
            lp[i]->known = true;
            lp[i]->exists = !(flags & F_LOGDIR_MISSING);
            lp[i]->is_dir = lp[i]->exists;
        }
    }
    for (size_t i = 0; i < fx->facts.n_xml; i++)
        fx->facts.xml[i].urlid = xasprintf(
            "http://www.microsoft.com/migration/1.0/migxmlext/%s",
            (flags & F_XML_SAME_URLID) ? "migapp" : winpath_base_t(
                fx->plan.xml_files.items[i]));
    if (flags & (F_HIVES_OK | F_HIVE_SOFTWARE_BAD | F_HIVE_SAM_BAD |
                 F_HIVE_USER_BAD)) {
        hive_fact(&fx->facts, "SOFTWARE", NULL,
                  (flags & F_HIVE_SOFTWARE_BAD) ? HIVE_STATE_DAMAGED
                                                : HIVE_STATE_OK);
        hive_fact(&fx->facts, "SYSTEM", NULL, HIVE_STATE_OK);
        hive_fact(&fx->facts, "SAM", NULL,
                  (flags & F_HIVE_SAM_BAD) ? HIVE_STATE_DAMAGED
                                           : HIVE_STATE_OK);
        hive_fact(&fx->facts, "NTUSER.DAT", "jdoe",
                  (flags & F_HIVE_USER_BAD) ? HIVE_STATE_DAMAGED
                                            : HIVE_STATE_OK);
        hive_fact(&fx->facts, "UsrClass.dat", "jdoe", HIVE_STATE_OK);
    }

    rule_acks_init(&fx->acks);
    fx->ctx.plan = &fx->plan;
    fx->ctx.program = (flags & F_LOADSTATE) ? "X:\\USMT\\loadstate.exe"
                                            : NULL;
    fx->ctx.env = &fx->env;
    if (flags & F_NO_USMT)
        fx->env.usmt_dir = NULL;
    fx->ctx.os = (flags & F_VOL_LOCKED) ? NULL : &fx->os[0];
    fx->ctx.vol = (flags & F_VOL_LOCKED) ? NULL : &fx->vols[1];
    fx->ctx.scan = &fx->scan;
    fx->ctx.users = &fx->users;
    fx->ctx.facts = &fx->facts;
    fx->ctx.acks = &fx->acks;
    findings_init(&fx->fs);
    rules_check(&fx->ctx, &fx->fs);
}

static void fx_release(struct fixture *fx)
{
    findings_release(&fx->fs);
    rule_facts_release(&fx->facts);
    rule_acks_release(&fx->acks);
    plan_release(&fx->plan);
    for (size_t i = 0; i < n_pool; i++)
        free(pool[i]);
    n_pool = 0;
}

static const struct finding *fx_find(const struct fixture *fx, const char *id)
{
    for (size_t i = 0; i < fx->fs.n; i++) {
        if (!strcmp(fx->fs.f[i].rule->id, id))
            return &fx->fs.f[i];
    }
    return NULL;
}

static void fx_dump(const struct fixture *fx)
{
    for (size_t i = 0; i < fx->fs.n; i++)
        fprintf(stderr, "  %s %s: %s\n",
                rule_severity_name(fx->fs.f[i].severity),
                fx->fs.f[i].rule->id, fx->fs.f[i].message);
}

/* A clean offline capture: the base the cases change one thing in. */
#define OK_STORE "E:\\store\\PC1"
#define OK_TAIL " /offlineWinDir:D:\\Windows /ue:*\\* " \
    "/ui:S-1-5-21-1-2-3-1001* /i:X:\\USMT\\MigDocs.xml " \
    "/i:X:\\USMT\\MigApp.xml /l:E:\\logs\\scan.log " \
    "/progress:E:\\logs\\scan.prg /c /v:5 /efs:copyraw"
#define OK OK_STORE OK_TAIL
#define UNC_STORE "\\\\fs01\\usmt\\stores\\PC1"
/* \\fs01\usmt\ (12) + 244 characters = 256 */
#define UNC_256 "\\\\fs01\\usmt\\" \
    "ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss" \
    "ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss" \
    "ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss" \
    "ssssssssssssssssssssssssssssssssss"

struct rcase {
    const char *id;
    bool fires;
    const char *cmd;
    const char *env;
    unsigned long long flags;
};

static const struct rcase cases[] = {
    /* environment */
    { "usmt-missing", true, OK, NULL, F_NO_SCANSTATE },
    { "usmt-missing", false, OK, NULL, 0 },
    { "usmt-dlls-missing", true, OK, NULL, F_DLL_MISSING },
    { "usmt-dlls-missing", false, OK, NULL, 0 },
    { "usmt-x86-on-x64", true, OK, NULL, F_USMT_X86 },
    { "usmt-x86-on-x64", false, OK, NULL, F_USMT_X86 | F_ONLINE_HOST },
    { "usmt-arch-mismatch", true, OK, NULL, F_USMT_ARM64 },
    { "usmt-arch-mismatch", false, OK, NULL, F_USMT_X86 },
    { "winpe-no-msxml", true, OK, NULL, F_NO_MSXML },
    { "winpe-no-msxml", false, OK, NULL, F_NO_MSXML | F_ONLINE_HOST },
    { "usmt-version-offline-os", true, OK, NULL, F_USMT4 },
    { "usmt-version-offline-os", false, OK, NULL, F_USMT4 | F_OS_WIN7 },
    { "offline-arch-unset", true, OK, NULL, F_OS_X86 },
    { "offline-arch-unset", false, OK, "MIG_OFFLINE_PLATFORM_ARCH=32",
      F_OS_X86 },
    { "offline-arch-unset", false, OK, NULL, 0 },
    { "offline-arch-wrong", true, OK, "MIG_OFFLINE_PLATFORM_ARCH=64",
      F_OS_X86 },
    { "offline-arch-wrong", true, OK, "MIG_OFFLINE_PLATFORM_ARCH=x86", 0 },
    { "offline-arch-wrong", false, OK, "MIG_OFFLINE_PLATFORM_ARCH=64", 0 },
    { "workdir-unset", true, OK, NULL, F_NO_WORKDIR },
    { "workdir-unset", false, OK, NULL, 0 },
    { "workdir-unset", false, OK, NULL, F_NO_WORKDIR | F_ONLINE_HOST },
    { "workdir-on-x", true, OK, "USMT_WORKING_DIR=X:\\temp", 0 },
    { "workdir-on-x", false, OK, NULL, 0 },
    { "workdir-on-source-volume", true, OK, "USMT_WORKING_DIR=D:\\temp", 0 },
    { "workdir-on-source-volume", false, OK, NULL, 0 },
    { "temp-on-x", true, OK, "TEMP=X:\\Windows\\TEMP", 0 },
    { "temp-on-x", false, OK, "TEMP=E:\\work", 0 },
    { "workdir-missing", true, OK, NULL, F_WD_MISSING },
    { "workdir-missing", false, OK, NULL, 0 },
    { "workdir-readonly", true, OK, NULL, F_WD_RO },
    { "workdir-readonly", false, OK, NULL, 0 },
    { "workdir-low-space", true, OK, NULL, F_WD_SMALL },
    { "workdir-low-space", false, OK, NULL, 0 },
    { "env-undocumented", true, OK, "MIG_USMT_BYPASS_OS_VERSION=1", 0 },
    { "env-undocumented", false, OK, "MIG_ENABLE_DIAG=E:\\diag.xml", 0 },

    /* offline source */
    { "winpe-no-offline", true, OK_STORE " /ue:*\\* /c /efs:copyraw", NULL,
      0 },
    { "winpe-no-offline", false, OK_STORE " /c", NULL, F_ONLINE_HOST },
    { "winpe-no-offline", false, OK, NULL, 0 },
    { "offline-several-switches", true,
      OK " /offline:E:\\offline.xml", NULL, 0 },
    { "offline-several-switches", false, OK, NULL, 0 },
    { "offline-running-os", true,
      OK_STORE " /offlineWinDir:X:\\Windows /c", NULL, 0 },
    { "offline-running-os", false, OK, NULL, 0 },
    { "offline-winold-in-winpe", true,
      OK_STORE " /offlineWinOld:D:\\Windows.old\\Windows /c", NULL, 0 },
    { "offline-winold-in-winpe", false,
      OK_STORE " /offlineWinOld:C:\\Windows.old\\Windows /c", NULL,
      F_ONLINE_HOST },
    { "loadstate-command", true, "E:\\store /c /lac", NULL, F_LOADSTATE },
    { "loadstate-command", false, OK, NULL, 0 },
    { "volume-bitlocker", true, OK, NULL, F_VOL_LOCKED },
    { "volume-bitlocker", false, OK, NULL, 0 },
    { "offline-not-windows", true,
      OK_STORE " /offlineWinDir:E:\\Windows /c", NULL, F_VOL_LOCKED },
    { "offline-not-windows", false, OK, NULL, 0 },
    { "volume-hibernated-hardlink", true,
      "D:\\store" OK_TAIL " /hardlink /nocompress", NULL, F_OS_HIB },
    { "volume-hibernated-hardlink", false, OK, NULL, F_OS_HIB },
    { "volume-hibernated", true, OK, NULL, F_OS_HIB },
    { "volume-hibernated", false, OK, NULL, 0 },
    { "hives-dirty", true, OK, NULL, F_OS_DIRTY },
    { "hives-dirty", false, OK, NULL, 0 },
    { "hive-damaged", true, OK, NULL, F_HIVE_SOFTWARE_BAD },
    { "hive-damaged", true, OK, NULL, F_HIVE_SAM_BAD },
    { "hive-damaged", false, OK, NULL, F_HIVES_OK },
    { "hive-damaged", false, OK, NULL, F_HIVE_USER_BAD },
    { "user-hive-damaged", true, OK, NULL, F_HIVE_USER_BAD },
    { "user-hive-damaged", false, OK, NULL, F_HIVE_SAM_BAD },
    { "offline-os-server", true, OK, NULL, F_OS_SERVER },
    { "offline-os-server", false, OK, NULL, 0 },
    { "several-windows", true, OK, NULL, F_TWO_WINDOWS },
    { "several-windows", false, OK, NULL, 0 },

    /* users */
    { "offline-ui-by-name", true,
      OK_STORE " /offlineWinDir:D:\\Windows /ue:*\\* /ui:PC1\\jdoe /c", NULL,
      0 },
    { "offline-ui-by-name", false,
      OK_STORE " /ue:*\\* /ui:PC1\\jdoe /c", NULL, F_ONLINE_HOST },
    { "offline-ui-by-name", false, OK, NULL, 0 },
    { "offline-ue-by-name", true, OK " /ue:CONTOSO\\amy", NULL, 0 },
    { "offline-ue-by-name", false, OK " /ue:*-500", NULL, 0 },
    { "offline-computername", true, OK " /ue:%computername%\\*", NULL, 0 },
    { "offline-computername", false, OK_STORE " /ue:%computername%\\*",
      NULL, F_ONLINE_HOST },
    { "offline-uel", true, OK " /uel:30", NULL, 0 },
    { "offline-uel", false, OK_STORE " /uel:30 /c", NULL, F_ONLINE_HOST },
    { "all-with-user-rules", true, OK " /all", NULL, 0 },
    { "all-with-user-rules", false,
      OK_STORE " /offlineWinDir:D:\\Windows /all /c", NULL, 0 },
    { "users-none-selected", true,
      OK_STORE " /offlineWinDir:D:\\Windows /ue:*\\* "
      "/ui:S-1-5-21-7-7-7-1001* /c", NULL, 0 },
    { "users-none-selected", false, OK, NULL, 0 },
    { "users-all-excluded", true,
      OK_STORE " /offlineWinDir:D:\\Windows /ue:*\\* /c", NULL, 0 },
    { "users-all-excluded", false, OK, NULL, 0 },
    { "ui-sid-without-star", true, OK " /ui:S-1-5-21-9-9-9-1105", NULL, 0 },
    { "ui-sid-without-star", false, OK, NULL, 0 },
    { "users-sid-unknown", true, OK, NULL, F_PLAN_SID },
    { "users-sid-unknown", false, OK, NULL, 0 },
    { "temp-profile-present", true, OK, NULL, F_USER_TEMP },
    { "temp-profile-present", false, OK, "MIG_FAIL_ON_PROFILE_ERROR=0",
      F_USER_TEMP },
    { "users-bak-selected", true,
      OK " /ui:S-1-5-21-1-2-3-1002*", NULL, F_USER_ODD },
    { "users-bak-selected", false, OK, NULL, F_USER_ODD },
    { "users-orphan-selected", true,
      OK_STORE " /offlineWinDir:D:\\Windows /c", NULL, F_USER_ODD },
    { "users-orphan-selected", false, OK, NULL, F_USER_ODD },
    { "users-entra", true, OK " /ui:S-1-12-1-*", NULL, F_USER_ODD },
    { "users-entra", false, OK, NULL, F_USER_ODD },
    { "users-cloud-only-files", true, OK, NULL, F_JDOE_CLOUD },
    { "users-cloud-only-files", true,
      OK_STORE " /offlineWinDir:D:\\Windows /c", NULL, F_AMY_CLOUD },
    /* amy is not selected: her placeholders are not this capture's */
    { "users-cloud-only-files", false, OK, NULL, F_AMY_CLOUD },
    { "users-cloud-only-files", false, OK, NULL, 0 },

    /* pairwise switch rules */
    { "hardlink-needs-nocompress", true, "D:\\s" OK_TAIL " /hardlink", NULL,
      0 },
    { "hardlink-needs-nocompress", false,
      "D:\\s" OK_TAIL " /hardlink /nocompress", NULL, 0 },
    { "hardlink-vsc", true, "D:\\s" OK_TAIL " /hardlink /nocompress /vsc",
      NULL, 0 },
    { "hardlink-vsc", false,
      "D:\\s" OK_TAIL " /hardlink /nocompress /vsc:OFF", NULL, 0 },
    { "hardlink-ppkg", true,
      "D:\\s" OK_TAIL " /hardlink /nocompress /ppkg:E:\\x.ppkg", NULL, 0 },
    { "hardlink-ppkg", false, "D:\\s" OK_TAIL " /hardlink /nocompress",
      NULL, 0 },
    { "hardlink-encrypt", true,
      "D:\\s" OK_TAIL " /hardlink /nocompress /encrypt /keyfile:E:\\k.txt",
      NULL, 0 },
    { "hardlink-encrypt", false, OK " /encrypt /keyfile:E:\\k.txt", NULL,
      0 },
    { "encrypt-needs-key", true, OK " /encrypt", NULL, 0 },
    { "encrypt-needs-key", false, OK " /encrypt /keyfile:E:\\k.txt", NULL,
      0 },
    { "key-and-keyfile", true,
      OK " /encrypt /key:secret99 /keyfile:E:\\k.txt", NULL, 0 },
    { "key-and-keyfile", false, OK " /encrypt /key:secret99", NULL, 0 },
    { "key-without-encrypt", true, OK " /keyfile:E:\\k.txt", NULL, 0 },
    { "key-without-encrypt", false, OK " /encrypt /keyfile:E:\\k.txt", NULL,
      0 },
    { "encrypt-nocompress", true,
      OK " /encrypt /keyfile:E:\\k.txt /nocompress", NULL, 0 },
    { "encrypt-nocompress", false, OK " /nocompress", NULL, 0 },
    { "encrypt-ppkg", true, OK " /encrypt /keyfile:E:\\k.txt /ppkg", NULL,
      0 },
    { "encrypt-ppkg", false, OK " /encrypt /keyfile:E:\\k.txt", NULL, 0 },
    { "encrypt-alg", true, OK " /encrypt:RC4 /keyfile:E:\\k.txt", NULL, 0 },
    { "encrypt-alg", false, OK " /encrypt:aes_256 /keyfile:E:\\k.txt", NULL,
      0 },
    { "key-length", true, OK " /encrypt /key:", NULL, 0 },
    { "key-length", false, OK " /encrypt /key:correcthorse", NULL, 0 },
    { "key-short", true, OK " /encrypt /key:abc", NULL, 0 },
    { "key-short", false, OK " /encrypt /key:correcthorse", NULL, 0 },
    { "key-on-command-line", true, OK " /encrypt /key:correcthorse", NULL,
      0 },
    { "key-on-command-line", false, OK " /encrypt /keyfile:E:\\k.txt", NULL,
      0 },
    { "keyfile-unreadable", true, OK " /encrypt /keyfile:E:\\k.txt", NULL,
      F_KEYFILE_BAD },
    { "keyfile-unreadable", false, OK " /encrypt /keyfile:E:\\k.txt", NULL,
      0 },
    { "efs-hardlink-needs-hardlink", true, OK_STORE
      " /offlineWinDir:D:\\Windows /c /efs:hardlink", NULL, 0 },
    { "efs-hardlink-needs-hardlink", false, "D:\\s /offlineWinDir:D:\\Windows"
      " /c /hardlink /nocompress /efs:hardlink", NULL, 0 },
    { "efs-invalid", true, OK_STORE " /offlineWinDir:D:\\Windows /efs:maybe",
      NULL, 0 },
    { "efs-invalid", false, OK, NULL, 0 },
    { "efs-default-abort", true, OK_STORE " /offlineWinDir:D:\\Windows /c",
      NULL, 0 },
    { "efs-default-abort", true,
      OK_STORE " /offlineWinDir:D:\\Windows /c /efs:abort", NULL, 0 },
    { "efs-default-abort", false, OK, NULL, 0 },
    { "efs-default-abort", false, OK_STORE " /offlineWinDir:D:\\Windows /c "
      "/p:E:\\est.xml", NULL, 0 },
    { "no-continue", true, OK_STORE " /offlineWinDir:D:\\Windows", NULL, 0 },
    { "no-continue", false, OK, NULL, 0 },
    { "genconfig-combo", true,
      "/genconfig:E:\\config.xml /i:MigApp.xml /c", NULL, 0 },
    { "genconfig-combo", false,
      "/genconfig:E:\\config.xml /i:MigApp.xml /v:5 /l:E:\\g.log /o", NULL,
      0 },
    { "genmigxml-combo", true, "/genmigxml:E:\\m.xml /i:MigApp.xml", NULL,
      0 },
    { "genmigxml-combo", false, "/genmigxml:E:\\m.xml /v:5 /l:E:\\g.log",
      NULL, 0 },
    { "auto-conflicts", true, OK_STORE " /auto /v:5 /c", NULL,
      F_ONLINE_HOST },
    { "auto-conflicts", false, OK_STORE " /auto:X:\\USMT /c", NULL,
      F_ONLINE_HOST },
    { "listfiles-with-p", true, OK " /listfiles:E:\\f.txt /p:E:\\p.xml",
      NULL, 0 },
    { "listfiles-with-p", false, OK " /listfiles:E:\\f.txt", NULL, 0 },
    { "ppkg-with-p", true, OK " /ppkg:E:\\a.ppkg /p:E:\\p.xml", NULL, 0 },
    { "ppkg-with-p", false, OK " /p:E:\\p.xml", NULL, 0 },
    { "ppkg-nocompress", true, OK " /ppkg:E:\\a.ppkg /nocompress", NULL, 0 },
    { "ppkg-nocompress", false, OK " /nocompress", NULL, 0 },
    { "p-needs-nocompress", true, OK " /p", NULL, 0 },
    { "p-needs-nocompress", false, OK " /p /nocompress", NULL, 0 },
    { "p-needs-nocompress", false, OK " /p:E:\\est.xml", NULL, 0 },
    { "apps-combo", true, OK " /apps /ppkg:E:\\a.ppkg", NULL, 0 },
    { "apps-combo", true, OK_STORE " /apps /c", NULL, F_ONLINE_HOST },
    { "apps-combo", false, OK_STORE " /apps /ppkg:E:\\a.ppkg /c", NULL,
      F_ONLINE_HOST },
    { "drivers-diff-combo", true, OK " /drivers", NULL, 0 },
    { "drivers-diff-combo", false, OK, NULL, 0 },
    { "target-windows-source", true, OK " /targetWindows7", NULL, 0 },
    { "target-windows-source", false, OK " /targetWindows7", NULL,
      F_OS_WIN7 },
    { "v-invalid", true, OK_STORE " /offlineWinDir:D:\\Windows /c /v:7",
      NULL, 0 },
    { "v-invalid", true, OK_STORE " /offlineWinDir:D:\\Windows /c /v:high",
      NULL, 0 },
    { "v-invalid", false, OK, NULL, 0 },
    { "r-invalid", true, OK " /r:three", NULL, 0 },
    { "r-invalid", false, OK " /r:3", NULL, 0 },
    { "w-invalid", true, OK " /w:1.5", NULL, 0 },
    { "w-invalid", false, OK " /w 2", NULL, 0 },
    { "uel-invalid", true, OK_STORE " /uel:yesterday /c", NULL,
      F_ONLINE_HOST },
    { "uel-invalid", false, OK_STORE " /uel:2024/01/31 /c", NULL,
      F_ONLINE_HOST },
    { "vsc-value", true, OK " /vsc:ON", NULL, 0 },
    { "vsc-value", false, OK " /vsc:off", NULL, 0 },
    { "tel-value", true, OK " /tel:maybe", NULL, 0 },
    { "tel-value", false, OK " /tel:OFF", NULL, 0 },
    { "switch-repeated", true, OK " /l:E:\\x.log", NULL, 0 },
    { "switch-repeated", false, OK " /i:E:\\more.xml", NULL, 0 },
    { "switch-unknown", true, OK " /continue", NULL, 0 },
    { "switch-unknown", false, OK, NULL, 0 },
    { "switch-loadstate-only", true, OK " /lac", NULL, 0 },
    { "switch-loadstate-only", false, OK, NULL, 0 },
    { "switch-missing-value", true, OK " /listfiles:", NULL, 0 },
    { "switch-missing-value", false, OK " /listfiles:E:\\f.txt", NULL, 0 },
    { "arg-too-long", true, OK " /i:E:\\"
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.xml", NULL, 0 },
    { "arg-too-long", false, OK, NULL, 0 },
    { "path-quote-escaped", true,
      "E:\\store /offlineWinDir:\"D:\\Windows\\\" /c /efs:copyraw", NULL, 0 },
    { "path-quote-escaped", false,
      "E:\\store /offlineWinDir:\"D:\\Windows\" /c /efs:copyraw", NULL, 0 },
    { "log-folder-missing", true, OK, NULL, F_LOGDIR_MISSING },
    { "log-folder-missing", false, OK, NULL, 0 },
    { "store-fat32-large-file", true, OK " /nocompress", NULL,
      F_STORE_FAT_USB | F_BIG_FILE },
    { "store-fat32-large-file", false, OK " /nocompress", NULL,
      F_STORE_FAT_USB },
    { "store-fat32-large-file", false, OK " /nocompress", NULL, F_BIG_FILE },
    { "store-fat32-mig-size", true, OK, NULL, F_STORE_FAT_USB | F_BIG_FILE },
    { "store-fat32-mig-size", false, OK, NULL, F_STORE_FAT_USB },
    { "store-fat32-mig-size", false, OK " /nocompress", NULL,
      F_STORE_FAT_USB | F_BIG_FILE },
    { "xml-urlid-duplicate", true, OK, NULL, F_XML_SAME_URLID },
    { "xml-urlid-duplicate", false, OK, NULL, 0 },
    { "xml-missing", true, OK " /i:Custom.xml", NULL, F_USMT_XML },
    { "xml-missing", false, OK " /i:MigUser.xml", NULL, F_USMT_XML },
    { "profile-other-drive", true, OK, NULL, F_OTHER_DRIVE },
    { "profile-other-drive", false, OK, NULL, F_SYSROOT },
    { "help-only", true, "/?", NULL, 0 },
    { "help-only", false, OK, NULL, 0 },

    /* store */
    { "store-missing", true, "/offlineWinDir:D:\\Windows /c", NULL, 0 },
    { "store-missing", false, OK, NULL, 0 },
    { "store-with-gen", true, "E:\\s /genconfig:E:\\c.xml", NULL, 0 },
    { "store-with-gen", false, "/genconfig:E:\\c.xml", NULL, 0 },
    { "store-several", true, OK " E:\\other", NULL, 0 },
    { "store-several", false, OK, NULL, 0 },
    { "store-drive-root", true, "C:\\" OK_TAIL, NULL, 0 },
    { "store-drive-root", false, OK, NULL, 0 },
    { "store-on-x", true, "X:\\store" OK_TAIL, NULL, 0 },
    { "store-on-x", false, OK, NULL, 0 },
    { "store-path-too-long", true, "E:\\"
      "sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss"
      "sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss"
      "sssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss"
      "ssssssssssssssssssssssssssssssssssssssssssssssssssssss" OK_TAIL, NULL,
      0 },
    { "store-path-too-long", false, OK, NULL, 0 },
    { "store-bad-name", true, "E:\\store\\CON" OK_TAIL, NULL, 0 },
    { "store-bad-name", true, "E:\\nul.txt\\PC1" OK_TAIL, NULL, 0 },
    { "store-bad-name", true, "E:\\store\\Com1 \\PC1" OK_TAIL, NULL, 0 },
    { "store-bad-name", true, "E:\\store.\\PC1" OK_TAIL, NULL, 0 },
    { "store-bad-name", true, "\"E:\\store \\PC1\"" OK_TAIL, NULL, 0 },
    { "store-bad-name", false, OK, NULL, 0 },
    { "store-bad-name", false, "E:\\CONSOLE\\COM10\\.\\nulls" OK_TAIL, NULL,
      0 },
    { "store-relative", true, "store" OK_TAIL, NULL, 0 },
    { "store-relative", false, OK, NULL, 0 },
    { "store-exists", true, OK, NULL, F_STORE_EXISTS },
    { "store-exists", false, OK " /o", NULL, F_STORE_EXISTS },
    { "store-overwrite", true, OK " /o", NULL, F_STORE_EXISTS },
    { "store-overwrite", false, OK " /o", NULL, 0 },
    { "hardlink-other-volume", true, OK " /hardlink /nocompress", NULL, 0 },
    { "hardlink-other-volume", false,
      "D:\\s" OK_TAIL " /hardlink /nocompress", NULL, 0 },
    { "hardlink-not-ntfs-fixed", true,
      "\\\\srv\\share\\s" OK_TAIL " /hardlink /nocompress", NULL, 0 },
    { "hardlink-not-ntfs-fixed", true,
      "D:\\s" OK_TAIL " /hardlink /nocompress", NULL, F_STORE_FAT_USB },
    { "hardlink-not-ntfs-fixed", false,
      "D:\\s" OK_TAIL " /hardlink /nocompress", NULL, 0 },
    { "store-share-not-connected", true, UNC_STORE OK_TAIL, NULL,
      F_SHARE_DOWN },
    { "store-share-not-connected", false, UNC_STORE OK_TAIL, NULL, F_SHARE },
    { "store-share-not-connected", false, OK, NULL, 0 },
    /* a share takes compressed and uncompressed stores, no hard links */
    { "hardlink-not-ntfs-fixed", true,
      UNC_STORE OK_TAIL " /hardlink /nocompress", NULL, F_SHARE },
    { "hardlink-not-ntfs-fixed", false, UNC_STORE OK_TAIL " /nocompress",
      NULL, F_SHARE },
    { "hardlink-not-ntfs-fixed", false, UNC_STORE OK_TAIL, NULL, F_SHARE },
    { "hardlink-other-volume", false,
      UNC_STORE OK_TAIL " /hardlink /nocompress", NULL, F_SHARE },
    { "store-low-space", true, UNC_STORE OK_TAIL " /nocompress", NULL,
      F_SHARE | F_FREE_BELOW_ESTIMATE },
    { "store-low-space", false, UNC_STORE OK_TAIL " /nocompress", NULL,
      F_SHARE | F_FREE_AT_ESTIMATE },
    { "store-low-space-compressed", true, UNC_STORE OK_TAIL, NULL,
      F_SHARE | F_FREE_BELOW_ESTIMATE },
    { "store-low-space-compressed", false, UNC_STORE OK_TAIL, NULL,
      F_SHARE | F_FREE_AT_ESTIMATE },
    { "store-low-space", true, "E:\\s" OK_TAIL " /nocompress", NULL,
      F_FREE_BELOW_ESTIMATE },
    { "store-low-space", false, "E:\\s" OK_TAIL " /nocompress", NULL,
      F_FREE_AT_ESTIMATE },
    /* 256 characters in all is the limit, on a share as on a disk */
    { "store-path-too-long", false, UNC_256 OK_TAIL, NULL, F_SHARE },
    { "store-path-too-long", true, UNC_256 "x" OK_TAIL, NULL, F_SHARE },
    { "store-on-source-volume", false, UNC_STORE OK_TAIL, NULL, F_SHARE },
    { "store-relative", false, UNC_STORE OK_TAIL, NULL, F_SHARE },
    { "store-low-space", true, OK " /nocompress", NULL, F_STORE_SMALL },
    { "store-low-space", false, OK " /nocompress", NULL, 0 },
    { "store-low-space-compressed", true, OK, NULL, F_STORE_SMALL },
    { "store-low-space-compressed", false, OK " /nocompress", NULL,
      F_STORE_SMALL },
    { "store-readonly", true, OK, NULL, F_STORE_RO },
    { "store-readonly", false, OK, NULL, 0 },
    { "store-inside-profile", true, "D:\\Users\\jdoe\\store" OK_TAIL, NULL,
      0 },
    { "store-inside-profile", false, OK, NULL, 0 },
    { "store-inside-profile", false, "D:\\Users\\amy\\store" OK_TAIL, NULL,
      0 },
    { "store-on-source-volume", true, "D:\\store" OK_TAIL, NULL, 0 },
    { "store-on-source-volume", false, OK, NULL, 0 },
    { "log-inside-store", true, OK " /listfiles:E:\\store\\PC1\\files.txt",
      NULL, 0 },
    { "log-inside-store", false, OK " /listfiles:E:\\store\\files.txt", NULL,
      0 },
    { "log-on-x", true, OK " /listfiles:X:\\files.txt", NULL, 0 },
    { "log-on-x", true, OK_STORE " /offlineWinDir:D:\\Windows /c", NULL, 0 },
    { "log-on-x", false, OK, NULL, 0 },

    /* XML */
    { "xml-miguser-migdocs", true, OK " /i:X:\\USMT\\MigUser.xml", NULL, 0 },
    { "xml-miguser-migdocs", false, OK, NULL, 0 },
    { "xml-schema-as-i", true, OK " /i:X:\\USMT\\MigXML.xsd", NULL, 0 },
    { "xml-schema-as-i", false, OK, NULL, 0 },
    { "xml-config-as-i", true, OK " /i:E:\\Config.xml", NULL, 0 },
    { "xml-config-as-i", false, OK " /config:E:\\Config.xml", NULL, 0 },
    { "xml-missing", true, OK, NULL, F_XML_BAD },
    { "xml-missing", false, OK, NULL, 0 },
    { "xml-malformed", true, OK, NULL, F_XML_BAD },
    { "xml-malformed", false, OK, NULL, 0 },
    { "xml-not-migration", true, OK " /i:E:\\odd.xml", NULL, F_XML_BAD },
    { "xml-not-migration", false, OK " /i:E:\\odd.xml", NULL, 0 },
    { "config-bad", true, OK " /config:E:\\Config.xml", NULL, F_CONFIG_BAD },
    { "config-bad", false, OK " /config:E:\\Config.xml", NULL, 0 },
    { "offline-xml-bad", true,
      OK_STORE " /offline:E:\\offline.xml /ue:*\\* /c /efs:copyraw", NULL,
      F_OFFXML_BAD },
    { "offline-xml-bad", false,
      OK_STORE " /offline:E:\\offline.xml /ue:*\\* /c /efs:copyraw", NULL,
      0 },
    { "xml-none", true, OK_STORE " /offlineWinDir:D:\\Windows /c", NULL, 0 },
    { "xml-none", false, OK, NULL, 0 },
};

static void test_rules_each_case(void **state)
{
    int bad = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct rcase *c = &cases[i];
        struct fixture fx;

        assert_non_null(rules_find(c->id));
        fx_run(&fx, c->cmd, c->env, c->flags);
        if ((fx_find(&fx, c->id) != NULL) != c->fires) {
            fprintf(stderr, "case %zu: rule '%s' %s on '%s'\n", i, c->id,
                    c->fires ? "did not fire" : "fired", c->cmd);
            fx_dump(&fx);
            bad++;
        }
        fx_release(&fx);
    }
    assert_int_equal(bad, 0);
}

/* Every rule of the table has a case that fires it and one that does not. */
static void test_rules_every_rule_has_both_cases(void **state)
{
    size_t n;
    const struct rule *t = rules_list(&n);
    int bad = 0;

    (void)state;
    for (size_t r = 0; r < n; r++) {
        bool fire = false;
        bool quiet = false;

        /* restore rules have their cases in test_rules_restore.c */
        if (t[r].fields & RF_RESTORE)
            continue;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            if (strcmp(cases[i].id, t[r].id))
                continue;
            fire |= cases[i].fires;
            quiet |= !cases[i].fires;
        }
        if (!fire || !quiet) {
            fprintf(stderr, "rule '%s' lacks a %s case\n", t[r].id,
                    !fire ? "firing" : "quiet");
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* Relative /i names nobody can check are listed as not checked. */
static void test_rules_relative_xml_listed_as_unchecked(void **state)
{
    struct fixture fx;
    bool said = false;

    (void)state;
    fx_run(&fx, OK " /i:custom\\Mine.xml /i:Other.xml", NULL, F_NO_USMT);
    for (size_t i = 0; i < fx.fs.n_skipped; i++)
        said |= str_starts_with(fx.fs.skipped[i], "xml-missing: relative "
                                "/i names") &&
                strstr(fx.fs.skipped[i], "custom\\Mine.xml, Other.xml");
    assert_true(said);
    assert_null(fx_find(&fx, "xml-missing"));
    fx_release(&fx);
    /* with the USMT folder known, a bare name is looked for there */
    fx_run(&fx, OK " /i:Other.xml", NULL, F_USMT_XML);
    assert_non_null(fx_find(&fx, "xml-missing"));
    fx_release(&fx);
}

static void test_rules_clean_plan_has_no_finding(void **state)
{
    struct fixture fx;

    (void)state;
    fx_run(&fx, OK, NULL, 0);
    if (fx.fs.n)
        fx_dump(&fx);
    assert_int_equal(fx.fs.n, 0);
    assert_false(findings_block(&fx.fs));
    fx_release(&fx);
}

static void test_rules_table_is_well_formed(void **state)
{
    size_t n;
    const struct rule *t = rules_list(&n);

    (void)state;
    assert_true(n >= 90);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(t[i].check);
        assert_true(t[i].summary && *t[i].summary);
        assert_true(t[i].fix && *t[i].fix);
        assert_true(str_starts_with(t[i].ref, "§"));
        assert_true(t[i].doc && *t[i].doc);
        assert_true(t[i].fields != 0);
        assert_true((t[i].fields & ~RF_ALL) == 0);
        for (const char *p = t[i].id; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
                        || *p == '-');
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(t[i].id, t[j].id);
        assert_ptr_equal(rules_find(t[i].id), &t[i]);
    }
    assert_null(rules_find("no-such-rule"));
}

/* A plan built by hand, as the wizard does, not parsed from a line. */
static void test_rules_wizard_plan_nobody_selected(void **state)
{
    struct plan plan;
    struct findings fs;
    struct rule_ctx ctx;
    struct win_user u;
    struct user_list ul = { &u, 1 };
    char sid[] = "S-1-5-21-1-2-3-1001";
    char acct[] = "PC1\\jdoe";
    char path[] = "D:\\Users\\jdoe";
    bool none = false;

    (void)state;
    memset(&u, 0, sizeof(u));
    u.sid = sid;
    u.account = acct;
    u.profile_win = path;
    u.kind = USER_LOCAL;
    plan_init(&plan);
    plan_set_store_path(&plan, "E:\\store");
    plan_set_offline_windir(&plan, "D:\\Windows", NULL);
    memset(&ctx, 0, sizeof(ctx));
    ctx.plan = &plan;
    ctx.users = &ul;
    findings_init(&fs);
    rules_check(&ctx, &fs);
    for (size_t i = 0; i < fs.n; i++)
        none |= !strcmp(fs.f[i].rule->id, "users-none-selected");
    assert_true(none);
    findings_release(&fs);

    plan_add_sid(&plan, sid);
    rules_check(&ctx, &fs);
    for (size_t i = 0; i < fs.n; i++)
        assert_string_not_equal(fs.f[i].rule->id, "users-none-selected");
    findings_release(&fs);
    plan_release(&plan);
}

static void test_rules_sorted_errors_first(void **state)
{
    struct fixture fx;

    (void)state;
    /* warnings (no /c, efs) and errors (/uel offline, /v:7) together */
    fx_run(&fx, OK_STORE " /offlineWinDir:D:\\Windows /uel:9 /v:7", NULL, 0);
    assert_true(findings_count(&fx.fs, RULE_ERROR) >= 2);
    assert_true(findings_count(&fx.fs, RULE_WARNING) >= 2);
    for (size_t i = 1; i < fx.fs.n; i++)
        assert_true(fx.fs.f[i - 1].severity <= fx.fs.f[i].severity);
    fx_release(&fx);
}

static void test_rules_acknowledged_warning_does_not_block(void **state)
{
    struct fixture fx;

    (void)state;
    fx_run(&fx, OK_STORE OK_TAIL " /o", NULL, F_STORE_EXISTS);
    assert_non_null(fx_find(&fx, "store-overwrite"));
    assert_int_equal(findings_count(&fx.fs, RULE_ERROR), 0);
    assert_true(findings_block(&fx.fs));
    findings_ack(&fx.fs, "store-overwrite");
    assert_false(findings_block(&fx.fs));

    /* acknowledgements kept in rule_acks survive a re-check */
    rule_acks_add(&fx.acks, "store-overwrite");
    rule_acks_add(&fx.acks, "store-overwrite");
    assert_int_equal(fx.acks.n, 1);
    findings_release(&fx.fs);
    rules_check(&fx.ctx, &fx.fs);
    assert_true(fx_find(&fx, "store-overwrite")->acked);
    assert_false(findings_block(&fx.fs));
    fx_release(&fx);
}

static void test_rules_missing_facts_are_skipped_and_said(void **state)
{
    struct plan plan;
    struct findings fs;
    struct rule_ctx ctx;
    struct wiz_err err;
    bool said = false;

    (void)state;
    plan_init(&plan);
    assert_int_equal(cmdline_parse_string(&plan,
                                          "E:\\s /hardlink /uel:x /c",
                                          &err), 0);
    memset(&ctx, 0, sizeof(ctx));
    ctx.plan = &plan;
    findings_init(&fs);
    rules_check(&ctx, &fs);
    /* pure switch rules still run */
    bool hl = false;

    for (size_t i = 0; i < fs.n; i++)
        hl |= !strcmp(fs.f[i].rule->id, "hardlink-needs-nocompress");
    assert_true(hl);
    for (size_t i = 0; i < fs.n_skipped; i++)
        said |= str_starts_with(fs.skipped[i], "store-exists: ");
    assert_true(said);
    findings_release(&fs);
    plan_release(&plan);
}

static void test_rules_fields_select_findings(void **state)
{
    struct fixture fx;
    size_t idx[64];

    (void)state;
    fx_run(&fx, OK " /uel:30 /listfiles:E:\\store\\PC1\\f.txt", NULL, 0);
    size_t n = findings_for_fields(&fx.fs, RF_USERS, idx, 64);

    assert_true(n >= 1);
    for (size_t i = 0; i < n && i < 64; i++)
        assert_true(fx.fs.f[idx[i]].rule->fields & RF_USERS);
    assert_int_equal(findings_for_fields(&fx.fs, RF_LOGS, idx, 64), 1);
    assert_string_equal(fx.fs.f[idx[0]].rule->id, "log-inside-store");

    struct strbuf sb = STRBUF_INIT;

    rule_fields_describe(RF_STORE | RF_LOGS, &sb);
    assert_string_equal(strbuf_str(&sb), "store,logs");
    strbuf_release(&sb);
    fx_release(&fx);
}

/* ---- automatic fixes: apply, re-check, the finding is gone ---------------- */

static void fix_and_recheck(struct fixture *fx, const char *id)
{
    struct wiz_err err;
    const struct finding *f = fx_find(fx, id);

    assert_non_null(f);
    assert_true(finding_can_fix(f));
    assert_int_equal(rules_apply_fix(&fx->plan, f, &err), 0);
    findings_release(&fx->fs);
    rules_check(&fx->ctx, &fx->fs);
    if (fx_find(fx, id))
        fx_dump(fx);
    assert_null(fx_find(fx, id));
}

/* The fix writes <mappings> for Windows' drive and the profile's. */
static void test_rules_fix_profile_other_drive(void **state)
{
    struct fixture fx;

    (void)state;
    fx_run(&fx, OK, NULL, F_OTHER_DRIVE);
    assert_false(finding_can_fix(fx_find(&fx, "profile-other-drive")));
    plan_set_str(&fx.plan.offline_xml, "E:\\offline.xml");
    findings_release(&fx.fs);
    rules_check(&fx.ctx, &fx.fs);
    fix_and_recheck(&fx, "profile-other-drive");
    assert_int_equal(fx.plan.offline_mode, PLAN_OFFLINE_XML);
    assert_true(plan_strv_has(&fx.plan.offline_mappings, "C:\\, D:\\"));
    assert_true(plan_strv_has(&fx.plan.offline_mappings, "E:\\, F:\\"));
    fx_release(&fx);
}

/* workdir-missing's fix is consent: the wizard makes it at the start. */
static void test_rules_fix_workdir_missing(void **state)
{
    struct fixture fx;

    (void)state;
    fx_run(&fx, OK, NULL, F_WD_MISSING);
    assert_false(fx.plan.make_working_dir);
    fix_and_recheck(&fx, "workdir-missing");
    assert_true(fx.plan.make_working_dir);
    fx_release(&fx);
}

static void test_rules_fix_offline_arch(void **state)
{
    struct fixture fx;

    (void)state;
    fx_run(&fx, OK, NULL, F_OS_X86);
    fix_and_recheck(&fx, "offline-arch-unset");
    assert_string_equal(plan_get_env(&fx.plan, "MIG_OFFLINE_PLATFORM_ARCH"),
                        "32");
    fx_release(&fx);
    fx_run(&fx, OK, "MIG_OFFLINE_PLATFORM_ARCH=32", 0);
    fix_and_recheck(&fx, "offline-arch-wrong");
    assert_string_equal(plan_get_env(&fx.plan, "MIG_OFFLINE_PLATFORM_ARCH"),
                        "64");
    fx_release(&fx);
}

static void test_rules_fix_ui_name_to_sid(void **state)
{
    struct fixture fx;
    struct wiz_err err;

    (void)state;
    fx_run(&fx, OK_STORE " /offlineWinDir:D:\\Windows /ui:contoso\\AMY /c "
           "/efs:copyraw /i:X:\\USMT\\MigDocs.xml /l:E:\\l.log", NULL, 0);
    const struct finding *f = fx_find(&fx, "offline-ui-by-name");

    assert_non_null(f);
    assert_non_null(strstr(f->fix, "/ue:*\\* /ui:S-1-5-21-9-9-9-1105*"));
    fix_and_recheck(&fx, "offline-ui-by-name");
    /* /ue:*\* was added so the SID really narrows the selection */
    bool ue = false;
    bool ui = false;

    for (size_t i = 0; i < fx.plan.n_user_rules; i++) {
        const struct plan_user_rule *r = &fx.plan.user_rules[i];

        ue |= r->kind == PLAN_USER_UE && !strcmp(r->value, "*\\*");
        ui |= r->kind == PLAN_USER_UI &&
              !strcmp(r->value, "S-1-5-21-9-9-9-1105*");
    }
    assert_true(ue && ui);
    char *line = cmdline_display(&fx.plan, NULL);

    assert_non_null(strstr(line, "/ui:S-1-5-21-9-9-9-1105*"));
    assert_null(strstr(line, "AMY"));
    free(line);
    fx_release(&fx);

    /* a name nobody has: no automatic fix to offer */
    fx_run(&fx, OK " /ui:CONTOSO\\nobody", NULL, 0);
    f = fx_find(&fx, "offline-ui-by-name");
    assert_non_null(f);
    assert_int_equal(rules_apply_fix(&fx.plan, f, &err), -1);
    fx_release(&fx);
}

static void test_rules_fix_switches(void **state)
{
    struct fixture fx;

    (void)state;
    fx_run(&fx, "D:\\s" OK_TAIL " /hardlink", NULL, 0);
    fix_and_recheck(&fx, "hardlink-needs-nocompress");
    fx_release(&fx);
    fx_run(&fx, OK_STORE " /offlineWinDir:D:\\Windows /efs:abort", NULL, 0);
    fix_and_recheck(&fx, "no-continue");
    fix_and_recheck(&fx, "efs-default-abort");
    assert_int_equal(fx.plan.efs, PLAN_EFS_COPYRAW);
    fx_release(&fx);
    fx_run(&fx, OK " /ui:S-1-5-21-9-9-9-1105", NULL, 0);
    fix_and_recheck(&fx, "ui-sid-without-star");
    assert_non_null(plan_find_switch(&fx.plan, PLAN_SW_UI));
    fx_release(&fx);
    fx_run(&fx, OK, NULL, F_USER_TEMP);
    fix_and_recheck(&fx, "temp-profile-present");
    fx_release(&fx);
    fx_run(&fx, OK " /i:E:\\config.xml", NULL, 0);
    fix_and_recheck(&fx, "xml-config-as-i");
    assert_string_equal(fx.plan.config_path, "E:\\config.xml");
    fx_release(&fx);
    fx_run(&fx, OK, NULL, F_TWO_WINDOWS);
    /* no file name for offline.xml yet: no automatic fix */
    assert_false(finding_can_fix(fx_find(&fx, "several-windows")));
    plan_set_str(&fx.plan.offline_xml, "E:\\logs\\offline.xml");
    findings_release(&fx.fs);
    rules_check(&fx.ctx, &fx.fs);
    fix_and_recheck(&fx, "several-windows");
    assert_int_equal(fx.plan.offline_mode, PLAN_OFFLINE_XML);
    assert_true(fx.plan.fail_on_multiple_windir);
    fx_release(&fx);
}

static void test_rules_no_fix_where_not_obvious(void **state)
{
    struct fixture fx;
    struct wiz_err err;

    (void)state;
    fx_run(&fx, OK, NULL, F_STORE_EXISTS);
    const struct finding *f = fx_find(&fx, "store-exists");

    assert_non_null(f);
    assert_false(finding_can_fix(f));
    assert_int_equal(rules_apply_fix(&fx.plan, f, &err), -1);
    assert_non_null(strstr(err.msg, "store-exists"));
    fx_release(&fx);
}

static void test_rules_hostile_store_paths(void **state)
{
    struct fixture fx;
    size_t n = 32000;
    char *big = xmalloc(n + 1);
    char *cmd;

    (void)state;
    /* 32,000 characters, with CON and trailing dots along the way */
    memcpy(big, "E:\\", 3);
    for (size_t i = 3; i < n; i++)
        big[i] = (i % 50 == 0) ? '\\' : (i % 150 == 1) ? '.' : 'c';
    memcpy(big + 100, "\\CON\\", 5);
    big[n] = '\0';
    cmd = xasprintf("%s%s", big, OK_TAIL);
    fx_run(&fx, cmd, NULL, 0);
    assert_non_null(fx_find(&fx, "store-path-too-long"));
    assert_non_null(strstr(fx_find(&fx, "store-path-too-long")->message,
                            "32000 characters"));
    fx_release(&fx);
    free(cmd);
    /* reserved names in any case, with an extension or trailing spaces */
    static const char *const bad[] = {
        "E:\\nul\\s", "E:\\Store\\aux.mig", "E:\\lpt9\\s", "E:\\s\\PRN  ",
        "E:\\s...", "E:\\s\\x \\y",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cmd = xasprintf("\"%s\"%s", bad[i], OK_TAIL);
        fx_run(&fx, cmd, NULL, 0);
        if (!fx_find(&fx, "store-bad-name"))
            fx_dump(&fx);
        assert_non_null(fx_find(&fx, "store-bad-name"));
        fx_release(&fx);
        free(cmd);
    }
    free(big);
}

static void test_rules_cloud_only_names_user_count_and_safety(void **state)
{
    struct fixture fx;
    const struct finding *f;

    (void)state;
    fx_run(&fx, OK_STORE " /offlineWinDir:D:\\Windows /c", NULL,
           F_AMY_CLOUD);
    f = fx_find(&fx, "users-cloud-only-files");
    assert_non_null(f);
    assert_int_equal(f->rule->severity, RULE_WARNING);
    assert_non_null(strstr(f->message, "'CONTOSO\\amy'"));
    assert_non_null(strstr(f->message, "37 cloud-only files (900 MB)"));
    assert_non_null(strstr(f->message, "safe in OneDrive, not lost"));
    assert_non_null(strstr(f->rule->fix, "sign"));
    fx_release(&fx);
}

/*
 * Its fix passes the generated exclusion XML; once the plan carries it
 * the files are excluded (an info), unless a name cannot be written.
 */
static void test_rules_cloud_only_fix_and_exclusion(void **state)
{
    struct fixture fx;
    const struct finding *f;
    struct wiz_err err;

    (void)state;
    fx_run(&fx, OK, NULL, F_JDOE_CLOUD_LIST);
    f = fx_find(&fx, "users-cloud-only-files");
    assert_non_null(f);
    assert_int_equal(f->severity, RULE_WARNING);
    assert_non_null(strstr(f->message, "unless they are excluded"));
    assert_true(finding_can_fix(f));
    assert_non_null(strstr(f->fix, "E:\\work\\usmtwiz-cloud-exclude.xml"));
    assert_int_equal(rules_apply_fix(&fx.plan, f, &err), 0);
    assert_true(cloudxml_in_plan(&fx.plan));
    fx_release(&fx);

    /* the account and folder the files are in, from the user's hive */
    fx_run(&fx, OK, NULL, F_JDOE_CLOUD | F_JDOE_ONEDRIVE);
    f = fx_find(&fx, "users-cloud-only-files");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "has 1 cloud-only file (4.0 KB) in "
                           "OneDrive (jdoe@contoso.com, C:\\Users\\jdoe\\"
                           "OneDrive - Contoso): "));
    fx_release(&fx);

    /* passed: the name with '[' cannot be excluded and keeps its error */
    fx_run(&fx, OK " /i:E:\\work\\usmtwiz-cloud-exclude.xml", NULL,
           F_JDOE_CLOUD_LIST);
    f = fx_find(&fx, "users-cloud-only-files");
    assert_non_null(f);
    assert_int_equal(f->severity, RULE_WARNING);
    assert_non_null(strstr(f->message, "1 of its 2 cloud-only files"));
    assert_false(finding_can_fix(f));
    fx_release(&fx);

    /* every name written: what will happen, nothing to acknowledge */
    fx_run(&fx, OK " /i:E:\\work\\usmtwiz-cloud-exclude.xml", NULL,
           F_JDOE_CLOUD_SAFE);
    f = fx_find(&fx, "users-cloud-only-files");
    assert_non_null(f);
    assert_int_equal(f->severity, RULE_INFO);
    assert_non_null(strstr(f->message, "is excluded by"));
    assert_false(findings_block(&fx.fs) &&
                 f->severity == RULE_WARNING);
    fx_release(&fx);
}

static void test_rules_key_never_in_messages(void **state)
{
    struct fixture fx;

    (void)state;
    fx_run(&fx, OK " /encrypt /key:hunter2-but-long-enough /keyfile:E:\\k",
           NULL, 0);
    assert_true(fx.fs.n > 0);
    for (size_t i = 0; i < fx.fs.n; i++) {
        assert_null(strstr(fx.fs.f[i].message, "hunter2"));
        assert_null(strstr(fx.fs.f[i].fix, "hunter2"));
    }
    fx_release(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_each_case),
        cmocka_unit_test(test_rules_every_rule_has_both_cases),
        cmocka_unit_test(test_rules_clean_plan_has_no_finding),
        cmocka_unit_test(test_rules_relative_xml_listed_as_unchecked),
        cmocka_unit_test(test_rules_table_is_well_formed),
        cmocka_unit_test(test_rules_wizard_plan_nobody_selected),
        cmocka_unit_test(test_rules_sorted_errors_first),
        cmocka_unit_test(test_rules_acknowledged_warning_does_not_block),
        cmocka_unit_test(test_rules_missing_facts_are_skipped_and_said),
        cmocka_unit_test(test_rules_fields_select_findings),
        cmocka_unit_test(test_rules_fix_offline_arch),
        cmocka_unit_test(test_rules_fix_workdir_missing),
        cmocka_unit_test(test_rules_fix_profile_other_drive),
        cmocka_unit_test(test_rules_fix_ui_name_to_sid),
        cmocka_unit_test(test_rules_fix_switches),
        cmocka_unit_test(test_rules_no_fix_where_not_obvious),
        cmocka_unit_test(test_rules_key_never_in_messages),
        cmocka_unit_test(test_rules_cloud_only_names_user_count_and_safety),
        cmocka_unit_test(test_rules_cloud_only_fix_and_exclusion),
        cmocka_unit_test(test_rules_hostile_store_paths),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

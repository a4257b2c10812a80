/*
 * Rules about the store and the files scanstate writes: where the store
 * is (drive root, X:, path length, the offline volume), an existing store
 * and /o, hard-link stores (same NTFS fixed volume as the offline OS),
 * free space against the estimate, and log/progress/list files inside the
 * store or on X:.  Reference §2.2, §2.4.1, §2.4.14-15, §7, §8, §10.
 */
#include "rules_impl.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "core/usmt/usmtenv.h"
#include "core/offline/users.h"
#include "core/offline/winos.h"

#define ARG_MAX_CHARS 256
#define HARDLINK_MIN_FREE (250ull * 1024 * 1024)

static bool gen_mode(const struct plan *p)
{
    return rp_has(p, PLAN_SW_GENCONFIG) || rp_has(p, PLAN_SW_GENMIGXML);
}

static bool in_winpe(const struct rule_ctx *ctx)
{
    return ctx->env && ctx->env->winpe;
}

static bool hardlink(const struct plan *p)
{
    return rp_has(p, PLAN_SW_HARDLINK);
}

static const char *store(const struct rule_ctx *ctx)
{
    return ctx->plan->store_path;
}

static void check_missing(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (store(ctx) || gen_mode(ctx->plan) || rp_has(ctx->plan, PLAN_SW_HELP))
        return;
    rule_emit(out, "no store path: scanstate stops with rc 11 \"The store "
              "parameter is required but not specified\"");
}

static void check_forbidden(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (!store(ctx) || !gen_mode(ctx->plan))
        return;
    rule_emit(out, "a store path '%s' with %s: these write a file and take "
              "no store", store(ctx),
              rp_has(ctx->plan, PLAN_SW_GENCONFIG) ? "/genconfig"
                                                   : "/genmigxml");
}

static void check_several(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct plan *p = ctx->plan;
    size_t n = rc_count(ctx, PLAN_SW_STORE);
    /* the first store path is the right one: the wizard's, else typed */
    size_t first = ctx->choices && ctx->choices->store_path ? 0 : 1;

    if (n < 2)
        return;
    for (size_t i = 0, seen = 0; i < p->n_switches; i++) {
        if (p->switches[i].id != PLAN_SW_STORE || seen++ < first)
            continue;
        rule_emit(out, "'%s' is a second store path (only one is allowed): "
                  "a stray word or a path with spaces that lost its quotes",
                  p->switches[i].text);
    }
}

static void check_root(const struct rule_ctx *ctx, struct rule_out *out)
{
    if (!store(ctx) || !winpath_is_root(store(ctx)))
        return;
    rule_emit(out, "the store '%s' is a drive root: scanstate refuses C:\\ "
              "and leaves the whole store drive out of the capture",
              store(ctx));
}

static void check_on_x(const struct rule_ctx *ctx, struct rule_out *out)
{
    const char *s = store(ctx);
    bool ram = ctx->facts && ctx->facts->store.place.known &&
               ctx->facts->store.place.kind == VOL_RAM;

    if (!s || !(ram || (in_winpe(ctx) && winpath_letter(s) == 'X')))
        return;
    rule_emit(out, "the store '%s' is on the X: RAM disk: it is tiny and "
              "lost at the next reboot", s);
}

static void check_length(const struct rule_ctx *ctx, struct rule_out *out)
{
    const char *s = store(ctx);

    if (!s || strlen(s) <= ARG_MAX_CHARS)
        return;
    rule_emit(out, "the store path has %zu characters: scanstate stops with "
              "rc 12 (256 at most, counted on the absolute path)",
              strlen(s));
}

/* A device name Windows reserves in every folder: CON, NUL, COM1, ... */
static bool reserved_name(const char *c, size_t len)
{
    static const char *const plain[] = { "CON", "PRN", "AUX", "NUL" };
    size_t n = 0;

    /* the name counts without extension and without trailing spaces */
    while (n < len && c[n] != '.')
        n++;
    while (n > 0 && c[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
        if (n == 3 && str_ncasecmp(c, plain[i], 3) == 0)
            return true;
    return n == 4 && (str_ncasecmp(c, "COM", 3) == 0 ||
                      str_ncasecmp(c, "LPT", 3) == 0) &&
           c[3] >= '1' && c[3] <= '9';
}

/*
 * The first folder name of the store path that Windows would not keep as
 * written: a reserved device name, or one ending in a dot or a space
 * (Windows drops those, so the store lands in another folder).  *why gets
 * the reason; returns the length of the name (0 when all are fine) and
 * *at its start.
 */
static size_t bad_component(const char *s, const char **at, const char **why)
{
    const char *p = s;

    if (strncmp(p, "\\\\?\\", 4) == 0)
        return 0;       /* a \\?\ path is taken as written */
    while (*p) {
        size_t len = strcspn(p, "\\/");

        if (len && !(len == 2 && p[1] == ':' && p == s) &&
            !(len == 1 && p[0] == '.') &&
            !(len == 2 && p[0] == '.' && p[1] == '.')) {
            *at = p;
            if (p[len - 1] == '.' || p[len - 1] == ' ') {
                *why = "ends with a dot or a space, which Windows drops";
                return len;
            }
            if (reserved_name(p, len)) {
                *why = "is a device name Windows reserves";
                return len;
            }
        }
        p += len;
        if (*p)
            p++;
    }
    return 0;
}

static void check_reserved(const struct rule_ctx *ctx, struct rule_out *out)
{
    const char *s = store(ctx);
    const char *at = NULL, *why = NULL;
    size_t len;

    if (!s || rp_is_variable(s) || strlen(s) > ARG_MAX_CHARS)
        return;
    len = bad_component(s, &at, &why);
    if (!len)
        return;
    rule_emit(out, "the store '%s' has a folder name '%.*s' that %s: the "
              "store cannot be created there as written", s, (int)len, at,
              why);
}

static void check_relative(const struct rule_ctx *ctx, struct rule_out *out)
{
    const char *s = store(ctx);

    if (!s || winpath_is_absolute(s) || rp_is_variable(s))
        return;
    rule_emit(out, "the store '%s' is relative: it lands in whatever folder "
              "scanstate starts in (in Windows PE, on X:)", s);
}

static void check_exists_no_o(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct store_facts *sf = &ctx->facts->store;

    if (!store(ctx) || !sf->has_store || rp_has(ctx->plan, PLAN_SW_O))
        return;
    rule_emit(out, "'%s' already holds a store (%s): scanstate stops with "
              "rc 27 unless /o is given", store(ctx),
              sf->store_marker ? sf->store_marker : "USMT");
}

static void check_exists_o(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct store_facts *sf = &ctx->facts->store;

    if (!store(ctx) || !sf->has_store || !rp_has(ctx->plan, PLAN_SW_O))
        return;
    rule_emit(out, "'%s' already holds a store (%s) and /o overwrites it: "
              "that capture is lost", store(ctx),
              sf->store_marker ? sf->store_marker : "USMT");
}

/* A store on a share the machine cannot reach now (not connected...). */
static void check_share_reached(const struct rule_ctx *ctx,
                                struct rule_out *out)
{
    const char *s = store(ctx);
    const struct place_facts *pf = ctx->facts ? &ctx->facts->store.place
                                              : NULL;

    if (!s || !pf || !pf->on_share || pf->share_failure == SHARE_OK)
        return;
    char *root = share_root(s, NULL);
    struct finding *f = rule_emit(
        out, "the store share '%s' is not connected: %s",
        root ? root : s, share_failure_text(pf->share_failure));

    finding_set_fix(f, "connect the share (Store screen, or net use %s) "
                    "before the run", root ? root : s);
    free(root);
}

static void check_hardlink_volume(const struct rule_ctx *ctx,
                                  struct rule_out *out)
{
    const char *s = store(ctx);
    const struct store_facts *sf = ctx->facts ? &ctx->facts->store : NULL;

    if (!s || !hardlink(ctx->plan))
        return;
    char sl = winpath_letter(s);
    char wl = rp_offline_letter(ctx->plan);

    if ((sl && wl && sl != wl) || (sf && sf->same_volume_as_os == 0))
        rule_emit(out, "hard-link store '%s' is not on %c:, the volume of the "
                  "offline Windows: hard links exist only within one volume",
                  s, wl ? wl : '?');
}

static void check_hardlink_fs(const struct rule_ctx *ctx, struct rule_out *out)
{
    const char *s = store(ctx);
    const struct place_facts *pf = ctx->facts ? &ctx->facts->store.place
                                              : NULL;

    if (!s || !hardlink(ctx->plan))
        return;
    if (winpath_is_unc(s)) {
        rule_emit(out, "hard-link store '%s' is on the network: \"Hardlink "
                  "main store cannot be created on a network location\"", s);
        return;
    }
    if (!pf || !pf->known)
        return;
    if (pf->fs[0] && !str_ieq(pf->fs, "NTFS"))
        rule_emit(out, "hard-link store '%s' is on %s: hard links need NTFS",
                  s, pf->fs);
    else if (pf->kind != VOL_FIXED && pf->kind != VOL_UNKNOWN)
        rule_emit(out, "hard-link store '%s' is on a %s drive: \"Hardlink "
                  "main store can be created only on a fixed drive\"", s,
                  vol_kind_name(pf->kind));
}

static void check_space(const struct rule_ctx *ctx, struct rule_out *out,
                        bool compressed_rule)
{
    const struct rule_facts *f = ctx->facts;
    const struct place_facts *pf = &f->store.place;
    const struct plan *p = ctx->plan;
    char a[32];
    char b[32];

    if (!store(ctx) || !pf->free_known || gen_mode(p) || rp_has(p, PLAN_SW_P))
        return;
    if (hardlink(p)) {
        if (compressed_rule || pf->free_bytes >= HARDLINK_MIN_FREE)
            return;
        rule_emit(out, "the store %s has %s free: a hard-link store "
                  "still needs 250 MB", pf->on_share ? "share" : "volume",
                  str_human_size(pf->free_bytes, a, sizeof(a)));
        return;
    }
    bool compressed = !rp_has(p, PLAN_SW_NOCOMPRESS);

    if (compressed != compressed_rule || !f->estimate_known ||
        pf->free_bytes >= f->estimate_bytes)
        return;
    rule_emit(out, "the store %s has %s free but the selected profiles "
              "hold %s%s", pf->on_share ? "share" : "volume", str_human_size(pf->free_bytes, a, sizeof(a)),
              str_human_size(f->estimate_bytes, b, sizeof(b)),
              compressed ? " (compression may save some of it)" : "");
}

static void check_space_plain(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_space(ctx, out, false);
}

static void check_space_compressed(const struct rule_ctx *ctx,
                                   struct rule_out *out)
{
    check_space(ctx, out, true);
}

static void check_readonly(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct place_facts *pf = &ctx->facts->store.place;

    if (!store(ctx) || !(pf->readonly_volume ||
                         (pf->exists && pf->is_dir && !pf->writable)))
        return;
    rule_emit(out, "the store '%s' is not writable: scanstate stops with "
              "rc 27", store(ctx));
}

static void check_inside_profile(const struct rule_ctx *ctx,
                                 struct rule_out *out)
{
    const char *s = store(ctx);

    if (!s)
        return;
    for (size_t i = 0; i < ctx->users->n; i++) {
        const struct win_user *u = &ctx->users->u[i];

        if (!u->profile_win || !winpath_inside(s, u->profile_win) ||
            !rp_user_selected(ctx->plan, u))
            continue;
        rule_emit(out, "the store '%s' is inside the profile '%s', which is "
                  "being migrated: the store folder is left out of the "
                  "capture and the profile's disk gets written to", s,
                  u->profile_win);
        return;
    }
}

static void check_source_volume(const struct rule_ctx *ctx,
                                struct rule_out *out)
{
    const char *s = store(ctx);

    if (!s || hardlink(ctx->plan) || !winpath_letter(s) ||
        winpath_letter(s) != rp_offline_letter(ctx->plan))
        return;
    rule_emit(out, "the store '%s' is on the offline Windows volume: a "
              "failing disk gets written to, and the store folder is left "
              "out of the capture", s);
}

/* /l, /progress, /listfiles */
static void check_file_place(const struct rule_ctx *ctx, struct rule_out *out,
                             bool want_x)
{
    const struct plan *p = ctx->plan;
    const struct { const char *sw; const char *path; } files[] = {
        { "/l", p->log_path },
        { "/progress", p->progress_path },
        { "/listfiles", p->listfiles_path },
    };

    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        const char *f = files[i].path;

        if (!f)
            continue;
        if (!want_x && store(ctx) && winpath_inside(f, store(ctx)))
            rule_emit(out, "%s '%s' is inside the store '%s': scanstate "
                      "writes the store there and the file is overwritten "
                      "or left out", files[i].sw, f, store(ctx));
        if (want_x && in_winpe(ctx) && winpath_letter(f) == 'X')
            rule_emit(out, "%s '%s' is on the X: RAM disk: it is lost at the "
                      "next reboot", files[i].sw, f);
    }
    if (want_x && in_winpe(ctx) && !p->log_path && !gen_mode(p))
        rule_emit(out, "no /l: scanstate.log goes to the current folder, in "
                  "Windows PE usually on X:, and is lost at the next reboot");
}

static void check_in_store(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_file_place(ctx, out, false);
}

static void check_logs_on_x(const struct rule_ctx *ctx, struct rule_out *out)
{
    check_file_place(ctx, out, true);
}

/* /l and /progress write into folders scanstate does not create. */
static void check_log_folder(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct place_facts *pf[] = { &ctx->facts->log_dir,
                                       &ctx->facts->progress_dir };
    const char *path[] = { ctx->plan->log_path, ctx->plan->progress_path };
    const char *sw[] = { "/l", "/progress" };
    /* the wizard, plain mode and run create the folders they chose */
    bool typed[] = { rp_find(ctx->plan, PLAN_SW_L) != NULL,
                     rp_find(ctx->plan, PLAN_SW_PROGRESS) != NULL };
    const char *rc[] = { "rc 13 \"Log path argument is invalid for /l\"",
                         "rc 40 \"Progress log argument is invalid for "
                         "/progress\"" };

    for (size_t i = 0; i < 2; i++) {
        if (!typed[i] || !path[i] || !pf[i]->known ||
            (pf[i]->exists && pf[i]->is_dir))
            continue;
        struct finding *f = rule_emit(
            out, "the folder of '%s:%s' does not exist: scanstate does not "
            "create it and stops with %s", sw[i], path[i], rc[i]);

        finding_set_fix(f, "create the folder of '%s' before the run",
                        path[i]);
    }
}

#define FAT32_MAX_FILE 0xFFFFFFFFull    /* 4 GiB - 1 byte */

static bool store_on_fat(const struct rule_ctx *ctx)
{
    const char *fs = ctx->facts->store.place.fs;

    return str_ieq(fs, "FAT32") || str_ieq(fs, "FAT") || str_ieq(fs, "FAT16");
}

/* An uncompressed store copies each file: FAT32 holds none over 4 GB. */
static void check_fat_file(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct rule_facts *f = ctx->facts;
    char buf[32];

    if (!rp_has(ctx->plan, PLAN_SW_NOCOMPRESS) || !store_on_fat(ctx) ||
        f->largest_file <= FAT32_MAX_FILE)
        return;
    rule_emit(out, "the store '%s' is on %s, which holds no file of 4 GB "
              "or more, and a selected profile has a file of %s: an "
              "uncompressed store copies it as it is and the copy fails",
              ctx->plan->store_path, f->store.place.fs,
              str_human_size(f->largest_file, buf, sizeof(buf)));
}

/* A compressed store is one USMT.MIG, as large as the data (at most). */
static void check_fat_mig(const struct rule_ctx *ctx, struct rule_out *out)
{
    const struct rule_facts *f = ctx->facts;
    char buf[32];

    if (rp_has(ctx->plan, PLAN_SW_NOCOMPRESS) || !store_on_fat(ctx) ||
        !f->estimate_known || f->estimate_bytes <= FAT32_MAX_FILE)
        return;
    rule_emit(out, "the store '%s' is on %s, which holds no file of 4 GB "
              "or more, and USMT.MIG may grow to %s (the selected profiles "
              "before compression); whether scanstate splits it into "
              "pieces there is not confirmed", ctx->plan->store_path,
              f->store.place.fs,
              str_human_size(f->estimate_bytes, buf, sizeof(buf)));
}

static const struct rule store_rules[] = {
    { "store-missing", RULE_ERROR, RF_STORE, 0,
      "no store path (rc 11)", "give the store folder first",
      "§2.2, §2.4.1", "usmt-scanstate-syntax", check_missing, NULL },
    { "store-with-gen", RULE_ERROR, RF_STORE | RF_SYNTAX, 0,
      "a store path with /genconfig or /genmigxml (rc 11)",
      "remove the store path", "§2.2, §2.4.1", "usmt-scanstate-syntax",
      check_forbidden, NULL },
    { "store-several", RULE_ERROR, RF_STORE | RF_SYNTAX, 0,
      "more than one store path (rc 11)",
      "quote paths that contain spaces; give one store", "§2.2",
      "usmt-scanstate-syntax", check_several, NULL },
    { "store-drive-root", RULE_ERROR, RF_STORE, 0,
      "the store is a drive root",
      "use a folder, e.g. E:\\USMTStore\\<computer>", "§2.2, §10.7",
      "usmt-scanstate-syntax", check_root, NULL },
    { "store-on-x", RULE_ERROR, RF_STORE, 0,
      "the store is on the X: RAM disk", "put the store on a real disk",
      "§3.7", "offline-migration-reference", check_on_x, NULL },
    { "store-path-too-long", RULE_ERROR, RF_STORE, 0,
      "the store path is over 256 characters (rc 12)",
      "use a shorter store path", "§2.1, §8", "usmt-common-issues",
      check_length, NULL },
    { "store-bad-name", RULE_ERROR, RF_STORE, 0,
      "a folder of the store path is a reserved name (CON, NUL, ...) or "
      "ends with a dot or a space",
      "rename that folder", "§2.1", "usmt-common-issues", check_reserved,
      NULL },
    { "store-relative", RULE_WARNING, RF_STORE, 0,
      "the store path is relative", "give the full path, with its drive",
      "§2.1", "usmt-common-issues", check_relative, NULL },
    { "store-exists", RULE_ERROR, RF_STORE, RN_STORE,
      "a store already exists there and /o is missing (rc 27)",
      "choose a new store folder (or add /o to overwrite it)",
      "§7.3, §4.1", "usmt-return-codes", check_exists_no_o, NULL },
    { "store-overwrite", RULE_WARNING, RF_STORE, RN_STORE,
      "/o overwrites an existing store",
      "choose a new store folder unless that store is no longer needed",
      "§2.2, §7.3", "usmt-scanstate-syntax", check_exists_o, NULL },
    { "store-share-not-connected", RULE_ERROR, RF_STORE, 0,
      "the store is on a share that is not connected",
      "connect the share (the Store screen offers it), or run wpeinit "
      "first", "§2.2, §2.4.14", "usmt-scanstate-syntax (a UNC store "
      "path; reaching the share is Windows', not in the reference)",
      check_share_reached, NULL },
    { "hardlink-other-volume", RULE_ERROR, RF_STORE | RF_VOLUME, 0,
      "hard-link store not on the offline Windows volume",
      "put the hard-link store on the offline Windows volume, or use a "
      "compressed store", "§7.4", "usmt-hard-link-migration-store",
      check_hardlink_volume, NULL },
    { "hardlink-not-ntfs-fixed", RULE_ERROR, RF_STORE, 0,
      "hard-link store not on a fixed NTFS volume",
      "put the hard-link store on the offline Windows NTFS volume",
      "§7.4", "usmt-hard-link-migration-store", check_hardlink_fs, NULL },
    { "store-low-space", RULE_ERROR, RF_STORE, RN_STORE,
      "not enough free space for the uncompressed/hard-link store",
      "choose a store disk with more free space, or fewer users",
      "§7.1, §7.4", "usmt-estimate-migration-store-size",
      check_space_plain, NULL },
    { "store-low-space-compressed", RULE_WARNING, RF_STORE,
      RN_STORE | RN_ESTIMATE,
      "free space below the size of the selected profiles",
      "choose a store disk with more free space",
      "§7.1", "usmt-estimate-migration-store-size", check_space_compressed,
      NULL },
    { "store-readonly", RULE_ERROR, RF_STORE, RN_STORE,
      "the store folder or volume is read-only (rc 27)",
      "choose a writable store", "§4.1", "usmt-return-codes",
      check_readonly, NULL },
    { "store-inside-profile", RULE_WARNING, RF_STORE | RF_USERS, RN_USERS,
      "the store is inside a profile being migrated",
      "put the store outside the profiles (another disk is best)",
      "§2.2, §10.7", "usmt-scanstate-syntax", check_inside_profile, NULL },
    { "store-on-source-volume", RULE_WARNING, RF_STORE | RF_VOLUME, 0,
      "a copy store on the offline Windows volume",
      "put the store on another disk (external or network)", "§2.2, §10.7",
      "usmt-scanstate-syntax", check_source_volume, NULL },
    { "log-inside-store", RULE_ERROR, RF_LOGS | RF_STORE, 0,
      "/l, /progress or /listfiles inside the store",
      "write logs next to the store, not inside it", "§2.2, §2.4.14",
      "usmt-log-files", check_in_store, NULL },
    { "log-on-x", RULE_WARNING, RF_LOGS, RN_ENV,
      "logs on the X: RAM disk are lost at reboot",
      "write /l and /progress to a real disk", "§3.7, §10.4",
      "usmt-log-files", check_logs_on_x, NULL },
    { "log-folder-missing", RULE_WARNING, RF_LOGS, RN_FILES,
      "the folder of /l or /progress does not exist (rc 13, rc 40)",
      "create the folder before the run",
      "§2.2, §4.1", "usmt-return-codes", check_log_folder, NULL },
    { "store-fat32-large-file", RULE_ERROR, RF_STORE, RN_STORE,
      "uncompressed store on FAT32 and a file of 4 GB or more",
      "format the store disk NTFS or exFAT, or use a compressed store",
      "§7.3", "migration-store-types-overview (FAT32 limit: the file "
      "system's, not in the reference)", check_fat_file, NULL },
    { "store-fat32-mig-size", RULE_WARNING, RF_STORE,
      RN_STORE | RN_ESTIMATE,
      "compressed store on FAT32 and USMT.MIG may pass 4 GB",
      "format the store disk NTFS or exFAT (exFAT has no 4 GB limit)",
      "§7.3, §11.12", "scanstate.exe 10.0.15063 strings (splitting on FAT: "
      "unverified)", check_fat_mig, NULL },
};

const struct rule *rules_store_table(size_t *n)
{
    *n = sizeof(store_rules) / sizeof(store_rules[0]);
    return store_rules;
}

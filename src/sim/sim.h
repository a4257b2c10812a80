#ifndef WIZ_SIM_SIM_H
#define WIZ_SIM_SIM_H

/*
 * scanstate-sim internals: a stand-in for scanstate 10 (see
 * assets/man/scanstate-sim.1).  main.c runs the steps, args.c reads and
 * checks the command line as scanstate does, out.c writes scanstate.log
 * and the progress log in the real layouts, gather.c finds the users and
 * writes the store.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/attr.h"
#include "platform/sys.h"

#define SIM_VERSION "10.0.22621.1"
#define SIM_MIN_TEMP_BYTES (250ull * 1024 * 1024)

enum sim_efs { SIM_EFS_ABORT, SIM_EFS_SKIP, SIM_EFS_DECRYPTCOPY,
               SIM_EFS_COPYRAW, SIM_EFS_HARDLINK };

struct sim_opts {
    char *store;            /* StorePath as given */
    char **inc;             /* /i files */
    size_t n_inc;
    char **ui, **ue;        /* user patterns */
    size_t n_ui, n_ue;
    char *uel;
    bool all, o, nocompress, hardlink, c, localonly, listfiles_given;
    bool encrypt, have_key, have_keyfile, p_given, genconfig, genmigxml;
    bool auto_given, vsc;
    char *key, *keyfile, *config, *log, *progress, *listfiles;
    char *offline, *offline_windir, *offline_winold;
    int v;
    enum sim_efs efs;
    int pace_ms;            /* --pace, else SIM_PACE_MS */
    int fail_rc;            /* --fail / SIM_FAIL: training failure */
    int fail_at;            /* percent at which to fail (default 50) */
    bool eol_lf;            /* --eol lf / SIM_EOL=lf */
};

struct sim_cmdline_error {
    int rc;                 /* 11, 12, 13, 40 ... */
    char *message;          /* documented text */
    int bad_arg;            /* argv index of the offending token, -1 */
};

/* args.c */
/*
 * Parse and check argv[1..] as scanstate does.  Returns 0, 1 for help,
 * or the return code of a command-line error (details in *e).
 */
int sim_args_parse(int argc, char **argv, struct sim_opts *o,
                   struct sim_cmdline_error *e);
void sim_opts_release(struct sim_opts *o);
const char *sim_help_text(void);

/* out.c: the two logs and the console */
struct sim_out {
    FILE *log;              /* scanstate.log, NULL when none */
    FILE *prog;             /* progress log, NULL when none */
    const char *eol;        /* "\r\n" (default) or "\n" */
    int64_t start;          /* seconds, for the elapsed column */
};

void sim_log(struct sim_out *out, const char *level, unsigned code,
             const char *fmt, ...) WIZ_PRINTF(4, 5);
/* Like sim_log with a "[gle=0x........]" suffix. */
void sim_log_gle(struct sim_out *out, const char *level, unsigned code,
                 unsigned gle, const char *fmt, ...)
    WIZ_PRINTF(5, 6);
/* A raw continuation line (no prefix). */
void sim_log_cont(struct sim_out *out, const char *text);
/* One progress record: key/value words already formatted. */
void sim_progress(struct sim_out *out, const char *fmt, ...)
    WIZ_PRINTF(2, 3);
/* "YYYY/MM/DD:HH:MM:SS.mmm" for Started/Completed lines. */
void sim_usmt_time(char *buf, size_t size);

/* gather.c */
struct sim_user {
    char *sid;
    char *name;             /* COMPUTER\folder (offline: for display) */
    char *profile_online;   /* C:\Users\x */
    char *profile_host;     /* path for us */
    bool temp_dup;          /* has a ".bak" duplicate (temporary profile) */
    bool included;
};

struct sim_file {
    char *host;             /* path for us */
    char *store_name;       /* File\C$\Users\x\... */
    uint64_t size;
    int64_t mtime;
    bool efs, unreadable;
    bool cloud;             /* a cloud placeholder: no data here */
    size_t user;            /* index in ctx->users */
};

struct sim_ctx {
    struct sim_opts *o;
    struct sim_out out;
    char *volume_root;      /* USMTWIZ_VOLUME_ROOT or NULL */
    char *windir_host;      /* offline Windows folder, path for us */
    char *windir_win;       /* as given: D:\Windows */
    char *computer;         /* offline computer name */
    char online_letter;     /* letter Windows saw itself on ('C') */
    char offline_letter;    /* letter of the windir's volume now ('D') */
    struct sim_user *users;
    size_t n_users;
    struct sim_file *files;
    size_t n_files, files_alloc;
    uint64_t total_bytes;
    char *store_host;       /* store folder, path for us */
    uint64_t errors_ignored;
    size_t walking_user;    /* user whose profile sim_scan_files walks */
    enum sys_arch usmt_arch;    /* of the practice scanstate.exe, or unknown */
};

/* Windows path (or POSIX path) to a path for us; caller frees. */
char *sim_path(const struct sim_ctx *ctx, const char *win);
/* Read the offline users from the hives. 0, or a return code. */
int sim_find_users(struct sim_ctx *ctx);
/* Walk the included profiles into ctx->files. */
void sim_scan_files(struct sim_ctx *ctx);
/* Walk the profile folders a /i XML includes whole (users left out). */
void sim_scan_xml_folders(struct sim_ctx *ctx);
/*
 * Drop the gathered files an <unconditionalExclude> File pattern of a /i
 * XML takes (other rules are not simulated).
 */
void sim_apply_xml_excludes(struct sim_ctx *ctx);
bool sim_pattern_matches(const char *pattern, const char *path);
/* Case-insensitive wildcard match of a user pattern (offline rules). */
bool sim_user_matches(const struct sim_user *u, const char *pattern,
                      bool offline);
void sim_ctx_release(struct sim_ctx *ctx);

/* arch.c */
/*
 * The architecture of scanstate.exe in the practice USMT folder
 * (USMTWIZ_USMT, else <volume_root>/../usmt); SYS_ARCH_UNKNOWN when there
 * is none.
 */
enum sys_arch sim_usmt_arch(const char *volume_root);
/* 64 when the offline Windows folder has SysWOW64, else 32. */
int sim_offline_bits(const char *windir_host);
/* 32, 64, or 0 for an unknown architecture. */
int sim_arch_bits(enum sys_arch a);
/*
 * 0 when Windows (PE) of architecture host starts a scanstate.exe of
 * architecture usmt; else the Win32 error of the failed start (308, 216)
 * with the system's message in *msg (caller frees).
 */
int sim_start_check(enum sys_arch usmt, enum sys_arch host, bool winpe,
                    char **msg);

/* loadstate.c: the loadstate side (loadstate-sim) */
/* The program was started as loadstate* (loadstate-sim, loadstate.exe). */
bool sim_is_loadstate(const char *argv0);
int sim_loadstate_main(int argc, char **argv);

/* usmtutils.c: the usmtutils /verify stand-in (usmtutils-sim) */
bool sim_is_usmtutils(const char *argv0);
int sim_usmtutils_main(int argc, char **argv);

#endif

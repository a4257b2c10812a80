#ifndef WIZ_CORE_RULES_RESTORE_H
#define WIZ_CORE_RULES_RESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Facts the restore rules (the loadstate side, rules_restore.c) read.
 * They sit in the same table as the capture rules and run only when
 * struct rule_ctx carries a struct restore_ctx; a capture never sees them.
 * Checks are pure: lint (or a test) fills these structs by hand or with
 * restore_facts_from_report; unknown facts stay 0/-1/NULL and the rules
 * that need them are listed as not checked.
 */

struct loadcmd;
struct report;

struct restore_user {
    char *sid;              /* owned */
    char *name;             /* account name without a domain, owned */
    char *domain;           /* its domain ("CONTOSO"), owned; NULL when
                               the stored name has none (local users) */
    char *kind;             /* user_kind_name() word: "local", "entra"... */
};

struct restore_facts {
    /* the new PC, where loadstate would run */
    int winpe;              /* 1 Windows PE, 0 full Windows, -1 unknown */
    int elevated;           /* 1, 0, -1 unknown */
    int target_bits;        /* 32 or 64, 0 unknown */
    unsigned target_build;  /* 22631, 0 unknown */
    bool target_server;
    char *target_computer;  /* owned, NULL unknown */
    char target_letter;     /* system drive, 0 unknown */
    bool target_free_known;
    uint64_t target_free;   /* free bytes on the system drive */
    unsigned loadstate_ver[4];  /* USMT file version loadstate runs from */
    bool loadstate_ver_known;

    /* the store, from the capture's usmtwiz report */
    bool report_known;
    char *store_kind;       /* "compressed", "uncompressed", "hardlink" */
    bool encrypted;         /* the capture used /encrypt */
    char *key_fingerprint;  /* of the capture's key (typed or from its key
                               file); NULL when not recorded */
    char **capture_xml;     /* the capture's /i values, owned */
    char *capture_config;   /* the capture's /config value, owned */
    char *encrypt_alg;      /* its /encrypt algorithm ("AES_256"), owned;
                               NULL for /encrypt alone or none */
    size_t n_capture_xml;
    char *source_computer;  /* owned */
    char *capture_result;   /* the report's result word, owned */
    int source_bits;        /* 32, 64, 0 unknown */
    unsigned source_build;  /* 0 unknown */
    unsigned capture_ver[4];    /* USMT version that captured */
    bool capture_ver_known;
    struct restore_user *users;
    size_t n_users;
    /* what loadstate writes on the new PC, estimated from the report
     * (0 unknown) and what the estimate rests on (a static string) */
    uint64_t restore_bytes;
    const char *restore_bytes_basis;

    /* the store folder itself */
    int store_state;        /* RESTORE_STORE_*; -1 not looked at */
    bool hardlink_main;     /* <store>\USMT\hardlink.main exists */
    char store_letter;      /* drive of the store, 0 unknown */

    /* the key given on the line (/key or /keyfile), as a fingerprint */
    char given_fp[17];      /* "" none or unreadable */
};

enum restore_store_state {
    RESTORE_STORE_MISSING = 0,  /* no such folder */
    RESTORE_STORE_EMPTY = 1,    /* a folder without USMT\USMT.MIG/catalog */
    RESTORE_STORE_FOUND = 2,
};

struct restore_ctx {
    const struct loadcmd *cmd;
    const struct restore_facts *facts;
};

void restore_facts_init(struct restore_facts *f);
void restore_facts_release(struct restore_facts *f);
/* Append a stored user (strings copied). */
void restore_facts_add_user(struct restore_facts *f, const char *sid,
                            const char *name, const char *kind);

/*
 * Fill the store part of f from a capture report: users, computer,
 * Windows build and architecture (from its "windows" line), store kind,
 * key fingerprint and the /i set of its command.  Sets report_known.
 */
void restore_facts_from_report(struct restore_facts *f,
                               const struct report *r);

/*
 * Parse "Windows 11 Pro 23H2 (22631.2861) x64" into a build and a bit
 * width (0 when absent).
 */
void restore_parse_windows(const char *s, unsigned *build, int *bits);

#endif

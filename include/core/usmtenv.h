#ifndef WIZ_CORE_USMTENV_H
#define WIZ_CORE_USMTENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/sys.h"

/*
 * Facts about where we run and about the USMT folder, read once and then
 * given to the rules.  Filled by usmtenv_probe; tests fill it by hand.
 */

struct wiz_err;

struct usmt_env {
    bool winpe;                 /* running in Windows PE */
    enum sys_arch host_arch;    /* native architecture of the host */
    bool x_known;               /* X: facts below are meaningful */
    uint64_t x_free_bytes;      /* free space on the X: RAM disk */
    char *usmt_dir;             /* the USMT folder, NULL when none chosen */
    bool scanstate_found;
    char *scanstate_path;
    enum sys_arch usmt_arch;    /* from the PE header of scanstate.exe */
    bool usmt_is_sim;           /* scanstate-sim, not the real tool */
    uint32_t ver_major, ver_minor, ver_build, ver_rev; /* file version */
    int usmt_generation;        /* 4, 5, 10, or 0 unknown */
    char **missing_dlls;        /* NULL-terminated; NULL when none */
    char **mig_xml;             /* Mig*.xml found next to scanstate */
    bool msxml_found;           /* X:\Windows\System32\msxml*.dll */
    char *probe_problem;        /* NULL, or why the folder is unusable */
};

/*
 * Probe usmt_dir (may be NULL).  x_root is where the WinPE system drive is
 * for us ("X:\\", or a practice volume's X folder; NULL = none).
 */
int usmtenv_probe(const char *usmt_dir, const char *x_root,
                  struct usmt_env *env, struct wiz_err *err);
void usmtenv_release(struct usmt_env *env);

#endif

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

struct strbuf;
struct wiz_err;

struct usmt_env {
    bool winpe;                 /* running in Windows PE */
    enum sys_arch host_arch;    /* native architecture of the host */
    bool x_known;               /* X: facts below are meaningful */
    uint64_t x_free_bytes;      /* free space on the X: RAM disk */
    uint64_t x_total_bytes;     /* its size */
    char *usmt_dir;             /* the USMT folder, NULL when none chosen */
    bool scanstate_found;
    char *scanstate_path;
    enum sys_arch usmt_arch;    /* from the PE header of scanstate.exe */
    bool usmt_is_sim;           /* scanstate-sim, not the real tool */
    bool version_known;         /* the version resource was read */
    uint32_t ver_major, ver_minor, ver_build, ver_rev; /* file version */
    int usmt_generation;        /* 4, 5, 10, or 0 unknown */
    char **missing_dlls;        /* NULL-terminated; NULL when none */
    char **mig_xml;             /* Mig*.xml found next to scanstate */
    bool manifests_found;       /* a DlManifests folder next to it */
    bool msxml_found;           /* X:\Windows\System32\msxml*.dll */
    char *probe_problem;        /* NULL, or why the folder is unusable */
};

/*
 * Probe usmt_dir (may be NULL).  x_root is where the WinPE system drive is
 * for us ("X:\\", or a practice volume's X folder; NULL = none).
 *
 * Only facts are gathered; the rules judge them.  winpe and host_arch come
 * from the platform layer.  X: space comes from the practice volume's
 * facts file (<parent>/X.volume) when there is one, else from the file
 * system.  File names in the USMT folder are matched without regard to
 * case.  usmt_is_sim is set when scanstate.exe is an image made by
 * pe_write_image (FileDescription PE_PRACTICE_DESCRIPTION).
 * usmt_generation: file version 10.x is USMT 10, 6.2/6.3 USMT 5, 6.1
 * USMT 4.  missing_dlls lists, in lower case, which of migcore.dll,
 * migstore.dll, unbcl.dll, wdscore.dll and migsys.dll are absent; mig_xml
 * the *.xml file names found, sorted; both are NULL when empty.
 * probe_problem is one sentence when usmt_dir is given but unusable (it
 * does not exist, is not a folder, cannot be read, has no scanstate.exe,
 * or scanstate.exe is not a Windows program); NULL otherwise, also when no
 * folder was given.  Every string is owned by env: free with
 * usmtenv_release.  Returns 0; -1 (WIZ_EUSAGE) only when env is NULL.
 */
int usmtenv_probe(const char *usmt_dir, const char *x_root,
                  struct usmt_env *env, struct wiz_err *err);
/* Free what env owns and zero it; NULL is fine. */
void usmtenv_release(struct usmt_env *env);

/*
 * The facts as plain text lines (appended to out), for the Environment
 * screen, inspect and reports, e.g.
 *   Running in:   Windows PE (amd64)
 *   X: space:     400 MB free of 512 MB
 *   USMT folder:  D:\USMT\amd64
 *   scanstate:    amd64, version 10.0.22621.1 (USMT 10)
 *   Engine DLLs:  all present
 *   Rule XML:     MigApp.xml, MigDocs.xml, MigUser.xml
 *   MSXML:        present
 *   Problem:      ...
 * Names from the disk are escaped for the terminal.
 */
void usmtenv_describe(const struct usmt_env *env, struct strbuf *out);

/* 10, 5, 4 or 0 (unknown) for a scanstate file version. */
int usmtenv_generation(uint32_t major, uint32_t minor);

#endif

/*
 * Facts about the place we run and the USMT folder: WinPE or not, host
 * architecture, X: space, MSXML, and scanstate.exe (architecture, version,
 * DLLs and XML beside it).  Judging them is the rules' job.
 */
#include "core/usmt/usmtenv.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/offline/winos.h"
#include "core/usmt/pe.h"
#include "platform/fs.h"
#include "platform/vol.h"

/* The engine DLLs scanstate cannot start without (reference §1.2). */
static const char *const required_dlls[] = {
    "migcore.dll", "migstore.dll", "unbcl.dll", "wdscore.dll", "migsys.dll",
};

/* Folder listings larger than this are cut (a USMT folder has ~40). */
#define MAX_ENTRIES 4096

struct names {
    char **v;
    size_t n, alloc;
};

static void names_add(struct names *ns, const char *s)
{
    XGROW(ns->v, ns->alloc, ns->n + 2);
    ns->v[ns->n++] = xstrdup(s);
    ns->v[ns->n] = NULL;
}

static void names_free(char **v)
{
    if (!v)
        return;
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

static int cmp_ci(const void *a, const void *b)
{
    return str_casecmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, or -1 with err. */
static int list_dir(const char *dir, struct names *out, struct wiz_err *err)
{
    struct fs_dir *d;
    const char *name;
    int r = 0;

    memset(out, 0, sizeof(*out));
    if (fs_dir_open(dir, &d, err) < 0)
        return -1;
    while (out->n < MAX_ENTRIES && (r = fs_dir_next(d, &name, err)) == 1)
        names_add(out, name);
    fs_dir_close(d);
    return out->n < MAX_ENTRIES && r < 0 ? -1 : 0;
}

/* The entry of ns named like name (any case), or NULL. */
static const char *find_ci(const struct names *ns, const char *name)
{
    for (size_t i = 0; i < ns->n; i++) {
        if (str_ieq(ns->v[i], name))
            return ns->v[i];
    }
    return NULL;
}

int usmtenv_generation(uint32_t major, uint32_t minor)
{
    if (major == 10)
        return 10;
    if (major == 6 && (minor == 2 || minor == 3))
        return 5;
    if (major == 6 && minor == 1)
        return 4;
    return 0;
}

/*
 * X: space.  A practice X folder may have a facts file beside it (the
 * RAM disk's size cannot be made real on Linux); else ask the file system.
 */
static void probe_x_space(const char *x_root, struct usmt_env *env)
{
    char *abs = fs_absolute(x_root);
    size_t len = strlen(abs);

    while (len > 1 && (abs[len - 1] == '/' || abs[len - 1] == '\\'))
        abs[--len] = '\0';
    char *base = abs + len;

    while (base > abs && base[-1] != '/' && base[-1] != '\\')
        base--;
    if (base > abs + 1 && base[0] && !base[1]) {
        char letter = base[0];
        char *facts = xasprintf("%s.volume", abs);
        bool has_facts = fs_exists(facts);

        free(facts);
        base[-1] = '\0';
        if (letter >= 'a' && letter <= 'z')
            letter = (char)(letter - 'a' + 'A');
        struct vol_list vl = { NULL, 0 };

        if (has_facts && vol_enumerate(abs, &vl, NULL) == 0) {
            for (size_t i = 0; i < vl.n; i++) {
                if (vl.v[i].letter == letter) {
                    env->x_known = true;
                    env->x_free_bytes = vl.v[i].free_bytes;
                    env->x_total_bytes = vl.v[i].total_bytes;
                }
            }
        }
        vol_list_release(&vl);
    }
    free(abs);
    if (!env->x_known &&
        fs_space(x_root, &env->x_free_bytes, &env->x_total_bytes,
                 NULL) == 0)
        env->x_known = true;
}

static bool probe_msxml(const char *x_root)
{
    char *sys = winos_resolve_ci(x_root, "Windows/System32");
    struct names ns;
    bool found = false;

    if (sys && list_dir(sys, &ns, NULL) == 0) {
        for (size_t i = 0; i < ns.n && !found; i++)
            found = str_wildmatch("msxml*.dll", ns.v[i]);
    }
    if (sys)
        names_free(ns.v);
    free(sys);
    return found;
}

static void probe_scanstate(struct usmt_env *env)
{
    struct pe_info pe;
    struct wiz_err e;

    if (pe_read_file(env->scanstate_path, &pe, &e) < 0) {
        env->probe_problem = xasprintf("cannot use %s", e.msg);
        return;
    }
    env->usmt_arch = pe.arch;
    env->usmt_is_sim = str_icasestr(pe.file_description,
                                    PE_PRACTICE_DESCRIPTION) != NULL;
    if (!pe.has_version)
        return;
    env->version_known = true;
    env->ver_major = pe.ver_major;
    env->ver_minor = pe.ver_minor;
    env->ver_build = pe.ver_build;
    env->ver_rev = pe.ver_rev;
    env->usmt_generation = usmtenv_generation(pe.ver_major, pe.ver_minor);
}

static void probe_usmt(const char *dir, struct usmt_env *env)
{
    struct fs_stat st;
    struct names ns;
    struct names dlls = { NULL, 0, 0 };
    struct names xml = { NULL, 0, 0 };
    struct wiz_err e;

    env->usmt_dir = xstrdup(dir);
    if (fs_stat_follow(dir, &st, &e) < 0) {
        env->probe_problem = xasprintf("cannot read the USMT folder: %s",
                                       e.msg);
        return;
    }
    if (st.type == FS_NONE) {
        env->probe_problem = xasprintf("the USMT folder '%s' does not exist",
                                       dir);
        return;
    }
    if (st.type != FS_DIR) {
        env->probe_problem = xasprintf("the USMT folder '%s' is not a folder",
                                       dir);
        return;
    }
    if (list_dir(dir, &ns, &e) < 0) {
        env->probe_problem = xasprintf("cannot read the USMT folder '%s': %s",
                                       dir, e.msg);
        names_free(ns.v);
        return;
    }
    for (size_t i = 0; i < sizeof(required_dlls) / sizeof(required_dlls[0]);
         i++) {
        if (!find_ci(&ns, required_dlls[i]))
            names_add(&dlls, required_dlls[i]);
    }
    env->missing_dlls = dlls.v;
    for (size_t i = 0; i < ns.n; i++) {
        if (str_iends_with(ns.v[i], ".xml"))
            names_add(&xml, ns.v[i]);
    }
    if (xml.n)
        qsort(xml.v, xml.n, sizeof(xml.v[0]), cmp_ci);
    env->mig_xml = xml.v;
    const char *man = find_ci(&ns, "DlManifests");

    if (man) {
        char *p = fs_join(dir, man);

        env->manifests_found = fs_is_dir(p);
        free(p);
    }
    const char *ss = find_ci(&ns, "scanstate.exe");

    if (ss) {
        env->scanstate_found = true;
        env->scanstate_path = fs_join(dir, ss);
        probe_scanstate(env);
    } else {
        env->probe_problem = xasprintf("the USMT folder '%s' has no "
                                       "scanstate.exe", dir);
    }
    names_free(ns.v);
}

int usmtenv_probe(const char *usmt_dir, const char *x_root,
                  struct usmt_env *env, struct wiz_err *err)
{
    if (!env)
        return err_set(err, WIZ_EUSAGE, "no place for the USMT facts");
    memset(env, 0, sizeof(*env));
    env->winpe = sys_is_winpe();
    env->host_arch = sys_host_arch();
    if (x_root && *x_root) {
        probe_x_space(x_root, env);
        env->msxml_found = probe_msxml(x_root);
    }
    if (usmt_dir && *usmt_dir)
        probe_usmt(usmt_dir, env);
    return 0;
}

void usmtenv_release(struct usmt_env *env)
{
    if (!env)
        return;
    free(env->usmt_dir);
    free(env->scanstate_path);
    names_free(env->missing_dlls);
    names_free(env->mig_xml);
    free(env->probe_problem);
    memset(env, 0, sizeof(*env));
}

static void add_escaped(struct strbuf *out, const char *s)
{
    char *e = utf8_escape_for_terminal(s);

    strbuf_adds(out, e);
    free(e);
}

static void describe_list(struct strbuf *out, char **v)
{
    for (size_t i = 0; v[i]; i++) {
        if (i)
            strbuf_adds(out, ", ");
        add_escaped(out, v[i]);
    }
}

void usmtenv_describe(const struct usmt_env *env, struct strbuf *out)
{
    char a[32];
    char b[32];

    strbuf_addf(out, "Running in:   %s (%s)\n",
                env->winpe ? "Windows PE" : "a full operating system",
                sys_arch_name(env->host_arch));
    if (env->x_known) {
        strbuf_addf(out, "X: space:     %s free of %s\n",
                    str_human_size(env->x_free_bytes, a, sizeof(a)),
                    str_human_size(env->x_total_bytes, b, sizeof(b)));
    } else if (env->winpe) {
        /* said, not left out: in Windows PE, X: is expected */
        strbuf_adds(out, "X: space:     no X: drive found (the Windows PE "
                         "RAM disk): scratch space unknown\n");
    }
    if (!env->usmt_dir) {
        strbuf_adds(out, "USMT folder:  none chosen\n");
    } else {
        strbuf_adds(out, "USMT folder:  ");
        add_escaped(out, env->usmt_dir);
        strbuf_addch(out, '\n');
    }
    if (env->scanstate_found && !env->probe_problem) {
        strbuf_addf(out, "scanstate:    %s", sys_arch_name(env->usmt_arch));
        if (env->version_known) {
            strbuf_addf(out, ", version %u.%u.%u.%u", env->ver_major,
                        env->ver_minor, env->ver_build, env->ver_rev);
            if (env->usmt_generation)
                strbuf_addf(out, " (USMT %d)", env->usmt_generation);
            else
                strbuf_adds(out, " (not a USMT version we know)");
        } else {
            strbuf_adds(out, ", no version resource");
        }
        if (env->usmt_is_sim)
            strbuf_adds(out, ", practice copy");
        strbuf_addch(out, '\n');
    }
    if (env->usmt_dir && !env->probe_problem) {
        strbuf_adds(out, "Engine DLLs:  ");
        if (env->missing_dlls) {
            strbuf_adds(out, "missing ");
            describe_list(out, env->missing_dlls);
        } else {
            strbuf_adds(out, "all present");
        }
        strbuf_adds(out, "\nRule XML:     ");
        if (env->mig_xml)
            describe_list(out, env->mig_xml);
        else
            strbuf_adds(out, "none");
        strbuf_addch(out, '\n');
    }
    if (env->x_known || env->msxml_found) {
        strbuf_addf(out, "MSXML:        %s\n",
                    env->msxml_found ? "present" : "not found");
    } else if (env->winpe) {
        strbuf_adds(out, "MSXML:        not checked: it is looked for on "
                         "X:, and there is no X:\n");
    }
    if (env->probe_problem) {
        strbuf_adds(out, "Problem:      ");
        add_escaped(out, env->probe_problem);
        strbuf_addch(out, '\n');
    }
}

/*
 * The one check of a store: usmtutils /verify when there is one and the
 * store is compressed, else our own reading of the layout (reference
 * §7.3).  See core/run/storecheck.h.
 */
#include "core/run/storecheck.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/offline/users.h"
#include "core/run/report.h"
#include "core/usmt/retcodes.h"
#include "platform/fs.h"
#include "platform/proc.h"

/* usmtutils gets this long before it is given up (a big store is slow). */
#define STORECHECK_WAIT_MS (6 * 60 * 60 * 1000)

const char *storecheck_verdict_word(enum storecheck_verdict v)
{
    switch (v) {
    case STORECHECK_GOOD:
        return "good";
    case STORECHECK_DAMAGED:
        return "damaged";
    default:
        return "not checked";
    }
}

const char *storecheck_kind_word(enum storecheck_kind k)
{
    switch (k) {
    case STORECHECK_KIND_COMPRESSED:
        return "compressed";
    case STORECHECK_KIND_UNCOMPRESSED:
        return "uncompressed";
    case STORECHECK_KIND_HARDLINK:
        return "hard-link";
    default:
        return "unknown";
    }
}

void storecheck_result_release(struct storecheck_result *res)
{
    if (!res)
        return;
    free(res->text);
    memset(res, 0, sizeof(*res));
}

static char *usmt_path(const char *store, const char *name)
{
    char *usmt = fs_join(store, "USMT");
    char *p = fs_join(usmt, name);

    free(usmt);
    return p;
}

/* USMT\<name> as it is: FS_NONE when missing. */
static void look(const char *store, const char *name, struct fs_stat *st)
{
    char *p = usmt_path(store, name);

    if (fs_stat(p, st, NULL) < 0)
        st->type = FS_NONE;
    free(p);
}

/* The kind the folder holds (reference §7.3), or UNKNOWN. */
static enum storecheck_kind kind_of(const char *store)
{
    struct fs_stat st;

    look(store, "USMT.MIG", &st);
    if (st.type == FS_FILE)
        return STORECHECK_KIND_COMPRESSED;
    look(store, "hardlink.main", &st);
    if (st.type == FS_FILE)
        return STORECHECK_KIND_HARDLINK;
    look(store, "catalog.mig", &st);
    if (st.type == FS_FILE)
        return STORECHECK_KIND_UNCOMPRESSED;
    look(store, "File", &st);
    if (st.type == FS_DIR)
        return STORECHECK_KIND_UNCOMPRESSED;
    return STORECHECK_KIND_UNKNOWN;
}

static void set(struct storecheck_result *out, enum storecheck_verdict v,
                char *text)
{
    out->verdict = v;
    free(out->text);
    out->text = text;
}

static void own_compressed(const struct storecheck_input *in,
                           struct storecheck_result *out)
{
    struct fs_stat st;
    char h[32];
    char w[32];

    look(in->store, "USMT.MIG", &st);
    if (st.type != FS_FILE) {
        set(out, STORECHECK_DAMAGED,
            xstrdup("USMT\\USMT.MIG is missing: there is no store"));
    } else if (!st.size) {
        set(out, STORECHECK_DAMAGED,
            xstrdup("USMT\\USMT.MIG is empty: the store holds nothing"));
    } else if (in->size_known && st.size != in->size) {
        set(out, STORECHECK_DAMAGED,
            xasprintf("USMT\\USMT.MIG is %s (%llu bytes), the capture "
                      "wrote %s (%llu bytes): the store was cut short or "
                      "changed",
                      str_human_size(st.size, h, sizeof(h)),
                      (unsigned long long)st.size,
                      str_human_size(in->size, w, sizeof(w)),
                      (unsigned long long)in->size));
    } else {
        set(out, STORECHECK_GOOD,
            xasprintf("USMT\\USMT.MIG is present (%s)%s; its contents are "
                      "checked only by usmtutils /verify",
                      str_human_size(st.size, h, sizeof(h)),
                      in->size_known ? ", the size the capture wrote" : ""));
    }
}

static void own_tree(const struct storecheck_input *in,
                     struct storecheck_result *out)
{
    struct fs_stat st;
    bool hardlink = out->kind == STORECHECK_KIND_HARDLINK;

    look(in->store, "catalog.mig", &st);
    if (st.type != FS_FILE || !st.size) {
        set(out, STORECHECK_DAMAGED,
            xstrdup(st.type == FS_FILE
                        ? "USMT\\catalog.mig is empty: the store's catalog "
                          "is lost"
                        : "USMT\\catalog.mig is missing: without its "
                          "catalog the store cannot be restored"));
        return;
    }
    if (hardlink) {
        look(in->store, "hardlink.main", &st);
        if (st.type != FS_FILE) {
            set(out, STORECHECK_DAMAGED,
                xstrdup("USMT\\hardlink.main is missing: this is not the "
                        "main hard-link store"));
            return;
        }
    }
    char *file = usmt_path(in->store, "File");
    struct size_result sz;
    char h[32];
    char w[32];

    look(in->store, "File", &st);
    if (st.type != FS_DIR) {
        set(out, STORECHECK_DAMAGED,
            xstrdup("the USMT\\File folder is missing: the store holds no "
                    "files"));
    } else if (users_size_path(file, NULL, NULL, &sz, NULL) < 0 ||
               sz.unreadable) {
        set(out, STORECHECK_DAMAGED,
            xstrdup("the USMT\\File tree cannot be read whole"));
    } else if (!sz.files) {
        set(out, STORECHECK_DAMAGED,
            xstrdup("the USMT\\File folder holds no file"));
    } else {
        out->files_known = true;
        out->files = sz.files;
        out->file_bytes = sz.bytes;
        if (in->files_known &&
            (sz.files != in->files || sz.bytes != in->file_bytes))
            set(out, STORECHECK_DAMAGED,
                xasprintf("the USMT\\File tree holds %llu files (%s), the "
                          "capture left %llu (%s): files are missing or "
                          "changed",
                          (unsigned long long)sz.files,
                          str_human_size(sz.bytes, h, sizeof(h)),
                          (unsigned long long)in->files,
                          str_human_size(in->file_bytes, w, sizeof(w))));
        else
            set(out, STORECHECK_GOOD,
                xasprintf("catalog.mig%s and the USMT\\File tree (%llu "
                          "files, %s%s) are present; the catalog's format "
                          "is not documented, so files are counted, not "
                          "checked one by one",
                          hardlink ? ", hardlink.main" : "",
                          (unsigned long long)sz.files,
                          str_human_size(sz.bytes, h, sizeof(h)),
                          in->files_known ? ", as the capture left them"
                                          : ""));
    }
    free(file);
}

/*
 * The last line of usmtutils' output that says something (not empty, not
 * its closing "return code" line), or NULL.
 */
static char *last_line(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    char *found = NULL;

    if (!path || fs_read_file(path, 1024 * 1024, &data, &len, NULL) < 0)
        return NULL;
    for (char *line = data; line && *line;) {
        char *nl = strchr(line, '\n');

        if (nl)
            *nl = '\0';
        size_t n = strlen(line);

        while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
            line[--n] = '\0';
        while (*line == ' ' || *line == '\t')
            line++;
        if (*line && !str_icasestr(line, "return code")) {
            free(found);
            found = xstrdup(line);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(data);
    return found;
}

static void by_usmtutils(const struct storecheck_input *in,
                         struct storecheck_result *out)
{
    char *mig = usmt_path(in->store, "USMT.MIG");
    char *keyarg = in->keyfile ? xasprintf("/keyfile:%s", in->keyfile)
                               : NULL;
    char *argv[8];
    size_t n = 0;
    char *tmpdir = NULL;
    char *output = in->output_path ? xstrdup(in->output_path) : NULL;
    struct proc *p = NULL;
    struct wiz_err e;
    int status = -1;
    bool signalled = false;

    char a0[] = "usmtutils";
    char a_all[] = "/verify:all";
    char a_cat[] = "/verify:catalog";
    char a_dec[] = "/decrypt";

    argv[n++] = a0;
    argv[n++] = in->all ? a_all : a_cat;
    argv[n++] = mig;
    if (keyarg) {
        argv[n++] = a_dec;
        argv[n++] = keyarg;
    }
    argv[n] = NULL;
    if (!output && fs_make_temp_dir("usmtwiz-verify", &tmpdir, NULL) == 0)
        output = fs_join(tmpdir, "usmtutils.txt");
    struct proc_spec spec = { in->usmtutils, argv, NULL, NULL, output };

    out->by_usmtutils = true;
    if (proc_spawn(&spec, &p, &e) < 0) {
        out->by_usmtutils = false;
        set(out, STORECHECK_UNCHECKED,
            xasprintf("usmtutils could not be started (%s)", e.msg));
    } else {
        int w = proc_wait(p, STORECHECK_WAIT_MS, &status, &signalled, &e);

        if (w != 1) {
            proc_cancel(p, true, NULL);
            proc_wait(p, 5000, &status, &signalled, NULL);
            set(out, STORECHECK_UNCHECKED,
                xstrdup("usmtutils did not finish: the store was not "
                        "checked"));
        } else {
            char *said = last_line(output);
            const struct retcode *rc = retcode_by_code(status);

            out->rc = status;
            if (status == 0)
                set(out, STORECHECK_GOOD,
                    xasprintf("usmtutils %s: no damaged file (return code "
                              "0)", argv[1]));
            else if (status == 42 || status == 27 || status == 38)
                set(out, STORECHECK_DAMAGED,
                    xasprintf("usmtutils %s: return code %d (%s)%s%s",
                              argv[1], status,
                              rc ? rc->summary : "not documented",
                              said ? ": " : "", said ? said : ""));
            else
                set(out, STORECHECK_UNCHECKED,
                    xasprintf("usmtutils %s ended with return code %d "
                              "(%s)%s%s", argv[1], status,
                              rc ? rc->summary : "not documented",
                              said ? ": " : "", said ? said : ""));
            free(said);
        }
        proc_free(p);
    }
    if (tmpdir) {
        fs_remove_tree(tmpdir, NULL);
        free(tmpdir);
    }
    free(output);
    free(keyarg);
    free(mig);
}

char *storecheck_find_usmtutils(const char *usmt_dir, bool simulate)
{
    if (!usmt_dir)
        return NULL;
    char *exe = fs_join(usmt_dir, "usmtutils.exe");

    if (!fs_exists(exe)) {
        free(exe);
        return NULL;
    }
    if (!simulate)
        return exe;
    free(exe);
    char *self = fs_exe_path();
    char *slash = self ? strrchr(self, fs_sep()) : NULL;
    char *p;

    if (!slash) {
        free(self);
        return xstrdup("usmtutils-sim");
    }
    *slash = '\0';
    p = xasprintf("%s%cusmtutils-sim%s", self, fs_sep(),
                  fs_sep() == '\\' ? ".exe" : "");
    free(self);
    return p;
}

int storecheck_run(const struct storecheck_input *in,
                   struct storecheck_result *out, struct wiz_err *err)
{
    memset(out, 0, sizeof(*out));
    out->rc = -1;
    if (!in->store || !*in->store) {
        set(out, STORECHECK_UNCHECKED, xstrdup("no store was given"));
        return err_set(err, WIZ_EUSAGE, "no store folder was given");
    }
    if (!fs_is_dir(in->store)) {
        set(out, STORECHECK_DAMAGED,
            xasprintf("the store folder '%s' does not exist", in->store));
        return 0;
    }
    /* what the capture made wins over what the folder seems to hold */
    out->kind = in->kind != STORECHECK_KIND_UNKNOWN ? in->kind
                                                    : kind_of(in->store);
    switch (out->kind) {
    case STORECHECK_KIND_COMPRESSED:
        if (in->encrypted && !in->keyfile && in->usmtutils) {
            own_compressed(in, out);
            if (out->verdict == STORECHECK_GOOD) {
                char *t = xasprintf("%s; not verified by usmtutils: the "
                                    "store is encrypted and no key file "
                                    "was given", out->text);

                set(out, STORECHECK_GOOD, t);
            }
        } else if (in->usmtutils) {
            own_compressed(in, out);
            if (out->verdict != STORECHECK_DAMAGED)
                by_usmtutils(in, out);
        } else {
            own_compressed(in, out);
        }
        break;
    case STORECHECK_KIND_UNCOMPRESSED:
    case STORECHECK_KIND_HARDLINK:
        own_tree(in, out);
        break;
    default:
        set(out, STORECHECK_DAMAGED,
            xasprintf("'%s' holds no store: no USMT\\USMT.MIG, "
                      "USMT\\catalog.mig or USMT\\File", in->store));
        break;
    }
    return 0;
}

int storecheck_store(const char *store, const char *usmt_dir, bool simulate,
                     const char *keyfile, bool all, const char *output_path,
                     struct storecheck_result *out, struct wiz_err *err)
{
    struct storecheck_input in;
    struct report rep;
    char *utils = storecheck_find_usmtutils(usmt_dir, simulate);
    char *rpath = store ? fs_join(store, REPORT_XML_NAME) : NULL;
    int r;

    memset(&in, 0, sizeof(in));
    report_init(&rep);
    in.store = store;
    in.usmtutils = utils;
    in.keyfile = keyfile;
    in.all = all;
    in.output_path = output_path;
    if (rpath && fs_exists(rpath) && report_read(rpath, &rep, NULL) == 0) {
        const char *k = rep.store_kind ? rep.store_kind : "";

        in.kind = !strcmp(k, "compressed") ? STORECHECK_KIND_COMPRESSED
                  : !strcmp(k, "uncompressed") ? STORECHECK_KIND_UNCOMPRESSED
                  : !strcmp(k, "hardlink") ? STORECHECK_KIND_HARDLINK
                                           : STORECHECK_KIND_UNKNOWN;
        in.size_known = rep.mig_bytes > 0;
        in.size = rep.mig_bytes;
        in.files_known = rep.store_files > 0;
        in.files = rep.store_files;
        in.file_bytes = rep.store_file_bytes;
        in.encrypted = rep.key_fingerprint && *rep.key_fingerprint;
    }
    r = storecheck_run(&in, out, err);
    report_release(&rep);
    free(rpath);
    free(utils);
    return r;
}

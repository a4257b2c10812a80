#include "core/run/verify.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/strbuf.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "core/run/progress.h"
#include "core/run/sclog.h"
#include "core/usmt/retcodes.h"

const char *verify_state_word(enum verify_state s)
{
    switch (s) {
    case VERIFY_CAPTURED:
        return "captured";
    case VERIFY_CAPTURED_ERRORS:
        return "captured with errors";
    default:
        return "not captured";
    }
}

const char *verify_verdict_word(enum verify_verdict v)
{
    static const char *const words[] = {
        "success", "success-with-skipped-errors", "incomplete", "failed",
        "killed", "cancelled", "not-started",
    };

    return (unsigned)v < sizeof(words) / sizeof(words[0]) ? words[v]
                                                          : "failed";
}

bool verify_store_usable(enum verify_verdict v)
{
    return v == VERIFY_SUCCESS || v == VERIFY_SUCCESS_ERRORS ||
           v == VERIFY_INCOMPLETE;
}

/* The user part of "DOMAIN\user" (or all of it). */
static const char *user_part(const char *s)
{
    const char *bs = s ? strrchr(s, '\\') : NULL;

    return bs ? bs + 1 : (s ? s : "");
}

/* Does a user name from the progress log name this profile? */
static bool names_profile(const char *pname, const struct verify_profile *p)
{
    if (str_ieq(pname, p->sid))
        return true;
    if (p->account && *p->account && str_ieq(pname, p->account))
        return true;
    if (p->name && *p->name && str_ieq(pname, p->name))
        return true;
    /* offline, names may come as COMPUTER\folder (the profile folder) */
    const char *folder = user_part(p->profile_online);

    return *folder && strchr(pname, '\\') && str_ieq(user_part(pname), folder);
}

static const struct progress_user *progress_user_of(
    const struct progress_state *ps, const struct verify_profile *p)
{
    for (size_t i = 0; ps && i < ps->n_users; i++) {
        if (names_profile(ps->users[i].name, p))
            return &ps->users[i];
    }
    return NULL;
}

static bool under(const char *path, const char *dir)
{
    size_t n = dir ? strlen(dir) : 0;

    return n && !str_ncasecmp(path, dir, n) &&
           (path[n] == '\\' || path[n] == '/');
}

/* Error records of the progress log about files in this profile. */
static uint64_t file_errors(const struct progress_state *ps,
                            const struct verify_profile *p)
{
    uint64_t n = 0;

    for (size_t i = 0; ps && i < ps->n_errors_kept; i++) {
        const char *o = ps->errors[i].object;

        if (o && (under(o, p->profile_win) || under(o, p->profile_online)))
            n++;
    }
    return n;
}

/* The entry that stands for a SID: not its TEMP profile when there are two. */
static bool better(const struct verify_profile *a,
                   const struct verify_profile *b)
{
    return b->temporary && !a->temporary;
}

static void user_init(struct verify_user *u, const struct verify_profile *p)
{
    memset(u, 0, sizeof(*u));
    u->sid = xstrdup(p->sid ? p->sid : "");
    u->name = xstrdup(p->name && *p->name ? p->name : u->sid);
    u->kind = xstrdup(p->kind ? p->kind : "");
    u->stored_known = p->stored_known;
    u->stored_bytes = p->stored_bytes;
    u->as_files = p->as_files;
}

static void set_why(struct verify_user *u, char *why)
{
    free(u->why);
    u->why = why;
}

/* A selected user of a run that returned 0 or 3. */
static void judge(const struct verify_input *in,
                  const struct verify_profile *p, struct verify_user *u)
{
    const struct sclog_user *lu = sclog_state_user(in->log, p->sid);
    const struct progress_user *pu = progress_user_of(in->progress, p);
    unsigned f = lu ? lu->flags : 0;
    const char *where = p->profile_win && *p->profile_win ? p->profile_win
                                                          : p->profile_online;

    u->state = VERIFY_NOT_CAPTURED;
    if (p->as_files && ((pu && pu->collected) ||
                        (p->stored_known && p->stored_bytes))) {
        u->state = VERIFY_CAPTURED;
        set_why(u, xasprintf("its profile folder %s went into the store as "
                             "files (a generated migration XML, /i): files "
                             "only, no settings", where ? where : ""));
    } else if (f & SCLOG_USER_TEMP_SKIPPED) {
        bool known = where && *where;

        set_why(u, xasprintf("scanstate left this user out: Windows had "
                             "given it a temporary (TEMP) profile and "
                             "MIG_FAIL_ON_PROFILE_ERROR=0 skips such a user "
                             "(reference §3.4, §8); its %sprofile%s%s, "
                             "with all its files and settings, is only on "
                             "the old disk",
                             p->temp_twin ? "real ('.bak') " : "",
                             known ? ", " : "", known ? where : ""));
    } else if (f & SCLOG_USER_UNMAPPED || !p->folder_exists) {
        set_why(u, xstrdup(p->folder_exists
                               ? "scanstate skipped it: its SID maps to no "
                                 "profile scanstate could read (0x534)"
                               : "scanstate skipped it: its profile folder "
                                 "is gone, there was nothing to capture"));
    } else if (f & SCLOG_USER_EXCLUDED ||
               (pu && pu->detected && !pu->included)) {
        set_why(u, xstrdup("scanstate excluded it (includedInMigration No): "
                           "check the /ui and /ue switches"));
    } else if ((pu && (pu->collected || pu->included)) ||
               (f & SCLOG_USER_INCLUDED) ||
               (p->stored_known && p->stored_bytes)) {
        u->errors = file_errors(in->progress, p) + (lu ? lu->errors : 0);
        u->state = u->errors ? VERIFY_CAPTURED_ERRORS : VERIFY_CAPTURED;
        if (u->errors && lu && lu->errors)
            set_why(u, xasprintf("in the store, but scanstate.log has an "
                                 "error about it: %s",
                                 lu->why ? lu->why : ""));
        else if (u->errors)
            set_why(u, xasprintf("in the store; %llu of its files could not "
                                 "be read and were skipped (/c)",
                                 (unsigned long long)u->errors));
    } else {
        set_why(u, xstrdup("neither scanstate.log nor the progress log "
                           "names it: nothing shows it reached the store"));
    }
}

static void not_finished(const struct verify_input *in,
                         enum verify_verdict v, struct verify_user *u)
{
    u->state = VERIFY_NOT_CAPTURED;
    if (v == VERIFY_KILLED)
        set_why(u, xstrdup("scanstate did not finish (killed or crashed): "
                           "the store is incomplete"));
    else if (v == VERIFY_CANCELLED)
        set_why(u, xstrdup("the capture was cancelled: the store is "
                           "incomplete"));
    else if (v == VERIFY_NOT_STARTED)
        set_why(u, xstrdup("scanstate did not run"));
    else
        set_why(u, xasprintf("scanstate failed (return code %d): the store "
                             "cannot be used", in->rc));
}

static enum verify_verdict base_verdict(const struct verify_input *in)
{
    if (in->cancelled)
        return VERIFY_CANCELLED;
    if (in->signalled)
        return VERIFY_KILLED;
    if (in->rc == -1)
        return VERIFY_NOT_STARTED;
    if (in->rc == 0 || in->rc == 3)
        return in->rc == 0 ? VERIFY_SUCCESS : VERIFY_SUCCESS_ERRORS;
    /* a code scanstate never returns: it did not end by itself */
    if (!retcode_by_code(in->rc))
        return VERIFY_KILLED;
    return VERIFY_FAILED;
}

/* Index of the entry standing for the SID of profile i, or i. */
static size_t stand_in(const struct verify_input *in, size_t i)
{
    size_t best = i;

    for (size_t k = 0; k < in->n_profiles; k++) {
        if (str_ieq(in->profiles[k].sid, in->profiles[i].sid) &&
            better(&in->profiles[k], &in->profiles[best]))
            best = k;
    }
    return best;
}

static bool first_of_sid(const struct verify_input *in, size_t i)
{
    for (size_t k = 0; k < i; k++) {
        if (str_ieq(in->profiles[k].sid, in->profiles[i].sid))
            return false;
    }
    return true;
}

void verify_run(const struct verify_input *in, struct verify_result *out)
{
    enum verify_verdict v = base_verdict(in);

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < in->n_profiles; i++) {
        if (!first_of_sid(in, i))
            continue;
        const struct verify_profile *p = &in->profiles[stand_in(in, i)];
        bool selected = false;

        for (size_t k = 0; k < in->n_profiles; k++)
            selected = selected || (in->profiles[k].selected &&
                                    str_ieq(in->profiles[k].sid, p->sid));
        if (!selected) {
            if (!p->real_person)
                continue;
            out->others = xreallocarray(out->others, out->n_others + 1,
                                        sizeof(*out->others));
            struct verify_user *o = &out->others[out->n_others++];

            user_init(o, p);
            o->state = VERIFY_NOT_CAPTURED;
            o->why = xstrdup(p->why_not_selected && *p->why_not_selected
                                 ? p->why_not_selected
                                 : "not selected");
            continue;
        }
        out->users = xreallocarray(out->users, out->n_users + 1,
                                   sizeof(*out->users));
        struct verify_user *u = &out->users[out->n_users++];

        user_init(u, p);
        if (v == VERIFY_SUCCESS || v == VERIFY_SUCCESS_ERRORS)
            judge(in, p, u);
        else
            not_finished(in, v, u);
        if (!u->why)
            u->why = xstrdup("");
        if (u->state == VERIFY_NOT_CAPTURED)
            out->n_not_captured++;
        else if (u->state == VERIFY_CAPTURED_ERRORS &&
                 v == VERIFY_SUCCESS)
            v = VERIFY_SUCCESS_ERRORS;
    }
    if ((v == VERIFY_SUCCESS || v == VERIFY_SUCCESS_ERRORS) &&
        out->n_not_captured)
        v = VERIFY_INCOMPLETE;
    out->verdict = v;
    out->store_compressed = in->store_compressed;
}

static void user_release(struct verify_user *u)
{
    free(u->sid);
    free(u->name);
    free(u->kind);
    free(u->why);
}

void verify_result_release(struct verify_result *res)
{
    for (size_t i = 0; i < res->n_users; i++)
        user_release(&res->users[i]);
    free(res->users);
    for (size_t i = 0; i < res->n_others; i++)
        user_release(&res->others[i]);
    free(res->others);
    memset(res, 0, sizeof(*res));
}

void verify_verdict_text(const struct verify_result *res, struct strbuf *out)
{
    switch (res->verdict) {
    case VERIFY_SUCCESS:
        strbuf_adds(out, "Succeeded: everything selected is in the store.\n");
        break;
    case VERIFY_SUCCESS_ERRORS:
        strbuf_adds(out, "Succeeded with skipped errors: the store is usable; "
                         "some files could not be read.\n");
        break;
    case VERIFY_INCOMPLETE:
        strbuf_addf(out, "INCOMPLETE: scanstate reported success, but %zu "
                         "selected user%s %s not in the store.\n",
                    res->n_not_captured, res->n_not_captured == 1 ? "" : "s",
                    res->n_not_captured == 1 ? "is" : "are");
        break;
    case VERIFY_KILLED:
        strbuf_adds(out, "Failed: scanstate was killed or crashed; the store "
                         "it left is incomplete and must not be restored.\n");
        break;
    case VERIFY_CANCELLED:
        strbuf_adds(out, "Cancelled: the capture was stopped; the store is "
                         "incomplete and must not be restored.\n");
        break;
    case VERIFY_NOT_STARTED:
        strbuf_adds(out, "Not started: scanstate did not run.\n");
        break;
    default:
        strbuf_adds(out, "Failed: the store cannot be used as it is.\n");
        break;
    }
}

/* Add text word-wrapped at about 76 columns, each line indented. */
static void add_wrapped(struct strbuf *out, const char *text)
{
    const size_t width = 70;
    const char *p = text;

    while (*p) {
        size_t n = strlen(p);
        size_t cut = n;

        if (n > width) {
            cut = width;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            if (!cut) {
                cut = width;
                while (p[cut] && p[cut] != ' ')
                    cut++;
            }
        }
        strbuf_adds(out, "      ");
        strbuf_add(out, p, cut);
        strbuf_addch(out, '\n');
        p += cut;
        while (*p == ' ')
            p++;
    }
}

/*
 * "  NOT CAPTURED: name (kind, SID)" first, so that a narrow screen still
 * shows what became of whom; then why, wrapped and indented.
 */
static void user_line(const struct verify_result *res,
                      const struct verify_user *u, bool selected,
                      struct strbuf *out)
{
    char *name = utf8_escape_for_terminal(u->name);
    char size[32];
    const char *state = !selected ? "not selected"
                        : u->state == VERIFY_NOT_CAPTURED ? "NOT CAPTURED"
                        : u->as_files ? "captured as files only"
                                      : verify_state_word(u->state);

    if (str_ieq(u->name, u->sid))     /* known by its SID only */
        strbuf_addf(out, "  %s: %s (%s)", state, u->sid, u->kind);
    else
        strbuf_addf(out, "  %s: %s (%s, %s)", state, name, u->kind, u->sid);
    free(name);
    if (selected && u->state != VERIFY_NOT_CAPTURED && u->stored_known)
        strbuf_addf(out, ", %s in the store",
                    str_human_size(u->stored_bytes, size, sizeof(size)));
    else if (selected && u->state != VERIFY_NOT_CAPTURED &&
             res->store_compressed)
        strbuf_adds(out, ", " VERIFY_COMPRESSED_SIZE);
    strbuf_addch(out, '\n');
    if (u->why && *u->why)
        add_wrapped(out, u->why);
}

void verify_users_text(const struct verify_result *res, struct strbuf *out)
{
    strbuf_addf(out, "Users (%zu selected):\n", res->n_users);
    if (!res->n_users)
        strbuf_adds(out, "  none\n");
    for (size_t i = 0; i < res->n_users; i++)
        user_line(res, &res->users[i], true, out);
    if (!res->n_others)
        return;
    strbuf_addf(out, "Not selected (%zu profile%s of real people stay on the "
                     "old disk):\n", res->n_others,
                res->n_others == 1 ? "" : "s");
    for (size_t i = 0; i < res->n_others; i++)
        user_line(res, &res->others[i], false, out);
}

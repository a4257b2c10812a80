#ifndef WIZ_CORE_RETCODES_H
#define WIZ_CORE_RETCODES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The scanstate return codes of USMT 10 as documented (0-3, 11-14, 26-42,
 * 61, 71, 72): symbol, category, every documented message (verbatim: they
 * are what scanstate prints and logs), and what it means and how to fix
 * it in plain words.  All data is static: nothing here is freed.
 */

struct strbuf;

enum retcode_category {
    RETCODE_CAT_SUCCESS,        /* "Success or Cancel" */
    RETCODE_CAT_COMMAND_LINE,   /* "Invalid Command Lines" */
    RETCODE_CAT_SETUP,          /* "Setup and Initialization" */
    RETCODE_CAT_NONFATAL,       /* "Non-fatal Errors" */
    RETCODE_CAT_FATAL,          /* "Fatal Errors" */
};

/* How a finished run went, from its return code alone. */
enum retcode_class {
    RETCODE_OK,                 /* 0: done */
    RETCODE_OK_SKIPPED,         /* 3: done, errors skipped because of /c */
    RETCODE_FAILED,             /* anything else */
};

struct retcode {
    int code;
    const char *symbol;                 /* "USMT_FAILED_MIGSTARTUP" */
    enum retcode_category category;
    bool category_inferred;     /* the docs leave it blank; we filled it
                                   from the block the code belongs to */
    const char *summary;        /* a few words, for lists */
    const char *meaning;        /* what happened, in plain words */
    const char *fix;            /* what to do about it */
    const char *versions;       /* differences by USMT version, or NULL */
    const char *const *messages;        /* documented; NULL-terminated */
    /*
     * Messages found in scanstate 10.0.15063's message table but not in
     * the docs, filed here because they belong to this code's kind (the
     * command-line ones to 11).  NULL-terminated; may be empty.
     */
    const char *const *extra_messages;
};

/* The whole table in code order; *n gets its size. */
const struct retcode *retcode_table(size_t *n);
/* The entry for code, or NULL when it is not a documented return code. */
const struct retcode *retcode_by_code(int code);
/*
 * The entry for a symbol, case-insensitively, with or without the
 * "USMT_" prefix; NULL when unknown.
 */
const struct retcode *retcode_by_symbol(const char *symbol);

/*
 * Messages a technician meets (from scanstate's message table, the docs'
 * common issues, or Windows itself) that no documented code owns.
 * likely_code is the code they are seen with (0 when none is known); note
 * says what they mean and what to do.  "%s" in message stands for words
 * filled in at run time.
 */
struct retcode_orphan {
    const char *message;
    int likely_code;
    const char *origin;     /* where the wording comes from */
    const char *note;
};

/* One message that matched a search. */
struct retcode_match {
    const struct retcode *rc;   /* NULL for an orphan message */
    const struct retcode_orphan *orphan;    /* NULL unless rc is NULL */
    const char *message;        /* the message as scanstate words it */
    bool extra;                 /* an extra message of rc (from the
                                   binary's table, not the docs) */
};

/*
 * Find the messages matching text, case-insensitively: a message that
 * contains text, or text (say, a whole log line) that contains a message
 * (with anything in place of its "%s").  Quotes, white space and a final
 * ellipsis around text are ignored; shorter than 4 characters, it matches
 * nothing.  Fills at most max
 * matches in table order and returns how many there are in all (which
 * may be more than max).
 */
size_t retcode_find_message(const char *text, struct retcode_match *out,
                            size_t max);

/* "Success or Cancel", "Invalid Command Lines", ... as the docs say. */
const char *retcode_category_name(enum retcode_category cat);

/* 0 done, 3 done with skipped errors, everything else failed. */
enum retcode_class retcode_classify(int code);
/* "succeeded", "succeeded with skipped errors", "failed". */
const char *retcode_class_name(enum retcode_class cls);

/*
 * Append a full explanation of rc (code, symbol, category, meaning, every
 * message, fix, version notes) as plain text lines to out.
 */
void retcode_describe(const struct retcode *rc, struct strbuf *out);

/* Append what an orphan message means, its likely code and the fix. */
void retcode_describe_orphan(const struct retcode_orphan *o,
                             struct strbuf *out);

/*
 * A one-line answer for any code, documented or not, e.g.
 * "29 USMT_FAILED_MIGSTARTUP: setup failed ..." or "rc 5 is not a
 * documented scanstate return code".  Appended to out.
 */
void retcode_one_line(int code, struct strbuf *out);

#endif

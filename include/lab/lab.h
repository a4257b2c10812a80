#ifndef WIZ_CORE_LAB_H
#define WIZ_CORE_LAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Practice volumes.  A scenario is a folder holding scenario.txt (the
 * manifest, see assets/scenarios/README.md) and the .reg files it names.
 * lab_create builds it into DIR:
 *   DIR/volumes/<L>/...      the files of drive L:
 *   DIR/volumes/<L>.volume   its facts (label, file system, sizes, lock)
 *   DIR/usmt/                a practice USMT folder (when the scenario
 *                            has one)
 *   DIR/LAB.txt              what was built, for people
 * Every hive is made by the regf writer and filled by the .reg importer.
 */

struct wiz_err;

/* One line of a manifest, split into words. */
struct lab_opt {
    char *key;
    char *val;
};

struct lab_line {
    char *file;             /* manifest it came from (for messages) */
    char *base;             /* folder of that manifest: relative files */
    int line;
    char *verb;             /* "volume", "file", ... */
    char **args;            /* positional words */
    size_t n_args;
    struct lab_opt *opts;   /* key=value words */
    size_t n_opts;
};

struct lab_manifest {
    char *dir;              /* the scenario folder */
    char *description;      /* "" when none */
    char *lesson;           /* "lesson NAME" of scenario.txt, "" when none */
    struct lab_line *lines; /* every directive except description */
    size_t n;
};

/*
 * Read and check DIR/scenario.txt (following include lines).  Syntax and
 * option errors read "file:line: message".  On success *out is owned:
 * free it with lab_manifest_free.
 */
int lab_manifest_load(const char *scenario_dir, struct lab_manifest **out,
                      struct wiz_err *err);
/* The same from memory; name is used in messages, dir for relative files. */
int lab_manifest_parse(const char *name, const char *dir, const char *text,
                       size_t len, struct lab_manifest **out,
                       struct wiz_err *err);
void lab_manifest_free(struct lab_manifest *m);
/* Value of option key on a line (borrowed), NULL when not given. */
const char *lab_line_opt(const struct lab_line *l, const char *key);

/*
 * Parse "512", "4K", "32M", "256G", "2T" (binary units; "B" suffix and
 * decimals such as "1.5G" allowed).  -1 on junk.
 */
int lab_parse_size(const char *s, uint64_t *out);
/*
 * Parse "2024-03-01", "2024-03-01T10:20:30Z" or "2024-03-01 10:20:30"
 * (UTC) into seconds since 1970.  -1 on junk.
 */
int lab_parse_time(const char *s, int64_t *out);

enum lab_create_flags {
    LAB_FORCE = 1 << 0      /* build into a non-empty folder */
};

/*
 * Build the scenario in scenario_dir into out_dir.  A non-empty out_dir is
 * refused (WIZ_EEXIST) unless LAB_FORCE; then what an earlier build made
 * there (volumes/, usmt/, LAB.txt) is removed first, nothing else.
 */
int lab_create(const char *scenario_dir, const char *out_dir,
               unsigned flags, struct wiz_err *err);

/*
 * The folder holding the shipped data (its scenarios/ sub-folder): the
 * USMTWIZ_DATADIR environment variable, else ../assets beside the program
 * (a build tree), else the installed data folder.  NULL when none of them
 * has scenarios; caller frees.
 */
char *lab_datadir(void);

/*
 * Resolve what the user typed: a path to a folder with scenario.txt, or a
 * scenario name under datadir/scenarios.  *dir is a new string.
 */
int lab_find_scenario(const char *datadir, const char *name_or_path,
                      char **dir, struct wiz_err *err);

struct lab_entry {
    char *name;
    char *description;
};

/*
 * The scenarios under datadir/scenarios, sorted by name, as a new array
 * (free with lab_entries_free).  Folders without scenario.txt are skipped.
 */
int lab_list(const char *datadir, struct lab_entry **out, size_t *n,
             struct wiz_err *err);
void lab_entries_free(struct lab_entry *e, size_t n);

/* ---- lessons (lab_lesson.c) ---------------------------------------------- */

/*
 * A training lesson: a row of datadir/training/lessons.tsv (see
 * assets/training/README.md) and its instructor sheet
 * datadir/training/<name>.md.
 */
struct lab_lesson {
    char *name;
    char *scenario;         /* what lab_create builds for it */
    char **prep;            /* the prep words ("stick", "E", "8"), or none */
    size_t n_prep;
};

/* Letters, digits, '-' and '_', 1 to 64 of them (safe as a file name). */
bool lab_lesson_name_ok(const char *name);
/*
 * Find the lesson called name in datadir/training/lessons.tsv.  WIZ_ENOENT
 * when there is no such row (or no table).  Free *out with
 * lab_lesson_release.
 */
int lab_lesson_find(const char *datadir, const char *name,
                    struct lab_lesson *out, struct wiz_err *err);
void lab_lesson_release(struct lab_lesson *l);
/*
 * Apply the lesson's prep step to a lab built in out_dir: "stick L GB"
 * (an empty removable NTFS volume L:), "put FILE DEST" (a file of the
 * training folder copied to volumes/DEST), "marker PATH" (an empty file
 * volumes/PATH).  Other steps are refused (WIZ_EUSAGE) before anything is
 * changed.
 */
int lab_lesson_prepare(const char *datadir, const struct lab_lesson *l,
                       const char *out_dir, struct wiz_err *err);
/*
 * The instructor sheet of a lesson as text (caller frees); WIZ_ENOENT
 * when it is not there, WIZ_EUSAGE for a name lab_lesson_name_ok refuses.
 */
int lab_lesson_sheet(const char *datadir, const char *lesson, char **text,
                     struct wiz_err *err);

/*
 * An instructor sheet (Markdown) as plain text for a terminal: headings
 * without their '#' (sections end in ':' after a blank line), no `code`
 * or **bold** marks, fenced blocks indented by four blanks.  Caller frees.
 */
char *lab_sheet_text(const char *md);

/*
 * What a lab is: the file "lab.facts" in its volume root (DIR/volumes),
 * "key=value" lines, written by lab_create (scenario, and lesson when the
 * scenario names one or the lab was built for a lesson).  Readers never
 * write it.
 */
#define LAB_FACTS_FILE "lab.facts"

struct lab_facts {
    char *scenario;         /* NULL when not known */
    char *lesson;           /* NULL when the lab is no lesson */
};

/* Write (replace) volume_root/lab.facts; lesson may be NULL or "". */
int lab_facts_write(const char *volume_root, const char *scenario,
                    const char *lesson, struct wiz_err *err);
/*
 * Read volume_root/lab.facts.  A missing file is no error (both fields
 * NULL); a lesson name lab_lesson_name_ok refuses is dropped.  Release
 * with lab_facts_release.
 */
int lab_facts_read(const char *volume_root, struct lab_facts *f,
                   struct wiz_err *err);
void lab_facts_release(struct lab_facts *f);

#endif

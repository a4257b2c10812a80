/*
 * usmtwiz lab: practice volumes for training, tests and the demo.
 *   usmtwiz lab list
 *   usmtwiz lab create SCENARIO|LESSON DIR [--force]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "base/err.h"
#include "base/utf.h"
#include "base/xalloc.h"
#include "lab/lab.h"

static void usage(FILE *out)
{
    fputs("usage: usmtwiz lab list\n"
          "       usmtwiz lab create SCENARIO DIR [--force]\n"
          "       usmtwiz lab create LESSON DIR [--force]\n\n"
          "Build a practice WinPE machine from a scenario: offline Windows\n"
          "volumes with real registry hives (made from .reg text), user\n"
          "profiles, a USB volume for the store, the X: RAM disk and a\n"
          "practice USMT folder.\n\n"
          "  list      the shipped scenarios with one line each\n"
          "  create    build SCENARIO (a name from 'lab list' or the path of\n"
          "            a folder holding scenario.txt) into DIR:\n"
          "              DIR/volumes/<L>/   drive L: (use --volume-root)\n"
          "              DIR/usmt/          the USMT folder (use --usmt)\n"
          "            or, for a LESSON of training/lessons.tsv, its scenario\n"
          "            prepared as the lesson says; the wizard's Result\n"
          "            screen then offers the lesson's instructor sheet\n"
          "  --force   build into a DIR that is not empty; what an earlier\n"
          "            lab made there (volumes/, usmt/, LAB.txt) is\n"
          "            replaced\n\n"
          "Scenarios are found in USMTWIZ_DATADIR/scenarios, ../assets beside\n"
          "the program, or the installed data folder.\n", out);
}

/* One line of text from a scenario: control characters become '?'. */
static void print_clean(const char *s)
{
    for (; *s; s++)
        putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
    putchar('\n');
}

static int lab_cmd_list(void)
{
    char *datadir = lab_datadir();
    struct lab_entry *e;
    size_t n;
    struct wiz_err err;

    if (!datadir) {
        fputs("usmtwiz lab: cannot find the scenario folder (set "
              "USMTWIZ_DATADIR)\n", stderr);
        return WIZ_EXIT_USAGE;
    }
    if (lab_list(datadir, &e, &n, &err) < 0) {
        fprintf(stderr, "usmtwiz lab: %s\n", err.msg);
        free(datadir);
        return WIZ_EXIT_USAGE;
    }
    size_t width = 0;

    for (size_t i = 0; i < n; i++) {
        size_t w = utf8_width(e[i].name);

        if (w > width)
            width = w;
    }
    for (size_t i = 0; i < n; i++) {
        printf("%s%*s  ", e[i].name,
               (int)(width - utf8_width(e[i].name)), "");
        print_clean(e[i].description);
    }
    lab_entries_free(e, n);
    free(datadir);
    return WIZ_EXIT_OK;
}

static int lab_cmd_create(int argc, char **argv)
{
    const char *words[2] = { NULL, NULL };
    int n_words = 0;
    unsigned flags = 0;
    struct wiz_err err;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f")) {
            flags |= LAB_FORCE;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return WIZ_EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "usmtwiz lab: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return WIZ_EXIT_USAGE;
        } else if (n_words < 2) {
            words[n_words++] = argv[i];
        } else {
            fputs("usmtwiz lab: create takes SCENARIO and DIR\n", stderr);
            return WIZ_EXIT_USAGE;
        }
    }
    if (n_words != 2) {
        fputs("usmtwiz lab: create needs SCENARIO and DIR\n", stderr);
        usage(stderr);
        return WIZ_EXIT_USAGE;
    }
    char *datadir = lab_datadir();
    char *dir;
    struct lab_lesson lesson;
    struct wiz_err lerr;
    bool is_lesson = false;

    memset(&lesson, 0, sizeof(lesson));
    if (lab_find_scenario(datadir, words[0], &dir, &err) < 0) {
        /* not a scenario: maybe a lesson, built on its scenario */
        if (err.code != WIZ_ENOENT ||
            lab_lesson_find(datadir, words[0], &lesson, &lerr) < 0 ||
            lab_find_scenario(datadir, lesson.scenario, &dir, &err) < 0) {
            fprintf(stderr, "usmtwiz lab: %s\n", err.msg);
            lab_lesson_release(&lesson);
            free(datadir);
            return WIZ_EXIT_USAGE;
        }
        is_lesson = true;
    }
    int rc = lab_create(dir, words[1], flags, &err);
    char *vr = xasprintf("%s/volumes", words[1]);

    if (rc == 0 && is_lesson)
        rc = lab_lesson_prepare(datadir, &lesson, words[1], &err);
    if (rc == 0 && is_lesson)
        rc = lab_facts_write(vr, lesson.scenario, lesson.name, &err);
    free(vr);
    free(datadir);
    if (rc < 0) {
        fprintf(stderr, "usmtwiz lab: %s\n", err.msg);
        free(dir);
        lab_lesson_release(&lesson);
        return WIZ_EXIT_USAGE;
    }
    if (is_lesson)
        printf("built lesson '%s' (scenario '%s') in %s\n", lesson.name,
               lesson.scenario, words[1]);
    else
        printf("built scenario '%s' in %s\n", words[0], words[1]);
    printf("  volumes: %s/volumes   (usmtwiz --volume-root %s/volumes)\n"
           "  details: %s/LAB.txt\n", words[1], words[1], words[1]);
    free(dir);
    lab_lesson_release(&lesson);
    return WIZ_EXIT_OK;
}

int cmd_lab(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return WIZ_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        usage(stdout);
        return WIZ_EXIT_OK;
    }
    if (!strcmp(argv[1], "list")) {
        if (argc > 2 && (!strcmp(argv[2], "--help") ||
                         !strcmp(argv[2], "-h"))) {
            usage(stdout);
            return WIZ_EXIT_OK;
        }
        if (argc > 2) {
            fputs("usmtwiz lab: list takes no arguments\n", stderr);
            return WIZ_EXIT_USAGE;
        }
        return lab_cmd_list();
    }
    if (!strcmp(argv[1], "create"))
        return lab_cmd_create(argc - 1, argv + 1);
    fprintf(stderr, "usmtwiz lab: '%s' is not a lab command\n", argv[1]);
    usage(stderr);
    return WIZ_EXIT_USAGE;
}

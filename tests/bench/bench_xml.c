/*
 * Benchmarks of the XML and command-line code (not a test: prints numbers
 * for tests/bench/xml.sh).
 *   bench_xml gen FILE MB       write a migration XML of about MB megabytes
 *                               (many components, like a large MigApp.xml)
 *   bench_xml load FILE         time usmtxml_load + listing the components;
 *                               prints "seconds components peak_rss_kb"
 *   bench_xml cmdline N         parse and build a typical offline command
 *                               line N times; prints "seconds lines/s"
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/err.h"
#include "core/plan/cmdline.h"
#include "core/plan/plan.h"
#include "core/usmt/usmtxml.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int gen(const char *path, unsigned long long mb)
{
    FILE *f = fopen(path, "wb");
    unsigned long long bytes = 0;
    unsigned long n = 0;

    if (!f) {
        perror(path);
        return 2;
    }
    bytes += (unsigned long long)fprintf(f,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<migration urlid=\""
        "http://www.microsoft.com/migration/1.0/migxmlext/benchapp\">\n");
    while (bytes < mb * 1048576ull) {
        bytes += (unsigned long long)fprintf(f,
            "  <component context=\"UserAndSystem\" type=\"Application\">\n"
            "    <displayName _locID=\"bench.app%lu\">Application %lu"
            "</displayName>\n"
            "    <environment name=\"GlobalEnv\"/>\n"
            "    <role role=\"Settings\">\n"
            "      <detection name=\"AppExists\"/>\n"
            "      <rules context=\"User\">\n"
            "        <include><objectSet>\n"
            "          <pattern type=\"Registry\">HKCU\\Software\\Vendor"
            "\\App%lu\\* [*]</pattern>\n"
            "          <pattern type=\"File\">%%CSIDL_APPDATA%%\\Vendor"
            "\\App%lu\\* [*]</pattern>\n"
            "        </objectSet></include>\n"
            "      </rules>\n"
            "    </role>\n"
            "  </component>\n", n, n, n, n);
        n++;
    }
    fprintf(f, "</migration>\n");
    fclose(f);
    return 0;
}

static int load(const char *path)
{
    struct usmtxml_doc *doc;
    struct wiz_err err;
    double t0 = now();
    size_t n;
    size_t named = 0;

    if (usmtxml_load(path, &doc, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    n = usmtxml_component_count(doc);
    for (size_t i = 0; i < n; i++) {
        if (usmtxml_component(doc, i)->name[0]) {
            named++;
        }
    }
    usmtxml_free(doc);
    printf("%.4f %zu %ld\n", now() - t0, named, peak_rss_kb());
    return 0;
}

static int cmdline(long count)
{
    static const char line[] =
        "X:\\usmt\\amd64\\scanstate.exe \"E:\\USMT Store\\PC-0042\" "
        "/offlineWinDir:D:\\Windows /ue:*\\* "
        "/ui:S-1-5-21-3623811015-3361044348-30300820-1104* "
        "/ui:S-1-5-21-3623811015-3361044348-30300820-1105* "
        "/i:X:\\usmt\\amd64\\MigDocs.xml /i:X:\\usmt\\amd64\\MigApp.xml "
        "/config:\"E:\\cfg\\Config.xml\" /o /c /v:5 /efs:copyraw "
        "/l:\"E:\\USMT Logs\\scan.log\" /progress:\"E:\\USMT Logs\\prog.log\" "
        "/localonly";
    double t0 = now();

    for (long i = 0; i < count; i++) {
        struct plan p;
        struct cmdline_built b;

        plan_init(&p);
        cmdline_built_init(&b);
        if (cmdline_parse_string(&p, line, NULL) < 0 ||
            cmdline_build(&p, NULL, p.program, &b, NULL) < 0) {
            return 2;
        }
        cmdline_built_release(&b);
        plan_release(&p);
    }
    double secs = now() - t0;

    printf("%.4f %.0f\n", secs, (double)count / (secs > 0 ? secs : 1e-9));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "gen") == 0) {
        return gen(argv[2], strtoull(argv[3], NULL, 10));
    }
    if (argc == 3 && strcmp(argv[1], "load") == 0) {
        return load(argv[2]);
    }
    if (argc == 3 && strcmp(argv[1], "cmdline") == 0) {
        return cmdline(strtol(argv[2], NULL, 10));
    }
    fprintf(stderr, "usage: bench_xml gen FILE MB | load FILE | "
                    "cmdline N\n");
    return 2;
}

/* The report reader (`report summarize`) on arbitrary files. */
#include <stdio.h>
#include <stdlib.h>

#include "base/err.h"
#include "base/strbuf.h"
#include "core/run/report.h"
#include "fuzz.h"
#include "platform/fs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *dir;
    struct wiz_err err;
    struct report r;

    if (!dir && fs_make_temp_dir("fuzz-report", &dir, &err) < 0)
        abort();
    char *path = fs_join(dir, REPORT_XML_NAME);

    if (fs_write_file(path, data, size, &err) < 0)
        abort();
    if (report_read(path, &r, &err) == 0) {
        struct strbuf sb;

        strbuf_init(&sb);
        report_to_text(&r, &sb);
        report_to_xml(&r, &sb, &err);
        strbuf_release(&sb);
        report_release(&r);
    }
    free(path);
    return 0;
}

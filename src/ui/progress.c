#include "ui/progress.h"

#include <stdio.h>
#include <string.h>

void progress_bar_text(int percent, int width, char *buf, size_t size)
{
    char num[8];
    int nlen, inner, fill;

    if (!size)
        return;
    if (percent < 0)
        percent = 0;
    if (percent > 100)
        percent = 100;
    nlen = snprintf(num, sizeof(num), "%3d%%", percent);
    inner = width - nlen - 3;
    if (inner < 1 || (size_t)width + 1 > size) {
        snprintf(buf, size, "%s", num);
        return;
    }
    fill = inner * percent / 100;
    buf[0] = '[';
    memset(buf + 1, '#', (size_t)fill);
    memset(buf + 1 + fill, '.', (size_t)(inner - fill));
    buf[1 + inner] = ']';
    buf[2 + inner] = ' ';
    memcpy(buf + 3 + inner, num, (size_t)nlen);
    buf[width] = '\0';
}

const char *progress_spinner(unsigned n)
{
    static const char *const frames[] = { "|", "/", "-", "\\" };

    return frames[n % 4];
}

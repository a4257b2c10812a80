"""Render a terminal capture (tmux capture-pane -e -p) to a small PNG.

    /usr/bin/python3 render.py CAPTURE.ansi OUT.png [COLS ROWS]

Draws cell by cell with DejaVu Sans Mono (fonts-dejavu-core) through
Pillow (python3-pil), so box-drawing characters and the colours of the
SGR sequences (16 and 256 colours, 24-bit, bold, dim, underline,
reverse) come out as the terminal showed them.  Double-width characters
(CJK) take two cells and use the Droid fallback font when it is
installed (fonts-droid-fallback).  The PNG is saved with a small palette.
"""
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/"
FONT = FONT_DIR + "dejavu/DejaVuSansMono.ttf"
FONT_BOLD = FONT_DIR + "dejavu/DejaVuSansMono-Bold.ttf"
FONT_WIDE = FONT_DIR + "droid/DroidSansFallbackFull.ttf"
SIZE = 13
CELL_W = 8
CELL_H = 16

# A console-like scheme: light grey on near black.
BASE16 = [
    (12, 12, 12), (197, 15, 31), (19, 161, 14), (193, 156, 0),
    (0, 55, 218), (136, 23, 152), (58, 150, 221), (204, 204, 204),
    (118, 118, 118), (231, 72, 86), (22, 198, 12), (249, 241, 165),
    (59, 120, 255), (180, 0, 158), (97, 214, 214), (242, 242, 242),
]
DEFAULT_FG = 7
DEFAULT_BG = 0


def color256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


class Attr:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None      # None = default, int = palette, tuple = RGB
        self.bg = None
        self.bold = False
        self.dim = False
        self.underline = False
        self.reverse = False

    def copy(self):
        a = Attr()
        a.__dict__.update(self.__dict__)
        return a


def apply_sgr(attr, params):
    p = [int(x) if x else 0 for x in params.split(";")] if params else [0]
    i = 0
    while i < len(p):
        n = p[i]
        if n == 0:
            attr.reset()
        elif n == 1:
            attr.bold = True
        elif n == 2:
            attr.dim = True
        elif n == 4:
            attr.underline = True
        elif n == 7:
            attr.reverse = True
        elif n == 22:
            attr.bold = attr.dim = False
        elif n == 24:
            attr.underline = False
        elif n == 27:
            attr.reverse = False
        elif 30 <= n <= 37:
            attr.fg = n - 30
        elif 90 <= n <= 97:
            attr.fg = n - 90 + 8
        elif 40 <= n <= 47:
            attr.bg = n - 40
        elif 100 <= n <= 107:
            attr.bg = n - 100 + 8
        elif n == 39:
            attr.fg = None
        elif n == 49:
            attr.bg = None
        elif n in (38, 48) and i + 1 < len(p):
            if p[i + 1] == 5 and i + 2 < len(p):
                val = p[i + 2]
                i += 2
            elif p[i + 1] == 2 and i + 4 < len(p):
                val = (p[i + 2], p[i + 3], p[i + 4])
                i += 4
            else:
                val = None
                i += 1
            if n == 38:
                attr.fg = val
            else:
                attr.bg = val
        i += 1


def parse(text, cols, rows):
    """The screen as rows of cells: (char, attr, width)."""
    grid = []
    for line in text.split("\n")[:rows]:
        attr = Attr()
        cells = []
        i = 0
        while i < len(line):
            c = line[i]
            if c == "\x1b" and i + 1 < len(line) and line[i + 1] == "[":
                j = i + 2
                while j < len(line) and not ("@" <= line[j] <= "~"):
                    j += 1
                if j < len(line) and line[j] == "m":
                    apply_sgr(attr, line[i + 2:j])
                i = j + 1
                continue
            if c < " ":
                i += 1
                continue
            w = 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
            if unicodedata.combining(c) and cells:
                ch, a, cw = cells[-1]
                cells[-1] = (ch + c, a, cw)
            else:
                cells.append((c, attr.copy(), w))
            i += 1
        grid.append(cells)
    while len(grid) < rows:
        grid.append([])
    return grid


def resolve(attr):
    fg = DEFAULT_FG if attr.fg is None else attr.fg
    bg = DEFAULT_BG if attr.bg is None else attr.bg
    if isinstance(fg, int) and fg < 8 and attr.bold:
        fg += 8
    fg = color256(fg) if isinstance(fg, int) else fg
    bg = color256(bg) if isinstance(bg, int) else bg
    if attr.reverse:
        fg, bg = bg, fg
    if attr.dim:
        fg = tuple((f + b) // 2 for f, b in zip(fg, bg))
    return fg, bg


def render(text, out, cols, rows):
    regular = ImageFont.truetype(FONT, SIZE)
    bold = ImageFont.truetype(FONT_BOLD, SIZE)
    try:
        wide = ImageFont.truetype(FONT_WIDE, SIZE)
    except OSError:
        wide = regular
    img = Image.new("RGB", (cols * CELL_W, rows * CELL_H), BASE16[DEFAULT_BG])
    draw = ImageDraw.Draw(img)
    grid = parse(text, cols, rows)
    # backgrounds first, so no cell clips the descenders above it
    for text_pass in (False, True):
        for y, cells in enumerate(grid):
            x = 0
            for ch, attr, w in cells:
                if x >= cols:
                    break
                fg, bg = resolve(attr)
                box = (x * CELL_W, y * CELL_H,
                       (x + w) * CELL_W - 1, (y + 1) * CELL_H - 1)
                if not text_pass:
                    draw.rectangle(box, fill=bg)
                elif ch != " ":
                    font = wide if w == 2 else (bold if attr.bold else regular)
                    draw.text((x * CELL_W, y * CELL_H + 1), ch, font=font,
                              fill=fg)
                if text_pass and attr.underline:
                    draw.line((box[0], box[3], box[2], box[3]), fill=fg)
                x += w
    # a small palette keeps the file small; anti-aliasing needs a few
    # shades between each colour pair
    small = img.quantize(colors=48, method=Image.Quantize.MEDIANCUT,
                         dither=Image.Dither.NONE)
    small.save(out, optimize=True)


def main(argv):
    if len(argv) not in (3, 5):
        sys.stderr.write("usage: render.py CAPTURE OUT.png [COLS ROWS]\n")
        return 2
    cols, rows = (int(argv[3]), int(argv[4])) if len(argv) == 5 else (100, 30)
    with open(argv[1], encoding="utf-8", errors="replace") as f:
        text = f.read()
    render(text, argv[2], cols, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/bin/sh
# Part of make check: the screenshot script still walks the real wizard
# end to end and renders every screen.  It renders into a temporary
# folder and checks that each capture showed its screen's title and that
# each PNG is a real, small, non-blank image; it never compares pixels
# (fonts and timing differ between machines).  It also checks that the
# README shows the committed screenshots.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 2
PYTHON=${PYTHON:-/usr/bin/python3}
passed=0
failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

if ! "$PYTHON" -c 'import PIL' 2>/dev/null; then
    echo "screenshots: skipped, $PYTHON has no Pillow (Debian: python3-pil)"
    echo "screenshots: 0 passed, 0 failed, 1 skipped"
    exit 0
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/usmtwiz-shots.XXXXXX")
trap 'rm -rf "$out"' EXIT

# the fast simulator keeps this short; the run screen is still caught
# part way
if SHOTS_TEXT=1 SIM_PACE_MS=${SIM_PACE_MS:-10} sh tests/screenshots/make.sh "$out" >"$out/log" 2>&1; then
    ok "the screenshot script walked the wizard"
else
    sed 's/^/    /' "$out/log" | tail -n 40
    bad "the screenshot script failed"
fi

for pair in "volume:Step 2 of 9: Volume" "users:Step 3 of 9: Users" \
    "review:Step 7 of 9: Review" "run:Step 8 of 9: Run" \
    "result:Step 9 of 9: Result" "restore-accounts:Step 2 of 6: Accounts" \
    "restore-what:Step 3 of 6: What to restore" \
    "restore-review:Step 4 of 6: Review" "restore-result:Step 6 of 6: Result"; do
    name=${pair%%:*}
    title=${pair#*:}
    if [ -f "$out/$name.txt" ] && grep -qF "$title" "$out/$name.txt"; then
        ok "$name: the capture shows '$title'"
    else
        bad "$name: the capture does not show '$title'"
    fi
    if "$PYTHON" - "$out/$name.png" <<'EOF'
import os
import sys
from PIL import Image

path = sys.argv[1]
with open(path, "rb") as f:
    assert f.read(8) == b"\x89PNG\r\n\x1a\n", "not a PNG"
img = Image.open(path)
img.verify()
img = Image.open(path)
assert img.size == (800, 480), "size %r" % (img.size,)
colours = img.convert("RGB").getcolors(4096)
assert colours and len(colours) >= 4, "blank image"
size = os.path.getsize(path)
assert 3000 < size < 80000, "%d bytes" % size
EOF
    then
        ok "$name.png is a small, non-blank 800x480 PNG"
    else
        bad "$name.png is not a usable image"
    fi
    if [ -f "assets/screenshots/$name.png" ] &&
        grep -q "assets/screenshots/$name.png" README.md; then
        ok "README shows assets/screenshots/$name.png"
    else
        bad "README does not show assets/screenshots/$name.png"
    fi
done
echo "screenshots: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

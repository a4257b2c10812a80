#!/bin/sh
# Screenshots of the real wizard for the README (make screenshots):
# builds the demo practice PC, runs build/usmtwiz on it with the
# simulator in a 100x30 tmux pane (as make demo does), walks to the
# Volume, Users, Review (with findings), Run (mid-progress) and Result
# screens, then restores the capture on a practice new PC (Accounts,
# What to restore, Review and Result of usmtwiz restore), keeps each capture with its colours (tmux capture-pane -e) and
# renders it to a PNG with render.py.
#   sh tests/screenshots/make.sh [OUTDIR]   default assets/screenshots
# With SHOTS_TEXT=1, OUTDIR also gets NAME.txt, the plain text of each
# capture.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=${1:-$TOP/assets/screenshots}
PYTHON=${PYTHON:-/usr/bin/python3}
if ! "$PYTHON" -c 'import PIL' 2>/dev/null; then
    echo "screenshots: $PYTHON has no Pillow (Debian: python3-pil)" >&2
    exit 2
fi
mkdir -p "$OUT" || exit 2
OUT=$(cd "$OUT" && pwd)
COLS=100
ROWS=30
export COLS ROWS
. "$TOP/tests/e2e/lib.sh"
[ -x "$WIZ" ] || fail "build $WIZ first (make)"

# shot NAME TITLE [live]: the screen must show TITLE; keep it and render
# it (after it stopped changing, unless it is live)
shot() {
    [ "${3:-}" = live ] || settle
    screen >"$WORK/$1.txt"
    grep -qF -- "$2" "$WORK/$1.txt" || fail "the $1 screen has no '$2'"
    [ "${SHOTS_TEXT:-0}" != 1 ] || cp "$WORK/$1.txt" "$OUT/$1.txt"
    $TMUX_CMD capture-pane -e -p >"$WORK/$1.ansi"
    "$PYTHON" "$TOP/tests/screenshots/render.py" "$WORK/$1.ansi" \
        "$OUT/$1.png" "$COLS" "$ROWS" || fail "cannot render $1"
    echo "screenshot: $1.png"
}

# settle: wait until the screen stops changing (sizes counted, spinners)
settle() {
    prev=""
    i=0
    while [ $i -lt 40 ]; do
        cur=$(screen)
        [ "$cur" = "$prev" ] && return 0
        prev=$cur
        sleep 0.25
        i=$((i + 1))
    done
}

# Paths relative to the working folder keep machine paths off the images.
"$WIZ" lab create demo "$WORK/demo" >/dev/null || fail "lab create failed"
start "TERM=screen-256color LC_ALL=C.UTF-8 SIM_PACE_MS=${SIM_PACE_MS:-40} \
'$WIZ' --volume-root demo/volumes --usmt demo/usmt --simulate --log demo/usmtwiz.log"

wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9: Volume"
wait_for "Windows 11 Pro"
shot volume "Step 2 of 9: Volume"

send Enter
wait_for "Step 3 of 9: Users"
wait_for "CONTOSO\\jsmith"
shot users "Step 3 of 9: Users"

for s in 4 5 6 7; do
    send Enter
    wait_for "Step $s of 9"
done
wait_for "START BLOCKED"
shot review "Step 7 of 9: Review"

# apply the fix, acknowledge the warnings, start
review_make_ready
send Enter
wait_for "Step 8 of 9: Run"
i=0
until screen | grep -Eq '\] +[2-7][0-9]%'; do
    [ $i -lt 600 ] || fail "the run never got half way"
    sleep 0.05
    i=$((i + 1))
done
shot run "Step 8 of 9: Run" live

wait_for "Done:" 60
send Enter
wait_for "Step 9 of 9: Result"
wait_for "Succeeded"
shot result "Step 9 of 9: Result"
send Enter
wait_exit 0 10
$TMUX_CMD kill-server 2>/dev/null

# the restore on a practice new PC: the old PC's Windows without its
# profiles on C:, the USB disk with the store on E:
mkdir -p "$WORK/demo/newpc"
cp -R "$WORK/demo/volumes/D" "$WORK/demo/newpc/C"
rm -rf "$WORK/demo/newpc/C/Users"/*
ln -s "$WORK/demo/volumes/E" "$WORK/demo/newpc/E"
start "TERM=screen-256color LC_ALL=C.UTF-8 SIM_PACE_MS=${SIM_PACE_MS:-40} \
'$WIZ' restore --target-root demo/newpc --simulate"
wait_for "Step 1 of 6: Store"
send Enter
wait_for "Step 2 of 6: Accounts"
shot restore-accounts "Step 2 of 6: Accounts"
send Enter
wait_for "Step 3 of 6: What to restore"
shot restore-what "Step 3 of 6: What to restore"
send Enter
wait_for "Step 4 of 6: Review"
shot restore-review "Step 4 of 6: Review"
send Enter
wait_for "Step 5 of 6: Run"
wait_for "Enter shows the result" 60
send Enter
wait_for "Step 6 of 6: Result"
shot restore-result "Step 6 of 6: Result"
send q
exit 0

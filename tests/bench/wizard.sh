#!/bin/sh
# Wizard benchmarks (BENCH lines): time from start to the first screen and
# to each of the next screens on the demo practice machine (as a
# technician sees them: text on the terminal), and the bytes written to
# the terminal for each screen change (curses sends only what changed).
# Runs the real binary in a private tmux server, 80x24.
cd "$(dirname "$0")/../.." || exit 2
TOP=$(pwd)
BUILD=${BUILD:-build}
export TOP BUILD
make -s --no-print-directory BUILD="$BUILD" all || exit 2
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || exit 2

now_ms() { date +%s%3N; }
# until TEXT: poll the screen (no sleep: the wait is what we measure)
until_seen() {
    end=$(( $(now_ms) + 10000 ))
    while ! screen | grep -F -q -- "$1"; do
        [ "$(now_ms)" -lt "$end" ] || fail "timed out waiting for '$1'"
    done
}
bytes() { wc -c <"$WORK/tty.out" | tr -d ' '; }

runs=${WIZARD_RUNS:-5}
total=0
best=999999
i=0
while [ $i -lt "$runs" ]; do
    t0=$(now_ms)
    $TMUX_CMD new-session -d -s "run$i" -x 80 -y 24 \
        "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt" ||
        fail "tmux did not start"
    end=$(( t0 + 10000 ))
    while ! $TMUX_CMD capture-pane -p -t "run$i" 2>/dev/null |
        grep -F -q "Step 1 of 7: Environment"; do
        [ "$(now_ms)" -lt "$end" ] || fail "no first screen"
    done
    t=$(( $(now_ms) - t0 ))
    total=$((total + t))
    [ "$t" -lt "$best" ] && best=$t
    $TMUX_CMD send-keys -t "run$i" q
    i=$((i + 1))
done
echo "BENCH wizard-first-screen best_ms=$best mean_ms=$((total / runs)) runs=$runs (start to the Environment screen, demo machine, tmux 80x24)"

: >"$WORK/tty.out"
start "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt"
until_seen "Step 1 of 7: Environment"
$TMUX_CMD pipe-pane -o "cat >>$WORK/tty.out"
for step in "2 of 7: Volume" "3 of 7: Users" "4 of 7: Store" \
    "5 of 7: What to migrate" "6 of 7: Options" "7 of 7: Review"; do
    b0=$(bytes)
    t0=$(now_ms)
    send Enter
    until_seen "Step $step"
    t=$(( $(now_ms) - t0 ))
    # let the output settle (the pipe may lag the screen a little)
    prev=-1
    while [ "$(bytes)" != "$prev" ]; do
        prev=$(bytes)
        sleep 0.2
    done
    name=$(echo "$step" | sed 's/^[0-9] of 7: //; s/ /-/g' | tr 'A-Z' 'a-z')
    echo "BENCH wizard-screen-change to=$name ms=$t bytes=$(( $(bytes) - b0 ))"
done
b0=$(bytes)
send Down
prev=-1
while [ "$(bytes)" != "$prev" ]; do
    prev=$(bytes)
    sleep 0.2
done
echo "BENCH wizard-cursor-move bytes=$(( $(bytes) - b0 )) (one Down on Review)"
b0=$(bytes)
send C-l
prev=-1
while [ "$(bytes)" != "$prev" ]; do
    prev=$(bytes)
    sleep 0.2
done
echo "BENCH wizard-full-repaint bytes=$(( $(bytes) - b0 )) (Ctrl+L on Review: the cost of repainting everything, for comparison)"
send F10
until_seen "Quit usmtwiz?"
send y
wait_exit 1
exit 0

#!/bin/sh
# The key bar names the keys that work, and only those: at 80x24 and
# 100x30, each key shown does something, a key not shown does nothing
# (Esc on the first step, on a running capture and on Result; Enter/Esc
# of the flow while the Users filter has the keys), and the help lists
# the same keys.
. "$TOP/tests/e2e/lib.sh"

bar() { screen | tail -n 1; }
shows() { bar | grep -F -q -- "$1"; }
# same_after KEY...: the keys change nothing on screen
same_after() {
    screen >"$WORK/before.txt"
    send "$@"
    sleep 0.4
    screen >"$WORK/after.txt"
    cmp -s "$WORK/before.txt" "$WORK/after.txt" ||
        { diff "$WORK/before.txt" "$WORK/after.txt"; fail "'$*' did something"; }
}

for size in 80x24 100x30; do
    COLS=${size%x*} ROWS=${size#*x}
    export COLS ROWS
    # a fresh practice PC each time: the first run leaves a store behind
    "$WIZ" lab create demo "$WORK/lab-$size" >/dev/null ||
        fail "lab create failed"
    V="$WORK/lab-$size/volumes"
    start "USMTWIZ_WINPE=1 SIM_PACE_MS=60 '$WIZ' --volume-root '$V' --usmt '$WORK/lab-$size/usmt' --simulate"
    wait_for "Step 1 of 9: Environment"
    # the first step: nothing to go back to, and Esc is not offered
    shows "Enter next" || fail "$size: Environment bar: $(bar)"
    shows "Esc" && fail "$size: Environment offers Esc: $(bar)"
    same_after Escape
    same_after z
    send r
    wait_for "probed again"
    send F1
    wait_for "Keys that work here now:"
    wait_for "probe again"
    send Escape
    wait_gone "Keys that work here now:"
    send Enter
    wait_for "Step 2 of 9: Volume"
    shows "Esc back" || fail "$size: Volume bar: $(bar)"
    shows "r rescan" || fail "$size: Volume bar: $(bar)"
    same_after z
    send r
    wait_for "scanned again"
    send Escape
    wait_for "Step 1 of 9: Environment"
    send Enter
    wait_for "Step 2 of 9: Volume"
    send Enter
    wait_for "Step 3 of 9: Users"
    wait_gone "sizing " 30
    shows "Space pick, go down" || fail "$size: Users bar: $(bar)"
    # Space picks and goes down (the help says so): Up, Space undoes it
    count=$(screen | grep -o '[0-9]* of [0-9]* selected')
    send Space
    sleep 0.3
    [ "$(screen | grep -o '[0-9]* of [0-9]* selected')" != "$count" ] ||
        fail "$size: Space picked nobody"
    send Up Space
    sleep 0.3
    [ "$(screen | grep -o '[0-9]* of [0-9]* selected')" = "$count" ] ||
        fail "$size: Space did not go down"
    same_after z
    # the filter owns Enter and Esc while it has the focus
    send /
    sleep 0.3
    shows "Enter keep filter" || fail "$size: filter bar: $(bar)"
    shows "Esc clear filter" || fail "$size: filter bar: $(bar)"
    shows "Enter next" && fail "$size: filter bar offers Enter next: $(bar)"
    shows "Esc back" && fail "$size: filter bar offers Esc back: $(bar)"
    send -l zzz
    wait_for "No user matches the filters."
    send Escape
    wait_gone "No user matches the filters."
    shows "Enter next" || fail "$size: Users bar after the filter: $(bar)"
    send F1
    wait_for "Keys that work here now:"
    wait_for "pick, go down"
    send Escape
    wait_gone "Keys that work here now:"
    for s in 4 5 6; do
        send Enter
        wait_for "Step $s of 9"
    done
    send Enter
    wait_for "Step 7 of 9: Review"
    wait_for "START BLOCKED"
    # the wrapped command keeps its indent
    screen | grep -q '^ /ui:' && fail "$size: a wrapped command lost its indent"
    # a fix is offered exactly when the highlighted finding has one
    if screen | grep -F '> ' | grep -q "(a fixes)"; then
        shows "a fix" || fail "$size: Review hides a fix: $(bar)"
    else
        shows "a fix" && fail "$size: Review offers a fix: $(bar)"
    fi
    review_make_ready
    i=0
    while ! screen | grep -F '> ' | grep -v -q "(a fixes)" && [ $i -lt 6 ]; do
        send Down
        sleep 0.2
        i=$((i + 1))
    done
    if ! screen | grep -F '> ' | grep -q "(a fixes)"; then
        shows "a fix" && fail "$size: Review offers a fix on a finding without one: $(bar)"
        same_after a
    fi
    send Enter
    wait_for "Step 8 of 9: Run"
    wait_for "Phase:"
    # a running capture: no Enter, no Esc; c cancels
    shows "c cancel" || fail "$size: Run bar: $(bar)"
    shows "Enter" && fail "$size: Run offers Enter while running: $(bar)"
    shows "Esc" && fail "$size: Run offers Esc while running: $(bar)"
    send Escape
    sleep 0.3
    screen | grep -q "Step 8 of 9: Run" || fail "$size: Esc left the Run screen"
    wait_for "Done:" 60
    shows "Enter result" || fail "$size: Run bar when done: $(bar)"
    send Enter
    wait_for "Step 9 of 9: Result"
    shows "Enter/q finish" || fail "$size: Result bar: $(bar)"
    shows "Esc" && fail "$size: Result offers Esc: $(bar)"
    same_after Escape
    send Enter
    wait_exit 0 10
    $TMUX_CMD kill-server 2>/dev/null
    sleep 0.3
done
exit 0

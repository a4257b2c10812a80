#!/bin/sh
# Review's findings are whole at 80x24 and 100x30: each one wrapped under
# its severity, the current one with its rule and fix; when they do not
# all fit, the list scrolls with the cursor and its title says which are
# shown.  No row of the body ends in "…" on any finding.
. "$TOP/tests/e2e/lib.sh"
body_cut() {
    screen | sed '1,2d;$d' >"$WORK/body"
    if grep -q '…$' "$WORK/body"; then
        grep '…$' "$WORK/body"
        fail "$size: a row cut on $1"
    fi
}
for size in 80x24 100x30; do
    COLS=${size%x*} ROWS=${size#*x}
    export COLS ROWS
    "$WIZ" lab create demo "$WORK/lab-$size" >/dev/null ||
        fail "lab create failed"
    V="$WORK/lab-$size/volumes"
    start "USMTWIZ_WINPE=1 '$WIZ' --volume-root '$V' --usmt '$WORK/lab-$size/usmt' --simulate"
    wait_for "Step 1 of 9: Environment"
    for s in 2 3 4 5 6; do
        send Enter
        wait_for "Step $s of 9"
    done
    # extra switches that each bring a finding with a long message
    send Down Down Down Down Down Down
    send -l '/v:13 /offline:E:\o.xml /l:E:\nowhere\s.log'
    wait_for 'nowhere\s.log'
    send Enter
    wait_for "Step 7 of 9: Review"
    wait_for "Findings: 6"
    : >"$WORK/seen"
    i=0
    while [ $i -lt 7 ]; do
        sleep 0.3
        body_cut "Review (finding $i)"
        screen >>"$WORK/seen"
        # the current finding: its rule and its fix are on screen
        screen | grep -q '^ > ' || fail "$size: no current finding on row $i"
        screen | grep -q '^   Fix: ' || fail "$size: the current finding's fix is not shown"
        send Down
        i=$((i + 1))
    done
    for id in offline-several-switches temp-profile-present switch-repeated \
        users-entra log-folder-missing; do
        grep -q "\\[$id\\]" "$WORK/seen" || fail "$size: finding $id never shown whole"
    done
    # each message whole: the ends of the long ones are on screen
    grep -q 'Entra-joined devices' "$WORK/seen" ||
        fail "$size: the Entra finding is cut"
    grep -q 'invalid for /l"' "$WORK/seen" ||
        fail "$size: the log folder finding is cut"
    if [ "$size" = 80x24 ]; then
        # not all fit: the last ones are shown with the cursor at the end
        grep -q 'Findings: 6 ([0-9] to 6 shown)' "$WORK/seen" ||
            fail "$size: the title does not say which findings are shown"
        send Home
        wait_for "Findings: 6 (1 to "
    fi
    body_cut "Review (back to the first)"
    send F10
    wait_for "Quit usmtwiz?"
    send y
    wait_exit 1
    $TMUX_CMD kill-server 2>/dev/null
    sleep 0.3
done
exit 0

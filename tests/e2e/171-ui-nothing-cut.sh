#!/bin/sh
# Nothing cut where it would fit wrapped, at 80x24 and 100x30: on every
# screen from Environment to Options no body row ends in "…" (findings
# wrap with their indent, or the panel's last row says where the rest is;
# the Users details wrap; the Store's volume lines wrap); the Users SID
# column keeps each SID's RID and the size column holds "no folder";
# Review's verdict and every finding in its list are whole.
. "$TOP/tests/e2e/lib.sh"
# body_cut NAME: fail when a body row (not the title, step or key rows)
# ends in "…"
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
    start "'$WIZ' --volume-root '$V' --usmt '$WORK/lab-$size/usmt' --simulate"
    wait_for "Step 1 of 9: Environment"
    sleep 0.5
    body_cut Environment
    send Enter
    wait_for "Step 2 of 9: Volume"
    sleep 0.5
    body_cut Volume
    send Enter
    wait_for "Step 3 of 9: Users"
    wait_for "Findings here"
    sleep 0.5
    body_cut Users
    # the account of the first row is whole in the details
    wait_for "ana.lopez@contoso.com"
    # every SID row shows its RID
    screen | grep -q 'S-1-5-21.*-1001 ' || fail "$size: the RID of Jörg's SID is cut"
    # every row's details, one by one, never cut
    i=0
    while [ $i -lt 13 ]; do
        send Down
        sleep 0.2
        body_cut "Users (row $i)"
        i=$((i + 1))
    done
    screen | grep -q "no folder" || fail "$size: 'no folder' is cut"
    for s in 4 5 6; do
        send Enter
        wait_for "Step $s of 9"
        sleep 0.5
        body_cut "step $s"
    done
    # Review: the verdict is whole (wrapped, or said in short); every
    # finding is whole, wrapped under its severity, on every row
    send Enter
    wait_for "Step 7 of 9: Review"
    wait_for "START BLOCKED"
    screen | sed -n '3,4p' | grep -q '…$' && fail "$size: Review's verdict is cut"
    i=0
    while [ $i -lt 6 ]; do
        body_cut "Review (finding $i)"
        send Down
        sleep 0.3
        i=$((i + 1))
    done
    send F10
    wait_for "Quit usmtwiz?"
    send y
    wait_exit 1
    $TMUX_CMD kill-server 2>/dev/null
    sleep 0.3
done
exit 0

#!/bin/sh
# PgUp/PgDn on the store folder goes through every volume that can hold
# the chosen kind of store and says why the others cannot, at 80x24 and
# 100x30: a compressed store never goes to the offline volume D:; a
# hard-link store goes only there.
. "$TOP/tests/e2e/lib.sh"
for size in 80x24 100x30; do
    COLS=${size%x*} ROWS=${size#*x}
    export COLS ROWS
    "$WIZ" lab create demo "$WORK/lab-$size" >/dev/null ||
        fail "lab create failed"
    V="$WORK/lab-$size/volumes"
    start "'$WIZ' --volume-root '$V' --usmt '$WORK/lab-$size/usmt' --simulate"
    wait_for "Step 1 of 9: Environment"
    for s in 2 3 4; do
        send Enter
        wait_for "Step $s of 9"
    done
    wait_for 'E:\USMT\PC-ACC-0042'
    shows_pg=$(screen | tail -n 1 | grep -c "PgUp/PgDn volume")
    [ "$shows_pg" = 1 ] || fail "$size: PgUp/PgDn not offered"
    send PageDown
    wait_for "D: the volume being captured"
    screen | grep -q 'D:\\USMT\\PC-ACC-0042' && fail "$size: a compressed store on D:"
    # hard-link: kind is the second field; Right twice from compressed
    send Down Right Right
    wait_for "hard-link (/hardlink"
    send Up
    send PageDown
    wait_for 'D:\USMT\PC-ACC-0042'
    wait_for "hard links stay on the offline volume"
    send PageDown
    wait_for "no other volume can hold this"
    send F10
    wait_for "Quit usmtwiz?"
    send y
    wait_exit 1
    $TMUX_CMD kill-server 2>/dev/null
    sleep 0.3
done
exit 0

#!/bin/sh
# The places follow the store, at 80x24 and 100x30: moving the store from
# F: to E: (PgDn) takes the working folder and the logs along, but not a
# progress log the technician set on purpose; Review shows them there.
# A hard-link store moved to the offline volume D: takes its logs along
# (the working folder cannot go there), and Result names the log on D:;
# on the way, Run shows the log's last lines whole.
. "$TOP/tests/e2e/lib.sh"
for size in 80x24 100x30; do
    COLS=${size%x*} ROWS=${size#*x}
    export COLS ROWS
    "$WIZ" lab create store-full "$WORK/full-$size" >/dev/null ||
        fail "lab create failed"
    V="$WORK/full-$size/volumes"
    start "'$WIZ' --volume-root '$V' --usmt '$WORK/full-$size/usmt' --simulate"
    wait_for "Step 1 of 9: Environment"
    for s in 2 3 4; do
        send Enter
        wait_for "Step $s of 9"
    done
    wait_for 'F:\USMT\PC-ACC-0042-logs\scanstate.log'
    wait_for 'F:\USMT-work'
    # the progress log set on purpose: progress.log -> progress.txt
    send Up End BSpace BSpace BSpace
    send -l txt
    wait_for 'F:\USMT\PC-ACC-0042-logs\progress.txt'
    wait_for "Stays where set: progress log."
    send Down
    send PageDown
    wait_for 'E:\USMT\PC-ACC-0042-logs\scanstate.log'
    wait_for 'E:\USMT-work'
    screen | grep -q 'F:\\USMT\\PC-ACC-0042-logs\\progress.txt' ||
        fail "$size: the progress log set on purpose moved"
    screen | grep -q 'F:\\USMT-work\|F:\\USMT\\PC-ACC-0042-logs\\scanstate' &&
        fail "$size: a place stayed on F: behind the store"
    for s in 5 6 7; do
        send Enter
        wait_for "Step $s of 9"
    done
    : >"$WORK/review"
    i=0
    while [ $i -lt 6 ]; do
        screen >>"$WORK/review"
        send PageDown
        sleep 0.3
        i=$((i + 1))
    done
    grep -q '/l:E:\\USMT\\PC-ACC-0042-logs\\scanstate.log' "$WORK/review" ||
        fail "$size: Review's /l is not beside the store on E:"
    grep -q 'USMT_WORKING_DIR=E:\\USMT-work' "$WORK/review" ||
        fail "$size: Review's working folder is not on E:"
    grep -q '/progress:F:\\USMT\\PC-ACC-0042-logs\\progress.txt' \
        "$WORK/review" || fail "$size: Review lost the progress log set on purpose"
    grep -q 'F:\\USMT-work\|/l:F:' "$WORK/review" &&
        fail "$size: Review still has a place on F:"
    send F10
    wait_for "Quit usmtwiz?"
    send y
    wait_exit 1
    $TMUX_CMD kill-server 2>/dev/null
    sleep 0.3

    # a hard-link store: to D:, the offline volume, with its logs
    "$WIZ" lab create demo "$WORK/lab-$size" >/dev/null ||
        fail "lab create failed"
    V="$WORK/lab-$size/volumes"
    volume_unwatch "$V/D"
    start "USMTWIZ_WINPE=1 SIM_PACE_MS=20 '$WIZ' --volume-root '$V' --usmt '$WORK/lab-$size/usmt' --simulate"
    wait_for "Step 1 of 9: Environment"
    for s in 2 3 4; do
        send Enter
        wait_for "Step $s of 9"
    done
    wait_for 'E:\USMT\PC-ACC-0042-logs\scanstate.log'
    send Down Right Right
    wait_for "hard-link (/hardlink"
    send Up PageDown
    wait_for 'D:\USMT\PC-ACC-0042-logs\scanstate.log'
    wait_for 'D:\USMT\PC-ACC-0042-logs\progress.log'
    wait_for 'E:\USMT-work'
    send Enter
    wait_for "Step 5 of 9"
    send Enter
    wait_for "Step 6 of 9"
    send Enter
    wait_for "Step 7 of 9: Review"
    review_make_ready
    send Enter
    wait_for "Step 8 of 9: Run"
    # the log's last lines whole (wrapped), not cut
    wait_for "Stored File" 30
    screen | sed '1,2d;$d' | grep -q '…$' && fail "$size: a log line cut on Run"
    wait_for "Done:" 60
    send Enter
    wait_for "Step 9 of 9: Result"
    : >"$WORK/result"
    i=0
    while [ $i -lt 12 ]; do
        screen >>"$WORK/result"
        screen | grep -q "repartition" && break
        send PageDown
        sleep 0.3
        i=$((i + 1))
    done
    grep -q 'D:\\USMT\\PC-ACC-0042-logs\\scanstate.log' "$WORK/result" ||
        fail "$size: Result does not name the log beside the store on D:"
    grep -q 'E:\\USMT\\PC-ACC-0042-logs' "$WORK/result" &&
        fail "$size: Result names a log left behind on E:"
    [ -f "$V/D/USMT/PC-ACC-0042-logs/scanstate.log" ] ||
        fail "$size: no scanstate.log beside the store on D:"
    send Enter
    wait_exit 0 10
    $TMUX_CMD kill-server 2>/dev/null
    sleep 0.3
done
exit 0

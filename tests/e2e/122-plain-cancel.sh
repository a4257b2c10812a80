#!/bin/sh
# Ctrl+C during a plain-mode capture asks before cancelling: "n" lets it
# go on, "y" stops scanstate; the result says so and the status is 1;
# the partial store is offered to be moved aside, and is.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
COLS=200 ROWS=50 start env USMTWIZ_WINPE=1 SIM_PACE_MS=400 "$WIZ" --plain \
    --volume-root "$V" --usmt "$U" --simulate
wait_for 'Press Enter to go on'
send Enter
wait_for 'Enter for the default'
send Enter
wait_for 'Enter to accept'
send -l 'none'
send Enter
wait_for '0 of 12 selected'
send -l '5'
send Enter
wait_for '1 of 12 selected'
send Enter
wait_for 'type a new store path'
send Enter
wait_for 'separated by spaces'
send Enter
wait_for 'x alone clears them'
send Enter
wait_for 'Type s to start'
send -l 'f 1'
send Enter
wait_for 'Fixed temp-profile-present'
send s Enter
wait_for '== Run ==' 
wait_for 'phase:' 20
send C-c
wait_for 'Cancel the capture? y/N:'
send n Enter
wait_for 'The capture goes on.'
send C-c
sleep 1
[ "$(screen | grep -c 'Cancel the capture? y/N:')" -ge 2 ] || fail "second Ctrl+C not asked about"
send y Enter
wait_for 'Cancelling: asking scanstate to stop' 20
wait_for '== Result ==' 40
wait_for 'Cancelled: the capture was stopped' 10
wait_for 'Return code: ' 10
# the partial store must not be restored: offered to move it aside
wait_for 'Move the partial store aside' 10
send y Enter
wait_for 'Moved the partial store to' 10
[ -d "$V/E/USMT/PC-ACC-0042.incomplete" ] || fail "store not moved aside"
[ ! -e "$V/E/USMT/PC-ACC-0042" ] || fail "the partial store is still in place"
wait_exit 1 20
exit 0

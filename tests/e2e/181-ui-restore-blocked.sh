#!/bin/sh
# The restore's screens when something stands in the way, at 80x24: a
# store that is not encrypted passes over Key (6 steps, Esc on Review goes
# back to Accounts; a terminal too small says so and keeps the choices);
# not elevated (forced), Review says START BLOCKED with
# restore-not-elevated, Enter is not on the bar and starts nothing, q
# leaves with exit 1 and loadstate never ran.  Elevated, the run is
# stopped from Run with Ctrl+C (asked first): the Result says cancelled,
# the users not restored, and the exit status is 1.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\stores\PC</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WIZ" run --preset "$WORK/p.xml" \
    --volume-root "$V" --usmt "$WORK/lab/usmt" --simulate --fix --yes \
    </dev/null >"$WORK/cap" 2>&1 || { cat "$WORK/cap"; fail "capture failed"; }
mkdir -p "$WORK/new"
cp -R "$V/D" "$WORK/new/C"
rm -rf "$WORK/new/C/Users"/*
ln -s "$V/E" "$WORK/new/E"
LOG="$V/E/stores/PC-logs/loadstate.log"

start "USMTWIZ_ELEVATED=0 '$WIZ' restore --target-root '$WORK/new' --simulate"
wait_for "Step 1 of 6: Store"
screen | grep -q ' Key ' && fail "Key is in the step line of a store that is not encrypted"
wait_for 'compressed store, 3 users:'
# the finding is about this store's restore, shown before anything runs
wait_for 'ERROR restore-not-elevated:'
# a single store: nothing to choose, so Up/Down are not on the bar
screen | grep -q 'Up/Down' && fail "Store: Up/Down offered with one store"
send Enter
wait_for "Step 2 of 6: Accounts"
send Enter
wait_for "Step 3 of 6: What to restore"
send Enter
wait_for "Step 4 of 6: Review"
wait_for 'START BLOCKED: 1 error (restore-not-elevated): fix it first'
wait_for 'ERROR restore-not-elevated:'
wait_for 'fix: '
screen | tail -n 1 | grep -q 'Enter' && fail "Review: Enter offered while an error stands"
send Enter
sleep 1
screen | grep -q "Step 4 of 6: Review" || fail "Enter left a blocked Review"
[ -e "$LOG" ] && fail "loadstate started from a blocked Review"
# Esc passes over Key back to What to restore, and again to Accounts
send Escape
wait_for "Step 3 of 6: What to restore"
send Escape
wait_for "Step 2 of 6: Accounts"
# too small a terminal says so and keeps every choice
send Space
wait_for '> LEFT OUT  Jörg (local)'
resize 70 20
wait_for "Terminal too small: 70x20"
resize 80 24
wait_for "Step 2 of 6: Accounts"
wait_for '> LEFT OUT  Jörg (local)'
send q
wait_exit 1
screen | grep -q 'usmtwiz restore: not started' || fail "the quit is not said"
[ -e "$LOG" ] && fail "loadstate ran"

# elevated: started, then stopped with Ctrl+C (asked first)
$TMUX_CMD kill-server 2>/dev/null
start "USMTWIZ_ELEVATED=1 SIM_PACE_MS=400 '$WIZ' restore --target-root '$WORK/new' --simulate"
wait_for "Step 1 of 6: Store"
send Enter
wait_for "Step 2 of 6: Accounts"
send Enter
wait_for "Step 3 of 6: What to restore"
send Enter
wait_for "Step 4 of 6: Review"
wait_for 'READY: no error stands.'
send Enter
wait_for "Step 5 of 6: Run"
wait_for 'loadstate:  '
send C-c
wait_for 'Stop the restore?'
send y
wait_for 'Done:' 60
wait_for 'loadstate ended: stopped on request'
send Enter
wait_for "Step 6 of 6: Result"
wait_for 'Restore cancelled'
wait_for 'The restore was stopped on request.'
wait_for 'anna: NOT RESTORED: loadstate did not finish'
send Enter
wait_exit 1
exit 0

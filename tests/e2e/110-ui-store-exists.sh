#!/bin/sh
# An existing store in the chosen folder is detected; going on is refused
# until overwriting is allowed explicitly, after a confirmation whose
# default answer keeps the store.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
mkdir -p "$WORK/lab/volumes/E/USMT/PC-ACC-0042/USMT"
printf 'old capture' >"$WORK/lab/volumes/E/USMT/PC-ACC-0042/USMT/USMT.MIG"
start "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9: Volume"
send Enter
wait_for "Step 3 of 9: Users"
send Enter
wait_for "Step 4 of 9: Store"
wait_for "[ ] FOUND"
send Enter
wait_for "Cannot go on: a store already exists"
send Down Down Space
wait_for "Overwrite the existing store?"
send Enter
wait_gone "Overwrite the existing store?"
wait_for "[ ] FOUND"
send Space
wait_for "Overwrite the existing store?"
send y
wait_for "will be OVERWRITTEN (/o)"
send Enter
wait_for "Step 5 of 9: What to migrate"
send Escape
wait_for "will be OVERWRITTEN (/o)"
send Down Down Space
wait_for "[ ] FOUND"
send F10
wait_for "Quit usmtwiz?"
send y
wait_exit 1
[ "$(cat "$WORK/lab/volumes/E/USMT/PC-ACC-0042/USMT/USMT.MIG")" = "old capture" ] ||
    fail "the old store was touched"
exit 0

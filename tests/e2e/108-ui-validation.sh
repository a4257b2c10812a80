#!/bin/sh
# Blocking problems are shown where they are made and stop Next with the
# reason: a store on a drive that does not exist; extra switches that are
# not scanstate's; "/ui" by name typed as an extra switch (an error of the
# rules, shown on the Options screen and on Review, fixed with one key).
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9: Volume"
send Enter
wait_for "Step 3 of 9: Users"
send Enter
wait_for "Step 4 of 9: Store"
wait_for 'E:\USMT\PC-ACC-0042'
send Home DC Q
wait_for 'Q:\USMT\PC-ACC-0042'
wait_for "there is no volume Q:"
send Enter
wait_for "Cannot go on: there is no volume Q: for the store"
send Home DC E
wait_for 'E:\USMT\PC-ACC-0042'
send Enter
wait_for "Step 5 of 9: What to migrate"
send Enter
wait_for "Step 6 of 9: Options"
send Up
send -l '/ui:CONTOSO\jsmith /nosuch'
wait_for "not scanstate switches: /nosuch"
wait_for "selects a user by name"
send Enter
wait_for "Cannot go on: extra switches: not scanstate switches: /nosuch"
send BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
wait_gone "not scanstate switches"
send Enter
wait_for "Step 7 of 9: Review"
wait_for "START BLOCKED: '/ui:CONTOSO\\jsmith' selects a user by name"
send Enter
wait_for "Cannot go on:"
send a
wait_for "fix applied"
wait_gone "selects a user by name"
send Escape
wait_for "Step 6 of 9: Options"
wait_for "/ui:S-1-5-21-3623811015-3361044348-30300820-1104*"
send F10
wait_for "Quit usmtwiz?"
send y
wait_exit 1
exit 0

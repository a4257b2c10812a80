#!/bin/sh
# Esc goes back one screen at a time and every choice survives the way
# back and forth (here: a user unselected on the Users screen).
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9: Volume"
send Enter
wait_for "Step 3 of 9: Users"
wait_for "6 of 12 selected"
send Space
wait_for "5 of 12 selected"
send Enter
wait_for "Step 4 of 9: Store"
send Escape
wait_for "Step 3 of 9: Users"
wait_for "5 of 12 selected"
send Escape
wait_for "Step 2 of 9: Volume"
send Escape
wait_for "Step 1 of 9: Environment"
send Escape
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9: Volume"
send Enter
wait_for "Step 3 of 9: Users"
wait_for "5 of 12 selected"
send F10
wait_for "Quit usmtwiz?"
send Escape
wait_gone "Quit usmtwiz?"
wait_for "Step 3 of 9: Users"
send F10
wait_for "Quit usmtwiz?"
send Left Enter
wait_exit 1
exit 0

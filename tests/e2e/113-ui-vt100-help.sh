#!/bin/sh
# With TERM=vt100 and NO_COLOR the wizard works the same (nothing is said
# by colour alone: the current step is in brackets, severities are words),
# and F1 opens the help of every screen.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "TERM=vt100 NO_COLOR=1 $WIZ --volume-root $WORK/lab/volumes" \
    "--usmt $WORK/lab/usmt"
n=0
for s in "Environment" "Volume" "Users" "Store" "What to migrate" \
    "Options" "Review"; do
    n=$((n + 1))
    wait_for "[$n $s]"
    send F1
    wait_for "Help: $s"
    wait_for "Esc close"
    send Escape
    wait_gone "Help: $s"
    [ "$s" = "Review" ] || send Enter
done
wait_for "ERROR"
# a vt100 has no F10 (only PF1-PF4): q quits
send q
wait_for "Quit usmtwiz?"
send y
wait_exit 1
exit 0

#!/bin/sh
# SIGTERM while the wizard runs: it leaves, the terminal is restored (the
# line discipline is back) and the exit status says "cancelled".
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "sh -c 'echo \$\$ >$WORK/pid; exec $WIZ --volume-root" \
    "$WORK/lab/volumes --usmt $WORK/lab/usmt'; rc=\$?;" \
    "stty -a | grep -q ' icanon' && stty -a | grep -q ' echo ' &&" \
    "echo TTY-SANE; (exit \$rc)"
wait_for "Step 1 of 9: Environment"
pid=$(cat "$WORK/pid")
kill -TERM "$pid" || fail "cannot signal $pid"
wait_for TTY-SANE
wait_exit 1
exit 0

#!/bin/sh
# A crash (SIGABRT, as from abort() or a failed assertion): the fatal
# handler restores the terminal and re-raises, so the status is 128+6.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "sh -c 'echo \$\$ >$WORK/pid; exec $WIZ --volume-root" \
    "$WORK/lab/volumes --usmt $WORK/lab/usmt'; rc=\$?;" \
    "stty -a | grep -q ' icanon' && echo TTY-SANE; (exit \$rc)"
wait_for "Step 1 of 9: Environment"
pid=$(cat "$WORK/pid")
kill -ABRT "$pid" || fail "cannot signal $pid"
wait_for TTY-SANE
wait_exit 134
exit 0

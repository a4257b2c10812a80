#!/bin/sh
# SIGTERM while the wizard runs: it leaves, the terminal is restored (the
# line discipline is back) and the exit status says "cancelled".  After
# a crash the terminal is restored too.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "sh -c 'echo \$\$ >$WORK/pid; exec $WIZ --volume-root" \
    "$WORK/lab/volumes --usmt $WORK/lab/usmt'; rc=\$?;" \
    "stty -a | grep -q ' icanon' && stty -a | grep -q ' echo ' &&" \
    "echo TTY-SANE; (exit \$rc)"
wait_for "Step 1 of 7: Environment"
pid=$(cat "$WORK/pid")
kill -TERM "$pid" || fail "cannot signal $pid"
wait_for TTY-SANE
wait_exit 1
$TMUX_CMD kill-server 2>/dev/null

# A crash (SIGABRT, as from abort() or a failed assertion): the fatal
# handler restores the terminal and re-raises, so the status is 128+6.
start "sh -c 'echo \$\$ >$WORK/pid; exec $WIZ --volume-root" \
    "$WORK/lab/volumes --usmt $WORK/lab/usmt'; rc=\$?;" \
    "stty -a | grep -q ' icanon' && echo TTY-SANE; (exit \$rc)"
wait_for "Step 1 of 7: Environment"
pid=$(cat "$WORK/pid")
kill -ABRT "$pid" || fail "cannot signal $pid"
wait_for TTY-SANE
wait_exit 134
exit 0

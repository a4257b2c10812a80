#!/bin/sh
# Environment screen: facts of the practice USMT folder, help (F1 and ?),
# Ctrl+L repaint, key bar; q quits at once when nothing was chosen, with
# exit status 1 and a sane terminal.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt" \
    "--log $WORK/wiz.log; rc=\$?; stty -a | grep -q ' icanon' &&" \
    "echo TTY-SANE; (exit \$rc)"
wait_for "Step 1 of 9: Environment"
wait_for "scanstate"
wait_for "? help"
wait_for "q quit"
send F1
wait_for "Help: Environment"
wait_for "RAM disk"
send Escape
wait_gone "Help: Environment"
send '?'
wait_for "Help: Environment"
send q
wait_gone "Help: Environment"
send C-l
wait_for "Step 1 of 9: Environment"
send q
wait_for TTY-SANE
wait_exit 1
grep -q "screen: environment" "$WORK/wiz.log" || fail "no log line"
exit 0

#!/bin/sh
# Resize at any moment relayouts; below 80x24 a notice replaces the screen
# and the choices survive; F10 quits from the notice.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
COLS=60 ROWS=20 start "$WIZ --volume-root $WORK/lab/volumes" \
    "--usmt $WORK/lab/usmt"
wait_for "Terminal too small: 60x20"
wait_for "at least 80x24"
resize 80 24
wait_for "Step 1 of 7: Environment"
wait_gone "Terminal too small"
resize 120 40
wait_for "Step 1 of 7: Environment"
screen | grep -q "q quit" || fail "no key bar at 120x40"
[ "$(screen | grep -c 'q quit')" -eq 1 ] || fail "key bar drawn twice"
resize 79 24
wait_for "Terminal too small: 79x24"
resize 80 24
wait_for "Step 1 of 7: Environment"
resize 70 30
wait_for "Terminal too small: 70x30"
send F10
wait_exit 1
exit 0

#!/bin/sh
# Resize at any moment relayouts; below 80x24 a notice replaces the screen,
# keys other than quit do nothing there, and the choices survive; F10 quits
# from the notice (asking first once something was chosen).
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
COLS=60 ROWS=20 start "$WIZ --volume-root $WORK/lab/volumes" \
    "--usmt $WORK/lab/usmt"
wait_for "Terminal too small: 60x20"
wait_for "at least 80x24"
resize 80 24
wait_for "Step 1 of 9: Environment"
wait_gone "Terminal too small"
resize 120 40
wait_for "Step 1 of 9: Environment"
screen | grep -q "q quit" || fail "no key bar at 120x40"
[ "$(screen | grep -c 'q quit')" -eq 1 ] || fail "key bar drawn twice"
resize 79 24
wait_for "Terminal too small: 79x24"
resize 80 24
wait_for "Step 1 of 9: Environment"
# on a screen with a list and a choice made: the choice survives
send Enter
wait_for "Step 2 of 9: Volume"
send Enter
wait_for "Step 3 of 9: Users"
wait_for "6 of 12 selected"
send Space
wait_for "5 of 12 selected"
resize 120 40
wait_for "CONTOSO\mkhan"
wait_for "5 of 12 selected"
resize 70 30
wait_for "Terminal too small: 70x30"
send Space
resize 80 24
wait_for "Step 3 of 9: Users"
wait_for "5 of 12 selected"
resize 70 30
wait_for "Terminal too small: 70x30"
send F10
wait_for "Quit usmtwiz?"
send y
wait_exit 1
exit 0

#!/bin/sh
# A volume whose SOFTWARE hive is corrupt is listed with the reason it
# cannot be used; choosing it is refused with that reason; the wizard
# keeps running.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
printf 'this is not a hive' >"$WORK/lab/volumes/D/Windows/System32/config/SOFTWARE"
volume_rebaseline "$WORK/lab/volumes/D"   # our own edit
start "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9: Volume"
wait_for "Cannot use:"
wait_for "not a registry hive"
send Enter
wait_for "cannot use Windows: cannot open hive"
wait_for "Step 2 of 9: Volume"
send Down Enter
wait_for "cannot use USBSTORE: no Windows installation"
wait_for "Step 2 of 9: Volume"
send q
wait_exit 1
exit 0

#!/bin/sh
# The encryption key is typed twice, masked, with a strength hint; two
# different keys block Next; the key never appears on any screen (the
# command line on Review hides it).
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt"
wait_for "Step 1 of 9: Environment"
for s in "Step 2 of 9" "Step 3 of 9" "Step 4 of 9" "Step 5 of 9" \
    "Step 6 of 9: Options"; do
    send Enter
    wait_for "$s"
done
send Down Down Down Down Down Space
wait_for "yes, with a key typed here"
send Down
send -l 'Zq7Zq7'
wait_for "******"
send Down
send -l 'Zq7Zq8'
wait_for "THE TWO KEYS DIFFER"
send Enter
wait_for "Cannot go on: the two keys differ"
send BSpace 7
wait_for "both match"
wait_for "strength: weak"
screen | grep -q "Zq7" && fail "the key is on the screen"
send Enter
wait_for "Step 7 of 9: Review"
wait_for "Command line:"
screen | grep -q "Zq7" && fail "the key is on the Review screen"
send Escape
wait_for "Step 6 of 9: Options"
wait_for "both match"
send F10
wait_for "Quit usmtwiz?"
send y
wait_exit 1
exit 0

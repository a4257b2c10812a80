#!/bin/sh
# The offline volume disappears while profiles are being sized (a slow
# disk, USMTWIZ_WALK_DELAY_MS, so the walk is surely under way): the Users
# screen says so, marks the profiles, keeps answering and quits cleanly;
# inspect ends by itself and names the problem for each profile.  Nothing
# crashes or hangs.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
V="$WORK/lab/volumes"
start "USMTWIZ_WALK_DELAY_MS=30 $WIZ --volume-root $V --usmt $WORK/lab/usmt"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9: Volume"
send Enter
wait_for "Step 3 of 9: Users"
wait_for "sizing"
volume_unwatch "$V/D"   # removed on purpose
rm -rf "$V/D"
wait_for "it disappeared (was the volume removed?)" 15
wait_gone "sizing" 15
screen | grep -q "no fold" || fail "the profiles are not marked"
# still answers: the detail of a profile, then quit
send Down
wait_for "(folder missing)"
send F10
wait_for "Quit usmtwiz?"
send y
wait_exit 1

# inspect: remove the volume once a profile folder is open for sizing
check "$WIZ" lab create demo "$WORK/lab2" >/dev/null
V2="$WORK/lab2/volumes"
USMTWIZ_WALK_DELAY_MS=30 "$WIZ" inspect --volume-root "$V2" \
    >"$WORK/inspect.out" 2>"$WORK/inspect.err" &
pid=$!
i=0
until ls -l "/proc/$pid/fd" 2>/dev/null | grep -q "/D/Users/"; do
    i=$((i + 1))
    [ $i -lt 300 ] || { kill "$pid"; fail "inspect never walked a profile"; }
    sleep 0.05
done
volume_unwatch "$V2/D"
rm -rf "$V2/D"
i=0
while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 150 ] || { kill -9 "$pid"; fail "inspect hangs after the volume went"; }
    sleep 0.1
done
wait "$pid"
rc=$?
[ $rc -lt 128 ] || fail "inspect died with status $rc"
# every profile with a folder (nine in the demo) says what happened
n=$(grep -c "problem: the profile folder disappeared while it was being sized (was the volume removed?)" \
    "$WORK/inspect.out")
[ "$n" -ge 9 ] || { cat "$WORK/inspect.out" "$WORK/inspect.err"; fail "inspect names the problem for $n profiles"; }
exit 0

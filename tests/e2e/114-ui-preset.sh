#!/bin/sh
# Review saves the choices as a preset (never with the key); --preset
# pre-fills every screen from it; a broken preset is refused before the
# terminal is taken, with the file and line.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
run="$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt"
start "$run"
wait_for "Step 1 of 9: Environment"
for s in "Step 2 of 9" "Step 3 of 9" "Step 4 of 9" "Step 5 of 9" \
    "Step 6 of 9: Options"; do
    send Enter
    wait_for "$s"
done
# the default is /v:5: 5, 8, 9
send Down Right Right
wait_for "< 9 >"
send Down Down Down Down Space
wait_for "yes, with a key typed here"
send Down
send -l 'Pre5et-Key-42'
send Down
send -l 'Pre5et-Key-42'
wait_for "both match"
send Enter
wait_for "Step 7 of 9: Review"
send p
wait_for "Save these choices as a preset"
send Home DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC \
    DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC DC
send -l "$WORK/bench.xml"
send Enter
wait_for "preset saved"
send F10
wait_for "Quit usmtwiz?"
send y
wait_exit 1
$TMUX_CMD kill-session 2>/dev/null
[ -s "$WORK/bench.xml" ] || fail "no preset written"
grep -q "Pre5et" "$WORK/bench.xml" && fail "the key is in the preset"

start "$run --preset $WORK/bench.xml"
wait_for "pre-fills every screen"
for s in "Step 2 of 9" "Step 3 of 9" "Step 4 of 9" "Step 5 of 9" \
    "Step 6 of 9: Options"; do
    send Enter
    wait_for "$s"
done
wait_for "< 9 >"
wait_for "yes, with a key typed here"
send Enter
wait_for "Cannot go on: type the encryption key"
send F10
wait_for "Quit usmtwiz?"
send y
wait_exit 1

printf '<usmtwizPreset version="1"><bad>' >"$WORK/broken.xml"
if "$WIZ" --preset "$WORK/broken.xml" --volume-root "$WORK/lab/volumes" \
    </dev/null >"$WORK/out" 2>"$WORK/err"; then
    fail "a broken preset was accepted"
fi
grep -q "broken.xml" "$WORK/err" || fail "no file name in: $(cat "$WORK/err")"
exit 0

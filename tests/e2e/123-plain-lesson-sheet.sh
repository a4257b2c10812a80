#!/bin/sh
# usmtwiz --plain on a practice machine built for a training lesson: after
# the result it names the lesson and offers its instructor sheet, which it
# prints (as plain text) when asked; on a machine that is no lesson it
# says nothing of lessons.
. "$TOP/tests/e2e/lib.sh"
export USMTWIZ_WINPE=1 SIM_PACE_MS=0
"$WIZ" lab create temp-profile "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
before=$(tree_hash "$V/D")
facts=$(cat "$V/lab.facts")

# Environment, Volume, Users: none then anna, Store, Migrate, Options,
# Review: fix the temporary profile, start; then yes to the sheet
printf '\n\nnone\n6\n\n\n\n\nf 1\ns\ny\n' |
    "$WIZ" --plain --volume-root "$V" --usmt "$U" --simulate >"$WORK/out" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/out"; fail "plain run: exit $st, want 0"; }
grep -q '^Return code: 0 USMT_SUCCESS' "$WORK/out" || { cat "$WORK/out"; fail "no result"; }
grep -q "^Training lesson 'temp-profile': its instructor sheet" "$WORK/out" || { cat "$WORK/out"; fail "lesson not named"; }
grep -q '^Show the instructor sheet? y/N: ' "$WORK/out" || fail "sheet not offered"
grep -q '^== Lesson temp-profile ==$' "$WORK/out" || { cat "$WORK/out"; fail "sheet not printed"; }
for part in 'Symptom:' 'Cause:' 'Fix:' 'Documentation:'; do
    grep -q "^$part\$" "$WORK/out" || fail "sheet lacks '$part'"
done
grep -q '^    ScanState return code: 26$' "$WORK/out" || fail "the sheet's symptom block is not shown"
grep -q 'MIG_FAIL_ON_PROFILE_ERROR=0' "$WORK/out" || fail "the sheet's fix is not shown"
grep -q '```' "$WORK/out" && fail "Markdown fences left in the sheet"
# the offline volume and the lab's facts were only read
[ "$before" = "$(tree_hash "$V/D")" ] || fail "the offline volume D: was changed"
[ "$facts" = "$(cat "$V/lab.facts")" ] || fail "lab.facts was changed"

# no: offered, not printed
rm -rf "$V/E/USMT"
printf '\n\nnone\n6\n\n\n\n\nf 1\ns\nn\n' |
    "$WIZ" --plain --volume-root "$V" --usmt "$U" --simulate >"$WORK/out2" 2>&1
grep -q '^Show the instructor sheet? y/N: ' "$WORK/out2" || { cat "$WORK/out2"; fail "sheet not offered"; }
grep -q '^== Lesson' "$WORK/out2" && fail "sheet printed after no"

# a machine that is no lesson
"$WIZ" lab create demo "$WORK/demo" >/dev/null || fail "lab create demo failed"
printf '\n\nnone\n6\n\n\n\n\nf 1\ns\n' |
    "$WIZ" --plain --volume-root "$WORK/demo/volumes" --usmt "$WORK/demo/usmt" --simulate >"$WORK/out3" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/out3"; fail "demo plain run: exit $st, want 0"; }
grep -qi 'lesson' "$WORK/out3" && fail "a machine that is no lesson talks of lessons"
exit 0

#!/bin/sh
# usmtwiz (plain mode) dies while scanstate captures anna and mkhan (a
# TEMP profile, the real one under SID.bak, skipped with
# MIG_FAIL_ON_PROFILE_ERROR=0).  The wizard started again resumes the Run
# screen from the run state, which recorded the selected users, so its
# Result screen says INCOMPLETE and names mkhan, and it exits with 4.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
export USMTWIZ_WINPE=1
printf '\n\nnone\n6,12\n\n\n\n\nf 1\na 1\ns\n' |
    SIM_PACE_MS=150 "$WIZ" --plain --volume-root "$V" --usmt "$U" --simulate >"$WORK/out" 2>&1 &
wiz=$!
i=0
while ! grep -q '% of' "$WORK/out" 2>/dev/null && [ $i -lt 150 ]; do
    sleep 0.1
    i=$((i + 1))
done
grep -q '^user=S-1-5-21-3623811015-3361044348-30300820-1107|bak|' "$WORK"/usmtwiz-run-*.state ||
    { cat "$WORK/out"; fail "the run state does not record mkhan"; }
kill -9 "$wiz" || fail "could not kill usmtwiz"
start "USMTWIZ_WINPE=1 '$WIZ' --volume-root '$V' --usmt '$U' --simulate"
wait_for "Step 1 of 2: Run"
wait_for "still running: following it"
wait_for "Done:" 60
send Enter
wait_for "Step 2 of 2: Result"
wait_for "INCOMPLETE: scanstate reported success, but 1 selected user is"
i=0
while ! screen | grep -q "NOT CAPTURED: CONTOSO" && [ $i -lt 6 ]; do
    send PageDown
    sleep 0.3
    i=$((i + 1))
done
wait_for "NOT CAPTURED: CONTOSO\\mkhan"
send Enter
wait_exit 4 10
exit 0

#!/bin/sh
# usmtwiz dies while scanstate runs; started again, the wizard does not
# begin a second capture: it resumes the Run screen on the one still
# running, and the Result screen explains its end.  `usmtwiz run` refuses
# to start another capture meanwhile.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\USMT\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
OPTS="--volume-root '$V' --usmt '$WORK/lab/usmt' --simulate"
start "USMTWIZ_WINPE=1 SIM_PACE_MS=120 '$WIZ' $OPTS --preset '$WORK/p.xml'"
to_ready_review
send Enter
wait_for "Phase:"
pkill -9 -f "usmtwiz --volume-root $V" || fail "could not kill usmtwiz"
ls "$WORK"/usmtwiz-run-*.state >/dev/null 2>&1 || fail "no run state was kept"
USMTWIZ_WINPE=1 "$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$WORK/lab/usmt" \
    --simulate --fix --yes </dev/null >"$WORK/run.out" 2>&1
st=$?
[ $st -eq 2 ] || { cat "$WORK/run.out"; fail "a second capture: exit $st, want 2"; }
grep -q 'a capture is already running' "$WORK/run.out" || fail "no refusal message"
$TMUX_CMD kill-server
start "'$WIZ' $OPTS"
wait_for "Step 1 of 2: Run"
wait_for "still running: following it"
wait_for "Done:" 60
screen | grep -q "return code 0" || fail "resumed run did not end with 0"
send Enter
wait_for "Step 2 of 2: Result"
wait_for "Succeeded: everything selected"
send Enter
wait_exit 0 10
! ls "$WORK"/usmtwiz-run-*.state >/dev/null 2>&1 || fail "the run state was not removed"
exit 0

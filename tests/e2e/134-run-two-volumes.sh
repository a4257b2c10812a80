#!/bin/sh
# Two practice volumes on one machine: while a capture of the first runs,
# the second is not mistaken for it.  A wizard on the second starts at
# Environment (it does not follow the first's run), `usmtwiz run` on the
# second captures; the first is still recognised (the wizard follows it,
# `usmtwiz run` refuses a second capture of it).
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/a" >/dev/null || fail "lab create a failed"
"$WIZ" lab create demo "$WORK/b" >/dev/null || fail "lab create b failed"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\USMT\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
# run LAB: usmtwiz run on that practice volume
run() {
    USMTWIZ_WINPE=1 "$WIZ" run --preset "$WORK/p.xml" --volume-root "$WORK/$1/volumes" \
        --usmt "$WORK/$1/usmt" --simulate --fix --yes </dev/null
}
SIM_PACE_MS=120 run a >"$WORK/a.out" 2>&1 &
apid=$!
i=0
until ls "$WORK"/usmtwiz-run-*.state >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -lt 100 ] || fail "the first capture did not start"
    sleep 0.1
done

start "'$WIZ' --volume-root '$WORK/b/volumes' --usmt '$WORK/b/usmt' --simulate"
wait_for "Step 1 of 9: Environment"
screen | grep -q "still running" && fail "the second volume followed the first's run"
$TMUX_CMD kill-server

run b >"$WORK/b.out" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/b.out"; fail "a capture of the second volume: exit $st, want 0"; }
[ "$(ls "$WORK"/usmtwiz-run-*.state | wc -l)" -eq 1 ] ||
    fail "the second capture's state was not removed"

run a >"$WORK/a2.out" 2>&1
st=$?
[ $st -eq 2 ] || { cat "$WORK/a2.out"; fail "a second capture of the first volume: exit $st, want 2"; }
grep -q 'a capture is already running' "$WORK/a2.out" || fail "no refusal message"

start "'$WIZ' --volume-root '$WORK/a/volumes' --usmt '$WORK/a/usmt' --simulate"
wait_for "Step 1 of 2: Run"
wait_for "still running: following it"
$TMUX_CMD kill-server

wait "$apid"
st=$?
[ $st -eq 0 ] || { cat "$WORK/a.out"; fail "the first capture: exit $st, want 0"; }
exit 0

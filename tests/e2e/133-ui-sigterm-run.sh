#!/bin/sh
# SIGTERM while the Run screen follows a capture: the wizard ends at once
# (no cancel dialog waiting for a key nobody will press), the terminal is
# restored, scanstate goes on and a new wizard follows it.
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
start "sh -c 'echo \$\$ >$WORK/pid; USMTWIZ_WINPE=1 SIM_PACE_MS=120 exec $WIZ" \
    "$OPTS --preset $WORK/p.xml'; rc=\$?;" \
    "stty -a | grep -q ' icanon' && echo TTY-SANE; (exit \$rc)"
to_ready_review
send Enter
wait_for "Phase:"
state=$(ls "$WORK"/usmtwiz-run-*.state) || fail "no run state"
sim=$(sed -n 's/^pid=//p' "$state")
kill -TERM "$(cat "$WORK/pid")" || fail "cannot signal the wizard"
wait_for TTY-SANE 5
wait_exit 1 5
screen | grep -q "Cancel the capture" && fail "a cancel dialog was shown"
kill -0 "$sim" 2>/dev/null || fail "the simulator ended with the wizard"
$TMUX_CMD kill-server
start "'$WIZ' $OPTS"
wait_for "Step 1 of 2: Run"
wait_for "still running: following it"
wait_for "Done:" 60
screen | grep -q "return code 0" || fail "the followed run did not end with 0"
send Enter
wait_for "Step 2 of 2: Result"
send Enter
wait_exit 0 10
exit 0

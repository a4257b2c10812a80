#!/bin/sh
# The terminal goes away (its tmux server is killed) while the Run screen
# follows a capture: the wizard ends within seconds instead of spinning on
# a dead terminal, scanstate goes on, and `usmtwiz attach` follows it to
# its end.  The same on the Result screen.
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
OPTS="--volume-root '$V' --usmt '$WORK/lab/usmt' --simulate --preset '$WORK/p.xml'"
# In the sanitizer build, LeakSanitizer's exit-time check (it stops the
# process with ptrace) can hang for good in a process whose terminal has
# just hung up; the leaks of these screens are checked by 115 and 117.
LSAN="ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0"

# gone PID SECONDS: the process ends within SECONDS
gone() {
    i=0
    while kill -0 "$1" 2>/dev/null; do
        i=$((i + 1))
        [ $i -lt $(($2 * 10)) ] || return 1
        sleep 0.1
    done
    echo "process $1 ended within $((i / 10)).$((i % 10)) s"
}

start "sh -c 'echo \$\$ >$WORK/pid; $LSAN USMTWIZ_WINPE=1 SIM_PACE_MS=120 exec $WIZ $OPTS'"
to_ready_review
send Enter
wait_for "Phase:"
pid=$(cat "$WORK/pid")
state=$(ls "$WORK"/usmtwiz-run-*.state) || fail "no run state"
sim=$(sed -n 's/^pid=//p' "$state")
progress=$(sed -n 's/^progress=//p' "$state")
kill -0 "$sim" || fail "the simulator is not running"
$TMUX_CMD kill-server
gone "$pid" 5 || { ps -o pid,stat,pcpu,args -p "$pid"; fail "the wizard outlived its terminal"; }
kill -0 "$sim" 2>/dev/null || fail "the simulator ended with the wizard"
"$WIZ" attach "$progress" >"$WORK/attach.out" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/attach.out"; fail "attach: exit $st, want 0"; }
gone "$sim" 10 || fail "the simulator did not end"

# the Result screen: nothing ticks there, the wizard waits for a key
rm -f "$WORK"/usmtwiz-run-*.state "$WORK/pid"
rm -rf "$V/E/USMT"
start "sh -c 'echo \$\$ >$WORK/pid; $LSAN USMTWIZ_WINPE=1 exec $WIZ $OPTS'"
to_ready_review
send Enter
wait_for "Done:" 60
send Enter
wait_for "Result"
pid=$(cat "$WORK/pid")
$TMUX_CMD kill-server
gone "$pid" 5 || { ps -o pid,stat,pcpu,args -p "$pid"; fail "the wizard outlived its terminal on Result"; }
exit 0

#!/bin/sh
# The wizard's own working folder (E:\USMT-work, beside the store) is made
# when the run starts, not warned about: Review holds no workdir-missing
# finding, the capture starts and the folder exists afterwards, and
# `usmtwiz run` needs no --yes for it.  A working folder typed on purpose
# that does not exist is a warning with its one-key fix (a), which lets
# the wizard make it.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
OPTS="--volume-root '$V' --usmt '$WORK/lab/usmt' --simulate"

# the findings of a Review screen, each row once, in $WORK/findings
review_findings() {
    : >"$WORK/findings"
    i=0
    while [ $i -lt 8 ]; do
        screen | sed -n '/^ Findings:/,/^ *$/p' >>"$WORK/findings"
        send Down
        sleep 0.3
        i=$((i + 1))
    done
    send Up Up Up Up Up Up Up Up
    sleep 0.3
}

# 1. the wizard's own default
[ -e "$V/E/USMT-work" ] && fail "the working folder exists before the run"
start "USMTWIZ_WINPE=1 SIM_PACE_MS=20 '$WIZ' $OPTS"
wait_for "Step 1 of 9: Environment"
for s in 2 3 4; do
    send Enter
    wait_for "Step $s of 9"
done
wait_for 'Working directory:  E:\USMT-work'
screen | grep -q 'does not exist' && fail "Store warns about the wizard's own working folder"
for s in 5 6 7; do
    send Enter
    wait_for "Step $s of 9"
done
wait_for "START BLOCKED"
review_findings
grep -q 'USMT_WORKING_DIR' "$WORK/findings" &&
    { cat "$WORK/findings"; fail "Review has a finding on the wizard's own working folder"; }
grep -q 'WARNING' "$WORK/findings" ||
    { cat "$WORK/findings"; fail "Review's findings were not read"; }
review_make_ready
send Enter
wait_for "Done:" 60
[ -d "$V/E/USMT-work" ] || fail "the run did not make the working folder"
send Enter
wait_for "Step 9 of 9: Result"
send Enter
wait_exit 0 10
$TMUX_CMD kill-server 2>/dev/null
sleep 0.3

# 2. a working folder typed on purpose that does not exist
rm -rf "$V/E/USMT" "$V/E/USMT-work"
[ -e "$V/E/typed" ] && fail "E:\\typed exists before the run"
start "USMTWIZ_WINPE=1 SIM_PACE_MS=20 '$WIZ' $OPTS"
wait_for "Step 1 of 9: Environment"
for s in 2 3 4; do
    send Enter
    wait_for "Step $s of 9"
done
wait_for 'Working directory:  E:\USMT-work'
# Store folder, kind, existing store, working directory: erase "USMT-work"
send Down Down Down End BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
send -l typed
wait_for 'Working directory:  E:\typed'
wait_for "Stays where set: working directory."
for s in 5 6 7; do
    send Enter
    wait_for "Step $s of 9"
done
wait_for "WARNING (a fixes): USMT_WORKING_DIR 'E:\\typed' does not exist"
# to its row, then its fix
i=0
until screen | grep -q "^ > WARNING (a fixes): USMT_WORKING_DIR"; do
    send Down
    sleep 0.3
    i=$((i + 1))
    [ $i -lt 8 ] || fail "the cursor did not reach the working folder finding"
done
screen | grep -q '\[workdir-missing\]' || fail "the finding is not workdir-missing"
screen | grep -q "let the wizard create 'E:\\\\typed' when the run starts" ||
    fail "the finding does not offer to create the folder"
send a
wait_for "fix applied"
wait_gone "USMT_WORKING_DIR 'E:\\typed' does not exist"
# back to the temporary profile's error, which review_make_ready fixes
send Up Up Up Up Up Up Up Up
wait_for "> ERROR (a fixes): a temporary profile"
send a
wait_gone "ERROR (a fixes)"
i=0
while ! screen | grep -q "READY: nothing blocks" && [ $i -lt 12 ]; do
    if screen | grep -q "Space ack"; then send Space; else send Down; fi
    sleep 0.3
    i=$((i + 1))
done
wait_for "READY: nothing blocks"
send Enter
wait_for "Done:" 60
[ -d "$V/E/typed" ] || fail "the run did not make the typed working folder"
[ -e "$V/E/USMT-work" ] && fail "the wizard's default folder was made beside the typed one"
send Enter
wait_for "Step 9 of 9: Result"
send Enter
wait_exit 0 10
$TMUX_CMD kill-server 2>/dev/null

# 3. usmtwiz run: the wizard's own folder needs no --yes
rm -rf "$V/E/USMT" "$V/E/typed"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\USMT\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
USMTWIZ_WINPE=1 SIM_PACE_MS=1 "$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" \
    --usmt "$WORK/lab/usmt" --simulate --fix </dev/null >"$WORK/run.out" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/run.out"; fail "run without --yes: exit $st, want 0"; }
grep -q 'workdir' "$WORK/run.out" && { cat "$WORK/run.out"; fail "run judged its own working folder"; }
[ -d "$V/E/USMT-work" ] || fail "run did not make the working folder"
exit 0

#!/bin/sh
# The Result screen after a capture that scanstate called a success but
# that left a selected user out: mkhan (a TEMP profile, the real one under
# SID.bak) selected with MIG_FAIL_ON_PROFILE_ERROR=0 applied.  The screen
# says INCOMPLETE, never "Succeeded", names mkhan as not captured, and the
# wizard exits with 4.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\USMT\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid><excludeSid>*-1003</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
start "USMTWIZ_WINPE=1 SIM_PACE_MS=0 '$WIZ' --volume-root '$V' --usmt '$WORK/lab/usmt' --simulate --preset '$WORK/p.xml'"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9"
send Enter
wait_for "Step 3 of 9: Users"
wait_for "Last use"
# mkhan's '.bak' entry is the 12th row
send Home
i=1
while [ $i -lt 12 ]; do send Down; i=$((i + 1)); done
send Space
sleep 0.3
for s in 4 5 6; do
    send Enter
    wait_for "Step $s of 9"
done
send Enter
wait_for "Step 7 of 9: Review"
review_make_ready
send Enter
wait_for "Step 8 of 9: Run"
wait_for "Done:" 60
send Enter
wait_for "Step 9 of 9: Result"
wait_for "INCOMPLETE: scanstate reported success, but 1 selected user is"
screen | grep -q "Succeeded" && fail "an incomplete capture shown as a success"
i=0
while ! screen | grep -q "mkhan (bak" && [ $i -lt 6 ]; do
    send PageDown
    sleep 0.3
    i=$((i + 1))
done
wait_for "NOT CAPTURED"
send Enter
wait_exit 4 10
grep -q '>incomplete</result>' "$V/E/USMT/PC-ACC-0042/usmtwiz-report.xml" || fail "report result"
exit 0

#!/bin/sh
# The Run and Result screens: from Review the capture starts with the
# simulator, progress shows, the result explains the return code, the
# report lands beside the store, the offline volume is untouched and the
# exit status follows scanstate's return code.
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
before=$(tree_hash "$V/D")
start "USMTWIZ_WINPE=1 SIM_PACE_MS=40 '$WIZ' --volume-root '$V' --usmt '$WORK/lab/usmt' --simulate --preset '$WORK/p.xml'"
to_ready_review
send Enter
wait_for "Step 8 of 9: Run"
wait_for "Phase:"
# Esc cannot leave a running capture
send Escape
wait_for "Step 8 of 9: Run"
wait_for "Done:" 60
screen | grep -q "return code 0" || fail "run did not end with 0"
send Enter
wait_for "Step 9 of 9: Result"
wait_for "Succeeded: everything selected"
# the report by its Windows name, then where it is on this practice machine
wait_for 'Report: E:\USMT\PC-ACC-0042\usmtwiz-report.txt'
wait_for "on this machine:"
wait_for "$V/E/USMT/PC-ACC"
screen | grep -q "loadstate.exe E:\\\\USMT\\\\PC-ACC-0042 /i:MigDocs.xml" ||
    { send PageDown; wait_for "loadstate.exe"; }
send Enter
wait_exit 0 10
[ -s "$V/E/USMT/PC-ACC-0042/USMT/USMT.MIG" ] || fail "no store"
[ -f "$V/E/USMT/PC-ACC-0042/usmtwiz-report.xml" ] || fail "no report"
grep -q '<mode>wizard</mode>' "$V/E/USMT/PC-ACC-0042/usmtwiz-report.xml" || fail "report mode"
after=$(tree_hash "$V/D")
[ "$before" = "$after" ] || fail "the offline volume D: was changed"
exit 0

#!/bin/sh
# Review, for a selected user with a TEMP profile (mkhan: the real profile
# is the SID.bak entry, which scanstate skips), offers on f to take that
# folder as files through a generated /i XML; with consent the capture
# holds mkhan's files, the Result screen says "captured as files only",
# and the offline volume is untouched (checked at exit).
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="uncompressed">E:\USMT\%COMPUTERNAME%</store>
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
wait_for "f .bak files"
send f
wait_for "Real profile as files"
send y
wait_for "goes in as files"
review_make_ready
send Enter
wait_for "Step 8 of 9: Run"
wait_for "Done:" 60
send Enter
wait_for "Step 9 of 9: Result"
wait_for "Succeeded: everything selected is in the store"
i=0
while ! screen | grep -q "mkhan (bak" && [ $i -lt 6 ]; do
    send PageDown
    sleep 0.3
    i=$((i + 1))
done
wait_for "captured as files only"
send Enter
wait_exit 0 10
S="$V/E/USMT/PC-ACC-0042"
[ -f "$S/USMT/File/C\$/Users/mkhan/Documents/Shift plan.xlsx" ] || fail "mkhan's files not in the store"
grep -q 'capture="captured as files"' "$S/usmtwiz-report.xml" || fail "report does not say files"
[ -f "$V/E/USMT/PC-ACC-0042-logs/usmtwiz-bak-files.xml" ] || fail "the XML is not beside the logs"
exit 0

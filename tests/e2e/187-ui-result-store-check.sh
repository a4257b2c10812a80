#!/bin/sh
# The Result screen says what the check of the store found: "Store check:
# good" after a good capture; after a capture whose store a faulty disk
# spoiled (SIM_DAMAGE_STORE=truncate), INCOMPLETE, never "Succeeded", the
# damaged line, and the wizard exits with 4.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed" overwrite="yes">E:\USMT\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid><excludeSid>*-1001</excludeSid><excludeSid>*-1003</excludeSid><excludeSid>*-1004</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML

to_result() {
    start "USMTWIZ_WINPE=1 SIM_PACE_MS=0 $1 '$WIZ' --volume-root '$V' --usmt '$WORK/lab/usmt' --simulate --preset '$WORK/p.xml'"
    wait_for "Step 1 of 9: Environment"
    for s in 2 3 4 5 6 7; do
        send Enter
        wait_for "Step $s of 9"
    done
    review_make_ready
    send Enter
    wait_for "Step 8 of 9: Run"
    wait_for "Done:" 60
    send Enter
    wait_for "Step 9 of 9: Result"
}
find_line() {
    i=0
    while ! screen | grep -q "$1" && [ $i -lt 8 ]; do
        send PageDown
        sleep 0.3
        i=$((i + 1))
    done
    wait_for "$1"
}

to_result ""
wait_for "Succeeded"
find_line "Store check: good: usmtutils /verify:catalog: no damaged file"
send Enter
wait_exit 0 10

to_result "SIM_DAMAGE_STORE=truncate"
wait_for "INCOMPLETE: scanstate reported success, but the store does not"
screen | grep -q "Succeeded" && fail "a spoiled store shown as a success"
find_line "Store check: damaged: usmtutils /verify:catalog: return code 42"
send Enter
wait_exit 4 10
grep -q '>incomplete</result>' "$V/E/USMT/PC-ACC-0042/usmtwiz-report.xml" || fail "report result"
grep -q '<storeCheck result="damaged"' "$V/E/USMT/PC-ACC-0042/usmtwiz-report.xml" || fail "report storeCheck"
exit 0

#!/bin/sh
# A selected user whose NTUSER.DAT is missing (anna) and one whose
# UsrClass.dat is missing (Jörg) are each named before the run, with what
# will be lost: the same warning in lint, on the wizard's Review screen and
# in the report of `run`.  Both hives in place: nothing is said.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
anna=S-1-5-21-1004336348-1177238915-682003330-1002
joerg=S-1-5-21-1004336348-1177238915-682003330-1001
cls="AppData/Local/Microsoft/Windows/UsrClass.dat"

lint() {
    "$WIZ" lint --volume-root "$V" --winpe --usmt "$U" \
        --env 'USMT_WORKING_DIR=E:\work' --env MIG_FAIL_ON_PROFILE_ERROR=0 \
        -- 'E:\store' /efs:copyraw \
        '/offlineWinDir:D:\Windows' /i:MigDocs.xml '/ue:*\*' \
        "/ui:$anna*" "/ui:$joerg*" /c '/l:E:\s.log' >"$WORK/lint" 2>&1
}

# the other side of the boundary: every profile has both hives
[ -f "$V/D/Users/anna/$cls" ] || fail "the practice profile has no UsrClass.dat"
lint; rc=$?
[ $rc -eq 0 ] || { cat "$WORK/lint"; fail "good hives: lint exit $rc"; }
grep -q "user-hive-damaged" "$WORK/lint" && { cat "$WORK/lint"; fail "good hives reported"; }

rm "$V/D/Users/anna/NTUSER.DAT" "$V/D/Users/Jörg/$cls"
volume_rebaseline "$V/D"
lint; rc=$?
[ $rc -eq 0 ] || { cat "$WORK/lint"; fail "missing hives: lint exit $rc, want 0 (warnings)"; }
grep -q "^warning user-hive-damaged: NTUSER.DAT of 'anna' (D:\\\\Users\\\\anna\\\\NTUSER.DAT) is missing" "$WORK/lint" ||
    { cat "$WORK/lint"; fail "lint: anna's missing NTUSER.DAT not named"; }
tr '\n' ' ' <"$WORK/lint" | tr -s ' ' | grep -q "NTUSER.DAT of 'anna' .* this user's settings (HKCU: desktop" ||
    { cat "$WORK/lint"; fail "lint: what anna loses is not said"; }
grep -q "^warning user-hive-damaged: UsrClass.dat of 'Jörg' (D:\\\\Users\\\\Jörg\\\\AppData\\\\Local\\\\Microsoft\\\\Windows\\\\UsrClass.dat) is missing" "$WORK/lint" ||
    { cat "$WORK/lint"; fail "lint: Jörg's missing UsrClass.dat not named"; }
tr '\n' ' ' <"$WORK/lint" | tr -s ' ' | grep -q "UsrClass.dat of 'Jörg' .* file associations, COM registrations and shell settings" ||
    { cat "$WORK/lint"; fail "lint: what Jörg loses is not said"; }

# run: the report carries the same findings
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="uncompressed">E:\stores\%job%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid><excludeSid>*-1003</excludeSid><excludeSid>*-1004</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
  <ticket><field name="job" required="yes"/></ticket>
</usmtwizPreset>
XML
"$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$U" --simulate \
    --ticket job=J-1 --fix --yes </dev/null >"$WORK/run" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/run"; fail "run: exit $st, want 0"; }
R="$V/E/stores/J-1/usmtwiz-report.xml"
grep -q "<finding>warning user-hive-damaged: NTUSER.DAT of 'anna' (D:\\\\Users\\\\anna\\\\NTUSER.DAT) is missing" "$R" ||
    { cat "$R"; fail "report: anna's missing NTUSER.DAT not among the findings"; }
grep -q "<finding>warning user-hive-damaged: UsrClass.dat of 'Jörg' .* is missing.*file associations, COM registrations" "$R" ||
    { cat "$R"; fail "report: Jörg's missing UsrClass.dat not among the findings"; }

# the wizard's Review screen shows them before the run
start "USMTWIZ_WINPE=1 '$WIZ' --volume-root '$V' --usmt '$U' --simulate --preset '$WORK/p.xml'"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9"
send Enter
wait_for "Step 3 of 9: Users"
for s in 4 5 6; do
    send Enter
    wait_for "Step $s of 9"
done
send Enter
wait_for "Step 7 of 9: Review"
i=0
while ! screen | grep -q "NTUSER.DAT of 'anna'" && [ $i -lt 20 ]; do
    send Down
    sleep 0.2
    i=$((i + 1))
done
wait_for "NTUSER.DAT of 'anna'"
i=0
while ! screen | grep -q "UsrClass.dat of 'Jörg'" && [ $i -lt 20 ]; do
    send Down
    sleep 0.2
    i=$((i + 1))
done
wait_for "UsrClass.dat of 'Jörg'"
send q
exit 0

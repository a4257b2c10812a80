#!/bin/sh
# OneDrive placeholders whose data is only in the cloud (anna's OneDrive
# Documents and Pictures on a practice volume): inspect and the plain
# mode's user list count them, lint, the wizard's Review screen and the
# report of `run` name anna, the count and the bytes and say the data is
# safe in OneDrive; scanstate-sim logs a read error 395 for each, and
# explain decodes that line.  Without placeholders nothing is said.
. "$TOP/tests/e2e/lib.sh"
S="$TOP/assets/scenarios"
mkdir -p "$WORK/sc"
cat >"$WORK/sc/scenario.txt" <<SC
description the demo PC with OneDrive placeholders in anna's profile
include $S/demo/machine.txt
file Users/anna/OneDrive/Documents/Budget.xlsx size=2M cloud=yes
file "Users/anna/OneDrive/Pictures/Semester 2023.jpg" size=3M cloud=yes
file Users/anna/OneDrive/Documents/local-copy.txt text="kept on disk\n"
volume E label=USBSTORE fs=exFAT kind=removable total=58.6G free=58.5G
volume X label=Boot fs=NTFS kind=ram total=512M free=480M
include $S/_common/winpe-x.txt
include $S/_common/usmt-amd64.txt
SC
"$WIZ" lab create "$WORK/sc" "$WORK/lab" >"$WORK/lab.out" 2>&1 ||
    { cat "$WORK/lab.out"; fail "lab create failed"; }
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
anna=S-1-5-21-1004336348-1177238915-682003330-1002
joerg=S-1-5-21-1004336348-1177238915-682003330-1001
export SIM_PACE_MS=0

# inspect: anna's two placeholders, 5 MB, and nobody else's
"$WIZ" inspect --volume-root "$V" >"$WORK/insp" 2>&1 ||
    { cat "$WORK/insp"; fail "inspect failed"; }
grep -A2 '^      \* anna ' "$WORK/insp" | grep -q 'cloud-only: 2 files, 5.0 MB in OneDrive, not on this disk' ||
    { cat "$WORK/insp"; fail "inspect: anna's placeholders not counted"; }
[ "$(grep -c 'cloud-only:' "$WORK/insp")" -eq 1 ] ||
    { cat "$WORK/insp"; fail "inspect: cloud-only files on other users"; }
"$WIZ" inspect --volume-root "$V" --xml >"$WORK/insp.xml" 2>&1
grep -q "sid=\"$anna\".*size-cloud-only-files=\"2\"" "$WORK/insp.xml" ||
    tr '\n' ' ' <"$WORK/insp.xml" | grep -q "sid=\"$anna\"[^>]*size-cloud-only-files=\"2\"[^>]*size-cloud-only-bytes=\"5242880\"" ||
    { cat "$WORK/insp.xml"; fail "inspect --xml: anna's placeholders"; }

lint() {
    "$WIZ" lint --volume-root "$V" --winpe --usmt "$U" \
        --env 'USMT_WORKING_DIR=E:\work' --env MIG_FAIL_ON_PROFILE_ERROR=0 \
        -- 'E:\store' /efs:copyraw '/offlineWinDir:D:\Windows' \
        /i:MigDocs.xml '/ue:*\*' "/ui:$1*" /c '/l:E:\s.log' >"$WORK/lint" 2>&1
}
# the other side of the boundary: Jörg has no placeholders
lint "$joerg"; rc=$?
[ $rc -eq 0 ] || { cat "$WORK/lint"; fail "Jörg: lint exit $rc"; }
grep -q "users-cloud-only-files" "$WORK/lint" && { cat "$WORK/lint"; fail "Jörg: cloud files reported"; }
lint "$anna"; rc=$?
[ $rc -eq 0 ] || { cat "$WORK/lint"; fail "anna: lint exit $rc, want 0 (a warning)"; }
tr '\n' ' ' <"$WORK/lint" | tr -s ' ' |
    grep -q "^.*warning users-cloud-only-files: 'anna' ($anna) has 2 cloud-only files (5.0 MB): OneDrive placeholders .* they will not be in the store. The data is safe in OneDrive, not lost" ||
    { cat "$WORK/lint"; fail "lint: anna's cloud-only files not named"; }
tr '\n' ' ' <"$WORK/lint" | tr -s ' ' | grep -q "signs in to OneDrive and lets it sync" ||
    { cat "$WORK/lint"; fail "lint: the fix is not said"; }

# run: the report carries the warning; scanstate-sim logs a read error
# for each placeholder and ends with 3 (errors skipped by /c)
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\stores\%job%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid><excludeSid>*-1001</excludeSid><excludeSid>*-1003</excludeSid><excludeSid>*-1004</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
  <ticket><field name="job" required="yes"/></ticket>
</usmtwizPreset>
XML
USMTWIZ_WINPE=1 "$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$U" \
    --simulate --ticket job=J-1 --fix --no-fix users-cloud-only-files --yes \
    </dev/null >"$WORK/run" 2>&1
st=$?
grep -q "return code 3" "$WORK/run" || { cat "$WORK/run"; fail "run: scanstate did not end with 3"; }
R="$V/E/stores/J-1/usmtwiz-report.xml"
grep -q "<finding>warning users-cloud-only-files: 'anna' ($anna) has 2 cloud-only files (5.0 MB)" "$R" ||
    { cat "$R" "$WORK/run"; fail "report: the cloud-only warning is missing (run exit $st)"; }
grep -q '<cloudOnly handling="left" files="2" bytes="5242880" excluded="0"/>' "$R" ||
    { cat "$R"; fail "report: the cloud-only files are not recorded as left"; }
grep -q '^OneDrive:   2 cloud-only files (5.0 MB), data only in OneDrive: not excluded' \
    "$V/E/stores/J-1/usmtwiz-report.txt" ||
    { cat "$V/E/stores/J-1/usmtwiz-report.txt"; fail "report text: cloud-only files"; }
L=$(grep -rl 'Read error 395' "$V/E" "$V/X" 2>/dev/null | grep -i '\.log$' | head -n 1)
[ -n "$L" ] || { find "$V/E" -name '*.log'; fail "no scanstate.log with a read error 395"; }
[ "$(grep -c 'Read error 395 for D:.Users.anna.OneDrive' "$L")" -ge 2 ] ||
    { cat "$L"; fail "scanstate.log: not one read error per placeholder"; }
grep -q '|           395 |           No |          2 | Read error 395 for' "$L" ||
    { tail -n 20 "$L"; fail "scanstate.log: no error summary row for 395"; }
grep -q 'local-copy.txt' "$L" && grep 'local-copy.txt' "$L" | grep -q 'Read error' &&
    fail "a file with its data on disk reported as a read error"

# plain mode: the user list says it
printf '\n\nq\n' | "$WIZ" --plain --volume-root "$V" --usmt "$U" --simulate >"$WORK/plain" 2>&1
grep -q "\] anna, local, $anna, .*, of which 2 cloud-only files (5.0 MB) in OneDrive, not on this disk" "$WORK/plain" ||
    { cat "$WORK/plain"; fail "plain: anna's placeholders not in the user list"; }
[ "$(grep -c 'cloud-only' "$WORK/plain")" -eq 1 ] || { cat "$WORK/plain"; fail "plain: cloud-only on other users"; }

# the wizard's Review screen names them before the run
start "USMTWIZ_WINPE=1 '$WIZ' --volume-root '$V' --usmt '$U' --simulate --preset '$WORK/p.xml'"
wait_for "Step 1 of 9: Environment"
for s in 2 3 4 5 6 7; do
    send Enter
    wait_for "Step $s of 9"
done
# Review wraps each finding whole: read the screen as one text
joined() { screen | sed 's/^ *//' | tr '\n' ' '; }
i=0
while ! joined | grep -q "'anna' ([^)]*) has 2 cloud-only files (5.0 MB)" &&
    [ $i -lt 25 ]; do
    send Down
    sleep 0.2
    i=$((i + 1))
done
joined | grep -q "'anna' ([^)]*) has 2 cloud-only files (5.0 MB)" ||
    fail "Review does not name anna's cloud-only files"
send q

# explain: the pasted line is decoded
line=$(grep -m1 'Read error 395 for' "$L")
"$WIZ" explain "$line" >"$WORK/expl" 2>&1 || { cat "$WORK/expl"; fail "explain failed"; }
grep -q 'ERROR_CLOUD_FILE_ACCESS_DENIED' "$WORK/expl" &&
    grep -q 'OneDrive' "$WORK/expl" && grep -q 'sync' "$WORK/expl" ||
    { cat "$WORK/expl"; fail "explain: read error 395 not decoded"; }
exit 0

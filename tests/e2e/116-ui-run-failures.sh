#!/bin/sh
# Run screen and after: simulator failures explained on the Result screen
# (exit 3), a cancel through Ctrl+C (confirmed, exit 1, recorded as
# cancelled), and usmtwiz killed with -9 mid-run while scanstate goes on,
# followed again with `usmtwiz attach`.
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

# to_review ENV: start the wizard and walk to a ready Review screen
to_review() {
    $TMUX_CMD kill-server 2>/dev/null
    start "USMTWIZ_WINPE=1 $1 '$WIZ' --volume-root '$V' --usmt '$WORK/lab/usmt' --simulate --preset '$WORK/p.xml'"
    to_ready_review
}

# 1. simulator failures explained on the Result screen
for case in "61 USMT_MIGRATION_STOPPED_NONFATAL" "72 USMT_UNABLE_DOMIGRATION" \
            "40 USMT_ERROR_UNABLE_CREATE_PROGRESS_LOG"; do
    code=${case%% *}
    sym=${case#* }
    rm -rf "$V/E/USMT"
    to_review "SIM_PACE_MS=20 SIM_FAIL=$code@40"
    send Enter
    wait_for "Done:" 60
    screen | grep -q "return code $code" || fail "run did not end with $code"
    send Enter
    wait_for "Step 9 of 9: Result"
    wait_for "Failed: the store cannot be used"
    wait_for "$code $sym"
    send Enter
    wait_exit 3 10
done

# 2. cancel with Ctrl+C, confirmed (a fresh store disk)
rm -rf "$V/E/USMT"
to_review "SIM_PACE_MS=300"
send Enter
wait_for "Phase:"
send C-c
wait_for "Cancel the capture?"
send Left
send Enter
wait_for "Done:" 40
send Enter
wait_for "Cancelled: the capture was stopped"
# the partial store: m offers to move it aside; Keep leaves it, Move moves it
wait_for "m move aside"
send m
wait_for "Move it aside"
send n
sleep 0.3
[ -d "$V/E/USMT/PC-ACC-0042" ] || fail "Keep moved the store"
send Enter
wait_exit 1 10
grep -q '>cancelled<' "$V/E/USMT/PC-ACC-0042/usmtwiz-report.xml" || fail "report does not say cancelled"

# 3. usmtwiz killed mid-run: scanstate goes on; attach follows it
rm -rf "$V/E/USMT"
to_review "SIM_PACE_MS=150"
send Enter
wait_for "Phase:"
pkill -9 -f "usmtwiz --volume-root $V" || fail "could not kill usmtwiz"
P="$V/E/USMT/PC-ACC-0042-logs/progress.log"
[ -f "$P" ] || fail "no progress log"
out=$("$WIZ" attach "$P" 2>&1)
st=$?
[ $st -eq 0 ] || { echo "$out"; fail "attach: exit $st"; }
echo "$out" | grep -q 'scanstate ended with return code 0' || { echo "$out"; fail "attach did not see the end"; }
exit 0

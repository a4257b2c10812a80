#!/bin/sh
# BitLocker in the wizard (tmux): the practice PC's D: is locked.  The
# Volume screen lists it with its key protector IDs and offers u; the
# recovery password is typed masked and checked block by block as it is
# typed (a wrong block is named), a password whose blocks are all valid but
# which is not the volume's is refused with its reason, and the right one
# unlocks D:, whose Windows then appears and is captured with the
# simulator.  No password (right, wrong, or half typed) is anywhere: not
# on the screen, in the terminal stream, the log, the report, the store or
# any other file.
. "$TOP/tests/e2e/lib.sh"
RIGHT=466895-217492-569250-069608-104434-135707-527241-083622
OTHER=309540054054123915625218602910100716346984130779
"$WIZ" lab create bitlocker-recovery "$WORK/lab" >/dev/null ||
    fail "lab create failed"
V="$WORK/lab/volumes"
[ -d "$V/D/Windows" ] && fail "the locked volume shows its Windows"
rid=$(sed -n 's/^protector=\({[0-9A-F-]*}\) recovery .*/\1/p' "$V/D.volume")
[ -n "$rid" ] || fail "no recovery key protector in D.volume"
# inspect lists the key protectors; lint's finding names the recovery key
# ID and says how to unlock in the wizard
"$WIZ" inspect --volume-root "$V" >"$WORK/inspect.txt"
grep -q "^  key protector: $rid recovery password$" "$WORK/inspect.txt" ||
    { cat "$WORK/inspect.txt"; fail "inspect does not list the key protector"; }
"$WIZ" lint --volume-root "$V" --usmt "$WORK/lab/usmt" --winpe \
    --env 'USMT_WORKING_DIR=E:\work' -- "E:\\s /offlineWinDir:D:\\Windows \
    /i:MigDocs.xml /l:E:\\logs\\s.log /c /efs:copyraw" >"$WORK/lint.txt"
grep -q "^error   volume-bitlocker: volume D: is locked by BitLocker: scanstate cannot read the offline Windows (recovery key ID $rid)" \
    "$WORK/lint.txt" || { cat "$WORK/lint.txt"; fail "lint: no key ID"; }
grep -q "unlock it in the wizard: Volume screen, key u" "$WORK/lint.txt" ||
    { cat "$WORK/lint.txt"; fail "lint does not say how to unlock"; }
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\USMT\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
start "USMTWIZ_WINPE=1 SIM_PACE_MS=0 '$WIZ' --volume-root '$V'" \
    "--usmt '$WORK/lab/usmt' --simulate --preset '$WORK/p.xml'" \
    "--log '$WORK/wiz.log' 2>'$WORK/wiz.stderr'"
$TMUX_CMD pipe-pane -o "cat >>'$WORK/pane.raw'" || fail "cannot record the pane"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9: Volume"
wait_for "(BitLocker-locked: unlock it first)"
wait_for "Key IDs:       $rid  recovery password"
wait_for "u unlock"

send u
wait_for "Unlock D:"
wait_for "$rid  recovery password"
wait_for "p password  k key file  Esc cancel"
send p
wait_for "Recovery password, 48 digits (shown as *):"
wait_for "8 blocks of 6 digits, each checked as it is typed"
# two right blocks, then block 3 with its last digit wrong
send -l "466895-217492"
wait_for "2 of 8 blocks right so far"
send -l " 569251"
wait_for "block 3 is wrong (not a multiple of 11 up to 720885)"
wait_for "*******************"
screen | grep -q "4668" && fail "a digit of the password is on the screen"
# a password whose every block is valid, but not D:'s
i=0; while [ $i -lt 25 ]; do send BSpace; i=$((i + 1)); done
wait_for "8 blocks of 6 digits"
send -l "$OTHER"
wait_for "all 8 blocks are valid: Enter tries it"
send Enter
wait_for "Not unlocked"
wait_for "this is not its recovery password"
send Enter
wait_for "Recovery password, 48 digits"
i=0; while [ $i -lt 60 ]; do send BSpace; i=$((i + 1)); done
wait_for "8 blocks of 6 digits"
send -l "$RIGHT"
wait_for "all 8 blocks are valid"
send Enter
wait_for "volume D: unlocked: its contents are listed"
wait_for "Windows 11 Pro 23H2  PC-ACC-0042"
screen | grep -q "u unlock" && fail "u is offered on an unlocked volume"
[ -d "$V/D/Windows" ] || fail "D: shows no Windows after the unlock"
grep -q '^locked=0$' "$V/D.volume" || fail "D.volume still says locked"
# from here D: is an offline volume like any other: nothing may change it
volume_rebaseline "$V/D"

send Enter
wait_for "Step 3 of 9: Users"
wait_for "anna"
for s in 4 5 6 7; do
    send Enter
    wait_for "Step $s of 9"
done
review_make_ready
send Enter
wait_for "Step 8 of 9: Run"
wait_for "Done:" 60
screen | grep -q "return code 0" || fail "the capture did not end with 0"
send Enter
wait_for "Step 9 of 9: Result"
send Enter
wait_exit 0 10
[ -s "$V/E/USMT/PC-ACC-0042/USMT/USMT.MIG" ] || fail "no store"
[ -f "$V/E/USMT/PC-ACC-0042/usmtwiz-report.xml" ] || fail "no report"
grep -q "volume D: not unlocked: .*this is not its recovery password" "$WORK/wiz.log" ||
    fail "the log does not say why the wrong password failed"
grep -q "volume D: unlocked with its recovery password" "$WORK/wiz.log" ||
    fail "the log does not record the unlock"
$TMUX_CMD capture-pane -p -S - -E - >"$WORK/pane-end.txt" 2>/dev/null
[ -s "$WORK/pane.raw" ] || fail "the terminal stream was not recorded"

secret_sweep "recovery password" "$RIGHT"
secret_sweep "recovery password" "$(echo "$RIGHT" | tr -d -)"
secret_sweep "recovery password" "$OTHER"
secret_sweep "recovery password" "466895217492569251"
secret_sweep "recovery password" "466895-217492-569251"
exit 0

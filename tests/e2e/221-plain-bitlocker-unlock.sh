#!/bin/sh
# BitLocker in plain mode: the locked D: is listed with its key protector
# IDs and "u 1" unlocks it.  The recovery password is read without echo; a
# wrong block is named, a password whose blocks are valid but which is not
# D:'s is refused with its reason, so is a file that is not its key file;
# the right password unlocks D:, its Windows is listed and captured with
# the simulator, which before the unlock could not read D: (rc 11).  No
# typed password is on the terminal or in any file.
. "$TOP/tests/e2e/lib.sh"
RIGHT=466895217492569250069608104434135707527241083622
BADBLOCK=466895-217492-569251-069608-104434-135707-527241-083622
OTHER=309540-054054-123915-625218-602910-100716-346984-130779
"$WIZ" lab create bitlocker-recovery "$WORK/lab" >/dev/null ||
    fail "lab create failed"
V="$WORK/lab/volumes"
rid=$(sed -n 's/^protector=\({[0-9A-F-]*}\) recovery .*/\1/p' "$V/D.volume")
[ -n "$rid" ] || fail "no recovery key protector in D.volume"
# scanstate (the simulator) cannot read the locked D: either: rc 11
(cd "$WORK/lab/usmt" && USMTWIZ_VOLUME_ROOT="$V" SIM_PACE_MS=0 "$SIM" \
    'E:\pre' '/offlineWinDir:D:\Windows' /i:MigDocs.xml '/l:E:\pre.log' \
    >"$WORK/sim-locked.txt" 2>&1)
rc=$?
[ $rc -eq 11 ] || { cat "$WORK/sim-locked.txt"; fail "scanstate on the locked D: gave $rc, want 11"; }
grep -q "requires a valid path to offline windows folder" "$WORK/sim-locked.txt" ||
    fail "scanstate on the locked D: does not say why"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\USMT\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
ROWS=60 start "USMTWIZ_WINPE=1 SIM_PACE_MS=0 '$WIZ' --plain --volume-root '$V'" \
    "--usmt '$WORK/lab/usmt' --simulate --preset '$WORK/p.xml'" \
    "--log '$WORK/wiz.log' 2>'$WORK/wiz.stderr'"
$TMUX_CMD pipe-pane -o "cat >>'$WORK/pane.raw'" || fail "cannot record the pane"
wait_for "Step 1 of 7"
send Enter
wait_for "Step 2 of 7: Volume"
wait_for "Cannot be used: BitLocker-locked: unlock it first"
wait_for "Key ID: $rid recovery password"
wait_for "Type u 1 to unlock it"

# tried: the password so far is refused at Enter, one message each
try() {
    $TMUX_CMD clear-history
    send 'u 1' Enter
    wait_for "Recovery password, 48 digits (not shown):"
    send -l "$1"
    send Enter
    wait_for "$2"
}
try "$BADBLOCK" "Not unlocked: block 3 is wrong (not a multiple of 11"
try "$OTHER" "Not unlocked: volume D: this is not its recovery password"
# Enter alone: a key file instead; the facts file is none
$TMUX_CMD clear-history
send 'u 1' Enter
wait_for "Recovery password, 48 digits (not shown):"
send Enter
wait_for "Path of the .BEK key file (Enter: cancel):"
send -l "$V/D.volume"
send Enter
wait_for "Not unlocked: volume D: this key file is not one of its external keys"
[ -d "$V/D/Windows" ] && fail "D: was unlocked by a wrong secret"
try "$RIGHT" "Unlocked: the volumes are scanned again."
wait_for "Windows 11 Pro 23H2 (22631.2861)"
[ -d "$V/D/Windows" ] || fail "D: shows no Windows after the unlock"
volume_rebaseline "$V/D"
send Enter
for s in 3 4 5 6; do
    wait_for "Step $s of 7"
    send Enter
done
wait_for "Type s to start"
send 'f 1' Enter
wait_for "Fixed temp-profile-present"
send s Enter
wait_exit 0 30
[ -s "$V/E/USMT/PC-ACC-0042/USMT/USMT.MIG" ] || fail "no store"
grep -q "volume D: unlocked with its recovery password" "$WORK/wiz.log" ||
    fail "the log does not record the unlock"
$TMUX_CMD capture-pane -p -S - -E - >"$WORK/pane-end.txt" 2>/dev/null
[ -s "$WORK/pane.raw" ] || fail "the terminal stream was not recorded"

secret_sweep "recovery password" "$RIGHT"
secret_sweep "recovery password" "466895-217492-569250-069608-104434-135707-527241-083622"
secret_sweep "recovery password" "$BADBLOCK"
secret_sweep "recovery password" "$OTHER"
secret_sweep "recovery password" "$(echo "$OTHER" | tr -d -)"
exit 0

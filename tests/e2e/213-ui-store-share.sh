#!/bin/sh
# The Store screen with a store on a file share (a preset's template;
# --share \\fs01\usmt=DIR plays the share, DIR.login makes it ask for a
# user and password): the Share line says it is not connected and why,
# Next is refused, Space on it connects (user typed, password masked), a
# wrong password is refused with the reason, the right one connects and
# shows the room on the share; the capture then writes the store into
# the share's folder.  The password is nowhere: not on the terminal
# stream, not in the log, the report, the store, nor any other file.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
PW=Ui-Share-Pw-3141
USR=CORP-bench-9
mkdir -p "$WORK/share"
printf 'user=%s\npassword=%s\n' "$USR" "$PW" >"$WORK/share.login"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">\\fs01\usmt\stores\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
start "USMTWIZ_WINPE=1 SIM_PACE_MS=0 '$WIZ' --volume-root '$V'" \
    "--usmt '$WORK/lab/usmt' --simulate --preset '$WORK/p.xml'" \
    "--share '\\\\fs01\\usmt=$WORK/share' --log '$WORK/wiz.log'" \
    "2>'$WORK/wiz.stderr'"
$TMUX_CMD pipe-pane -o "cat >>'$WORK/pane.raw'" || fail "cannot record the pane"
wait_for "Step 1 of 9: Environment"
for s in 2 3 4; do
    send Enter
    wait_for "Step $s of 9"
done
wait_for 'Store folder:       \\fs01\usmt\stores\PC-ACC-0042'
wait_for 'Share:              \\fs01\usmt NOT CONNECTED: access denied'
wait_for "Down, then Space: connect it"
send Enter
wait_for "Cannot go on: the share of the store is not connected"
send Down
wait_for "Space: connect with a user and password"
wait_for "Space connect"

# a wrong password: refused, the reason in a message
send Space
wait_for "User (DOMAIN\\name; empty for none):"
send -l "$USR"
send Enter
wait_for "Password (not shown):"
send -l "${PW}X"
wait_for "*****************"
screen | grep -q -F -- "$PW" && fail "the password was shown while typed"
send Enter
wait_for "Not connected"
wait_for "access denied"
send Enter
wait_gone "Not connected"
wait_for "NOT CONNECTED: access denied"

# the right one: connected, with the room on the share
send Space
wait_for "User (DOMAIN\\name; empty for none):"
send -l "$USR"
send Enter
wait_for "Password (not shown):"
send -l "$PW"
send Enter
wait_for 'connected \\fs01\usmt'
wait_for 'Share:              \\fs01\usmt connected, '
screen | grep -q 'free; estimate' || fail "no free space on the share"
screen | grep -q 'store-share-not-connected' && fail "the finding stayed"
send Enter
wait_for "Step 5 of 9"
send Enter
wait_for "Step 6 of 9"
send Enter
wait_for "Step 7 of 9: Review"
review_make_ready
# a preset saved now keeps the share path and nothing of the login
send p
wait_for "Preset file"
send End $(i=0; while [ $i -lt 120 ]; do printf 'BSpace '; i=$((i + 1)); done)
send -l "$WORK/saved.xml"
send Enter
wait_for "preset saved"
grep -q '\\\\fs01\\usmt\\stores\\PC-ACC-0042' "$WORK/saved.xml" ||
    { cat "$WORK/saved.xml"; fail "the saved preset lost the share path"; }
send Enter
wait_for "Step 8 of 9: Run"
wait_for "Done:" 60
screen | grep -q "return code 0" || fail "run did not end with 0"
send Enter
wait_for "Step 9 of 9: Result"
send Enter
wait_exit 0 10
S="$WORK/share/stores/PC-ACC-0042"
[ -s "$S/USMT/USMT.MIG" ] || fail "no store in the share's folder"
[ -f "$S/usmtwiz-report.xml" ] || fail "no report beside the store"
grep -q "connected" "$WORK/wiz.log" || fail "the connection was not logged"
$TMUX_CMD kill-server

secret_sweep "share password" "$PW" ! -path "$WORK/share.login"
secret_sweep "share user" "$USR" ! -path "$WORK/share.login" \
    ! -path "$WORK/pane.raw"
exit 0

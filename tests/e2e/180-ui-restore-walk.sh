#!/bin/sh
# The restore's screens at 80x24 on a practice new PC: Store (two stores,
# newest first; Up/Down choose, the findings follow the store) -> Accounts
# (Space leaves anna out, then /ue:*\anna is on Review's line) -> What to
# restore (the capture's /i set ticked, MigApp.xml ticked is the warning
# restore-xml-set, /v changed and back) -> Key (an
# encrypted store: a wrong key is refused by the capture's fingerprint, the
# right one is typed masked; it never shows on the screen nor lands in a
# file under the store or on the new PC) -> Review -> Run (Esc asks before
# stopping; answered no, loadstate goes on) -> Result (the two users
# restored, anna left out, the report in both places) -> exit 0.  Every
# screen: no row cut short, the help opens, the hint bar's keys work.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
KEY='Bench-Key-7Q9x'
printf '%s' "$KEY" >"$V/E/bench.key"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\stores\PC</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
  <encryption ask="no" algorithm="AES_256"><keyFile>E:\bench.key</keyFile></encryption>
</usmtwizPreset>
XML
USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WIZ" run --preset "$WORK/p.xml" \
    --volume-root "$V" --usmt "$WORK/lab/usmt" --simulate --fix --yes \
    </dev/null >"$WORK/cap" 2>&1 || { cat "$WORK/cap"; fail "capture failed"; }
rm -f "$V/E/bench.key"
# an older store without a report, found second
mkdir -p "$V/E/old/PC2/USMT"
cp "$V/E/stores/PC/USMT/USMT.MIG" "$V/E/old/PC2/USMT/"
# the new PC: the same Windows without its profiles, the USB disk as E:
mkdir -p "$WORK/new"
cp -R "$V/D" "$WORK/new/C"
rm -rf "$WORK/new/C/Users"/*
ln -s "$V/E" "$WORK/new/E"

# whole: no row of the screen was cut short
whole() {
    screen | grep -q '…' && fail "$1: a row is cut short"
    return 0
}
# help NAME: the help opens from the bar's '?' and Esc closes it
help() {
    send '?'
    wait_for "Help: $1"
    wait_for "Keys that work here now:"
    send Escape
    wait_gone "Help: $1"
}

start "USMTWIZ_ELEVATED=1 SIM_PACE_MS=150 '$WIZ' restore --target-root '$WORK/new' --simulate"
wait_for "Step 1 of 7: Store"
wait_for '> E:\stores\PC  PC-ACC-0042'
wait_for "Stores on the new PC's drives, newest first: 2"
screen | grep -q 'E:\\old\\PC2  (no capture report)' || fail "the second store is not listed"
wait_for 'Captured on PC-ACC-0042 (Windows 11 Pro'
wait_for 'compressed store, encrypted, 3 users:'
wait_for 'anna (local, S-1-5-21-'
wait_for 'No finding: nothing known stands in the way.'
wait_for 'Up/Down choose  PgUp/PgDn choose'
whole "Store"
help Store
# Down opens the second store: its own facts and findings
send Down
wait_for '> E:\old\PC2  (no capture report)'
wait_for 'No capture report beside it: what it holds is not known.'
send PageUp
wait_for '> E:\stores\PC  PC-ACC-0042'
wait_for 'compressed store, encrypted, 3 users:'
send Enter

wait_for "Step 2 of 7: Accounts"
wait_for 'Stored users: 3, 3 to restore, 0 left out.'
wait_for '> restore   Jörg (local) -> PC-ACC-0042\Jörg'
wait_for 'same name; created disabled if new (/lac without /lae)'
wait_for 'Space leave out'
whole "Accounts"
help Accounts
send Down
wait_for '> restore   anna (local)'
send Space
wait_for '> LEFT OUT  anna (local)'
wait_for 'left out (/ue)'
wait_for 'Stored users: 3, 2 to restore, 1 left out.'
wait_for 'Space take back'
# Space takes back, and again leaves out
send Space
wait_for '> restore   anna (local) -> PC-ACC-0042\anna'
send Space
wait_for '> LEFT OUT  anna (local)'
# Esc goes back to the store and Enter returns: the choice is kept
send Escape
wait_for "Step 1 of 7: Store"
send Enter
wait_for "Step 2 of 7: Accounts"
wait_for 'Stored users: 3, 2 to restore, 1 left out.'
send Enter

wait_for "Step 3 of 7: What to restore"
wait_for '> [x] /i:MigDocs.xml  (the capture'"'"'s)'
wait_for '[ ] /i:MigApp.xml  (not in the capture)'
wait_for '[x] /c  continue on errors'
wait_for '/v:5  log: verbose and status'
wait_for 'Space toggle'
whole "What to restore"
help "What to restore"
# a file the capture did not use: the warning; taken off again: gone
send Down Space
wait_for '> [x] /i:MigApp.xml'
wait_for 'WARNING restore-xml-set'
send Space
wait_for '> [ ] /i:MigApp.xml'
wait_gone 'WARNING restore-xml-set'
# /v: Right the next level, Left back
send End
wait_for 'Space/Left/Right level'
send Right
wait_for '> ''    /v:8  log: errors, to a debugger'
send Left
wait_for '> ''    /v:5  log: verbose and status'
whole "What to restore"
send Enter

wait_for "Step 4 of 7: Key"
wait_for 'No key is set yet.'
wait_for 'type the key'
screen | grep -q 'Enter' && fail "Key: Enter offered with nothing typed"
whole "Key"
# in a text input F1 is the help (? is a character of the key)
send F1
wait_for "Help: Key"
send Escape
wait_gone "Help: Key"
send -l 'not-the-key'
wait_for 'Key: ***********'
screen | grep -q 'not-the-key' && fail "the typed key is on the screen"
send Enter
wait_for "not the capture's key: type it again"
wait_for "The key set is NOT the capture's"
send -l "$KEY"
wait_for 'Key: **************'
screen | grep -qF "$KEY" && fail "the key is on the screen"
send Enter

wait_for "Step 5 of 7: Review"
wait_for 'READY: no error stands. Enter starts loadstate.'
wait_for '/ue:*\anna'
wait_for '"/keyfile:<key'
screen | grep -qF "$KEY" && fail "the key is on Review"
wait_for 'Enter start loadstate'
whole "Review"
help Review
# back to Key: the key is kept and Enter keeps it
send Escape
wait_for "Step 4 of 7: Key"
wait_for 'A key is set: it matches the fingerprint the capture recorded.'
wait_for 'Enter keep it'
send Enter
wait_for "Step 5 of 7: Review"
send Enter

wait_for "Step 6 of 7: Run"
wait_for 'Esc stop  q stop'
whole "Run"
send Escape
wait_for 'Stop the restore?'
send n
wait_gone 'Stop the restore?'
wait_for 'Done:       return code 0 - Enter shows the result' 60
wait_for 'Enter result'
send Enter

wait_for "Step 7 of 7: Result"
wait_for 'Restore success: loadstate returned 0'
wait_for 'Jörg: RESTORED as PC-ACC-0042\Jörg (loadstate included it)'
wait_for 'anna: NOT RESTORED: left out (/ue)'
wait_for '李雷: RESTORED as PC-ACC-0042\李雷'
wait_for 'Report: E:\stores\PC\usmtwiz-restore-report.txt'
wait_for 'Report: C:\ProgramData\usmtwiz\restores\PC-ACC-0042-'
wait_for 'Each user signs out and in once'
help Result
send Enter
wait_exit 0
screen | grep -q 'usmtwiz restore: success, loadstate returned 0' || fail "the outcome is not printed"
screen | grep -qF "$KEY" && fail "the key is in the terminal"

[ -d "$WORK/new/C/Users/Jörg" ] || fail "Jörg was not restored"
[ -d "$WORK/new/C/Users/anna" ] && fail "anna was restored though left out"
R="$V/E/stores/PC/usmtwiz-restore-report.xml"
[ -f "$R" ] || fail "no restore report beside the store"
grep -q 'result="left out"' "$R" || { cat "$R"; fail "anna not left out in the report"; }
grep -q '/ue:\*\\anna' "$V/E/stores/PC-logs/loadstate.log" || fail "loadstate did not get /ue"
grep -rqF "$KEY" "$V/E" "$WORK/new/C" && fail "the key was written under the store or on the new PC"
find "$WORK" -name 'usmt.key' | grep -q . && fail "the key file was left behind"
exit 0

#!/bin/sh
# /lac with a password, never on loadstate's line: the demo PC's anna
# restored onto the laptop of the restore lessons (no account anna there).
# With --lac-password-file, loadstate gets /lac alone (accounts created
# disabled) and usmtwiz sets the password and enables the account after the
# run: the practice new PC records that anna got a password, without it.
# The password is nowhere else: not on loadstate's recorded command line,
# the terminal, the logs, the reports or any other file.  In the dialogue it
# is typed twice, masked (tmux); two different entries stop before
# loadstate.  On the screens, p on Accounts takes it twice, masked (or it
# comes from --lac-password-file), and Result gives it.  A failed
# loadstate sets no password.
. "$TOP/tests/e2e/lib.sh"
TR="$TOP/assets/training"
PW='Lac-Pw-5kQ8zz'
export USMTWIZ="$WIZ" SIM_PACE_MS=0
lab="$WORK/lab"
sh "$TR/restore-lab.sh" restore-missing-lac "$lab" </dev/null >"$WORK/build" 2>&1 ||
    { cat "$WORK/build"; fail "restore-lab.sh failed"; }
printf '%s\n' "$PW" >"$WORK/pw.txt"
REC="$lab/newpc/C/Windows/usmtwiz-practice-accounts.txt"
LOG="$lab/old/volumes/E/stores/PC-logs/loadstate.log"

# the password as text, UTF-16LE and hex (it has no regex characters)
PW16=$(printf '%s' "$PW" | sed 's/./&\\x00/g')
PWHEX=$(printf '%s' "$PW" | od -An -v -tx1 | tr -d ' \n')
# every file the restore may have written: all but the practice PCs'
# large sparse files (hibernation file, copied profile files over 20 MB)
no_password() {
    find "$WORK" -type f -size -20M ! -path "$WORK/pw.txt" >"$WORK/files"
    [ "$(wc -l <"$WORK/files")" -gt 100 ] || fail "$1: too few files swept"
    tr '\n' '\0' <"$WORK/files" |
        xargs -0 grep -laF -e "$PW" -e "$PWHEX" >"$WORK/leaks" 2>/dev/null
    tr '\n' '\0' <"$WORK/files" |
        xargs -0 grep -laP "$PW16" >>"$WORK/leaks" 2>/dev/null
    [ -s "$WORK/leaks" ] && { cat "$WORK/leaks"; fail "$1: the password was written"; }
    return 0
}

"$WIZ" restore --target-root "$lab/newpc" --simulate --yes \
    --lac-password-file "$WORK/pw.txt" </dev/null >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "restore with a password: want exit 0"; }
grep -q '^Password set and account enabled: anna$' "$WORK/out" ||
    { cat "$WORK/out"; fail "the password step not said"; }
[ "$(cat "$REC")" = "$(printf 'anna\tpassword set\tenabled')" ] ||
    { cat "$REC"; fail "the practice new PC does not record anna's password"; }
line=$(sed -n '/^loadstate line:/{n;p;}' "$WORK/out")
case "$line" in *' /lac '*|*' /lac') ;; *) fail "no bare /lac on: $line" ;; esac
case "$line" in *'/lac:'*|*'/lae'*) fail "a password switch on: $line" ;; esac
grep -q 'Command line: .*/lac' "$LOG" || fail "loadstate.log has no command line with /lac"
grep -q 'Command line: .*/lac:' "$LOG" && fail "loadstate's command line holds /lac:"
[ -d "$lab/newpc/C/Users/anna" ] || fail "anna not restored"
no_password "file"

# the dialogue: typed twice, masked; two different entries stop it
rm -rf "$lab/newpc/C/Users/anna" "$REC"
start "$WIZ restore --plain --target-root '$lab/newpc' --simulate"
wait_for 'Set their password and enable them after loadstate?'
send y Enter
wait_for 'Password (not shown):'
send "$PW" Enter
wait_for 'Again (not shown):'
send 'something-else' Enter
wait_for 'the two passwords differ'
screen | grep -qF "$PW" && fail "the password was shown"
wait_exit 2
$TMUX_CMD kill-server 2>/dev/null
[ -e "$REC" ] && fail "differing passwords: a password was set"
[ -d "$lab/newpc/C/Users/anna" ] && fail "differing passwords: loadstate ran"

start "$WIZ restore --plain --target-root '$lab/newpc' --simulate"
wait_for 'Set their password and enable them after loadstate?'
send y Enter
wait_for 'Password (not shown):'
send "$PW" Enter
wait_for 'Again (not shown):'
send "$PW" Enter
wait_for 'Start loadstate?'
send y Enter
wait_for 'Password set and account enabled: anna'
screen | grep -qF "$PW" && fail "the password was shown"
wait_exit 0
$TMUX_CMD kill-server 2>/dev/null
[ "$(cat "$REC")" = "$(printf 'anna\tpassword set\tenabled')" ] ||
    { cat "$REC"; fail "dialogue: anna's password not recorded"; }
no_password "dialogue"

# the screens: p on Accounts, typed twice, masked; two different entries
# set nothing; Result gives the password and says so
rm -rf "$lab/newpc/C/Users/anna" "$REC"
start "USMTWIZ_ELEVATED=1 '$WIZ' restore --target-root '$lab/newpc' --simulate"
wait_for "Step 1 of 6: Store"
send Enter
wait_for "Step 2 of 6: Accounts"
wait_for '/lac: new local accounts created disabled (p: a password)'
send '?'
wait_for 'Keys that work here now:'
screen | grep -q 'lac password' || fail "p is not among the keys"
send Escape
wait_gone 'Keys that work here now:'
send p
wait_for 'Password of the local accounts /lac creates'
send -l "$PW"
send Enter
wait_for 'The same password again:'
send -l 'something-else'
send Enter
wait_for 'the two passwords differ: none was set'
wait_for '/lac: new local accounts created disabled (p: a password)'
send p
wait_for 'Password of the local accounts /lac creates'
send -l "$PW"
wait_for '*************'
screen | grep -qF "$PW" && fail "screens: the password was shown"
send Enter
wait_for 'The same password again:'
send -l "$PW"
send Enter
wait_for '/lac password: set, not shown; given after loadstate'
screen | grep -qF "$PW" && fail "screens: the password was shown"
send Enter
wait_for "Step 3 of 6: What to restore"
send Enter
wait_for "Step 4 of 6: Review"
$TMUX_CMD capture-pane -p -J | grep -qF "$PW" && fail "the password is on Review"
send Enter
wait_for 'Enter shows the result' 30
send Enter
wait_for "Step 6 of 6: Result"
wait_for 'Password set and account enabled: anna'
screen | grep -qF "$PW" && fail "screens: the password was shown on Result"
send Enter
wait_exit 0
$TMUX_CMD kill-server 2>/dev/null
[ "$(cat "$REC")" = "$(printf 'anna\tpassword set\tenabled')" ] ||
    { cat "$REC"; fail "screens: anna's password not recorded"; }
no_password "screens"

# the screens take --lac-password-file too
rm -rf "$lab/newpc/C/Users/anna" "$REC"
start "USMTWIZ_ELEVATED=1 '$WIZ' restore --target-root '$lab/newpc' --simulate --lac-password-file '$WORK/pw.txt'"
wait_for "Step 1 of 6: Store"
send Enter
wait_for '/lac password: set, not shown; given after loadstate'
send Enter
wait_for "Step 3 of 6: What to restore"
send Enter
wait_for "Step 4 of 6: Review"
send Enter
wait_for 'Enter shows the result' 30
send Enter
wait_for 'Password set and account enabled: anna'
send Enter
wait_exit 0
$TMUX_CMD kill-server 2>/dev/null
[ "$(cat "$REC")" = "$(printf 'anna\tpassword set\tenabled')" ] ||
    { cat "$REC"; fail "screens with a file: anna's password not recorded"; }
no_password "screens with a file"

# loadstate fails (the simulator not elevated: rc 34): no password is set
rm -rf "$lab/newpc/C/Users/anna" "$REC"
USMTWIZ_ELEVATED=1 SIM_NOT_ELEVATED=1 "$WIZ" restore --target-root "$lab/newpc" \
    --simulate --yes --lac-password-file "$WORK/pw.txt" </dev/null >"$WORK/out" 2>&1
[ $? -eq 3 ] || { cat "$WORK/out"; fail "loadstate failing: want exit 3"; }
grep -q 'no account got the password' "$WORK/out" || { cat "$WORK/out"; fail "failure: not said"; }
[ -e "$REC" ] && fail "a failed restore set a password"
no_password "failure"
exit 0

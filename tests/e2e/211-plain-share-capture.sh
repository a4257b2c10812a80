#!/bin/sh
# Plain mode captures to a file share (--share \\fs01\usmt=DIR plays it;
# DIR.login makes it ask for a user and password).  The share path is
# typed on the Store step, the share is said not connected, a wrong
# password is refused with the reason, the right one connects it, and the
# simulator writes the store into the share's folder.  The password (and
# the user) then appear in no file and the password nowhere on the
# terminal: pane, scrollback, logs, stderr, report, store.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
PW=Share-Pw-5150x
USR=CORP-tech-77
mkdir -p "$WORK/share"
printf 'user=%s\npassword=%s\n' "$USR" "$PW" >"$WORK/share.login"

start "sh -c 'USMTWIZ_WINPE=1 SIM_PACE_MS=0 exec $WIZ --plain" \
    "--volume-root $V --usmt $U --simulate" \
    "--share \"\\\\\\\\fs01\\\\usmt=$WORK/share\"" \
    "--log $WORK/wiz.log 2>$WORK/wiz.stderr'"
$TMUX_CMD pipe-pane -o "cat >>'$WORK/pane.raw'" || fail "cannot record the pane"
wait_for "Step 1 of 7"
for s in 2 3 4; do
    send Enter
    wait_for "Step $s of 7"
done
wait_for "its share, w PATH"
send -l '\\fs01\usmt\stores\PC1'
send Enter
wait_for 'Share \\fs01\usmt: not connected: access denied'
wait_for "Type c to connect it."

# seen N TEXT: wait until TEXT was printed N times (scrollback included).
seen() {
    i=0
    while [ $i -lt 100 ]; do
        c=$($TMUX_CMD capture-pane -p -J -S - | grep -c -F -- "$2")
        [ "$c" -ge "$1" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    fail "timed out waiting for '$2' ($1 times)"
}

# a wrong password: refused, with the reason
send c Enter
seen 1 "User (DOMAIN\\name; Enter for none):"
send -l "$USR"
send Enter
seen 1 "Password (not shown):"
send -l "${PW}X"
send Enter
seen 1 "Not connected: cannot reach '\\\\fs01\\usmt': access denied"

# the right one: connected, the room on the share is shown
send c Enter
seen 2 "User (DOMAIN\\name; Enter for none):"
send -l "$USR"
send Enter
seen 2 "Password (not shown):"
send -l "$PW"
send Enter
seen 1 'Connected \\fs01\usmt.'
seen 1 'Share \\fs01\usmt: connected; free space'
$TMUX_CMD capture-pane -p -J -S - | grep -q 'store-share-not-connected' ||
    fail "the finding was never shown"

# on to Review: the temporary profile fixed, a warning acknowledged,
# then the start
for s in 5 6 7; do
    send Enter
    seen 1 "Step $s of 7"
done
seen 1 "Type s to start"
send 'f 1' Enter
seen 1 "Fixed temp-profile-present"
seen 2 "Type s to start"
# the Entra ID account's warning, read and acknowledged
send 'a 1' Enter
seen 1 "Acknowledged users-entra"
send s Enter
wait_exit 0 60
$TMUX_CMD capture-pane -p -J -S - -E - >"$WORK/pane.txt"
grep -q 'Command: .*scanstate-sim \\\\fs01\\usmt\\stores\\PC1 ' "$WORK/pane.txt" ||
    { cat "$WORK/pane.txt"; fail "the command does not write to the share"; }
grep -q '^Succeeded: everything selected is in the store\.$' "$WORK/pane.txt" ||
    fail "no verdict"
S="$WORK/share/stores/PC1"
[ -s "$S/USMT/USMT.MIG" ] || fail "no store in the share's folder"
[ -f "$S/usmtwiz-report.xml" ] || fail "no report beside the store"
[ -f "$WORK/share/stores/PC1-logs/scanstate.log" ] || fail "no log on the share"
grep -q 'scanstate-sim' "$WORK/wiz.log" || fail "nothing was logged"
$TMUX_CMD kill-server

# the sweep: the password nowhere, in no encoding (terminal stream,
# scrollback, logs, stderr, report, store...); the user in no file but
# the recordings of what was typed and the share's own login file
secret_sweep "share password" "$PW" ! -path "$WORK/share.login"
secret_sweep "share user" "$USR" ! -path "$WORK/share.login" \
    ! -path "$WORK/pane.raw" ! -path "$WORK/pane.txt"
exit 0

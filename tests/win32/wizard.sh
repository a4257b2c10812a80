#!/bin/sh
# usmtwiz.exe under wine in a real terminal (tmux): the wizard walked on
# the demo practice volumes mapped as drive letters D: and E:, a capture
# with scanstate-sim.exe through to the Result screen, then Windows PE
# detection through the MiniNT key.  Run by tests/win32/run.sh, which has
# made the Windows PE folder (make winpe-folder) and mapped the drives:
#   wizard.sh WINPE-FOLDER LAB-DIR
# Prints "ok ..." or "FAIL ..." lines; exit status 0 when all passed.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
wbuild=$1
lab=$2
. "$TOP/tests/e2e/lib.sh"
# lib.sh points TMPDIR at its own folder; wine keeps its prefix outside
: "${WINEPREFIX:?}"
export WINEDEBUG=-all

winpath() { printf 'Z:%s' "$1" | tr / '\\'; }
exe=$(winpath "$wbuild/usmtwiz.exe")
usmt=$(winpath "$lab/usmt")
# no TERM: on Windows ncurses draws through the console driver
# (wine's own notes go to a file, not over the screen)
WINE_WIZ="env -u TERM WINEPREFIX='$WINEPREFIX' WINEDEBUG=-all wine '$exe'"
WINE_ERR="2>>'$WORK/wine.err'"
ROWS=30
COLS=100

ok() { echo "ok   $*"; }

key='HKLM\SYSTEM\CurrentControlSet\Control\MiniNT'
wine reg delete "$key" /f >/dev/null 2>&1
# no store left from an earlier run on the drives the Store screen proposes
rm -rf "$WINEPREFIX/drive_c/USMT" "$WINEPREFIX/drive_c/USMT-work" \
    "$lab/volumes/E/USMT" "$lab/volumes/E/USMT-work"
before=$(tree_hash "$lab/volumes/D")

start "$WINE_WIZ --usmt '$usmt' --simulate $WINE_ERR"
wait_for "Step 1 of 9: Environment" 60
wait_for "Running in:   a full operating system"
wait_for "scanstate:    amd64"
ok "usmtwiz.exe starts under wine and shows the Environment screen"
# help comes from the help folder beside the program (the WinPE layout)
send F1
wait_for "Help: Environment"
screen | grep -q "No help text" && fail "the help texts beside usmtwiz.exe were not found"
send Enter
wait_gone "Help: Environment"
ok "F1 shows the help texts of the Windows PE folder"
send Enter
wait_for "Step 2 of 9: Volume"
wait_for "PC-ACC-0042"
wait_for "D:\\Windows"
ok "the Volume screen finds Windows on drive D:"
send Enter
wait_for "Step 3 of 9: Users"
wait_for "$(printf 'J\303\266rg')"
wait_for "$(printf '\346\235\216\351\233\267')"
ok "the Users screen shows non-ASCII names through the wide console API"
# a lone Esc goes back a step (the console driver gets keys as records:
# no escape delay holds it back)
send Escape
wait_for "Step 2 of 9: Volume" 5
send Enter
wait_for "Step 3 of 9: Users"
ok "a lone Esc goes back a step"
send Enter
wait_for "Step 4 of 9: Store"
# C:, E: and Z: of wine are all the same host disk: move the store with
# PgUp to another volume, then on to E:, the practice store volume; the
# logs and the working folder follow it
first=$(screen | sed -n 's/^ Store folder: *\([A-Z]\):.*/\1/p')
[ -n "$first" ] || fail "no store folder on the Store screen"
send PPage
sleep 1
second=$(screen | sed -n 's/^ Store folder: *\([A-Z]\):.*/\1/p')
[ -n "$second" ] && [ "$second" != "$first" ] ||
    fail "PgUp did not move the store from $first:"
i=0
while ! screen | grep -q "Store folder: *E:" && [ $i -lt 8 ]; do
    send PPage
    sleep 0.7
    i=$((i + 1))
done
wait_for "Store folder:       E:\\USMT"
wait_for "Working directory:  E:\\USMT-work"
screen | grep -q 'Log file (/l): *E:\\USMT\\[^ ]*-logs\\scanstate\.log' ||
    fail "the log did not follow the store to E: (from $first:)"
screen | grep -q 'Progress log: *E:\\USMT\\[^ ]*-logs\\progress\.log' ||
    fail "the progress log did not follow the store to E: (from $first:)"
ok "PgUp moves the store ($first: to $second:, then E:) with its logs and working folder"
for s in 5 6; do
    send Enter
    wait_for "Step $s of 9"
done
send Enter
wait_for "Step 7 of 9: Review"
# Review's command and environment: the places on the store's drive
: >"$WORK/review"
i=0
while [ $i -lt 6 ]; do
    screen >>"$WORK/review"
    send NPage
    sleep 0.5
    i=$((i + 1))
done
grep -q '/l:E:\\USMT\\[^ ]*-logs\\scanstate\.log' "$WORK/review" ||
    { cat "$WORK/review"; fail "Review's /l is not beside the store on E:"; }
grep -q 'USMT_WORKING_DIR=E:\\USMT-work' "$WORK/review" ||
    { cat "$WORK/review"; fail "Review's working folder is not on E:"; }
if [ "$first" != E ]; then
    grep -q "/l:$first:\\|/progress:$first:\\|USMT_WORKING_DIR=$first:" "$WORK/review" &&
        { cat "$WORK/review"; fail "Review still has a place on $first:"; }
fi
ok "Review shows the logs and the working folder on the store's drive E:"
review_make_ready
ok "the Review screen lists findings, applies a fix and is ready"
send Enter
wait_for "Step 8 of 9: Run"
wait_for "Enter shows the result" 120
screen | grep -q "100%" || fail "the Run screen did not follow the progress to 100%"
ok "the Run screen followed scanstate-sim.exe to 100 %"
send Enter
wait_for "Step 9 of 9: Result"
wait_for "Return code: 0 USMT_SUCCESS"
# the store went where the Store screen proposed: find it on the host
store=$(screen | sed -n 's/^ *Store: \([A-Z]\):\\\(.*\)$/\1 \2/p' | head -n 1)
letter=$(echo "$store" | cut -d' ' -f1 | tr 'A-Z' 'a-z')
rest=$(echo "$store" | cut -d' ' -f2- | tr '\\' /)
[ -n "$letter" ] || fail "no store path on the Result screen"
host=$(cd "$WINEPREFIX/dosdevices/$letter:" && pwd -P)/$rest
[ -d "$host" ] || fail "no store at $host"
[ -f "$host/usmtwiz-report.xml" ] || fail "no report in $host"
ok "the Result screen explains return code 0; the store and its report exist"
: >"$WORK/result"
i=0
while [ $i -lt 10 ]; do
    screen >>"$WORK/result"
    send NPage
    sleep 0.5
    i=$((i + 1))
done
grep -q 'E:\\USMT\\[^ ]*-logs\\scanstate\.log' "$WORK/result" ||
    { cat "$WORK/result"; fail "Result does not name the log beside the store on E:"; }
[ -f "$lab/volumes/E/USMT/PC-ACC-0042-logs/scanstate.log" ] ||
    fail "no scanstate.log beside the store on E:"
[ -d "$lab/volumes/E/USMT-work" ] || fail "no working folder on E:"
ok "Result names the log beside the store on E:; the log and the working folder are there"
send Enter
wait_exit 0 20
# a clean exit: nothing of the last screen stays in the console
if screen | grep -E 'Step [0-9] of 9|Enter leave|Enter/q finish|\? help'; then
    fail "the wizard's last screen stayed after it ended under wine"
fi
ok "the wizard leaves a clean console when it ends under wine"
after=$(tree_hash "$lab/volumes/D")
[ "$before" = "$after" ] || fail "the offline volume D: was changed"
ok "the offline volume was not written"
$TMUX_CMD kill-server 2>/dev/null

# a store on a file share: wine reaches \\usmtwiz-fs2\usmt (its UNC
# folder, a folder of ours); the Store screen sees the share reached and
# its room, and connecting it with a user and password either works or
# says why (wine has no network provider: the network is not started)
mkdir -p "$WORK/share" "$WINEPREFIX/dosdevices/unc/usmtwiz-fs2"
ln -sfn "$WORK/share" "$WINEPREFIX/dosdevices/unc/usmtwiz-fs2/usmt"
cat >"$WORK/share.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">\\usmtwiz-fs2\usmt\stores\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
start "$WINE_WIZ --usmt '$usmt' --simulate --preset '$(winpath "$WORK/share.xml")' $WINE_ERR"
wait_for "Step 1 of 9: Environment" 60
for s in 2 3 4; do
    send Enter
    wait_for "Step $s of 9"
done
wait_for 'Store folder:       \\usmtwiz-fs2\usmt\stores\PC-ACC-0042'
wait_for 'Share:              \\usmtwiz-fs2\usmt connected, ' 20
screen | grep -q 'free; estimate' || fail "no room shown for the share"
ok "the Store screen reaches a store on a share and shows its room"
send Down
wait_for "Space connect"
send Space
wait_for "User (DOMAIN\\name; empty for none):"
send -l 'CORP\tech'
send Enter
wait_for "Password (not shown):"
send -l 'Wine-Ui-Pw-2718'
send Enter
i=0
while ! screen | grep -q -e 'connected \\\\usmtwiz-fs2' -e 'Not connected' &&
    [ $i -lt 50 ]; do
    sleep 0.2
    i=$((i + 1))
done
if screen | grep -q 'Not connected'; then
    # the reason, wrapped in the message box: its words each on a row
    reason=$(screen | sed -n 's/.*\(run wpeinit\|cannot be reached\|no share of that\|access denied\).*/\1/p' | head -n 1)
    [ -n "$reason" ] || { screen; fail "the failed connection is not explained"; }
    send Enter
    wait_gone "Not connected"
    ok "connecting the share under wine fails with a clear reason ($reason)"
else
    wait_for 'connected \\usmtwiz-fs2\usmt'
    ok "the Store screen connects the share under wine"
fi
screen | grep -q 'Wine-Ui-Pw-2718' && fail "the share password was shown"
send F10
# asked only when a choice would be lost
i=0
while ! screen | grep -q -e "Quit usmtwiz?" -e '\[exit ' && [ $i -lt 50 ]; do
    sleep 0.2
    i=$((i + 1))
done
screen | grep -q "Quit usmtwiz?" && send y
wait_exit 1 20
$TMUX_CMD kill-server 2>/dev/null
[ -z "$(ls -A "$WORK/share")" ] || fail "quitting wrote to the share"
grep -q 'Wine-Ui-Pw-2718' "$WORK/wine.err" 2>/dev/null && fail "the password reached wine's stderr"

# Windows PE: the MiniNT key makes the Environment screen say so
wine reg add "$key" /f >/dev/null 2>&1 || fail "wine reg add $key"
start "$WINE_WIZ --usmt '$usmt' --simulate $WINE_ERR"
wait_for "Step 1 of 9: Environment" 60
wait_for "Running in:   Windows PE"
wine reg delete "$key" /f >/dev/null 2>&1
ok "Windows PE is detected from the MiniNT key"
# nothing chosen yet: q quits at once, as cancelled (1)
send q
wait_exit 1 20
$TMUX_CMD kill-server 2>/dev/null

# the restore side: refused in Windows PE (the MiniNT key), walked when
# the key is gone
wine reg add "$key" /f >/dev/null 2>&1 || fail "wine reg add $key"
env -u TERM WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all wine "$wbuild/usmtwiz.exe" \
    restore --simulate --yes >"$WORK/restore-pe.txt" 2>&1 </dev/null
rc=$?
wine reg delete "$key" /f >/dev/null 2>&1
[ "$rc" = 1 ] || { cat "$WORK/restore-pe.txt"; fail "restore in Windows PE: want exit 1, got $rc"; }
grep -q 'return code 36' "$WORK/restore-pe.txt" || { cat "$WORK/restore-pe.txt"; fail "restore in Windows PE: rc 36 not explained"; }
ok "usmtwiz.exe restore refuses in Windows PE (MiniNT key) and says why"
# the running Windows (wine's) is the new PC: its name and build come
# from the system, not from hives, and the store is found on E:
# wine keeps C:\Users as drive_c/users; anna is one of the stored users
users_dir=$(find "$WINEPREFIX/drive_c" -maxdepth 1 -iname users | head -n 1)
users_dir=${users_dir:-$WINEPREFIX/drive_c/users}
rm -rf "$users_dir/anna"
# wine says Windows 7 by default: a new PC older than the captured Windows
# 11 is refused (restore-target-older); make it the Windows 11 of the
# capture, as a real new PC would be
nt='HKLM\Software\Microsoft\Windows NT\CurrentVersion'
wine reg add "$nt" /v CurrentBuildNumber /t REG_SZ /d 22631 /f >/dev/null 2>&1 \
    || fail "wine reg add CurrentBuildNumber"
env -u TERM WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all SIM_PACE_MS=0 wine \
    "$wbuild/usmtwiz.exe" restore --simulate --yes >"$WORK/restore.txt" 2>&1 </dev/null
rc=$?
[ "$rc" = 0 ] || { cat "$WORK/restore.txt"; fail "restore under wine: want exit 0, got $rc"; }
grep -q 'loadstate ended with 0' "$WORK/restore.txt" || { cat "$WORK/restore.txt"; fail "restore under wine: no result"; }
grep -q '^New PC: [^ ]* (build 22631, 64-bit)' "$WORK/restore.txt" \
    || { cat "$WORK/restore.txt"; fail "restore under wine: the running Windows not read"; }
n=$(grep -c ': restored (' "$WORK/restore.txt")
[ "$n" -ge 1 ] || { cat "$WORK/restore.txt"; fail "restore under wine: no user restored"; }
[ -d "$users_dir/anna" ] && ls "$users_dir/anna" | grep -q . \
    || fail "restore under wine: anna's profile is not on C:"
after=$(tree_hash "$lab/volumes/D")
[ "$before" = "$after" ] || fail "the restore changed the offline volume D:"
ok "usmtwiz.exe restore walks a restore with loadstate-sim.exe on the running Windows"


#!/bin/sh
# usmtwiz restore --preset: the <restore> section of a preset sets the store,
# a /mu mapping, the users left out, /lac and the options over the default
# line.  With --yes the restore runs without a question (the simulator's
# loadstate gets the preset's line and restores anna into the account the
# preset maps her to); a preset whose line has an error finding is refused
# with the finding, loadstate not started; without --yes the console
# dialogue shows the line pre-filled and asks.  A malformed preset is named
# with its file and line; a capture preset is not a restore preset and a
# restore preset is not a capture preset.
. "$TOP/tests/e2e/lib.sh"
TR="$TOP/assets/training"
export USMTWIZ="$WIZ" SIM_PACE_MS=0
lab="$WORK/lab"
sh "$TR/restore-lab.sh" restore-renamed-pc "$lab" </dev/null >"$WORK/build" 2>&1 ||
    { cat "$WORK/build"; fail "restore-lab.sh failed"; }
LOG="$lab/newpc/E/stores/PC-logs/loadstate.log"
OLD=PC-ACC-0042
NEW=LAPTOP-7Q2K9F1M
cat >"$WORK/restore.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<usmtwizPreset version="1">
  <name>Practice restore</name>
  <restore>
    <store>E:\\stores\\PC</store>
    <mu>$OLD\\anna:$NEW\\anke</mu>
    <leaveOut>nobody</leaveOut>
    <localAccounts create="yes" enable="no"/>
    <options continueOnError="no" verbosity="13"/>
  </restore>
</usmtwizPreset>
XML

# --yes: no question, the preset's line
"$WIZ" restore --target-root "$lab/newpc" --simulate --yes \
    --preset "$WORK/restore.xml" </dev/null >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "preset --yes: want exit 0"; }
grep -q '^preset: Practice restore$' "$WORK/out" || { cat "$WORK/out"; fail "the preset not named"; }
grep -q '\[y/N\]' "$WORK/out" && fail "--yes asked a question"
grep -q "note: the preset leaves out 'nobody', who is not among the stored users" "$WORK/out" ||
    { cat "$WORK/out"; fail "the name that matches nobody not said"; }
line=$(sed -n '/^loadstate line:/{n;p;}' "$WORK/out")
case "$line" in *" /mu:$OLD\\anna:$NEW\\anke /lac /v:13 "*) ;;
*) fail "not the preset's line: $line" ;; esac
case "$line" in *" /c "*|*"$NEW\\anna"*) fail "a default the preset replaced is on: $line" ;; esac
grep -q "Command line: .*/mu:$OLD\\\\anna:$NEW\\\\anke /lac /v:13 " "$LOG" ||
    fail "loadstate did not get the preset's line"
grep -q 'anna (local, S-1-5-21-[0-9-]*) -> '"$NEW"'\\anke' "$WORK/out" ||
    { cat "$WORK/out"; fail "the account anna lands in not shown"; }
[ -d "$lab/newpc/C/Users/anke" ] || fail "anna not restored into anke"
[ -d "$lab/newpc/C/Users/anna" ] && fail "anna restored under her old name"
grep -q '^  anna: restored' "$WORK/out" || { cat "$WORK/out"; fail "anna not said restored"; }

# an error finding stops it, with the finding; loadstate not started
rm -rf "$lab/newpc/C/Users/anke" "$LOG"
sed 's|<store>E:\\stores\\PC</store>|<store>E:\\stores</store>|' \
    "$WORK/restore.xml" >"$WORK/bad-store.xml"
"$WIZ" restore --target-root "$lab/newpc" --simulate --yes \
    --preset "$WORK/bad-store.xml" </dev/null >"$WORK/out" 2>&1
[ $? -eq 1 ] || { cat "$WORK/out"; fail "an error finding: want exit 1"; }
grep -q '^error   restore-store-not-found: ' "$WORK/out" ||
    { cat "$WORK/out"; fail "the blocking finding not shown"; }
grep -q 'An error stands: loadstate is not started' "$WORK/out" || fail "the refusal not said"
[ -e "$LOG" ] && fail "loadstate ran despite the error"
[ -d "$lab/newpc/C/Users/anke" ] && fail "a refused restore restored"

# without --yes: the dialogue, pre-filled, asks before it starts
start "$WIZ restore --plain --target-root '$lab/newpc' --simulate --preset '$WORK/restore.xml'"
wait_for 'Set their password and enable them after loadstate?'
send Enter
wait_for 'Start loadstate? [y/N]'
# the line wraps at 80 columns: read it joined
$TMUX_CMD capture-pane -p -J | grep -qF "/mu:$OLD\\anna:$NEW\\anke /lac /v:13" ||
    fail "the dialogue's line is not the preset's"
send n Enter
wait_for 'Not started.'
wait_exit 1
$TMUX_CMD kill-server 2>/dev/null
[ -e "$LOG" ] && fail "loadstate ran after 'n'"

# the screens, pre-filled: the store open, anna's account the preset's
start "USMTWIZ_ELEVATED=1 '$WIZ' restore --target-root '$lab/newpc' --simulate --preset '$WORK/restore.xml'"
wait_for "Step 1 of 6: Store"
wait_for '> E:\stores\PC  PC-ACC-0042'
send Enter
wait_for "Step 2 of 6: Accounts"
wait_for "> restore   anna (local) -> $NEW\anke"
send Enter
wait_for "Step 3 of 6: What to restore"
send Enter
wait_for "Step 4 of 6: Review"
$TMUX_CMD capture-pane -p -J | grep -qF "/mu:$OLD\\anna:$NEW\\anke /lac /v:13" ||
    fail "Review's line is not the preset's"
send q
wait_exit 1
$TMUX_CMD kill-server 2>/dev/null
[ -e "$LOG" ] && fail "loadstate ran from the screens without a start"

# a malformed preset is named with its file and line
printf '<usmtwizPreset>\n<restore>\n<md>CONTOSO\\ana:FABRIKAM</md>\n</restore>\n</usmtwizPreset>\n' \
    >"$WORK/malformed.xml"
"$WIZ" restore --target-root "$lab/newpc" --simulate --yes \
    --preset "$WORK/malformed.xml" </dev/null >"$WORK/out" 2>&1
[ $? -eq 2 ] || { cat "$WORK/out"; fail "a malformed preset: want exit 2"; }
grep -qF "usmtwiz restore: $WORK/malformed.xml:3: <md> maps a domain to a domain" "$WORK/out" ||
    { cat "$WORK/out"; fail "the malformed preset not named with file and line"; }

# the capture's preset is no restore preset, and the other way round
"$WIZ" restore --target-root "$lab/newpc" --simulate --yes \
    --preset "$TOP/assets/presets/bench-standard.xml" </dev/null >"$WORK/out" 2>&1
[ $? -eq 2 ] || { cat "$WORK/out"; fail "a capture preset: want exit 2"; }
grep -q "has no <restore> section: it is a capture preset" "$WORK/out" ||
    { cat "$WORK/out"; fail "a capture preset taken for a restore"; }
USMTWIZ_WINPE=1 "$WIZ" run --preset "$WORK/restore.xml" --volume-root "$lab/old/volumes" \
    --usmt "$lab/old/usmt" --simulate --yes </dev/null >"$WORK/out" 2>&1
[ $? -eq 2 ] || { cat "$WORK/out"; fail "a restore preset for run: want exit 2"; }
grep -q "has no capture part (no <store>): it is a restore preset" "$WORK/out" ||
    { cat "$WORK/out"; fail "a restore preset taken for a capture"; }
exit 0

#!/bin/sh
# The Result screen on a practice machine built for a training lesson
# (usmtwiz lab create LESSON): the key bar and the F1 help name the l key,
# l opens the lesson's instructor sheet (symptom, cause, fix,
# documentation) in a scrolling view, Esc closes it; the volumes (and the
# lab's facts file) are only read.  A machine that is no lesson shows no
# such key and l does nothing there.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create temp-profile "$WORK/lab" >/dev/null || fail "lab create temp-profile failed"
V="$WORK/lab/volumes"
grep -qx 'lesson=temp-profile' "$V/lab.facts" || fail "lab.facts names no lesson"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\USMT\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
before=$(tree_hash "$V/D")
facts=$(cat "$V/lab.facts")
start "USMTWIZ_WINPE=1 SIM_PACE_MS=0 '$WIZ' --volume-root '$V' --usmt '$WORK/lab/usmt' --simulate --preset '$WORK/p.xml'"
to_ready_review
send Enter
wait_for "Step 8 of 9: Run"
wait_for "Done:" 60
send Enter
wait_for "Step 9 of 9: Result"
wait_for "l lesson sheet"
# the hint at the end of the result text
i=0
while ! screen | grep -q "Training lesson 'temp-profile': press l" && [ $i -lt 10 ]; do
    send PageDown
    sleep 0.2
    i=$((i + 1))
done
screen | grep -q "Training lesson 'temp-profile': press l" || fail "no lesson hint in the result"
# F1 help names the key
send F1
wait_for "Help: Result"
send End
wait_for "l opens the lesson's instructor sheet"
send Escape
wait_gone "l opens the lesson's instructor sheet"
# the sheet
send l
wait_for "Lesson temp-profile: instructor sheet"
wait_for "Symptom:"
screen | grep -q "ScanState return code: 26" || fail "the sheet's symptom is not shown"
screen | grep -q '\*\*' && fail "Markdown marks left in the sheet"
wait_for "Up/Down PgUp/PgDn scroll"
# scroll line by line through the cause and the fix to the documentation
for part in "Cause:" "Fix:" "Documentation:"; do
    i=0
    while ! screen | grep -q "^ .│ $part" && [ $i -lt 60 ]; do
        send Down
        sleep 0.05
        i=$((i + 1))
    done
    screen | grep -q "$part" || fail "the sheet has no '$part'"
done
send Home
wait_for "Symptom:"
send Escape
wait_gone "Lesson temp-profile: instructor sheet"
wait_for "Step 9 of 9: Result"
send Enter
wait_exit 0 10
[ "$before" = "$(tree_hash "$V/D")" ] || fail "the offline volume D: was changed"
[ "$facts" = "$(cat "$V/lab.facts")" ] || fail "lab.facts was changed"
$TMUX_CMD kill-server 2>/dev/null
sleep 0.3

# the same on the demo machine, which is no lesson
"$WIZ" lab create demo "$WORK/demo" >/dev/null || fail "lab create demo failed"
start "USMTWIZ_WINPE=1 SIM_PACE_MS=0 '$WIZ' --volume-root '$WORK/demo/volumes' --usmt '$WORK/demo/usmt' --simulate --preset '$WORK/p.xml'"
to_ready_review
send Enter
wait_for "Step 8 of 9: Run"
wait_for "Done:" 60
send Enter
wait_for "Step 9 of 9: Result"
wait_for "Enter/q finish"
screen | grep -q "lesson sheet" && fail "a machine that is no lesson offers a sheet"
send l
sleep 0.5
screen | grep -q "instructor sheet" && fail "l opened something on a machine that is no lesson"
for k in 1 2 3 4 5; do send PageDown; done
sleep 0.3
screen | grep -q "Training lesson" && fail "lesson hint on a machine that is no lesson"
send Enter
wait_exit 0 10
exit 0

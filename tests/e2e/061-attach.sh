#!/bin/sh
# attach follows a progress log that grows, prints phase/percent/error
# lines, and ends with the final record's return code.
. "$TOP/tests/e2e/lib.sh"
P="$WORK/progress.log"
S="24 Nov 2026, 10:00:00 +01:00, 00:00:0"
"$WIZ" attach "$WORK/none.log" 2>"$WORK/err"; [ $? -eq 2 ] || fail "missing file should be exit 2"
grep -q 'no such file' "$WORK/err" || fail "no clear message"
printf '%s\r\n' "${S}1, PHASE, Initializing" >"$P"
"$WIZ" attach "$P" >"$WORK/out" 2>&1 &
pid=$!
sleep 1
printf '%s\r\n' "${S}2, totalSizeInMBToTransfer, 120" >>"$P"
printf '%s\r\n' "${S}3, totalPercentageCompleted, 35" >>"$P"
printf '%s\r\n' "${S}4, error, UnableToCopy, objectName, \"D:\\Users\\x\\a.pst\", action, Abort" >>"$P"
printf '%s\r\n' "${S}5, errorCode, 61, numberOfIgnoredErrors, 0, message, \"Processing stopped due to an I/O error\"" >>"$P"
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
wait $pid; st=$?
[ $st -eq 3 ] || { cat "$WORK/out"; fail "failed run should be exit 3, got $st"; }
grep -q 'phase: Initializing' "$WORK/out" || fail "no phase line"
grep -q '35 % of 120 MB' "$WORK/out" || { cat "$WORK/out"; fail "no percent line"; }
grep -q 'error (stops the run): UnableToCopy D:.Users.x.a.pst$' "$WORK/out" || { cat "$WORK/out"; fail "no error line"; }
grep -q 'return code 61' "$WORK/out" || fail "no end line"
exit 0

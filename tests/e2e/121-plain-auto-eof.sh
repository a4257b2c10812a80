#!/bin/sh
# The plain mode is chosen by itself with TERM=dumb (in a real terminal)
# and without a terminal; the end of the input quits with status 1 and
# starts nothing; "q" asks before quitting; bad answers are explained.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
export USMTWIZ_WINPE=1 SIM_PACE_MS=0
before=$(tree_hash "$V")

# no terminal, no --plain: plain mode; the input ends on the Users step
printf '\n\n' | "$WIZ" --volume-root "$V" --usmt "$U" --simulate >"$WORK/out" 2>&1
st=$?
[ $st -eq 1 ] || { cat "$WORK/out"; fail "end of input: exit $st, want 1"; }
grep -q '^usmtwiz plain mode' "$WORK/out" || fail "no terminal did not pick plain mode"
grep -q '^== Step 3 of 7: Users ==' "$WORK/out" || fail "did not reach Users"
grep -q '(end of input)$' "$WORK/out" || fail "end of input not said"
grep -q '^Quit: nothing was started\.$' "$WORK/out" || fail "no quit line"

# nothing at all on the input
"$WIZ" --volume-root "$V" --usmt "$U" --simulate </dev/null >"$WORK/out0" 2>&1
st=$?
[ $st -eq 1 ] || { cat "$WORK/out0"; fail "empty input: exit $st, want 1"; }

# bad answers, help, q answered no then yes
printf '\n7\nx\n?\n\nb\nb\nq\nn\nq\ny\n' |
    "$WIZ" --plain --volume-root "$V" --usmt "$U" --simulate >"$WORK/out2" 2>&1
st=$?
[ $st -eq 1 ] || { cat "$WORK/out2"; fail "quit: exit $st, want 1"; }
grep -q "^'7' is not a number from 1 to 3\.$" "$WORK/out2" || { cat "$WORK/out2"; fail "bad volume number not explained"; }
grep -q "^'x' is not a number from 1 to 3\.$" "$WORK/out2" || fail "bad answer not explained"
[ "$(grep -c '^== Step 1 of 7: Environment ==' "$WORK/out2")" -eq 2 ] || { cat "$WORK/out2"; fail "b did not go back to Environment"; }
grep -q '^Really quit? Nothing has been started\. y/N: n$' "$WORK/out2" || fail "quit not confirmed"
grep -q '^Quit: nothing was started\.$' "$WORK/out2" || fail "no quit line"

# TERM=dumb in a real terminal picks plain mode too
TERM=dumb start env TERM=dumb "$WIZ" --volume-root "$V" --usmt "$U" --simulate
wait_for 'usmtwiz plain mode' || fail "TERM=dumb did not pick plain mode"
wait_for 'Press Enter to go on' || fail "no first prompt"
send q Enter
wait_for 'Really quit' || fail "no quit question"
send y Enter
wait_for 'Quit: nothing was started' || fail "no quit line in the terminal"
wait_exit 1

after=$(tree_hash "$V")
[ "$before" = "$after" ] || fail "quitting changed the volumes"
exit 0

#!/bin/sh
# usmtwiz --plain on the demo practice PC with the simulator, driven by
# answers on a pipe: the users toggled down to one small profile, the
# temporary-profile error fixed on Review, a refused start while blocked,
# then a real store, the report, and the offline volume left untouched.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
export USMTWIZ_WINPE=1 SIM_PACE_MS=0
before=$(tree_hash "$V/D")

# Environment, Volume (default), Users: none, then 5-7 toggled on and 5
# and 7 off again (anna stays), a bad number, accept; a
# back step from Store to Users and forward again; Store, Migrate,
# Options kept; Review: start refused, fix 1, start.
printf '\n\n?\nnone\n5-7,5 7\n0\n\nb\n\n\n\n\ns\nf 1\ns\n' |
    "$WIZ" --plain --volume-root "$V" --usmt "$U" --simulate >"$WORK/out" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/out"; fail "plain run: exit $st, want 0"; }
grep -q '^== Step 1 of 7: Environment ==' "$WORK/out" || fail "no Environment step"
grep -q '^scanstate: .*practice copy' "$WORK/out" || fail "environment facts missing"
grep -q '^1\. D: .*Windows 11 Pro.* (default)$' "$WORK/out" || { cat "$WORK/out"; fail "no default volume row"; }
grep -q 'Cannot be used: no Windows installation' "$WORK/out" || fail "no reason for unusable row"
grep -q '^5\. \[x\] Jörg, local, S-1-5-21-' "$WORK/out" || fail "no user row with mark"
grep -q '^6\. \[x\] anna, local' "$WORK/out" || fail "anna not selected"
grep -q '^1 of 12 selected\.$' "$WORK/out" || fail "selection count wrong"
grep -q "^'0' is not a list of numbers from 1 to 13" "$WORK/out" || fail "bad toggle not explained"
grep -q '^The profiles of the chosen Windows installation' "$WORK/out" || fail "? did not print the Users help"
[ "$(grep -c '^== Step 3 of 7: Users ==' "$WORK/out")" -eq 2 ] || fail "b did not go back to Users"
grep -q '^Store: E:\\USMT\\PC-ACC-0042$' "$WORK/out" || fail "no store line"
grep -q '^Free space on E: .*need about' "$WORK/out" || fail "no free space line"
grep -q '^1\. error temp-profile-present: ' "$WORK/out" || fail "finding not read out"
grep -q '^   Fix: set MIG_FAIL_ON_PROFILE_ERROR=0' "$WORK/out" || fail "fix not read out"
grep -q '^Cannot start: .*temp' "$WORK/out" || { cat "$WORK/out"; fail "blocked start not refused"; }
grep -q '^Fixed temp-profile-present\.$' "$WORK/out" || fail "fix not applied"
grep -q '^Command: .*scanstate-sim E:\\USMT\\PC-ACC-0042 ' "$WORK/out" || fail "no command line"
grep -q '/ui:S-1-5-21-1004336348-1177238915-682003330-1002\*' "$WORK/out" || fail "anna not in the command"
if grep -q '/ui:S-1-5-21-1004336348-1177238915-682003330-1004' "$WORK/out"; then
    fail "lena was captured although deselected"
fi
grep -q 'scanstate ended with return code 0' "$WORK/out" || { cat "$WORK/out"; fail "no end line"; }
grep -q '^Return code: 0 USMT_SUCCESS' "$WORK/out" || fail "return code not explained"
grep -q '^Succeeded: everything selected is in the store\.$' "$WORK/out" || fail "no verdict"
grep -q '^Next steps:' "$WORK/out" || fail "no next steps"
S="$V/E/USMT/PC-ACC-0042"
[ -s "$S/USMT/USMT.MIG" ] || fail "no compressed store"
[ -f "$S/usmtwiz-report.xml" ] || fail "no report"
grep -q 'rc="0"' "$S/usmtwiz-report.xml" || fail "rc not in report"
grep -q 'plain' "$S/usmtwiz-report.xml" || fail "mode not in report"
after=$(tree_hash "$V/D")
[ "$before" = "$after" ] || fail "the offline volume D: was changed"

# again: the store exists now; Enter keeps it and Review refuses, then
# "overwrite" typed on the Store step and its warning acknowledged on
# Review let it run
printf '\n\nnone\n6\n\n\n\n\nf 1\ns\nq\ny\n' |
    "$WIZ" --plain --volume-root "$V" --usmt "$U" --simulate >"$WORK/out2" 2>&1
st=$?
[ $st -eq 1 ] || { cat "$WORK/out2"; fail "existing store: exit $st, want 1"; }
grep -q 'A USMT store already exists in this folder' "$WORK/out2" || { cat "$WORK/out2"; fail "existing store not said"; }
grep -q '^Cannot start: ' "$WORK/out2" || { cat "$WORK/out2"; fail "existing store did not block"; }
grep -q '^Quit: nothing was started\.$' "$WORK/out2" || fail "no quit line"

printf '\n\nnone\n6\n\noverwrite\n\n\n\nf 1\na 1\ns\n' |
    "$WIZ" --plain --volume-root "$V" --usmt "$U" --simulate >"$WORK/out3" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/out3"; fail "overwrite: exit $st, want 0"; }
grep -q '^It will be overwritten\.$' "$WORK/out3" || fail "overwrite not confirmed"
grep -q '^Acknowledged store-overwrite\.$' "$WORK/out3" || fail "warning not acknowledged"
grep -q '^Command: .* /o ' "$WORK/out3" || { cat "$WORK/out3"; fail "no /o in the command"; }
after=$(tree_hash "$V/D")
[ "$before" = "$after" ] || fail "the offline volume D: was changed"
exit 0

#!/bin/sh
# usmtwiz run --preset on the demo practice PC with the simulator: ticket
# fields, refusal on errors, automatic fixes, a real store, the report,
# the key kept out of everything, and the offline volume left untouched.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
export USMTWIZ_WINPE=1 SIM_PACE_MS=0
KEY='Bench-Key-7Q9x'
printf '%s' "$KEY" >"$V/E/bench.key"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <name>e2e bench</name>
  <store kind="compressed">E:\stores\%job%-%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
  <encryption ask="no" algorithm="AES_256"><keyFile>E:\bench.key</keyFile></encryption>
  <ticket><field name="job" required="yes"/><field name="customer"/></ticket>
</usmtwizPreset>
XML
before=$(tree_hash "$V/D")

"$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$U" --simulate </dev/null >"$WORK/out1" 2>&1
st=$?
[ $st -eq 2 ] || { cat "$WORK/out1"; fail "missing ticket: exit $st, want 2"; }
grep -q "needs the ticket field 'job'" "$WORK/out1" || fail "no message for the missing ticket"

"$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$U" --simulate --ticket job=J-7 </dev/null >"$WORK/out2" 2>&1
st=$?
[ $st -eq 1 ] || { cat "$WORK/out2"; fail "rules should refuse (temporary profile): exit $st"; }
grep -q 'error   temp-profile-present' "$WORK/out2" || { cat "$WORK/out2"; fail "no temp-profile finding"; }
grep -q 'nothing was started' "$WORK/out2" || fail "no refusal line"
[ ! -e "$V/E/stores" ] || fail "a refused run left a store"

"$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$U" --simulate --ticket job=J-7 \
    --ticket customer=Contoso --fix --yes </dev/null >"$WORK/out3" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/out3"; fail "run: exit $st, want 0"; }
grep -q '^fixed   temp-profile-present' "$WORK/out3" || fail "fix not reported"
grep -q 'scanstate ended with return code 0' "$WORK/out3" || { cat "$WORK/out3"; fail "no end line"; }
S="$V/E/stores/J-7-PC-ACC-0042"
[ -s "$S/USMT/USMT.MIG" ] || fail "no compressed store"
[ -f "$S/usmtwiz-report.xml" ] || fail "no report"
grep -q '<field name="customer">Contoso</field>' "$S/usmtwiz-report.xml" || fail "ticket not in report"
grep -q 'rc="0"' "$S/usmtwiz-report.xml" || fail "rc not in report"
grep -q '<keyFingerprint>' "$S/usmtwiz-report.xml" || true

# the key appears nowhere but in the technician's own key file
for f in "$WORK/out3" "$S/usmtwiz-report.xml" "$S/usmtwiz-report.txt" "$S-logs"/*; do
    if grep -q "$KEY" "$f"; then fail "the key leaked into $f"; fi
done

after=$(tree_hash "$V/D")
[ "$before" = "$after" ] || fail "the offline volume D: was changed"

"$WIZ" report summarize "$V/E/stores" | grep -q 'PC-ACC-0042' || fail "summarize does not list the run"

# again: the store now exists and the preset does not allow overwriting
"$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$U" --simulate --ticket job=J-7 \
    --fix --yes </dev/null >"$WORK/out4" 2>&1
st=$?
[ $st -eq 1 ] || { cat "$WORK/out4"; fail "existing store: exit $st, want 1"; }
grep -q 'store-exists' "$WORK/out4" || { cat "$WORK/out4"; fail "no store-exists finding"; }
exit 0

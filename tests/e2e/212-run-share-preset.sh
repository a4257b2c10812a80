#!/bin/sh
# usmtwiz run with a preset whose store template is on a file share:
# refused while the share is not reached (with the reason: server not
# found, network not started), then a capture into the share's folder
# (--share \\fs01\usmt=DIR plays the share) with its logs and report.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
export USMTWIZ_WINPE=1 SIM_PACE_MS=0
mkdir -p "$WORK/share"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <name>bench share</name>
  <store kind="uncompressed">\\fs01\usmt\stores\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
run() {
    "$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$U" \
        --simulate --fix --yes "$@" </dev/null
}

run >"$WORK/out1" 2>&1; st=$?
[ $st -eq 1 ] || { cat "$WORK/out1"; fail "share not known: exit $st, want 1"; }
grep -q "^error   store-share-not-connected: the store share '\\\\\\\\fs01\\\\usmt' is not connected: the server cannot be reached" "$WORK/out1" ||
    { cat "$WORK/out1"; fail "no reason for the share"; }
grep -q 'nothing was started' "$WORK/out1" || fail "no refusal line"

USMTWIZ_NETWORK=off run --share '\\fs01\usmt='"$WORK/share" >"$WORK/out2" 2>&1; st=$?
[ $st -eq 1 ] || { cat "$WORK/out2"; fail "network off: exit $st, want 1"; }
grep -q "is not connected: the network is not started: run wpeinit" "$WORK/out2" ||
    { cat "$WORK/out2"; fail "network not started not explained"; }
[ -z "$(ls -A "$WORK/share")" ] || fail "a refused run wrote to the share"

run --share 'fs01=x' >"$WORK/out3" 2>&1; st=$?
[ $st -eq 2 ] || { cat "$WORK/out3"; fail "bad --share: exit $st, want 2"; }

run --share '\\fs01\usmt='"$WORK/share" >"$WORK/out4" 2>&1; st=$?
[ $st -eq 0 ] || { cat "$WORK/out4"; fail "capture to the share: exit $st, want 0"; }
grep -q 'scanstate ended with return code 0' "$WORK/out4" || fail "no end line"
S="$WORK/share/stores/PC-ACC-0042"
[ -d "$S/USMT/File" ] || fail "no uncompressed store in the share's folder"
[ -f "$S/usmtwiz-report.xml" ] || fail "no report beside the store"
grep -q '\\\\fs01\\usmt\\stores\\PC-ACC-0042' "$S/usmtwiz-report.xml" ||
    fail "the report does not name the share path"
[ -f "$WORK/share/stores/PC-ACC-0042-logs/scanstate.log" ] || fail "no log on the share"
grep -q "report: $S/usmtwiz-report.txt" "$WORK/out4" || fail "report line"
exit 0

#!/bin/sh
# Free space on the new PC's system drive against what the restore writes
# (the capture's totalSizeInMBToTransfer, from its report): the practice
# new PC's C: says its free space in C.volume.  Less than the estimate is
# the error restore-target-space and loadstate is not started; a little
# more is the same rule as a warning and the restore runs; plenty is no
# finding.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\stores\PC</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WIZ" run --preset "$WORK/p.xml" \
    --volume-root "$V" --usmt "$WORK/lab/usmt" --simulate --fix --yes \
    </dev/null >"$WORK/cap" 2>&1 || { cat "$WORK/cap"; fail "capture failed"; }
# the new PC: the same Windows without its profiles, the USB disk as E:
lab="$WORK/lab"
mkdir -p "$lab/newpc"
cp -R "$V/D" "$lab/newpc/C"
rm -rf "$lab/newpc/C/Users"/*
ln -s "$V/E" "$lab/newpc/E"
export USMTWIZ_ELEVATED=1 SIM_PACE_MS=0
mb=$(sed -n 's/.*transferMB="\([0-9]*\)".*/\1/p' "$lab/newpc/E/stores/PC/usmtwiz-report.xml")
[ -n "$mb" ] && [ "$mb" -gt 0 ] || fail "the capture report has no transferMB"
need=$((mb * 1048576))
facts() {
    printf 'fs=NTFS\nkind=fixed\ntotal=256000000000\nfree=%s\n' "$1" >"$lab/newpc/C.volume"
}
run() {
    "$WIZ" restore --target-root "$lab/newpc" --simulate --yes </dev/null >"$WORK/out" 2>&1
}

facts $((need - 1048576))
run
[ $? -eq 1 ] || { cat "$WORK/out"; fail "too little space: want exit 1"; }
grep -q "^error   restore-target-space: the new PC's C: has .* free and the restore writes about .* (estimated from the data the capture transferred, its totalSizeInMBToTransfer)" "$WORK/out" ||
    { cat "$WORK/out"; fail "too little space: no error"; }
grep -q 'An error stands: loadstate is not started' "$WORK/out" || fail "started without room"
[ -d "$lab/newpc/C/Users/anna" ] && fail "restored without room"
[ -e "$V/E/stores/PC-logs/loadstate.log" ] && fail "loadstate ran without room"

facts $((need + 1048576))
run
[ $? -eq 0 ] || { cat "$WORK/out"; fail "near the limit: want exit 0"; }
grep -q "^warning restore-target-space: .*little room is left for loadstate's temporary files" "$WORK/out" ||
    { cat "$WORK/out"; fail "near the limit: no warning"; }

rm -rf "$lab/newpc/C/Users"/*
facts $((need * 2 + 1073741824))
run
[ $? -eq 0 ] || { cat "$WORK/out"; fail "plenty of space: want exit 0"; }
grep -q 'restore-target-space' "$WORK/out" && { cat "$WORK/out"; fail "plenty of space: a finding"; }
exit 0

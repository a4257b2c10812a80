#!/bin/sh
# The store's disk fills up right after scanstate succeeded: writing the
# report beside the store really fails with ENOSPC (a 1 MB tmpfs is the
# store folder, in a private mount namespace, and the scanstate stand-in
# fills it after the capture).  run says so, writes the report into the
# log folder instead and says where, and exits 5, not 0.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
S="$V/E/stores/J-F"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <name>e2e disk full</name>
  <store kind="compressed">E:\stores\%job%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid><excludeSid>*-1001</excludeSid><excludeSid>*-1003</excludeSid><excludeSid>*-1004</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
  <ticket><field name="job" required="yes"/></ticket>
</usmtwizPreset>
XML

# usmtwiz runs the scanstate-sim found beside it: a copy of usmtwiz whose
# scanstate-sim runs the real one, then fills the store's disk
mkdir -p "$WORK/full" "$S"
cp "$TOP/$BUILD/usmtwiz" "$WORK/full/usmtwiz"
cat >"$WORK/full/scanstate-sim" <<EOF
#!/bin/sh
'$SIM' "\$@"
rc=\$?
dd if=/dev/zero of='$S/filler' bs=4096 >/dev/null 2>&1
exit \$rc
EOF
chmod +x "$WORK/full/scanstate-sim"
cat >"$WORK/ns.sh" <<EOF
mount -t tmpfs -o size=1m usmtwiz-e2e-full '$S' || exit 90
'$WORK/full/usmtwiz' run --preset '$WORK/p.xml' --volume-root '$V' \
    --usmt '$U' --simulate --ticket job=J-F --fix --yes </dev/null
st=\$?
# the disk is really full, and nothing of the report is beside the store
dd if=/dev/zero of='$S/more' bs=4096 count=1 2>'$WORK/dd.err' && exit 91
grep -q 'No space left on device' '$WORK/dd.err' || exit 92
ls '$S' | grep -q usmtwiz-report && exit 93
exit \$st
EOF
ns="unshare -m"
[ "$(id -u)" -eq 0 ] || ns="unshare -rm"
USMTWIZ_DATADIR="$TOP/assets" $ns sh "$WORK/ns.sh" >"$WORK/run" 2>&1
st=$?
case $st in
90) cat "$WORK/run"; fail "cannot mount a small tmpfs as the store's disk" ;;
91|92) fail "the store's disk was not full after the capture" ;;
93) cat "$WORK/run"; fail "a report file was left beside the store" ;;
esac
[ $st -eq 5 ] || { cat "$WORK/run"; fail "exit $st, want 5 (report not written beside the store)"; }
grep -q 'the report could not be written beside the store: .*No space left on device' "$WORK/run" ||
    { cat "$WORK/run"; fail "the full disk is not named"; }
grep -q '^report: .*J-F-logs/usmtwiz-report.txt (NOT beside the store)$' "$WORK/run" ||
    { cat "$WORK/run"; fail "the report's new place is not said"; }
R="$V/E/stores/J-F-logs/usmtwiz-report.xml"
[ -f "$R" ] || fail "no report in the log folder"
grep -q '<result rc="0" [^>]*>success</result>' "$R" ||
    { cat "$R"; fail "the report in the log folder does not record the capture"; }
grep -q '^verdict: Succeeded' "$WORK/run" || { cat "$WORK/run"; fail "no verdict"; }
exit 0

#!/bin/sh
# After a restore from a hard-link store (the lesson restore-hardlink-volume,
# restored from C:\stores\HL as its fix says), the store is removed with
# usmtutils /rd only with consent: the console dialogue asks (default no),
# --yes keeps it unless the preset says <removeHardlinkStore>yes; the
# Result screen offers r, whose confirmation keeps the store on Enter and
# removes it on y.  usmtutils-sim /rd removes a folder (0) and says rc 35
# for one that is not there.
. "$TOP/tests/e2e/lib.sh"
TR="$TOP/assets/training"
export USMTWIZ="$WIZ" SIM_PACE_MS=0 USMTWIZ_ELEVATED=1
lab="$WORK/lab"
sh "$TR/restore-lab.sh" restore-hardlink-volume "$lab" </dev/null >"$WORK/build" 2>&1 ||
    { cat "$WORK/build"; fail "restore-lab.sh failed"; }
# the hard-link store is written onto the old PC's own volume on purpose
volume_unwatch "$lab/old/volumes/D"
HL="$lab/newpc/C/stores/HL"
save() { rm -rf "$WORK/HL.keep"; cp -R "$HL" "$WORK/HL.keep"; }
again() { rm -rf "$HL" "$lab/newpc/C/stores/HL-logs"; cp -R "$WORK/HL.keep" "$HL"; }
[ -d "$HL/USMT" ] || fail "no hard-link store in the lab"
save
restore() {
    "$WIZ" restore --plain --target-root "$lab/newpc" --simulate --store 'C:\stores\HL' "$@"
}

# asked, answered with Enter: kept
printf '\ny\n\n' | restore >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "restore: want exit 0"; }
grep -q 'Remove the hard-link store now with usmtutils /rd .*\[y/N\]' "$WORK/out" ||
    { cat "$WORK/out"; fail "not asked"; }
grep -q 'The hard-link store stays.' "$WORK/out" || fail "Enter did not keep it"
[ -d "$HL/USMT" ] || fail "the store went without consent"

# asked, y: removed by usmtutils-sim /rd
again
printf '\ny\ny\n' | restore >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "restore and remove: want exit 0"; }
grep -q 'The hard-link store was removed (usmtutils /rd).' "$WORK/out" ||
    { cat "$WORK/out"; fail "removal not said"; }
[ -e "$HL" ] && fail "y: the store is still there"

# --yes never removes it, unless the preset says so
again
cat >"$WORK/keep.xml" <<'XML'
<usmtwizPreset><restore><store>C:\stores\HL</store></restore></usmtwizPreset>
XML
sed 's|</store>|</store><removeHardlinkStore>yes</removeHardlinkStore>|' \
    "$WORK/keep.xml" >"$WORK/remove.xml"
"$WIZ" restore --target-root "$lab/newpc" --simulate --yes --preset "$WORK/keep.xml" \
    </dev/null >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "--yes: want exit 0"; }
grep -q 'The hard-link store stays.' "$WORK/out" || { cat "$WORK/out"; fail "--yes: not kept"; }
[ -d "$HL/USMT" ] || fail "--yes removed the store"
again
"$WIZ" restore --target-root "$lab/newpc" --simulate --yes --preset "$WORK/remove.xml" \
    </dev/null >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "--yes with the preset's consent: want exit 0"; }
grep -q 'The hard-link store was removed (usmtutils /rd).' "$WORK/out" ||
    { cat "$WORK/out"; fail "the preset's consent not followed"; }
[ -e "$HL" ] && fail "the preset's consent: the store is still there"

# the Result screen: r asks, Enter keeps (default), y removes
again
start "'$WIZ' restore --target-root '$lab/newpc' --simulate --store 'C:\\stores\\HL'"
wait_for "Step 1 of 6: Store"
send Enter
wait_for "Step 2 of 6: Accounts"
send Enter
wait_for "Step 3 of 6: What to restore"
send Enter
wait_for "Step 4 of 6: Review"
send Enter
wait_for "Step 5 of 6: Run"
wait_for 'Enter shows the result' 30
send Enter
wait_for "Step 6 of 6: Result"
wait_for 'r removes it (asked first)'
wait_for 'r remove store'
screen | grep -q '…' && fail "Result: a row is cut short"
send r
wait_for 'Remove the hard-link store with usmtutils /rd?'
send Enter
wait_for 'the hard-link store stays'
[ -d "$HL/USMT" ] || fail "Enter on the confirmation removed the store"
send r
wait_for 'Remove the hard-link store with usmtutils /rd?'
send y
wait_for 'The hard-link store was removed (usmtutils /rd).'
wait_gone 'r remove store'
[ -e "$HL" ] && fail "y on the confirmation: the store is still there"
send Enter
wait_exit 0
$TMUX_CMD kill-server 2>/dev/null

# usmtutils-sim /rd on its own
cp "$TOP/$BUILD/usmtutils-sim" "$WORK/usmtutils" 2>/dev/null || ln -s "$TOP/$BUILD/scanstate-sim" "$WORK/usmtutils"
mkdir -p "$WORK/gone/USMT"
"$WORK/usmtutils" /rd "$WORK/gone" >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "/rd: want 0"; }
[ -e "$WORK/gone" ] && fail "/rd left the folder"
"$WORK/usmtutils" /rd "$WORK/gone" >"$WORK/out" 2>&1
[ $? -eq 35 ] || { cat "$WORK/out"; fail "/rd of nothing: want 35"; }
grep -q 'There was an error removing the store' "$WORK/out" || fail "rc 35 not said"
exit 0

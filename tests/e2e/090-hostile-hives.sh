#!/bin/sh
# inspect with a zero-length SOFTWARE hive and with a 4 GB sparse one (a
# good header, then zeros): each is reported in words on the installation,
# inspect still lists the volumes and exits normally, and nothing crashes.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/demo" >/dev/null || fail "lab create demo failed"
vr="$WORK/demo/volumes"
sw="$vr/D/Windows/System32/config/SOFTWARE"
[ -f "$sw" ] || fail "no SOFTWARE hive in the demo machine"

: >"$sw"
volume_rebaseline "$vr/D"   # our own edit; inspect must change nothing
"$WIZ" inspect --volume-root "$vr" --no-sizes >"$WORK/empty" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/empty"; fail "empty hive: exit $rc, want 0"; }
grep -q "problem: .*SOFTWARE': the file is empty (0 bytes), not a registry hive" \
    "$WORK/empty" || { cat "$WORK/empty"; fail "empty hive not explained"; }
grep -q '^3 volumes, 1 Windows installation$' "$WORK/empty" ||
    fail "summary missing after an empty hive"

# the header of the SYSTEM hive (valid), then 4 GB of holes
volume_check || fail "inspect changed the offline volume"
head -c 4096 "$vr/D/Windows/System32/config/SYSTEM" >"$sw"
truncate -s 4G "$sw" || fail "cannot make a sparse file"
volume_rebaseline "$vr/D"
"$WIZ" inspect --volume-root "$vr" --no-sizes >"$WORK/sparse" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/sparse"; fail "sparse hive: exit $rc, want 0"; }
grep -q "problem: .*SOFTWARE': bad hive bin header at offset 0x1000" \
    "$WORK/sparse" || { cat "$WORK/sparse"; fail "sparse hive not explained"; }
volume_check || fail "inspect changed the offline volume"
rm -f "$sw"
volume_rebaseline "$vr/D"
exit 0

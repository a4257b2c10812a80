#!/bin/sh
# run --preset whose user rules take nobody: the run is refused, the
# output says which of the preset's rules left everyone out, and no
# finding calls anybody "selected".
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
export USMTWIZ_WINPE=1 SIM_PACE_MS=0
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <name>nobody recent</name>
  <store kind="compressed">E:\stores\%COMPUTERNAME%</store>
  <users><usedWithinDays>1</usedWithinDays></users>
  <migxml>MigDocs.xml</migxml>
</usmtwizPreset>
XML
"$WIZ" run --preset "$WORK/p.xml" --volume-root "$WORK/lab/volumes" \
    --usmt "$WORK/lab/usmt" --simulate --fix --yes </dev/null >"$WORK/out" 2>&1
st=$?
[ $st -eq 1 ] || { cat "$WORK/out"; fail "nobody selected: exit $st, want 1"; }
grep -q '^error   users-none-selected:' "$WORK/out" ||
    { cat "$WORK/out"; fail "no users-none-selected error"; }
grep -q 'usedWithinDays' "$WORK/out" ||
    { cat "$WORK/out"; fail "the rule that left everyone out is not named"; }
grep -E '^(warning|error|info) +[a-z-]+:' "$WORK/out" |
    grep -v '^error   users-none-selected:' | grep -Eq 'selected|users-(bak|orphan|entra|msa)' &&
    { cat "$WORK/out"; fail "a finding treats somebody as selected"; }
[ ! -e "$WORK/lab/volumes/E/stores" ] || fail "a refused run left a store"
exit 0

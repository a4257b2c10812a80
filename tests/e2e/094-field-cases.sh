#!/bin/sh
# Field cases no rule knew: `run` without a USMT folder is refused before
# anything starts; a 32-bit offline Windows without
# MIG_OFFLINE_PLATFORM_ARCH is an error; a /l folder that does not exist,
# two /i files sharing one urlid and relative /i names are named.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
export USMTWIZ_WINPE=1 SIM_PACE_MS=0
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <name>e2e field</name>
  <store kind="compressed">E:\stores\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML

# no USMT folder: refused up front, nothing written
"$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --simulate --fix --yes \
    </dev/null >"$WORK/out" 2>&1
st=$?
[ $st -eq 1 ] || { cat "$WORK/out"; fail "run without USMT: exit $st, want 1"; }
grep -q 'no usable USMT folder' "$WORK/out" ||
    { cat "$WORK/out"; fail "run without USMT: not said"; }
[ ! -e "$V/E/stores" ] || fail "run without USMT left a store"
# the same with the folder runs
"$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$U" --simulate \
    --fix --yes </dev/null >"$WORK/out" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/out"; fail "run with USMT: exit $st, want 0"; }

# 32-bit offline Windows, 64-bit scanstate, no MIG_OFFLINE_PLATFORM_ARCH
"$WIZ" lab create x86-offline-os "$WORK/x86" >/dev/null || fail "lab x86"
"$WIZ" lint --volume-root "$WORK/x86/volumes" --winpe --usmt "$WORK/x86/usmt" \
    --env 'USMT_WORKING_DIR=E:\work' -- 'E:\store' '/offlineWinDir:D:\Windows' \
    /c /efs:copyraw >"$WORK/out" 2>&1
st=$?
[ $st -eq 1 ] || { cat "$WORK/out"; fail "x86 offline: exit $st, want 1"; }
grep -q '^error   offline-arch-unset' "$WORK/out" ||
    { cat "$WORK/out"; fail "x86 offline: not an error"; }

# a /l folder that does not exist; two /i files with one urlid; a
# relative name nobody can check
mkdir -p "$V/E/xml"
for f in A B; do
    printf '<?xml version="1.0"?>\n<migration urlid="http://www.microsoft.com/migration/1.0/migxmlext/same"><component/></migration>\n' \
        >"$V/E/xml/$f.xml"
done
volume_rebaseline "$V/E"
"$WIZ" lint --volume-root "$V" --winpe \
    --env 'USMT_WORKING_DIR=E:\work' --env MIG_FAIL_ON_PROFILE_ERROR=0 \
    -- 'E:\store' '/offlineWinDir:D:\Windows' '/i:E:\xml\A.xml' \
    '/i:E:\xml\B.xml' '/i:custom\Mine.xml' '/l:E:\nologs\s.log' /c \
    /efs:copyraw >"$WORK/out" 2>&1
grep -q "^warning log-folder-missing: the folder of '/l:E:.nologs.s.log' does not exist" \
    "$WORK/out" || { cat "$WORK/out"; fail "missing /l folder not named"; }
grep -q "^warning xml-urlid-duplicate: '/i:E:.xml.B.xml' has the urlid of '/i:E:.xml.A.xml'" \
    "$WORK/out" || { cat "$WORK/out"; fail "shared urlid not named"; }
grep -q '^not checked (relative /i names.*custom.Mine.xml' "$WORK/out" ||
    { cat "$WORK/out"; fail "relative /i name not listed as not checked"; }
rm -rf "$V/E/xml"
volume_rebaseline "$V/E"
exit 0

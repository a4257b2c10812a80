#!/bin/sh
# usmtwiz lint --volume-root: facts from a practice machine (an existing
# store, a missing /i file, a folder that holds no Windows, a USMT folder
# without scanstate.exe).
. "$TOP/tests/e2e/lib.sh"

"$WIZ" lab create demo "$WORK/lab" >/dev/null 2>&1 || fail "lab create demo"
vr="$WORK/lab/volumes"
mkdir -p "$vr/E/store/PC1/USMT" "$vr/E/xml" "$WORK/emptyusmt"
printf 'MIG' >"$vr/E/store/PC1/USMT/USMT.MIG"
printf '<migration urlid="x"/>\n' >"$vr/E/xml/MigDocs.xml"

line='E:\store\PC1 /offlineWinDir:D:\Windows /ue:*\* /ui:S-1-5-21-3623811015-3361044348-30300820-1104* /i:E:\xml\MigDocs.xml /l:E:\logs\s.log /c /efs:copyraw'
set -- --volume-root "$vr" --usmt "$WORK/lab/usmt" --winpe \
    --env 'USMT_WORKING_DIR=E:\work' --env MIG_FAIL_ON_PROFILE_ERROR=0

"$WIZ" lint "$@" -- "$line" >"$WORK/a.txt"
rc=$?
[ "$rc" -eq 1 ] || { cat "$WORK/a.txt"; fail "existing store: exit $rc, want 1"; }
grep -q "^error   store-exists: 'E:\\\\store\\\\PC1' already holds a store (USMT\\\\USMT.MIG)" "$WORK/a.txt" ||
    { cat "$WORK/a.txt"; fail "store-exists finding missing"; }
grep -q 'workdir-missing' "$WORK/a.txt" || fail "missing working folder not seen"
grep -q 'xml-' "$WORK/a.txt" && fail "a good /i file was flagged"

# with /o it runs, but the overwrite is a warning
"$WIZ" lint "$@" -- "$line /o" >"$WORK/b.txt"
rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/b.txt"; fail "with /o: exit $rc, want 0"; }
grep -q '^warning store-overwrite:' "$WORK/b.txt" || fail "overwrite not warned"

# a folder without Windows, a missing /i file, a USMT folder without scanstate
"$WIZ" lint --volume-root "$vr" --usmt "$WORK/emptyusmt" -- \
    'E:\new /offlineWinDir:E:\Windows /i:E:\xml\Nope.xml /c' >"$WORK/c.txt"
[ $? -eq 1 ] || fail "missing /i: want exit 1"
grep -q "^error   xml-missing: cannot find '/i:E:\\\\xml\\\\Nope.xml'" "$WORK/c.txt" || fail "xml-missing"
grep -q '^error   usmt-missing:' "$WORK/c.txt" || fail "usmt-missing"
grep -q "^error   offline-not-windows: 'E:\\\\Windows'" "$WORK/c.txt" || fail "offline-not-windows"
exit 0

#!/bin/sh
# usmtwiz lint --volume-root: facts from a practice machine (an existing
# store, a missing /i file, a USMT folder without scanstate.exe).
. "$TOP/tests/e2e/lib.sh"

vr="$WORK/vols"
mkdir -p "$vr/D/Windows/System32/config" "$vr/E/store/PC1/USMT" "$vr/E/xml" \
    "$vr/X/usmt" "$vr/X/Windows/System32"
printf x >"$vr/X/Windows/System32/msxml6.dll"
printf 'MIG' >"$vr/E/store/PC1/USMT/USMT.MIG"
printf '<migration urlid="x"/>\n' >"$vr/E/xml/MigDocs.xml"
printf 'fs=NTFS\nkind=fixed\nfree=900000000000\ntotal=1000000000000\n' >"$vr/E.volume"

line='E:\store\PC1 /offlineWinDir:D:\Windows /ue:*\* /ui:S-1-5-21-1-2-3-1001* /i:E:\xml\MigDocs.xml /l:E:\logs\s.log /c /efs:copyraw'

"$WIZ" lint --volume-root "$vr" --winpe --env 'USMT_WORKING_DIR=E:\work' -- "$line" >"$WORK/a.txt"
rc=$?
[ "$rc" -eq 1 ] || { cat "$WORK/a.txt"; fail "existing store: exit $rc, want 1"; }
grep -q "^error   store-exists: 'E:\\\\store\\\\PC1' already holds a store (USMT\\\\USMT.MIG)" "$WORK/a.txt" ||
    { cat "$WORK/a.txt"; fail "store-exists finding missing"; }
grep -q 'workdir-missing' "$WORK/a.txt" || fail "missing working folder not seen"
grep -q 'xml-' "$WORK/a.txt" && fail "a good /i file was flagged"

# with /o it runs, but the overwrite is a warning
"$WIZ" lint --volume-root "$vr" --winpe --env 'USMT_WORKING_DIR=E:\work' -- "$line /o" >"$WORK/b.txt"
rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/b.txt"; fail "with /o: exit $rc, want 0"; }
grep -q '^warning store-overwrite:' "$WORK/b.txt" || fail "overwrite not warned"

# a missing /i file and a USMT folder without scanstate.exe
"$WIZ" lint --volume-root "$vr" --usmt "$vr/X/usmt" -- 'E:\new /i:E:\xml\Nope.xml /c' >"$WORK/c.txt"
[ $? -eq 1 ] || fail "missing /i: want exit 1"
grep -q "^error   xml-missing: cannot find '/i:E:\\\\xml\\\\Nope.xml'" "$WORK/c.txt" || fail "xml-missing"
grep -q '^error   usmt-missing:' "$WORK/c.txt" || fail "usmt-missing"
exit 0

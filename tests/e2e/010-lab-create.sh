#!/bin/sh
# usmtwiz lab create builds the demo practice machine; lab list names every
# shipped scenario with its description.
. "$TOP/tests/e2e/lib.sh"
out=$("$WIZ" lab list) || fail "lab list failed"
for s in demo win7-x86 two-windows bitlocker fast-startup server small-x; do
    echo "$out" | grep -q "^$s  *[A-Z]" || fail "lab list lacks '$s': $out"
done
echo "$out" | grep -q '^_' && fail "lab list shows a shared folder"
"$WIZ" lab create demo "$WORK/lab" >"$WORK/out" 2>&1 || {
    cat "$WORK/out"; fail "lab create demo failed"; }
grep -q "built scenario 'demo'" "$WORK/out" || fail "no confirmation"
V="$WORK/lab/volumes"
for f in D/Windows/System32/config/SOFTWARE D/Windows/System32/config/SYSTEM \
         D/Windows/System32/config/SAM "D/Users/Jörg/NTUSER.DAT" \
         "D/Users/李雷/NTUSER.DAT" D/Windows/SysWOW64 "D/Program Files (x86)" \
         X/Windows/System32/msxml6.dll D.volume E.volume X.volume; do
    [ -e "$V/$f" ] || fail "missing $f"
done
[ -e "$V/D/Users/pwong" ] && fail "the orphan profile has a folder"
grep -q '^label=USBSTORE$' "$V/E.volume" || fail "E: label"
grep -q '^kind=removable$' "$V/E.volume" || fail "E: kind"
grep -q '^kind=ram$' "$V/X.volume" || fail "X: kind"
[ -s "$WORK/lab/usmt/scanstate.exe" ] || fail "no scanstate.exe"
[ -s "$WORK/lab/LAB.txt" ] || fail "no LAB.txt"
# an independent reader sees what the scenario says
if command -v hivexget >/dev/null 2>&1; then
    pn=$(hivexget "$V/D/Windows/System32/config/SOFTWARE" \
        '\Microsoft\Windows NT\CurrentVersion' ProductName) ||
        fail "hivexget failed"
    [ "$pn" = "Windows 10 Pro" ] || fail "ProductName is '$pn'"
fi
# a small practice machine is small on disk
kb=$(du -sk "$WORK/lab" | cut -f1)
[ "$kb" -lt 8192 ] || fail "the demo lab takes $kb KB"
exit 0

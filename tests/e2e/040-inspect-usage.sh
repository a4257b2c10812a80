#!/bin/sh
# inspect: --help, --version, usage errors (2), no Windows (1), text lists
# data-only and BitLocker-locked volumes.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" inspect --help >"$WORK/help" || fail "--help failed"
grep -q '^usage: usmtwiz inspect' "$WORK/help" || fail "no usage line"
grep -q -- '--no-sizes' "$WORK/help" || fail "help lacks --no-sizes"
"$WIZ" inspect --version | grep -q '^usmtwiz [0-9]' || fail "--version"

"$WIZ" inspect --frobnicate 2>"$WORK/err"
[ $? -eq 2 ] || fail "an unknown option is not exit 2"
grep -q "unknown option '--frobnicate'" "$WORK/err" || fail "no clear message"
"$WIZ" inspect --volume-root 2>/dev/null
[ $? -eq 2 ] || fail "--volume-root without a folder is not exit 2"
"$WIZ" inspect --volume-root "$WORK/missing" 2>"$WORK/err"
[ $? -eq 2 ] || fail "a missing volume root is not exit 2"
grep -q "cannot read volume root" "$WORK/err" || fail "no message for root"

mkdir -p "$WORK/vols/D/Data" "$WORK/vols/E"
printf 'label=Backup\nfs=exFAT\nkind=removable\n' >"$WORK/vols/D.volume"
printf 'locked=1\n' >"$WORK/vols/E.volume"
"$WIZ" inspect --volume-root "$WORK/vols" >"$WORK/out"
[ $? -eq 1 ] || fail "no Windows is not exit 1"
grep -q '^Volume D:' "$WORK/out" || fail "volume D not listed"
grep -q 'label "Backup", exFAT, removable' "$WORK/out" || fail "D facts"
grep -q 'no Windows installation' "$WORK/out" || fail "D not said empty"
grep -q 'BitLocker-locked: unlock it first' "$WORK/out" ||
    fail "E not reported locked"
grep -q '^2 volumes, 0 Windows installations$' "$WORK/out" || fail "summary"
"$WIZ" inspect --volume-root "$WORK/vols" Q 2>"$WORK/err"
[ $? -eq 2 ] || fail "an unknown volume is not exit 2"
grep -q "no volume 'Q'" "$WORK/err" || fail "no message for volume Q"
"$WIZ" inspect --volume-root "$WORK/vols" --xml e: >"$WORK/xml"
[ $? -eq 1 ] || fail "--xml on E is not exit 1"
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$WORK/xml" || fail "inspect XML is not well-formed"
fi
grep -q '<volume letter="E"' "$WORK/xml" || fail "E not in XML"
if grep -q 'letter="D"' "$WORK/xml"; then fail "D not filtered out"; fi
exit 0

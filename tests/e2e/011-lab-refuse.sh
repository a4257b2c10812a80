#!/bin/sh
# lab create refuses a folder that is not empty (exit 2, clear message)
# unless --force, and names the file and line of a broken manifest.
. "$TOP/tests/e2e/lib.sh"
mkdir -p "$WORK/busy"
echo keep >"$WORK/busy/notes.txt"
if "$WIZ" lab create small-x "$WORK/busy" 2>"$WORK/err"; then
    fail "built into a non-empty folder"
else
    st=$?
fi
[ "$st" -eq 2 ] || fail "exit status $st, want 2"
grep -q "is not empty (use --force" "$WORK/err" || fail "no clear message: $(cat "$WORK/err")"
[ -e "$WORK/busy/volumes" ] && fail "wrote into the refused folder"
"$WIZ" lab create small-x "$WORK/busy" --force >/dev/null 2>&1 || fail "--force failed"
[ -e "$WORK/busy/volumes/D/Windows/System32/config/SOFTWARE" ] || fail "not built"
[ -e "$WORK/busy/notes.txt" ] || fail "--force removed a file that is not ours"
# unknown scenario, bad usage
"$WIZ" lab create no-such "$WORK/x" 2>"$WORK/err" && fail "unknown scenario accepted"
grep -q "no scenario 'no-such'" "$WORK/err" || fail "no message for unknown scenario"
"$WIZ" lab create demo 2>/dev/null && fail "missing DIR accepted"
"$WIZ" lab --help | grep -q 'lab create SCENARIO DIR' || fail "no help"
# a broken manifest: file:line
mkdir -p "$WORK/sc"
printf 'description x\nvolume D total=1G free=2G\n' >"$WORK/sc/scenario.txt"
"$WIZ" lab create "$WORK/sc" "$WORK/y" 2>"$WORK/err" && fail "bad manifest accepted"
grep -q "sc/scenario.txt:2: volume D: has more free space than its size" "$WORK/err" ||
    fail "no file:line message: $(cat "$WORK/err")"
exit 0

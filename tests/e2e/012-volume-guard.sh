#!/bin/sh
# The guard every end-to-end test gets: `lab create` records the offline
# volumes (not the store disk, not Windows PE's X:), and any write under
# one (a new file, a changed byte, a new time) is caught at the end.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
grep -q "^$V/D	" "$VOLHASH_LIST" || fail "D: is not watched"
grep -q "^$V/E	" "$VOLHASH_LIST" && fail "the store disk E: is watched"
grep -q "^$V/X	" "$VOLHASH_LIST" && fail "Windows PE's X: is watched"
volume_check >/dev/null || fail "a fresh volume is reported changed"
# writes elsewhere do not count
: >"$V/E/store-file"
: >"$V/X/scratch"
volume_check >/dev/null || fail "a write outside the offline volume counted"
for change in new-file byte time; do
    case $change in
    new-file) : >"$V/D/Users/anna/new.txt" ;;
    byte) printf 'x' >>"$V/D/Windows/System32/config/SOFTWARE" ;;
    time) touch -d '2001-01-01' "$V/D/Users/anna" ;;
    esac
    out=$(volume_check) && fail "$change under D: not seen"
    echo "$out" | grep -q "the offline volume '$V/D' was changed" ||
        fail "$change: no message ($out)"
    volume_rebaseline "$V/D"
done
mv "$V/D" "$V/D-gone"
out=$(volume_check) && fail "a vanished volume not seen"
echo "$out" | grep -q "the offline volume '$V/D' disappeared" || fail "no message ($out)"
mv "$V/D-gone" "$V/D"
volume_unwatch "$V/D"
rm -rf "$V/D"
volume_check >/dev/null || fail "an unwatched volume still counts"
exit 0

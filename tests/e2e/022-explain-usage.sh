#!/bin/sh
# explain --help, --list and bad usage.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" explain --help | grep -q '^usage: usmtwiz explain' || fail "--help"
"$WIZ" explain --list >"$WORK/list" || fail "--list failed"
[ "$(grep -c '^[0-9]' "$WORK/list")" -eq 27 ] || fail "--list has not 27 codes"
for c in 0 1 2 3 11 12 13 14 26 27 28 29 31 32 33 34 35 36 37 38 39 40 41 42 61 71 72; do
    grep -q "^$c  *USMT_" "$WORK/list" || fail "--list lacks $c"
done
# it fits an 80-column console
awk 'length > 80 { exit 1 }' "$WORK/list" || fail "--list is wider than 80"
"$WIZ" explain 2>"$WORK/err"
[ $? -eq 2 ] || fail "no argument did not exit 2"
grep -q 'a code, symbol or message is needed' "$WORK/err" || fail "no usage message"
"$WIZ" explain --frobnicate 2>"$WORK/err"
[ $? -eq 2 ] || fail "an unknown option did not exit 2"
grep -q "'--frobnicate' is not an option" "$WORK/err" || fail "unknown option message"
"$WIZ" explain --list 29 2>/dev/null
[ $? -eq 2 ] || fail "--list with a code did not exit 2"
exit 0

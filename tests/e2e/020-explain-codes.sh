#!/bin/sh
# explain answers for documented codes (29, 36, 61) and refuses others.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" explain 29 >"$WORK/29" || fail "explain 29 failed"
grep -q '^29 USMT_FAILED_MIGSTARTUP' "$WORK/29" || fail "no symbol for 29"
grep -q '^Category: Setup and Initialization$' "$WORK/29" || fail "no category"
grep -q '  - A minimum of 250 MB of free space is required for temporary files$' \
    "$WORK/29" || fail "29 lacks its 250 MB message"
grep -q 'USMT_WORKING_DIR' "$WORK/29" || fail "29 gives no fix"

"$WIZ" explain 36 >"$WORK/36" || fail "explain 36 failed"
grep -q '^36 USMT_ERROR_UNSUPPORTED_PLATFORM' "$WORK/36" || fail "no symbol for 36"
grep -q 'Use /offline to run gather on this platform' "$WORK/36" ||
    fail "36 lacks its message"
grep -q 'offlineWinDir' "$WORK/36" || fail "36 gives no fix"

"$WIZ" explain 61 >"$WORK/61" || fail "explain 61 failed"
grep -q '^61 USMT_MIGRATION_STOPPED_NONFATAL' "$WORK/61" || fail "no symbol for 61"
grep -q '^Category: Non-fatal Errors$' "$WORK/61" || fail "61 category"
grep -q 'Processing stopped due to an I/O error' "$WORK/61" || fail "61 message"

# a hexadecimal code and a symbol in another case
"$WIZ" explain 0x1d | grep -q '^29 ' || fail "0x1d is not 29"
"$WIZ" explain usmt_unable_domigration | grep -q '^72 ' || fail "symbol lookup"

# undocumented codes: a clear answer and exit status 1
"$WIZ" explain 30 >"$WORK/30"
st=$?
[ "$st" -eq 1 ] || fail "explain 30 exited $st, not 1"
grep -q '30 is not a documented scanstate return code' "$WORK/30" ||
    fail "no clear answer for 30"
"$WIZ" explain 4294967296 >/dev/null
[ $? -eq 1 ] || fail "a huge code is not refused with 1"
"$WIZ" explain -5 >/dev/null
[ $? -eq 1 ] || fail "a negative code is not refused with 1"
exit 0

#!/bin/sh
# explain finds codes by message words or by a whole log line.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" explain "A minimum of 250 MB" >"$WORK/out" || fail "message lookup failed"
grep -q '^Message: A minimum of 250 MB of free space is required for temporary files$' \
    "$WORK/out" || fail "the full message is not shown"
grep -q '^29 USMT_FAILED_MIGSTARTUP' "$WORK/out" || fail "250 MB is not 29"

# unquoted words, and a log line around the message
"$WIZ" explain use of /offline is not supported during apply | grep -q '^36 ' ||
    fail "unquoted words not found"
"$WIZ" explain '2024-05-01 10:12:13, Error [0x000000] Processing stopped due to an I/O error' |
    grep -q '^61 ' || fail "log line not matched"

# one message, two codes
"$WIZ" explain "Invalid space estimate path" >"$WORK/two" || fail "shared message"
grep -q '^11 USMT_INVALID_PARAMETERS' "$WORK/two" || fail "shared message lacks 11"
grep -q '^41 USMT_PREFLIGHT_FILE_CREATION_FAILED' "$WORK/two" ||
    fail "shared message lacks 41"

# a message from the binary only, filed under 11
"$WIZ" explain "/ppkg cannot be used with /p" >"$WORK/x" || fail "extra message"
grep -q 'not in the docs' "$WORK/x" || fail "extra message not marked"
grep -q '^11 ' "$WORK/x" || fail "extra message not under 11"

# Windows' own message for a USMT of the wrong architecture
"$WIZ" explain "The subsystem needed to support the image type is not present" \
    >"$WORK/308" || fail "error 308 message not found"
grep -q 'No documented return code goes with this message' "$WORK/308" ||
    fail "308 message not marked as having no code"
grep -q 'amd64 for x64 Windows PE' "$WORK/308" || fail "308 gives no fix"

# nothing matches
"$WIZ" explain "the quick brown fox" >"$WORK/none"
[ $? -eq 1 ] || fail "unknown message did not exit 1"
grep -q 'is not a documented scanstate return code, symbol or message' \
    "$WORK/none" || fail "no clear answer for an unknown message"
exit 0

#!/bin/sh
# The program answers --help and --version and refuses unknown commands.
. "$TOP/tests/e2e/lib.sh"
out=$("$WIZ" --version) || fail "--version failed"
echo "$out" | grep -q '^usmtwiz [0-9]' || fail "bad version line: $out"
"$WIZ" --help | grep -q 'inspect' || fail "--help lists no commands"
if "$WIZ" no-such-command 2>"$WORK/err"; then fail "unknown command accepted"; fi
grep -q "'no-such-command' is not a command" "$WORK/err" || fail "no clear message"
exit 0

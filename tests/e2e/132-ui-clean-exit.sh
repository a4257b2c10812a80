#!/bin/sh
# Leaving the wizard leaves a clean terminal: on a vt100 (no alternate
# screen) nothing of the last screen stays, and what usmtwiz and the shell
# print afterwards starts at the top, not over the old bottom line.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "TERM=vt100 $WIZ --volume-root $WORK/lab/volumes" \
    "--usmt $WORK/lab/usmt"
wait_for "[1 Environment]"
send Enter
wait_for "[2 Volume]"
# nothing chosen yet: q quits at once
send q
wait_exit 1
screen >"$WORK/after.txt"
if grep -E 'Volume|Environment|Enter next|Quit usmtwiz' "$WORK/after.txt"; then
    fail "the wizard's last screen stayed after it ended"
fi
first=$(grep -n . "$WORK/after.txt" | head -n 1 | cut -d: -f1)
[ "${first:-99}" -le 2 ] ||
    fail "the text after the wizard starts at line $first, not at the top"
exit 0

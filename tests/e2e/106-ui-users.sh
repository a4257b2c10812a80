#!/bin/sh
# Users: UTF-8 names are shown and the columns stay aligned (wide
# characters count two columns); sizes are filled in; text, kind and
# "used in the last N days" filters; nothing selected blocks Next.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9: Volume"
send Enter
wait_for "Step 3 of 9: Users"
wait_for "Jörg"
wait_for "李雷"
wait_gone "so far"
col() { screen | grep -F -- "$1" | head -n 1 | sed 's/ SAM .*//' | wc -L; }
a=$(col "Jörg")
b=$(col "李雷")
[ "$a" -gt 0 ] && [ "$a" -eq "$b" ] || fail "columns differ: $a vs $b"
send /
send "jö"
wait_for "Filter jö"
wait_gone "李雷"
screen | grep -q "Jörg" || fail "filter lost Jörg"
send Escape
wait_for "李雷"
send k
wait_for "kind local"
wait_gone "CONTOSO"
send k
wait_for "kind domain"
wait_for "CONTOSO\\jsmith"
send k k k k k k k
wait_gone "kind "
wait_for "CONTOSO\\mkhan"
# counted back from the PC's last use (2024-06-03), not from today
send d
wait_for "Used within N days"
send 1 Enter
wait_for "used 1d to 2024-06-03"
wait_gone "CONTOSO\\mkhan"
wait_for "ana.lopez"
send d BSpace Enter
wait_gone "used 1d"
send =
wait_for "12 of 12 selected"
send -
wait_for "0 of 12 selected"
send Enter
wait_for "Cannot go on: select at least one user"
send +
wait_for "12 of 12 selected"
send F10
wait_for "Quit usmtwiz?"
send y
wait_exit 1
exit 0

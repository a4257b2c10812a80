#!/bin/sh
# The rules in the wizard: the F1 help of a screen ends with the ids of
# the rules it shows and e there explains one; on Review e explains the
# highlighted finding's rule, as 'usmtwiz lint --explain' does.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
start "'$WIZ' --volume-root '$WORK/lab/volumes' --usmt '$WORK/lab/usmt' --simulate"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9: Volume"
send Enter
wait_for "Step 3 of 9: Users"
send F1
wait_for "Help: Users"
i=0
while ! screen | grep -q "Rules behind the findings on this screen" && [ $i -lt 10 ]; do
    send PageDown
    sleep 0.1
    i=$((i + 1))
done
wait_for "Rules behind the findings on this screen"
wait_for "offline-ui-by-name"
# e in the help asks for an id and explains it
wait_for "e explain a rule"
send e
wait_for "Explain a rule"
send -l "offline-ui-by-name"
send Enter
wait_for "Rule offline-ui-by-name"
wait_for "silently"
send Escape
wait_for "Help: Users"
# a typo gets the closest ids
send e
wait_for "Explain a rule"
send -l "users-entr"
send Enter
wait_for "There is no rule 'users-entr'"
wait_for "users-entra"
send Enter
wait_for "Help: Users"
send Escape
wait_gone "Help: Users"
for s in 4 5 6 7; do
    send Enter
    wait_for "Step $s of 9"
done
wait_for "START BLOCKED"
wait_for "e why"
# the first finding is the temporary profile
send e
wait_for "Rule temp-profile-present"
wait_for "why it matters:"
wait_for "MIG_FAIL_ON_PROFILE_ERROR"
send Escape
wait_gone "Rule temp-profile-present"
wait_for "START BLOCKED"
send q
wait_for "Quit usmtwiz?"
send y
wait_exit 1 10
exit 0

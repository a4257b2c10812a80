#!/bin/sh
# usmtwiz lint --explain RULE-ID: every rule explains itself at length;
# an unknown id says so, suggests close ids and exits 1; no id is usage.
. "$TOP/tests/e2e/lib.sh"

"$WIZ" lint --explain offline-ui-by-name >"$WORK/x.txt"
rc=$?
[ $rc -eq 0 ] || fail "--explain exited $rc"
for part in "offline-ui-by-name (error)" "What it catches:" "why it matters:" "Fix:" \
    "Automatic fix:" "Severity:" "Looks at:" "Source:" "usmt-common-issues" \
    "shown on: Users, Review" "silently left out"; do
    grep -qF -- "$part" "$WORK/x.txt" || fail "no '$part' in the explanation"
done
"$WIZ" lint --explain volume-bitlocker | grep -A1 '^Automatic fix:' | grep -q '^  no' ||
    fail "volume-bitlocker claims an automatic fix"

# every rule of the table has a real explanation
for id in $("$WIZ" lint --list-rules | cut -d' ' -f1); do
    "$WIZ" lint --explain "$id" >"$WORK/e.txt" || fail "--explain $id failed"
    words=$(sed -n '/^What it checks and why it matters:/,/^Fix:/p' "$WORK/e.txt" | wc -w)
    [ "$words" -ge 20 ] || fail "$id: only $words words of explanation"
done

"$WIZ" lint --explain workdir-on-y >"$WORK/u.txt"
rc=$?
[ $rc -eq 1 ] || fail "unknown id exited $rc, not 1"
grep -q "There is no rule 'workdir-on-y'" "$WORK/u.txt" || fail "no 'no rule' message"
grep -q "Did you mean: workdir-on-x" "$WORK/u.txt" || fail "no suggestion"

"$WIZ" lint --explain >/dev/null 2>"$WORK/err.txt"
rc=$?
[ $rc -eq 2 ] || fail "--explain without an id exited $rc, not 2"
grep -q "'--explain' needs a value" "$WORK/err.txt" || fail "no usage message"

# the rules of one screen
"$WIZ" lint --list-rules --screen store >"$WORK/s.txt" || fail "--screen store failed"
grep -q '^store-exists ' "$WORK/s.txt" || fail "store-exists not on the Store screen"
grep -q '^offline-ui-by-name ' "$WORK/s.txt" && fail "a users rule on the Store screen"
"$WIZ" lint --list-rules --screen nowhere >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown screen is not a usage error"
exit 0

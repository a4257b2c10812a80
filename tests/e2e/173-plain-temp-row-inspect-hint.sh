#!/bin/sh
# Plain mode lists one row per profile: the TEMP row of CONTOSO\mkhan
# (same SID) has no box, says whose it is, is not counted as a user of
# its own ("N of M selected" counts the SIDs, as the screen and the plan
# do) and toggling it says which row to toggle instead.
# "usmtwiz inspect" that finds no Windows on this machine says how to
# look at practice volumes (--volume-root).
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
printf '\n\n11\nq\ny\n' |
    "$WIZ" --plain --volume-root "$V" --usmt "$U" --simulate >"$WORK/out" 2>&1
sed -n '/== Step 3/,$p' "$WORK/out" >"$WORK/users"
grep -q '^11\.  -  TEMP, temporary, S-1-5-21-3623811015-3361044348-30300820-1107, .* (temporary profile of CONTOSO\\mkhan, goes with row 12)$' \
    "$WORK/users" || { cat "$WORK/users"; fail "the TEMP row is not shown as mkhan's"; }
grep -q '^11\. \[' "$WORK/users" && fail "the TEMP row has a box"
# M = the distinct SIDs of the rows listed
sids=$(sed -n 's/^[0-9]*\. .*, \(S-1-[0-9-]*\), .*/\1/p' "$WORK/users" | sort -u | wc -l)
rows=$(grep -c '^[0-9]*\. ' "$WORK/users")
[ "$rows" -gt "$sids" ] || fail "the demo lost its shared SID ($rows rows, $sids SIDs)"
grep -q "^6 of $sids selected\.$" "$WORK/users" ||
    { cat "$WORK/users"; fail "the count is not one per SID ($sids)"; }
grep -q '^11 goes with row 12 (the same SID): toggle 12\.$' "$WORK/users" ||
    fail "toggling the TEMP row says nothing"
[ "$(grep -c "^6 of $sids selected\.$" "$WORK/users")" -ge 2 ] ||
    fail "toggling the TEMP row changed the selection"

# inspect on this machine: no Windows here means a hint, Windows none
"$WIZ" inspect --no-sizes >"$WORK/i-out" 2>"$WORK/i-err"
st=$?
case $st in
1) grep -q -- '--volume-root DIR' "$WORK/i-err" ||
       fail "inspect found no Windows and gave no hint of --volume-root"
   grep -q "lab create" "$WORK/i-err" || fail "the hint does not say how to make practice volumes" ;;
0) grep -q -- '--volume-root' "$WORK/i-err" && fail "a hint although Windows was found" ;;
*) cat "$WORK/i-err"; fail "inspect: exit $st" ;;
esac
# with practice volumes and none of them Windows: no hint (the root is given)
mkdir -p "$WORK/vols/E"
"$WIZ" inspect --volume-root "$WORK/vols" >/dev/null 2>"$WORK/i-err2"
grep -q -- '--volume-root DIR' "$WORK/i-err2" && fail "a hint although --volume-root was given"
exit 0

#!/bin/sh
# Domain moves on the restore: the demo PC captured with its local users and
# the domain user CONTOSO\jsmith.  In the console dialogue, CONTOSO:FABRIKAM
# moves the whole domain (/md) and OLDPC\anna:NORTHWIND\anna one user (/mu);
# each stored user is shown with the account it lands in; a mistyped domain
# is the warning restore-md-no-user.  The simulator's loadstate honours
# /md: it logs the account jsmith is restored into and the practice new PC
# records it.  On the Accounts screen, d moves the domain of the user under
# the cursor and m that user, each through a prompt; the hint bar offers d
# only for a domain user; Review's line has the /md and /mu.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\stores\PC</store>
  <users><include kind="local"/><include kind="domain"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WIZ" run --preset "$WORK/p.xml" \
    --volume-root "$V" --usmt "$WORK/lab/usmt" --simulate --fix --yes \
    </dev/null >"$WORK/cap" 2>&1 || { cat "$WORK/cap"; fail "capture failed"; }
grep -q 'captured: CONTOSO\\jsmith (domain' "$WORK/cap" || { cat "$WORK/cap"; fail "jsmith not captured"; }
# the new PC: the same Windows without its profiles, the USB disk as E:
mkdir -p "$WORK/new"
cp -R "$V/D" "$WORK/new/C"
rm -rf "$WORK/new/C/Users"/*
ln -s "$V/E" "$WORK/new/E"
REC="$WORK/new/C/Windows/usmtwiz-practice-profiles.txt"
LOG="$V/E/stores/PC-logs/loadstate.log"
OLD=PC-ACC-0042
export USMTWIZ_ELEVATED=1 SIM_PACE_MS=0

# the dialogue
start "'$WIZ' restore --plain --target-root '$WORK/new' --simulate"
wait_for 'Set their password and enable them after loadstate?'
send Enter
wait_for 'CONTOSO\jsmith (domain, S-1-5-21-'
wait_for 'Move a domain (CONTOSO:FABRIKAM, /md) or a user'
send 'CONTOSSO:FABRIKAM' Enter
sleep 0.2
send 'CONTOSO:FABRIKAM' Enter
wait_for '/md:CONTOSO:FABRIKAM (the domain moves)'
$TMUX_CMD capture-pane -p -J | grep -qF -- '-> FABRIKAM\jsmith' ||
    fail "the account jsmith lands in is not FABRIKAM\\jsmith"
send "CONTOSO\\jsmith:NORTHWIND" Enter
wait_for "'NORTHWIND' is not an account: give it as DOMAIN\\user"
send "$OLD\\anna:NORTHWIND\\anna" Enter
wait_for "/mu:$OLD\\anna:NORTHWIND\\anna, created disabled if new (/lac)"
send Enter
wait_for 'Start loadstate? [y/N]'
$TMUX_CMD capture-pane -p -J >"$WORK/screen"
grep -qF "/md:CONTOSSO:FABRIKAM /md:CONTOSO:FABRIKAM /mu:$OLD\\anna:NORTHWIND\\anna /lac" "$WORK/screen" ||
    { cat "$WORK/screen"; fail "the line lacks the moves"; }
grep -qF "warning restore-md-no-user: /md:CONTOSSO:FABRIKAM moves no stored user: no stored user is in domain 'CONTOSSO' (the store's domains: CONTOSO)" "$WORK/screen" ||
    { cat "$WORK/screen"; fail "the mistyped domain is not a warning"; }
grep -qF 'restore-md-no-user: /md:CONTOSO:' "$WORK/screen" && fail "the right domain warned"
send y Enter
wait_for 'jsmith: restored' 30
wait_exit 0
$TMUX_CMD kill-server 2>/dev/null
grep -q 'The account CONTOSO\\jsmith is restored into FABRIKAM\\jsmith (/md:CONTOSO:FABRIKAM)' "$LOG" ||
    fail "loadstate-sim did not honour /md"
grep -q "The account $OLD\\\\anna is restored into NORTHWIND\\\\anna" "$LOG" ||
    fail "loadstate-sim did not honour /mu"
[ "$(grep jsmith "$REC")" = "$(printf 'CONTOSO\\jsmith\tFABRIKAM\\jsmith')" ] ||
    { cat "$REC"; fail "the practice new PC does not record jsmith in FABRIKAM"; }
grep -q "^$OLD\\\\Jörg	$OLD\\\\Jörg\$" "$REC" || { cat "$REC"; fail "Jörg not recorded in his own account"; }

# the screens
rm -rf "$WORK/new/C/Users"/* "$REC"
start "'$WIZ' restore --target-root '$WORK/new' --simulate"
wait_for "Step 1 of 6: Store"
send Enter
wait_for "Step 2 of 6: Accounts"
wait_for '> restore   Jörg (local) -> '
# the bar leaves keys out ("? more keys"); the help lists those that work
wait_for '? more keys'
send '?'
wait_for 'Keys that work here now:'
screen | grep -q 'move domain' && fail "d offered for a local user"
screen | grep -q 'move user' || fail "m not offered for a local user"
send Escape
wait_gone 'Keys that work here now:'
send d
sleep 0.3
screen | grep -q 'Move the domain' && fail "d opened a prompt for a local user"
send End
wait_for '> restore   CONTOSO\jsmith (domain) -> CONTOSO\jsmith'
send '?'
wait_for 'Keys that work here now:'
screen | grep -q 'move domain' || fail "d not offered for a domain user"
screen | grep -q 'move user' || fail "m not offered for a domain user"
send Escape
wait_gone 'Keys that work here now:'
screen | grep -q '…' && fail "a row is cut short"
send d
wait_for 'Move the domain'
wait_for 'Every stored user of CONTOSO moves to the domain'
send FABRIKAM Enter
wait_for '> restore   CONTOSO\jsmith (domain) -> FABRIKAM\jsmith'
wait_for '/md:CONTOSO:FABRIKAM (the domain moves)'
send m
wait_for 'Move the user'
send 'NORTHWIND\john' Enter
wait_for '> restore   CONTOSO\jsmith (domain) -> NORTHWIND\john'
wait_for '/mu:CONTOSO\jsmith:NORTHWIND\john'
# empty takes the user's /mu back: the domain move shows again
send m
wait_for 'Move the user'
send C-u
send BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
send Enter
wait_for '> restore   CONTOSO\jsmith (domain) -> FABRIKAM\jsmith'
screen | grep -q '…' && fail "a row is cut short"
send Enter
wait_for "Step 3 of 6: What to restore"
send Enter
wait_for "Step 4 of 6: Review"
$TMUX_CMD capture-pane -p -J | grep -qF '/md:CONTOSO:FABRIKAM /lac' ||
    fail "Review's line lacks the /md"
$TMUX_CMD capture-pane -p -J | grep -qF 'NORTHWIND' && fail "a /mu taken back is still on"
send q
wait_exit 1
exit 0

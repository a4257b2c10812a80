#!/bin/sh
# attach to a capture no usmtwiz started (no run state): the users are the
# /ui:<SID>* of the command line the progress log recorded, checked
# against scanstate.log (read from the /l of that line, or --log).  anna
# is captured (a compressed store: her size is said to be unknown, not
# 0), mkhan (TEMP profile, MIG_FAIL_ON_PROFILE_ERROR=0) is not: exit 4.
# Without a readable scanstate.log attach says why no user is checked.
# After a capture usmtwiz ran (its run state gone), the names come from
# the report beside the store.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
anna=S-1-5-21-1004336348-1177238915-682003330-1002
mkhan=S-1-5-21-3623811015-3361044348-30300820-1107
mkdir -p "$V/E/logs"
USMTWIZ_VOLUME_ROOT="$V" USMTWIZ_WINPE=1 MIG_FAIL_ON_PROFILE_ERROR=0 \
    "$SIM" 'E:\mig' '/offlineWinDir:D:\Windows' '/ue:*\*' "/ui:$anna*" \
    "/ui:$mkhan*" '/progress:E:\logs\p.log' '/l:E:\logs\s.log' /c \
    /efs:copyraw >"$WORK/sim" 2>&1 || { cat "$WORK/sim"; fail "the capture failed"; }
P="$V/E/logs/p.log"
ls "$WORK"/usmtwiz-run-*.state >/dev/null 2>&1 && fail "a run state exists"

"$WIZ" attach "$P" --volume-root "$V" >"$WORK/att" 2>&1
st=$?
[ $st -eq 4 ] || { cat "$WORK/att"; fail "attach: exit $st, want 4 (incomplete)"; }
grep -q '^Users (2 selected):$' "$WORK/att" || { cat "$WORK/att"; fail "no per-user lines"; }
grep -q "^  captured: $anna (named by /ui), size in the store not known (a compressed store is one USMT.MIG)\$" "$WORK/att" ||
    { cat "$WORK/att"; fail "anna not captured, or her size not said unknown"; }
grep -q "^  NOT CAPTURED: $mkhan (named by /ui)\$" "$WORK/att" ||
    { cat "$WORK/att"; fail "mkhan not said not captured"; }
tr '\n' ' ' <"$WORK/att" | tr -s ' ' | grep -q 'temporary (TEMP) profile and MIG_FAIL_ON_PROFILE_ERROR=0 skips such a user' ||
    { cat "$WORK/att"; fail "mkhan's reason not said"; }
grep -q '^INCOMPLETE: scanstate reported success, but 1 selected user is not in the store' "$WORK/att" ||
    fail "no INCOMPLETE verdict"
grep -q '^result: incomplete' "$WORK/att" || fail "result word"
grep -q '0 B' "$WORK/att" && fail "a size of 0 shown"

# scanstate.log given by hand: the same answer
"$WIZ" attach "$P" --log "$V/E/logs/s.log" >"$WORK/att2" 2>&1
st=$?
[ $st -eq 4 ] || { cat "$WORK/att2"; fail "attach --log: exit $st, want 4"; }
grep -q "^  NOT CAPTURED: $mkhan" "$WORK/att2" || fail "attach --log: mkhan not named"

# E: cannot be found without the volume root: nothing is checked, and
# attach says so instead of calling the capture a plain success
"$WIZ" attach "$P" >"$WORK/att3" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/att3"; fail "attach, no log: exit $st, want 0 (rc 0)"; }
grep -q "^users: not checked: scanstate.log 'E:.logs.s.log' cannot be read (give it with --log)" "$WORK/att3" ||
    { cat "$WORK/att3"; fail "attach, no log: the reason is not said"; }
grep -q '^Users (' "$WORK/att3" && fail "attach, no log: users shown as checked"

# a capture usmtwiz ran, whose run state is gone once it ended: attach on
# its progress log takes the users' names from the report beside the store
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\stores\%job%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid><excludeSid>*-1001</excludeSid><excludeSid>*-1003</excludeSid><excludeSid>*-1004</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
  <ticket><field name="job" required="yes"/></ticket>
</usmtwizPreset>
XML
"$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$WORK/lab/usmt" \
    --simulate --ticket job=J-7 --fix --yes </dev/null >"$WORK/run" 2>&1 ||
    { cat "$WORK/run"; fail "run failed"; }
ls "$WORK"/usmtwiz-run-*.state >/dev/null 2>&1 && fail "the run state outlived the capture"
"$WIZ" attach "$V/E/stores/J-7-logs/progress.log" --volume-root "$V" >"$WORK/att4" 2>&1
st=$?
[ $st -eq 0 ] || { cat "$WORK/att4"; fail "attach after run: exit $st, want 0"; }
grep -q "^  captured: anna (local, $anna), size in the store not known" "$WORK/att4" ||
    { cat "$WORK/att4"; fail "attach after run: anna not named from the report"; }
grep -q '^Succeeded: everything selected is in the store' "$WORK/att4" ||
    { cat "$WORK/att4"; fail "attach after run: no verdict"; }
exit 0

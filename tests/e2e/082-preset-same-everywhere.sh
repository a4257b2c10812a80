#!/bin/sh
# One preset, one capture: `run --preset` and the wizard's plain mode on
# two copies of the demo PC give the same command line (store, /l,
# /progress, /listfiles), the same environment and the same log folder.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/a" >/dev/null || fail "lab create failed"
"$WIZ" lab create demo "$WORK/b" >/dev/null || fail "lab create failed"
export USMTWIZ_WINPE=1 SIM_PACE_MS=0
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <name>same everywhere</name>
  <store kind="compressed">E:\stores\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw" listFiles="yes"/>
</usmtwizPreset>
XML

"$WIZ" run --preset "$WORK/p.xml" --volume-root "$WORK/a/volumes" \
    --usmt "$WORK/a/usmt" --simulate --fix --yes </dev/null >"$WORK/run.out" 2>&1 ||
    { cat "$WORK/run.out"; fail "run --preset failed"; }
# plain mode: every step as proposed, the temporary-profile fix, start
printf '\n\n\n\n\n\nf 1\ns\n' |
    "$WIZ" --plain --preset "$WORK/p.xml" --volume-root "$WORK/b/volumes" \
    --usmt "$WORK/b/usmt" --simulate >"$WORK/plain.out" 2>&1 ||
    { cat "$WORK/plain.out"; fail "plain mode with the preset failed"; }

ra="$WORK/a/volumes/E/stores/PC-ACC-0042/usmtwiz-report.xml"
rb="$WORK/b/volumes/E/stores/PC-ACC-0042/usmtwiz-report.xml"
[ -f "$ra" ] || fail "run wrote no report"
[ -f "$rb" ] || { cat "$WORK/plain.out"; fail "plain mode wrote no report"; }
# part REPORT TAG ROOT: the element TAG of REPORT, without ROOT
part() {
    awk -v t="$2" 'index($0, "<" t ">") { on = 1 }
        on { print } index($0, "</" t ">") { on = 0 }' "$1" | sed "s|$3||g"
}
ca=$(part "$ra" command "$WORK/a")
cb=$(part "$rb" command "$WORK/b")
[ "$ca" = "$cb" ] || fail "command lines differ:
run:   $ca
plain: $cb"
case $ca in
*'/listfiles:E:\stores\PC-ACC-0042-logs\files.txt'*) ;;
*) fail "no /listfiles beside the logs: $ca" ;;
esac
ea=$(part "$ra" environment "$WORK/a")
eb=$(part "$rb" environment "$WORK/b")
[ "$ea" = "$eb" ] || fail "environments differ:
run:   $ea
plain: $eb"
la=$(part "$ra" scanstateLog "$WORK/a")
lb=$(part "$rb" scanstateLog "$WORK/b")
[ "$la" = "$lb" ] || fail "log folders differ: $la / $lb"
[ -s "$WORK/b/volumes/E/stores/PC-ACC-0042-logs/scanstate.log" ] ||
    fail "plain mode's log is not beside the store"
exit 0

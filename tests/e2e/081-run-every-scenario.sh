#!/bin/sh
# `usmtwiz run --preset` on every shipped practice scenario: each one either
# captures or is refused before anything starts, with the documented
# reason, and the exit status says which (0 captured, 1 refused by the
# rules, 2 nothing usable to capture, 3 scanstate ran and failed: the
# store-full lesson's stick fills up).
. "$TOP/tests/e2e/lib.sh"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\stores\%COMPUTERNAME%</store>
  <users><include kind="local"/><include kind="domain"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
# scenario  expected-exit  words expected in the output
expect() {
    case $1 in
    demo) echo "0|result: 0 USMT_SUCCESS" ;;
    bitlocker) echo "2|no usable Windows installation" ;;
    bitlocker-recovery) echo "2|no usable Windows installation" ;;
    fast-startup) echo "1|nothing was started" ;;
    server) echo "1|offline-os-server" ;;
    small-x) echo "1|workdir-unset" ;;
    two-windows) echo "2|several Windows installations; choose one with --volume" ;;
    win7-x86) echo "1|usmt-x86-on-x64" ;;
    wrong-arch-usmt) echo "1|usmt-x86-on-x64" ;;
    x86-offline-os) echo "0|result: 0 USMT_SUCCESS" ;;
    store-full) echo "3|result: 72 USMT_UNABLE_DOMIGRATION" ;;
    # --fix excludes anna's cloud-only files (usmtwiz-cloud-exclude.xml)
    onedrive) echo "0|result: 0 USMT_SUCCESS" ;;
    *) echo "" ;;
    esac
}
n=0
for s in $("$WIZ" lab list | awk '{ print $1 }'); do
    e=$(expect "$s")
    [ -n "$e" ] || fail "scenario '$s' has no expected outcome in this test"
    "$WIZ" lab create "$s" "$WORK/$s" >/dev/null || fail "lab create $s failed"
    before=$(tree_hash "$WORK/$s/volumes")
    USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WIZ" run --preset "$WORK/p.xml" \
        --volume-root "$WORK/$s/volumes" --usmt "$WORK/$s/usmt" --simulate \
        --fix --yes </dev/null >"$WORK/$s.out" 2>&1
    st=$?
    [ "$st" = "${e%%|*}" ] || { cat "$WORK/$s.out"; fail "$s: exit $st, want ${e%%|*}"; }
    grep -q -- "${e#*|}" "$WORK/$s.out" || { cat "$WORK/$s.out"; fail "$s: no '${e#*|}'"; }
    if [ "$st" = 1 ] || [ "$st" = 2 ]; then
        # refused: nothing at all was written to any volume
        [ "$before" = "$(tree_hash "$WORK/$s/volumes")" ] || fail "$s: a refused run wrote something"
    fi
    n=$((n + 1))
done
[ $n -ge 7 ] || fail "only $n scenarios"
# the two-windows machine captures once the volume is named
USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WIZ" run --preset "$WORK/p.xml" --volume D \
    --volume-root "$WORK/two-windows/volumes" --usmt "$WORK/two-windows/usmt" \
    --simulate --fix --yes </dev/null >"$WORK/two.out" 2>&1
st=$?
grep -q 'offline Windows: D:\\Windows (' "$WORK/two.out" || { cat "$WORK/two.out"; fail "two-windows with --volume D"; }
grep -q '^fixed   several-windows' "$WORK/two.out" || { cat "$WORK/two.out"; fail "two-windows: several-windows not fixed"; }
[ $st -eq 0 ] || { cat "$WORK/two.out"; fail "two-windows with --volume D: exit $st"; }
grep -q '<failOnMultipleWinDir>1</failOnMultipleWinDir>' "$WORK/two-windows/volumes/E/stores/"*-logs/offline.xml ||
    fail "no offline.xml with failOnMultipleWinDir"
exit 0

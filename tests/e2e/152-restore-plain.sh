#!/bin/sh
# usmtwiz restore on practice new PCs: an encrypted capture of the demo PC
# found on drive E:, restored with the default line the report gives
# (/i set, /decrypt, /lac); the same PC restores every user with files equal
# to the source profile; a renamed PC gets /mu for each local account and
# passes; the key never reaches the screen, the logs or the report; Windows
# PE, a missing key and a wrong key (by the capture's key fingerprint) are
# refused before loadstate starts.
. "$TOP/tests/e2e/lib.sh"
cd "$WORK" || fail "cd"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
KEY='Bench-Key-7Q9x'
printf '%s' "$KEY" >"$V/E/bench.key"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <name>e2e restore plain</name>
  <store kind="compressed">E:\stores\PC</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
  <encryption ask="no" algorithm="AES_256"><keyFile>E:\bench.key</keyFile></encryption>
</usmtwizPreset>
XML
USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WIZ" run --preset "$WORK/p.xml" \
    --volume-root "$V" --usmt "$WORK/lab/usmt" --simulate --fix --yes \
    </dev/null >"$WORK/cap" 2>&1 || { cat "$WORK/cap"; fail "capture failed"; }
# the key is only on the USB disk's key file, kept out of the target
cp "$V/E/bench.key" "$WORK/bench.key"
rm -f "$V/E/bench.key"
export SIM_PACE_MS=0

restore() {
    root=$1; shift
    "$WIZ" restore --target-root "$root" --simulate "$@" </dev/null \
        >"$WORK/out" 2>&1
    echo $? >"$WORK/rc"
}
want_rc() {
    [ "$(cat "$WORK/rc")" = "$1" ] || { cat "$WORK/out"; fail "$2: want exit $1, got $(cat "$WORK/rc")"; }
}
no_key() {
    grep -rqF "$KEY" "$WORK/out" "$V/E/stores" && fail "$1: the key was written"
    return 0
}

# Windows PE is the capture side
USMTWIZ_WINPE=1 "$WIZ" restore --target-root "$V" --simulate --yes \
    >"$WORK/out" 2>&1
[ $? -eq 1 ] || fail "Windows PE: want exit 1"
grep -q 'return code 36' "$WORK/out" || { cat "$WORK/out"; fail "Windows PE: rc 36 not explained"; }

# the same PC, Windows reinstalled: a copy of D: without its profiles
mkdir -p "$WORK/same"
cp -R "$V/D" "$WORK/same/C"
rm -rf "$WORK/same/C/Users"/*
ln -s "$V/E" "$WORK/same/E"

# an encrypted store and --yes without a key: refused before loadstate
restore "$WORK/same" --yes
want_rc 2 "no key"
grep -q 'encrypted: give its key with --keyfile' "$WORK/out" || { cat "$WORK/out"; fail "no key: not said"; }
[ -e "$V/E/stores/PC-logs/loadstate.log" ] && fail "no key: loadstate was started"

restore "$WORK/same" --yes --keyfile "$WORK/bench.key"
want_rc 0 "same PC"
grep -q '^  1  E:\\stores\\PC$' "$WORK/out" || { cat "$WORK/out"; fail "the store on E: was not found"; }
grep -q 'from PC-ACC-0042, .*compressed store, encrypted, 3 users, capture success' \
    "$WORK/out" || { cat "$WORK/out"; fail "what the store holds is not said"; }
line=$(sed -n '/^loadstate line:/{n;p;}' "$WORK/out")
for sw in 'E:\stores\PC' '/i:MigDocs.xml' '/decrypt:AES_256' '/lac' '/c' '/v:5'; do
    case "$line" in *"$sw"*) ;; *) fail "same PC: '$sw' missing from: $line" ;; esac
done
case "$line" in *'/mu:'*) fail "same PC: a /mu for the same name: $line" ;; esac
[ "$(grep -c ': restored (' "$WORK/out")" = 3 ] || { cat "$WORK/out"; fail "same PC: want 3 users restored"; }
for d in "$WORK/same/C/Users"/*; do
    u=$(basename "$d")
    n=$(cd "$d" && find . -type f | wc -l)
    [ "$n" -gt 0 ] || fail "nothing restored for $u"
    (cd "$d" && find . -type f) | while IFS= read -r f; do
        cmp -s "$V/D/Users/$u/$f" "$d/$f" || echo "$u/$f"
    done >"$WORK/diff"
    [ -s "$WORK/diff" ] && { cat "$WORK/diff"; fail "restored files of $u differ"; }
done
grep -q 'LOADSTATE.EXE Version' "$V/E/stores/PC-logs/loadstate.log" || fail "no loadstate.log beside the store"
no_key "same PC"
R="$V/E/stores/PC/usmtwiz-restore-report.xml"
[ -f "$R" ] || fail "same PC: no restore report beside the store"
grep -q '<result rc="0" symbol="USMT_SUCCESS">success</result>' "$R" || { cat "$R"; fail "same PC: report result"; }
[ "$(grep -c 'result="restored"' "$R")" = 3 ] || { cat "$R"; fail "same PC: report users"; }
ls "$WORK/same/C/ProgramData/usmtwiz/restores"/PC-ACC-0042-*/usmtwiz-restore-report.txt >/dev/null 2>&1 \
    || fail "same PC: no restore report on the new PC"
grep -q '^Report: C:\\ProgramData\\usmtwiz\\restores\\PC-ACC-0042-' "$WORK/out" || { cat "$WORK/out"; fail "report place not said"; }
grep -rqF "$KEY" "$WORK/same/C/ProgramData" && fail "the key is in the report on the new PC"
# the private key file is gone after the run
find "$WORK" -name 'usmt.key' | grep -q . && fail "the key file was left behind"

# a renamed PC (another scenario's Windows 11 laptop): /mu for each local
# account, and the restore passes
"$WIZ" lab create fast-startup "$WORK/fs" >/dev/null || fail "lab create fast-startup"
mkdir -p "$WORK/renamed"
cp -R "$WORK/fs/volumes/D" "$WORK/renamed/C"
ln -s "$V/E" "$WORK/renamed/E"
restore "$WORK/renamed" --yes --keyfile "$WORK/bench.key" --store 'E:\stores\PC'
want_rc 0 "renamed PC"
line=$(sed -n '/^loadstate line:/{n;p;}' "$WORK/out")
case "$line" in *'/mu:PC-ACC-0042\anna:LAPTOP-7Q2K9F1M\anna'*) ;;
    *) fail "renamed PC: no /mu for anna in: $line" ;; esac
grep -q 'anna (local, S-1-5-21-[0-9-]*-1002) -> LAPTOP-7Q2K9F1M\\anna' "$WORK/out" \
    || { cat "$WORK/out"; fail "renamed PC: anna's account not shown"; }
[ -d "$WORK/renamed/C/Users/anna" ] || fail "renamed PC: anna's profile not restored"
no_key "renamed PC"

# the wrong key: the capture recorded its key file's fingerprint, so the
# restore stops before loadstate
printf '%s' 'not-the-key' >"$WORK/other.key"
rm -rf "$WORK/same/C/Users"/*
rm -f "$V/E/stores/PC-logs/loadstate.log"
restore "$WORK/same" --yes --keyfile "$WORK/other.key"
want_rc 1 "wrong key"
grep -q '^error *restore-wrong-key:' "$WORK/out" || { cat "$WORK/out"; fail "wrong key: not found before the run"; }
grep -q 'loadstate is not started' "$WORK/out" || { cat "$WORK/out"; fail "wrong key: the stop not said"; }
[ -e "$V/E/stores/PC-logs/loadstate.log" ] && fail "wrong key: loadstate ran"
grep -rqF 'not-the-key' "$WORK/out" "$V/E/stores" && fail "wrong key: the key was written"

# not elevated (forced): stopped by restore-not-elevated before loadstate
USMTWIZ_ELEVATED=0 "$WIZ" restore --target-root "$WORK/same" --simulate --yes \
    --keyfile "$WORK/bench.key" </dev/null >"$WORK/out" 2>&1
[ $? -eq 1 ] || { cat "$WORK/out"; fail "not elevated: want exit 1"; }
grep -q '^error *restore-not-elevated:' "$WORK/out" || { cat "$WORK/out"; fail "not elevated: not found"; }
USMTWIZ_ELEVATED=1 "$WIZ" restore --target-root "$WORK/same" --simulate \
    --keyfile "$WORK/bench.key" </dev/null >"$WORK/out" 2>&1
grep -q 'restore-not-elevated' "$WORK/out" && { cat "$WORK/out"; fail "elevated: still flagged or unchecked"; }
grep -q '^Not started' "$WORK/out" || { cat "$WORK/out"; fail "no answer: must not start"; }

# a folder that is not a store
restore "$WORK/same" --yes --store 'E:\nothing'
want_rc 1 "missing store"
grep -q "no store folder 'E:\\\\nothing'" "$WORK/out" || { cat "$WORK/out"; fail "missing store: not named"; }
exit 0

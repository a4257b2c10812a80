#!/bin/sh
# loadstate-sim restores a scanstate-sim capture of the demo PC into
# practice new PCs: every restored file equals the source profile's, the
# renamed PC fails with rc 71 / Windows error 2202 without /mu and passes
# with it, and an encrypted store needs /decrypt and the right key (rc 37).
. "$TOP/tests/e2e/lib.sh"
LOAD="$TOP/$BUILD/loadstate-sim"
cd "$WORK" || fail "cd"
[ -x "$LOAD" ] || fail "no loadstate-sim"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
capture() {
    cat >"$WORK/p.xml" <<XML
<usmtwizPreset version="1">
  <name>e2e restore</name>
  <store kind="compressed">E:\\stores\\$1</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
  $2
</usmtwizPreset>
XML
    USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WIZ" run --preset "$WORK/p.xml" \
        --volume-root "$V" --usmt "$WORK/lab/usmt" --simulate --fix --yes \
        </dev/null >"$WORK/cap-$1" 2>&1 || { cat "$WORK/cap-$1"; fail "capture $1 failed"; }
}
capture PC ""
printf '%s' 'Bench-Key-7Q9x' >"$V/E/bench.key"
printf '%s' 'not-the-key' >"$V/E/other.key"
capture_hl() {
    sed 's/kind="compressed">E:/kind="hardlink">D:/; s/stores\\SEC/stores\\HL/' \
        "$WORK/p.xml" | grep -v '<encryption' >"$WORK/hl.xml"
}
capture SEC '<encryption ask="no" algorithm="AES_256"><keyFile>E:\bench.key</keyFile></encryption>'

# same PC, fresh Windows: a copy of D: with its profiles removed
mkdir -p "$WORK/same"
cp -R "$V/D" "$WORK/same/C"
rm -rf "$WORK/same/C/Users"/*
ln -s "$V/E" "$WORK/same/E"
"$LOAD" --target-root "$WORK/same" 'E:\stores\PC' /i:MigDocs.xml /c /lac \
    '/l:E:\load.log' '/progress:E:\load.prg' >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "restore: want rc 0"; }
grep -q 'LoadState return code: 0' "$WORK/out" || fail "no return code line"
grep -q 'LOADSTATE.EXE Version' "$V/E/load.log" || fail "no loadstate.log banner"
grep -q ', errorCode, 0, numberOfIgnoredErrors, 0' "$V/E/load.prg" || fail "no errorCode record"
grep -q ', PHASE, Applying' "$V/E/load.prg" || fail "no Applying phase"

# each restored user's files equal the source profile's
users=0
for d in "$WORK/same/C/Users"/*; do
    u=$(basename "$d")
    n=$(cd "$d" && find . -type f | wc -l)
    [ "$n" -gt 0 ] || fail "nothing restored for $u"
    (cd "$d" && find . -type f) | while IFS= read -r f; do
        cmp -s "$V/D/Users/$u/$f" "$d/$f" || echo "$u/$f"
    done >"$WORK/diff"
    [ -s "$WORK/diff" ] && { cat "$WORK/diff"; fail "restored files of $u differ"; }
    users=$((users + 1))
done
[ $users -eq 3 ] || fail "want 3 restored users, got $users"

# /ue:*\* /ui:*\anna restores anna alone (/ui wins over /ue)
mkdir -p "$WORK/one"
cp -R "$V/D" "$WORK/one/C"
rm -rf "$WORK/one/C/Users"/*
ln -s "$V/E" "$WORK/one/E"
"$LOAD" --target-root "$WORK/one" 'E:\stores\PC' /i:MigDocs.xml /c /lac \
    '/ue:*\*' '/ui:*\anna' '/progress:E:\one.prg' >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "/ui restore: want rc 0"; }
[ "$(ls "$WORK/one/C/Users")" = anna ] || { ls "$WORK/one/C/Users"; fail "want anna alone"; }
grep -q 'detectedUser, PC-ACC-0042\\anna, includedInMigration, Yes' "$V/E/one.prg" ||
    fail "anna not reported included"
grep -q 'includedInMigration, No' "$V/E/one.prg" || fail "no excluded user reported"

# a renamed PC (fast-startup's laptop): rc 71 with 2202, then /mu
"$WIZ" lab create fast-startup "$WORK/fs" >/dev/null || fail "lab create fast-startup"
mkdir -p "$WORK/ren"
cp -R "$WORK/fs/volumes/D" "$WORK/ren/C"
ln -s "$V/E" "$WORK/ren/E"
"$LOAD" --target-root "$WORK/ren" 'E:\stores\PC' /i:MigDocs.xml /c /lac \
    '/l:E:\ren.log' >"$WORK/out" 2>&1
[ $? -eq 71 ] || { cat "$WORK/out"; fail "renamed PC without /mu: want rc 71"; }
grep -q 'Windows error 2202' "$V/E/ren.log" || fail "no error 2202 in the log"
"$WIZ" lint --volume-root "$WORK/ren" --volume C -- loadstate.exe 'E:\stores\PC' \
    /i:MigDocs.xml /c /lac >"$WORK/lint" 2>&1
grep -q '^error   restore-renamed-pc:' "$WORK/lint" || fail "lint does not predict rc 71"
set --
for m in $(sed -n 's/.*fix: add \(\/mu:[^ ]*\)$/\1/p' "$WORK/lint"); do
    set -- "$@" "$m"
done
[ $# -eq 3 ] || fail "want 3 /mu fixes, got $#"
"$LOAD" --target-root "$WORK/ren" 'E:\stores\PC' /i:MigDocs.xml /c /lac \
    "$@" >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "renamed PC with /mu: want rc 0"; }
[ -d "$WORK/ren/C/Users/anna" ] || fail "anna not restored on the renamed PC"

# encryption: rc 37 without /decrypt and with the wrong key
"$LOAD" --target-root "$WORK/same" 'E:\stores\SEC' /c /lac >"$WORK/out" 2>&1
[ $? -eq 37 ] || { cat "$WORK/out"; fail "no /decrypt: want rc 37"; }
"$LOAD" --target-root "$WORK/same" 'E:\stores\SEC' /c /lac /decrypt:AES_256 \
    '/keyfile:E:\other.key' >"$WORK/out" 2>&1
[ $? -eq 37 ] || { cat "$WORK/out"; fail "wrong key: want rc 37"; }
"$LOAD" --target-root "$WORK/same" 'E:\stores\SEC' /c /lac /decrypt:AES_256 \
    '/keyfile:E:\bench.key' >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "right key: want rc 0"; }

# a hard-link store made on D: cannot be restored onto C: (rc 38)
capture_hl
USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WIZ" run --preset "$WORK/hl.xml" \
    --volume-root "$V" --usmt "$WORK/lab/usmt" --simulate --fix --yes \
    </dev/null >"$WORK/cap-hl" 2>&1 || { cat "$WORK/cap-hl"; fail "hard-link capture failed"; }
[ -f "$V/D/stores/HL/USMT/hardlink.main" ] || fail "no hard-link store"
# the store the technician chose is the one write allowed on D:
volume_rebaseline "$V/D"
ln -s "$V/D" "$WORK/same/D"
"$LOAD" --target-root "$WORK/same" 'D:\stores\HL' /c /lac /hardlink /nocompress >"$WORK/out" 2>&1
[ $? -eq 38 ] || { cat "$WORK/out"; fail "hard-link store on D: onto C: want rc 38"; }
"$WIZ" lint --volume-root "$WORK/same" --volume C -- loadstate.exe 'D:\stores\HL' \
    /c /lac /hardlink /nocompress >"$WORK/lint" 2>&1
grep -q '^error   restore-hardlink-volume:' "$WORK/lint" || { cat "$WORK/lint"; fail "lint does not predict rc 38"; }

# a 64-bit store onto 32-bit Windows 7
"$WIZ" lab create win7-x86 "$WORK/w7" >/dev/null || fail "lab create win7-x86"
mkdir -p "$WORK/w7t"
ln -s "$WORK/w7/volumes/D" "$WORK/w7t/C"
ln -s "$V/E" "$WORK/w7t/E"
"$LOAD" --target-root "$WORK/w7t" 'E:\stores\PC' /c /lac >"$WORK/out" 2>&1
[ $? -eq 36 ] || { cat "$WORK/out"; fail "64 to 32 bit: want rc 36"; }
grep -q 'Unsupported Platform Architecture' "$WORK/out" || fail "no architecture message"

# command line and platform refusals
"$LOAD" --target-root "$WORK/same" 'E:\stores\PC' /lae >"$WORK/out" 2>&1
[ $? -eq 11 ] || fail "/lae without /lac: want rc 11"
grep -q '/lae is only used with /lac' "$WORK/out" || fail "no /lae message"
"$LOAD" --target-root "$WORK/same" 'E:\stores\PC' /hardlink >"$WORK/out" 2>&1
[ $? -eq 11 ] || fail "/hardlink without /nocompress: want rc 11"
"$LOAD" --target-root "$WORK/same" 'E:\stores\PC' '/offlineWinDir:D:\Windows' >"$WORK/out" 2>&1
[ $? -eq 36 ] || fail "offline switch: want rc 36"
grep -q 'Use of /offline is not supported during apply' "$WORK/out" || fail "no rc 36 message"
USMTWIZ_WINPE=1 "$LOAD" --target-root "$WORK/same" 'E:\stores\PC' /lac >"$WORK/out" 2>&1
[ $? -eq 36 ] || fail "in Windows PE: want rc 36"
SIM_NOT_ELEVATED=1 "$LOAD" --target-root "$WORK/same" 'E:\stores\PC' /lac >"$WORK/out" 2>&1
[ $? -eq 34 ] || fail "not elevated: want rc 34"
SIM_NOT_ELEVATED=1 "$LOAD" --target-root "$WORK/one" 'E:\stores\PC' /lac /q /ui:nobody '/ue:*\*' >"$WORK/out" 2>&1
[ $? -eq 0 ] || { cat "$WORK/out"; fail "not elevated with /q: want rc 0"; }
"$LOAD" --target-root "$WORK/same" 'E:\stores\none' /lac >"$WORK/out" 2>&1
[ $? -eq 11 ] || fail "no store folder: want rc 11"
grep -q 'Settings store argument specified is invalid' "$WORK/out" || fail "no rc 11 store message"
mkdir -p "$V/E/stores/empty"
"$LOAD" --target-root "$WORK/same" 'E:\stores\empty' /lac >"$WORK/out" 2>&1
[ $? -eq 27 ] || fail "a folder without a store: want rc 27"
"$LOAD" --target-root "$WORK/ren" 'E:\stores\PC' /i:MigDocs.xml /c "$@" >"$WORK/out" 2>&1
[ $? -eq 14 ] || { cat "$WORK/out"; fail "accounts missing without /lac: want rc 14"; }
exit 0

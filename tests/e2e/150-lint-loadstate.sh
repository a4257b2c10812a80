#!/bin/sh
# usmtwiz lint on loadstate lines: a real capture of the demo PC (encrypted,
# MigDocs.xml) judged against practice new PCs built from other scenarios;
# each restore rule that needs the store's report or the new PC fires on
# the wrong target and stays quiet on the right one.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
export USMTWIZ_WINPE=1 SIM_PACE_MS=0
printf '%s' 'Bench-Key-7Q9x' >"$V/E/bench.key"
printf '%s' 'not-the-key' >"$V/E/other.key"
cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <name>e2e restore lint</name>
  <store kind="compressed">E:\stores\PC</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
  <encryption ask="no" algorithm="AES_256"><keyFile>E:\bench.key</keyFile></encryption>
</usmtwizPreset>
XML
"$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$U" --simulate \
    --fix --yes </dev/null >"$WORK/cap" 2>&1 || { cat "$WORK/cap"; fail "capture failed"; }
S="$V/E/stores/PC"
grep -q '/encrypt' "$S/usmtwiz-report.xml" || fail "no /encrypt in the report"
unset USMTWIZ_WINPE

# a new PC: drive C: is another scenario's Windows, E: the capture's USB
new_pc() {
    "$WIZ" lab create "$1" "$WORK/$1" >/dev/null || fail "lab create $1 failed"
    mkdir -p "$WORK/t-$1"
    ln -s "$WORK/$1/volumes/D" "$WORK/t-$1/C"
    ln -s "$V/E" "$WORK/t-$1/E"
}
lint() {
    root=$1; shift
    "$WIZ" lint --volume-root "$root" --volume C -- "$@" >"$WORK/out" 2>&1
    echo $? >"$WORK/rc"
}
has() { grep -q "^$1 *$2:" "$WORK/out" || { cat "$WORK/out"; fail "$3"; }; }
hasnt() { grep -q "^$1 *$2:" "$WORK/out" && { cat "$WORK/out"; fail "$3"; }; return 0; }

# the capture's own PC as the target (same name, same Windows)
mkdir -p "$WORK/t-same"
ln -s "$V/D" "$WORK/t-same/C"
ln -s "$V/E" "$WORK/t-same/E"
lint "$WORK/t-same" loadstate.exe 'E:\stores\PC' /i:MigDocs.xml /c /lac
has error restore-decrypt-missing "encrypted store without /decrypt not flagged"
[ "$(cat "$WORK/rc")" = 1 ] || fail "want exit 1"
lint "$WORK/t-same" loadstate.exe 'E:\stores\PC' /i:MigDocs.xml /c /lac \
    /decrypt:AES_256 '/keyfile:E:\bench.key'
hasnt error restore-decrypt-missing "decrypt flagged with /decrypt"
hasnt error restore-wrong-key "the right key flagged"
hasnt error restore-renamed-pc "same PC flagged as renamed"
hasnt warning restore-xml-set "same /i set flagged"
grep -q 'Bench-Key' "$WORK/out" && fail "the key was printed"
[ "$(cat "$WORK/rc")" = 0 ] || { cat "$WORK/out"; fail "want exit 0"; }
lint "$WORK/t-same" loadstate.exe 'E:\stores\PC' /i:MigApp.xml /c /lac \
    /decrypt:AES_256 '/keyfile:E:\other.key'
# a key file capture records the fingerprint of the file's key: another
# file is the wrong key, found before loadstate runs
has error restore-wrong-key "another key file not flagged"
grep -q 'Bench-Key\|not-the-key' "$WORK/out" && fail "a key was printed"
grep -q '<keyFingerprint>' "$S/usmtwiz-report.xml" || fail "no key fingerprint in the report"
has warning restore-xml-set "another /i set not flagged"

# with the USMT folder, the versions of capture and restore are compared
"$WIZ" lint --volume-root "$WORK/t-same" --volume C --usmt "$U" -- loadstate.exe \
    'E:\stores\PC' /i:MigDocs.xml /c /lac /decrypt '/keyfile:E:\bench.key' >"$WORK/out" 2>&1
grep -q 'not checked (restore-usmt-older' "$WORK/out" && { cat "$WORK/out"; fail "versions not compared"; }
hasnt warning restore-usmt-older "the same USMT flagged as older"

# a renamed PC: the Windows 11 laptop of fast-startup
new_pc fast-startup
lint "$WORK/t-fast-startup" loadstate.exe 'E:\stores\PC' /i:MigDocs.xml /c \
    /lac /decrypt:AES_256 '/keyfile:E:\bench.key'
has error restore-renamed-pc "renamed PC without /mu not flagged"
mu=$(sed -n 's/.*fix: add \(\/mu:[^ ]*\)$/\1/p' "$WORK/out" | head -1)
[ -n "$mu" ] || fail "no /mu in the fix"
set --
for m in $(sed -n 's/.*fix: add \(\/mu:[^ ]*\)$/\1/p' "$WORK/out"); do
    set -- "$@" "$m"
done
lint "$WORK/t-fast-startup" loadstate.exe 'E:\stores\PC' /i:MigDocs.xml /c \
    /lac /decrypt:AES_256 '/keyfile:E:\bench.key' "$@"
hasnt error restore-renamed-pc "the /mu of the fix did not satisfy the rule"

# a 32-bit Windows 7 PC: older, 32-bit, not a USMT 10 target
new_pc win7-x86
lint "$WORK/t-win7-x86" loadstate.exe 'E:\stores\PC' /i:MigDocs.xml /c /lac \
    /decrypt:AES_256 '/keyfile:E:\bench.key'
has error restore-arch-64-to-32 "64 to 32 bit not flagged"
has error restore-target-older "older target not flagged"
has error restore-target-unsupported "Windows 7 target not flagged"

# a server
new_pc server
lint "$WORK/t-server" loadstate.exe 'E:\stores\PC' /i:MigDocs.xml /c /lac \
    /decrypt:AES_256 '/keyfile:E:\bench.key'
has error restore-target-unsupported "server target not flagged"

# a store folder that is not there, on a drive that is
lint "$WORK/t-same" loadstate.exe 'E:\stores\nothing' /c /lac
has error restore-store-not-found "missing store folder not flagged"
lint "$WORK/t-same" loadstate.exe 'E:\stores\PC' /c /lac
hasnt error restore-store-not-found "the real store flagged as missing"

# no store folder, no target: the facts are listed as not checked
"$WIZ" lint -- 'C:\USMT\loadstate.exe \\srv\s\PC /lae' >"$WORK/out" 2>&1
[ $? -eq 1 ] || fail "lae without lac: want exit 1"
has error restore-lae-without-lac "/lae without /lac not flagged"
grep -q "not checked (restore-renamed-pc: the store's usmtwiz report was not read)" \
    "$WORK/out" || { cat "$WORK/out"; fail "missing facts not listed"; }
exit 0

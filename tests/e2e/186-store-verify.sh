#!/bin/sh
# Store verification: after a capture that succeeded, every front-end
# checks the store with usmtutils /verify (usmtutils-sim here) and says
# so; a store a faulty disk spoiled (SIM_DAMAGE_STORE=truncate) makes the
# capture incomplete in `run`, plain mode and the report.  On demand,
# `usmtwiz verify` exits 0 only for a store that checks out: flipped bytes
# in USMT.MIG (usmtutils /verify:all), a USMT.MIG cut short (usmtwiz's
# own reading against the size the capture recorded), an uncompressed
# store without its catalog or files.  An encrypted store is verified
# with its key file; the key is never on a command line or in the output.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
export USMTWIZ_WINPE=1 SIM_PACE_MS=0

preset() {
    cat >"$WORK/p.xml" <<XML
<usmtwizPreset version="1">
  <store kind="$1">E:\\stores\\%job%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid><excludeSid>*-1001</excludeSid><excludeSid>*-1003</excludeSid><excludeSid>*-1004</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
  <ticket><field name="job" required="yes"/></ticket>
</usmtwizPreset>
XML
}
run_job() {
    "$WIZ" run --preset "$WORK/p.xml" --volume-root "$V" --usmt "$U" \
        --simulate --ticket "job=$1" --fix --yes </dev/null >"$WORK/run-$1" 2>&1
}

# --- a good compressed capture: checked, good, exit 0
preset compressed
run_job J-1; st=$?
[ $st -eq 0 ] || { cat "$WORK/run-J-1"; fail "run J-1: exit $st, want 0"; }
grep -q '^store check: good: usmtutils /verify:catalog: no damaged file (return code 0)' "$WORK/run-J-1" ||
    { cat "$WORK/run-J-1"; fail "run: no store check line"; }
S="$V/E/stores/J-1"
grep -q '<storeCheck result="good" migBytes="[1-9][0-9]*">usmtutils /verify:catalog' "$S/usmtwiz-report.xml" ||
    { cat "$S/usmtwiz-report.xml"; fail "report: no storeCheck"; }
grep -q '^Checked:    good: usmtutils' "$S/usmtwiz-report.txt" || fail "text report: no Checked line"
grep -q '/verify:catalog .*USMT.MIG' "$V/E/stores/J-1-logs/usmtutils.txt" ||
    grep -q 'Verifying .*USMT.MIG (catalog)' "$V/E/stores/J-1-logs/usmtutils.txt" ||
    { cat "$V/E/stores/J-1-logs/usmtutils.txt"; fail "usmtutils output not kept beside the logs"; }

# --- on demand: good, then flipped bytes, then cut short
"$WIZ" verify 'E:\stores\J-1' --volume-root "$V" --usmt "$U" --simulate --all >"$WORK/v1" 2>&1; st=$?
[ $st -eq 0 ] || { cat "$WORK/v1"; fail "verify good store: exit $st"; }
grep -q '^result: good: usmtutils /verify:all: no damaged file' "$WORK/v1" || { cat "$WORK/v1"; fail "verify: good line"; }
cp "$S/USMT/USMT.MIG" "$WORK/good.mig"
# flip the bytes of the first chunk's data (after the 16-byte header and
# the 12-byte chunk header)
dd if=/dev/zero of="$S/USMT/USMT.MIG" bs=1 seek=40 count=8 conv=notrunc 2>/dev/null
cmp -s "$S/USMT/USMT.MIG" "$WORK/good.mig" && fail "the store was not changed"
"$WIZ" verify 'E:\stores\J-1' --volume-root "$V" --usmt "$U" --simulate --all >"$WORK/v2" 2>&1; st=$?
[ $st -eq 1 ] || { cat "$WORK/v2"; fail "verify flipped bytes: exit $st, want 1"; }
grep -q '^result: damaged: usmtutils /verify:all: return code 42 (the store has corrupted files)' "$WORK/v2" ||
    { cat "$WORK/v2"; fail "verify: flipped bytes not reported"; }
cp "$WORK/good.mig" "$S/USMT/USMT.MIG"
head -c 1000 "$WORK/good.mig" >"$S/USMT/USMT.MIG"
# no usmtutils: usmtwiz's own reading holds USMT.MIG to the recorded size
"$WIZ" verify "$S" >"$WORK/v3" 2>&1; st=$?
[ $st -eq 1 ] || { cat "$WORK/v3"; fail "verify cut short (own reading): exit $st, want 1"; }
grep -q '^checked by: usmtwiz (usmtutils not used)' "$WORK/v3" || { cat "$WORK/v3"; fail "own reading not named"; }
grep -q 'USMT.MIG is 1000 B (1000 bytes), the capture wrote' "$WORK/v3" || { cat "$WORK/v3"; fail "size mismatch not said"; }
# and usmtutils finds it too, without the report's size
rm "$S/usmtwiz-report.xml"
"$WIZ" verify "$S" --usmt "$U" --simulate >"$WORK/v4" 2>&1; st=$?
[ $st -eq 1 ] || { cat "$WORK/v4"; fail "verify cut short (usmtutils): exit $st, want 1"; }
grep -q 'return code 42' "$WORK/v4" || { cat "$WORK/v4"; fail "usmtutils: cut store not reported"; }

# --- an uncompressed store: good, then its catalog gone, then its files
preset uncompressed
run_job J-2; st=$?
[ $st -eq 0 ] || { cat "$WORK/run-J-2"; fail "run J-2: exit $st, want 0"; }
grep -q '^store check: good: catalog.mig and the USMT.File tree ([1-9][0-9]* files, .*) are present' "$WORK/run-J-2" ||
    { cat "$WORK/run-J-2"; fail "uncompressed: no store check line"; }
"$WIZ" verify 'E:\stores\J-2' --volume-root "$V" >"$WORK/v5" 2>&1 || { cat "$WORK/v5"; fail "verify J-2 good"; }
grep -q '<storeCheck result="good" files="[1-9][0-9]*" fileBytes="[0-9]*">' "$V/E/stores/J-2/usmtwiz-report.xml" ||
    { cat "$V/E/stores/J-2/usmtwiz-report.xml"; fail "report: the File tree's count is not recorded"; }
# a file removed from the store: fewer files than the capture left
f=$(find "$V/E/stores/J-2/USMT/File" -type f | head -n 1)
[ -n "$f" ] || fail "the uncompressed store holds no file"
mv "$f" "$WORK/removed"
"$WIZ" verify 'E:\stores\J-2' --volume-root "$V" >"$WORK/v5b" 2>&1; st=$?
[ $st -eq 1 ] || { cat "$WORK/v5b"; fail "verify with a file removed: exit $st, want 1"; }
grep -q 'files are missing or changed' "$WORK/v5b" || { cat "$WORK/v5b"; fail "removed file not reported"; }
mv "$WORK/removed" "$f"
rm "$V/E/stores/J-2/USMT/catalog.mig"
"$WIZ" verify 'E:\stores\J-2' --volume-root "$V" >"$WORK/v6" 2>&1; st=$?
[ $st -eq 1 ] || { cat "$WORK/v6"; fail "verify without catalog: exit $st, want 1"; }
grep -q 'catalog.mig is missing' "$WORK/v6" || { cat "$WORK/v6"; fail "missing catalog not named"; }

# --- a spoiled store after a capture: incomplete (run and plain mode)
preset compressed
SIM_DAMAGE_STORE=truncate run_job J-3; st=$?
[ $st -eq 4 ] || { cat "$WORK/run-J-3"; fail "run J-3 (spoiled): exit $st, want 4"; }
grep -q '^verdict: INCOMPLETE: scanstate reported success, but the store does not check out' "$WORK/run-J-3" ||
    { cat "$WORK/run-J-3"; fail "run: spoiled store not incomplete"; }
grep -q '^store check: damaged: usmtutils /verify:catalog: return code 42' "$WORK/run-J-3" ||
    { cat "$WORK/run-J-3"; fail "run: no damaged line"; }
grep -q '<result rc="0" [^>]*>incomplete</result>' "$V/E/stores/J-3/usmtwiz-report.xml" ||
    fail "report: a spoiled store is not incomplete"
grep -q '<storeCheck result="damaged"' "$V/E/stores/J-3/usmtwiz-report.xml" || fail "report: no damaged storeCheck"
printf '\n\nnone\n6\n\n\n\n\nf 1\na 1\ns\n' | SIM_DAMAGE_STORE=truncate \
    "$WIZ" --plain --volume-root "$V" --usmt "$U" --simulate >"$WORK/plain" 2>&1
st=$?
[ $st -eq 4 ] || { cat "$WORK/plain"; fail "plain (spoiled): exit $st, want 4"; }
grep -q '^INCOMPLETE: scanstate reported success, but the store does not check out' "$WORK/plain" ||
    { cat "$WORK/plain"; fail "plain: no incomplete verdict"; }
grep -q '^Store check: damaged: ' "$WORK/plain" || fail "plain: no store check line"
grep -q '^Succeeded' "$WORK/plain" && fail "plain: a spoiled store shown as a success"

# --- an encrypted store: the capture's check and `verify` open it with
# its key file; the key is never on a command line or in any output
printf 'Corr3ct-Horse-Battery' >"$WORK/k.key"
cat >"$WORK/p.xml" <<XML
<usmtwizPreset version="1">
  <store kind="compressed">E:\\stores\\%job%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid><excludeSid>*-1001</excludeSid><excludeSid>*-1003</excludeSid><excludeSid>*-1004</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <encryption ask="no" algorithm="AES_256"><keyFile>$WORK/k.key</keyFile></encryption>
  <options continueOnError="yes" efs="copyraw"/>
  <ticket><field name="job" required="yes"/></ticket>
</usmtwizPreset>
XML
run_job J-4; st=$?
[ $st -eq 0 ] || { cat "$WORK/run-J-4"; fail "run J-4 (encrypted): exit $st, want 0"; }
grep -q '^store check: good: usmtutils /verify:catalog: no damaged file' "$WORK/run-J-4" ||
    { cat "$WORK/run-J-4"; fail "encrypted: not verified with its key"; }
"$WIZ" verify 'E:\stores\J-4' --volume-root "$V" --usmt "$U" --simulate --all \
    --keyfile "$WORK/k.key" >"$WORK/v7" 2>&1; st=$?
[ $st -eq 0 ] || { cat "$WORK/v7"; fail "verify encrypted with its key: exit $st"; }
printf 'Wrong-Horse-Battery' >"$WORK/bad.key"
"$WIZ" verify 'E:\stores\J-4' --volume-root "$V" --usmt "$U" --simulate --all \
    --keyfile "$WORK/bad.key" >"$WORK/v8" 2>&1; st=$?
[ $st -eq 3 ] || { cat "$WORK/v8"; fail "verify with a wrong key: exit $st, want 3"; }
grep -q 'return code 37' "$WORK/v8" || { cat "$WORK/v8"; fail "wrong key: rc 37 not said"; }
if grep -rq 'Corr3ct-Horse' "$WORK/run-J-4" "$WORK/v7" "$WORK/v8" "$V/E/stores/J-4" "$V/E/stores/J-4-logs"; then
    fail "the key was shown"
fi
exit 0

#!/bin/sh
# usmtwiz lint on a store on a file share (--share \\fs01\usmt=DIR plays
# the share): compressed and uncompressed stores pass, a hard-link store is
# refused, and a share that is not reached is an error saying why.
. "$TOP/tests/e2e/lib.sh"

mkdir -p "$WORK/share"
# line [OPTION...] [-- SWITCH...]
line() {
    opts=""
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        opts="$opts $1"; shift
    done
    [ $# -gt 0 ] && shift
    # shellcheck disable=SC2086
    "$WIZ" lint --winpe --env 'USMT_WORKING_DIR=E:\work' $opts -- \
        'X:\USMT\amd64\scanstate.exe' '\\fs01\usmt\stores\PC1' \
        '/offlineWinDir:D:\Windows' '/ue:*\*' '/ui:S-1-5-21-1-2-3-1001*' \
        '/i:X:\USMT\amd64\MigDocs.xml' '/i:X:\USMT\amd64\MigApp.xml' \
        '/l:\\fs01\usmt\stores\PC1-logs\scan.log' \
        '/progress:\\fs01\usmt\stores\PC1-logs\scan.prg' /c /v:5 \
        /efs:copyraw "$@"
}
mkdir -p "$WORK/share/stores/PC1-logs"
share="--share"
map='\\fs01\usmt='"$WORK/share"

# compressed: clean
line $share "$map" >"$WORK/c.txt"; rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/c.txt"; fail "compressed store on a share: exit $rc, want 0"; }
grep -q '^lint: 0 errors, 0 warnings' "$WORK/c.txt" ||
    { cat "$WORK/c.txt"; fail "compressed store on a share not clean"; }

# uncompressed: clean
line $share "$map" -- /nocompress >"$WORK/u.txt"; rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/u.txt"; fail "uncompressed store on a share: exit $rc, want 0"; }
grep -q '^lint: 0 errors, 0 warnings' "$WORK/u.txt" ||
    { cat "$WORK/u.txt"; fail "uncompressed store on a share not clean"; }

# hard links: refused, as scanstate refuses them
line $share "$map" -- /nocompress /hardlink >"$WORK/h.txt"; rc=$?
[ "$rc" -eq 1 ] || { cat "$WORK/h.txt"; fail "hard-link store on a share: exit $rc, want 1"; }
grep -q "^error   hardlink-not-ntfs-fixed: hard-link store '\\\\\\\\fs01\\\\usmt\\\\stores\\\\PC1' is on the network" "$WORK/h.txt" ||
    { cat "$WORK/h.txt"; fail "hard-link store on a share not refused"; }

# a line linted away from its network: the share is not looked at
line >"$WORK/a.txt"; rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/a.txt"; fail "share not looked at: exit $rc, want 0"; }
grep -q 'store-share-not-connected' "$WORK/a.txt" && fail "a share nobody can look at was judged"
grep -q '^not checked (the store folder was not looked at): store-exists' "$WORK/a.txt" ||
    { cat "$WORK/a.txt"; fail "the store checks not said unchecked"; }

# another share is known here, not fs01: not connected, server not found
mkdir -p "$WORK/other"
line --share '\\fs02\usmt='"$WORK/other" >"$WORK/n.txt"; rc=$?
[ "$rc" -eq 1 ] || { cat "$WORK/n.txt"; fail "unknown share: exit $rc, want 1"; }
grep -q "^error   store-share-not-connected: the store share '\\\\\\\\fs01\\\\usmt' is not connected: the server cannot be reached" "$WORK/n.txt" ||
    { cat "$WORK/n.txt"; fail "unknown share not reported"; }
grep -q "^        fix: connect the share" "$WORK/n.txt" || fail "no fix for the share"

# the network is not started: wpeinit
USMTWIZ_NETWORK=off line $share "$map" >"$WORK/o.txt"
grep -q "not connected: the network is not started: run wpeinit" "$WORK/o.txt" ||
    { cat "$WORK/o.txt"; fail "network not started not explained"; }

# a share asking for a login that nobody gave: access denied
printf 'user=CORP\\tech\npassword=Lint-Secret-77\n' >"$WORK/share.login"
line $share "$map" >"$WORK/d.txt"
grep -q "not connected: access denied" "$WORK/d.txt" ||
    { cat "$WORK/d.txt"; fail "login share not denied"; }
grep -q 'Lint-Secret-77' "$WORK/d.txt" && fail "the share password was printed"

# a malformed --share is bad usage
"$WIZ" lint --share 'fs01\usmt' -- 'E:\s' 2>"$WORK/e1"; rc=$?
[ "$rc" -eq 2 ] || fail "bad --share: exit $rc, want 2"
grep -q "cannot use share 'fs01\\\\usmt'" "$WORK/e1" || { cat "$WORK/e1"; fail "bad --share not explained"; }
"$WIZ" lint --share '\\fs01\usmt='"$WORK/none" -- 'E:\s' 2>"$WORK/e2"; rc=$?
[ "$rc" -eq 2 ] || fail "--share to a missing folder: exit $rc, want 2"
grep -q "is not a folder" "$WORK/e2" || fail "missing share folder not explained"
exit 0

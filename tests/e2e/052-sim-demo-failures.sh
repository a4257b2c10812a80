#!/bin/sh
# The demo volume's teaching failures: the temporary profile (rc 26 unless
# MIG_FAIL_ON_PROFILE_ERROR=0), scratch space on X: (29), WinPE without an
# offline switch (36), and a cancel by SIGINT (2) followed to the end.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
V="$WORK/lab/volumes"
MKHAN=S-1-5-21-3623811015-3361044348-30300820-1107
ANNA=S-1-5-21-1004336348-1177238915-682003330-1002
export USMTWIZ_VOLUME_ROOT="$V" USMTWIZ_WINPE=1
cd "$WORK" || exit 1
expect() {
    want=$1
    shift
    "$@" >"$WORK/out.txt" 2>&1
    got=$?
    [ "$got" -eq "$want" ] || fail "expected rc $want, got $got: $(cat "$WORK/out.txt")"
    grep -q "^ScanState return code: $want\$" "$WORK/out.txt" || fail "no rc line"
}
expect 26 "$SIM" 'E:\a' '/offlineWinDir:D:\Windows' '/ue:*\*' "/ui:$MKHAN*"
grep -q 'User profile duplicate SID error' scanstate.log || fail "no duplicate SID line"
MIG_FAIL_ON_PROFILE_ERROR=0 expect 0 "$SIM" 'E:\b' '/offlineWinDir:D:\Windows' '/ue:*\*' "/ui:$MKHAN*"
expect 36 "$SIM" 'E:\c'
grep -q 'Use /offline to run gather on this platform' "$WORK/out.txt" || fail "36 message"
printf 'free=104857600\ntotal=536870912\nkind=ram\n' >"$V/X.volume"
expect 29 "$SIM" 'E:\d' '/offlineWinDir:D:\Windows' '/ue:*\*' "/ui:$ANNA*"
USMT_WORKING_DIR='D:\Temp' expect 0 "$SIM" 'E:\d' '/offlineWinDir:D:\Windows' '/ue:*\*' "/ui:$ANNA*"

# cancel: SIGINT to a paced run
USMT_WORKING_DIR='D:\Temp' SIM_PACE_MS=100 "$SIM" 'E:\e' '/offlineWinDir:D:\Windows' '/ue:*\*' "/ui:$ANNA*" \
    '/progress:e.prg' >"$WORK/out.txt" 2>&1 &
pid=$!
i=0
until grep -q totalPercentageCompleted e.prg 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 100 ] || fail "no progress"
    sleep 0.1
done
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 2 ] || fail "cancel gave rc $rc"
tail -n 1 e.prg | grep -q 'errorCode, 2, numberOfIgnoredErrors, 0, message, "User chose to cancel' ||
    fail "bad last line: $(tail -n 1 e.prg)"
exit 0

#!/bin/sh
# The offline Windows folder as technicians type it and as disks break it:
# d:\windows\ (case, trailing backslash) and D:/Windows/ are the folder
# found; a Windows folder without SOFTWARE, without System32\config, or
# that cannot be read (as an unprivileged user) says why it is not one,
# in inspect and in lint, instead of a bare "no Windows installation".
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/demo" >/dev/null || fail "lab create demo failed"
vr="$WORK/demo/volumes"
cfg="$vr/D/Windows/System32/config"

lint() { # lint WINDIR
    "$WIZ" lint --volume-root "$vr" --winpe --usmt "$WORK/demo/usmt" \
        --env 'USMT_WORKING_DIR=E:\work' --env MIG_FAIL_ON_PROFILE_ERROR=0 \
        -- 'E:\store' "/offlineWinDir:$1" /c /efs:copyraw >"$WORK/out" 2>&1
}

for wd in 'd:\windows\' 'D:/Windows/' 'D:\WINDOWS'; do
    lint "$wd"
    grep -q offline-not-windows "$WORK/out" &&
        { cat "$WORK/out"; fail "'$wd' called not a Windows folder"; }
    grep -q 'not checked (no offline Windows installation' "$WORK/out" &&
        { cat "$WORK/out"; fail "'$wd' did not find the installation"; }
done

mv "$cfg/SOFTWARE" "$WORK/SOFTWARE"
volume_rebaseline "$vr/D"
"$WIZ" inspect --volume-root "$vr" --no-sizes >"$WORK/inspect" 2>&1
grep -q "problem: no usable Windows installation: 'D:.Windows.System32.config' has no SOFTWARE hive" \
    "$WORK/inspect" || { cat "$WORK/inspect"; fail "missing SOFTWARE not named"; }
lint 'D:\Windows'
grep -q "offline-not-windows: .*has no SOFTWARE hive" "$WORK/out" ||
    { cat "$WORK/out"; fail "lint: missing SOFTWARE not named"; }
mv "$WORK/SOFTWARE" "$cfg/SOFTWARE"

mv "$cfg" "$WORK/config"
volume_rebaseline "$vr/D"
"$WIZ" inspect --volume-root "$vr" --no-sizes >"$WORK/inspect" 2>&1
grep -q "'D:.Windows.System32' has no config folder" "$WORK/inspect" ||
    { cat "$WORK/inspect"; fail "missing System32\\config not named"; }
mv "$WORK/config" "$cfg"

# permission denied: CI runs as root, so the reader is 'nobody'
chmod 755 "$WORK" "$WORK/.bin"
chmod -R a+rX "$WORK/demo"
chmod 700 "$cfg"
volume_rebaseline "$vr/D"
setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$TOP/$BUILD/usmtwiz" inspect --volume-root "$vr" --no-sizes \
    >"$WORK/inspect" 2>&1
grep -qi "cannot read 'D:.Windows.System32.config' (permission denied)" \
    "$WORK/inspect" || { cat "$WORK/inspect"; fail "unreadable config not named"; }
chmod 755 "$cfg"
volume_rebaseline "$vr/D"
exit 0

#!/bin/sh
# lint on the demo machine with damaged hives: a truncated SOFTWARE, three
# hives of zeros, a truncated SAM, a damaged NTUSER.DAT of a selected user
# and (as an unprivileged user) a SOFTWARE that cannot be read.  Each one
# is named; the machine hives block the run, a user's hive is a warning;
# a truncated SAM leaves local users of unknown kind, not domain users.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/demo" >/dev/null || fail "lab create demo failed"
vr="$WORK/demo/volumes"
cfg="$vr/D/Windows/System32/config"
cp -a "$vr" "$WORK/orig"
joerg=S-1-5-21-1004336348-1177238915-682003330-1001

lint() {
    "$WIZ" lint --volume-root "$vr" --winpe --usmt "$WORK/demo/usmt" \
        --env 'USMT_WORKING_DIR=E:\work' --env MIG_FAIL_ON_PROFILE_ERROR=0 \
        -- 'E:\store' '/offlineWinDir:D:\Windows' /i:MigDocs.xml \
        /i:MigApp.xml '/ue:*\*' "/ui:$joerg*" /c /efs:copyraw \
        '/l:E:\s.log' >"$WORK/out" 2>&1
}
restore() {
    rm -rf "$vr" && cp -a "$WORK/orig" "$vr"
    volume_rebaseline "$vr/D"
}
expect() { # expect RC PATTERN WHAT
    [ "$rc" -eq "$1" ] || { cat "$WORK/out"; fail "$3: exit $rc, want $1"; }
    grep -q -- "$2" "$WORK/out" || { cat "$WORK/out"; fail "$3: no '$2'"; }
}

lint; rc=$?
expect 0 "nothing blocks the run" "good hives"
grep -q "hive-damaged" "$WORK/out" && fail "good hives reported damaged"

truncate -s 8192 "$cfg/SOFTWARE"
volume_rebaseline "$vr/D"
lint; rc=$?
expect 1 "^error   hive-damaged: the SOFTWARE hive 'D:\\\\Windows\\\\System32\\\\config\\\\SOFTWARE' is damaged" \
    "truncated SOFTWARE"
restore

for h in SOFTWARE SYSTEM SAM; do
    head -c "$(wc -c <"$cfg/$h")" /dev/zero >"$cfg/$h.z" && mv "$cfg/$h.z" "$cfg/$h"
done
volume_rebaseline "$vr/D"
lint; rc=$?
expect 1 "hive-damaged: the SOFTWARE hive" "zeroed hives"
expect 1 "hive-damaged: the SYSTEM hive" "zeroed hives"
expect 1 "hive-damaged: the SAM hive" "zeroed hives"
restore

truncate -s 8192 "$cfg/SAM"
volume_rebaseline "$vr/D"
lint; rc=$?
expect 1 "hive-damaged: the SAM hive .* is damaged" "truncated SAM"
"$WIZ" inspect --volume-root "$vr" --no-sizes >"$WORK/inspect" 2>&1
grep -q 'CONTOSO\\J' "$WORK/inspect" &&
    { cat "$WORK/inspect"; fail "truncated SAM: Jörg became a domain user"; }
grep "$joerg" "$WORK/inspect" | grep -q ' unknown ' ||
    { cat "$WORK/inspect"; fail "truncated SAM: Jörg's kind is not unknown"; }
restore

truncate -s 4200 "$vr/D/Users/Jörg/NTUSER.DAT"
volume_rebaseline "$vr/D"
lint; rc=$?
expect 0 "^warning user-hive-damaged: NTUSER.DAT of 'Jörg'" "damaged NTUSER.DAT"
expect 0 "settings (HKCU" "damaged NTUSER.DAT"
restore

# permission denied: CI runs as root, so the reader is 'nobody'
chmod 755 "$WORK" "$WORK/.bin"
chmod -R a+rX "$WORK/demo"
chmod 000 "$cfg/SOFTWARE"
volume_rebaseline "$vr/D"
setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$TOP/$BUILD/usmtwiz" lint --volume-root "$vr" --winpe \
    --usmt "$WORK/demo/usmt" --env 'USMT_WORKING_DIR=E:\work' \
    -- 'E:\store' '/offlineWinDir:D:\Windows' /c >"$WORK/out" 2>&1
rc=$?
expect 1 "hive-damaged: the SOFTWARE hive .* cannot be read: .*permission denied" \
    "unreadable SOFTWARE"
chmod 644 "$cfg/SOFTWARE"
restore
exit 0

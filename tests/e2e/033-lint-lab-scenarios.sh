#!/bin/sh
# usmtwiz lint against the practice machines of "usmtwiz lab": each
# scenario's pitfall is found from the volumes, hives and USMT folder.
. "$TOP/tests/e2e/lib.sh"

lab() {
    "$WIZ" lab create "$1" "$WORK/$1" >/dev/null 2>&1 || fail "lab create $1"
}
# lint SCENARIO EXPECTED-EXIT OUT LINT-ARGS...
lint() {
    sc=$1 want=$2 out=$3
    shift 3
    "$WIZ" lint --volume-root "$WORK/$sc/volumes" --usmt "$WORK/$sc/usmt" \
        --winpe "$@" >"$WORK/$out"
    rc=$?
    [ "$rc" -eq "$want" ] || { cat "$WORK/$out"; fail "$sc: exit $rc, want $want"; }
}
has() { grep -q "^$2" "$WORK/$1" || { cat "$WORK/$1"; fail "$1: no '$2'"; }; }
hasnt() { grep -q "^$2" "$WORK/$1" && { cat "$WORK/$1"; fail "$1: unexpected '$2'"; }; return 0; }
W='USMT_WORKING_DIR=E:\work'
ok_tail='/i:MigDocs.xml /l:E:\logs\s.log /c /efs:copyraw'

lab demo
# a domain user by name: the fix names his SID (read from the hives)
lint demo 1 demo1.txt --env "$W" -- "E:\\store\\PC /offlineWinDir:D:\\Windows /ue:*\\* /ui:CONTOSO\\jsmith $ok_tail"
has demo1.txt "error   offline-ui-by-name: '/ui:CONTOSO.jsmith'"
has demo1.txt '        fix: select by SID: /ue:\*\\\* /ui:S-1-5-21-3623811015-3361044348-30300820-1104\*'
has demo1.txt 'error   temp-profile-present:'
hasnt demo1.txt 'warning several-windows'
# by SID, with the temporary profile handled: only the missing folder is left
lint demo 0 demo2.txt --env "$W" --env MIG_FAIL_ON_PROFILE_ERROR=0 -- \
    "E:\\store\\PC /offlineWinDir:D:\\Windows /ue:*\\* /ui:S-1-5-21-3623811015-3361044348-30300820-1104* $ok_tail"
hasnt demo2.txt 'error'
has demo2.txt 'warning workdir-missing'
# an Entra ID user and an orphan
lint demo 0 demo3.txt --env "$W" --env MIG_FAIL_ON_PROFILE_ERROR=0 -- \
    "E:\\store\\PC /offlineWinDir:D:\\Windows /ue:*\\* /ui:S-1-12-1-* /ui:S-1-5-21-3623811015-3361044348-30300820-1121* $ok_tail"
has demo3.txt 'warning users-entra:'
has demo3.txt 'warning users-orphan-selected:'

# the store stick is nearly full: the selected profile does not fit
sed 's/^free=.*/free=1048576/' "$WORK/demo/volumes/E.volume" >"$WORK/E.volume" &&
    cp "$WORK/E.volume" "$WORK/demo/volumes/E.volume"
lint demo 1 demo4.txt --env 'USMT_WORKING_DIR=D:\work' --env MIG_FAIL_ON_PROFILE_ERROR=0 -- \
    "E:\\store\\PC /offlineWinDir:D:\\Windows /ue:*\\* /ui:S-1-5-21-3623811015-3361044348-30300820-1104* /nocompress $ok_tail"
has demo4.txt 'error   store-low-space: the store volume has 1.0 MB free but the selected profiles hold'

lab bitlocker
lint bitlocker 1 bl.txt --env "$W" -- "E:\\s /offlineWinDir:D:\\Windows $ok_tail"
has bl.txt 'error   volume-bitlocker: volume D: is locked by BitLocker'

lab fast-startup
lint fast-startup 1 fs.txt --env "$W" -- "D:\\s /offlineWinDir:D:\\Windows /hardlink /nocompress $ok_tail"
has fs.txt 'error   volume-hibernated-hardlink:'
has fs.txt 'warning hives-dirty:'
lint fast-startup 0 fs2.txt --env "$W" -- "E:\\s /offlineWinDir:D:\\Windows $ok_tail"
has fs2.txt 'warning volume-hibernated:'

lab server
lint server 1 srv.txt --env "$W" -- "E:\\s /offlineWinDir:D:\\Windows $ok_tail"
has srv.txt "error   offline-os-server: 'Windows Server 2022"

lab small-x
lint small-x 1 sx.txt -- "E:\\s /offlineWinDir:D:\\Windows $ok_tail"
has sx.txt 'error   workdir-unset: USMT_WORKING_DIR is not set: in Windows PE scanstate puts its temporary files on the X: RAM disk (32'
lint small-x 1 sx2.txt --env 'USMT_WORKING_DIR=D:\work' -- "E:\\s /offlineWinDir:D:\\Windows $ok_tail"
has sx2.txt "error   workdir-low-space: USMT_WORKING_DIR 'D:.work' has 180"

lab two-windows
lint two-windows 0 tw.txt --env "$W" -- "E:\\s /offlineWinDir:D:\\Windows $ok_tail"
has tw.txt 'warning several-windows: 2 Windows installations'

lab win7-x86
"$WIZ" lint --volume-root "$WORK/win7-x86/volumes" --usmt "$WORK/win7-x86/usmt" \
    --env "$W" -- "E:\\s /offlineWinDir:D:\\Windows /targetWindows8 $ok_tail" >"$WORK/w7.txt"
[ $? -eq 0 ] || { cat "$WORK/w7.txt"; fail "win7-x86 outside Windows PE: want exit 0"; }
hasnt w7.txt 'error   target-windows-source'
exit 0

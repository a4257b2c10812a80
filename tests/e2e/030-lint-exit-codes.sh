#!/bin/sh
# usmtwiz lint: exit 0 when nothing blocks, 1 when an error does, 2 on bad
# usage; a whole quoted command line and split arguments give the same.
. "$TOP/tests/e2e/lib.sh"

# a clean offline capture in Windows PE (only warnings may remain)
"$WIZ" lint --winpe --env 'USMT_WORKING_DIR=E:\work' -- \
    'X:\USMT\amd64\scanstate.exe' 'E:\store\PC1' \
    '/offlineWinDir:D:\Windows' '/ue:*\*' '/ui:S-1-5-21-1-2-3-1001*' \
    '/i:X:\USMT\amd64\MigDocs.xml' '/i:X:\USMT\amd64\MigApp.xml' \
    '/l:E:\logs\scan.log' '/progress:E:\logs\scan.prg' /c /v:5 \
    /efs:copyraw >"$WORK/ok.txt"
rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/ok.txt"; fail "clean line: exit $rc, want 0"; }
grep -q '^lint: 0 errors, 0 warnings' "$WORK/ok.txt" ||
    fail "clean line not reported clean: $(tail -n 1 "$WORK/ok.txt")"

# /uel offline blocks: exit 1, the rule id, the fix and the source
"$WIZ" lint -- 'c:\x\scanstate.exe C:\x\backup /offline:C:\x\offline.xml /uel:90 /nocompress /hardlink /c /o' >"$WORK/uel.txt"
rc=$?
[ "$rc" -eq 1 ] || fail "/uel offline: exit $rc, want 1"
grep -q "^error   offline-uel: '/uel:90' is not valid in an offline migration" "$WORK/uel.txt" ||
    fail "offline-uel finding missing"
grep -q '^        fix: remove /uel' "$WORK/uel.txt" || fail "fix line missing"
grep -q '^        see: §2.2' "$WORK/uel.txt" || fail "documentation line missing"
grep -q 'hardlink-needs-nocompress' "$WORK/uel.txt" && fail "/hardlink with /nocompress flagged"
tail -n 1 "$WORK/uel.txt" | grep -q '^lint: 1 error, 1 warning, 1 info: scanstate would not run' ||
    fail "bad last line: $(tail -n 1 "$WORK/uel.txt")"

# split arguments give the same findings as one quoted line
"$WIZ" lint -- 'C:\x\backup' '/offline:C:\x\offline.xml' /uel:90 /nocompress \
    /hardlink /c /o >"$WORK/split.txt"
[ $? -eq 1 ] || fail "split arguments: wrong exit"
diff "$WORK/uel.txt" "$WORK/split.txt" >/dev/null || fail "split and whole line differ"

# bad usage: exit 2 with a message
"$WIZ" lint 2>"$WORK/e1"; [ $? -eq 2 ] || fail "no arguments: want exit 2"
grep -q 'no scanstate arguments to check' "$WORK/e1" || fail "no message without arguments"
"$WIZ" lint --bogus -- x 2>"$WORK/e2"; [ $? -eq 2 ] || fail "unknown option: want exit 2"
grep -q "unknown option '--bogus'" "$WORK/e2" || fail "no message for unknown option"
"$WIZ" lint --env NOEQUALS -- 'E:\s' 2>"$WORK/e3"; [ $? -eq 2 ] || fail "bad --env: want exit 2"
"$WIZ" lint --volume 12 -- 'E:\s' 2>/dev/null; [ $? -eq 2 ] || fail "bad --volume: want exit 2"
"$WIZ" lint --help | grep -q '^usage: usmtwiz lint' || fail "--help"

# --volume names the offline Windows drive when the line does not
"$WIZ" lint --volume D: -- 'E:\s /offline:E:\o.xml /hardlink /nocompress /c' >"$WORK/vol.txt"
[ $? -eq 1 ] || fail "--volume: want exit 1"
grep -q "^error   hardlink-other-volume: hard-link store 'E:\\\\s' is not on D:" "$WORK/vol.txt" ||
    { cat "$WORK/vol.txt"; fail "--volume not used"; }
"$WIZ" lint --volume E -- 'E:\s /offline:E:\o.xml /hardlink /nocompress /c' >"$WORK/vol2.txt"
grep -q 'hardlink-other-volume' "$WORK/vol2.txt" && fail "same volume flagged"

# the key never shows
"$WIZ" lint -- 'E:\s /encrypt /key:Sup3rS3cretKey /c' >"$WORK/key.txt"
grep -q 'Sup3rS3cretKey' "$WORK/key.txt" && fail "the key was printed"
grep -q 'key-on-command-line' "$WORK/key.txt" || fail "typed key not flagged"

# loadstate lines run the restore rules (refused in Windows PE)
"$WIZ" lint --winpe -- 'F:\USMT\loadstate.exe F:\hm /i:F:\hm\Config.xml /c /v:13' >"$WORK/ls.txt"
[ $? -eq 1 ] || fail "loadstate: want exit 1"
grep -q '^error   restore-in-winpe:' "$WORK/ls.txt" || fail "loadstate not recognised"
exit 0

#!/bin/sh
# scanstate-sim on the demo practice volume: an offline capture of two
# users by SID writes exactly their files into an uncompressed store, the
# offline volume is unchanged, and both logs have scanstate's layout.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
V="$WORK/lab/volumes"
JOERG=S-1-5-21-1004336348-1177238915-682003330-1001
ANNA=S-1-5-21-1004336348-1177238915-682003330-1002
# every file's name, size, time and links, and the content of all but the
# big sparse practice files (hashing gigabytes of zeros proves nothing)
tree_hash() {
    (cd "$1" && { find . -printf '%p %s %T@ %n\n' | LC_ALL=C sort
        find . -type f -size -16M -print0 | LC_ALL=C sort -z |
            xargs -0 sha256sum; } | sha256sum)
}
before=$(tree_hash "$V/D")
mkdir -p "$V/X/logs"
cd "$V/X" || fail "no X"
USMTWIZ_VOLUME_ROOT="$V" USMTWIZ_WINPE=1 "$SIM" 'E:\store' \
    '/offlineWinDir:D:\Windows' '/ue:*\*' "/ui:$JOERG*" "/ui:$ANNA*" \
    /nocompress /c /v:5 '/l:X:\logs\scan.log' '/progress:X:\logs\prog.log' \
    >"$WORK/console.txt"
rc=$?
[ $rc -eq 0 ] || fail "rc $rc: $(cat "$WORK/console.txt")"
grep -q '^ScanState return code: 0$' "$WORK/console.txt" || fail "no rc line"
[ "$(tree_hash "$V/D")" = "$before" ] || fail "the offline volume changed"

# the store holds exactly the files of the two profiles, byte for byte
# (links and empty folders are not files; AppData\Local\Temp is skipped)
files() {
    (cd "$1" && find . -type f ! -path './AppData/Local/Temp/*' | LC_ALL=C sort)
}
store="$V/E/store/USMT/File/C\$/Users"
for u in Jörg anna; do
    [ "$(files "$V/D/Users/$u")" = "$(files "$store/$u")" ] ||
        fail "files of $u differ: $(files "$store/$u")"
    files "$V/D/Users/$u" | while read -r f; do
        cmp -s "$V/D/Users/$u/$f" "$store/$u/$f" || echo "$f"
    done >"$WORK/differ.txt"
    [ -s "$WORK/differ.txt" ] && fail "content differs: $(cat "$WORK/differ.txt")"
done
[ "$(ls "$store" | LC_ALL=C sort)" = "$(printf 'J\303\266rg\nanna' | LC_ALL=C sort)" ] ||
    fail "other users in the store: $(ls "$store")"
[ -f "$V/E/store/USMT/catalog.mig" ] || fail "no catalog.mig"

# scanstate.log: padded columns, CRLF, the version line with gle
log="$V/X/logs/scan.log"
head -n 1 "$log" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}, Info {18}\[0x000000\] SCANSTATE\.EXE Version 10\.0\.[0-9.]+\[gle=0x000000b7\]'"$(printf '\r')"'$' ||
    fail "bad first log line: $(head -n 1 "$log")"
grep -q "Status                \[0x000000\] Activity: 'MIGACTIVITY_SUCCESS'" "$log" ||
    fail "no success activity"
grep -q 'Info                  \[0x000000\] Successful run' "$log" || fail "no success"
# progress log: date, local time with offset, elapsed, then the records
prog="$V/X/logs/prog.log"
grep -Eq '^[0-9]{2} [A-Z][a-z]{2} [0-9]{4}, [0-9:]{8} [+-][0-9]{2}:[0-9]{2}, [0-9:]{8}, program, ScanState\.exe, productVersion, "' "$prog" ||
    fail "bad program line: $(head -n 1 "$prog")"
grep -q "detectedUser, PC-ACC-0042\\\\anna, includedInMigration, Yes" "$prog" ||
    fail "anna not detected as included"
grep -q "detectedUser, PC-ACC-0042\\\\jsmith, includedInMigration, No" "$prog" ||
    fail "jsmith not detected as excluded"
tail -n 1 "$prog" | grep -q 'errorCode, 0, numberOfIgnoredErrors, 0, message, "Successful run"' ||
    fail "bad last progress line: $(tail -n 1 "$prog")"
exit 0

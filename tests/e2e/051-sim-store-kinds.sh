#!/bin/sh
# The three store kinds: compressed (one USMT.MIG with a catalog that lists
# and verifies), hard-link (links to the profile files, hardlink.main) and
# an existing store refused without /o.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
V="$WORK/lab/volumes"
ANNA=S-1-5-21-1004336348-1177238915-682003330-1002
export USMTWIZ_VOLUME_ROOT="$V" USMTWIZ_WINPE=1
cd "$WORK" || exit 1
sim() { "$SIM" "$@" '/offlineWinDir:D:\Windows' '/ue:*\*' "/ui:$ANNA*" >"$WORK/out.txt"; }

sim 'E:\mig' || fail "compressed capture: $(cat "$WORK/out.txt")"
"$SIM" --list-store "$V/E/mig/USMT/USMT.MIG" >"$WORK/list.txt" || fail "cannot list"
grep -q 'File\\C\$\\Users\\anna\\Desktop\\telefonlista.txt' "$WORK/list.txt" ||
    fail "catalog lacks anna's file: $(cat "$WORK/list.txt")"
# anna's three files and the UsrClass.dat every profile has
grep -q 'Microsoft.Windows.UsrClass.dat' "$WORK/list.txt" || fail "catalog lacks anna's UsrClass.dat"
grep -q '^4 files' "$WORK/list.txt" || fail "wrong count: $(tail -n 1 "$WORK/list.txt")"
"$SIM" --verify-store "$V/E/mig/USMT/USMT.MIG" | grep -q '^0 damaged' || fail "verify"

# a hard-link store lives on the offline volume (and linking changes the
# profile files' status times): D: is checked up to here, then let go
volume_check || fail "the captures so far changed the offline volume"
volume_unwatch "$V/D"
sim 'D:\hl' /hardlink /nocompress || fail "hard-link capture: $(cat "$WORK/out.txt")"
f="$V/D/hl/USMT/File/C\$/Users/anna/Desktop/telefonlista.txt"
[ "$(stat -c %i "$f")" = "$(stat -c %i "$V/D/Users/anna/Desktop/telefonlista.txt")" ] ||
    fail "not a hard link"
[ -f "$V/D/hl/USMT/hardlink.main" ] || fail "no hardlink.main"

"$SIM" 'E:\mig' '/offlineWinDir:D:\Windows' '/ue:*\*' "/ui:$ANNA*" >"$WORK/out.txt"
[ $? -eq 27 ] || fail "expected 27"
grep -q "specify /o to overwrite" "$WORK/out.txt" || fail "no /o message"
sim 'E:\mig' /o || fail "/o did not overwrite"
exit 0

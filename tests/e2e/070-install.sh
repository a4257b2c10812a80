#!/bin/sh
# make install honours PREFIX and DESTDIR: programs, man pages, data.
. "$TOP/tests/e2e/lib.sh"
make -s -C "$TOP" BUILD="$BUILD" install PREFIX=/opt/wiz DESTDIR="$WORK/root" >"$WORK/log" 2>&1 ||
    { cat "$WORK/log"; fail "make install failed"; }
for f in bin/usmtwiz bin/scanstate-sim share/man/man1/usmtwiz.1 share/usmtwiz/scenarios; do
    [ -e "$WORK/root/opt/wiz/$f" ] || fail "missing $f"
done
"$WORK/root/opt/wiz/bin/usmtwiz" --version | grep -q '^usmtwiz ' || fail "installed program does not run"
# the installed program finds its scenarios without the source tree
USMTWIZ_DATADIR="$WORK/root/opt/wiz/share/usmtwiz" "$WORK/root/opt/wiz/bin/usmtwiz" lab list | grep -q demo ||
    fail "installed lab list does not find the scenarios"
exit 0

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
# the training lessons and their sheets are installed too: a lesson's lab
# is built from them, and the installed wizard offers its sheet
for f in share/usmtwiz/training/lessons.tsv share/usmtwiz/training/store-full.md; do
    [ -e "$WORK/root/opt/wiz/$f" ] || fail "missing $f"
done
export USMTWIZ_DATADIR="$WORK/root/opt/wiz/share/usmtwiz"
"$WORK/root/opt/wiz/bin/usmtwiz" lab create temp-profile "$WORK/lab" >/dev/null ||
    fail "installed lab create LESSON failed"
printf '\n\nnone\n6\n\n\n\n\nf 1\ns\ny\n' |
    USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WORK/root/opt/wiz/bin/usmtwiz" --plain \
        --volume-root "$WORK/lab/volumes" --usmt "$WORK/lab/usmt" --simulate >"$WORK/out" 2>&1 ||
    { cat "$WORK/out"; fail "installed plain run failed"; }
grep -q '^== Lesson temp-profile ==$' "$WORK/out" || { cat "$WORK/out"; fail "installed wizard shows no sheet"; }
exit 0

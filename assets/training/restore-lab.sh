#!/bin/sh
# Build the practice machines of a restore lesson (a row of
# restore-lessons.tsv beside this script):
#   DIR/old      the old PC (usmtwiz lab create SCENARIO), captured with the
#                lesson's preset by scanstate-sim, as `usmtwiz run` does in
#                Windows PE; the capture's output is DIR/capture.txt
#   DIR/newpc    the new PC: C\ is the new Windows (the old PC's own
#                Windows with its profiles removed for "same", else another
#                scenario's Windows: a renamed PC), E the old PC's USB disk
#                with the store
#   DIR/newpc-src  the scenario the new PC's Windows is copied from
#   DIR/run      the folder the trainee runs loadstate-sim in
# Usage: sh restore-lab.sh LESSON DIR
# USMTWIZ names the usmtwiz program (default: usmtwiz on the PATH).
set -u
TR=$(cd "$(dirname "$0")" && pwd)
WIZ=${USMTWIZ:-usmtwiz}
die() {
    echo "restore-lab: $*" >&2
    exit 1
}
[ $# -eq 2 ] || die "usage: sh restore-lab.sh LESSON DIR"
lesson=$1
dir=$2
tab=$(printf '\t')
row=$(grep -v '^#' "$TR/restore-lessons.tsv" | grep "^$lesson$tab") ||
    die "no restore lesson '$lesson' in $TR/restore-lessons.tsv"
scen=$(printf '%s\n' "$row" | cut -f2)
preset=$(printf '%s\n' "$row" | cut -f3)
newpc=$(printf '%s\n' "$row" | cut -f4)
prep=$(printf '%s\n' "$row" | cut -f5)
[ -e "$dir" ] && die "'$dir' exists already"
mkdir -p "$dir" || die "cannot make '$dir'"
dir=$(cd "$dir" && pwd)

"$WIZ" lab create "$scen" "$dir/old" >"$dir/lab.txt" 2>&1 ||
    die "lab create $scen: $(cat "$dir/lab.txt")"

# prep steps, separated by ';': "put FILE L/PATH" before the capture (a
# file of this folder onto a drive of the old PC), "copy SRC DST" after it
# (inside the new PC's drives)
step() {
    when=$1
    shift
    [ $# -eq 0 ] && return 0
    case $1 in
    -) ;;
    put)
        [ "$when" = before ] || return 0
        [ $# -eq 3 ] || die "prep: put FILE L/PATH"
        cp "$TR/$2" "$dir/old/volumes/$3" || die "put $2"
        ;;
    copy)
        [ "$when" = after ] || return 0
        [ $# -eq 3 ] || die "prep: copy SRC DST"
        mkdir -p "$(dirname "$dir/newpc/$3")" || die "copy $2"
        cp -R "$dir/newpc/$2" "$dir/newpc/$3" || die "copy $2"
        ;;
    *) die "unknown prep step '$1'" ;;
    esac
}
steps() {
    rest=$prep
    while [ -n "$rest" ]; do
        one=${rest%%;*}
        [ "$one" = "$rest" ] && rest= || rest=${rest#*;}
        set -f
        # shellcheck disable=SC2086
        step "$1" $one
        set +f
    done
}

steps before
USMTWIZ_WINPE=1 SIM_PACE_MS=0 "$WIZ" run --preset "$TR/$preset" \
    --volume-root "$dir/old/volumes" --usmt "$dir/old/usmt" --simulate \
    --fix --yes </dev/null >"$dir/capture.txt" 2>&1 ||
    die "the capture of the old PC failed: see $dir/capture.txt"

mkdir -p "$dir/newpc" "$dir/run"
if [ "$newpc" = same ]; then
    cp -R "$dir/old/volumes/D" "$dir/newpc/C" || die "new PC"
    rm -rf "$dir/newpc/C/Users"/*
else
    "$WIZ" lab create "$newpc" "$dir/newpc-src" >"$dir/lab.txt" 2>&1 ||
        die "lab create $newpc: $(cat "$dir/lab.txt")"
    cp -R "$dir/newpc-src/volumes/D" "$dir/newpc/C" || die "new PC"
fi
ln -s "$dir/old/volumes/E" "$dir/newpc/E" || die "new PC's E:"
steps after
echo "restore lesson $lesson: old PC $dir/old, new PC $dir/newpc"
echo "run: cd $dir/run && loadstate-sim --target-root $dir/newpc STORE ..."

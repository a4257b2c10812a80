#!/bin/sh
# Reading an offline volume (BENCH lines), whole process against whole
# process:
# - hive-read: `usmtwiz inspect --no-sizes` on a large volume (SOFTWARE
#   over 100 MB, 300 profiles) against hivefloor, one small process that
#   opens SOFTWARE, SYSTEM and SAM with hivex and reads one value of each
#   (target ratio <= 1.2); hivexget (three runs of a script that starts
#   hivexsh) and reglookup on the same values are shown for information;
# - sizing-profile and sizing-volume: users_size_path (bench_sizing)
#   against `du -sb` on one profile of 300,000 files and on the volume's
#   300 profiles (target ratio <= 1.0);
# - peak memory of inspect, with and without sizes.
# The volumes are cached under $BUILD/bench (BENCH_PROFILES, BENCH_FILES,
# BENCH_CLASSES, BENCH_ONE_FILES change them).
# bench-lines: hive-read sizing-profile sizing-volume
. "${TOP:-$(dirname "$0")/../..}/tests/bench/lib.sh"
profiles=${BENCH_PROFILES:-300}
files=${BENCH_FILES:-200000}
classes=${BENCH_CLASSES:-170000}
one_files=${BENCH_ONE_FILES:-300000}
bench_build all "$BUILD/liblab.a" "$BUILD/libcore.a" || exit 2
cc -std=c11 -O2 -Wall -Wno-format-truncation tests/bench/genvol.c \
    tests/support/regbulk.c -o "$out/genvol" || exit 2
bench_cc "$out/bench_sizing" tests/bench/bench_sizing.c || exit 2
# shellcheck disable=SC2046
cc -std=c11 -O2 $(pkg-config --cflags hivex) tests/bench/hivefloor.c \
    $(pkg-config --libs hivex) -o "$out/hivefloor" || exit 2

# genvol_cached DIR PROFILES FILES CLASSES
genvol_cached() {
    stamp="$2 $3 $4 $(cat tests/bench/genvol.c tests/support/regbulk.c | cksum)"
    if [ ! -f "$1/.stamp" ] || [ "$(cat "$1/.stamp")" != "$stamp" ]; then
        echo "bench: generating $1 (once; cached)"
        rm -rf "$1"
        "$out/genvol" "$1" "$2" "$3" "$4" || return 1
        echo "$stamp" >"$1/.stamp"
    fi
}
vol=$out/vol
one=$out/vol-one
genvol_cached "$vol" "$profiles" "$files" "$classes" || exit 2
genvol_cached "$one" 1 "$one_files" 100 || exit 2
cfg=$vol/C/Windows/System32/config
WIZ=$BUILD/usmtwiz
sw_mb=$(( $(wc -c <"$cfg/SOFTWARE") / 1048576 ))

# inspect must find every profile, or the figure means nothing
n_users=$("$WIZ" inspect --no-sizes --xml --volume-root "$vol" 2>/dev/null |
    grep -c '<user ')
if [ "$n_users" -ne "$profiles" ]; then
    bench_fail hive-read "inspect found $n_users users, expected $profiles"
else
    CV='Microsoft\Windows NT\CurrentVersion'
    SAMK='SAM\Domains\Account'
    if ours=$(timed "$out/inspect.out" "$WIZ" inspect --no-sizes --volume-root "$vol") &&
        floor=$(timed "$out/floor.out" "$out/hivefloor" "$cfg/SOFTWARE" "$CV" ProductName \
            "$cfg/SYSTEM" Select Current "$cfg/SAM" "$SAMK" V); then
        bench_ratio hive-read "$ours" "$floor" 1.2 \
            "hivefloor: hivex_open + one value of SOFTWARE, SYSTEM, SAM" \
            "software_mb=$sw_mb profiles=$n_users"
        if command -v hivexget >/dev/null 2>&1; then
            printf '%s\n' \
                "hivexget '$cfg/SOFTWARE' '$CV' ProductName >/dev/null" \
                "hivexget '$cfg/SYSTEM' Select Current >/dev/null" \
                "hivexget '$cfg/SAM' '$SAMK' V >/dev/null" >"$out/hivexget3.sh"
            t=$(timed "$out/hivexget.out" sh "$out/hivexget3.sh") &&
                bench_extra hive-read-vs-hivexget "$ours" "$t" \
                    "hivexget x3, each a shell script starting hivexsh"
        fi
        if command -v reglookup >/dev/null 2>&1; then
            printf '%s\n' \
                "reglookup -H -p '/Microsoft/Windows NT/CurrentVersion/ProductName' '$cfg/SOFTWARE'" \
                "reglookup -H -p /Select/Current '$cfg/SYSTEM'" \
                "reglookup -H -p /SAM/Domains/Account/V '$cfg/SAM'" >"$out/reglookup3.sh"
            t=$(timed "$out/reglookup.out" sh "$out/reglookup3.sh") &&
                bench_extra hive-read-vs-reglookup "$ours" "$t" \
                    "reglookup -p x3 from one shell"
        fi
    else
        bench_fail hive-read "a timed run failed (see $out/*.out.err)"
    fi
fi

# sizing_figure NAME FOLDER...
sizing_figure() {
    name=$1
    shift
    if ours=$(timed "$out/sizing.out" "$out/bench_sizing" "$@") &&
        theirs=$(timed "$out/du.out" du -sb "$@"); then
        set -- $(cut -d' ' -f2- "$out/sizing.out")
        bench_ratio "$name" "$ours" "$theirs" 1.0 "du -sb" \
            "files=$1 bytes=$2 links_skipped=$3"
    else
        bench_fail "$name" "a timed run failed (see $out/sizing.out.err, $out/du.out.err)"
    fi
}
sizing_figure sizing-profile "$one"/C/Users/user000
sizing_figure sizing-volume "$vol"/C/Users/user*

peak() {
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}
if [ -x /usr/bin/time ]; then
    m1=$(peak "$WIZ" inspect --no-sizes --volume-root "$vol")
    m2=$(peak "$WIZ" inspect --volume-root "$vol")
    m3=$(peak "$out/hivefloor" "$cfg/SOFTWARE" "$CV" ProductName)
    echo "BENCH peak-memory inspect_no_sizes_kb=$m1 inspect_with_sizes_kb=$m2 hivefloor_software_kb=$m3 software_mb=$sw_mb target=none"
fi
bench_done

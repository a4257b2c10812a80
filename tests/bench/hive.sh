#!/bin/sh
# Hive benchmarks (BENCH lines).  A .reg export like a big SOFTWARE hive
# (HIVE_KEYS=240000 keys, about 100 MB of text, HIVE_WIDE=5000 of them
# siblings under Classes\CLSID) is turned into a hive two ways: our direct
# writer (regimport_new_hive) and key by key through hivex, which is what
# `hivexregedit --merge` does (target: ours no slower, hive no larger).
# Then every key and value of the hive is read through hive.h and compared
# with `reglookup` listing the same hive (target ratio <= 2).
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
out=$BUILD/bench
mkdir -p "$out"
make -s --no-print-directory BUILD="$BUILD" "$BUILD/liblab.a" "$BUILD/libcore.a" || exit 2
cc -std=c11 -O2 -Iinclude tests/bench/bench_hive.c "$BUILD/liblab.a" "$BUILD/libcore.a" \
    $(pkg-config --libs libxml-2.0 hivex) -lm -o "$out/bench_hive" || exit 2
keys=${HIVE_KEYS:-240000}
wide=${HIVE_WIDE:-5000}
reg=$out/software.reg
rm -f "$reg" "$out/direct.hive" "$out/hivex.hive"
"$out/bench_hive" gen "$reg" "$keys" "$wide" || exit 2
regmb=$(awk -v b="$(wc -c <"$reg")" 'BEGIN { printf "%.1f", b / 1048576 }')
set -- $("$out/bench_hive" direct "$out/direct.hive" "$reg") || exit 2
ours=$1 ours_cpu=$2 ours_size=$3 ours_rss=$4
set -- $("$out/bench_hive" hivex "$out/hivex.hive" "$reg") || exit 2
theirs=$1 theirs_cpu=$2 theirs_size=$3 theirs_rss=$4
ratio=$(awk -v o="$ours" -v t="$theirs" 'BEGIN { printf "%.2f", o / (t > 0 ? t : 1e-9) }')
echo "BENCH hive-build ours=${ours} theirs=${theirs} ratio=${ratio} keys=${keys} wide=${wide} reg_mb=${regmb} cpu=${ours_cpu} theirs_cpu=${theirs_cpu} hive_bytes=${ours_size} theirs_hive_bytes=${theirs_size} peak_rss_kb=${ours_rss} theirs_peak_rss_kb=${theirs_rss} target=ratio<=1 (theirs: hivex key by key, as hivexregedit --merge)"
set -- $("$out/bench_hive" walk "$out/direct.hive") || exit 2
ours=$1 ours_cpu=$2 nkeys=$3 nvalues=$4 rss=$5
if command -v reglookup >/dev/null 2>&1; then
    t0=$(date +%s.%N)
    reglookup -H "$out/direct.hive" >/dev/null 2>&1
    t1=$(date +%s.%N)
    theirs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    ratio=$(awk -v o="$ours" -v t="$theirs" 'BEGIN { printf "%.2f", o / (t > 0 ? t : 1e-9) }')
else
    theirs=none
    ratio=none
fi
echo "BENCH hive-walk ours=${ours} theirs=${theirs} ratio=${ratio} cpu=${ours_cpu} keys=${nkeys} values=${nvalues} peak_rss_kb=${rss} target=ratio<=2 (theirs: reglookup -H)"
rm -f "$reg" "$out/direct.hive" "$out/hivex.hive"

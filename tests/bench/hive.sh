#!/bin/sh
# Hive building and walking (BENCH lines), whole processes timed the same
# way.  A .reg export like a big SOFTWARE hive (HIVE_KEYS=240000 keys, about
# 100 MB of text, HIVE_WIDE=5000 of them siblings under Classes\CLSID) is
# turned into a hive two ways: our direct writer (regimport_new_hive) and
# key by key through hivex, which is what `hivexregedit --merge` does
# (hive-build, target ratio <= 1, hive no larger).  Then every key and
# value of the hive is read through hive.h and compared with `reglookup`
# listing the same hive (hive-walk, target ratio <= 2).
# bench-lines: hive-build hive-walk
. "${TOP:-$(dirname "$0")/../..}/tests/bench/lib.sh"
bench_build "$BUILD/liblab.a" "$BUILD/libcore.a" || exit 2
bench_cc "$out/bench_hive" tests/bench/bench_hive.c || exit 2
keys=${HIVE_KEYS:-240000}
wide=${HIVE_WIDE:-5000}
reg=$out/software.reg
rm -f "$reg" "$out/direct.hive" "$out/hivex.hive"
"$out/bench_hive" gen "$reg" "$keys" "$wide" || exit 2
regmb=$(awk -v b="$(wc -c <"$reg")" 'BEGIN { printf "%.1f", b / 1048576 }')
if ours=$(timed "$out/direct.out" "$out/bench_hive" direct "$out/direct.hive" "$reg") &&
    theirs=$(timed "$out/hivex.out" "$out/bench_hive" hivex "$out/hivex.hive" "$reg"); then
    set -- $(cat "$out/direct.out") $(cat "$out/hivex.out")
    bench_ratio hive-build "$ours" "$theirs" 1 \
        "hivex key by key, as hivexregedit --merge" \
        "keys=$keys wide=$wide reg_mb=$regmb hive_bytes=$3 theirs_hive_bytes=$7 peak_rss_kb=$4 theirs_peak_rss_kb=$8"
else
    bench_fail hive-build "a timed run failed (see $out/direct.out.err, $out/hivex.out.err)"
fi
if ! command -v reglookup >/dev/null 2>&1; then
    bench_fail hive-walk "reglookup is not installed (apt-get install reglookup)"
elif ours=$(timed "$out/walk.out" "$out/bench_hive" walk "$out/direct.hive") &&
    theirs=$(timed "$out/reglookup.out" reglookup -H "$out/direct.hive"); then
    set -- $(cat "$out/walk.out")
    bench_ratio hive-walk "$ours" "$theirs" 2 "reglookup -H" \
        "keys=$3 values=$4 peak_rss_kb=$5"
else
    bench_fail hive-walk "a timed run failed (see $out/walk.out.err, $out/reglookup.out.err)"
fi
rm -f "$reg" "$out/direct.hive" "$out/hivex.hive"
bench_done

#!/bin/sh
# Log-reader benchmarks (BENCH lines): progress-log parsing throughput
# (target >= 200 MB/s) and scanstate.log analysis of a large log against
# `grep -c Error` on the same file (target ratio <= 2).  Sizes can be
# lowered for a quick look: PROGRESS_MB=50 SCLOG_MB=100.
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
out=$BUILD/bench
mkdir -p "$out"
make -s --no-print-directory BUILD="$BUILD" "$BUILD/liblab.a" "$BUILD/libcore.a" || exit 2
cc -std=c11 -O2 -Iinclude tests/bench/bench_logs.c "$BUILD/liblab.a" "$BUILD/libcore.a" \
    $(pkg-config --libs libxml-2.0 hivex) -lm -o "$out/bench_logs" || exit 2
pmb=${PROGRESS_MB:-200}
smb=${SCLOG_MB:-1024}
set -- $("$out/bench_logs" progress "$out/progress.log" "$pmb")
secs=$1
rate=$(awk -v b="$2" -v s="$secs" 'BEGIN { printf "%.0f", b / 1048576 / (s > 0 ? s : 1e-9) }')
echo "BENCH progress-parse ours=${secs} mb=${pmb} rate=${rate}MB/s records=$3 peak_rss_kb=$4 target=>=200MB/s"
rm -f "$out/progress.log"
set -- $("$out/bench_logs" sclog "$out/scanstate.log" "$smb")
ours=$1
t0=$(date +%s.%N)
grep -c Error "$out/scanstate.log" >"$out/grep-count.txt"  # not /dev/null: grep stops at the first match then
t1=$(date +%s.%N)
theirs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
ratio=$(awk -v o="$ours" -v t="$theirs" 'BEGIN { printf "%.2f", o / (t > 0 ? t : 1e-9) }')
echo "BENCH sclog-analysis ours=${ours} theirs=${theirs} ratio=${ratio} mb=${smb} records=$3 peak_rss_kb=$4 target=ratio<=2 (theirs: grep -c Error)"
rm -f "$out/scanstate.log"

#!/bin/sh
# XML and command-line benchmarks (BENCH lines): loading a large migration
# XML (checks, component list) against `xmllint --noout` on the same file
# (target ratio <= 2), and parse + build of a typical offline scanstate
# command line (target >= 20000 lines/s).  XML_MB=60 by default (the
# loader refuses files over 64 MB).
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
out=$BUILD/bench
mkdir -p "$out"
make -s --no-print-directory BUILD="$BUILD" "$BUILD/liblab.a" "$BUILD/libcore.a" || exit 2
cc -std=c11 -O2 -Iinclude tests/bench/bench_xml.c "$BUILD/liblab.a" "$BUILD/libcore.a" \
    $(pkg-config --libs libxml-2.0 hivex) -lm -o "$out/bench_xml" || exit 2
mb=${XML_MB:-60}
"$out/bench_xml" gen "$out/big.xml" "$mb" || exit 2
set -- $("$out/bench_xml" load "$out/big.xml")
ours=$1
comps=$2
rss=$3
if command -v xmllint >/dev/null 2>&1; then
    t0=$(date +%s.%N)
    xmllint --noout --nonet "$out/big.xml"
    t1=$(date +%s.%N)
    theirs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    ratio=$(awk -v o="$ours" -v t="$theirs" 'BEGIN { printf "%.2f", o / (t > 0 ? t : 1e-9) }')
else
    theirs=none
    ratio=none
fi
echo "BENCH xml-load ours=${ours} theirs=${theirs} ratio=${ratio} mb=${mb} components=${comps} peak_rss_kb=${rss} target=ratio<=2 (theirs: xmllint --noout)"
rm -f "$out/big.xml"
n=${CMDLINE_N:-200000}
set -- $("$out/bench_xml" cmdline "$n")
echo "BENCH cmdline-parse-build secs=$1 n=$n rate=$2/s target=>=20000/s"

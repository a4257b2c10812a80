#!/bin/sh
# XML and command-line benchmarks (BENCH lines), whole processes timed the
# same way: loading a large migration XML (checks, component list) against
# `xmllint --noout` on the same file (xml-load, target ratio <= 2), and
# parse + build of a typical offline scanstate command line CMDLINE_N
# times in one process (cmdline-parse-build, target >= 20000 lines/s).
# XML_MB=60 by default (the loader refuses files over 64 MB).
# bench-lines: xml-load cmdline-parse-build
. "${TOP:-$(dirname "$0")/../..}/tests/bench/lib.sh"
bench_build "$BUILD/liblab.a" "$BUILD/libcore.a" || exit 2
bench_cc "$out/bench_xml" tests/bench/bench_xml.c || exit 2
mb=${XML_MB:-60}
"$out/bench_xml" gen "$out/big.xml" "$mb" || exit 2
if ! command -v xmllint >/dev/null 2>&1; then
    bench_fail xml-load "xmllint is not installed (apt-get install libxml2-utils)"
elif ours=$(timed "$out/xmlload.out" "$out/bench_xml" load "$out/big.xml") &&
    theirs=$(timed "$out/xmllint.out" xmllint --noout --nonet "$out/big.xml"); then
    set -- $(cat "$out/xmlload.out")
    bench_ratio xml-load "$ours" "$theirs" 2 "xmllint --noout" \
        "mb=$mb components=$2 peak_rss_kb=$3"
else
    bench_fail xml-load "a timed run failed (see $out/xmlload.out.err, $out/xmllint.out.err)"
fi
rm -f "$out/big.xml"
n=${CMDLINE_N:-200000}
if t=$(timed "$out/cmdline.out" "$out/bench_xml" cmdline "$n"); then
    rate=$(awk -v t="$t" -v n="$n" 'BEGIN { split(t, a, " "); printf "%.0f", n / (a[1] > 0 ? a[1] : 1e-9) }')
    bench_value cmdline-parse-build "$rate" /s ">=" 20000 \
        "n=$n wall=$(echo "$t" | cut -d' ' -f1)s runs=$runs (a whole process)"
else
    bench_fail cmdline-parse-build "a timed run failed (see $out/cmdline.out.err)"
fi
bench_done

#!/bin/sh
# make fuzz [FUZZ_SECONDS=N]: build every tests/fuzz/fuzz_*.c with clang's
# libFuzzer (+ ASan, UBSan, leak checks), seed each corpus from
# tests/fuzz/corpus/<target>, generated files and ../shared/realdata
# (copied into build-fuzz at fuzz time, never committed), run each target
# for N seconds, print executions, the rate and coverage, and fail on any
# crash, on a target under FUZZ_MIN_RATE (100) inputs a second,
# leak or timeout (the input is saved under tests/fuzz/crashes/<target>/ so
# `make check` replays it from then on).  FUZZ_ONLY=hive,sclog runs only
# those targets.
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-${FUZZ_SECONDS:-60}}
CLANG=${CLANG:-clang}
SHARED=${SHARED_DIR:-$(cd .. && pwd)/shared}
out=build-fuzz
command -v "$CLANG" >/dev/null 2>&1 || { echo "fuzz: clang is not installed"; exit 2; }
SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
make -s --no-print-directory CC="$CLANG" BUILD=$out OPT="-O1 -g" \
    CFLAGS="$SAN" $out/liblab.a $out/libcore.a || exit 2
LIBS="$(pkg-config --libs libxml-2.0 hivex) -lm"
CFL="$(pkg-config --cflags libxml-2.0 hivex) -Iinclude -Itests/fuzz"
status=0
summary=""
npass=0
nfail=0
for src in tests/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c | sed 's/^fuzz_//')
    case ",${FUZZ_ONLY:-$t}," in
    *",$t,"*) ;;
    *) continue ;;
    esac
    bin=$out/fuzz-$t
    # a target names extra sources on a line "/* fuzz-sources: a.c b.c */"
    extra=$(sed -n 's|^/\* fuzz-sources: \(.*\) \*/$|\1|p' "$src")
    # shellcheck disable=SC2086
    $CLANG -O1 -g -fsanitize=fuzzer,address,undefined $CFL "$src" $extra \
        $out/liblab.a $out/libcore.a $LIBS -o "$bin" || {
        line="fuzz $t: BUILD FAILED (no rate)"
        echo "$line"
        summary="$summary
$line"
        status=1
        nfail=$((nfail + 1))
        continue
    }
    corpus=$out/corpus/$t
    mkdir -p "$corpus" tests/fuzz/crashes/$t
    [ -d tests/fuzz/corpus/$t ] && cp tests/fuzz/corpus/$t/* "$corpus"/ 2>/dev/null
    cp tests/fuzz/crashes/$t/* "$corpus"/ 2>/dev/null
    case $t in
    hive) [ -d "$SHARED/realdata/hives" ] && find "$SHARED/realdata/hives" -type f -size -2M -exec cp {} "$corpus"/ \; 2>/dev/null ;;
    sclog|progress) [ -d "$SHARED/realdata/logs" ] && cp "$SHARED"/realdata/logs/* "$corpus"/ 2>/dev/null ;;
    cmdline|winquote) [ -f "$SHARED/realdata/cmdlines/scanstate-cmdlines.tsv" ] &&
        grep -v '^#' "$SHARED/realdata/cmdlines/scanstate-cmdlines.tsv" | cut -f3 |
        awk -v d="$corpus" '{ f = d "/realdata-" NR; print > f; close(f) }' ;;
    usmtxml|preset|offxml) [ -d "$SHARED/realdata/usmt-xml" ] && find "$SHARED/realdata/usmt-xml" -name '*.xml' -o -name '*.XML' | while read -r f; do cp "$f" "$corpus/$(echo "$f" | tr '/ ' '__')"; done ;;
    regimport) [ -d "$SHARED/realdata/synthetic-reg" ] && find "$SHARED/realdata/synthetic-reg" -name '*.reg' -size -1M -exec cp {} "$corpus"/ \; ;;
    esac
    [ -x tests/fuzz/seed-$t.sh ] && sh tests/fuzz/seed-$t.sh "$corpus" "$out"
    # targets that know how write generated seeds with USMTWIZ_FUZZ_SEEDS;
    # -runs=0 makes the others stop at once instead of fuzzing forever
    USMTWIZ_FUZZ_SEEDS="$corpus" "$bin" -runs=0 >/dev/null 2>&1
    log=$out/fuzz-$t.log
    # files a target writes go to memory when there is a tmpfs
    tmpdir=${TMPDIR:-/tmp}
    [ -d /dev/shm ] && [ -w /dev/shm ] && tmpdir=/dev/shm
    # hives: small inputs are where the parser's mistakes are, and a
    # megabyte each runs ten times fewer of them
    maxlen=1048576
    [ "$t" = hive ] && maxlen=65536
    # short allocation stacks: recording them was most of the time; a
    # crash is replayed with full stacks by `make check`
    TMPDIR=$tmpdir ASAN_OPTIONS=detect_leaks=1:malloc_context_size=2 \
        "$bin" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -max_len=$maxlen -artifact_prefix=tests/fuzz/crashes/$t/ \
        -print_final_stats=1 "$corpus" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | sed 's/ft: //')
    rate=$(( ${execs:-0} / (secs > 0 ? secs : 1) ))
    line="fuzz $t: ${execs:-0} executions, $rate/s, coverage ${cov:-?} edges, ${ft:-?} features, ${secs}s"
    if [ $rc -ne 0 ]; then
        line="$line  CRASH (see $log; input saved in tests/fuzz/crashes/$t/)"
        status=1
        nfail=$((nfail + 1))
    elif [ $rate -lt "${FUZZ_MIN_RATE:-100}" ]; then
        # a target this slow finds nothing in the time it is given
        line="$line  TOO SLOW (under ${FUZZ_MIN_RATE:-100} inputs a second)"
        status=1
        nfail=$((nfail + 1))
    else
        npass=$((npass + 1))
    fi
    echo "$line"
    summary="$summary
$line"
done
echo "$summary" | sed '/^$/d' >$out/fuzz-summary.txt
echo "fuzz: $npass passed, $nfail failed"
exit $status

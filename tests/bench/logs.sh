#!/bin/sh
# Log readers (BENCH lines), whole processes timed the same way:
# - progress-parse: the progress-log reader reading a log of PROGRESS_MB
#   (default 200) megabytes, as a process (target >= 300 MB/s);
# - sclog-analysis: the scanstate.log reader reading a log of SCLOG_MB
#   (default 1024) megabytes against `grep -c Error` on the same file
#   (target ratio <= 1.5).
# The logs are generated once and cached under $BUILD/bench.
# bench-lines: progress-parse sclog-analysis
. "${TOP:-$(dirname "$0")/../..}/tests/bench/lib.sh"
bench_build "$BUILD/liblab.a" "$BUILD/libcore.a" || exit 2
bench_cc "$out/bench_logs" tests/bench/bench_logs.c || exit 2
pmb=${PROGRESS_MB:-200}
smb=${SCLOG_MB:-1024}

# cached_log KIND MB: generate once per size and generator
cached_log() {
    f=$out/$1-$2.log
    stamp="$(cksum <tests/bench/bench_logs.c)"
    if [ ! -f "$f" ] || [ "$(cat "$f.stamp" 2>/dev/null)" != "$stamp" ]; then
        "$out/bench_logs" "gen-$1" "$f" "$2" || return 1
        echo "$stamp" >"$f.stamp"
    fi
    echo "$f"
}

if p=$(cached_log progress "$pmb") &&
    t=$(timed "$out/progress.out" "$out/bench_logs" progress "$p"); then
    rate=$(awk -v t="$t" -v mb="$pmb" 'BEGIN { split(t, a, " "); printf "%.0f", mb / (a[1] > 0 ? a[1] : 1e-9) }')
    bench_value progress-parse "$rate" MB/s ">=" 300 \
        "wall=$(echo "$t" | cut -d' ' -f1)s cpu=$(echo "$t" | cut -d' ' -f2)s cpu_rate=$(awk -v t="$t" -v mb="$pmb" 'BEGIN { split(t, a, " "); printf "%.0f", mb / (a[2] > 0 ? a[2] : 1e-9) }')MB/s mb=$pmb records=$(cat "$out/progress.out") runs=$runs (a whole process)"
else
    bench_fail progress-parse "could not time the progress reader"
fi

if s=$(cached_log sclog "$smb") &&
    ours=$(timed "$out/sclog.out" "$out/bench_logs" sclog "$s") &&
    theirs=$(timed_any "$out/grep.out" grep -c Error "$s"); then
    errs=$(cut -d' ' -f2 "$out/sclog.out")
    if [ "$errs" != "$(cat "$out/grep.out")" ]; then
        bench_fail sclog-analysis "the reader counted $errs errors, grep $(cat "$out/grep.out")"
    else
        bench_ratio sclog-analysis "$ours" "$theirs" 1.5 "grep -c Error" \
            "mb=$smb records=$(cut -d' ' -f1 "$out/sclog.out") errors=$errs"
    fi
else
    bench_fail sclog-analysis "could not time the reader or grep"
fi
bench_done

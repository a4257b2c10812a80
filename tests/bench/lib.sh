# Shared helpers for the bench steps (POSIX sh).  A step script:
#   . tests/bench/lib.sh
# names the figures it promises on a line "# bench-lines: name name ..."
# (the runner fails a step that leaves one out), and prints each figure
# with bench_ratio or bench_value, or says why it could not with
# bench_fail.  Every timing goes through benchtime: a warm-up run, then
# the median of BENCH_RUNS (>= 3) runs, both sides the same way.
cd "${TOP:-$(dirname "$0")/../..}" || exit 2
BUILD=${BUILD:-build}
out=$BUILD/bench
runs=${BENCH_RUNS:-5}
[ "$runs" -ge 3 ] 2>/dev/null || runs=3
mkdir -p "$out"
BENCHTIME=$out/benchtime
if [ ! -x "$BENCHTIME" ] || [ tests/bench/benchtime.c -nt "$BENCHTIME" ]; then
    cc -std=c11 -O2 -Wall tests/bench/benchtime.c -o "$BENCHTIME" || exit 2
fi
bench_failed=0

# bench_fail NAME REASON: the figure NAME could not be measured.
bench_fail() {
    echo "BENCH-FAIL $1: $2"
    bench_failed=1
}

# bench_build TARGET...: make what a step needs (quietly).
bench_build() {
    make -s --no-print-directory BUILD="$BUILD" "$@" >"$out/make.log" 2>&1 || {
        cat "$out/make.log"
        return 1
    }
}

# bench_cc OUT SRC...: build a bench program against libcore and liblab.
bench_cc() {
    o=$1
    shift
    # shellcheck disable=SC2046
    cc -std=c11 -O2 -Iinclude "$@" "$BUILD/liblab.a" "$BUILD/libcore.a" \
        $(pkg-config --libs libxml-2.0 hivex) -lm -o "$o"
}

# timed FILE CMD...: benchtime of CMD (stdout into FILE); prints
# "wall cpu min max runs"; fails with the reason on stderr.
timed() {
    f=$1
    shift
    "$BENCHTIME" -n "$runs" -o "$f" -- "$@"
}

# timed_any: as timed, any exit status accepted (grep -c finding nothing).
timed_any() {
    f=$1
    shift
    "$BENCHTIME" -n "$runs" -s -o "$f" -- "$@"
}

load_now() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?'; }

# bench_ratio NAME OURS THEIRS TARGET_MAX LABEL [EXTRA...]: OURS and THEIRS
# are timed outputs; the ratio of the wall medians is checked against
# TARGET_MAX (ratio <= TARGET_MAX); CPU medians are shown beside them,
# with the verdict on their ratio (by_cpu), which a busy machine disturbs
# less than wall time.
bench_ratio() {
    name=$1 ours=$2 theirs=$3 tmax=$4 label=$5
    shift 5
    set -- "$ours" "$theirs" "$tmax" "$label" "$*"
    # shellcheck disable=SC2086
    awk -v name="$name" -v o="$1" -v t="$2" -v tmax="$3" -v label="$4" \
        -v extra="$5" -v load="$(load_now)" 'BEGIN {
        split(o, a, " "); split(t, b, " ")
        r = a[1] / (b[1] > 0 ? b[1] : 1e-9)
        cr = a[2] / (b[2] > 0 ? b[2] : 1e-9)
        v = r <= tmax + 0 ? "met" : "MISSED"
        printf "BENCH %s ours=%.3fs theirs=%.3fs ratio=%.2f target=ratio<=%s %s", \
            name, a[1], b[1], r, tmax, v
        printf " cpu_ours=%.3fs cpu_theirs=%.3fs cpu_ratio=%.2f by_cpu=%s runs=%d load=%s", \
            a[2], b[2], cr, cr <= tmax + 0 ? "met" : "missed", a[5], load
        if (extra != "") printf " %s", extra
        printf " (theirs: %s)\n", label
    }'
}

# bench_extra NAME OURS THEIRS LABEL [EXTRA...]: a labelled comparison
# without a target (for information).
bench_extra() {
    name=$1 ours=$2 theirs=$3 label=$4
    shift 4
    awk -v name="$name" -v o="$ours" -v t="$theirs" -v label="$label" \
        -v extra="$*" -v load="$(load_now)" 'BEGIN {
        split(o, a, " "); split(t, b, " ")
        printf "BENCH %s ours=%.3fs theirs=%.3fs ratio=%.2f target=none", \
            name, a[1], b[1], a[1] / (b[1] > 0 ? b[1] : 1e-9)
        printf " cpu_ours=%.3fs cpu_theirs=%.3fs cpu_ratio=%.2f runs=%d load=%s", \
            a[2], b[2], a[2] / (b[2] > 0 ? b[2] : 1e-9), a[5], load
        if (extra != "") printf " %s", extra
        printf " (theirs: %s)\n", label
    }'
}

# bench_value NAME VALUE UNIT OP TARGET [EXTRA...]: an absolute figure;
# OP is "<=" or ">=".
bench_value() {
    name=$1 val=$2 unit=$3 op=$4 tgt=$5
    shift 5
    awk -v name="$name" -v v="$val" -v unit="$unit" -v op="$op" \
        -v tgt="$tgt" -v extra="$*" -v load="$(load_now)" 'BEGIN {
        ok = op == "<=" ? v + 0 <= tgt + 0 : v + 0 >= tgt + 0
        printf "BENCH %s ours=%s%s target=%s%s%s %s load=%s", name, v, unit, \
            op, tgt, unit, ok ? "met" : "MISSED", load
        if (extra != "") printf " %s", extra
        printf "\n"
    }'
}

# bench_done: end of a step; non-zero when a figure could not be measured.
bench_done() {
    exit $bench_failed
}

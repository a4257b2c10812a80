#!/bin/sh
# make bench: timings against the tools people use instead, as lines
#   BENCH <name> ours=<s> theirs=<s> ratio=<ours/theirs> ...
# 1. hive reading: `usmtwiz inspect --no-sizes` on a large volume against
#    hivexget of one value from each of SOFTWARE, SYSTEM and SAM (target
#    ratio <= 1.5);
# 2. profile sizing (users_size_path) against `du -sb` on the same folders
#    (target ratio <= 1.2);
# 3. peak memory of inspect, with and without sizes.
# The volume (SOFTWARE >= 100 MB, 300 profiles, 200,000 files) is cached
# under $BUILD/bench/vol; BENCH_PROFILES, BENCH_FILES, BENCH_CLASSES change
# it, BENCH_RUNS the number of timed runs (the best counts).
# Other benchmark scripts in this folder (*.sh) run afterwards
# (BENCH_OTHERS=0 skips them).
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
out=$BUILD/bench
profiles=${BENCH_PROFILES:-300}
files=${BENCH_FILES:-200000}
classes=${BENCH_CLASSES:-170000}
runs=${BENCH_RUNS:-5}
mkdir -p "$out"
make -s --no-print-directory BUILD="$BUILD" all "$BUILD/liblab.a" "$BUILD/libcore.a" || exit 2
cc -std=c11 -O2 -Wall -Wno-format-truncation tests/bench/genvol.c \
    tests/support/regbulk.c -o "$out/genvol" || exit 2
cc -std=c11 -O2 -Iinclude tests/bench/bench_sizing.c "$BUILD/liblab.a" "$BUILD/libcore.a" \
    $(pkg-config --libs libxml-2.0 hivex) -lm -o "$out/bench_sizing" || exit 2

vol=$out/vol
stamp="$profiles $files $classes $(cat tests/bench/genvol.c tests/support/regbulk.c | cksum)"
if [ ! -f "$vol/.stamp" ] || [ "$(cat "$vol/.stamp")" != "$stamp" ]; then
    echo "bench: generating the volume in $vol (once; cached)"
    rm -rf "$vol"
    "$out/genvol" "$vol" "$profiles" "$files" "$classes" || exit 2
    echo "$stamp" >"$vol/.stamp"
fi
cfg=$vol/C/Windows/System32/config
WIZ=$BUILD/usmtwiz
sw_mb=$(( $(wc -c <"$cfg/SOFTWARE") / 1048576 ))

# now: seconds with fractions
now() { date +%s.%N; }
# best_of N CMD...: the smallest wall time of N runs of CMD (output dropped)
best_of() {
    n=$1
    shift
    best=""
    i=0
    while [ $i -lt "$n" ]; do
        t0=$(now)
        "$@" >/dev/null 2>&1
        t1=$(now)
        best=$(awk -v a="$t0" -v b="$t1" -v c="$best" \
            'BEGIN { d = b - a; if (c == "" || d < c) c = d; printf "%.4f", c }')
        i=$((i + 1))
    done
    echo "$best"
}
ratio() { awk -v o="$1" -v t="$2" 'BEGIN { printf "%.2f", o / (t > 0 ? t : 1e-9) }'; }

hivex_three() {
    hivexget "$cfg/SOFTWARE" 'Microsoft\Windows NT\CurrentVersion' ProductName &&
    hivexget "$cfg/SYSTEM" 'Select' Current &&
    hivexget "$cfg/SAM" 'SAM\Domains\Account\Users\Names\user000' '@'
}
inspect_nosizes() { "$WIZ" inspect --no-sizes --volume-root "$vol"; }

# sanity: inspect must find every profile
n_users=$("$WIZ" inspect --no-sizes --xml --volume-root "$vol" |
    grep -c '<user ')
[ "$n_users" -eq "$profiles" ] ||
    echo "bench: warning: inspect found $n_users users, expected $profiles"

inspect_nosizes >/dev/null 2>&1     # warm the page cache for both
hivex_three >/dev/null 2>&1
ours=$(best_of "$runs" inspect_nosizes)
theirs=$(best_of "$runs" hivex_three)
# CPU time too: on a busy machine wall time mostly measures waiting
cpu=""
if command -v perf >/dev/null 2>&1 &&
    perf stat -x, -e task-clock true >/dev/null 2>&1; then
    printf '%s\n' \
        "hivexget '$cfg/SOFTWARE' 'Microsoft\\Windows NT\\CurrentVersion' ProductName" \
        "hivexget '$cfg/SYSTEM' Select Current" \
        "hivexget '$cfg/SAM' 'SAM\\Domains\\Account\\Users\\Names\\user000' @" \
        >"$out/hivex3.sh"
    cpu_ms() {
        perf stat -x, -e task-clock -r 10 "$@" 2>&1 >/dev/null |
            awk -F, '/task-clock/ { printf "%.1f", $1 }'
    }
    co=$(cpu_ms "$WIZ" inspect --no-sizes --volume-root "$vol")
    ct=$(cpu_ms sh "$out/hivex3.sh")
    cpu=" cpu_ours_ms=$co cpu_theirs_ms=$ct cpu_ratio=$(ratio "$co" "$ct")"
fi
echo "BENCH hive-read ours=$ours theirs=$theirs ratio=$(ratio "$ours" "$theirs")$cpu software_mb=$sw_mb profiles=$n_users target=ratio<=1.5 (theirs: hivexget x3)"

set -- "$vol"/C/Users/user*
du -sb "$@" >/dev/null 2>&1         # warm the inode cache
"$out/bench_sizing" "$@" >/dev/null
best_ours=""
i=0
while [ $i -lt "$runs" ]; do
    r=$("$out/bench_sizing" "$@")
    t=${r%% *}
    best_ours=$(awk -v c="$best_ours" -v d="$t" \
        'BEGIN { if (c == "" || d < c) c = d; printf "%.4f", c }')
    counts=${r#* }
    i=$((i + 1))
done
theirs=$(best_of "$runs" du -sb "$@")
set -- $counts
echo "BENCH profile-sizing ours=$best_ours theirs=$theirs ratio=$(ratio "$best_ours" "$theirs") files=$1 bytes=$2 links_skipped=$3 target=ratio<=1.2 (theirs: du -sb)"

peak() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v "$@" 2>&1 >/dev/null |
            sed -n 's/.*Maximum resident set size (kbytes): *//p'
    else
        echo "n/a"
    fi
}
m1=$(peak "$WIZ" inspect --no-sizes --volume-root "$vol")
m2=$(peak "$WIZ" inspect --volume-root "$vol")
m3=$(peak hivexget "$cfg/SOFTWARE" 'Microsoft\Windows NT\CurrentVersion' ProductName)
echo "BENCH peak-memory inspect_no_sizes_kb=$m1 inspect_with_sizes_kb=$m2 hivexget_software_kb=$m3 software_mb=$sw_mb"

[ "${BENCH_OTHERS:-1}" = 0 ] && exit 0
for s in tests/bench/*.sh; do
    [ "$s" = tests/bench/run.sh ] && continue
    BUILD=$BUILD sh "$s"
done

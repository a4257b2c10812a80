#!/bin/sh
# make bench: every step script in this folder (or those in BENCH_STEPS),
# each printing lines
#   BENCH <name> ours=… theirs=… ratio=… target=… met|MISSED cpu_… load=…
# (a figure against a target), timed with benchtime: a warm-up, then the
# median of BENCH_RUNS runs (default 5, at least 3), both sides timed the
# same way (see lib.sh).  A step names the figures it promises on a line
# "# bench-lines: …"; a step that exits non-zero, prints BENCH-FAIL, or
# leaves out a promised figure fails `make bench`, with its reason.  A
# missed target is shown (MISSED) and counted; BENCH_STRICT=1 fails on it
# too.  BENCH_ONLY=name,name runs only those steps (hive, logs, …).
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$TOP" || exit 2
export TOP
BUILD=${BUILD:-build}
export BUILD
mkdir -p "$BUILD/bench"
steps=${BENCH_STEPS:-"tests/bench/volume.sh tests/bench/logs.sh
    tests/bench/hive.sh tests/bench/xml.sh tests/bench/follow.sh
    tests/bench/wizard.sh"}
echo "bench: $(nproc 2>/dev/null || echo ?) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
figures=0
met=0
missed=0
failed=0
reasons=""
for s in $steps; do
    name=$(basename "$s" .sh)
    case ",${BENCH_ONLY:-$name}," in
    *",$name,"*) ;;
    *) continue ;;
    esac
    log=$BUILD/bench/step-$name.log
    rm -f "$log.rc"
    { sh "$s"; echo $? >"$log.rc"; } 2>&1 | tee "$log"
    rc=$(cat "$log.rc" 2>/dev/null || echo 2)
    step_bad=""
    [ $rc -eq 0 ] || step_bad="exited with $rc"
    if grep -q '^BENCH-FAIL ' "$log"; then
        step_bad="${step_bad:+$step_bad; }$(sed -n 's/^BENCH-FAIL //p' "$log" | tr '\n' ';' | sed 's/;$//')"
    fi
    for want in $(sed -n 's/^# bench-lines: //p' "$s"); do
        if ! grep -q "^BENCH $want " "$log"; then
            step_bad="${step_bad:+$step_bad; }no figure '$want'"
        fi
    done
    n=$(grep -c '^BENCH ' "$log")
    figures=$((figures + n))
    met=$((met + $(grep '^BENCH ' "$log" | grep -c ' met ')))
    missed=$((missed + $(grep '^BENCH ' "$log" | grep -c ' MISSED ')))
    if [ -n "$step_bad" ]; then
        failed=$((failed + 1))
        reasons="$reasons
bench: step $name failed: $step_bad"
    fi
done
[ -n "$reasons" ] && echo "$reasons" | sed '/^$/d'
echo "bench: $figures figures, $met targets met, $missed missed, $failed steps failed to measure"
[ $failed -eq 0 ] || exit 1
[ "${BENCH_STRICT:-0}" = 1 ] && [ $missed -gt 0 ] && exit 1
exit 0

#!/bin/sh
# Self-test of the bench runner (cheap; part of `make check`): a step that
# measures passes; a step whose command fails to run, a step that leaves
# out a figure it promises and a step that exits non-zero each fail
# `make bench` with their reason.  Ends with "bench-selftest: N passed,
# N failed".
TOP=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

step() {
    printf '%s\n' "# bench-lines: $1" ". \"\$TOP/tests/bench/lib.sh\"" "$2" \
        "bench_done" >"$tmp/$3.sh"
}
step fig-ok 't=$(timed "$out/ok.out" true) || exit 1
bench_ratio fig-ok "$t" "$t" 1.5 "true"' ok
step fig-broken 'if t=$(timed "$out/x.out" false); then bench_ratio fig-broken "$t" "$t" 1 x
else bench_fail fig-broken "false cannot be timed"; fi' broken
step fig-silent 'echo "FAIL: no first screen"' silent
step fig-crash 'exit 3' crash

# expect NAME STATUS PATTERN STEP...: run the runner on STEPs
expect() {
    name=$1 want=$2 pat=$3
    shift 3
    steps=""
    for s in "$@"; do steps="$steps $tmp/$s.sh"; done
    TOP=$TOP BUILD=$tmp/build BENCH_RUNS=3 BENCH_STEPS=$steps \
        sh "$TOP/tests/bench/run.sh" >"$tmp/log" 2>&1
    st=$?
    if { [ "$want" = 0 ] && [ $st -eq 0 ]; } ||
        { [ "$want" != 0 ] && [ $st -ne 0 ]; }; then
        if grep -q -- "$pat" "$tmp/log"; then
            echo "ok   $name"
            passed=$((passed + 1))
            return
        fi
    fi
    echo "FAIL $name (exit $st, wanted '$pat'):"
    sed 's/^/    /' "$tmp/log"
    failed=$((failed + 1))
}
expect "a step that measures passes" 0 '^BENCH fig-ok .* met' ok
expect "a command that fails to run fails the bench" 1 \
    "step broken failed: .*false cannot be timed" ok broken
expect "a promised figure left out fails the bench" 1 \
    "step silent failed: no figure 'fig-silent'" ok silent
expect "a step that exits non-zero fails the bench" 1 \
    "step crash failed: exited with 3" crash
echo "bench-selftest: $passed passed, $failed failed"
[ $failed -eq 0 ]

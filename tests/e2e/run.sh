#!/bin/sh
# Run every tests/e2e/NNN-*.sh in a clean environment; PASS/FAIL with
# timing; logs kept only for failures; ends with "N passed, N failed".
# The scripts mostly wait on tmux and each has its own tmux server and
# folder, so E2E_JOBS (default 2) of them run at once; the results are
# printed in the scripts' order.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
jobs=${E2E_JOBS:-2}
logdir="$top/$BUILD/e2e-logs"
rm -rf "$logdir"
mkdir -p "$logdir"

# run_one SCRIPT: writes NAME.result ("PASS|FAIL seconds") and NAME.log
run_one() {
    name=$(basename "$1" .sh)
    start=$(date +%s)
    if env -i PATH="$PATH" HOME="${HOME:-/tmp}" TERM=xterm-256color LANG=C.UTF-8 \
        TOP="$top" BUILD="$BUILD" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" SHARED_DIR="${SHARED_DIR:-$top/../shared}" \
        sh "$1" >"$logdir/$name.log" 2>&1; then
        echo "PASS $(( $(date +%s) - start ))" >"$logdir/$name.result"
    else
        echo "FAIL $(( $(date +%s) - start ))" >"$logdir/$name.result"
    fi
}

scripts=$(ls "$here"/[0-9]*.sh 2>/dev/null)
. "$top/tests/shards.sh"
# shellcheck disable=SC2086
run_sharded "$jobs" run_one $scripts

passed=0
failed=0
for t in $scripts; do
    name=$(basename "$t" .sh)
    set -- $(cat "$logdir/$name.result" 2>/dev/null || echo "FAIL 0")
    if [ "$1" = PASS ]; then
        echo "PASS $name (${2}s)"
        rm -f "$logdir/$name.log"
        passed=$((passed + 1))
    else
        echo "FAIL $name (${2}s)"
        sed 's/^/    /' "$logdir/$name.log" | tail -n 60
        failed=$((failed + 1))
    fi
    rm -f "$logdir/$name.result"
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

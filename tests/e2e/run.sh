#!/bin/sh
# Run every tests/e2e/NNN-*.sh (or the scripts given) in a clean
# environment; PASS/FAIL/SKIP with timing; logs kept only for failures;
# ends with "e2e: N passed, N failed, N skipped".  A script passes only by
# exiting 0; one that dies on a signal, exits non-zero or runs longer than
# E2E_TIMEOUT seconds (default 300) fails; exit 77 means skipped (it says
# why).
#   BUILD=build sh tests/e2e/run.sh [tests/e2e/117-ui-resume-run.sh ...]
# The scripts mostly wait on tmux and each has its own tmux server and
# folder, so E2E_JOBS (default 2) of them run at once; the results are
# printed in the scripts' order.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
jobs=${E2E_JOBS:-2}
limit=${E2E_TIMEOUT:-300}
to=""
command -v timeout >/dev/null 2>&1 && to="timeout -k 10 $limit"
logdir=${E2E_LOGDIR:-$top/$BUILD/e2e-logs}
rm -rf "$logdir"
mkdir -p "$logdir"

# run_one SCRIPT: writes NAME.result ("PASS|FAIL|SKIP seconds") and NAME.log
run_one() {
    name=$(basename "$1" .sh)
    start=$(date +%s)
    # shellcheck disable=SC2086
    if env -i PATH="$PATH" HOME="${HOME:-/tmp}" TERM=xterm-256color LANG=C.UTF-8 \
        TOP="$top" BUILD="$BUILD" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" SHARED_DIR="${SHARED_DIR:-$top/../shared}" \
        $to sh "$1" >"$logdir/$name.log" 2>&1; then
        r=PASS
    else
        st=$?
        case $st in
        77) r=SKIP ;;
        124|137) r=FAIL; echo "run.sh: timed out after ${limit}s" >>"$logdir/$name.log" ;;
        *) r=FAIL; echo "run.sh: exit status $st" >>"$logdir/$name.log" ;;
        esac
    fi
    echo "$r $(( $(date +%s) - start ))" >"$logdir/$name.result"
}

if [ $# -gt 0 ]; then
    scripts=""
    for t in "$@"; do
        scripts="$scripts $(cd "$(dirname "$t")" && pwd)/$(basename "$t")"
    done
else
    scripts=$(ls "$here"/[0-9]*.sh 2>/dev/null)
fi
. "$top/tests/shards.sh"
# shellcheck disable=SC2086
run_sharded "$jobs" run_one $scripts

passed=0
failed=0
skipped=0
for t in $scripts; do
    name=$(basename "$t" .sh)
    # no result: the runner itself lost the script
    set -- $(cat "$logdir/$name.result" 2>/dev/null || echo "FAIL 0")
    if [ "$1" = PASS ]; then
        echo "PASS $name (${2}s)"
        rm -f "$logdir/$name.log"
        passed=$((passed + 1))
    elif [ "$1" = SKIP ]; then
        echo "SKIP $name: $(tail -n 1 "$logdir/$name.log")"
        rm -f "$logdir/$name.log"
        skipped=$((skipped + 1))
    else
        echo "FAIL $name (${2}s)"
        sed 's/^/    /' "$logdir/$name.log" | tail -n 60
        failed=$((failed + 1))
    fi
    rm -f "$logdir/$name.result"
done
echo "e2e: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ $((passed + skipped)) -gt 0 ]

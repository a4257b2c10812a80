#!/bin/sh
# Run every tests/e2e/NNN-*.sh in a clean environment; PASS/FAIL with
# timing; logs kept only for failures; ends with "N passed, N failed".
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
logdir="$top/$BUILD/e2e-logs"
rm -rf "$logdir"
mkdir -p "$logdir"
passed=0
failed=0
for t in "$here"/[0-9]*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    start=$(date +%s)
    if env -i PATH="$PATH" HOME="${HOME:-/tmp}" TERM=xterm-256color LANG=C.UTF-8 \
        TOP="$top" BUILD="$BUILD" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" SHARED_DIR="${SHARED_DIR:-$top/../shared}" \
        sh "$t" >"$logdir/$name.log" 2>&1; then
        echo "PASS $name ($(( $(date +%s) - start ))s)"
        rm -f "$logdir/$name.log"
        passed=$((passed + 1))
    else
        echo "FAIL $name ($(( $(date +%s) - start ))s)"
        sed 's/^/    /' "$logdir/$name.log" | tail -n 60
        failed=$((failed + 1))
    fi
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

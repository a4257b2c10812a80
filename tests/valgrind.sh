#!/bin/sh
# The unit tests under valgrind (memcheck): any invalid access or leak
# fails.  Uses the normal build (ASan builds cannot run under valgrind).
# Ends with "valgrind: N passed, N failed" counting test binaries.
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: not installed; skipped"
    echo "valgrind: 0 passed, 0 failed, 1 skipped"
    exit 0
fi
make -s --no-print-directory BUILD="$BUILD" all >/dev/null || exit 1
bins=$(ls "$BUILD"/tests/test_* 2>/dev/null | grep -v '\.o$')
make -s --no-print-directory BUILD="$BUILD" $bins >/dev/null || exit 1
jobs=${VALGRIND_JOBS:-2}
out=$(mktemp -d)
# check BIN: NAME.ok, or NAME.fail with valgrind's report
check() {
    name=$(basename "$1")
    if valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect \
        --suppressions=tests/valgrind.supp "$1" >"$out/$name.log" 2>&1; then
        : >"$out/$name.ok"
    fi
}
. tests/shards.sh
# shellcheck disable=SC2086
run_sharded "$jobs" check $bins
passed=0
failed=0
for bin in $bins; do
    name=$(basename "$bin")
    if [ -f "$out/$name.ok" ]; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        grep -E '^==[0-9]+==' "$out/$name.log" | head -n 40
        failed=$((failed + 1))
    fi
done
rm -rf "$out"
echo "valgrind: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/bin/sh
# libFuzzer targets.  Each tests/fuzz/fuzz_NAME.c is linked against libcore
# built by clang with AddressSanitizer, UBSan and fuzzer instrumentation
# (in build-fuzz/), seeded by running it once with USMTWIZ_FUZZ_SEEDS=DIR
# (a target that does not know it simply starts from nothing), then run
# for SECONDS (first argument, default 30).  Crashes are kept in
# build-fuzz/fuzz/NAME/.  Ends with "fuzz: N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-30}
B=build-fuzz
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz: clang is not installed; skipped"
    exit 0
fi
make -s --no-print-directory CC=clang BUILD=$B SANITIZE=address,undefined \
    OPT="-O1 -g" CFLAGS="-fsanitize=fuzzer-no-link" "$B/libcore.a" || exit 1
libs="$($PKG_CONFIG --libs libxml-2.0 hivex 2>/dev/null) -lm"
passed=0
failed=0
for src in tests/fuzz/fuzz_*.c; do
    [ -e "$src" ] || continue
    name=$(basename "$src" .c)
    dir="$B/fuzz/$name"
    rm -rf "$dir"
    mkdir -p "$dir/corpus" "$dir/seeds"
    # shellcheck disable=SC2086
    if ! clang -std=c11 -O1 -g -Iinclude \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        "$src" "$B/libcore.a" $libs -o "$dir/$name"; then
        echo "FAIL $name (does not build)"
        failed=$((failed + 1))
        continue
    fi
    USMTWIZ_FUZZ_SEEDS="$dir/seeds" "$dir/$name" >/dev/null 2>&1
    if "$dir/$name" -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="$dir/" "$dir/corpus" "$dir/seeds" \
        >"$dir/log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log")
        echo "ok   $name (${runs:-?} runs in ${secs}s)"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        tail -n 40 "$dir/log"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

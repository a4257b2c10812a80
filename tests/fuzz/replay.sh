#!/bin/sh
# Replay every committed fuzz input (tests/fuzz/corpus/<target>/ and every
# input that ever crashed, tests/fuzz/crashes/<target>/) through its target,
# built with gcc + ASan/UBSan (no clang needed).  Part of `make check`.
# Ends with "fuzz-replay: N passed, N failed" (targets).
cd "$(dirname "$0")/../.." || exit 2
out=build-san
make -s --no-print-directory SANITIZE=address,undefined OPT="-O1 -g" \
    $out/liblab.a $out/libcore.a || exit 2
LIBS="$(pkg-config --libs libxml-2.0 hivex) -lm"
CFL="$(pkg-config --cflags libxml-2.0 hivex) -Iinclude -Itests/fuzz"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=address,undefined -fno-omit-frame-pointer"
passed=0
failed=0
for src in tests/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c | sed 's/^fuzz_//')
    files=$(ls tests/fuzz/corpus/$t/* tests/fuzz/crashes/$t/* 2>/dev/null)
    [ -n "$files" ] || continue
    bin=$out/replay-$t
    extra=$(sed -n 's|^/\* fuzz-sources: \(.*\) \*/$|\1|p' "$src")
    # shellcheck disable=SC2086
    if ! gcc -std=c11 -O1 -g $SAN $CFL "$src" $extra tests/fuzz/replay_main.c \
        $out/liblab.a $out/libcore.a $LIBS -o "$bin"; then
        echo "FAIL replay $t: does not build"
        failed=$((failed + 1))
        continue
    fi
    n=$(echo "$files" | wc -l)
    # shellcheck disable=SC2086
    if ASAN_OPTIONS=detect_leaks=1 "$bin" $files >$out/replay-$t.log 2>&1; then
        echo "ok   replay $t ($n inputs)"
        passed=$((passed + 1))
    else
        echo "FAIL replay $t"
        tail -n 30 $out/replay-$t.log
        failed=$((failed + 1))
    fi
done
echo "fuzz-replay: $passed passed, $failed failed"
[ $failed -eq 0 ]

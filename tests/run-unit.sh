#!/bin/sh
# Run every unit-test binary given; sum cmocka's counts; end with the line
# "N passed, N failed".  Output of a failing binary is shown in full.
passed=0
failed=0
bad_bins=""
log=$(mktemp)
for bin in "$@"; do
    name=$(basename "$bin")
    if "$bin" >"$log" 2>&1; then st=0; else st=$?; fi
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test(s).*/\1/p' "$log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1   # crashed or failed before cmocka could count
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $name"
        cat "$log"
        bad_bins="$bad_bins $name"
    else
        echo "ok   $name ($p)"
        grep '^note:' "$log" | sort -u | sed 's/^/     /'
    fi
done
rm -f "$log"
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

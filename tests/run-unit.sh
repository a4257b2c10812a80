#!/bin/sh
# Run every unit-test binary given; sum cmocka's counts; end with the line
# "unit: N passed, N failed, N skipped".  A binary that exits non-zero, or
# ends without cmocka's summary (it crashed or exited early), counts as a
# failure whatever it printed.  Output of a failing binary is shown in full.
passed=0
failed=0
skipped=0
log=$(mktemp)
for bin in "$@"; do
    name=$(basename "$bin")
    if "$bin" >"$log" 2>&1; then st=0; else st=$?; fi
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test(s).*/\1/p' "$log" | tail -n 1)
    s=$(sed -n 's/^\[  SKIPPED \] \([0-9][0-9]*\) test(s), listed below.*/\1/p' "$log" | tail -n 1)
    why=""
    if [ -z "$p" ] && [ -z "$f" ]; then
        why="no cmocka summary (status $st)"
    elif [ "$st" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
        why="status $st"
    fi
    p=${p:-0}
    f=${f:-0}
    s=${s:-0}
    if [ -n "$why" ] && [ "$f" -eq 0 ]; then
        f=1   # crashed or exited before cmocka could count
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $name${why:+ ($why)}"
        cat "$log"
    else
        if [ "$s" -ne 0 ]; then
            echo "ok   $name ($p, $s skipped)"
        else
            echo "ok   $name ($p)"
        fi
        grep '^note:' "$log" | sort -u | sed 's/^/     /'
    fi
done
rm -f "$log"
echo "unit: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

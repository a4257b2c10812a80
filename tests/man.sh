#!/bin/sh
# The man pages render without warnings (groff -ww) and pass mandoc's lint.
cd "$(dirname "$0")/.." || exit 2
passed=0
failed=0
for page in assets/man/*.1; do
    [ -e "$page" ] || continue
    out=""
    if command -v groff >/dev/null 2>&1; then
        out=$(groff -ww -man -z "$page" 2>&1)
    fi
    if command -v mandoc >/dev/null 2>&1; then
        out="$out$(mandoc -T lint -W warning "$page" 2>&1)"
    fi
    if [ -z "$out" ]; then
        echo "ok   $page"
        passed=$((passed + 1))
    else
        echo "FAIL $page"
        echo "$out" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
done
echo "man: $passed passed, $failed failed"
[ $failed -eq 0 ]

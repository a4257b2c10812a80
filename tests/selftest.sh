#!/bin/sh
# The test runners' own honesty: fake suites that crash before their
# summary, exit non-zero after a clean one, or skip, run through
# tests/check.sh --suite, tests/run-unit.sh and tests/e2e/run.sh; each
# runner must fail (or count the skip) as it should.
# Ends with "selftest: N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
top=$PWD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/usmtwiz-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# expect WHAT WANT_STATUS(0|fail) WANT_LINE CMD...: run CMD; its status
# and last line must be as wanted
expect() {
    what=$1 want=$2 line=$3
    shift 3
    if "$@" >"$tmp/out" 2>&1; then st=0; else st=$?; fi
    last=$(tail -n 1 "$tmp/out")
    ok=1
    case $want in
    0) [ "$st" -eq 0 ] || ok=0 ;;
    *) [ "$st" -ne 0 ] || ok=0 ;;
    esac
    [ "$last" = "$line" ] || ok=0
    if [ $ok -eq 1 ]; then
        echo "ok   $what"
        passed=$((passed + 1))
    else
        echo "FAIL $what: status $st, last line '$last' (want $want, '$line')"
        sed 's/^/    /' "$tmp/out" | tail -n 20
        failed=$((failed + 1))
    fi
}

fake() {
    printf '#!/bin/sh\n%s\n' "$2" >"$tmp/$1"
    chmod +x "$tmp/$1"
}

# check.sh
fake good 'echo "fake: 3 passed, 0 failed"'
fake crash 'echo "ok   one"; echo "ok   two"; kill -SEGV $$'
fake late 'echo "fake: 2 passed, 0 failed"; exit 1'
fake skips 'echo "fake: 1 passed, 0 failed, 2 skipped"'
fake bad 'echo "fake: 1 passed, 2 failed"; exit 1'
expect "check.sh counts a clean suite" 0 "check: 3 passed, 0 failed, 0 skipped" \
    sh tests/check.sh --suite good sh "$tmp/good"
expect "check.sh fails a suite that crashes before its summary" fail \
    "check: 0 passed, 1 failed, 0 skipped" sh tests/check.sh --suite crash sh "$tmp/crash"
expect "check.sh fails a suite that exits non-zero after a clean summary" fail \
    "check: 2 passed, 1 failed, 0 skipped" sh tests/check.sh --suite late sh "$tmp/late"
expect "check.sh counts and shows skips" 0 "check: 1 passed, 0 failed, 2 skipped" \
    sh tests/check.sh --suite skips sh "$tmp/skips"
expect "check.sh counts a suite's own failures once" fail \
    "check: 1 passed, 2 failed, 0 skipped" sh tests/check.sh --suite bad sh "$tmp/bad"

# run-unit.sh: cmocka-like output
fake test_ok 'echo "[  PASSED  ] 4 test(s)."'
fake test_skip 'echo "[  PASSED  ] 1 test(s)."; echo "[  SKIPPED ] 2 test(s), listed below:"'
fake test_crash 'echo "[ RUN      ] a"; kill -SEGV $$'
fake test_exit 'echo "[  PASSED  ] 4 test(s)."; exit 3'
expect "run-unit.sh counts passes and skips" 0 "unit: 5 passed, 0 failed, 2 skipped" \
    sh tests/run-unit.sh "$tmp/test_ok" "$tmp/test_skip"
expect "run-unit.sh fails a binary that crashes before cmocka's summary" fail \
    "unit: 4 passed, 1 failed, 0 skipped" sh tests/run-unit.sh "$tmp/test_ok" "$tmp/test_crash"
expect "run-unit.sh fails a binary that exits non-zero" fail \
    "unit: 4 passed, 1 failed, 0 skipped" sh tests/run-unit.sh "$tmp/test_exit"

# e2e/run.sh
mkdir -p "$tmp/e2e"
printf 'exit 0\n' >"$tmp/e2e/001-pass.sh"
printf 'echo "no tmux here"\nexit 77\n' >"$tmp/e2e/002-skip.sh"
printf 'kill -KILL $$\necho unreachable\n' >"$tmp/e2e/003-dies.sh"
printf 'sleep 30\n' >"$tmp/e2e/004-hangs.sh"
expect "e2e/run.sh counts passes and skips" 0 "e2e: 1 passed, 0 failed, 1 skipped" \
    env E2E_LOGDIR="$tmp/logs" sh tests/e2e/run.sh "$tmp/e2e/001-pass.sh" "$tmp/e2e/002-skip.sh"
expect "e2e/run.sh fails a script that dies" fail "e2e: 1 passed, 1 failed, 0 skipped" \
    env E2E_LOGDIR="$tmp/logs" sh tests/e2e/run.sh "$tmp/e2e/001-pass.sh" "$tmp/e2e/003-dies.sh"
if command -v timeout >/dev/null 2>&1; then
    expect "e2e/run.sh fails a script past its time limit" fail \
        "e2e: 0 passed, 1 failed, 0 skipped" \
        env E2E_LOGDIR="$tmp/logs" E2E_TIMEOUT=1 sh tests/e2e/run.sh "$tmp/e2e/004-hangs.sh"
fi
echo "selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

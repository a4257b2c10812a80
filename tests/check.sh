#!/bin/sh
# Everything `make check` runs, in order; the last line sums every suite as
# "check: N passed, N failed, N skipped".  A suite counts through its own
# summary lines ("NAME: N passed, N failed[, N skipped]"); a suite that
# exits non-zero, or ends without a summary, is a failure whatever it
# printed.
#   sh tests/check.sh                        every suite
#   sh tests/check.sh --suite NAME CMD...    one command through the same
#                                            counting (the runner's self-test)
cd "$(dirname "$0")/.." || exit 2
MAKE=${MAKE:-make}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
out=$(mktemp)
rcfile=$(mktemp)
status=0
total_p=0
total_f=0
total_s=0

started=$(date +%s)
elapsed() { echo "   ($(( $(date +%s) - started )) s since the start)"; }

# count FILE: add up the summary lines in FILE; prints how many there were
count() {
    awk '
        /^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$/ {
            p += $2; f += $4; if (NF >= 7) s += $6; n++
        }
        END { printf "%d %d %d %d\n", n, p, f, s }' "$1"
}

# step NAME CMD...: a suite with summary lines
step() {
    name=$1
    echo "== $name"
    shift
    # a pipeline's status is its last command's: keep the suite's apart
    { "$@" 2>&1; echo $? >"$rcfile"; } | tee "$out"
    rc=$(cat "$rcfile")
    set -- $(count "$out")
    total_p=$((total_p + $2))
    total_f=$((total_f + $3))
    total_s=$((total_s + $4))
    if [ "$1" -eq 0 ]; then
        echo "check: '$name' ended (status $rc) without a summary line: failed"
        total_f=$((total_f + 1))
        status=1
    elif [ "$rc" -ne 0 ]; then
        status=1
        if [ "$3" -eq 0 ]; then
            echo "check: '$name' exited with status $rc: failed"
            total_f=$((total_f + 1))
        fi
    fi
    elapsed
}

# must NAME CMD...: a step without counts of its own (one check)
must() {
    echo "== $1"
    shift
    if "$@"; then
        total_p=$((total_p + 1))
    else
        echo "check: step failed: $*"
        status=1
        total_f=$((total_f + 1))
    fi
    elapsed
}

skipped() {
    echo "== $1: skipped"
    total_s=$((total_s + 1))
}

finish() {
    rm -f "$out" "$rcfile"
    echo "check: $total_p passed, $total_f failed, $total_s skipped"
    [ "$total_f" -eq 0 ] && [ $status -eq 0 ]
    exit
}

if [ "${1:-}" = --suite ]; then
    shift
    step "$@"
    finish
fi

# The Windows build's MinGW libraries take minutes to build and the
# end-to-end suites mostly wait on tmux: build them meanwhile, once per
# recipe, into a cache outside the checkout.
sysroot_pid=
sysroot_log=$(mktemp)
if [ -z "${USMTWIZ_SYSROOT:-}" ] &&
    command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 &&
    command -v wine >/dev/null 2>&1; then
    USMTWIZ_SYSROOT=$(sh assets/win32/build-sysroot.sh --where)
    export USMTWIZ_SYSROOT
    if ! sh assets/win32/build-sysroot.sh --is-ready "$USMTWIZ_SYSROOT"; then
        echo "== the Windows build's MinGW libraries: building in the background"
        echo "   ($USMTWIZ_SYSROOT)"
        sh assets/win32/build-sysroot.sh "$USMTWIZ_SYSROOT" >"$sysroot_log" 2>&1 &
        sysroot_pid=$!
    fi
fi

step "the test runners' own honesty" sh tests/selftest.sh
must "build (DEVELOPER=1)" $MAKE -j"$jobs" --no-print-directory DEVELOPER=1 all
step "unit and end-to-end tests" $MAKE -j"$jobs" --no-print-directory DEVELOPER=1 test
must "layers and static analysis" sh tests/lint.sh
step "layering proved (include directions, cycles, links)" env BUILD=build sh tests/layers/check.sh
step "bench runner self-test" sh tests/bench/selftest.sh
step "the same suites under AddressSanitizer and UBSan" \
    $MAKE -j"$jobs" --no-print-directory DEVELOPER=1 SANITIZE=address,undefined OPT="-O1 -g" test
step "unit tests under valgrind" sh tests/valgrind.sh
step "man pages" sh tests/man.sh
step "README generated sections" sh tests/docs.sh
if [ -f tests/fuzz/replay.sh ]; then
    step "fuzz regression inputs" sh tests/fuzz/replay.sh
fi
if command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    if [ -n "$sysroot_pid" ]; then
        wait "$sysroot_pid" || { echo "the MinGW libraries did not build:"; \
            tail -n 20 "$sysroot_log"; }
    fi
    step "Windows build under wine" sh tests/win32/run.sh
else
    skipped "Windows build (no MinGW compiler here)"
fi
rm -f "$sysroot_log"
if [ -f tests/screenshots/make.sh ] && [ -f tests/screenshots/check.sh ]; then
    step "screenshot script" sh tests/screenshots/check.sh
fi
finish

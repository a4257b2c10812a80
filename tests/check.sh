#!/bin/sh
# Everything `make check` runs, in order; the last line sums every suite as
# "check: N passed, N failed".  Stops counting a suite that cannot build.
cd "$(dirname "$0")/.." || exit 2
MAKE=${MAKE:-make}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
out=$(mktemp)
status=0
total_p=0
total_f=0

started=$(date +%s)
elapsed() { echo "   ($(( $(date +%s) - started )) s since the start)"; }

step() {
    echo "== $1"
    shift
    if "$@" 2>&1 | tee "$out"; then :; fi
    # tee hides the status: look at the summary lines instead
    for line in $(sed -n 's/^[a-z0-9-]*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1:\2/p' "$out"); do
        total_p=$((total_p + ${line%%:*}))
        total_f=$((total_f + ${line##*:}))
    done
    elapsed
}

must() {
    echo "== $1"
    shift
    if ! "$@"; then
        echo "check: step failed: $*"
        status=1
        total_f=$((total_f + 1))
    fi
    elapsed
}

# The Windows build's MinGW libraries take minutes to build and the
# end-to-end suites mostly wait on tmux: build them meanwhile.
sysroot_pid=
if [ -z "${USMTWIZ_SYSROOT:-}" ] && [ ! -f build-sysroot/.complete ] &&
    command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 &&
    command -v wine >/dev/null 2>&1; then
    mkdir -p build-sysroot
    echo "== the Windows build's MinGW libraries: building in the background"
    sh assets/win32/build-sysroot.sh build-sysroot >build-sysroot/background.log 2>&1 &
    sysroot_pid=$!
fi

must "build (DEVELOPER=1)" $MAKE -j"$jobs" --no-print-directory DEVELOPER=1 all
step "unit and end-to-end tests" $MAKE -j"$jobs" --no-print-directory DEVELOPER=1 test
must "layers and static analysis" sh tests/lint.sh
step "the same suites under AddressSanitizer and UBSan" \
    $MAKE -j"$jobs" --no-print-directory DEVELOPER=1 SANITIZE=address,undefined OPT="-O1 -g" test
if [ -x tests/valgrind.sh ] || [ -f tests/valgrind.sh ]; then
    step "unit tests under valgrind" sh tests/valgrind.sh
fi
step "man pages" sh tests/man.sh
step "README generated sections" sh tests/docs.sh
if [ -f tests/fuzz/replay.sh ]; then
    step "fuzz regression inputs" sh tests/fuzz/replay.sh
fi
if command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 && [ -f tests/win32/run.sh ]; then
    if [ -n "$sysroot_pid" ]; then
        wait "$sysroot_pid" || { echo "the MinGW libraries did not build:"; \
            tail -n 20 build-sysroot/background.log; }
    fi
    step "Windows build under wine" sh tests/win32/run.sh
else
    echo "== Windows build: no MinGW compiler or no Windows tests here; skipped"
fi
if [ -f tests/screenshots/make.sh ] && [ -f tests/screenshots/check.sh ]; then
    step "screenshot script" sh tests/screenshots/check.sh
fi
rm -f "$out"
echo "check: $total_p passed, $total_f failed"
[ "$total_f" -eq 0 ] && [ $status -eq 0 ]

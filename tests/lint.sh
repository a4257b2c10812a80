#!/bin/sh
# Layer and hygiene checks (STYLE §2): curses only in src/ui and screens,
# hivex only in the hive adapter, libxml2 only in the XML modules, OS
# headers and _WIN32 only in src/platform.  Prints problems; exit 1 if any.
cd "$(dirname "$0")/.." || exit 2
bad=0
report() { echo "lint: $*"; bad=1; }
for f in $(grep -rlE '#include *[<"](n?curses|ncursesw/)' src include screens 2>/dev/null); do
    case "$f" in src/ui/*|screens/*|include/ui/*) ;; *) report "curses included in $f" ;; esac
done
for f in $(grep -rlE '#include *<hivex\.h>' src include screens tests 2>/dev/null); do
    # the bench's floor for reading hives is hivex itself, on purpose
    case "$f" in src/core/offline/hive.c|src/lab/regf.c|tests/bench/hivefloor.c) ;; *) report "hivex included in $f" ;; esac
done
for f in $(grep -rlE '#include *<(windows\.h|unistd\.h|sys/|fcntl\.h|signal\.h|dirent\.h|spawn\.h|poll\.h|pthread\.h)' src/core src/lab src/base src/ui screens src/cmd src/sim 2>/dev/null); do
    report "OS header in $f (belongs in src/platform)"
done
for f in $(grep -rlE '_WIN32|__MINGW32__' src/core src/lab src/base src/ui screens src/cmd src/sim include/core include/lab include/base 2>/dev/null); do
    report "_WIN32 outside src/platform in $f"
done
if command -v cppcheck >/dev/null 2>&1; then
    cppcheck --quiet --error-exitcode=1 --std=c11 --inline-suppr \
        --suppress=missingIncludeSystem -Iinclude src screens 2>&1 ||
        report "cppcheck found problems"
fi
if command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    sh tests/win32/run.sh --port-only >/tmp/wiz-port.$$ 2>&1 ||
        { cat /tmp/wiz-port.$$; report "a file outside src/platform does not compile for Windows (MinGW)"; }
    rm -f /tmp/wiz-port.$$
fi
[ $bad -eq 0 ] && echo "lint: layers and cppcheck clean"
exit $bad

#!/bin/sh
# The Windows build checks that need no third-party MinGW libraries:
# 1. base + the Win32 platform layer + tests/win32/test_platform.c built
#    with MinGW-w64 and run under wine;
# 2. a portability check: every C file outside src/platform/ compiles
#    (syntax only) with the MinGW compiler, so POSIX-only calls cannot
#    creep into base, core, ui, screens, commands or the simulator.
# Ends with "win32: N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
out=build-win32/check
mkdir -p "$out"
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "win32: $CC is not installed; skipped"
    exit 0
fi
WFLAGS="-std=c11 -O1 -g -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
 -Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wwrite-strings \
 -Wcast-qual -Wundef -Wvla -Werror -D__USE_MINGW_ANSI_STDIO=1 -DUNICODE -D_UNICODE -Iinclude"
passed=0
failed=0

# 2. portability: third-party headers come from a shim folder holding only
# those headers, so the MinGW compiler never sees glibc's.
shim="$out/sysinc"
rm -rf "$shim" && mkdir -p "$shim"
[ -f /usr/include/hivex.h ] && cp /usr/include/hivex.h "$shim/"
[ -d /usr/include/libxml2/libxml ] && cp -R /usr/include/libxml2/libxml "$shim/"
# libxml2's Linux configuration asks for iconv; MinGW builds use win-iconv
printf '%s\n' '#ifndef WIZ_SHIM_ICONV_H' '#define WIZ_SHIM_ICONV_H' \
    '#include <stddef.h>' 'typedef void *iconv_t;' '#endif' >"$shim/iconv.h"
# ... and ICU, which MinGW builds of libxml2 go without
mkdir -p "$shim/unicode"
printf '%s\n' '#ifndef WIZ_SHIM_UCNV_H' '#define WIZ_SHIM_UCNV_H' \
    'typedef struct UConverter UConverter;' 'typedef unsigned short UChar;' \
    '#endif' >"$shim/unicode/ucnv.h"
for h in curses.h ncurses.h ncurses_dll.h unctrl.h term.h; do
    [ -f /usr/include/$h ] && cp /usr/include/$h "$shim/"
done
[ -d /usr/include/ncursesw ] && cp -R /usr/include/ncursesw "$shim/"
port_fail=0
for f in $(find src/base src/core src/ui src/cmd src/sim screens src/main.c -name '*.c' 2>/dev/null | sort); do
    if ! $CC $WFLAGS -I"$shim" -I"$shim/ncursesw" -DNCURSES_WIDECHAR=1 \
        -fsyntax-only "$f" 2>"$out/port.log"; then
        echo "FAIL portability: $f"
        sed 's/^/    /' "$out/port.log" | head -n 20
        port_fail=$((port_fail + 1))
    fi
done
if [ $port_fail -eq 0 ]; then
    echo "ok   every file outside src/platform compiles with MinGW"
    passed=$((passed + 1))
else
    failed=$((failed + port_fail))
fi

if [ "${1:-}" = "--port-only" ]; then
    [ $failed -eq 0 ]
    exit
fi

# 1. the platform layer under wine
objs=""
for f in src/base/*.c src/platform/common/*.c src/platform/win32/*.c tests/win32/test_platform.c; do
    o="$out/$(echo "$f" | tr / _).o"
    if ! $CC $WFLAGS -c "$f" -o "$o"; then
        echo "FAIL build: $f"
        failed=$((failed + 1))
        echo "win32: $passed passed, $failed failed"
        exit 1
    fi
    objs="$objs $o"
done
$CC -o "$out/test_platform.exe" $objs -lshell32 || {
    echo "FAIL link"; echo "win32: $passed passed, $((failed + 1)) failed"; exit 1; }
if command -v wine >/dev/null 2>&1; then
    export WINEDEBUG=-all WINEPREFIX="${WINEPREFIX:-$PWD/build-win32/wineprefix}"
    mkdir -p "$WINEPREFIX"
    if wine "$out/test_platform.exe" >"$out/wine.log" 2>"$out/wine.err"; then :; fi
    tr -d '\r' <"$out/wine.log" | grep -v '^win32:' 
    p=$(tr -d '\r' <"$out/wine.log" | sed -n 's/^win32: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(tr -d '\r' <"$out/wine.log" | sed -n 's/^win32: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$p" ]; then
        echo "FAIL the test program did not finish under wine"
        tail -n 20 "$out/wine.err"
        failed=$((failed + 1))
    else
        echo "ok   Win32 platform layer under wine ($p checks, $f failed)"
        passed=$((passed + p))
        failed=$((failed + f))
    fi
else
    echo "note: wine is not installed; the Win32 tests were built, not run"
fi
echo "win32: $passed passed, $failed failed"
[ $failed -eq 0 ]

#!/bin/sh
# The Windows build checks that need no third-party MinGW libraries:
# 1. base + the Win32 platform layer + tests/win32/test_platform.c built
#    with MinGW-w64 and run under wine;
# 2. a portability check: every C file outside src/platform/ compiles
#    (syntax only) with the MinGW compiler, so POSIX-only calls cannot
#    creep into base, core, ui, screens, commands or the simulator.
# Ends with "win32: N passed, N failed, N skipped".
cd "$(dirname "$0")/../.." || exit 2
CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
out=build-win32/check
mkdir -p "$out"
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "win32: $CC is not installed; skipped"
    echo "win32: 0 passed, 0 failed, 1 skipped"
    exit 0
fi
WFLAGS="-std=c11 -O1 -g -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
 -Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wwrite-strings \
 -Wcast-qual -Wundef -Wvla -Werror -D__USE_MINGW_ANSI_STDIO=1 -DUNICODE -D_UNICODE -Iinclude"
passed=0
failed=0
skipped=0

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
for f in $(find src/base src/core src/lab src/ui src/cmd src/sim screens src/main.c -name '*.c' 2>/dev/null | sort); do
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
$CC -o "$out/test_platform.exe" $objs -lshell32 -lnetapi32 || {
    echo "FAIL link"; echo "win32: $passed passed, $((failed + 1)) failed"; exit 1; }
if command -v wine >/dev/null 2>&1; then
    export WINEDEBUG=-all WINEPREFIX="${WINEPREFIX:-$PWD/build-win32/wineprefix}"
    mkdir -p "$WINEPREFIX"
    # a file share the network has: wine reaches \\usmtwiz-fs\usmt in
    # its UNC folder, a folder of ours (made once the prefix exists: a
    # dosdevices folder made first would stop wine from setting it up)
    if [ ! -e "$WINEPREFIX/dosdevices/c:" ]; then
        wine wineboot -i >/dev/null 2>&1
        wineserver -w
    fi
    rm -rf "$out/share" && mkdir -p "$out/share" "$WINEPREFIX/dosdevices/unc/usmtwiz-fs"
    ln -sfn "$PWD/$out/share" "$WINEPREFIX/dosdevices/unc/usmtwiz-fs/usmt"
    if WIZ_TEST_SHARE='\\usmtwiz-fs\usmt' wine "$out/test_platform.exe" \
        >"$out/wine.log" 2>"$out/wine.err"; then :; fi
    [ -f "$out/share/stores/PC1/USMT.MIG" ] || {
        echo 'FAIL the file written to \\usmtwiz-fs\usmt is not in its folder'
        failed=$((failed + 1)); }
    tr -d '\r' <"$out/wine.log" | grep -v '^win32:' 
    p=$(tr -d '\r' <"$out/wine.log" | sed -n 's/^win32: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(tr -d '\r' <"$out/wine.log" | sed -n 's/^win32: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$p" ]; then
        echo "FAIL the test program did not finish under wine"
        tail -n 20 "$out/wine.err"
        failed=$((failed + 1))
    else
        [ "$f" -eq 0 ] && word="ok  " || word=FAIL
        echo "$word Win32 platform layer under wine ($p checks, $f failed)"
        passed=$((passed + p))
        failed=$((failed + f))
        # a check that wine cannot run says "NOT RUN: why": a skip
        n=$(tr -d '\r' <"$out/wine.log" | grep -c '^NOT RUN:' || true)
        skipped=$((skipped + n))
    fi
else
    echo "note: wine is not installed; the Win32 tests were built, not run"
    skipped=$((skipped + 1))
fi

# 3. the whole Windows build, against a MinGW sysroot of ncursesw, libxml2
# and hivex (assets/win32/build-sysroot.sh makes one from Debian's source
# packages, once per recipe, into a cache outside the checkout;
# USMTWIZ_SYSROOT=DIR uses another, USMTWIZ_SYSROOT=none skips)
sysroot=${USMTWIZ_SYSROOT:-$(sh assets/win32/build-sysroot.sh --where)}
if [ "$sysroot" = none ]; then
    echo "note: USMTWIZ_SYSROOT=none: the Windows build itself was skipped"
    skipped=$((skipped + 1))
elif ! command -v wine >/dev/null 2>&1; then
    echo "note: wine is not installed; the Windows build itself was skipped"
    skipped=$((skipped + 1))
else
    if [ -z "${USMTWIZ_SYSROOT:-}" ] &&
        ! sh assets/win32/build-sysroot.sh --is-ready "$sysroot"; then
        sh assets/win32/build-sysroot.sh "$sysroot" || {
            echo "FAIL the MinGW sysroot could not be built"
            failed=$((failed + 1)); }
    fi
    wb=build-win32
    if [ ! -f "$sysroot/.complete" ]; then
        echo "FAIL no MinGW sysroot in $sysroot"
        failed=$((failed + 1))
    elif ! make --no-print-directory -j2 CROSS="${CC%gcc}" SYSROOT="$sysroot" \
            DEVELOPER=1 BUILD=$wb all winpe-folder >"$out/cross.log" 2>&1; then
        echo "FAIL make CROSS=${CC%gcc} SYSROOT=$sysroot"
        tail -n 20 "$out/cross.log"
        failed=$((failed + 1))
    else
        bad=$(x86_64-w64-mingw32-objdump -p $wb/usmtwiz.exe $wb/scanstate-sim.exe |
              sed -n 's/^[[:space:]]*DLL Name: //p' | sort -u |
              grep -v -i -x -e ADVAPI32.dll -e KERNEL32.dll -e msvcrt.dll \
                  -e SHELL32.dll -e USER32.dll || true)
        if [ -z "$bad" ]; then
            echo "ok   usmtwiz.exe and scanstate-sim.exe import only system DLLs of WinPE"
            passed=$((passed + 1))
        else
            echo "FAIL the Windows build imports other DLLs: $bad"
            failed=$((failed + 1))
        fi
        # the demo practice volumes as drive letters D: and E:
        [ -x build/usmtwiz ] || make --no-print-directory all >/dev/null
        lab="$PWD/$out/lab"
        rm -rf "$lab"
        build/usmtwiz lab create demo "$lab" >/dev/null
        ln -sfn "$lab/volumes/D" "$WINEPREFIX/dosdevices/d:"
        ln -sfn "$lab/volumes/E" "$WINEPREFIX/dosdevices/e:"
        winpath() { printf 'Z:%s' "$1" | tr / '\\'; }
        $CC $WFLAGS -o "$out/test_sim.exe" tests/win32/test_sim.c src/core/run/follow.c \
            $(ls "$out"/*.o | grep -v test_platform) -lshell32 || {
            echo "FAIL build tests/win32/test_sim.c"; failed=$((failed + 1)); }
        key='HKLM\SYSTEM\CurrentControlSet\Control\MiniNT'
        wine reg delete "$key" /f >/dev/null 2>&1
        for t in "sim $(winpath "$PWD/$wb/scanstate-sim.exe") $(winpath "$lab/usmt")" \
                 "winpe 0" "reg winpe 1"; do
            case "$t" in
            reg*) wine reg add "$key" /f >/dev/null 2>&1; t=${t#reg } ;;
            esac
            # shellcheck disable=SC2086
            wine "$out/test_sim.exe" $t >"$out/sim.log" 2>&1
            wine reg delete "$key" /f >/dev/null 2>&1
            tr -d '\r' <"$out/sim.log" | grep -v '^win32:'
            p=$(tr -d '\r' <"$out/sim.log" | sed -n 's/^win32: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
            f=$(tr -d '\r' <"$out/sim.log" | sed -n 's/^win32: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
            if [ -z "$p" ]; then
                echo "FAIL test_sim.exe $t did not finish under wine"
                failed=$((failed + 1))
            else
                [ "$f" -eq 0 ] && word="ok  " || word=FAIL
                echo "$word test_sim.exe ${t%% *}: $p checks, $f failed"
                passed=$((passed + p))
                failed=$((failed + f))
            fi
        done
        if command -v tmux >/dev/null 2>&1; then
            if sh tests/win32/wizard.sh "$PWD/$wb/usmtwiz-winpe" "$lab" >"$out/wizard.log" 2>&1; then
                cat "$out/wizard.log"
                n=$(grep -c '^ok' "$out/wizard.log")
                passed=$((passed + n))
            else
                cat "$out/wizard.log"
                failed=$((failed + 1))
            fi
        else
            echo "note: tmux is not installed; the wizard under wine was skipped"
            skipped=$((skipped + 1))
        fi
    fi
fi
echo "win32: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]

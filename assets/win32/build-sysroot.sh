#!/bin/sh
# Build the MinGW-w64 sysroot that the Windows build of usmtwiz links
# against, from Debian's source packages:
#   ncursesw 6.4  static, wide, with the Windows console driver and no
#                 terminfo database (xterm-256color and vt100 compiled in)
#   libxml2       static, no iconv/zlib/lzma/ICU/network
#   hivex         static, with the small iconv of assets/win32/iconv.c
#                 (UTF-8, UTF-16LE, LATIN1: all hivex asks for)
#
#   sh assets/win32/build-sysroot.sh [DIR]       (default: build-sysroot)
#   make sysroot                                 (the same)
#   sh assets/win32/build-sysroot.sh --where     the cache folder for this
#                                                recipe (make check uses it)
#   sh assets/win32/build-sysroot.sh --is-ready DIR
#                                                exit 0 when DIR holds this
#                                                recipe's finished sysroot
#
# Needs x86_64-w64-mingw32-gcc, a host gcc, make, curl, tar, xz and tic
# (ncurses-bin).  Downloads go to DIR/src and are checked against the
# SHA-256 sums below; put the files there yourself to build offline.
# A finished sysroot is kept (DIR/.complete); delete DIR to rebuild.
# The cache folder, ${XDG_CACHE_HOME:-$HOME/.cache}/usmtwiz/sysroot-HASH,
# is named by the hash of this script (which pins the source packages'
# sums) and the iconv source: a new recipe builds anew, the same recipe
# is built once per machine whatever the checkout.
set -eu
cd "$(dirname "$0")/../.."
top=$PWD
recipe_hash() {
    cat assets/win32/build-sysroot.sh assets/win32/iconv.c \
        assets/win32/iconv.h | sha256sum | cut -c1-16
}
stamp_want=$(recipe_hash)
cache_base=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/usmtwiz
case "${1:-}" in
--where)
    echo "$cache_base/sysroot-$stamp_want"
    exit 0
    ;;
--is-ready)
    [ -f "$2/.complete" ] && [ "$(cat "$2/.complete")" = "$stamp_want" ]
    exit
    ;;
esac
dir=${1:-build-sysroot}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
host=${MINGW_HOST:-x86_64-w64-mingw32}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}

# name|pool path|sha256
sources="ncurses_6.4.orig.tar.gz|n/ncurses|6931283d9ac87c5073f30b6290c4c75f21632bb4fc3603ac8100812bed248159
libxml2_2.9.14+dfsg.orig.tar.xz|libx/libxml2|4fe913dec8b1ab89d13b489b419a8203176ea39e931eaa0d25b17eafb9c279e9
hivex_1.3.24.orig.tar.gz|h/hivex|a52fa45cecc9a78adb2d28605d68261e4f1fd4514a778a5473013d2ccc8a193c"

# one build at a time per folder: a second make check waits for the first
if [ -z "${SYSROOT_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
    SYSROOT_LOCKED=1
    export SYSROOT_LOCKED
    exec flock "$dir/.lock" sh assets/win32/build-sysroot.sh "$dir"
fi
if [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$stamp_want" ]; then
    echo "sysroot: $dir is up to date"
    exit 0
fi

for tool in "$host-gcc" "$host-ar" gcc make curl tar xz tic sha256sum; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "sysroot: $tool is missing (sh assets/install-deps.sh check installs it)" >&2
        exit 1
    fi
done

log="$dir/build.log"
: >"$log"
step() {
    echo "sysroot: $1"
    echo "=== $1" >>"$log"
}
run() {
    if ! "$@" >>"$log" 2>&1; then
        echo "sysroot: failed: $*" >&2
        echo "sysroot: last lines of $log:" >&2
        tail -n 25 "$log" >&2
        exit 1
    fi
}

mkdir -p "$dir/src"
echo "$sources" | while IFS='|' read -r file pool sum; do
    f="$dir/src/$file"
    if [ ! -f "$f" ]; then
        step "downloading $file"
        if ! curl -fsSL --retry 3 -o "$f.part" "$mirror/pool/main/$pool/$file"; then
            rm -f "$f.part"
            echo "sysroot: cannot download $mirror/pool/main/$pool/$file" >&2
            exit 1
        fi
        mv "$f.part" "$f"
    fi
    if [ "$(sha256sum "$f" | cut -d' ' -f1)" != "$sum" ]; then
        echo "sysroot: $file does not match its SHA-256 sum; remove it and retry" >&2
        exit 1
    fi
done

prefix="$dir"
work="$dir/work"
rm -rf "$work" "$prefix/include" "$prefix/lib"
mkdir -p "$work" "$prefix/include" "$prefix/lib/pkgconfig"

step "iconv (UTF-8, UTF-16LE, LATIN1)"
run "$host-gcc" -std=c11 -O2 -Wall -Wextra -c assets/win32/iconv.c \
    -o "$work/iconv.o"
run "$host-ar" rcs "$prefix/lib/libiconv.a" "$work/iconv.o"
cp assets/win32/iconv.h "$prefix/include/iconv.h"

step "ncursesw (Windows console driver)"
run tar -xzf "$dir/src/ncurses_6.4.orig.tar.gz" -C "$work"
cd "$work/ncurses-6.4"
run ./configure --host="$host" --prefix="$prefix" \
    --without-shared --with-normal --without-debug --without-ada \
    --without-cxx --without-cxx-binding --without-progs --without-tests \
    --without-manpages --enable-widec --enable-term-driver --enable-sp-funcs \
    --disable-database --disable-db-install --disable-home-terminfo \
    --disable-termcap --with-fallbacks=xterm-256color,vt100 \
    --disable-macros --disable-overwrite --enable-pc-files \
    --with-pkg-config-libdir="$prefix/lib/pkgconfig"
run make -j"$jobs" libs
run make install.libs install.includes
cd "$top"

step "libxml2"
run tar -xJf "$dir/src/libxml2_2.9.14+dfsg.orig.tar.xz" -C "$work"
cd "$work/libxml2-2.9.14"
run ./configure --host="$host" --prefix="$prefix" --disable-shared \
    --enable-static --without-python --without-zlib --without-lzma \
    --without-iconv --without-icu --without-http --without-ftp \
    --without-threads --without-modules --without-debug --without-catalog \
    --without-docbook --without-legacy
run make -j"$jobs" libxml2.la
run make install-libLTLIBRARIES install-pkgconfigDATA
run make -C include install
cd "$top"

step "hivex"
run tar -xzf "$dir/src/hivex_1.3.24.orig.tar.gz" -C "$work"
cd "$work/hivex-1.3.24"
run ./configure --host="$host" --prefix="$prefix" --disable-shared \
    --enable-static --disable-ocaml --disable-perl --disable-python \
    --disable-ruby --disable-nls --with-libiconv-prefix="$prefix" \
    CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib"
run make -j"$jobs" -C gnulib/lib
run make -j"$jobs" -C lib libhivex.la
# one archive: hivex needs a few gnulib helpers (safe_read, full_write...)
mkdir -p "$work/gnulib-objs"
cd "$work/gnulib-objs"
run "$host-ar" x "$work/hivex-1.3.24/gnulib/lib/.libs/libgnu.a"
cp "$work/hivex-1.3.24/lib/.libs/libhivex.a" "$prefix/lib/libhivex.a"
run "$host-ar" rs "$prefix/lib/libhivex.a" ./*.o
cp "$work/hivex-1.3.24/include/hivex.h" "$prefix/include/hivex.h"
cd "$top"
cat >"$prefix/lib/pkgconfig/hivex.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: hivex
Version: 1.3.24
Description: Windows registry hive library (static, with its iconv)
Cflags: -I\${includedir}
Libs: -L\${libdir} -lhivex -liconv -lpthread
EOF

rm -rf "$work"
{
    echo "MinGW-w64 sysroot for usmtwiz ($host)"
    echo "$sources" | cut -d'|' -f1 | sed 's/^/  from /'
    echo "lib:"
    ls "$prefix/lib" | sed 's/^/  /'
    echo "pkg-config:"
    ls "$prefix/lib/pkgconfig" | sed 's/^/  /'
} >"$prefix/SYSROOT.txt"
echo "$stamp_want" >"$dir/.complete"
echo "sysroot: ready in $dir"
echo "sysroot: build with  make CROSS=$host- SYSROOT=$dir"

#!/bin/sh
# Install the Debian packages usmtwiz needs, only when something is missing.
#   sh assets/install-deps.sh demo    what `make demo` needs
#   sh assets/install-deps.sh check   what `make check` needs
# Other distributions: install the equivalents of the lists below by hand.
set -u
what=${1:-check}

# package:why
build="gcc:the C compiler make:the build pkg-config:finding the libraries
libncurses-dev:the full-screen wizard (ncursesw) libxml2-dev:XML (offline.xml, presets, USMT XML)
libhivex-dev:reading offline registry hives"
checkpk="libcmocka-dev:unit tests tmux:end-to-end tests in a real terminal
reglookup:checking our hive writer with an independent parser
libhivex-bin:hivexget for the benchmark and hive tests valgrind:memory checks
cppcheck:static analysis gcc-mingw-w64-x86-64:the Windows (WinPE) build
wine64:running the Windows build's tests wine:running the Windows build's tests
curl:fetching the Windows build's library sources (Debian source packages)
xz-utils:unpacking them
clang:fuzzing (libFuzzer) libclang-rt-14-dev:fuzzing runtime
groff:checking the man pages mandoc:checking the man pages
python3-pil:rendering the README screenshots fonts-dejavu-core:the screenshots' font
fonts-droid-fallback:CJK user names in the screenshots"

case "$what" in
demo) list="$build" ;;
check) list="$build
$checkpk" ;;
*) echo "usage: install-deps.sh demo|check" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "usmtwiz: this is not a Debian-style system; make sure these are installed:"
    echo "$list" | tr ' ' '\n' | sed -n 's/^\([^:]*\):.*/  \1/p'
    exit 0
fi

missing=""
reasons=""
for item in $(echo "$list" | tr ' ' '\n' | grep -o '^[a-z0-9.+-]*:' | tr -d ':'); do
    if ! dpkg-query -W -f='${Status}' "$item" 2>/dev/null | grep -q 'install ok installed'; then
        why=$(echo "$list" | tr '\n' ' ' | sed -n "s/.*\(^\| \)$item:\([^:]*\)\( [a-z0-9.+-]*:.*\|$\)/\2/p")
        missing="$missing $item"
        reasons="$reasons
  $item - ${why:-needed}"
    fi
done

[ -z "$missing" ] && exit 0
echo "usmtwiz: installing missing packages:$reasons"
if [ "$(id -u)" != 0 ]; then
    echo "usmtwiz: not root; run: sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || exit 1
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing || exit 1

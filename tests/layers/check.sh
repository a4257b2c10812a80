#!/bin/sh
# The layering of STYLE §2, proved rather than hoped for:
#   - includes point one way: screens, cmd -> session -> core areas ->
#     platform -> base; ui -> platform, base; lab beside core, never under it;
#   - no include cycle among the files of src/ and screens/;
#   - libcore links without curses and without the lab tooling;
#   - the ui layer (loop, widgets, terminal) links with base, platform and
#     ncursesw only, and runs a screen that is not in screens/.
# Prints "layers: N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
passed=0
failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

# 1. include directions: "dir:forbidden include prefixes"
rules='src/base:core/ lab/ ui/ platform/ screens.h cmd.h
src/platform:core/ lab/ ui/ screens.h cmd.h
src/core:lab/ ui/ screens.h cmd.h
src/ui:core/ lab/ screens.h cmd.h
src/lab:ui/ screens.h cmd.h
src/sim:ui/ screens.h cmd.h'
echo "$rules" | while IFS=: read -r dir forbidden; do
    for f in $(find "$dir" -name '*.[ch]' | sort); do
        for p in $forbidden; do
            if grep -qE "#include *\"$p" "$f"; then
                echo "$f includes \"$p...\""
            fi
        done
    done
done >"${TMPDIR:-/tmp}/layers.$$"
if [ -s "${TMPDIR:-/tmp}/layers.$$" ]; then
    bad "includes against the layers:"
    sed 's/^/    /' "${TMPDIR:-/tmp}/layers.$$"
else
    ok "includes point one way (base <- platform <- core <- session <- cmd, screens; ui <- screens)"
fi
rm -f "${TMPDIR:-/tmp}/layers.$$"

# 2. no include cycle: module a (a.c) includes b.h and b.c includes a.h
if command -v python3 >/dev/null 2>&1; then
    cyc=$(python3 - <<'PY'
import os, re, collections
deps = collections.defaultdict(set)
def unit(p):
    p = os.path.splitext(p)[0]
    for pre in ('src/', 'include/'):
        if p.startswith(pre):
            p = p[len(pre):]
    return p
for top in ('src', 'screens'):
    for root, _, files in os.walk(top):
        for f in files:
            if f.endswith('.c'):
                path = os.path.join(root, f)
                text = open(path, errors='replace').read()
                for inc in re.findall(r'#include\s+"([^"]+)"', text):
                    if '/' not in inc:
                        inc = os.path.join(os.path.dirname(path), inc)
                    u, v = unit(path), unit(inc)
                    if u != v:
                        deps[u].add(v)
found = set()
def dfs(u, path, onpath, done):
    for v in sorted(deps.get(u, ())):
        if v in onpath:
            found.add(' -> '.join(path[path.index(v):] + [v]))
        elif v not in done:
            done.add(v)
            onpath.add(v)
            dfs(v, path + [v], onpath, done)
            onpath.discard(v)
done = set()
for u in sorted(deps):
    if u not in done:
        done.add(u)
        dfs(u, [u], {u}, done)
print('\n'.join(sorted(found)))
PY
)
    if [ -n "$cyc" ]; then
        bad "include cycles:"
        echo "$cyc" | sed 's/^/    /'
    else
        ok "no include cycle among the modules of src/ and screens/"
    fi
else
    bad "python3 is needed to look for include cycles"
fi

# 3. libcore: no curses, no lab
if [ -f "$BUILD/libcore.a" ] && [ -f "$BUILD/liblab.a" ]; then
    und=$(nm -u "$BUILD/libcore.a" 2>/dev/null | awk '{print $2}' | sort -u)
    curses=$(echo "$und" | grep -E '^(initscr|newwin|wrefresh|doupdate|endwin|wgetch|getch|mvw?add|waddn?wstr|keypad|curs_set|stdscr)' | head -3)
    labdefs=$(nm --defined-only "$BUILD/liblab.a" 2>/dev/null | awk 'NF==3 && $2 ~ /[TDBR]/ {print $3}' | sort -u)
    uses_lab=$(printf '%s\n%s\n' "$und" "$labdefs" | sort | uniq -d | head -3)
    if [ -n "$curses" ]; then
        bad "libcore calls curses: $curses"
    elif [ -n "$uses_lab" ]; then
        bad "libcore calls the lab tooling: $(echo $uses_lab)"
    else
        ok "libcore needs neither curses nor the lab tooling"
    fi
else
    bad "no $BUILD/libcore.a or $BUILD/liblab.a: build first"
fi

# 4. the ui layer alone
CC=${CC:-cc}
out=${TMPDIR:-/tmp}/ui-alone.$$
plat=posix
# shellcheck disable=SC2046
if $CC -std=c11 -Iinclude $(pkg-config --cflags ncursesw) -o "$out" \
        tests/layers/ui_alone.c src/ui/*.c src/base/*.c \
        src/platform/$plat/*.c src/platform/common/*.c \
        $(pkg-config --libs ncursesw) -lm 2>"$out.log"; then
    if command -v tmux >/dev/null 2>&1; then
        sock=wiz-layers-$$
        tmux -L "$sock" -f /dev/null new -d -x 80 -y 24 \
            "USMTWIZ_UI_ALONE_RUN=1 $out; echo rc=\$? >$out.rc"
        i=0
        while [ $i -lt 50 ] && [ ! -s "$out.rc" ]; do
            tmux -L "$sock" send-keys x 2>/dev/null
            sleep 0.1
            i=$((i + 1))
        done
        tmux -L "$sock" kill-server 2>/dev/null
        if [ "$(cat "$out.rc" 2>/dev/null)" = "rc=0" ]; then
            ok "the ui layer links and runs with base, platform and ncursesw only"
        else
            bad "the ui layer alone did not run a screen to its end ($(cat "$out.rc" 2>/dev/null))"
        fi
    else
        ok "the ui layer links with base, platform and ncursesw only (tmux missing: not run)"
    fi
else
    bad "the ui layer does not link without core:"
    sed 's/^/    /' "$out.log" | head -n 20
fi
rm -f "$out" "$out.log" "$out.rc"
echo "layers: $passed passed, $failed failed"
[ $failed -eq 0 ]

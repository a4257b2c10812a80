# Shared helpers for the end-to-end scripts (POSIX sh).  Each script:
#   . "$TOP/tests/e2e/lib.sh"
# gets $WIZ (usmtwiz), $SIM (scanstate-sim), a private $WORK folder, and a
# private tmux server with: start CMD, send KEYS, wait_for TEXT, screen,
# snapshot NAME, resize W H, wait_exit.  Everything is removed on exit.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
SIM="$TOP/$BUILD/scanstate-sim"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/usmtwiz-e2e.XXXXXX")
# $WIZ runs the built usmtwiz; its `lab create` also records the offline
# volumes, checked at the end of every test (volhash.sh)
VOLHASH_LIST="$WORK/.volume-hashes"
mkdir -p "$WORK/.bin"
cat >"$WORK/.bin/usmtwiz" <<WRAP
#!/bin/sh
if [ "\$1" = lab ] && [ "\$2" = create ]; then
    '$TOP/$BUILD/usmtwiz' "\$@" || exit \$?
    VOLHASH_LIST='$VOLHASH_LIST'
    . '$TOP/tests/e2e/volhash.sh'
    volhash_register "\$@"
    exit 0
fi
exec '$TOP/$BUILD/usmtwiz' "\$@"
WRAP
chmod +x "$WORK/.bin/usmtwiz"
WIZ="$WORK/.bin/usmtwiz"
SOCK="wiz-e2e-$$"
# every test keeps its temporary files (and usmtwiz's run state) apart
export TMPDIR="$WORK"
TMUX_CMD="tmux -L $SOCK -f /dev/null"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$WORK/asan"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$WORK/ubsan:print_stacktrace=1"

# leftovers PIDs: processes still running from this test's folder (a
# wizard whose terminal was killed and, in the sanitizer build, whose
# LeakSanitizer exit check hangs for good after a hangup; a simulator)
leftovers() {
    for _p in /proc/[0-9]*; do
        [ "${_p#/proc/}" = "$$" ] && continue
        { tr '\0' ' ' <"$_p/cmdline"; } 2>/dev/null | grep -qF "$WORK/" &&
            echo "${_p#/proc/}"
    done
}

cleanup() {
    $TMUX_CMD kill-server 2>/dev/null
    # nothing of this test may go on running after it (it would load the
    # machine for the tests after it): a few seconds to end, then killed
    _i=0
    while [ -n "$(leftovers)" ] && [ $_i -lt 50 ]; do
        sleep 0.1
        _i=$((_i + 1))
    done
    for _p in $(leftovers); do
        kill -9 "$_p" 2>/dev/null
    done
    _st=0
    volume_check || _st=1
    if ls "$WORK"/asan* "$WORK"/ubsan* >/dev/null 2>&1; then
        echo "sanitizer reports:"
        cat "$WORK"/asan* "$WORK"/ubsan* 2>/dev/null
        _st=1
    fi
    rm -rf "$WORK"
    [ $_st -eq 0 ] || exit 1
}
trap cleanup EXIT
# a script stopped from outside (the runner's time limit, Ctrl+C) fails
# after cleaning up rather than going on without its folder
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
    echo "FAIL: $*"
    if $TMUX_CMD has-session 2>/dev/null; then
        echo "--- screen ---"
        screen
    fi
    exit 1
}

# start CMD...: run a command in an 80x24 window of the private server.
start() {
    # a server that is still shutting down can refuse for a moment: retry
    n=0
    until $TMUX_CMD new-session -d -x "${COLS:-80}" -y "${ROWS:-24}" \
        "cd '$WORK' && $* ; echo \"[exit \$?]\"; sleep 30" 2>/dev/null; do
        n=$((n + 1))
        [ $n -lt 20 ] || fail "tmux did not start"
        sleep 0.2
    done
    $TMUX_CMD set-option -g window-size manual >/dev/null 2>&1 || true
}

send() { $TMUX_CMD send-keys "$@"; }
screen() { $TMUX_CMD capture-pane -p; }

# wait_for TEXT [SECONDS]: poll the screen until TEXT shows.
wait_for() {
    limit=$(( ${2:-10} * 10 ))
    i=0
    while [ $i -lt $limit ]; do
        if screen | grep -F -q -- "$1"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    fail "timed out waiting for '$1'"
}

# wait_gone TEXT [SECONDS]: poll until TEXT is no longer on screen.
wait_gone() {
    limit=$(( ${2:-10} * 10 ))
    i=0
    while [ $i -lt $limit ]; do
        if ! screen | grep -F -q -- "$1"; then return 0; fi
        sleep 0.1
        i=$((i + 1))
    done
    fail "timed out waiting for '$1' to go"
}

# wait_exit CODE: the program ended with CODE.
wait_exit() {
    wait_for "[exit $1]" "${2:-10}"
}

resize() { $TMUX_CMD resize-window -x "$1" -y "$2"; }

# snapshot NAME: compare the screen with tests/e2e/expected/NAME.txt.
snapshot() {
    exp="$TOP/tests/e2e/expected/$1.txt"
    screen >"$WORK/snap.txt"
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$WORK/snap.txt" "$exp"
        return 0
    fi
    diff -u "$exp" "$WORK/snap.txt" || fail "screen differs from $1"
}

# check CMD...: run a command that must succeed.
check() { "$@" || fail "command failed: $*"; }

# tree_hash, volume_unwatch, volume_rebaseline, volume_check
. "$TOP/tests/e2e/volhash.sh"

# to_ready_review: from the Environment screen of a wizard started on the
# demo lab, Enter through every screen to Review, apply the automatic fix
# of the temporary profile and acknowledge warnings until nothing blocks.
# STEPS (default 9) is the number of steps in the step line.
to_ready_review() {
    n=${STEPS:-9}
    wait_for "Step 1 of $n: Environment"
    for s in 2 3 4 5 6; do
        send Enter
        wait_for "Step $s of $n"
    done
    send Enter
    wait_for "Step 7 of $n: Review"
    review_make_ready
}

# review_make_ready: on a Review screen blocked by the demo's temporary
# profile, apply its automatic fix and acknowledge warnings until nothing
# blocks.
review_make_ready() {
    wait_for "START BLOCKED"
    send a
    wait_for "fix applied"
    i=0
    # Space acknowledges and goes down; it is offered only on a warning
    while ! screen | grep -q "READY: nothing blocks" && [ $i -lt 12 ]; do
        if screen | grep -q "Space ack"; then send Space; else send Down; fi
        sleep 0.3
        i=$((i + 1))
    done
    wait_for "READY: nothing blocks"
}

# secret_sweep WHAT SECRET [FIND-ARGS...]: fail when SECRET (as text,
# UTF-16LE/BE, hex or base64 at any of its three alignments) is in any
# file under $WORK smaller than 64 MB (the big sparse practice files are
# proved unchanged by the volume hash); FIND-ARGS leave out more (the
# technician's own secret file).  A canary proves each encoding is seen.
secret_sweep() {
    _what=$1 _sec=$2
    shift 2
    case $_sec in
    *[!A-Za-z0-9_-]*) fail "secret_sweep: '$_what' must be letters, digits, - or _" ;;
    esac
    _pat="$WORK/.sweep-patterns"
    : >"$_pat"
    printf '%s\n' "$_sec" >>"$_pat"
    printf '%s\n' "$(printf '%s' "$_sec" | sed 's/./&\\x00/g')" >>"$_pat"
    printf '%s\n' "$(printf '%s' "$_sec" | sed 's/./\\x00&/g')" >>"$_pat"
    _hex=$(printf '%s' "$_sec" | od -An -v -tx1 | tr -d ' \n')
    printf '%s\n' "$_hex" "$(printf '%s' "$_hex" | tr a-f A-F)" >>"$_pat"
    for _pre in "" A AA; do
        _b=$(printf '%s%s' "$_pre" "$_sec" | base64 | tr -d '\n')
        [ -n "$_pre" ] && _b=${_b#????}
        printf '%s\n' "${_b%????}" | sed 's/+/\\+/g' >>"$_pat"
    done
    _alt=$(paste -sd'|' "$_pat")
    _can="$WORK/.sweep-canary"
    for _enc in text utf16le utf16be hex base64 base64+1 base64+2; do
        case $_enc in
        text) printf 'x%sx' "$_sec" ;;
        utf16le) printf '%s' "$_sec" | iconv -f UTF-8 -t UTF-16LE ;;
        utf16be) printf '%s' "$_sec" | iconv -f UTF-8 -t UTF-16BE ;;
        hex) printf '%s' "$_hex" ;;
        base64) printf '%s' "$_sec" | base64 ;;
        base64+1) printf 'x%s' "$_sec" | base64 ;;
        base64+2) printf 'xy%s' "$_sec" | base64 ;;
        esac >"$_can"
        LC_ALL=C grep -a -q -P -- "$_alt" "$_can" ||
            { rm -f "$_can"; fail "the sweep cannot see the $_what as $_enc"; }
    done
    rm -f "$_can"
    _n=$(find "$WORK" -type f -size -64M ! -path "$_pat" "$@" | wc -l)
    [ "$_n" -gt 20 ] || fail "only $_n files swept for the $_what"
    _hits=$(find "$WORK" -type f -size -64M ! -path "$_pat" "$@" \
        -exec env LC_ALL=C grep -a -l -P -- "$_alt" {} +)
    rm -f "$_pat"
    [ -z "$_hits" ] || fail "the $_what leaked into: $_hits"
    return 0
}

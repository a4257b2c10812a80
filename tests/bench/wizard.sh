#!/bin/sh
# The wizard through a real terminal (BENCH lines):
# - wizard-first-screen: start to the Environment screen on the demo
#   practice machine, on a fresh 80x24 pty (benchpty), against a shell's
#   `echo` through the same kind of pty, timed the same way (target ratio
#   <= 2);
# - wizard-run-cpu: the CPU the wizard uses on its own Run screen while
#   following a simulated capture of about WIZARD_RUN_SECONDS (default 30)
#   seconds (target under 1 % of one core);
# - wizard-run-lag: from a progress line reaching the log to the Run
#   screen showing its percentage (target under 0.5 s; the screen polls
#   every 100 ms);
# - wizard-screen-change and the bytes of a cursor move and a full repaint
#   (curses sends only what changed), for information.
# The step line is matched as "Step 1 of N" for any N.
# bench-lines: wizard-first-screen wizard-run-cpu wizard-run-lag
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/bench/lib.sh"
bench_build all || exit 2
cc -std=c11 -O2 -Wall tests/bench/benchpty.c -lutil -o "$out/benchpty" || exit 2
export TOP BUILD
# the e2e helpers: a private tmux server, $WORK, $WIZ, screen, send
. "$TOP/tests/e2e/lib.sh"
set +u
"$WIZ" lab create demo "$WORK/lab" >/dev/null || exit 2
V=$WORK/lab/volumes
BIN=$TOP/$BUILD/usmtwiz

if ours=$("$out/benchpty" -n "$runs" 'Step1of[0-9]+:Environment' -- \
        "$BIN" --volume-root "$V" --usmt "$WORK/lab/usmt") &&
    theirs=$("$out/benchpty" -n "$runs" 'ready' -- sh -c 'echo ready'); then
    awk -v o="$ours" -v t="$theirs" -v load="$(load_now)" 'BEGIN {
        split(o, a, " "); split(t, b, " "); r = a[1] / b[1]
        printf "BENCH wizard-first-screen ours=%.2fms theirs=%.2fms ratio=%.2f target=ratio<=2 %s", \
            a[1], b[1], r, r <= 2 ? "met" : "MISSED"
        printf " ours_min=%.2fms theirs_min=%.2fms runs=%d load=%s (theirs: sh -c \"echo ready\" on the same kind of pty)\n", \
            a[2], b[2], a[4], load
    }'
else
    bench_fail wizard-first-screen "the first screen did not show on the pty"
fi

now_ms() { date +%s%3N; }
# until_re REGEX [SECONDS]: poll the screen (no sleep: the wait is measured)
until_re() {
    end=$(( $(now_ms) + ${2:-10} * 1000 ))
    while ! screen | grep -E -q -- "$1"; do
        [ "$(now_ms)" -lt "$end" ] || return 1
    done
}
bytes() { wc -c <"$WORK/tty.out" | tr -d ' '; }
settle() {
    prev=-1
    while [ "$(bytes)" != "$prev" ]; do
        prev=$(bytes)
        sleep 0.2
    done
}

cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="compressed">E:\USMT\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
secs=${WIZARD_RUN_SECONDS:-30}
pace=$((secs * 1000 / 100))
: >"$WORK/tty.out"
start "echo \$\$ >'$WORK/wiz.pid'; USMTWIZ_WINPE=1 SIM_PACE_MS=$pace exec '$BIN' --volume-root '$V' --usmt '$WORK/lab/usmt' --simulate --preset '$WORK/p.xml'"
if ! until_re 'Step 1 of [0-9]+: Environment'; then
    bench_fail wizard-run-cpu "no first screen in tmux"
    bench_fail wizard-run-lag "no first screen in tmux"
    bench_done
fi
N=$(screen | sed -n 's/.*Step 1 of \([0-9]*\):.*/\1/p' | head -n 1)
$TMUX_CMD pipe-pane -o "cat >>$WORK/tty.out"
settle
s=2
while [ $s -le 7 ]; do
    b0=$(bytes)
    t0=$(now_ms)
    send Enter
    until_re "Step $s of $N" || break
    t=$(( $(now_ms) - t0 ))
    settle
    name=$(screen | sed -n "s/.*Step $s of $N: *\([A-Za-z][A-Za-z ]*[a-z]\).*/\1/p" |
        head -n 1 | tr 'A-Z ' 'a-z-')
    echo "BENCH wizard-screen-change to=${name:-step$s} ms=$t bytes=$(( $(bytes) - b0 )) target=none"
    s=$((s + 1))
done
# to the Run screen: the demo's temporary profile blocks until fixed
if ! (review_make_ready) >"$WORK/ready.log" 2>&1; then
    sed 's/^/    /' "$WORK/ready.log"
    bench_fail wizard-run-cpu "the Review screen did not become ready"
    bench_fail wizard-run-lag "the Review screen did not become ready"
    bench_done
fi
b0=$(bytes)
send Down
settle
echo "BENCH wizard-cursor-move bytes=$(( $(bytes) - b0 )) target=none (one Down on Review)"
b0=$(bytes)
send C-l
settle
echo "BENCH wizard-full-repaint bytes=$(( $(bytes) - b0 )) target=none (Ctrl+L on Review: repainting everything, for comparison)"

send Enter
if ! until_re "Step [0-9]+ of $N: Run" || ! until_re 'Phase:' 20; then
    bench_fail wizard-run-cpu "the Run screen did not show"
    bench_fail wizard-run-lag "the Run screen did not show"
    bench_done
fi
pid=$(cat "$WORK/wiz.pid")
hz=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
c0=$(ticks)
r0=$(now_ms)
plog=""
end=$(( $(now_ms) + secs * 6000 ))
while [ -z "$plog" ] && [ "$(now_ms)" -lt "$end" ]; do
    # the plan's default: E:\USMT\<computer>-logs\progress.log
    plog=$(find "$V/E/USMT" -name progress.log 2>/dev/null | head -n 1)
    [ -n "$plog" ] && ! grep -q -a totalPercentageCompleted "$plog" && plog=""
    [ -n "$plog" ] || sleep 0.1
done
# lag: when a new percentage reaches the log, time until the screen has it
sum=0
worst=0
n=0
last=""
while [ $n -lt 10 ] && [ -n "$plog" ] && [ "$(now_ms)" -lt "$end" ]; do
    p=$(grep -a -o 'totalPercentageCompleted, [0-9]*' "$plog" | tail -n 1 | sed 's/.*, //')
    if [ -n "$p" ] && [ "$p" != "$last" ] && [ -n "$last" ] && [ "$p" -lt 95 ]; then
        t0=$(now_ms)
        until_re "[ ]$p%" 5 || break
        d=$(( $(now_ms) - t0 ))
        sum=$((sum + d))
        n=$((n + 1))
        [ $d -gt $worst ] && worst=$d
        last=$p
        # wait for the next line rather than catching one mid-way
        sleep 0.05
    fi
    [ -z "$last" ] && last=$p
done
if [ $n -ge 3 ]; then
    bench_value wizard-run-lag "$(awk -v s="$sum" -v n="$n" 'BEGIN { printf "%.3f", s / n / 1000 }')" s "<=" 0.5 \
        "worst=$(awk -v w="$worst" 'BEGIN { printf "%.3f", w / 1000 }')s samples=$n (log line to Run screen, through tmux; the screen polls every 100 ms)"
else
    bench_fail wizard-run-lag "too few progress lines seen on the Run screen ($n; log '${plog:-none}')"
fi
if until_re 'Done:' $((secs * 3)); then
    c1=$(ticks)
    r1=$(now_ms)
    cpu=$(awk -v t="$((c1 - c0))" -v hz="$hz" -v ms="$((r1 - r0))" 'BEGIN { printf "%.2f", 100 * t / hz / (ms / 1000) }')
    bench_value wizard-run-cpu "$cpu" % "<=" 1 \
        "over=$(( (r1 - r0) / 1000 ))s (the wizard on its Run screen, through tmux; scanstate-sim not counted)"
else
    bench_fail wizard-run-cpu "the simulated capture did not finish"
fi
$TMUX_CMD kill-server 2>/dev/null
bench_done

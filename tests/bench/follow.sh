#!/bin/sh
# Following a run (BENCH lines): the CPU usmtwiz uses while following a
# simulated capture of about 60 s (target under 1 % of one core), and the
# delay from a progress line being written to usmtwiz showing it (target
# under 0.5 s), measured with `usmtwiz attach` on a progress log we write
# (the wizard's own Run screen: wizard.sh).
# bench-lines: follow-cpu follow-delay
. "${TOP:-$(dirname "$0")/../..}/tests/bench/lib.sh"
WIZ=$BUILD/usmtwiz
out=$BUILD/bench/follow
rm -rf "$out" && mkdir -p "$out"
bench_build all || exit 2
secs=${FOLLOW_SECONDS:-60}
P="$out/progress.log"
S="24 Nov 2026, 10:00:00 +01:00, 00:00:0"
printf '%s\r\n' "${S}1, PHASE, Gathering" >"$P"

# CPU: attach follows a log that grows once a second for $secs seconds
"$WIZ" attach "$P" >"$out/attach.out" 2>&1 &
pid=$!
i=0
while [ $i -lt "$secs" ]; do
    sleep 1
    printf '%s\r\n' "${S}2, totalPercentageCompleted, $((i * 100 / secs))" >>"$P"
    i=$((i + 1))
done
ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
hz=$(getconf CLK_TCK)
printf '%s\r\n' "${S}9, errorCode, 0, numberOfIgnoredErrors, 0, message, \"Successful run\"" >>"$P"
wait $pid
cpu=$(awk -v t="$ticks" -v hz="$hz" -v s="$secs" 'BEGIN { printf "%.3f", 100 * t / hz / s }')
bench_value follow-cpu "$cpu" % "<=" 1 "of one core over ${secs}s (usmtwiz attach)"

# delay: write a line, time until attach prints it (10 samples)
printf '%s\r\n' "${S}1, PHASE, Gathering" >"$P"
"$WIZ" attach "$P" >"$out/attach2.out" 2>&1 &
pid=$!
sleep 1
worst=0
sum=0
for k in 1 2 3 4 5 6 7 8 9; do
    t0=$(date +%s%N)
    printf '%s\r\n' "${S}2, totalPercentageCompleted, $((k * 10))" >>"$P"
    n=0
    while ! grep -q "$((k * 10)) %" "$out/attach2.out"; do
        n=$((n + 1))
        [ $n -lt 1000 ] || { bench_fail follow-delay "attach never showed $((k * 10)) %"; kill $pid; bench_done; }
        sleep 0.01
    done
    t1=$(date +%s%N)
    d=$(( (t1 - t0) / 1000000 ))
    sum=$((sum + d))
    [ $d -gt $worst ] && worst=$d
    sleep 0.3
done
printf '%s\r\n' "${S}9, errorCode, 0, numberOfIgnoredErrors, 0, message, \"Successful run\"" >>"$P"
wait $pid
bench_value follow-delay "$(awk -v s="$sum" 'BEGIN { printf "%.3f", s / 9 / 1000 }')" s "<=" 0.5 \
    "worst=$(awk -v w="$worst" 'BEGIN { printf "%.3f", w / 1000 }')s samples=9 (usmtwiz attach, which polls every 200 ms)"
bench_done

#!/bin/sh
# One sweep for the encryption key.  The key is typed in the wizard (tmux),
# a preset is saved from Review, a capture runs with the simulator, then a
# second capture is cut short by a crash (SIGABRT) of the wizard, and a
# third one gets its key at the plain mode's prompt.  The key,
# as text, UTF-16LE/BE, base64 and hex, must be nowhere: not in everything
# the terminal received, the scrollback, the screens, the argv and
# environment of scanstate-sim while it runs, the wizard's stderr (also
# when it crashes), nor any file under the work folder (logs, progress
# log, report, saved preset, run state, the store, the temporary area).
# The key file exists while scanstate runs and is gone after the end and
# after the crash.
. "$TOP/tests/e2e/lib.sh"
KEY=Zq7LeakSweep42xQ
"$WIZ" lab create demo "$WORK/lab" >/dev/null || fail "lab create failed"
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
preset() {
    cat >"$WORK/$1.xml" <<XML
<usmtwizPreset version="1">
  <store kind="compressed">E:\\$1\\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
}
preset done
preset crash
preset plain

# The patterns: the key and its obvious encodings.  base64 of a longer
# blob holds the key at one of three alignments: the stable middle of each.
: >"$WORK/patterns"
add_pat() { printf '%s\t%s\n' "$1" "$2" >>"$WORK/patterns"; }
add_pat text "$KEY"
add_pat utf16le "$(printf '%s' "$KEY" | sed 's/./&\\x00/g')"
add_pat utf16be "$(printf '%s' "$KEY" | sed 's/./\\x00&/g')"
add_pat hex "$(printf '%s' "$KEY" | od -An -v -tx1 | tr -d ' \n')"
add_pat HEX "$(printf '%s' "$KEY" | od -An -v -tx1 | tr -d ' \n' | tr a-f A-F)"
for pre in "" A AA; do
    b=$(printf '%s%s' "$pre" "$KEY" | base64 | tr -d '\n')
    [ -n "$pre" ] && b=${b#????}
    add_pat "base64${pre:++${#pre}}" "${b%????}"
done

# holds_key FILE: prints the encodings of the key found in FILE.
holds_key() {
    while IFS="$(printf '\t')" read -r name pat; do
        if LC_ALL=C grep -a -q -P -- "$pat" "$1" 2>/dev/null; then
            printf ' %s' "$name"
        fi
    done <"$WORK/patterns"
}

# The sweep must see a leak: a canary file holds the
# key in every encoding and each one has to be found; it is removed
# before the sweep.
canary="$WORK/canary"
while IFS="$(printf '\t')" read -r name pat; do
    : >"$canary"
    case $name in
    text) printf 'log: %s\n' "$KEY" >"$canary" ;;
    utf16le) printf '%s' "$KEY" | iconv -f ASCII -t UTF-16LE >"$canary" ;;
    utf16be) printf '%s' "$KEY" | iconv -f ASCII -t UTF-16BE >"$canary" ;;
    hex) printf 'x%sx' "$(printf '%s' "$KEY" | od -An -v -tx1 | tr -d ' \n')" >"$canary" ;;
    HEX) printf '%s' "$KEY" | od -An -v -tx1 | tr -d ' \n' | tr a-f A-F >"$canary" ;;
    base64) printf 'k=%s' "$(printf '%s' "$KEY" | base64)" >"$canary" ;;
    base64+1) printf 'k=%s' "$(printf 'x%s' "$KEY" | base64)" >"$canary" ;;
    base64+2) printf 'k=%s' "$(printf 'xy%s' "$KEY" | base64)" >"$canary" ;;
    esac
    found=$(holds_key "$canary")
    case " $found " in
    *" $name "*) ;;
    *) rm -f "$canary"; fail "the sweep cannot see the key as $name" ;;
    esac
done <"$WORK/patterns"
rm -f "$canary"

# dump_proc PID NAME: argv and environment of a running process.
dump_proc() {
    tr '\0' '\n' <"/proc/$1/cmdline" >"$WORK/proc-$2.cmdline" ||
        fail "cannot read the argv of $1"
    tr '\0' '\n' <"/proc/$1/environ" >"$WORK/proc-$2.environ" ||
        fail "cannot read the environment of $1"
    grep -q 'scanstate-sim' "$WORK/proc-$2.cmdline" || fail "$1 is not scanstate-sim"
    grep -q '^/keyfile:' "$WORK/proc-$2.cmdline" || fail "no /keyfile for scanstate-sim"
}

# capture NAME: everything tmux holds for the pane (scrollback, screen).
capture() {
    $TMUX_CMD capture-pane -p -S - -E - >"$WORK/pane-$1.txt" 2>/dev/null
    $TMUX_CMD capture-pane -p -a -S - -E - >>"$WORK/pane-$1.txt" 2>/dev/null
}

# run_to_start NAME: type the key on Options, save a preset on Review,
# start the capture; returns once scanstate-sim runs, its pid in $sim.
run_to_start() {
    start "sh -c 'echo \$\$ >$WORK/pid-$1; USMTWIZ_WINPE=1 SIM_PACE_MS=$2" \
        "exec $WIZ --volume-root $V --usmt $U --simulate" \
        "--preset $WORK/$1.xml --log $WORK/wiz-$1.log 2>$WORK/wiz-$1.stderr'"
    $TMUX_CMD pipe-pane -o "cat >>'$WORK/pane-$1.raw'" ||
        fail "cannot record the pane"
    wait_for "Step 1 of 9: Environment"
    for s in 2 3 4 5 6; do
        send Enter
        wait_for "Step $s of 9"
    done
    send Down Down Down Down Down Space
    wait_for "yes, with a key typed here"
    send Down
    send -l "$KEY"
    send Down
    send -l "$KEY"
    wait_for "both match"
    capture "$1-options"
    send Enter
    wait_for "Step 7 of 9: Review"
    review_make_ready
    send p
    wait_for "Preset file"
    # replace the default (a folder made only by the run) with our own
    send End $(i=0; while [ $i -lt 120 ]; do printf 'BSpace '; i=$((i + 1)); done)
    send -l "$WORK/saved-$1.xml"
    send Enter
    wait_for "preset saved"
    [ -f "$WORK/saved-$1.xml" ] || fail "the preset was not saved"
    capture "$1-review"
    send Enter
    wait_for "Step 8 of 9: Run"
    wait_for "Phase:"
    wpid=$(cat "$WORK/pid-$1")
    sim=$(pgrep -P "$wpid" | head -n 1)
    [ -n "$sim" ] || fail "no scanstate-sim under the wizard $wpid"
    dump_proc "$sim" "$1"
    kf=$(sed -n 's|^/keyfile:||p' "$WORK/proc-$1.cmdline")
    [ -f "$kf" ] || fail "the key file '$kf' is not there while scanstate runs"
}

# wait_pid_gone PID: the simulator ends on its own.
wait_pid_gone() {
    i=0
    while kill -0 "$1" 2>/dev/null; do
        i=$((i + 1))
        [ $i -lt 600 ] || fail "process $1 does not end"
        sleep 0.1
    done
}

# 1. a complete capture
run_to_start done 40
wait_for "Done:" 60
screen | grep -q "return code 0" || fail "the capture did not end with 0"
send Enter
wait_for "Step 9 of 9: Result"
capture done-result
send Enter
wait_exit 0 10
capture done-end
[ -f "$V/E/done/PC-ACC-0042/USMT/USMT.MIG" ] || fail "no store"
[ -f "$V/E/done/PC-ACC-0042/usmtwiz-report.xml" ] || fail "no report"
grep -q '<encrypt' "$WORK/saved-done.xml" || fail "the saved preset lost the encryption"
[ -f "$kf" ] && fail "the key file is still there after the capture"
$TMUX_CMD kill-server
sleep 0.2

# 2. the wizard crashes while scanstate runs
run_to_start crash 150
kill -ABRT "$wpid" || fail "cannot signal the wizard"
wait_exit 134 10
capture crash-end
[ -f "$kf" ] && fail "the key file is still there after the crash"
# scanstate goes on without the wizard; end it (it is ours) to sweep sooner
kill "$sim" 2>/dev/null
wait_pid_gone "$sim"
$TMUX_CMD kill-server

# 3. the plain mode: the key typed at its prompt, without echo
start "sh -c 'USMTWIZ_WINPE=1 SIM_PACE_MS=0 exec $WIZ --plain" \
    "--volume-root $V --usmt $U --simulate --preset $WORK/plain.xml" \
    "--log $WORK/wiz-plain.log 2>$WORK/wiz-plain.stderr'"
$TMUX_CMD pipe-pane -o "cat >>'$WORK/pane-plain.raw'" || fail "cannot record the pane"
wait_for "Step 1 of 7"
for s in 2 3 4 5 6; do
    send Enter
    wait_for "Step $s of 7"
done
wait_for "k types an encryption key"
send k Enter
wait_for "Encryption key (not shown):"
send -l "$KEY"
send Enter
wait_for "The same key again:"
send -l "$KEY"
send Enter
wait_for "Encryption on, with the key typed here (16 characters"
send Enter
wait_for "Type s to start"
send 'f 1' Enter
wait_for "Fixed temp-profile-present"
send s Enter
wait_exit 0 30
capture plain-end
grep -q 'keyfile:' "$WORK/pane-plain-end.txt" || fail "the plain run had no key file"
[ -f "$V/E/plain/PC-ACC-0042/USMT/USMT.MIG" ] || fail "no store from the plain mode"
$TMUX_CMD kill-server

# no key file, no key folder anywhere
left=$(find "$WORK" \( -name '*.key' -o -name 'usmtwiz-key*' \) -print)
[ -z "$left" ] || fail "key files left: $left"

# 3. the sweep: every file under the work folder (the captures above
# included), skipping only the big sparse practice files of the offline
# volume, which the automatic volume hash proves unchanged.
alt=$(cut -f2 "$WORK/patterns" | paste -sd'|')
swept() {
    find "$WORK" -type f ! -name patterns ! -path "$V/D/*" "$@"
    find "$V/D" -type f -size -64M "$@"
}
n=$(swept -print | wc -l)
bad=""
hits=$(swept -exec grep -a -l -P -- "$alt" {} +)
if [ -n "$hits" ]; then
    bad=$(echo "$hits" | while read -r f; do echo "  $f:$(holds_key "$f")"; done)
fi
[ -z "$bad" ] || fail "the key leaked into:
$bad"
[ $n -gt 50 ] || fail "only $n files swept"
for f in pane-done.raw pane-crash.raw proc-done.cmdline proc-done.environ \
    proc-crash.cmdline proc-crash.environ wiz-done.stderr wiz-crash.stderr \
    wiz-done.log pane-crash-end.txt pane-plain.raw wiz-plain.stderr; do
    [ -f "$WORK/$f" ] || fail "nothing was recorded in $f"
done
[ -s "$WORK/pane-done.raw" ] || fail "the terminal stream was not recorded"
exit 0

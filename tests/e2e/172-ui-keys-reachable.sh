#!/bin/sh
# Every key that works is reachable, at 80x24 and 100x30: a key bar too
# narrow for all of them says "more keys" on its help key, and the help
# lists the left-out keys from the same table; a left-out key works, each
# shown key does something, a key in no table does nothing.
. "$TOP/tests/e2e/lib.sh"

bar() { screen | tail -n 1; }
shows() { bar | grep -F -q -- "$1"; }
# changes KEY...: the keys change the screen
changes() {
    screen >"$WORK/before.txt"
    send "$@"
    sleep 0.4
    screen >"$WORK/after.txt"
    cmp -s "$WORK/before.txt" "$WORK/after.txt" && fail "$size: '$*' did nothing"
    return 0
}
same_after() {
    screen >"$WORK/before.txt"
    send "$@"
    sleep 0.4
    screen >"$WORK/after.txt"
    cmp -s "$WORK/before.txt" "$WORK/after.txt" ||
        { diff "$WORK/before.txt" "$WORK/after.txt"; fail "$size: '$*' did something"; }
}
# help_key: the key the bar names for the help ("?" or "F1")
help_key() { bar | sed -n 's/.*  \([^ ]*\) \(help\|more keys\)  .*/\1/p'; }
# reachable NAME: every key the help lists (the screen's table) is on the
# bar, or the bar says "more keys"; "more keys" only when one is left out
reachable() {
    b=$(bar)
    hk=$(help_key)
    [ -n "$hk" ] || fail "$size: $1: no help key on the bar: $b"
    send "$hk"
    wait_for "Keys that work here now:"
    screen | sed -n '/Keys that work here now:/,/│ *│/p' | sed '1d;$d' |
        sed 's/^[^│]*│ *//; s/ *│.*$//' >"$WORK/keys"
    send Escape
    wait_gone "Keys that work here now:"
    [ -s "$WORK/keys" ] || fail "$size: $1: the help lists no keys"
    missing=0
    while IFS= read -r line; do
        key=${line%%  *}
        what=$(printf '%s' "${line#"$key"}" | sed 's/^ *//')
        [ "$what" = help ] && continue
        case "$b" in
        *"$key $what"*) ;;
        *) missing=$((missing + 1)) ;;
        esac
    done <"$WORK/keys"
    case "$b" in
    *"more keys"*) [ $missing -gt 0 ] || fail "$size: $1: 'more keys' with nothing left out: $b" ;;
    *) [ $missing -eq 0 ] || { cat "$WORK/keys"; fail "$size: $1: keys left out silently: $b"; } ;;
    esac
}

for size in 80x24 100x30; do
    COLS=${size%x*} ROWS=${size#*x}
    export COLS ROWS
    "$WIZ" lab create demo "$WORK/lab-$size" >/dev/null ||
        fail "lab create failed"
    V="$WORK/lab-$size/volumes"
    start "'$WIZ' --volume-root '$V' --usmt '$WORK/lab-$size/usmt' --simulate"
    wait_for "Step 1 of 9: Environment"
    reachable Environment
    send Enter
    wait_for "Step 2 of 9: Volume"
    reachable Volume
    send Enter
    wait_for "Step 3 of 9: Users"
    wait_gone "sizing " 30
    reachable Users
    # a key the bar may leave out works: k filters by kind
    changes k
    screen | sed -n 3p | grep -q "kind " || fail "$size: k set no kind filter"
    # the keys shown work
    shows "Space pick" && changes Space
    shows "+-= shown" && changes -
    shows "a fix" && changes a
    same_after z
    same_after F5
    for s in 4 5 6; do
        send Enter
        wait_for "Step $s of 9"
        reachable "step $s"
    done
    send Enter
    wait_for "Step 7 of 9: Review"
    reachable Review
    # the command scrolls (PgDn) when it is longer than its part
    if grep -q "PgUp/PgDn" "$WORK/keys"; then
        changes PageDown
        changes PageUp
    else
        same_after PageDown
    fi
    shows "e why" && { changes e; send Escape; sleep 0.3; }
    same_after z
    send q
    wait_for "Quit usmtwiz?"
    send y
    wait_exit 1
    $TMUX_CMD kill-server 2>/dev/null
    sleep 0.3
done
exit 0

#!/bin/sh
# One name for each thing, at 80x24 and 100x30: the Volume list and the
# details below it name the same Windows; a volume's place reads "on E:
# "LABEL"" or just "on E:" (never "on E: ,"); the days filter counts back
# from the PC's last use and says so; the options default to /v:5.
. "$TOP/tests/e2e/lib.sh"
for size in 80x24 100x30; do
    COLS=${size%x*} ROWS=${size#*x}
    export COLS ROWS
    "$WIZ" lab create demo "$WORK/lab-$size" >/dev/null ||
        fail "lab create failed"
    start "'$WIZ' --volume-root '$WORK/lab-$size/volumes' --usmt '$WORK/lab-$size/usmt' --simulate"
    wait_for "Step 1 of 9: Environment"
    send Enter
    wait_for "Step 2 of 9: Volume"
    wait_for "Windows:"
    row=$(screen | grep '^ >' | head -n 1)
    name=$(echo "$row" | grep -o 'Windows 1[01] [A-Za-z]*' | head -n 1)
    [ -n "$name" ] || fail "$size: no Windows name in the list: $row"
    screen | grep 'Windows:' | grep -q -F "$name" ||
        fail "$size: the details do not say '$name'"
    screen | grep -q ', build ' && fail "$size: a second spelling of the build"
    send Enter
    wait_for "Step 3 of 9: Users"
    send d
    wait_for "Used within N days"
    send -l 30
    send Enter
    wait_for "used 30d to 2024-06-03"
    screen | grep -q "No user matches the filters." &&
        fail "$size: the days filter counted from today"
    send d
    wait_for "Used within N days"
    send BSpace BSpace Enter
    wait_gone "used 30d to"
    send Enter
    wait_for "Step 4 of 9: Store"
    screen | grep -q 'on [A-Z]: ,' && fail "$size: an empty label leaves ' ,'"
    send Escape
    wait_for "Step 3 of 9: Users"
    send q
    wait_for "Quit usmtwiz?"
    send y
    wait_exit 1
    $TMUX_CMD kill-server 2>/dev/null
    sleep 0.3
done
exit 0

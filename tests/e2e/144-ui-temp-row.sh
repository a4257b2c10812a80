#!/bin/sh
# One row per profile, at 80x24 and 100x30: the TEMP profile of
# CONTOSO\mkhan (same SID) is shown as theirs, has no box of its own, is
# never ticked by ticking them, and Space is not offered on it; its
# finding names it by the drive letter Windows PE sees.
. "$TOP/tests/e2e/lib.sh"
for size in 80x24 100x30; do
    COLS=${size%x*} ROWS=${size#*x}
    export COLS ROWS
    "$WIZ" lab create demo "$WORK/lab-$size" >/dev/null ||
        fail "lab create failed"
    V="$WORK/lab-$size/volumes"
    start "'$WIZ' --volume-root '$V' --usmt '$WORK/lab-$size/usmt' --simulate"
    wait_for "Step 1 of 9: Environment"
    send Enter
    wait_for "Step 2 of 9: Volume"
    send Enter
    wait_for "Step 3 of 9: Users"
    # the finding names the folder by the letter Windows PE sees (D:)
    # columns sized to their content: kinds and sources whole
    screen | grep -q -e 'Identity…' -e 'tempora…' -e 'well-kno…' &&
        fail "$size: a kind or source cut next to empty space"
    wait_for "a temporary profile is present ('D:\\Users\\TEMP'"
    # the last rows (TEMP is the 11th of 13)
    send End
    wait_for "TEMP "
    screen | grep -E '^ *(\[.\]| - ) +TEMP ' | grep -q '^ *- ' ||
        fail "$size: the TEMP row has a box of its own"
    # go to mkhan and tick them: TEMP stays without a tick
    send /
    send -l mkhan
    send Enter
    wait_gone "TEMP "
    count=$(screen | grep -o '[0-9]* of [0-9]* selected')
    send Space
    sleep 0.3
    [ "$(screen | grep -o '[0-9]* of [0-9]* selected')" != "$count" ] ||
        fail "$size: mkhan not ticked"
    send /
    send BSpace BSpace BSpace BSpace BSpace
    send Enter
    wait_for "TEMP "
    screen | grep -E 'TEMP ' | grep -q '\[x\]' && fail "$size: TEMP ticked with mkhan"
    # on the TEMP row: it says whose it is, and Space is not offered
    send /
    send -l TEMP
    send Enter
    # "systemprofile" matches too: the TEMP row is the last one
    send End
    wait_for "profile of CONTOSO\\mkhan"
    screen | tail -n 1 | grep -q "Space" && fail "$size: Space offered on TEMP"
    send q
    wait_for "Quit usmtwiz?"
    send y
    wait_exit 1
    $TMUX_CMD kill-server 2>/dev/null
    sleep 0.3
done
exit 0

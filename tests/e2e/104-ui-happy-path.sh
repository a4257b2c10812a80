#!/bin/sh
# The standard capture with defaults: Enter on every screen reaches Review,
# which shows the command (an offline.xml only with /offline:) and the findings; every screen
# has its title and key bar.  Quitting from Review asks first.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
start "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt" \
    "--simulate --log $WORK/wiz.log"
wait_for "Step 1 of 9: Environment"
wait_for "[simulate]"
send Enter
wait_for "Step 2 of 9: Volume"
wait_for "PC-ACC-0042"
wait_for "USBSTORE"
send Enter
wait_for "Step 3 of 9: Users"
wait_for "selected"
send Enter
wait_for "Step 4 of 9: Store"
wait_for 'E:\USMT\PC-ACC-0042'
wait_for "Working directory"
send Enter
wait_for "Step 5 of 9: What to migrate"
wait_for "[x] MigApp.xml"
wait_for "[x] MigDocs.xml"
wait_for "[ ] MigUser.xml"
send Enter
wait_for "Step 6 of 9: Options"
wait_for "/c (skip files"
send Enter
wait_for "Step 7 of 9: Review"
wait_for "Command line:"
wait_for "Findings:"
# the command uses /offlineWinDir: no offline.xml is shown beside it
seen() {
    i=0
    while [ $i -lt 10 ]; do
        screen | grep -F -q -- "$1" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
seen '/offlineWinDir:D:\Windows' || fail "no /offlineWinDir"
for n in 1 2 3 4 5 6; do
    screen | grep -q "offline.xml (the installation" &&
        fail "an offline.xml the command does not use"
    send NPage
    sleep 0.1
done
send PPage PPage PPage PPage PPage PPage
wait_for "Command line:"
send q
wait_for "Quit usmtwiz?"
send y
wait_exit 1
for s in environment volume users store migrate options review; do
    grep -q "screen: $s" "$WORK/wiz.log" || fail "screen $s not logged"
done
exit 0

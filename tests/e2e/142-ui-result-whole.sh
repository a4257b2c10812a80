#!/bin/sh
# Nothing cut on Result, at 80x24 and 100x30: no row ends in "…" (the
# loadstate command and the hard-link caution wrap, keeping their indent);
# a hard-link store is restored on this PC, not "on the new PC"; the
# loadstate command, with /hardlink /nocompress and /lac, is in the text
# and the XML report too.
. "$TOP/tests/e2e/lib.sh"
for size in 80x24 100x30; do
    COLS=${size%x*} ROWS=${size#*x}
    export COLS ROWS
    "$WIZ" lab create demo "$WORK/lab-$size" >/dev/null ||
        fail "lab create failed"
    V="$WORK/lab-$size/volumes"
    # the hard-link store is written on the offline volume D: by design
    volume_unwatch "$V/D"
    cat >"$WORK/p.xml" <<'XML'
<usmtwizPreset version="1">
  <store kind="hardlink">D:\USMT\%COMPUTERNAME%</store>
  <users><include kind="local"/><excludeSid>*-500</excludeSid></users>
  <migxml>MigDocs.xml</migxml>
  <options continueOnError="yes" efs="copyraw"/>
</usmtwizPreset>
XML
    start "USMTWIZ_WINPE=1 SIM_PACE_MS=20 '$WIZ' --volume-root '$V' --usmt '$WORK/lab-$size/usmt' --simulate --preset '$WORK/p.xml'"
    to_ready_review
    send Enter
    wait_for "Step 8 of 9: Run"
    wait_for "Done:" 60
    send Enter
    wait_for "Step 9 of 9: Result"
    # every page of the Result text, from the top to its last line
    : >"$WORK/pages"
    i=0
    while [ $i -lt 12 ]; do
        screen >>"$WORK/pages"
        # rows 3..N-1 are the body; the step line may end in "…" by design
        screen | sed '1,2d;$d' | grep -q '…$' && fail "$size: a cut row"
        screen | grep -q "repartition" && break
        send PageDown
        sleep 0.3
        i=$((i + 1))
    done
    grep -q "/hardlink /nocompress" "$WORK/pages" ||
        fail "$size: no loadstate line with /hardlink /nocompress"
    grep -q "On this PC, once Windows is installed again" "$WORK/pages" ||
        fail "$size: the hard-link store's next step is not on this PC"
    grep -q "On the new PC" "$WORK/pages" &&
        fail "$size: a hard-link store on 'the new PC'"
    send Enter
    wait_exit 0 10
    rep="$V/D/USMT/PC-ACC-0042"
    grep -q '^Loadstate:  loadstate.exe D:\\USMT\\PC-ACC-0042 .*/hardlink /nocompress.*/lac' \
        "$rep/usmtwiz-report.txt" || fail "$size: no loadstate line in the text report"
    grep -q '<loadstate>loadstate.exe .*/hardlink /nocompress' \
        "$rep/usmtwiz-report.xml" || fail "$size: no loadstate in the XML report"
    $TMUX_CMD kill-server 2>/dev/null
    sleep 0.3
done
exit 0

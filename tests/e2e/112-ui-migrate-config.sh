#!/bin/sh
# What to migrate: the rule files with descriptions; a Config.xml loaded
# from the USMT folder, its tree folded and unfolded, a component switched
# off (with the ones inside it), saved as a new file; the original is never
# changed and going on with unsaved changes is refused.
. "$TOP/tests/e2e/lib.sh"
check "$WIZ" lab create demo "$WORK/lab" >/dev/null
cat >"$WORK/lab/usmt/Config.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Configuration>
  <Applications>
    <component displayname="Office Suite" migrate="yes" ID="office">
      <component displayname="Word Settings" migrate="yes" ID="word"/>
    </component>
  </Applications>
  <WindowsComponents>
    <component displayname="Wallpaper" migrate="yes" ID="wallpaper"/>
  </WindowsComponents>
</Configuration>
XML
cp "$WORK/lab/usmt/Config.xml" "$WORK/original.xml"
start "$WIZ --volume-root $WORK/lab/volumes --usmt $WORK/lab/usmt"
wait_for "Step 1 of 9: Environment"
for s in "Step 2 of 9" "Step 3 of 9" "Step 4 of 9" \
    "Step 5 of 9: What to migrate"; do
    send Enter
    wait_for "$s"
done
wait_for "settings of common applications"
wait_for "Config.xml: none"
send c
wait_for "The Config.xml to use"
send Enter
wait_for "Office Suite"
wait_for "Wallpaper"
wait_gone "Word Settings"
send End Up
send Right
wait_for "Word Settings"
send Space
wait_for "[ ] Office Suite"
wait_for "[ ] Word Settings"
wait_for "(CHANGED"
send Enter
wait_for "Cannot go on: the Config.xml was changed"
send s
wait_for "Save Config.xml as"
send Enter
wait_for "saved as E:"
wait_gone "CHANGED"
send Enter
wait_for "Step 6 of 9: Options"
send Enter
wait_for "Step 7 of 9: Review"
wait_for "Command line:"
# the command scrolls above the findings (PgDn)
i=0
while ! screen | grep -q "/config:E:" && [ $i -lt 6 ]; do
    send PageDown
    sleep 0.3
    i=$((i + 1))
done
wait_for "/config:E:"
cmp -s "$WORK/original.xml" "$WORK/lab/usmt/Config.xml" ||
    fail "the original Config.xml was changed"
saved=$(find "$WORK/lab/volumes/E" -name 'Config-usmtwiz.xml')
[ -n "$saved" ] || fail "no saved Config.xml"
grep -q 'migrate="no"' "$saved" || fail "the saved file has no change"
send F10
wait_for "Quit usmtwiz?"
send y
wait_exit 1
exit 0

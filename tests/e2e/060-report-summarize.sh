#!/bin/sh
# report summarize/show: usage errors, nothing found, a broken report.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" report >/dev/null 2>&1; [ $? -eq 2 ] || fail "no arguments should be exit 2"
mkdir -p "$WORK/empty"
"$WIZ" report summarize "$WORK/empty" >/dev/null 2>"$WORK/err"; st=$?
[ $st -eq 1 ] || fail "an empty share should be exit 1, got $st"
grep -q 'no usmtwiz-report.xml found' "$WORK/err" || fail "no clear message"
mkdir -p "$WORK/share/pc1"
printf '<usmtwizReport><computer>PC1</computer><started>2026-01-02T03:04:05Z</started><finished>2026-01-02T03:05:05Z</finished><result rc="0">success</result></usmtwizReport>' >"$WORK/share/pc1/usmtwiz-report.xml"
mkdir -p "$WORK/share/pc2"
printf 'not xml' >"$WORK/share/pc2/usmtwiz-report.xml"
out=$("$WIZ" report summarize "$WORK/share") || fail "summarize failed"
echo "$out" | grep -q '2026-01-02 03:04 PC1' || fail "row missing: $out"
echo "$out" | grep -q 'could not be read' || fail "broken report not listed: $out"
"$WIZ" report summarize --csv "$WORK/share" | grep -q '^2026-01-02 03:04,PC1,' || fail "csv row missing"
"$WIZ" report show "$WORK/share/pc1" | grep -q 'Result:     success' || fail "show failed"
exit 0

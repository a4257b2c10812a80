#!/bin/sh
# usmtwiz lint --list-rules: one stable line per rule (the README table is
# generated from it), and a Markdown form.
. "$TOP/tests/e2e/lib.sh"

"$WIZ" lint --list-rules >"$WORK/a.txt" || fail "--list-rules failed"
"$WIZ" lint --list-rules >"$WORK/b.txt" || fail "--list-rules failed twice"
cmp -s "$WORK/a.txt" "$WORK/b.txt" || fail "--list-rules output is not stable"
n=$(wc -l <"$WORK/a.txt")
[ "$n" -ge 90 ] || fail "only $n rules listed"
grep -q '^offline-ui-by-name  *error  *users  *' "$WORK/a.txt" || fail "offline-ui-by-name row"
grep -q '^no-continue  *warning  *options .*(fix)$' "$WORK/a.txt" || fail "no-continue row"
grep -q '^key-short  *info ' "$WORK/a.txt" || fail "key-short row"
# ids are unique
dups=$(cut -d' ' -f1 "$WORK/a.txt" | sort | uniq -d)
[ -z "$dups" ] || fail "duplicate ids: $dups"
# every line: id, severity, fields, summary, [ref doc]
bad=$(grep -cvE '^[a-z0-9-]+ +(error|warning|info) +[a-z,]+ +.+ \[§[^]]+\]( \(fix\))?$' "$WORK/a.txt")
[ "$bad" -eq 0 ] || fail "$bad malformed lines"

"$WIZ" lint --list-rules --markdown >"$WORK/m.md" || fail "--markdown failed"
head -n 2 "$WORK/m.md" | tail -n 1 | grep -q '^|---|---|---|---|---|---|$' || fail "markdown header"
rows=$(grep -c '^| `' "$WORK/m.md")
[ "$rows" -eq "$n" ] || fail "markdown has $rows rows, text $n"
grep -q '^| `hardlink-needs-nocompress` | error | store | ' "$WORK/m.md" || fail "markdown row"
exit 0

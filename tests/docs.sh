#!/bin/sh
# The README's generated sections come from the program itself, so they
# cannot drift: the rule table (`usmtwiz lint --list-rules --markdown`) and
# troubleshooting by return code (`usmtwiz explain`).  So do the rule ids
# at the end of each screen's help (assets/help/NAME.txt, from
# `usmtwiz lint --list-rules --screen NAME`).
#   sh tests/docs.sh           check (part of make check)
#   sh tests/docs.sh --update  rewrite the sections (make docs)
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
WIZ=$BUILD/usmtwiz
[ -x "$WIZ" ] || make -s --no-print-directory BUILD="$BUILD" all || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$WIZ" lint --list-rules --markdown >"$tmp/rules" || exit 2
{
    echo "| Code | Symbol | What happened | What to do |"
    echo "|---|---|---|---|"
    "$WIZ" explain --list | grep '^[0-9]' | while read -r code sym rest; do
        "$WIZ" explain "$code" | awk -v code="$code" -v sym="$sym" '
            /^Meaning:/ { m = 1; f = 0; next }
            /^Fix:/ { f = 1; m = 0; next }
            /^[A-Z][a-z]*( [a-z()]+)*:/ { m = 0; f = 0 }
            m { sub(/^ +/, ""); meaning = meaning (meaning ? " " : "") $0 }
            f { sub(/^ +/, ""); fix = fix (fix ? " " : "") $0 }
            END {
                gsub(/\|/, "\\|", meaning); gsub(/\|/, "\\|", fix)
                printf "| %s | `%s` | %s | %s |\n", code, sym, meaning, fix
            }'
    done
} >"$tmp/codes" || exit 2

# replace the text between <!-- generated: NAME --> and <!-- end: NAME -->
render() {
    awk -v rules="$tmp/rules" -v codes="$tmp/codes" '
        function dump(f,   line) { while ((getline line < f) > 0) print line; close(f) }
        /^<!-- generated: rules -->$/ { print; dump(rules); skip = 1; next }
        /^<!-- generated: return-codes -->$/ { print; dump(codes); skip = 1; next }
        /^<!-- end: (rules|return-codes) -->$/ { skip = 0 }
        !skip { print }' README.md
}
render >"$tmp/README.md"

# help_section NAME: the help file of screen NAME with its last part (from
# the "Rules behind" line) made from the rule table.
HELP_HEAD="Rules behind the findings on this screen (usmtwiz lint --explain ID tells more):"
help_section() {
    f="assets/help/$1.txt"
    "$WIZ" lint --list-rules --screen "$1" | cut -d' ' -f1 >"$tmp/ids" || return 1
    awk -v head="$HELP_HEAD" '$0 == head { exit }
        $0 == "" { blank++; next }
        { while (blank) { print ""; blank-- } print }' "$f"
    echo
    echo "$HELP_HEAD"
    awk 'BEGIN { line = "" }
        { w = $0 (NR < total ? "," : "") }
        { if (line != "" && length(line) + 1 + length(w) > 76) { print "  " line; line = "" }
          line = line (line == "" ? "" : " ") w }
        END { if (line != "") print "  " line }' total="$(wc -l <"$tmp/ids")" "$tmp/ids"
}
mkdir -p "$tmp/help"
screens="environment volume users store migrate options"
for s in $screens; do
    help_section "$s" >"$tmp/help/$s.txt" || exit 2
done

if [ "${1:-}" = "--update" ]; then
    cp "$tmp/README.md" README.md
    for s in $screens; do cp "$tmp/help/$s.txt" "assets/help/$s.txt"; done
    echo "docs: README.md and assets/help updated"
    exit 0
fi
bad=0
if diff -u README.md "$tmp/README.md" >"$tmp/diff"; then
    echo "ok   README generated sections match the program"
else
    head -n 40 "$tmp/diff"
    echo "FAIL README.md is out of date: run 'make docs'"
    bad=$((bad + 1))
fi
for s in $screens; do
    if diff -u "assets/help/$s.txt" "$tmp/help/$s.txt" >"$tmp/diff"; then
        echo "ok   help of the $s screen lists its rules"
    else
        head -n 20 "$tmp/diff"
        echo "FAIL assets/help/$s.txt is out of date: run 'make docs'"
        bad=$((bad + 1))
    fi
done
echo "docs: $(( 7 - bad )) passed, $bad failed"
[ $bad -eq 0 ]

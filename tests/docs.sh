#!/bin/sh
# The README's generated sections come from the program itself, so they
# cannot drift: the rule table (`usmtwiz lint --list-rules --markdown`) and
# troubleshooting by return code (`usmtwiz explain`).
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
    "$WIZ" explain --list | tail -n +2 | while read -r code sym rest; do
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
if [ "${1:-}" = "--update" ]; then
    cp "$tmp/README.md" README.md
    echo "docs: README.md updated"
    exit 0
fi
if diff -u README.md "$tmp/README.md" >"$tmp/diff"; then
    echo "ok   README generated sections match the program"
    echo "docs: 1 passed, 0 failed"
else
    head -n 40 "$tmp/diff"
    echo "FAIL README.md is out of date: run 'make docs'"
    echo "docs: 0 passed, 1 failed"
    exit 1
fi

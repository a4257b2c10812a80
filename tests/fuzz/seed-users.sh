#!/bin/sh
# Seed the users corpus with SOFTWARE hives made by the project's own
# practice-volume builder (never committed: generated at fuzz time).
corpus=$1
tmp=$(mktemp -d)
if ./build/usmtwiz lab create demo "$tmp/lab" >/dev/null 2>&1; then
    find "$tmp/lab" -type f -name SOFTWARE | head -n 4 | while read -r f; do
        cp "$f" "$corpus/lab-$(echo "$f" | md5sum | cut -c1-8)"
    done
fi
rm -rf "$tmp"

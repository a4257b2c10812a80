#!/bin/sh
# inspect on the demo practice machine: text with the installation, the
# users table (names, sources, kinds, SIDs) and exit 0; one volume only;
# in a terminal the output is the same (no escape sequences from names).
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create demo "$WORK/demo" >/dev/null || fail "lab create demo failed"
vr="$WORK/demo/volumes"
"$WIZ" inspect --volume-root "$vr" >"$WORK/out"
rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/out"; fail "inspect exited $rc, want 0"; }
grep -q '^  Windows D:\\Windows$' "$WORK/out" || fail "no D:\\Windows"
grep -q 'product: *Windows 11 Pro 23H2 (22631.2861) x64' "$WORK/out" ||
    fail "Windows 11 not recognised"
grep -q 'computer: *PC-ACC-0042 in domain contoso.local' "$WORK/out" ||
    fail "computer name"
grep -q 'last shutdown: 2024-06-03 07:55 UTC' "$WORK/out" || fail "shutdown"
grep -q 'Windows PE boot volume' "$WORK/out" || fail "X: not shown as WinPE"
grep -q 'NAME .*SOURCE .*KIND .*SIZE .*LAST USE .*SID' "$WORK/out" ||
    fail "no user table header"
grep -q '^      \* CONTOSO\\jsmith .*LogonUI .*domain .*2.1 GB .*2024-06-03 S-1-5-21-3623811015-3361044348-30300820-1104$' \
    "$WORK/out" || fail "jsmith row"
grep -q 'lena .*SAM .*msa ' "$WORK/out" || fail "Microsoft account row"
grep -q 'ana.lopez@contoso.com .*IdentityStore .*entra ' "$WORK/out" ||
    fail "Entra row"
grep -q 'CONTOSO\\pwong .*folder .*orphan ' "$WORK/out" || fail "orphan row"
grep -q '^        TEMP .*temporary' "$WORK/out" || fail "temporary row"
grep -q "李雷" "$WORK/out" || fail "CJK name not shown"
grep -q '^3 volumes, 1 Windows installation$' "$WORK/out" || fail "summary"

"$WIZ" inspect --volume-root "$vr" --no-sizes D: >"$WORK/d"
[ $? -eq 0 ] || fail "inspect D: is not exit 0"
grep -q '^Volume E:' "$WORK/d" && fail "E: shown although only D: asked"
grep -q 'Jörg ' "$WORK/d" || fail "Jörg missing"

# the same in a terminal (tmux): the table and the exit status
start "'$WIZ' inspect --no-sizes --volume-root '$vr' D"
wait_for "1 volume, 1 Windows installation"
wait_exit 0
exit 0

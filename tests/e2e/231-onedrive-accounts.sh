#!/bin/sh
# The OneDrive accounts a user is signed in to, read from the user's own
# hive (the onedrive practice volume gives anna a work and a personal
# account): inspect (text and --xml), the cloud-only finding of lint and
# the Users screen's details say which account and folder her cloud-only
# files are in.  Users without accounts show none.
. "$TOP/tests/e2e/lib.sh"
"$WIZ" lab create onedrive "$WORK/lab" >"$WORK/lab.out" 2>&1 ||
    { cat "$WORK/lab.out"; fail "lab create failed"; }
V="$WORK/lab/volumes"
U="$WORK/lab/usmt"
anna=S-1-5-21-1004336348-1177238915-682003330-1002

"$WIZ" inspect --volume-root "$V" >"$WORK/insp" 2>&1 ||
    { cat "$WORK/insp"; fail "inspect failed"; }
grep -A4 '^      \* anna ' "$WORK/insp" >"$WORK/anna"
grep -q '^          OneDrive Business1: anna.svensson@contoso.com, C:\\Users\\anna\\OneDrive - Contoso (Contoso)$' "$WORK/anna" &&
    grep -q '^          OneDrive Personal: anna.svensson@outlook.com, C:\\Users\\anna\\OneDrive$' "$WORK/anna" ||
    { cat "$WORK/insp"; fail "inspect: anna's OneDrive accounts"; }
[ "$(grep -c 'OneDrive Business1\|OneDrive Personal' "$WORK/insp")" -eq 2 ] ||
    { cat "$WORK/insp"; fail "inspect: OneDrive accounts on other users"; }
"$WIZ" inspect --volume-root "$V" --xml >"$WORK/insp.xml" 2>&1 ||
    { cat "$WORK/insp.xml"; fail "inspect --xml failed"; }
grep -q '<onedrive key="Business1" email="anna.svensson@contoso.com" folder="C:\\Users\\anna\\OneDrive - Contoso" name="Contoso"/>' "$WORK/insp.xml" &&
    grep -q '<onedrive key="Personal" email="anna.svensson@outlook.com" folder="C:\\Users\\anna\\OneDrive"/>' "$WORK/insp.xml" ||
    { cat "$WORK/insp.xml"; fail "inspect --xml: anna's OneDrive accounts"; }
"$WIZ" lint --volume-root "$V" --winpe --usmt "$U" \
    --env 'USMT_WORKING_DIR=E:\work' --env MIG_FAIL_ON_PROFILE_ERROR=0 \
    -- 'E:\store' /efs:copyraw '/offlineWinDir:D:\Windows' \
    /i:MigDocs.xml '/ue:*\*' "/ui:$anna*" /c '/l:E:\s.log' >"$WORK/lint" 2>&1
tr '\n' ' ' <"$WORK/lint" | tr -s ' ' |
    grep -q "'anna' ($anna) has 3 cloud-only files (6.2 MB) in OneDrive (anna.svensson@contoso.com, C:.Users.anna.OneDrive - Contoso; anna.svensson@outlook.com, C:.Users.anna.OneDrive): OneDrive placeholders" ||
    { cat "$WORK/lint"; fail "lint: the finding does not say where the files are"; }

# the Users screen's details of anna
start "USMTWIZ_WINPE=1 '$WIZ' --volume-root '$V' --usmt '$U' --simulate"
wait_for "Step 1 of 9: Environment"
send Enter
wait_for "Step 2 of 9"
send Enter
wait_for "Step 3 of 9: Users"
i=0
while ! screen | grep -q '^ *SID: *S-1-5-21-1004336348-1177238915-682003330-1002' &&
    [ $i -lt 20 ]; do
    send Down
    sleep 0.2
    i=$((i + 1))
done
screen | grep -q '^ *SID: *S-1-5-21-1004336348-1177238915-682003330-1002' ||
    fail "Users: anna's details are not shown"
joined() { screen | sed 's/^ *//' | tr '\n' ' '; }
i=0
while ! joined | grep -q 'OneDrive: anna.svensson@contoso.com' && [ $i -lt 30 ]; do
    sleep 0.2
    i=$((i + 1))
done
joined | grep -q '3 cloud-only (6.2 MB); OneDrive: anna.svensson@contoso.com, C:.Users.anna.OneDrive - Contoso; anna.svensson@outlook.com' ||
    fail "Users: anna's OneDrive accounts are not in her details"
send q
exit 0

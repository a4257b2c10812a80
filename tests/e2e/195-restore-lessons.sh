#!/bin/sh
# The restore lessons of assets/training/restore-lessons.tsv: for every row
# restore-lab.sh builds the old PC, captures it with the lesson's preset and
# builds the practice new PC; loadstate-sim runs the trainee's mistake
# (expected rc and the documented line in loadstate.log), usmtwiz lint flags
# it with the lesson's rule (named in the instructor sheet), and the fixed
# command restores the user (rc 0, the restored files equal the source
# profile's).  Where the store needs no secret, `usmtwiz restore --simulate
# --yes` on the same new PC does it right by itself (its default line).
. "$TOP/tests/e2e/lib.sh"
TR="$TOP/assets/training"
TAB="$TR/restore-lessons.tsv"
LOAD="$TOP/$BUILD/loadstate-sim"
[ -f "$TAB" ] || fail "no $TAB"
[ -x "$LOAD" ] || fail "no loadstate-sim"
export USMTWIZ="$WIZ" SIM_PACE_MS=0

# load LAB ARGS: loadstate-sim in LAB/run against LAB/newpc, print its rc
load() {
    (
        cd "$1/run" || exit 99
        rm -f loadstate.log
        set -f
        # shellcheck disable=SC2086
        "$LOAD" --target-root "$1/newpc" $2 </dev/null >out.txt 2>&1
    )
    echo $?
}

# same_files LAB USER: the restored profile equals the old PC's
same_files() {
    d="$1/newpc/C/Users/$2"
    [ -d "$d" ] || fail "$lesson: $2 not restored"
    files=$(cd "$d" && find . -type f | wc -l)
    [ "$files" -gt 0 ] || fail "$lesson: nothing restored for $2"
    (cd "$d" && find . -type f) | while IFS= read -r f; do
        cmp -s "$1/old/volumes/D/Users/$2/$f" "$d/$f" || echo "$f"
    done >"$WORK/diff"
    [ -s "$WORK/diff" ] && { cat "$WORK/diff"; fail "$lesson: files of $2 differ"; }
    return 0
}

n=0
tab=$(printf '\t')
while IFS="$tab" read -r lesson scen preset newpc _prep margs mrc mlog fargs frc rule; do
    case $lesson in '#'* | '') continue ;; esac
    n=$((n + 1))
    sheet="$TR/$lesson.md"
    [ -f "$sheet" ] || fail "$lesson: no instructor sheet"
    grep -q "\`$rule\`" "$sheet" || fail "$lesson: sheet does not name rule $rule"
    grep -q "\`$scen\`" "$sheet" || fail "$lesson: sheet does not name scenario $scen"
    [ "$newpc" = same ] || grep -q "\`$newpc\`" "$sheet" ||
        fail "$lesson: sheet does not name the new PC's scenario $newpc"
    [ -f "$TR/$preset" ] || fail "$lesson: no preset $preset"
    for part in '## Symptom' '## Cause' '## Fix' '## Documentation'; do
        grep -q "^$part" "$sheet" || fail "$lesson: sheet has no '$part'"
    done
    grep -qF "$margs" "$sheet" || fail "$lesson: sheet lacks the mistaken line"
    grep -qF "$fargs" "$sheet" || fail "$lesson: sheet lacks the fixed line"
    lab="$WORK/$lesson"
    sh "$TR/restore-lab.sh" "$lesson" "$lab" </dev/null >"$WORK/build.txt" 2>&1 ||
        { cat "$WORK/build.txt"; fail "$lesson: restore-lab.sh failed"; }
    # the capture side tells the same Entra ID story: its finding and the
    # loadstate line of its report carry the published recipe
    if [ "$lesson" = restore-entra ]; then
        grep -q "users-entra: .*AzureAD.*before the user's first sign-in" "$lab/capture.txt" ||
            { cat "$lab/capture.txt"; fail "$lesson: the capture's users-entra finding"; }
        grep -qF '/mu:AzureAD\ana.lopez@contoso.com:AzureAD\ana.lopez@contoso.com' \
            "$lab/old/volumes/E/stores/PC/usmtwiz-report.txt" ||
            fail "$lesson: the capture's loadstate line lacks the recipe's /mu"
        grep -q 'sign in once' "$lab/capture.txt" && fail "$lesson: 'sign in once' is back"
    fi
    # a hard-link store is written onto the old PC's own volume on purpose
    [ "$lesson" = restore-hardlink-volume ] && volume_unwatch "$lab/old/volumes/D"

    # the mistake fails as documented, and lint saw it coming
    rc=$(load "$lab" "$margs")
    [ "$rc" = "$mrc" ] || { cat "$lab/run/out.txt"; fail "$lesson: mistake: want rc $mrc, got $rc"; }
    grep -q "LoadState return code: $mrc" "$lab/run/out.txt" || fail "$lesson: no return code line"
    grep -qF "$mlog" "$lab/run/loadstate.log" ||
        { tail -5 "$lab/run/loadstate.log"; fail "$lesson: loadstate.log lacks '$mlog'"; }
    (set -f
     # shellcheck disable=SC2086
     "$WIZ" lint --volume-root "$lab/newpc" -- loadstate.exe $margs </dev/null) >"$WORK/lint" 2>&1
    grep -Eq "^(error|warning) +$rule:" "$WORK/lint" ||
        { cat "$WORK/lint"; fail "$lesson: lint does not flag $rule"; }
    for u in anna ana.lopez; do
        [ -d "$lab/newpc/C/Users/$u" ] && fail "$lesson: the mistake restored $u"
    done

    # the fix restores the user, and lint no longer flags the rule
    rc=$(load "$lab" "$fargs")
    [ "$rc" = "$frc" ] || { cat "$lab/run/out.txt"; fail "$lesson: fix: want rc $frc, got $rc"; }
    (set -f
     # shellcheck disable=SC2086
     "$WIZ" lint --volume-root "$lab/newpc" -- loadstate.exe $fargs </dev/null) >"$WORK/lint" 2>&1
    grep -Eq "^(error|warning) +$rule:" "$WORK/lint" &&
        { cat "$WORK/lint"; fail "$lesson: lint still flags $rule after the fix"; }
    case $lesson in
    restore-entra) same_files "$lab" ana.lopez ;;
    *) same_files "$lab" anna ;;
    esac

    # the wizard's own line is the fixed one (no secret needed here)
    case $lesson in
    restore-renamed-pc | restore-missing-lac | restore-entra)
        rm -rf "$lab/newpc/C/Users/anna" "$lab/newpc/C/Users/ana.lopez"
        "$WIZ" restore --target-root "$lab/newpc" --simulate --yes </dev/null \
            >"$WORK/restore" 2>&1 ||
            { cat "$WORK/restore"; fail "$lesson: usmtwiz restore failed"; }
        grep -q ': restored (' "$WORK/restore" ||
            { cat "$WORK/restore"; fail "$lesson: usmtwiz restore restored nobody"; }
        ;;
    esac
done <"$TAB"
[ $n -eq 5 ] || fail "want 5 restore lessons, found $n"
exit 0

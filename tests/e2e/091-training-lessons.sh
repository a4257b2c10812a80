#!/bin/sh
# The training lessons of assets/training/lessons.tsv: for every row the
# practice machine is built (once per scenario, then copied), prepared as
# the row says, and scanstate-sim runs the trainee's mistake (expected rc
# and the documented line in scanstate.log), then the fixed command
# (expected success); usmtwiz lint must flag the mistake with the rule
# named in the lesson's instructor sheet.  A lesson whose fix changes the
# machine (another USMT folder) does that step (fix_prep) before the fixed
# run.  `usmtwiz lab create LESSON` must build the same machine the table
# describes and record the lesson in lab.facts.
. "$TOP/tests/e2e/lib.sh"
TR="$TOP/assets/training"
TAB="$TR/lessons.tsv"
[ -f "$TAB" ] || fail "no $TAB"
CACHE="$WORK/cache"
mkdir -p "$CACHE"

# pristine SCENARIO: build it once, print its folder
pristine() {
    [ -d "$CACHE/$1" ] ||
        "$WIZ" lab create "$1" "$CACHE/$1" >"$WORK/lab-$1.txt" 2>&1 ||
        fail "lab create $1: $(cat "$WORK/lab-$1.txt")"
}

# prep VERB ARGS... in the lesson folder (see assets/training/README.md)
prep() {
    verb=$1
    shift
    case $verb in
    -) ;;
    from)
        src=$1
        shift
        pristine "$src"
        for p in "$@"; do
            rm -rf "./$p" && cp -a "$CACHE/$src/$p" "./$p" || fail "from $src $p"
        done
        ;;
    stick)
        mkdir -p "volumes/$1" || fail "stick $1"
        bytes=$(($2 * 1073741824))
        printf 'label=STICK\nfs=NTFS\nkind=removable\ntotal=%s\nfree=%s\nlocked=0\nreadonly=0\n' \
            "$bytes" "$bytes" >"volumes/$1.volume"
        ;;
    put)
        cp "$TR/$1" "volumes/$2" || fail "put $1"
        ;;
    marker)
        mkdir -p "volumes/$(dirname "$1")" && : >"volumes/$1" || fail "marker $1"
        ;;
    *) fail "unknown prep verb '$verb'" ;;
    esac
}

# sim DIR RUN ENV ARGS: run scanstate-sim in DIR/RUN, print its rc
sim() {
    lab=$1 run=$2 envs=$3 args=$4
    [ "$envs" = - ] && envs=
    mkdir -p "$lab/$run"
    (
        cd "$lab/$run" || exit 99
        set -f
        # shellcheck disable=SC2086
        env USMTWIZ_VOLUME_ROOT="$lab/volumes" USMTWIZ_WINPE=1 SIM_PACE_MS=0 $envs \
            "$SIM" $args /progress:progress.log >out.txt 2>&1
    )
    echo $?
}

n=0
tab=$(printf '\t')
while IFS="$tab" read -r lesson scen prepline menv margs mrc mlog fenv fargs frc rule fixprep; do
    case $lesson in '#'* | '') continue ;; esac
    n=$((n + 1))
    [ -f "$TR/$lesson.md" ] || fail "$lesson: no instructor sheet $lesson.md"
    grep -q "\`$rule\`" "$TR/$lesson.md" || fail "$lesson: sheet does not name rule $rule"
    pristine "$scen"
    lab="$WORK/lesson-$lesson"
    cp -a "$CACHE/$scen" "$lab" || fail "$lesson: copy"
    (cd "$lab" && set -f && prep $prepline) || exit 1
    had_store=no
    [ -e "$lab/volumes/E/store" ] && had_store=yes

    # the mistake
    got=$(sim "$lab" mistake "$menv" "$margs")
    case $mlog in
    '>'*)
        # Windows refused to start scanstate.exe: the exit status is the
        # Win32 error (8 bits of it here), nothing of scanstate ran
        [ "$got" = $((mrc % 256)) ] || fail "$lesson: mistake gave exit $got, want $mrc"
        grep -qF "${mlog#>}" "$lab/mistake/out.txt" || fail "$lesson: console lacks '${mlog#>}'"
        grep -q "ScanState return code" "$lab/mistake/out.txt" && fail "$lesson: scanstate ran"
        [ -e "$lab/mistake/scanstate.log" ] && fail "$lesson: a scanstate.log was written"
        [ -e "$lab/mistake/progress.log" ] && fail "$lesson: a progress log was written"
        ;;
    *)
        [ "$got" = "$mrc" ] || fail "$lesson: mistake gave rc $got, want $mrc: $(tail -n 3 "$lab/mistake/out.txt")"
        grep -q "^ScanState return code: $mrc\$" "$lab/mistake/out.txt" || fail "$lesson: no rc line"
        ;;
    esac
    case $mlog in
    - | '>'*) ;;
    '!'*)
        pat=${mlog#!}
        grep -qF "$pat" "$lab/mistake/progress.log" &&
            fail "$lesson: mistake progress log shows '$pat'"
        ;;
    *)
        grep -qF "$mlog" "$lab/mistake/scanstate.log" ||
            fail "$lesson: scanstate.log lacks '$mlog'"
        ;;
    esac

    # lint flags the mistake beforehand
    set -f
    lintenv=
    [ "$menv" = - ] || for e in $menv; do lintenv="$lintenv --env $e"; done
    # shellcheck disable=SC2086
    "$WIZ" lint --volume-root "$lab/volumes" --usmt "$lab/usmt" --winpe $lintenv -- $margs \
        >"$lab/lint.txt" 2>&1
    set +f
    grep -Eq "^(error|warning|info) +$rule:" "$lab/lint.txt" ||
        fail "$lesson: lint does not flag $rule: $(cat "$lab/lint.txt")"

    # the fix
    if [ "$fargs" = - ]; then
        echo "ok $lesson: mistake rc $mrc, lint $rule (no fixed run in the lab)"
        continue
    fi
    [ $had_store = no ] && rm -rf "$lab/volumes/E/store"
    (cd "$lab" && set -f && prep ${fixprep:--}) || exit 1
    got=$(sim "$lab" fixed "$fenv" "$fargs")
    [ "$got" = "$frc" ] || fail "$lesson: fixed gave rc $got, want $frc: $(tail -n 3 "$lab/fixed/out.txt")"
    case $got in 0 | 3) ;; *) fail "$lesson: fixed rc $got is not a success" ;; esac
    case $mlog in
    '!'*)
        grep -qF "${mlog#!}" "$lab/fixed/progress.log" ||
            fail "$lesson: fixed progress log lacks '${mlog#!}'"
        ;;
    esac
    echo "ok $lesson: mistake rc $mrc, fixed rc $frc, lint $rule"
done <"$TAB"
[ "$n" -ge 10 ] || fail "only $n lessons in $TAB"

# `usmtwiz lab create LESSON DIR`: the lesson's scenario, prepared as its
# row says, with the lesson recorded in volumes/lab.facts
while IFS="$tab" read -r lesson scen prepline rest; do
    case $lesson in '#'* | '') continue ;; esac
    lc="$WORK/lc-$lesson"
    "$WIZ" lab create "$lesson" "$lc" >"$WORK/lc-$lesson.txt" 2>&1 ||
        fail "lab create $lesson: $(cat "$WORK/lc-$lesson.txt")"
    grep -Eq "^built (lesson '$lesson' \(scenario '$scen'\)|scenario '$scen')" "$WORK/lc-$lesson.txt" ||
        fail "lab create $lesson: $(cat "$WORK/lc-$lesson.txt")"
    grep -qx "lesson=$lesson" "$lc/volumes/lab.facts" || fail "$lesson: lab.facts lacks the lesson"
    grep -qx "scenario=$scen" "$lc/volumes/lab.facts" || fail "$lesson: lab.facts lacks the scenario"
    set -f
    # shellcheck disable=SC2086
    set -- $prepline
    set +f
    case $1 in
    stick) [ -d "$lc/volumes/$2" ] && grep -qx "total=$(($3 * 1073741824))" "$lc/volumes/$2.volume" ||
        fail "$lesson: no stick $2" ;;
    marker) [ -f "$lc/volumes/$2" ] || fail "$lesson: no marker $2" ;;
    put) cmp -s "$TR/$2" "$lc/volumes/$3" || fail "$lesson: $2 not put at $3" ;;
    esac
    # only built to be looked at: off the list of watched volumes, then gone
    for v in "$lc"/volumes/*; do volume_unwatch "$v"; done
    rm -rf "$lc"
done <"$TAB"
# a scenario that is a lesson records it by itself; others record none
"$WIZ" lab create store-full "$WORK/sf" >/dev/null || fail "lab create store-full"
grep -qx "lesson=store-full" "$WORK/sf/volumes/lab.facts" || fail "store-full scenario: no lesson"
grep -q "^lesson=" "$CACHE/demo/volumes/lab.facts" && fail "demo scenario records a lesson"
grep -qx "scenario=demo" "$CACHE/demo/volumes/lab.facts" || fail "demo scenario: no lab.facts"
exit 0

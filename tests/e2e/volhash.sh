# Hashes of the offline volumes of practice machines (POSIX sh), sourced
# by tests/e2e/lib.sh and by the usmtwiz wrapper it writes: every
# `usmtwiz lab create` of an end-to-end test records a hash of each
# volume holding a Windows installation, and the test fails at its end if
# anything under such a volume changed (nothing may write there but a
# hard-link store the technician chose).  VOLHASH_LIST names the record.

# tree_hash DIR: one hash over every entry's path, type, size, modification
# and status-change times (any write changes the ctime) and the contents of
# files under 1 MB, to show that a folder (the offline volume) was not
# changed.  Large sparse practice files are covered by their times.
# (The checks below call volhash_tree: a test may define its own
# tree_hash.)
volhash_tree() {
    (cd "$1" && {
        find . -printf '%p %y %s %T@ %C@\n' | LC_ALL=C sort
        find . -type f -size -1M -print0 | LC_ALL=C sort -z |
            xargs -0 -r sha256sum
    }) | sha256sum | cut -c1-64
}
tree_hash() { volhash_tree "$1"; }

# volhash_register lab create [--force] SCENARIO DIR: record the offline
# volumes of the practice machine just built in DIR.
volhash_register() {
    shift 2
    _dir=""
    _n=0
    for _a in "$@"; do
        case $_a in
        -*) ;;
        *) _n=$((_n + 1)); [ $_n -eq 2 ] && _dir=$_a ;;
        esac
    done
    [ -n "$_dir" ] && [ -d "$_dir/volumes" ] || return 0
    _dir=$(cd "$_dir" && pwd)
    for _v in "$_dir"/volumes/*; do
        # a volume is a one-letter folder (a locked one's contents wait
        # in <L>.fve: the test watches them once it unlocks the volume)
        case ${_v##*/} in [A-Za-z]) ;; *) continue ;; esac
        # Windows PE's own X: (kind=ram) is scratch space, not offline
        grep -q '^kind=ram$' "$_v.volume" 2>/dev/null && continue
        if [ -d "$_v/Windows" ] || [ -d "$_v/Windows.old" ]; then
            printf '%s\t%s\n' "$_v" "$(volhash_tree "$_v")" >>"$VOLHASH_LIST"
        fi
    done
}

# volume_unwatch DIR: the test changes this volume on purpose (say why).
volume_unwatch() {
    _d=$(cd "$1" 2>/dev/null && pwd || echo "$1")
    [ -f "$VOLHASH_LIST" ] || return 0
    grep -v -F "$(printf '%s\t' "$_d")" "$VOLHASH_LIST" >"$VOLHASH_LIST.new"
    mv "$VOLHASH_LIST.new" "$VOLHASH_LIST"
}

# volume_rebaseline DIR: take the hash again after the test's own
# deliberate edits (a corrupt hive), before usmtwiz sees the volume.
volume_rebaseline() {
    volume_unwatch "$1"
    _d=$(cd "$1" && pwd)
    printf '%s\t%s\n' "$_d" "$(volhash_tree "$_d")" >>"$VOLHASH_LIST"
}

# volume_check: 0 when every recorded volume is as it was; names the
# changed ones otherwise.
volume_check() {
    [ -f "$VOLHASH_LIST" ] || return 0
    _bad=0
    while IFS="$(printf '\t')" read -r _v _h; do
        if [ ! -d "$_v" ]; then
            echo "FAIL: the offline volume '$_v' disappeared"
            _bad=1
        elif [ "$(volhash_tree "$_v")" != "$_h" ]; then
            echo "FAIL: the offline volume '$_v' was changed"
            _bad=1
        fi
    done <"$VOLHASH_LIST"
    return $_bad
}

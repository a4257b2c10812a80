# A sweep for secrets typed into usmtwiz (POSIX sh), sourced by an
# end-to-end script after lib.sh.  secret_add TEXT names a secret;
# secret_sweep MIN fails the test when any file under $WORK (all but the
# large sparse practice files) holds one of them as text, UTF-16LE or hex,
# or when fewer than MIN files were swept.  The sweep first proves on a
# canary that it sees every encoding.

: >"$WORK/.secret-patterns"

# secret_add TEXT (letters, digits and '-' only)
secret_add() {
    {
        printf 'text\t%s\n' "$1"
        printf 'utf16le\t%s\n' "$(printf '%s' "$1" | sed 's/./&\\x00/g')"
        printf 'hex\t%s\n' "$(printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n')"
    } >>"$WORK/.secret-patterns"
}

# secret_holds FILE: the encodings of a secret found in FILE
secret_holds() {
    while IFS="$(printf '\t')" read -r _name _pat; do
        if LC_ALL=C grep -a -q -P -- "$_pat" "$1" 2>/dev/null; then
            printf ' %s' "$_name"
        fi
    done <"$WORK/.secret-patterns"
}

secret_sweep() {
    _first=$(sed -n '1s/^text\t//p' "$WORK/.secret-patterns")
    [ -n "$_first" ] || fail "secret_sweep: no secret was added"
    _canary="$WORK/.secret-canary"
    printf 'x%sx' "$_first" >"$_canary"
    case " $(secret_holds "$_canary") " in *" text "*) ;; *)
        rm -f "$_canary"; fail "the sweep cannot see a secret as text" ;; esac
    printf '%s' "$_first" | iconv -f ASCII -t UTF-16LE >"$_canary"
    case " $(secret_holds "$_canary") " in *" utf16le "*) ;; *)
        rm -f "$_canary"; fail "the sweep cannot see a secret as UTF-16LE" ;; esac
    printf '%s' "$_first" | od -An -v -tx1 | tr -d ' \n' >"$_canary"
    case " $(secret_holds "$_canary") " in *" hex "*) ;; *)
        rm -f "$_canary"; fail "the sweep cannot see a secret as hex" ;; esac
    rm -f "$_canary"
    find "$WORK" -type f -size -64M ! -name .secret-patterns \
        >"$WORK/.secret-files"
    _n=$(wc -l <"$WORK/.secret-files")
    [ "$_n" -ge "$1" ] || fail "only $_n files swept"
    _alt=$(cut -f2 "$WORK/.secret-patterns" | paste -sd'|')
    _hits=$(tr '\n' '\0' <"$WORK/.secret-files" |
        xargs -0 grep -a -l -P -- "$_alt" 2>/dev/null)
    if [ -n "$_hits" ]; then
        _bad=$(echo "$_hits" | while read -r _f; do
            echo "  $_f:$(secret_holds "$_f")"; done)
        fail "a secret leaked into:
$_bad"
    fi
}

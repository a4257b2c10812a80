# run_sharded JOBS CMD ITEM...: run "CMD ITEM" for every item, JOBS at a
# time: shard k takes every JOBS-th item from the k-th on.  Returns when all
# are done; CMD keeps its own results (files), since they finish in any order.
run_sharded() {
    _jobs=$1
    _cmd=$2
    shift 2
    _k=0
    _pids=""
    while [ "$_k" -lt "$_jobs" ]; do
        (
            _i=0
            for _item in "$@"; do
                [ $((_i % _jobs)) -eq "$_k" ] && $_cmd "$_item"
                _i=$((_i + 1))
            done
        ) &
        _pids="$_pids $!"
        _k=$((_k + 1))
    done
    for _p in $_pids; do
        wait "$_p"
    done
}

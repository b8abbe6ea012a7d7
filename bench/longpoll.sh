# Long polls, sourced by bench/run (which built $bin, started the cluster and defined
# sql/start_workers/stop_workers). LP_WAITERS requests wait at once on as many queued jobs
# (`GET /api/v3/jobs/<id>?wait=600`); then LP_ENDINGS of those jobs are ended one at a
# time (`ss-cli job cancel`, which notifies as a worker's ending does). Measured: the
# database connections the server holds while they wait, the transactions it runs per
# ending (less what `job cancel` runs itself, measured with nobody waiting) and per idle
# second, and how soon a waiter hears that its job ended, against the same with a single
# request waiting. Sizes: LP_WAITERS=1000 LP_ENDINGS=40.
LP_WAITERS=${LP_WAITERS:-1000}
LP_ENDINGS=${LP_ENDINGS:-40}

scratch_locations lp_data lp
lp_aip=$(python3 -c 'import uuid; print(uuid.uuid4())')
head -c 4096 /dev/urandom > "$lp_data/in/aip-$lp_aip.bin"
start_workers 1
"$bin/ss-cli" aip store "aip-$lp_aip.bin" --from lp-in --to lp-keep --wait --timeout 120 >/dev/null
stop_workers

echo "== longpoll: $LP_WAITERS requests waiting, $LP_ENDINGS jobs ended one at a time" >&2
# Jobs that stay queued (no worker runs): fixity checks of the one AIP.
lp_batch=$(for _ in $(seq $((LP_WAITERS + 2 * LP_ENDINGS))); do echo "fixity $lp_aip"; done | "$bin/ss-cli" batch submit -)
sql -c "SELECT id FROM ss.jobs WHERE state = 'queued' ORDER BY id" > "$lp_data/jobs"

lp_key=$("$bin/ss-cli" apikey create bench-lp --replace)
start_serve
longpoll=$(python3 bench/longpoll.py "$serve_base" "bench-lp:$lp_key" "$lp_data/jobs" "$serve_pid" \
  "$LP_WAITERS" "$LP_ENDINGS" "$bin/ss-cli" "$dir/sock" "$port" "$lp_batch")
echo "  $longpoll" >&2
stop_serve
export LP_WAITERS LP_ENDINGS longpoll

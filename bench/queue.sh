# The queue benchmarks, sourced by bench/run (which built $bin, started the cluster and
# defined the helpers): bulk enqueue, drain, idle latency and `job status`, each next to
# raw SQL (psql, pgbench) in the same run.
echo "== bulk enqueue: $BULK jobs in one statement" >&2
line=$("$bin/ss-cli" ping --count "$BULK" --no-wait 2>&1 >/dev/null)
enqueue_ms=$(echo "$line" | sed -E 's/.* in ([0-9.]+) ms.*/\1/')
sql -c "TRUNCATE ss.jobs"
t=$(now)
sql -c "INSERT INTO ss.jobs (id, kind, state, args) SELECT gen_random_uuid(), 'system.noop', 'queued', '{}' FROM generate_series(1, $BULK)"
raw_insert_ms=$(ms_since "$t")
sql -c "TRUNCATE ss.jobs"

pgbench_rate() {  # pgbench_rate BATCH -> jobs/s of the same claim+complete SQL, 2 clients
  local batch=$1
  sql -c "INSERT INTO ss.jobs (id, kind, state, args) SELECT gen_random_uuid(), 'system.noop', 'queued', '{}' FROM generate_series(1, $JOBS)"
  sql -c "VACUUM ANALYZE ss.jobs"
  local tps
  tps=$(PGOPTIONS="-c search_path=ss" pgbench -h "$dir/sock" -p "$port" -U ss -n -M prepared -c 2 -j 2 \
        -t $((JOBS / 2 / batch)) -D batch="$batch" -f bench/claim_complete.sql ss 2>/dev/null \
        | sed -nE 's/^tps = ([0-9.]+).*/\1/p')
  local left; left=$(sql -c "SELECT count(*) FROM ss.jobs WHERE state <> 'succeeded'")
  [ "$left" = 0 ] || echo "pgbench left $left jobs unfinished" >&2
  sql -c "TRUNCATE ss.jobs"
  python3 -c "print(round(float('$tps') * $batch))"
}
# The drain and its ceiling alternate, three rounds: on this shared machine one pair can
# differ by half from the next, so the table gives the median round's ratio.
echo "== drain: $JOBS system.noop jobs, 2 worker processes × concurrency $CONC, against pgbench, 3 rounds" >&2
rounds=""
for _ in 1 2 3; do
  d=$(drain_once "$JOBS"); c=$(pgbench_rate 100)
  echo "  drain $d jobs/s, ceiling $c jobs/s" >&2
  rounds="$rounds $d:$c"
done
read -r drain ceiling100 <<<"$(python3 -c '
import sys
pairs = sorted((int(d) / int(c), int(d), int(c)) for d, c in (p.split(":") for p in sys.argv[1:]))
print(pairs[1][1], pairs[1][2])' $rounds)"
echo "== ceiling: one job per transaction" >&2
ceiling1=$(pgbench_rate 1)

echo "== idle latency: $LAT jobs one at a time, 2 idle workers" >&2
start_workers 2
sleep 1
lat=$("$bin/ss-cli" ping --count "$LAT" --one-by-one --json)
stop_workers

echo "== ss-cli job status wall time" >&2
job=$("$bin/ss-cli" job list --limit 1 --json | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
times=$(python3 - "$bin/ss-cli" "$job" "$dir/sock" "$port" <<'PY'
import subprocess, sys, time, statistics
cli, job, sock, port = sys.argv[1:]
def median(cmd):
    samples = []
    for _ in range(40):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)
ss = median([cli, "job", "status", job])
ps = median(["psql", "-h", sock, "-p", port, "-U", "ss", "-d", "ss", "-qAtX", "-c",
             f"SELECT * FROM ss.jobs WHERE id = '{job}'"])
print(f"{ss:.1f} {ps:.1f}")
PY
)
status_ms=${times% *}; psql_ms=${times#* }

export OUT BULK JOBS CONC enqueue_ms raw_insert_ms drain ceiling1 ceiling100 rounds lat status_ms psql_ms

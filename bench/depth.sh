# The queue at depth, sourced by bench/run: the drains of 20,000 (three) and of DEPTH
# (default 1,000,000) queued no-op jobs by 2 workers at concurrency CONC in the same run, the
# million's running count sampled throughout; the CLI's reads on the big table; and the
# bulk enqueue of DEPTH jobs by `ping --no-wait` next to psql's COPY of the same rows.
DEPTH=${DEPTH:-1000000}
SMALL=20000

# The small drain runs twice before the big one and once after, and the big one is set
# against their median: one drain of 20,000 has ranged from 11,000 to 30,000 jobs/s here.
echo "== depth: drain $SMALL twice, 2 workers × $CONC" >&2
small_rates="$(drain_once "$SMALL") $(drain_once "$SMALL")"
median() { python3 -c 'import sys, statistics; print(statistics.median(map(float, sys.argv[1:])))' "$@"; }

# Five rounds, ss and psql alternating, each on an emptied table after a checkpoint (so
# that neither writes out the other's pages), and the median round of each: the same COPY
# here has taken from 6.6 to 9.3 s of the backend's CPU from one round to the next.
echo "== depth: enqueue $DEPTH by ping --no-wait, and by psql COPY, 5 rounds" >&2
enqueue_rounds="" copy_rounds=""
for round in 1 2 3 4 5; do
  sql -c "TRUNCATE ss.jobs; CHECKPOINT"
  line=$("$bin/ss-cli" ping --count "$DEPTH" --no-wait 2>&1 >/dev/null)
  enqueue_rounds="$enqueue_rounds $(echo "$line" | sed -E 's/.* in ([0-9.]+) ms.*/\1/')"
  copy_rounds="$copy_rounds $(recopy_ms "$dir/depth-rows.tsv")"
done
depth_enqueue_ms=$(median $enqueue_rounds) depth_copy_ms=$(median $copy_rounds)
echo "  depth: enqueue rounds$enqueue_rounds ms; psql COPY rounds$copy_rounds ms" >&2

echo "== depth: reads on a table of $DEPTH" >&2
batch=$(python3 -c 'import uuid; print(uuid.uuid4())')
sql -c "INSERT INTO ss.batches (id, jobs) VALUES ('$batch', 10000);
        UPDATE ss.jobs SET batch_id = '$batch' WHERE id IN (SELECT id FROM ss.jobs ORDER BY id DESC LIMIT 10000)"
job=$(sql -c "SELECT id FROM ss.jobs ORDER BY id LIMIT 1 OFFSET 500000")
depth_reads=$(python3 - "$bin/ss-cli" "$job" "$batch" <<'PY'
import subprocess, sys, time, statistics
cli, job, batch = sys.argv[1:]
def median(*args):
    samples = []
    for _ in range(15):
        t = time.perf_counter()
        subprocess.run([cli, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)
print(" ".join(f"{median(*a):.1f}" for a in (
    ["job", "status", job], ["job", "list", "--limit", "20"], ["job", "list", "--limit", "20", "--state", "queued", "--kind", "system.noop"],
    ["job", "list", "--limit", "20", "--state", "failed"], ["batch", "status", batch])))
PY
)

echo "== depth: drain $DEPTH, 2 workers × $CONC" >&2
sampler() {  # the most jobs running at once, sampled every 0.5 s until the drain ends
  local most=0 n i=0
  while [ ! -f "$dir/depth-done" ]; do
    n=$(sql -c "SET enable_seqscan = off; SELECT count(*) FROM ss.jobs WHERE lower(state) = 'running'")  # jobs_listed, not the table
    [ "$n" -gt "$most" ] && most=$n && echo "$most" > "$dir/depth-most"
    # How many index and table pages one claim's scan reads, every 10 s, for the log: the
    # dead entries of claimed jobs at the head of jobs_claimable, until vacuum removes them.
    # (The drain's course is read afterwards from the jobs' own times: a count of the
    # succeeded here, every 10 s, cost the drain it watched up to a fifth of its rate.)
    i=$((i + 1))
    if [ $((i % 20)) = 0 ]; then
      pages=$(sql -c "EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM ss.jobs WHERE state IN ('queued','scheduled','retryable')
                      AND run_at <= now() ORDER BY priority DESC, run_at, created_at, uuid_send(id) LIMIT $CONC" | sed -nE '0,/Buffers/s/.*Buffers: (.*)/\1/p')
      echo "  depth: $(date +%T) a claim's scan: $pages" >&2
    fi
    sleep 0.5
  done
}
# The enqueue's and the reads' pages are written out first, so that the drain does not
# share the machine with the checkpoint of a million-row COPY (a small drain's is small).
sql -c "CHECKPOINT"
echo 0 > "$dir/depth-most"; rm -f "$dir/depth-done"
sampler & sampler_pid=$!
start_workers "$CONC"
wait_drained
touch "$dir/depth-done"; wait "$sampler_pid"
depth_big=$(drain_rate "$DEPTH")
# Its rate in each quarter of its endings, from their own times: does it slow as it goes?
depth_quarters=$(sql -c "SELECT round(count(*) / extract(epoch FROM max(finished_at) - min(finished_at)))::int
                         FROM (SELECT finished_at, ntile(4) OVER (ORDER BY finished_at) q FROM ss.jobs) s GROUP BY q ORDER BY q" | tr '\n' ' ')
depth_most=$(cat "$dir/depth-most")
depth_bad=$(sql -c "SELECT count(*) FILTER (WHERE state = 'failed') || ' ' || count(*) FILTER (WHERE errors <> '[]' OR attempt > 1) FROM ss.jobs")
stop_workers
sql -c "TRUNCATE ss.jobs; DELETE FROM ss.batches"
echo "== depth: drain $SMALL again" >&2
small_rates="$small_rates $(drain_once "$SMALL")"
depth_small=$(median $small_rates | cut -d. -f1)
echo "  depth: drain $depth_small (median of $small_rates) vs $depth_big jobs/s (quarters $depth_quarters), most running $depth_most, failed/rescued $depth_bad; enqueue $depth_enqueue_ms ms, COPY $depth_copy_ms ms; reads $depth_reads ms" >&2
export DEPTH SMALL CONC small_rates depth_small depth_big depth_quarters depth_most depth_bad depth_enqueue_ms depth_copy_ms depth_reads enqueue_rounds copy_rounds

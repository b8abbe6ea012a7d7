# The audit benchmark, sourced by bench/run (which built $bin, started the cluster and
# defined sql/now/ms_since). AUDIT_MB (default 10240) of AIPs, single files of 1 GiB each
# with a replica on the same filesystem (half the bytes primaries, half replicas), read by
# one unthrottled `ss-cli aip audit --all` (one worker, concurrency 1) against
# `openssl dgst -sha256` of the same files in the same run; then the same pass by a worker
# at `--audit-bandwidth AUDIT_BW` (default 100MiB) and concurrency 2, whose rate over the
# whole pass (a minute or more) should be the budget's.
AUDIT_MB=${AUDIT_MB:-10240}
AUDIT_BW=${AUDIT_BW:-100MiB}
audit_aips=$(( AUDIT_MB / 2048 > 0 ? AUDIT_MB / 2048 : 1 ))

make_scratch audit /var/tmp/ss-bench-audit.XXXXXX
mkdir -p "$audit/in" "$audit/keep" "$audit/copy"
"$bin/ss-cli" location add audit-copy --path "$audit/copy" --purpose replicator >/dev/null
"$bin/ss-cli" location add audit-in --path "$audit/in" --purpose transfer-source --removable-source >/dev/null
"$bin/ss-cli" location add audit-keep --path "$audit/keep" --purpose aip-storage --replicate-to audit-copy >/dev/null

audit_worker() {  # audit_worker ARGS…: one worker of its own, pid in $audit_pid
  "$bin/ss-worker" "$@" 2>>"$dir/workers.log" &
  audit_pid=$!
  workers=("$audit_pid")
}
stop_audit_worker() { kill -TERM "$audit_pid"; wait "$audit_pid" || true; workers=(); }

echo "== audit: storing $audit_aips AIPs of 1 GiB, each with a replica" >&2
audit_worker --concurrency 2
for _ in $(seq "$audit_aips"); do
  name="aip-$(python3 -c 'import uuid; print(uuid.uuid4())').bin"
  head -c $((1 << 30)) /dev/urandom > "$audit/in/$name"
  "$bin/ss-cli" aip store "$name" --from audit-in --to audit-keep --remove-source --wait --timeout 600 >/dev/null
done
stop_audit_worker
sync
audit_bytes=$(sql -c "SELECT 2 * sum(size) FROM ss.packages WHERE status = 'stored' AND location_uuid = (SELECT uuid FROM ss.locations WHERE name = 'audit-keep')")

audit_pass() {  # audit_pass -> "wall_ms span_ms bytes_read": one `aip audit --all --wait`
  local before t wall batch
  before=$(sql -c "SELECT coalesce(sum(bytes), 0) FROM ss.audit_reads")
  t=$(now)
  "$bin/ss-cli" aip audit --location audit-keep --wait --timeout 1200 >/dev/null
  wall=$(ms_since "$t")
  local span; span=$(sql -c "SELECT round(extract(epoch FROM max(finished_at) - min(started_at)) * 1000) FROM ss.jobs
                             WHERE kind = 'aip.audit' AND started_at >= to_timestamp($t)")
  local read; read=$(sql -c "SELECT coalesce(sum(bytes), 0) - $before FROM ss.audit_reads")
  [ "$(sql -c "SELECT count(*) FROM ss.jobs WHERE kind = 'aip.audit' AND state <> 'succeeded'")" = 0 ] || { echo "an audit did not succeed" >&2; exit 1; }
  echo "  audit pass: ${wall} ms wall, ${span} ms from first start to last end, ${read} bytes read" >&2
  echo "$wall $span $read"
}

echo "== audit: openssl dgst -sha256 of the same files" >&2
t=$(now)
find "$audit/keep" "$audit/copy" -type f -print0 | xargs -0 openssl dgst -sha256 >/dev/null
audit_openssl=$(ms_since "$t")
echo "  openssl: ${audit_openssl} ms" >&2

echo "== audit: unthrottled pass" >&2
audit_worker --concurrency 1
audit_free=$(audit_pass)
stop_audit_worker

echo "== audit: pass at --audit-bandwidth $AUDIT_BW" >&2
audit_worker --concurrency 2 --audit-bandwidth "$AUDIT_BW"
audit_throttled=$(audit_pass)
stop_audit_worker
# The budget in bytes per second, read as ss-worker reads it (rsync's K/M/G are 1024-based).
audit_budget=$(python3 - "$AUDIT_BW" <<'PY'
import re, sys
m = re.fullmatch(r"\s*([0-9.]+)\s*([KMGT]i?B?|B)?\s*(/s)?\s*", sys.argv[1])
n, unit = float(m.group(1)), (m.group(2) or "B")
f = {"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}.get(unit.upper(), None)
print(int(n * (f if f else 1024 ** " KMGT".index(unit[0].upper()))))
PY
)
export AUDIT_MB AUDIT_BW audit_aips audit_bytes audit_openssl audit_free audit_throttled audit_budget

# The HTTP API benchmarks, sourced by bench/run (which built $bin, started the cluster and
# defined sql/now/ms_since). Streaming download of a 1 GiB single-file AIP and of a 1 GiB
# bag (as a tar made on the fly) from `ss-cli serve`, read by curl into /dev/null, against
# `cat` of the file and `tar -cf - | cat` of the bag in the same run; the server's resident
# memory before and at its peak (VmHWM) says whether memory stays flat. Also the median
# of 50 `GET /api/v2/file/<uuid>/` against the same row read by psql.
# Sizes: API_MB=1024 API_BAG_FILES=200.
API_MB=${API_MB:-1024}
API_BAG_FILES=${API_BAG_FILES:-200}

scratch_locations api_data api

echo "== api: storing a ${API_MB} MiB file and a ${API_MB} MiB bag of $API_BAG_FILES files" >&2
api_file_uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
api_bag_uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
head -c $((API_MB << 20)) /dev/urandom > "$api_data/in/aip-$api_file_uuid.bin"
python3 scripts/lib/make_bag.py "$api_data/in/aip-$api_bag_uuid" "$API_BAG_FILES" $((API_MB << 20))
start_workers 1
"$bin/ss-cli" aip store "aip-$api_file_uuid.bin" --from api-in --to api-keep --wait --timeout 600 >/dev/null
"$bin/ss-cli" aip store "aip-$api_bag_uuid" --from api-in --to api-keep --wait --timeout 600 >/dev/null
stop_workers
rm -rf "$api_data/in"/*
api_file_path=$(find "$api_data/keep" -name "aip-$api_file_uuid.bin")
api_bag_path=$(find "$api_data/keep" -type d -name "aip-$api_bag_uuid")

api_key=$("$bin/ss-cli" apikey create bench --replace)
start_serve
auth="Authorization: ApiKey bench:$api_key"
base=$serve_base
curl -sf -H "$auth" "$base/api/v2/file/$api_file_uuid/" >/dev/null   # warm: one request of each kind
rss_before_kb=$(sed -nE 's/^VmRSS:\s+([0-9]+) kB/\1/p' "/proc/$serve_pid/status")

timed() {  # timed CMD… -> ms
  local t; t=$(now); "$@" >/dev/null; ms_since "$t"
}
api_cat_ms=$(timed cat "$api_file_path")
api_file_ms=$(timed curl -sf -H "$auth" -o /dev/null "$base/api/v2/file/$api_file_uuid/download/")
# Through a pipe: GNU tar writing to /dev/null itself skips reading the files.
api_tar_ms=$(timed sh -c 'tar -cf - -C "$1" "$2" | cat' tar "$(dirname "$api_bag_path")" "aip-$api_bag_uuid")
api_bag_ms=$(timed curl -sf -H "$auth" -o /dev/null "$base/api/v2/file/$api_bag_uuid/download/")
api_bag_bytes=$(curl -sfI -H "$auth" "$base/api/v2/file/$api_bag_uuid/download/" | sed -nE 's/^[Cc]ontent-[Ll]ength: ([0-9]+).*/\1/p')
rss_peak_kb=$(sed -nE 's/^VmHWM:\s+([0-9]+) kB/\1/p' "/proc/$serve_pid/status")
echo "  download: file ${api_file_ms} ms (cat ${api_cat_ms} ms), bag ${api_bag_ms} ms (tar ${api_tar_ms} ms); RSS ${rss_before_kb} → peak ${rss_peak_kb} kB" >&2

api_detail=$(python3 - "$base" "$api_key" "$api_file_uuid" <<'PY'
import statistics, subprocess, sys, time
base, key, uuid = sys.argv[1:]
times = []
for _ in range(50):
    t = time.time()
    subprocess.run(["curl", "-sf", "-o", "/dev/null", "-H", f"Authorization: ApiKey bench:{key}", f"{base}/api/v2/file/{uuid}/"], check=True)
    times.append((time.time() - t) * 1000)
print(round(statistics.median(times), 1))
PY
)
api_psql=$(python3 - "$dir" "$port" "$api_file_uuid" <<'PY'
import statistics, subprocess, sys, time
d, port, uuid = sys.argv[1:]
times = []
for _ in range(50):
    t = time.time()
    subprocess.run(["psql", "-h", f"{d}/sock", "-p", port, "-U", "ss", "-d", "ss", "-qAtX", "-c",
                    f"SELECT * FROM ss.packages WHERE uuid = '{uuid}'"], check=True, stdout=subprocess.DEVNULL)
    times.append((time.time() - t) * 1000)
print(round(statistics.median(times), 1))
PY
)
stop_serve
export API_MB API_BAG_FILES api_cat_ms api_file_ms api_tar_ms api_bag_ms api_bag_bytes rss_before_kb rss_peak_kb api_detail api_psql

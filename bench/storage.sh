# The storage benchmarks, sourced by bench/run (which built $bin, started the cluster and
# defined sql/now/ms_since). In one run, on the same data: a verified store of a 1 GiB
# single-file AIP and of a 1 GiB bag of 1,000 files, a cross-filesystem move of each
# (disk → /dev/shm), and a same-filesystem move; each against the naive script a sysadmin
# would run (`cp -r`, then `openssl dgst -sha256` of the copy). Peak RSS of the worker
# from `/usr/bin/time -v`. Sizes: AIP_MB=1024 BAG_FILES=1000.
AIP_MB=${AIP_MB:-1024}
BAG_FILES=${BAG_FILES:-1000}
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null 2>&1 || true; }

make_scratch data /var/tmp/ss-bench-data.XXXXXX   # on disk, like the locations
make_scratch shm /dev/shm/ss-bench.XXXXXX          # another filesystem (tmpfs)
mkdir -p "$data/incoming" "$data/vault" "$data/vault2" "$data/naive" "$shm/offsite" "$shm/naive"
"$bin/ss-cli" location add incoming --path "$data/incoming" --purpose transfer-source >/dev/null
"$bin/ss-cli" location add vault --path "$data/vault" --purpose aip-storage >/dev/null
"$bin/ss-cli" location add vault2 --path "$data/vault2" --purpose aip-storage >/dev/null
"$bin/ss-cli" location add offsite --path "$shm/offsite" --purpose aip-storage >/dev/null

echo "== storage: making a ${AIP_MB} MiB file and a ${AIP_MB} MiB bag of $BAG_FILES files" >&2
file_uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
bag_uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
file_name="aip-$file_uuid.bin"
bag_name="aip-$bag_uuid"
head -c $((AIP_MB << 20)) /dev/urandom > "$data/incoming/$file_name"
python3 scripts/lib/make_bag.py "$data/incoming/$bag_name" "$BAG_FILES" $((AIP_MB << 20))
sync

/usr/bin/time -v -o "$dir/worker.time" "$bin/ss-worker" --concurrency 1 2>>"$dir/workers.log" &
storage_worker=$!
workers=("$storage_worker")

naive() {  # naive SRC DST_DIR -> ms of cp -r plus openssl dgst -sha256 of every copied file
  local t; t=$(now)
  cp -r "$1" "$2/"
  find "$2/$(basename "$1")" -type f -print0 | xargs -0 openssl dgst -sha256 >/dev/null
  local ms; ms=$(ms_since "$t")
  rm -rf "${2:?}/$(basename "$1")"
  echo "  naive cp -r + openssl of $(basename "$1"): ${ms} ms" >&2
  echo "$ms"
}
run_job() {  # run_job ss-cli args… -> "job_ms wall_ms" (job: started→finished in the row)
  local t; t=$(now)
  local job; job=$("$bin/ss-cli" "$@" --wait --timeout 600)
  local wall; wall=$(ms_since "$t")
  local ms; ms=$(sql -c "SELECT round(extract(epoch FROM finished_at - started_at) * 1000, 1) FROM ss.jobs WHERE id = '$job'")
  [ "$(sql -c "SELECT state FROM ss.jobs WHERE id = '$job'")" = succeeded ] || { echo "job $job did not succeed" >&2; exit 1; }
  echo "  $* : ${ms} ms in the worker, ${wall} ms wall" >&2
  echo "$ms $wall"
}

echo "== storage: store (disk → disk)" >&2
naive_store_file=$(naive "$data/incoming/$file_name" "$data/naive")
store_file=$(run_job aip store "$file_name" --from incoming --to vault)
naive_store_bag=$(naive "$data/incoming/$bag_name" "$data/naive")
store_bag=$(run_job aip store "$bag_name" --from incoming --to vault)

echo "== storage: same-filesystem move (vault → vault2)" >&2
rename_file=$(run_job aip move "$file_uuid" --to vault2)
rename_bag=$(run_job aip move "$bag_uuid" --to vault2)

echo "== storage: cross-filesystem move (disk → /dev/shm)" >&2
file_path=$(find "$data/vault2" -name "$file_name")
bag_path=$(find "$data/vault2" -type d -name "$bag_name")
naive_move_file=$(naive "$file_path" "$shm/naive")
move_file=$(run_job aip move "$file_uuid" --to offsite)
naive_move_bag=$(naive "$bag_path" "$shm/naive")
move_bag=$(run_job aip move "$bag_uuid" --to offsite)

pkill -TERM -P "$storage_worker"   # the worker, child of /usr/bin/time, which then reports
wait "$storage_worker" || true
workers=()
rss_kb=$(sed -nE 's/.*Maximum resident set size \(kbytes\): ([0-9]+)/\1/p' "$dir/worker.time")
export AIP_MB BAG_FILES rss_kb naive_store_file store_file naive_store_bag store_bag rename_file rename_bag \
  naive_move_file move_file naive_move_bag move_bag

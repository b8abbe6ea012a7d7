# The compressed-AIP benchmark, sourced by bench/run: a 7-Zip AIP with bzip2 inside (what
# Archivematica makes by default) of ARCHIVE_MB MiB over ARCHIVE_FILES files, half random
# and half text, stored with its bag validated as it streams out of libarchive, and
# checked by fixity; against `cp` + `7z t` (7-Zip's own test, which decompresses
# everything and checks its CRCs, but not the bag's manifests) in the same run.
ARCHIVE_MB=${ARCHIVE_MB:-256}
ARCHIVE_FILES=${ARCHIVE_FILES:-200}
ensure_command 7z p7zip-full
scratch_locations arc arc

echo "== archive: making a ${ARCHIVE_MB} MiB bag of $ARCHIVE_FILES files and compressing it (7z, bzip2)" >&2
arc_uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
arc_name="aip-$arc_uuid"
python3 scripts/lib/make_bag.py "$arc/$arc_name" "$ARCHIVE_FILES" $((ARCHIVE_MB << 20)) --text-half
(cd "$arc" && 7z a -bd -t7z -m0=bzip2 "in/$arc_name.7z" "$arc_name" >/dev/null)
rm -rf "${arc:?}/$arc_name"
arc_bytes=$(stat -c %s "$arc/in/$arc_name.7z")
sync

"$bin/ss-worker" --concurrency 1 2>>"$dir/workers.log" &
workers=($!)
arc_job() {  # arc_job ss-cli args… -> ms in the worker
  local job; job=$("$bin/ss-cli" "$@" --wait --timeout 900)
  [ "$(sql -c "SELECT state FROM ss.jobs WHERE id = '$job'")" = succeeded ] || { echo "job $job did not succeed" >&2; exit 1; }
  sql -c "SELECT round(extract(epoch FROM finished_at - started_at) * 1000, 1) FROM ss.jobs WHERE id = '$job'"
}
arc_naive() {  # arc_naive FILE [copy] -> ms of (cp and) 7z t
  local t; t=$(now)
  if [ "${2:-}" = copy ]; then cp "$1" "$arc/naive.7z"; 7z t "$arc/naive.7z" >/dev/null; rm -f "$arc/naive.7z"
  else 7z t "$1" >/dev/null; fi
  ms_since "$t"
}
naive_arc_store=$(arc_naive "$arc/in/$arc_name.7z" copy)
arc_store=$(arc_job aip store "$arc_name.7z" --from arc-in --to arc-keep)
arc_stored=$(find "$arc/keep" -name "$arc_name.7z")
naive_arc_fixity=$(arc_naive "$arc_stored")
arc_fixity=$(arc_job aip fixity "$arc_uuid")
stop_workers
echo "  store ${arc_store} ms (cp + 7z t ${naive_arc_store} ms), fixity ${arc_fixity} ms (7z t ${naive_arc_fixity} ms)" >&2
export ARCHIVE_MB ARCHIVE_FILES arc_bytes naive_arc_store arc_store naive_arc_fixity arc_fixity

# Bulk submission, sourced by bench/run: `ss-cli batch submit` of BATCH_LINES `move`
# lines (default 100,000) for AIPs that exist (rows made with SQL; no files are
# touched: nothing runs the jobs), against psql's COPY of the rows it made and a raw
# `INSERT … generate_series` of as many bare jobs.
BATCH_LINES=${BATCH_LINES:-100000}
bdir=$(mktemp -d /tmp/ss-bench-batch.XXXXXX)
mkdir -p "$bdir/a" "$bdir/b"
loc_a=$("$bin/ss-cli" location add batch-a --path "$bdir/a" --purpose aip-storage)
"$bin/ss-cli" location add batch-b --path "$bdir/b" --purpose aip-storage >/dev/null
sql -c "INSERT INTO ss.packages (uuid, name, status, location_uuid, path, size, sha256, stored_at)
        SELECT gen_random_uuid(), 'aip-' || i, 'stored', '$loc_a', 'p/' || i, 1, repeat('0', 64), now()
        FROM generate_series(1, $BATCH_LINES) i"
sql -c "COPY (SELECT 'move ' || uuid || ' --to batch-b' FROM ss.packages WHERE location_uuid = '$loc_a') TO STDOUT" > "$bdir/batch.txt"

sql -c "TRUNCATE ss.jobs"   # the batch's jobs alone, for psql's COPY of them below
echo "== batch: submit $BATCH_LINES move lines" >&2
t=$(now)
batch_id=$("$bin/ss-cli" batch submit "$bdir/batch.txt")
batch_ms=$(ms_since "$t")
batch_jobs=$(sql -c "SELECT count(*) FROM ss.jobs WHERE batch_id = '$batch_id'")
[ "$batch_jobs" = "$BATCH_LINES" ] || { echo "the batch has $batch_jobs jobs, not $BATCH_LINES" >&2; exit 1; }
# The database's own speed for these very rows (the batch's are the table's only jobs):
# psql's COPY of them into the emptied table.
batch_copy_ms=$(recopy_ms "$bdir/rows.tsv")
sql -c "TRUNCATE ss.jobs"
t=$(now)
sql -c "INSERT INTO ss.jobs (id, kind, state, args) SELECT gen_random_uuid(), 'aip.move', 'queued', '{}' FROM generate_series(1, $BATCH_LINES)"
batch_raw_ms=$(ms_since "$t")
sql -c "DELETE FROM ss.jobs WHERE kind = 'aip.move'; DELETE FROM ss.packages WHERE location_uuid = '$loc_a'"
rm -rf "$bdir"
echo "  batch submit: $batch_ms ms; psql COPY of its rows: $batch_copy_ms ms; raw insert: $batch_raw_ms ms" >&2
export BATCH_LINES batch_ms batch_raw_ms batch_copy_ms

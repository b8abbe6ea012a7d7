# The dashboard on a big table, sourced by bench/run: UI_DEPTH (default 1,000,000) queued
# no-op jobs, a batch of 10,000 of them, 20,000 ended in the last day (1,000 failed with an
# error) and UI_AIPS (default 100,000) AIP rows; then each page's time as curl sees it on
# loopback (the server's time, as nothing else is between), signed in as a read key. The
# overview's counts are a cached reading (5 s, given up to 60 s old while the next is
# read): its steady time is the median of 15; also the first overview after the server
# starts (which must wait for a reading) and one after the reading has gone stale.
UI_DEPTH=${UI_DEPTH:-1000000}
UI_AIPS=${UI_AIPS:-100000}
echo "== ui: $UI_DEPTH queued jobs, and the pages" >&2
sql -c "TRUNCATE ss.jobs; DELETE FROM ss.batches"
"$bin/ss-cli" ping --count "$UI_DEPTH" --no-wait >/dev/null 2>&1
ui_batch=$(python3 -c 'import uuid; print(uuid.uuid4())')
sql -c "INSERT INTO ss.batches (id, jobs) VALUES ('$ui_batch', 10000);
        UPDATE ss.jobs SET batch_id = '$ui_batch' WHERE id IN (SELECT id FROM ss.jobs ORDER BY id DESC LIMIT 10000);
        UPDATE ss.jobs SET state = 'succeeded', attempt = 1, started_at = now() - interval '2 hours', finished_at = now() - random() * interval '23 hours'
          WHERE id IN (SELECT id FROM ss.jobs ORDER BY id LIMIT 20000);
        UPDATE ss.jobs SET state = 'failed', errors = '[{\"code\": \"bench\", \"message\": \"made to fail\", \"attempt\": 1}]'
          WHERE id IN (SELECT id FROM ss.jobs ORDER BY id LIMIT 1000)"
ui_job=$(sql -c "SELECT id FROM ss.jobs ORDER BY id LIMIT 1 OFFSET 500000")
scratch_locations ui_scratch ui
ui_loc=$(sql -c "SELECT uuid FROM ss.locations WHERE name = 'ui-keep'")
sql -c "INSERT INTO ss.packages (uuid, name, status, location_uuid, path, size, sha256, stored_at)
        SELECT gen_random_uuid(), 'bench-aip-' || i, 'stored', '$ui_loc', 'bench-aip-' || i, 1000, repeat('0', 64), now() FROM generate_series(1, $UI_AIPS) i; ANALYZE ss.packages"
ui_aip=$(sql -c "SELECT uuid FROM ss.packages ORDER BY created_at LIMIT 1")
ui_key=$("$bin/ss-cli" apikey create bench-ui --scope read)
start_serve
ui_pages=$(python3 - "$serve_base" "$ui_key" "$ui_job" "$ui_batch" "$ui_aip" <<'PY'
import re, statistics, subprocess, sys, time
base, key, job, batch, aip = sys.argv[1:]
jar = "/tmp/ss-bench-ui-cookies"
def curl(*args):
    return subprocess.run(["curl", "-s", "-b", jar, "-c", jar, *args], capture_output=True, text=True, check=True).stdout
form = curl(base + "/ui/login")
csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', form).group(1)
curl("-d", f"user=bench-ui&key={key}&csrf={csrf}", base + "/ui/login")
def ms(path):
    out = curl("-o", "/dev/null", "-w", "%{http_code} %{time_total}", base + path).split()
    assert out[0] == "200", (path, out)
    return float(out[1]) * 1000
pages = ["/ui/", "/ui/jobs", "/ui/jobs?state=failed", f"/ui/jobs?batch={batch}", f"/ui/jobs/{job}", "/ui/batches",
         f"/ui/batches/{batch}", "/ui/aips", f"/ui/aips/{aip}", "/ui/aips?q=bench-aip-99", "/ui/locations", "/ui/deletion-requests"]
first = ms("/ui/")
time.sleep(6)
stale = ms("/ui/")
print(f"{first:.1f} {stale:.1f}", " ".join(f"{statistics.median(ms(p) for _ in range(15)):.1f}" for p in pages))
PY
)
stop_serve
sql -c "TRUNCATE ss.jobs; DELETE FROM ss.batches; DELETE FROM ss.packages WHERE name LIKE 'bench-aip-%'"
echo "  ui: the first overview, a stale one, and the pages (ms): $ui_pages" >&2
export UI_DEPTH UI_AIPS ui_pages

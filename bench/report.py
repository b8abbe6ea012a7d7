"""Writes docs/benchmarks.md from the figures bench/run measured (passed in the environment).

Usage: report.py PART... (queue, storage, archive, …). Sections of parts not run this time are kept
as they were, and so is everything after `<!-- notes -->`."""
import datetime
import json
import os
import platform
import re
import sys

e = os.environ


def met(ok):
    return "yes" if ok else "**no**"


def table(rows):
    return ["| measure | result | baseline (same run) | target | met |", "|---|---|---|---|---|"] + [
        f"| {a} | {b} | {c} | {d} | {f} |" for a, b, c, d, f in rows]


def queue():
    lat = json.loads(e["lat"])["latency"]
    bulk, jobs, conc = int(e["BULK"]), int(e["JOBS"]), int(e["CONC"])
    enqueue_ms, raw_ms = float(e["enqueue_ms"]), float(e["raw_insert_ms"])
    drain, c1, c100 = int(e["drain"]), int(e["ceiling1"]), int(e["ceiling100"])
    status_ms, psql_ms = float(e["status_ms"]), float(e["psql_ms"])
    ratios = ", ".join(f"{int(d) / int(c) * 100:.0f}%" for d, c in (r.split(":") for r in e["rounds"].split()))
    enqueue_rate = bulk / enqueue_ms * 1000
    raw_rate = bulk / raw_ms * 1000
    rows = [
        ("bulk enqueue (`ss-cli ping --no-wait`, one statement)",
         f"{enqueue_rate:,.0f} jobs/s ({bulk:,} in {enqueue_ms:,.0f} ms)",
         f"psql `INSERT … generate_series`: {raw_rate:,.0f} jobs/s", "≥ 100,000 jobs/s", met(enqueue_rate >= 100_000)),
        (f"drain {jobs:,} `system.noop`, 2 `ss-worker` processes (the median of 3 rounds, each against its own ceiling)",
         f"{drain:,} jobs/s ({drain / c100 * 100:.0f}% of the batched ceiling; the rounds: {ratios})",
         f"pgbench, same SQL: {c1:,} jobs/s one job per transaction; {c100:,} jobs/s in batches of 100",
         "≥ 80% of the batched ceiling", met(drain >= 0.8 * c100)),
        ("idle submit→start latency (the jobs' own timestamps)",
         f"p50 {lat['start_p50_ms']:.2f} ms, p95 {lat['start_p95_ms']:.2f} ms, p99 {lat['start_p99_ms']:.2f} ms",
         f"submit→finish round trip p50 {lat['round_trip_p50_ms']:.2f} ms", "p50 ≤ 2 ms, p99 ≤ 5 ms",
         met(lat["start_p50_ms"] <= 2 and lat["start_p99_ms"] <= 5)),
        ("`ss-cli job status`, wall (median of 40)", f"{status_ms:.1f} ms",
         f"`psql -c 'SELECT … WHERE id = …'`: {psql_ms:.1f} ms", "≤ 25 ms", met(status_ms <= 25)),
    ]
    return [
        f"Shape: drain of {jobs:,} pre-enqueued no-op jobs by 2 worker processes with `--concurrency {conc}`",
        "each and log level warning; pgbench runs the workers' own claim statement plus a completion",
        "(`bench/claim_complete.sql`), 2 clients, prepared; latency: one job at a time to 2 idle workers.", "",
    ] + table(rows)


def storage():
    mb, files = int(e["AIP_MB"]), int(e["BAG_FILES"])
    size = f"{mb / 1024:g} GiB" if mb >= 1024 else f"{mb} MiB"

    def job(name):
        ms, wall = (float(x) for x in e[name].split())
        return ms, wall

    rows = []
    for label, ours, naive in [
        (f"verified store, {size} single file (disk → disk)", "store_file", "naive_store_file"),
        (f"verified store, {size} bag of {files:,} files (disk → disk)", "store_bag", "naive_store_bag"),
        (f"cross-filesystem move, {size} file (disk → /dev/shm)", "move_file", "naive_move_file"),
        (f"cross-filesystem move, {size} bag (disk → /dev/shm)", "move_bag", "naive_move_bag"),
    ]:
        ms, wall = job(ours)
        base = float(e[naive])
        rows.append((label, f"{ms:,.0f} ms in the worker ({wall:,.0f} ms wall with `--wait`)",
                     f"`cp -r` + `openssl dgst -sha256`: {base:,.0f} ms", "≤ the naive script", met(ms <= base)))
    for label, ours in [(f"same-filesystem move, {size} file", "rename_file"),
                        (f"same-filesystem move, {size} bag", "rename_bag")]:
        ms, wall = job(ours)
        rows.append((label, f"{ms:,.1f} ms in the worker ({wall:,.0f} ms wall)", "—", "< 50 ms", met(ms < 50)))
    rss = int(e["rss_kb"]) / 1024
    rows.append(("`ss-worker` peak RSS over all of the above (`/usr/bin/time -v`)", f"{rss:.1f} MiB", "—", "≤ 64 MiB",
                 met(rss <= 64)))
    return [
        "Shape: one `ss-worker --concurrency 1`; each job submitted with `ss-cli … --wait`; \"in the worker\"",
        "is the job row's started→finished. A verified store reads the source once (hashing it and checking",
        "the bag's manifests), writes a temporary, re-reads it behind the writer, makes it durable (syncfs),",
        "and renames it; the naive script copies and hashes the copy, without making anything durable.",
        "The naive script runs first on the same data, so both read a source in the page cache.", "",
    ] + table(rows)


def archive():
    mb, files, nbytes = int(e["ARCHIVE_MB"]), int(e["ARCHIVE_FILES"]), int(e["arc_bytes"])
    rows = []
    for label, ours, naive, base_label in [
        ("verified store of the 7z, bag validated inside", "arc_store", "naive_arc_store", "`cp` + `7z t`"),
        ("fixity of the stored 7z, bag validated inside", "arc_fixity", "naive_arc_fixity", "`7z t`"),
    ]:
        ms, base = float(e[ours]), float(e[naive])
        rows.append((label, f"{ms:,.0f} ms in the worker ({mb / ms * 1000:,.0f} MiB/s of payload)",
                     f"{base_label}: {base:,.0f} ms", "≤ 1.5 × the baseline", met(ms <= 1.5 * base)))
    return [
        f"Shape: a bag of {mb} MiB in {files:,} files (half random, half text) compressed by 7-Zip with bzip2,",
        f"as Archivematica does by default ({nbytes / 1048576:,.0f} MiB as a 7z); one `ss-worker --concurrency 1`.",
        "The store copies the archive (read back), then reads it through libarchive, hashing every entry",
        "against the bag's manifests; fixity hashes the file and validates the bag inside the same way.",
        "`7z t` decompresses everything and checks 7-Zip's CRCs, not the manifests.", "",
    ] + table(rows)


def batch():
    lines, ms, raw = int(e["BATCH_LINES"]), float(e["batch_ms"]), float(e["batch_raw_ms"])
    copy = float(e["batch_copy_ms"])
    rows = [(f"`ss-cli batch submit` of {lines:,} `move` lines (parse, check, enqueue; wall)",
             f"{ms:,.0f} ms ({lines / ms * 1000:,.0f} lines/s)",
             f"psql `\\copy` of the batch's own {lines:,} job rows: {copy:,.0f} ms; `INSERT … generate_series` of as many bare jobs: {raw:,.0f} ms",
             "≤ 2,000 ms", met(ms <= 2000))]
    return [
        "Shape: a file of `move <uuid> --to batch-b` lines for AIPs whose rows exist (made with SQL), submitted",
        "by the release `ss-cli` against the same cluster; every line is parsed by the `aip move` command,",
        "checked against the AIP and the location, and enqueued in one transaction.", "",
    ] + table(rows)


def api():
    mb, files = int(e["API_MB"]), int(e["API_BAG_FILES"])
    size = f"{mb / 1024:g} GiB" if mb >= 1024 else f"{mb} MiB"
    before, peak = int(e["rss_before_kb"]) / 1024, int(e["rss_peak_kb"]) / 1024

    def rate(ms, nbytes):
        return f"{nbytes / (1 << 20) / (float(ms) / 1000):,.0f} MiB/s"

    file_bytes, bag_bytes = mb << 20, int(e["api_bag_bytes"])
    rows = [
        (f"download of a {size} single-file AIP (`curl` → /dev/null)", f"{float(e['api_file_ms']):,.0f} ms ({rate(e['api_file_ms'], file_bytes)})",
         f"`cat` of the file: {float(e['api_cat_ms']):,.0f} ms ({rate(e['api_cat_ms'], file_bytes)})", "≥ 500 MiB/s",
         met(file_bytes / (1 << 20) / (float(e["api_file_ms"]) / 1000) >= 500)),
        (f"download of a {size} bag of {files:,} files as a tar made on the fly",
         f"{float(e['api_bag_ms']):,.0f} ms ({rate(e['api_bag_ms'], bag_bytes)})",
         f"`tar -cf - \\| cat` of the bag: {float(e['api_tar_ms']):,.0f} ms ({rate(e['api_tar_ms'], bag_bytes)})", "≥ 500 MiB/s",
         met(bag_bytes / (1 << 20) / (float(e["api_bag_ms"]) / 1000) >= 500)),
        ("`ss-cli serve` resident memory: before → peak over both downloads (VmRSS, VmHWM)",
         f"{before:.1f} MiB → {peak:.1f} MiB (+{peak - before:.1f} MiB)", f"{2 * mb / 1024:g} GiB streamed", "peak ≤ before + 32 MiB",
         met(peak <= before + 32)),
        ("`GET /api/v2/file/<uuid>/` by curl, wall (median of 50)", f"{float(e['api_detail']):.1f} ms",
         f"`psql -c 'SELECT … FROM packages WHERE uuid = …'`: {float(e['api_psql']):.1f} ms", "≤ 25 ms", met(float(e["api_detail"]) <= 25)),
    ]
    return [
        "Shape: one release `ss-cli serve` on loopback, API key in the header; both AIPs stored first by",
        "`ss-worker`; each download is read by curl into /dev/null, its baseline reads the same bytes from",
        "the page cache in the same run. The server streams 1 MiB chunks, each sent before the next is read.", "",
    ] + table(rows)


def longpoll():
    lp, waiters, endings = json.loads(e["longpoll"]), int(e["LP_WAITERS"]), int(e["LP_ENDINGS"])
    rows = [
        (f"database connections `ss-cli serve` holds while {waiters:,} requests wait", f"{lp['connections']}",
         f"{waiters:,} requests", "≤ 17 (pool of 16 + the LISTEN one)", met(lp["connections"] <= 17)),
        (f"a waiter hears its job ended (`job cancel` start → answer), {waiters:,} waiting, median (max) of {endings}",
         f"{lp['crowd_ms']:.0f} ms ({lp['crowd_max_ms']:.0f} ms)", f"one request waiting: {lp['alone_ms']:.0f} ms",
         "≤ baseline + 50 ms", met(lp["crowd_ms"] <= lp["alone_ms"] + 50)),
        (f"database transactions the server runs per job ending, {waiters:,} waiting", f"{lp['tx_per_ending']:,.1f}",
         f"`job cancel` itself: {lp['tx_per_cancel']:.1f}", "≤ 3", met(lp["tx_per_ending"] <= 3)),
        (f"… and per second while nothing ends", f"{lp['tx_per_idle_second']:,.1f}", "", "≤ 5", met(lp["tx_per_idle_second"] <= 5)),
        ("server CPU per job ending", f"{lp['cpu_per_ending_ms']:.1f} ms", f"idle: {lp['idle_cpu_percent']:.1f} % of a core", "", ""),
        (f"the other {lp['rest']:,} jobs cancelled at once (one batch): until every waiter has its answer",
         f"{lp['all_rest_ms']:,.0f} ms", "", "≤ 5 s", met(lp["all_rest_ms"] <= 5000)),
    ]
    return [
        "Shape: one release `ss-cli serve` on loopback; as many Python threads as requests, each",
        "`GET /api/v3/jobs/<id>?wait=600` on its own queued job (no worker runs); jobs ended one at a time",
        "by `ss-cli job cancel` (which notifies as a worker's ending does). Transactions from",
        "`pg_stat_database`, CPU from `/proc/<pid>/stat`.", "",
    ] + table(rows)


def depth():
    def rounds(name):
        return ", ".join(f"{float(x):,.0f}" for x in e[name].split())
    small, big, conc = int(e["depth_small"]), int(e["depth_big"]), int(e["CONC"])
    n, most = int(e["DEPTH"]), int(e["depth_most"])
    failed, rescued = (int(x) for x in e["depth_bad"].split())
    enq_ms, copy_ms = float(e["depth_enqueue_ms"]), float(e["depth_copy_ms"])
    status, page, filtered, failed_page, batch = (float(x) for x in e["depth_reads"].split())
    enq_rate, copy_rate = n / enq_ms * 1000, n / copy_ms * 1000
    rows = [
        (f"drain {n:,} queued against {int(e['SMALL']):,} (2 workers × {conc})",
         f"{big:,} jobs/s against {small:,} jobs/s: {big / small:.2f} (each quarter of its endings: {', '.join(f'{int(q):,}' for q in e['depth_quarters'].split())} jobs/s)",
         f"the median of 3 drains of {int(e['SMALL']):,} in the same run (2 before, 1 after): {', '.join(f'{int(r):,}' for r in e['small_rates'].split())} jobs/s",
         "≥ 0.9", met(big >= 0.9 * small)),
        (f"most jobs `running` at once in the {n:,} drain (sampled every 0.5 s)", f"{most:,}",
         f"2 × --concurrency = {2 * conc}", f"≤ {2 * conc}", met(most <= 2 * conc)),
        ("jobs failed / rescued or run twice in that drain", f"{failed} / {rescued}", "", "0 / 0", met(failed == 0 and rescued == 0)),
        (f"`ss-cli job status` on {n:,} rows, wall (median of 15)", f"{status:.1f} ms", "", "≤ 100 ms", met(status <= 100)),
        ("`ss-cli job list --limit 20`, wall", f"{page:.1f} ms", "", "≤ 100 ms", met(page <= 100)),
        ("`job list --limit 20 --state queued --kind system.noop`, wall", f"{filtered:.1f} ms", "", "≤ 100 ms", met(filtered <= 100)),
        ("`job list --limit 20 --state failed` (none failed), wall", f"{failed_page:.1f} ms", "", "≤ 100 ms", met(failed_page <= 100)),
        ("`ss-cli batch status` of a 10,000-job batch, wall", f"{batch:.1f} ms", "", "≤ 100 ms", met(batch <= 100)),
        (f"bulk enqueue of {n:,} (`ss-cli ping --no-wait`, COPY; the median of {len(e['enqueue_rounds'].split())} rounds: {rounds('enqueue_rounds')} ms)",
         f"{enq_rate:,.0f} jobs/s ({enq_ms:,.0f} ms)",
         f"psql `\\copy` of the same rows, alternating with them: {copy_rate:,.0f} jobs/s ({copy_ms:,.0f} ms; {rounds('copy_rounds')} ms)",
         "≥ 150,000 jobs/s", met(enq_rate >= 150_000)),
    ]
    return [
        f"Shape: {int(e['SMALL']):,} and then {n:,} `system.noop` jobs queued by `ss-cli ping --no-wait` and drained by",
        f"2 `ss-worker --concurrency {conc}` processes (log level warning); the reads are the release `ss-cli`,",
        f"process start included, against the table of {n:,} queued jobs (never analysed by hand).", "",
    ] + table(rows)


def audit():
    n, total, openssl = int(e["audit_aips"]), int(e["audit_bytes"]), float(e["audit_openssl"])
    free_wall, free_span, free_read = (float(x) for x in e["audit_free"].split())
    slow_wall, slow_span, slow_read = (float(x) for x in e["audit_throttled"].split())
    budget = float(e["audit_budget"])
    rate = slow_read / (slow_span / 1000)
    rows = [
        (f"unthrottled audit of {total / 2**30:,.0f} GiB (`aip audit --location … --wait`, wall)",
         f"{free_wall:,.0f} ms ({total / 2**20 / free_wall * 1000:,.0f} MiB/s; first start to last end {free_span:,.0f} ms)",
         f"`openssl dgst -sha256` of the same files: {openssl:,.0f} ms ({total / 2**20 / openssl * 1000:,.0f} MiB/s)",
         "no slower than openssl", met(free_wall <= openssl)),
        (f"audit at `--audit-bandwidth {e['AUDIT_BW']}` ({budget / 2**20:,.0f} MiB/s)",
         f"{rate / 2**20:,.1f} MiB/s over {slow_span / 1000:,.0f} s ({slow_read / 2**30:,.1f} GiB read)",
         f"the budget: {budget / 2**20:,.0f} MiB/s", "within 10% of the budget", met(abs(rate - budget) <= 0.1 * budget)),
    ]
    return [
        f"Shape: {n} single-file AIPs of 1 GiB, each with a replica in a replicator location on the same filesystem",
        f"({total / 2**30:,.0f} GiB read per pass: every primary and replica hashed, SHA-256 against the recorded one).",
        "The unthrottled pass is one `ss-worker --concurrency 1`, as openssl is one process; the throttled one is",
        "a worker at concurrency 2, its two audits sharing the budget. All from the page cache (the machine has",
        "24 GiB), for both ss and openssl.", "",
    ] + table(rows)


def ui():
    first, stale, *pages = (float(x) for x in e["ui_pages"].split())
    names = ["`/ui/` (the overview)", "`/ui/jobs`", "`/ui/jobs?state=failed`", "`/ui/jobs?batch=…` (10,000 jobs)", "`/ui/jobs/<id>`",
             "`/ui/batches`", "`/ui/batches/<id>` (10,000 jobs)", "`/ui/aips`", "`/ui/aips/<uuid>`", "`/ui/aips?q=…` (a name search)",
             "`/ui/locations`", "`/ui/deletion-requests`"]
    rows = [(f"{name}, median of 15", f"{t:.1f} ms", "", "≤ 200 ms", met(t <= 200)) for name, t in zip(names, pages)]
    rows.insert(1, ("`/ui/` with its 5 s reading gone stale (given as it is, the next read behind it)", f"{stale:.1f} ms", "", "≤ 200 ms", met(stale <= 200)))
    rows.insert(2, ("`/ui/` first after the server starts (waits for the first reading of the counts)", f"{first:.1f} ms", "",
                    "(once per server)", "—"))
    return [
        f"Shape: {int(e['UI_DEPTH']):,} `system.noop` jobs queued, 20,000 of them ended in the last 24 hours (1,000 failed),",
        f"a batch of 10,000, {int(e['UI_AIPS']):,} AIPs; each page fetched by curl with a `read` key's session, on loopback (`time_total`).", "",
    ] + table(rows)


parts = {"queue": ("Queue", queue), "batch": ("Bulk submission", batch), "storage": ("Storage: the AIP data path", storage),
         "archive": ("Storage: compressed AIPs", archive),
         "api": ("HTTP API: streaming download", api), "longpoll": ("HTTP API: long polls", longpoll),
         "depth": ("Queue at depth", depth), "audit": ("Audits", audit),
         "ui": ("The dashboard on a big table", ui)}
out = e["OUT"]
old = open(out).read() if os.path.exists(out) else ""
notes = old.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in old else "\n"
load = os.getloadavg()
lines = [
    "# Benchmarks", "",
    "Produced by `bench/run` (release build, one private PostgreSQL 15 cluster with its default",
    "durability settings, Unix socket, everything on this 2-core machine; baselines in the same run).",
    "Each section says when it was last run.", "",
]
for key, (title, build) in parts.items():
    lines += [f"## {title}", "", f"<!-- {key} -->"]
    if key in sys.argv[1:]:
        lines += [f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()}, "
                  f"load average {load[0]:.2f} at the end.", ""] + build()
    else:
        m = re.search(rf"<!-- {key} -->\n(.*?)\n<!-- /{key} -->", old, re.S)
        kept = m.group(1) if m else ("\n".join(old.split("<!-- notes -->")[0].splitlines()[5:]).strip() if key == "queue" else "Not run yet.")
        lines += [kept]
    lines += [f"<!-- /{key} -->", ""]
with open(out, "w") as f:
    f.write("\n".join(lines) + "<!-- notes -->" + notes)
print("\n".join(lines))

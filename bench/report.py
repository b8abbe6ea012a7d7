"""Writes docs/benchmarks.md from the figures bench/run measured (passed in the environment)."""
import datetime
import json
import os
import platform

e = os.environ
lat = json.loads(e["lat"])["latency"]
bulk, jobs, conc = int(e["BULK"]), int(e["JOBS"]), int(e["CONC"])
enqueue_ms, raw_ms = float(e["enqueue_ms"]), float(e["raw_insert_ms"])
drain, c1, c100 = int(e["drain"]), int(e["ceiling1"]), int(e["ceiling100"])
status_ms, psql_ms = float(e["status_ms"]), float(e["psql_ms"])
enqueue_rate = bulk / enqueue_ms * 1000
raw_rate = bulk / raw_ms * 1000


def met(ok):
    return "yes" if ok else "**no**"


rows = [
    ("bulk enqueue (`ss-cli ping --no-wait`, one statement)",
     f"{enqueue_rate:,.0f} jobs/s ({bulk:,} in {enqueue_ms:,.0f} ms)",
     f"psql `INSERT … generate_series`: {raw_rate:,.0f} jobs/s", "≥ 100,000 jobs/s", met(enqueue_rate >= 100_000)),
    (f"drain {jobs:,} `system.noop`, 2 `ss-worker` processes",
     f"{drain:,} jobs/s ({drain / c100 * 100:.0f}% of the batched ceiling)",
     f"pgbench, same SQL: {c1:,} jobs/s one job per transaction; {c100:,} jobs/s in batches of 100",
     "≥ 80% of the batched ceiling", met(drain >= 0.8 * c100)),
    ("idle submit→start latency (the jobs' own timestamps)",
     f"p50 {lat['start_p50_ms']:.2f} ms, p95 {lat['start_p95_ms']:.2f} ms, p99 {lat['start_p99_ms']:.2f} ms",
     f"submit→finish round trip p50 {lat['round_trip_p50_ms']:.2f} ms", "p50 ≤ 2 ms, p99 ≤ 5 ms",
     met(lat["start_p50_ms"] <= 2 and lat["start_p99_ms"] <= 5)),
    ("`ss-cli job status`, wall (median of 40)", f"{status_ms:.1f} ms",
     f"`psql -c 'SELECT … WHERE id = …'`: {psql_ms:.1f} ms", "≤ 25 ms", met(status_ms <= 25)),
]
load = os.getloadavg()
lines = [
    "# Benchmarks", "",
    "Produced by `bench/run` (release build, one private PostgreSQL 15 cluster with its default",
    "durability settings, Unix socket, everything on this 2-core machine; baselines in the same run).",
    f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()}, "
    f"load average {load[0]:.2f} at the end.",
    f"Shape: drain of {jobs:,} pre-enqueued no-op jobs by 2 worker processes with `--concurrency {conc}`",
    "each and log level warning; pgbench runs the workers' own claim statement plus a completion",
    "(`bench/claim_complete.sql`), 2 clients, prepared; latency: one job at a time to 2 idle workers.", "",
    "| measure | result | baseline (same run) | target | met |", "|---|---|---|---|---|",
] + [f"| {a} | {b} | {c} | {d} | {f} |" for a, b, c, d, f in rows] + [""]
out = e["OUT"]
old = open(out).read() if os.path.exists(out) else ""
notes = old.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in old else "\n"
with open(out, "w") as f:
    f.write("\n".join(lines) + "<!-- notes -->" + notes)
print("\n".join(lines))

"""The long-poll measurement of bench/longpoll.sh; prints one JSON object.

Usage: longpoll.py BASE USER:KEY JOBS_FILE SERVE_PID WAITERS ENDINGS SS_CLI SOCKET_DIR PORT BATCH
JOBS_FILE holds WAITERS + 2 × ENDINGS queued job ids: the first ENDINGS are waited on
alone (the baseline for hearing), the next ENDINGS are ended with nobody waiting (the
transactions `job cancel` runs itself), the rest are waited on all at once."""
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

base, key, jobs_file, serve_pid, waiters, endings, cli, sock, port, batch = sys.argv[1:]
waiters, endings = int(waiters), int(endings)
jobs = open(jobs_file).read().split()
assert len(jobs) >= waiters + 2 * endings, f"{len(jobs)} jobs, {waiters + 2 * endings} needed"
host = urllib.parse.urlparse(base)
tick = os.sysconf("SC_CLK_TCK")


def sql(query):
    return subprocess.run(["psql", "-h", sock, "-p", port, "-U", "ss", "-d", "ss", "-qAtX", "-c", query],
                          check=True, capture_output=True, text=True).stdout.strip()


def transactions():
    # A backend reports its counts at most once a second, and one gone idle within 10 s
    # (PostgreSQL 15's PGSTAT_IDLE_INTERVAL): wait that out so that nothing is missed.
    time.sleep(11)
    return int(sql("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'ss'"))


def cpu_seconds():
    fields = open(f"/proc/{serve_pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


class Waiter(threading.Thread):
    """One request waiting for one job; `answered` is when its answer came."""

    def __init__(self, job):
        super().__init__(daemon=True)
        self.job, self.answered, self.state, self.sent = job, None, None, threading.Event()

    def run(self):
        c = http.client.HTTPConnection(host.hostname, host.port, timeout=700)
        c.request("GET", f"/api/v3/jobs/{self.job}?wait=600", headers={"Authorization": f"ApiKey {key}"})
        self.sent.set()
        r = c.getresponse()
        body = json.loads(r.read())
        self.answered, self.state = time.time(), (r.status, body.get("state"))


def end(job):
    started = time.time()
    subprocess.run([cli, "job", "cancel", job], check=True, capture_output=True)
    return started


def heard(w, started):
    w.join(30)
    assert w.state == (200, "cancelled"), f"job {w.job}: {w.state}"
    return (w.answered - started) * 1000


# The baseline: one request waiting at a time.
alone = []
for job in jobs[:endings]:
    w = Waiter(job)
    w.start()
    w.sent.wait()
    time.sleep(0.3)
    alone.append(heard(w, end(job)))

# Nobody waiting: what ending a job costs the database without the server.
x0 = transactions()
for job in jobs[endings:2 * endings]:
    end(job)
per_cancel = (transactions() - x0 - 1) / endings  # less the count's own

# All at once.
crowd = [Waiter(job) for job in jobs[2 * endings:2 * endings + waiters]]
for w in crowd:
    w.start()
for w in crowd:
    w.sent.wait()
time.sleep(3)  # every request has read its job once and is waiting
connections = int(sql("SELECT count(*) FROM pg_stat_activity WHERE datname = 'ss' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"))
x0, c0, t0 = transactions(), cpu_seconds(), time.time()
time.sleep(10)
x1, c1, t1 = transactions(), cpu_seconds(), time.time()
idle_per_second = (x1 - x0 - 1) / (t1 - t0)  # less the one the count itself takes
idle_cpu = (c1 - c0) / (t1 - t0)
busy = []
x2, c2, t2 = transactions(), cpu_seconds(), time.time()
for w in crowd[:endings]:
    busy.append(heard(w, end(w.job)))
c3 = cpu_seconds()
x3, t3 = transactions(), time.time()
# Less the count's own, the looks every 3 s that would have run anyway, and the cancels' own.
per_ending = (x3 - x2 - 1 - idle_per_second * (t3 - t2)) / endings - per_cancel
# The rest end together (their batch cancelled in one statement): how long until every
# request has its answer.
rest = crowd[endings:]
started = time.time()
subprocess.run([cli, "batch", "cancel", batch], check=True, capture_output=True)
for w in rest:
    heard(w, started)
print(json.dumps({
    "connections": connections,
    "alone_ms": round(statistics.median(alone), 1),
    "crowd_ms": round(statistics.median(busy), 1),
    "crowd_max_ms": round(max(busy), 1),
    "tx_per_ending": round(per_ending, 1),
    "tx_per_cancel": round(per_cancel, 1),
    "tx_per_idle_second": round(idle_per_second, 1),
    "cpu_per_ending_ms": round((c3 - c2) / endings * 1000, 1),
    "idle_cpu_percent": round(idle_cpu * 100, 1),
    "all_rest_ms": round((max(w.answered for w in rest) - started) * 1000, 1),
    "rest": len(rest),
}))

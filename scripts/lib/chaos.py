#!/usr/bin/env python3
"""The chaos run behind scripts/chaos: AIP operations under SIGKILLed workers, PostgreSQL
restarts, a full disk and rotting copies (location "a" replicates to "r"; audits repair),
then the invariants that say nothing was lost.

With --hosts N (and the hosts scripts/chaos made, in WORK_DIR/hosts), the workers after the
first run on those hosts, network namespaces that reach PostgreSQL over TLS (verify-full,
a password from PGPASSWORD), and a host is cut off from the database now and then for
longer than a lease: its worker must stop its jobs by its own clock, another host's take
them over, and nothing be lost or done twice.

Usage: chaos.py BIN_DIR WORK_DIR PG_BIN PG_PORT [--quick] [--seconds N] [--aips N] [--hosts N]
(scripts/chaos starts the cluster and passes these.)"""
import argparse, hashlib, json, os, random, signal, subprocess, sys, time

p = argparse.ArgumentParser()
p.add_argument("bin"); p.add_argument("work"); p.add_argument("pgbin"); p.add_argument("port")
p.add_argument("--quick", action="store_true")
p.add_argument("--seconds", type=int)
p.add_argument("--aips", type=int)
p.add_argument("--seed", type=int, default=int(time.time()))
p.add_argument("--hosts", type=int, default=0)
a = p.parse_args()
quick = a.quick
seconds = a.seconds or (75 if quick else 420)
naips = a.aips or (36 if quick else 300)
rng = random.Random(a.seed)
cli, worker_bin = os.path.join(a.bin, "ss-cli"), os.path.join(a.bin, "ss-worker")
loc = os.path.join(a.work, "loc")
storage = ["a", "b", "c"]
env = dict(os.environ, SS_LOG_LEVEL="warning", NO_COLOR="1")
# Workers copy slowly (every 4 MiB chunk, or file, takes 150 ms more), so that kills land
# in the middle of copies rather than between jobs.
worker_env = dict(env, SS_TEST_SLOW_COPY_MS="150")
counts = {"kills": 0, "kills_mid_job": 0, "pg_restarts": 0, "batches": 0, "batches_refused": 0, "enospc": "not run", "copies_rotted": 0,
          "partitions": 0}
# The other hosts: (namespace, link, the database's address on that link).
hosts_file = os.path.join(a.work, "hosts")
hosts = [tuple(line.split()) for line in open(hosts_file)] if a.hosts and os.path.exists(hosts_file) else []
if a.hosts and not hosts:
    counts["partitions"] = "skipped: no network namespaces"
LEASE = 4
log = open(os.path.join(a.work, "chaos.log"), "a")


def say(*args):
    print("chaos:", *args, file=sys.stderr, flush=True)


def ss(*args, check=True, timeout=120):
    r = subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f"ss-cli {' '.join(args)}: {r.returncode} {r.stderr.strip()}")
    return r


def sql(query):
    r = subprocess.run(["psql", "-h", os.path.join(a.work, "sock"), "-p", a.port, "-U", "ss", "-d", "ss", "-qAtX", "-F", "\t", "-c", query],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"psql: {r.stderr.strip()}")
    return [line.split("\t") for line in r.stdout.splitlines() if line]


def sql_retry(query):
    for _ in range(60):
        try:
            return sql(query)
        except (RuntimeError, subprocess.TimeoutExpired):
            time.sleep(1)
    return sql(query)


# Locations: "c" on another filesystem (/dev/shm), so that moves to and from it copy
# (and can be killed mid-copy) while moves between "a" and "b" rename; and a tiny
# filesystem to fill (root only).
shm = os.path.join("/dev/shm", "ss-chaos-" + os.path.basename(a.work))
paths = {"in": os.path.join(loc, "in"), "a": os.path.join(loc, "a"), "b": os.path.join(loc, "b"), "c": os.path.join(shm, "c")}
for name, path in paths.items():
    os.makedirs(path, exist_ok=True)
    ss("location", "add", name, "--path", path, "--purpose", "transfer-source" if name == "in" else "aip-storage")
# Every AIP stored or moved into "a" gets a replica in "r".
paths["r"] = os.path.join(loc, "r")
os.makedirs(paths["r"], exist_ok=True)
ss("location", "add", "r", "--path", paths["r"], "--purpose", "replicator")
ss("location", "update", "a", "--replicate-to", "r")
tiny = os.path.join(loc, "tiny")
os.makedirs(tiny, exist_ok=True)
mounted = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", tiny], capture_output=True).returncode == 0
if mounted:
    ss("location", "add", "tiny", "--path", tiny, "--purpose", "aip-storage")
else:
    say("cannot mount a small filesystem here (not root, or mounting is forbidden): skipping the full-disk part")
    counts["enospc"] = "skipped: mounting forbidden"

# AIPs: bags and single files of mixed sizes, a few of tens of MiB.
say(f"making {naips} AIPs (seed {a.seed})")
names = []
for i in range(naips):
    big = i % 12 == 5
    size = rng.randint(20, 40) << 20 if big and not quick else (rng.randint(6, 10) << 20 if big else rng.randint(20_000, 2_000_000))
    if i % 3 == 2:
        name = f"aip{i:04d}-file.bin"
        with open(os.path.join(loc, "in", name), "wb") as f:
            f.write(os.urandom(size))
    else:
        name = f"aip{i:04d}-bag"
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make_bag.py"), os.path.join(loc, "in", name),
                        str(rng.randint(1, 12)), str(size)], check=True)
    names.append(name)

workers = []


def start_worker(i):
    """Worker i: on this host (over the socket) for i = 0 or without hosts, else on host i - 1 of
    them in turn, over TLS to the database's address on its link."""
    args = [worker_bin, "--concurrency", "2", "--lease-seconds", str(LEASE), "--poll-interval", "0.5"]
    if i == 0 or not hosts:
        return subprocess.Popen(args, env=worker_env, stdout=log, stderr=log)
    ns, _, gateway = hosts[(i - 1) % len(hosts)]
    url = f"postgres://ss@{gateway}:{a.port}/ss?sslmode=verify-full&sslrootcert={os.path.join(a.work, 'ca.crt')}"
    return subprocess.Popen(["ip", "netns", "exec", ns, *args], env=dict(worker_env, SS_DATABASE_URL=url, PGPASSWORD=os.environ["CHAOS_DB_PASSWORD"]),
                            stdout=log, stderr=log)


workers = [start_worker(i) for i in range(max(3, len(hosts) + 1))]


def link(host, up):
    subprocess.run(["ip", "link", "set", host[1], "up" if up else "down"], check=True)


cut_off = None  # (host, when it is let back)


def submit(lines):
    r = subprocess.run([cli, "batch", "submit", "-"], input="\n".join(lines) + "\n", env=env, capture_output=True, text=True, timeout=120)
    counts["batches"] += 1
    if r.returncode != 0:
        counts["batches_refused"] += 1  # a line that raced another job, or the database restarting
        log.write(f"batch refused ({r.returncode}): {r.stderr}\n")


submit([f"store {n} --from in --to {rng.choice(storage)}" for n in names])

rotted = {}  # AIP → the copies (primary or replica paths) chaos flipped a byte in


def rot():
    """Flips a byte of one file of a random copy (a primary or a replica) of a stored AIP."""
    rows = sql("SELECT p.uuid::text, l.path || '/' || p.path FROM ss.packages p JOIN ss.locations l ON l.uuid = p.location_uuid "
               "WHERE p.status = 'stored' UNION ALL SELECT c.package_uuid::text, l.path || '/' || c.path FROM ss.package_copies c "
               "JOIN ss.locations l ON l.uuid = c.location_uuid WHERE c.state = 'ok'")
    if not rows:
        return
    uuid, path = rng.choice(rows)
    target = path
    if os.path.isdir(path):
        files = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(path, "data")) for f in fs]
        target = rng.choice(files) if files else None
    try:
        with open(target, "r+b") as f:
            size = os.fstat(f.fileno()).st_size
            if size == 0:
                return
            f.seek(rng.randrange(size))
            byte = f.read(1)
            f.seek(-1, 1)
            f.write(bytes([byte[0] ^ 0x5A]))
    except (OSError, TypeError):
        return  # moved or removed meanwhile
    rotted.setdefault(uuid, set()).add(path)
    counts["copies_rotted"] += 1

start = time.time()
next_kill = start + rng.uniform(1.5, 4)
restarts_at = [start + seconds * 0.3, start + seconds * 0.65]
# Hosts cut off at set times (and a few more by chance in the full run), never two at once.
partitions_at = sorted([start + seconds * f for f in (0.15, 0.5, 0.8)] + [start + rng.uniform(0.1, 0.9) * seconds for _ in range(0 if quick else 6)]) if hosts else []
enospc_at = start + seconds * 0.45 if mounted else None
enospc_jobs = []
while time.time() - start < seconds:
    now = time.time()
    if now >= next_kill:
        i = rng.randrange(len(workers))
        try:
            busy = sql(f"SELECT count(*) FROM ss.jobs WHERE state = 'running' AND worker LIKE '%:{workers[i].pid}'")[0][0] != "0"
        except (RuntimeError, subprocess.TimeoutExpired):
            busy = False
        counts["kills_mid_job"] += busy
        workers[i].send_signal(signal.SIGKILL)
        workers[i].wait()
        workers[i] = start_worker(i)
        counts["kills"] += 1
        next_kill = now + rng.uniform(1.5, 4)
    if partitions_at and cut_off is None and now >= partitions_at[0]:
        partitions_at.pop(0)
        # A host loses the network for 2.5 leases: its packets go nowhere, nothing is refused.
        host = rng.choice(hosts)
        link(host, False)
        cut_off = (host, now + LEASE * 2.5)
        counts["partitions"] += 1
        say(f"cutting {host[0]} off for {LEASE * 2.5:.0f} s")
    if cut_off and now >= cut_off[1]:
        link(cut_off[0], True)
        cut_off = None
    if restarts_at and now >= restarts_at[0]:
        restarts_at.pop(0)
        say("restarting PostgreSQL (immediate)")
        run = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(run + [os.path.join(a.pgbin, "pg_ctl"), "-D", os.path.join(a.work, "data"), "-m", "immediate", "-w", "restart"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        counts["pg_restarts"] += 1
    if enospc_at and now >= enospc_at:
        enospc_at = None
        # Leave 4 MiB free, then move in AIPs larger than that.
        st = os.statvfs(tiny)
        with open(os.path.join(tiny, "filler"), "wb") as f:
            f.write(b"\0" * max(0, st.f_bavail * st.f_frsize - (4 << 20)))
        rows = sql_retry("SELECT p.uuid FROM ss.packages p WHERE p.status = 'stored' AND p.size > 5000000 AND NOT EXISTS "
                         "(SELECT 1 FROM ss.jobs j WHERE j.package_uuid = p.uuid AND j.state IN ('queued','scheduled','running','retryable')) LIMIT 2")
        if rows:
            submit([f"move {r[0]} --to tiny" for r in rows])
            enospc_jobs = [r[0] for r in rows]
            say(f"moving {len(rows)} AIPs into a full filesystem")
        else:
            counts["enospc"] = "not run: no AIP large enough was stored yet"
    try:
        idle = sql("SELECT p.uuid, l.name FROM ss.packages p JOIN ss.locations l ON l.uuid = p.location_uuid WHERE p.status = 'stored' "
                   "AND NOT EXISTS (SELECT 1 FROM ss.jobs j WHERE j.package_uuid = p.uuid AND j.state IN ('queued','scheduled','running','retryable'))")
    except (RuntimeError, subprocess.TimeoutExpired):
        time.sleep(0.5)
        continue
    if rng.random() < 0.08:
        try:
            rot()
        except (RuntimeError, subprocess.TimeoutExpired):
            pass
    lines = []
    for uuid, where in rng.sample(idle, min(len(idle), rng.randint(1, 6))):
        roll = rng.random()
        if roll < 0.015:
            lines.append(f"delete {uuid} --reason chaos")
        elif roll < 0.2:
            lines.append(f"fixity {uuid}")
        elif roll < 0.35:
            lines.append(f"audit {uuid}")
        else:
            lines.append(f"move {uuid} --to {rng.choice([s for s in storage if s != where])}")
    if lines:
        submit(lines)
    time.sleep(rng.uniform(0.3, 1.0))

say("chaos over: settling")
if cut_off:
    link(cut_off[0], True)
if enospc_jobs:
    hit = sql_retry("SELECT count(*) FROM ss.jobs WHERE errors::text LIKE '%no_space%'")[0][0]
    counts["enospc"] = f"{hit} jobs met ENOSPC"
    for job in sql_retry("SELECT id FROM ss.jobs WHERE kind = 'aip.move' AND state NOT IN ('succeeded','failed','cancelled') "
                         f"AND package_uuid IN ({','.join(repr(u) for u in enospc_jobs)})"):
        ss("job", "cancel", job[0], check=False)
    os.remove(os.path.join(tiny, "filler"))
for i, w in enumerate(workers):
    if w.poll() is not None:
        workers[i] = start_worker(i)
deadline = time.time() + (180 if quick else 600)
settle_timed_out = True
while time.time() < deadline:
    # Retries wait out their back-off; after the chaos nothing is gained by waiting longer.
    sql_retry("UPDATE ss.jobs SET run_at = now() WHERE state IN ('retryable','scheduled') AND run_at > now()")
    if int(sql_retry("SELECT count(*) FROM ss.jobs WHERE state NOT IN ('succeeded','failed','cancelled')")[0][0]) == 0:
        settle_timed_out = False
        break
    time.sleep(1)

# An audit of every stored or damaged AIP, with no chaos: it repairs what rotted wherever a
# good copy is left; an AIP with none is damaged, and must be one that chaos rotted.
audited = [r[0] for r in sql_retry("SELECT uuid FROM ss.packages WHERE status IN ('stored','damaged')")]
if audited:
    subprocess.run([cli, "batch", "submit", "--wait", "--timeout", "600", "-"], input="\n".join(f"audit {u}" for u in audited) + "\n",
                   env=env, capture_output=True, text=True, timeout=700)
# Then a fixity check of every stored AIP: each must succeed.
stored = [r[0] for r in sql_retry("SELECT uuid FROM ss.packages WHERE status = 'stored'")]
fixity_failed = 0
if stored:
    r = subprocess.run([cli, "batch", "submit", "--wait", "--timeout", "600", "-"], input="\n".join(f"fixity {u}" for u in stored) + "\n",
                       env=env, capture_output=True, text=True, timeout=700)
    fixity_failed = 0 if r.returncode == 0 else int(sql_retry("SELECT count(*) FROM ss.jobs WHERE kind = 'aip.fixity' AND state <> 'succeeded' "
                                                                "AND created_at > now() - interval '15 minutes'")[0][0]) or 1
for w in workers:
    w.send_signal(signal.SIGTERM)
for w in workers:
    w.wait(timeout=60)
# The invariants.
def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def intact(path, digest):
    """Whether the copy at path has its recorded bytes (a file) or matches its manifest (a bag)."""
    if os.path.isfile(path):
        return sha256(path) == digest
    for line in open(os.path.join(path, "manifest-sha256.txt")):
        expected, rel = line.split(maxsplit=1)
        if sha256(os.path.join(path, rel.strip())) != expected:
            return False
    return True


def everything(where_all=None):
    found = {}
    for where in where_all or [paths[s] for s in storage] + ([tiny] if mounted else []):
        for root, dirs, files in os.walk(where):
            for n in dirs + files:
                found.setdefault(n, []).append(os.path.join(root, n))
    return found


present = everything()
replicas_present = everything([paths["r"]])
packages = sql_retry("SELECT p.uuid, p.name, p.status, l.path || '/' || p.path, coalesce(p.sha256, '') FROM ss.packages p "
                     "JOIN ss.locations l ON l.uuid = p.location_uuid")
violations = {k: [] for k in ["jobs not terminal", "AIPs in a transient status", "stored AIPs not exactly once at their place",
                              "stored AIPs whose bytes differ", "deleted or failed AIPs still present", "temporaries left",
                              "jobs whose effect was recorded twice", "final fixity checks failed",
                              "stored AIPs with a copy not verified or not intact", "damaged AIPs chaos never rotted or without a reason",
                              "replicas of deleted AIPs still present", "hosts asked for but never cut off"]}
# Each with what it is and what befell it, so that a run that fails says why.
violations["jobs not terminal"] = [r[0] for r in sql(
    "SELECT id || ' ' || kind || ' ' || state || ' attempt ' || attempt || '/' || max_attempts || ' package ' || coalesce(package_uuid::text, '-') "
    "|| coalesce(' cancel asked ' || cancel_requested_at, '') || ' errors ' || left(errors::text, 400) "
    "FROM ss.jobs WHERE state NOT IN ('succeeded','failed','cancelled')")]
if settle_timed_out:
    print("the settle loop gave up with jobs still unfinished (the workers' SIGTERM then released running ones to queued)")
for uuid, name, status, path, digest in packages:
    copies = present.get(name, [])
    if status in ("pending", "moving", "deleting"):
        violations["AIPs in a transient status"].append(f"{uuid} {status}")
    elif status == "stored":
        if copies != [path]:
            violations["stored AIPs not exactly once at their place"].append(f"{uuid}: {copies} (recorded {path})")
        elif not intact(path, digest):
            violations["stored AIPs whose bytes differ"].append(uuid)
        for state, where in sql("SELECT c.state, l.path || '/' || c.path FROM ss.package_copies c JOIN ss.locations l ON l.uuid = c.location_uuid "
                                f"WHERE c.package_uuid = '{uuid}'"):
            if state != "ok" or not os.path.exists(where) or not intact(where, digest):
                violations["stored AIPs with a copy not verified or not intact"].append(f"{uuid} {state} {where}")
    elif status == "damaged":
        reason = sql(f"SELECT detail FROM ss.package_events WHERE package_uuid = '{uuid}' AND type = 'audit' ORDER BY id DESC LIMIT 1")
        if uuid not in rotted or not reason or "no copy verifies" not in reason[0][0]:
            violations["damaged AIPs chaos never rotted or without a reason"].append(f"{uuid} rotted {sorted(rotted.get(uuid, []))}")
    elif copies:
        violations["deleted or failed AIPs still present"].append(f"{uuid} {status}: {copies}")
violations["temporaries left"] = [n for n in list(present) + list(replicas_present) if n.startswith(".ss-tmp-")]
gone = {name for _, name, status, _, _ in packages if status in ("deleted", "failed")}
violations["replicas of deleted AIPs still present"] = [f"{n}: {replicas_present[n]}" for n in replicas_present if n in gone]
violations["jobs whose effect was recorded twice"] = sql(
    "SELECT e.job_id, count(*) FROM ss.package_events e JOIN ss.jobs j ON j.id = e.job_id "
    "WHERE e.outcome = 'ok' AND j.kind IN ('aip.store','aip.move','aip.delete') GROUP BY e.job_id HAVING count(*) > 1")
violations["final fixity checks failed"] = ["failed"] * fixity_failed
violations["hosts asked for but never cut off"] = [f"{len(hosts)} hosts, no cut"] if hosts and not counts["partitions"] else []

jobs = {r[0]: int(r[1]) for r in sql("SELECT state, count(*) FROM ss.jobs GROUP BY state")}
statuses = {r[0]: int(r[1]) for r in sql("SELECT status, count(*) FROM ss.packages GROUP BY status")}
rescued = sql("SELECT count(*) FROM ss.jobs WHERE errors::text LIKE '%lease_expired%'")[0][0]
counts["replicas"] = int(sql("SELECT count(*) FROM ss.package_copies")[0][0])
counts["copies_repaired"] = int(sql("SELECT count(*) FROM ss.package_events WHERE type = 'repaired'")[0][0])
log.flush()
counts["workers_stopped_by_their_own_clock"] = open(os.path.join(a.work, "chaos.log")).read().count("no heartbeat for most of the lease")
total = sum(len(v) for v in violations.values())
summary = {"seconds": seconds, "aips": naips, "seed": a.seed, "jobs": jobs, "aip_statuses": statuses, "jobs_rescued": int(rescued),
           **counts, "violations": {k: len(v) for k, v in violations.items()}, "violations_total": total}
print(f"{'invariant':55} violations")
for k, v in violations.items():
    print(f"{k:55} {len(v)}")
    for item in v[:5]:
        print(f"    {item}")
print(json.dumps(summary))
if mounted:
    subprocess.run(["umount", tiny], check=False)
subprocess.run(["rm", "-rf", shm], check=False)
sys.exit(1 if total else 0)

import Foundation
import StorageTesting
import Testing

/// A second host, as a network namespace joined to this one by a veth pair: its worker
/// reaches the database only over that link, which the test cuts (`ip link set … down`)
/// and restores. Made and removed by the test; nil where the kernel or the user may not.
struct HostNetwork {
    let namespace: String
    let link: String
    /// The database's address as the host sees it (this side of the link), and the host's network.
    let gateway: String
    let subnet: String

    /// Whether this machine lets a test make one (and remove it).
    static let available: Bool = {
        guard let net = try? make() else { return false }
        net.remove()
        return true
    }()

    static func make() throws -> HostNetwork? {
        let tag = UUID().uuidString.prefix(4).lowercased(), octet = Int.random(in: 1...250)
        let net = HostNetwork(namespace: "ss-host-\(tag)", link: "ssv\(tag)", gateway: "10.213.\(octet).1", subnet: "10.213.\(octet).0/30")
        let made = try shell("host_up \(net.namespace) \(net.link) \(octet)")
        guard made.status == 0 else {
            print("HostNetwork: cannot make a network namespace (\(made.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))")
            return nil
        }
        return net
    }

    func cut() throws { #expect(try Self.shell("host_cut \(link)").status == 0) }
    func restore() throws { #expect(try Self.shell("host_restore \(link)").status == 0) }
    func remove() { _ = try? Self.shell("host_down \(namespace) \(link)") }

    private static func shell(_ script: String) throws -> CommandResult {
        try runProcess("/bin/bash", ["-c", ". \(TLSCluster.root.path)/scripts/lib/hosts.sh; \(script)"],
                       environment: ProcessInfo.processInfo.environment, timeout: 30)
    }
}

/// Workers on two hosts drain one queue over TLS while one host is cut off from the
/// database for longer than a lease, twice, and the other's worker is SIGKILLed: the cut-off
/// worker stops its jobs by its own clock before its leases run out, the other host takes
/// them over, and afterwards every AIP is exactly once where it is recorded, with its
/// bytes, nothing is left over, and no job's effect is recorded twice.
@Suite(.serialized) struct PartitionTests {
    func sha256(_ path: String) throws -> String {
        let r = try runProcess("/usr/bin/sha256sum", [path], environment: [:], timeout: 60)
        return String(r.stdout.prefix(64))
    }

    static let lease = 3.0
    static let aips = 8

    @Test(.enabled(if: HostNetwork.available, "network namespaces cannot be made here (root and CAP_NET_ADMIN are needed)"))
    func aHostCutOffStopsByItsOwnClockAndNothingIsLostOrDoneTwice() async throws {
        let net = try #require(try HostNetwork.make())
        defer { net.remove() }
        let cluster = try TLSCluster(names: ["IP:127.0.0.1", "IP:\(net.gateway)"], listen: ["127.0.0.1", net.gateway],
                                     clients: ["127.0.0.1/32", net.subnet])
        defer { cluster.stop() }
        let here = cluster.verified(host: "127.0.0.1"), there = cluster.verified(host: net.gateway)
        #expect(try runCLI(["db", "migrate"], databaseURL: here).status == 0)

        // Locations: "c" on another filesystem, so that moves copy (and can be cut mid-copy).
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ss-partition-\(UUID().uuidString.prefix(8))").path
        let far = "/dev/shm/ss-partition-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: root); try? FileManager.default.removeItem(atPath: far) }
        let places = ["in": root + "/in", "a": root + "/a", "c": far + "/c"]
        for (name, path) in places.sorted(by: { $0.key < $1.key }) {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let added = try runCLI(["location", "add", name, "--path", path, "--purpose", name == "in" ? "transfer-source" : "aip-storage"],
                                   databaseURL: here)
            try #require(added.status == 0, "\(added.stderr)")
        }
        var digests: [String: String] = [:]
        for i in 0..<Self.aips {
            let name = "aip\(i)-file.bin"
            let path = places["in"]! + "/" + name
            let made = try runProcess("/bin/sh", ["-c", "head -c \(20 << 20) /dev/urandom > \(path)"], environment: [:], timeout: 30)
            try #require(made.status == 0)
            digests[name] = try sha256(path)
        }

        // Copies crawl (every 4 MiB chunk 250 ms more), so that the cuts land mid-copy.
        let arguments = ["--concurrency", "2", "--lease-seconds", "\(Self.lease)", "--poll-interval", "0.2"]
        let environment = ["SS_TEST_SLOW_COPY_MS": "250"]
        let cutOff = try WorkerProcess(databaseURL: there, arguments: arguments, environment: environment, namespace: net.namespace)
        var other = try WorkerProcess(databaseURL: here, arguments: arguments, environment: environment)

        func sql(_ query: String) throws -> String { try cluster.sql(query) }
        func runningUnder(_ worker: WorkerProcess) throws -> Int {
            Int(try sql("SELECT count(*) FROM ss.jobs WHERE state = 'running' AND worker LIKE '%:\(worker.pid)' AND progress_done > 0")) ?? 0
        }
        func waitFor(_ what: String, seconds: Double = 60, _ done: () throws -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while ContinuousClock.now < deadline {
                if try done() { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("timed out waiting for \(what)")
        }
        func settle() async throws {
            try await waitFor("every job to end", seconds: 180) {
                _ = try sql("UPDATE ss.jobs SET run_at = now() WHERE state = 'retryable' AND run_at > now()")
                return try sql("SELECT count(*) FROM ss.jobs WHERE state NOT IN ('succeeded','failed','cancelled')") == "0"
            }
        }
        /// Cuts the host off while its worker copies, for three leases; returns by how much
        /// the worker stopped its jobs before the first of their leases ran out, as the
        /// database had it (negative: after).
        func partition() async throws -> Double {
            try await waitFor("the cut-off host's worker to be mid-copy") { try runningUnder(cutOff) > 0 }
            let logged = cutOff.log.count
            try net.cut()
            let cut = ContinuousClock.now
            let expiry = try #require(Double(try sql("""
                SELECT extract(epoch FROM min(lease_expires_at)) FROM ss.jobs WHERE state = 'running' AND worker LIKE '%:\(cutOff.pid)'
                """)), "the cut-off worker's jobs and their leases")
            var stopped: Double?
            try await waitFor("the cut-off worker to stop its jobs", seconds: 20) {
                if cutOff.log.dropFirst(logged).contains("no heartbeat for most of the lease") { stopped = Date().timeIntervalSince1970 }
                return stopped != nil
            }
            try await Task.sleep(until: cut + .seconds(Self.lease * 3))
            try net.restore()
            return expiry - (stopped ?? .infinity)
        }

        // Round 1: stores, the far host cut off mid-copy.
        let stores = digests.keys.sorted().map { "store \($0) --from in --to a" }.joined(separator: "\n") + "\n"
        try stores.write(toFile: root + "/stores.txt", atomically: true, encoding: .utf8)
        let batch = try runCLI(["batch", "submit", root + "/stores.txt"], databaseURL: here)
        try #require(batch.status == 0, "\(batch.stderr)")
        let first = try await partition()
        #expect(first > 0, "stopped by its own clock \(first) s before its lease ran out\n\(cutOff.log.suffix(3000))")
        try await settle()

        // Round 2: moves to the other filesystem, the far host cut off again and this
        // host's worker SIGKILLed mid-copy (and started again).
        let uuids = try sql("SELECT uuid FROM ss.packages ORDER BY name").split(separator: "\n").map(String.init)
        #expect(uuids.count == Self.aips)
        try (uuids.map { "move \($0) --to c" }.joined(separator: "\n") + "\n").write(toFile: root + "/moves.txt", atomically: true, encoding: .utf8)
        let moves = try runCLI(["batch", "submit", root + "/moves.txt"], databaseURL: here)
        try #require(moves.status == 0, "\(moves.stderr)")
        try await waitFor("this host's worker to be mid-copy") { try runningUnder(other) > 0 }
        other.signal(SIGKILL)
        _ = other.waitForExit(timeout: 10)
        other = try WorkerProcess(databaseURL: here, arguments: arguments, environment: environment)
        let second = try await partition()
        #expect(second > 0, "stopped by its own clock \(second) s before its lease ran out\n\(cutOff.log.suffix(3000))")
        try await settle()

        // The invariants.
        #expect(cutOff.isRunning && other.isRunning, "both hosts' workers rode it out")
        let unsuccessful = try sql("SELECT string_agg(kind || ' ' || state || ' ' || left(errors::text, 300), E'\\n') FROM ss.jobs WHERE state <> 'succeeded'")
        #expect(try sql("SELECT string_agg(DISTINCT state, ',') FROM ss.jobs") == "succeeded", "every store and move succeeded: \(unsuccessful)")
        #expect(Int(try sql("SELECT count(*) FROM ss.jobs WHERE errors::text LIKE '%lease_expired%'")) ?? 0 > 0,
                "the cut-off host's jobs were taken over after their leases")
        for row in try sql("SELECT p.name || '|' || l.name || '|' || l.path || '/' || p.path || '|' || p.status FROM ss.packages p JOIN ss.locations l ON l.uuid = p.location_uuid")
            .split(separator: "\n") {
            let f = row.split(separator: "|").map(String.init)
            #expect(f[1] == "c" && f[3] == "stored", "\(row)")
            #expect(FileManager.default.fileExists(atPath: f[2]), "at its recorded place: \(row)")
            #expect(try sha256(f[2]) == digests[f[0]], "its bytes: \(row)")
        }
        var names: [String] = []
        for dir in [places["a"]!, places["c"]!] {
            names += FileManager.default.enumerator(atPath: dir)?.compactMap { ($0 as? String).map { ($0 as NSString).lastPathComponent } } ?? []
        }
        #expect(names.filter { $0.hasSuffix("-file.bin") }.count == Self.aips, "each AIP once, none left behind in a: \(names)")
        #expect(!names.contains { $0.hasPrefix(".ss-tmp-") }, "no temporaries left: \(names)")
        #expect(try sql("""
            SELECT count(*) FROM (SELECT e.job_id FROM ss.package_events e JOIN ss.jobs j ON j.id = e.job_id
            WHERE e.outcome = 'ok' AND j.kind IN ('aip.store', 'aip.move') GROUP BY e.job_id HAVING count(*) > 1) twice
            """) == "0", "no job's effect recorded twice")
        other.signal(SIGTERM)
        cutOff.signal(SIGTERM)
        #expect(other.waitForExit(timeout: 30) == 0 && cutOff.waitForExit(timeout: 30) == 0)
    }
}

import Foundation
import PostgresNIO
import QueueKit
import StorageKit

/// A test schema with locations, submitting AIP operations as the CLI would.
public struct StorageHarness: Sendable {
    public let db: TestDatabase
    public let locations: TestLocations

    public static func make() async throws -> StorageHarness {
        let db = try await TestDatabase.make()
        return StorageHarness(db: db, locations: try await TestLocations.make(db))
    }

    public var requests: AIPRequests { AIPRequests(queue: db.queue, actor: "tester@test") }

    public func submit(_ body: @Sendable (AIPRequests, PostgresConnection) async throws -> UUID) async throws -> UUID {
        try await db.withConnection { c in try await body(requests, c) }
    }

    /// Waits for the job and returns its record.
    public func finish(_ job: UUID, timeout: Duration = .seconds(60)) async throws -> JobRecord {
        _ = try await db.withConnection { c in try await db.queue.wait(for: [job], timeout: timeout, on: c) }
        return try await db.job(job)
    }

    public func package(_ uuid: UUID) async throws -> Package {
        try await db.withConnection { c in try await Packages.get(uuid, on: c, logger: db.logger) }
    }

    public func events(_ uuid: UUID) async throws -> [PackageEvent] {
        try await db.withConnection { c in try await Packages.events(uuid, on: c, logger: db.logger) }
    }

    public func jobCount() async throws -> Int {
        try await db.scalars("SELECT count(*)::int FROM jobs", as: Int.self).first ?? 0
    }

    /// A location named `name` on a tmpfs of its own (`options`, e.g. `size=1m` or
    /// `ro,size=1m`), for a full or read-only destination; unmounted when `body` returns.
    /// Needs root.
    public func withMountedLocation<R>(_ name: String, options: String, _ body: (String) async throws -> R) async throws -> R {
        let path = locations.root + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = try runProcess("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", path], environment: [:], timeout: 10)
        guard mount.status == 0 else { throw TestFailure("mount \(options) at \(path): \(mount.stderr)") }
        defer { _ = try? runProcess("/bin/umount", [path], environment: [:], timeout: 10) }
        try await db.withConnection { c in _ = try await Locations.add(name: name, path: path, purpose: .aipStorage, on: c, logger: db.logger) }
        return try await body(path)
    }
}


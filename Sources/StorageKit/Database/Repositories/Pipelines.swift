import Foundation
import Logging
import PostgresNIO
import QueueKit

/// An Archivematica pipeline that uses this storage service. Its clients name it in
/// deletion requests and read it back from `/api/v2/pipeline/`.
public struct Pipeline: Sendable, Equatable, Encodable {
    public var uuid: UUID
    public var description: String
    public var remoteName: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case uuid, description
        case remoteName = "remote_name", createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(uuid.uuidString.lowercased(), forKey: .uuid)
        try c.encode(description, forKey: .description)
        try c.encode(remoteName, forKey: .remoteName)
        try c.encode(RFC3339.string(createdAt), forKey: .createdAt)
    }
}

/// What ss sends when it calls a pipeline back (re-ingest): kept, never shown.
public struct PipelineCredentials: Sendable, Equatable {
    public var username: String
    public var key: String

    public init(username: String = "", key: String = "") {
        self.username = username
        self.key = key
    }
}

public enum Pipelines {
    typealias Row = (UUID, String, String, Date)

    public static func add(_ uuid: UUID, description: String, remoteName: String, credentials: PipelineCredentials = .init(),
                           on db: some PostgresExecutor, logger: Logger) async throws -> Pipeline {
        guard let row = try await db.decode(APISQL.insertPipeline(uuid, description: description, remoteName: remoteName, credentials: credentials),
                                            as: Row.self, logger: logger).first else {
            throw QueueError(.conflict, "pipeline \(uuid.uuidString.lowercased()) is registered already")
        }
        return pipeline(row)
    }

    public static func list(on db: some PostgresExecutor, logger: Logger) async throws -> [Pipeline] {
        try await db.decode(APISQL.listPipelines, as: Row.self, logger: logger).map(pipeline)
    }

    public static func get(_ uuid: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> Pipeline {
        guard let row = try await db.decode(APISQL.pipeline(uuid), as: Row.self, logger: logger).first else {
            throw QueueError(.notFound, "no pipeline \(uuid.uuidString.lowercased()) (see `ss-cli pipeline list`)")
        }
        return pipeline(row)
    }

    /// How to call `uuid` back (`PipelineClient`); `notFound` when it is not registered.
    public static func client(_ uuid: UUID, on db: some PostgresExecutor, logger: Logger) async throws -> PipelineClient {
        guard let (remote, user, key) = try await db.decode(APISQL.pipelineRemote(uuid), as: (String, String, String).self, logger: logger).first else {
            throw QueueError(.notFound, "no pipeline \(uuid.uuidString.lowercased()) (see `ss-cli pipeline list`)")
        }
        return PipelineClient(remoteName: remote, credentials: PipelineCredentials(username: user, key: key))
    }

    /// Throws `notFound` naming the first of `uuids` that is not registered.
    public static func requireRegistered(_ uuids: [UUID], on db: some PostgresExecutor, logger: Logger) async throws {
        guard !uuids.isEmpty else { return }
        let known = Set(try await db.decode(APISQL.registeredPipelines(among: uuids), as: UUID.self, logger: logger))
        if let missing = uuids.first(where: { !known.contains($0) }) {
            throw QueueError(.notFound, "no pipeline \(missing.uuidString.lowercased()) (see `ss-cli pipeline list`)")
        }
    }

    private static func pipeline(_ r: Row) -> Pipeline {
        Pipeline(uuid: r.0, description: r.1, remoteName: r.2, createdAt: r.3)
    }
}

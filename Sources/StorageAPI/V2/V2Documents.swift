import Foundation
import QueueKit
import StorageKit

/// The JSON shapes of Archivematica's Storage Service (tastypie), field for field, with
/// references as resource URIs (`/api/v2/location/<uuid>/`) that clients compare as text.
enum V2 {
    static func uri(_ resource: String, _ id: String) -> String { "/api/v2/\(resource)/\(id)/" }
    static func uri(_ resource: String, _ uuid: UUID) -> String { uri(resource, uuid.uuidString.lowercased()) }

    /// Tastypie's naive ISO 8601 (no zone; the server's times are UTC).
    static func time(_ date: Date?) -> JSONValue {
        guard let date else { return .null }
        return .string(String(RFC3339.string(date).dropLast()))
    }

    static func time(_ rfc3339: String?) -> JSONValue {
        guard let rfc3339 else { return .null }
        return .string(rfc3339.hasSuffix("Z") ? String(rfc3339.dropLast()) : rfc3339)
    }

    /// `replicas` as the Storage Service fills them: a URI per replica package (here, per
    /// copy, each with a UUID of its own; `replica`).
    static func package(_ p: Package, status: String, related: [UUID], replicas: [PackageCopy]) -> JSONValue {
        [
            "current_full_path": .string(p.fullPath),
            "current_location": .string(uri("location", p.locationUUID)),
            "current_path": .string(p.path),
            "encrypted": false,
            "misc_attributes": (try? JSONValue(jsonText: p.miscAttributes)) ?? .object([:]),
            "origin_pipeline": p.originPipeline.map { .string(uri("pipeline", $0)) } ?? .null,
            "package_type": .string(p.type.rawValue),
            "related_packages": .array(related.sorted { $0.uuidString < $1.uuidString }.map { .string(uri("file", $0)) }),
            "replicas": .array(replicas.map { .string(uri("file", $0.uuid)) }),
            "replicated_package": .null,
            "resource_uri": .string(uri("file", p.uuid)),
            "size": .number(Double(p.size ?? 0)),
            "status": .string(status),
            "stored_date": time(p.storedAt),
            "uuid": .string(p.uuid.uuidString.lowercased()),
        ]
    }

    /// A copy as the Storage Service shows a replica package: where it is, its state as a
    /// status (`UPLOADED` when verified), and `replicated_package` naming the AIP.
    static func replica(_ copy: PackageCopy, of p: Package) -> JSONValue {
        guard case .object(var o) = package(p, status: "", related: [], replicas: []) else { return .null }
        let status: String = switch copy.state {
        case .ok: "UPLOADED"
        case .pending: "PENDING"
        case .missing, .corrupt, .repairing: "FAIL"
        }
        o["uuid"] = .string(copy.uuid.uuidString.lowercased())
        o["resource_uri"] = .string(uri("file", copy.uuid))
        o["current_location"] = .string(uri("location", copy.locationUUID))
        o["current_path"] = .string(copy.path)
        o["current_full_path"] = .string(copy.fullPath)
        o["status"] = .string(status)
        o["replicated_package"] = .string(uri("file", p.uuid))
        return .object(o)
    }

    /// Storage Service purpose codes for ss's location purposes.
    static func purpose(_ p: LocationPurpose) -> String {
        switch p {
        case .aipStorage: "AS"
        case .transferSource: "TS"
        case .replicator: "RP"
        case .backlog: "BL"
        case .currentlyProcessing: "CP"
        case .dipStorage: "DS"
        case .aipRecovery: "AR"
        case .storageServiceInternal: "SS"
        case .swordDeposit: "SD"
        }
    }

    /// The UUIDs of a list of resource URIs (`["/api/v2/pipeline/<uuid>/"]`), or none.
    static func references(_ value: JSONValue?, to resource: String) throws -> [UUID] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?:
            return try items.map { item in
                guard case .string(let text) = item, let uuid = V2FileRoutes.uuid(inReference: text) else {
                    throw APIError(.badRequest, "'\(resource)' must be a list of \(resource) URIs (\(uri(resource, "<uuid>")))")
                }
                return uuid
            }
        default: throw APIError(.badRequest, "'\(resource)' must be a list of \(resource) URIs (\(uri(resource, "<uuid>")))")
        }
    }

    static func purpose(code: String) -> LocationPurpose? {
        LocationPurpose.allCases.first { purpose($0) == code }
    }

    /// The pipelines a location serves: its own, or every registered one when it has none.
    static func location(_ l: Location, used: Int64, pipelines: [Pipeline]) -> JSONValue {
        [
            "description": .string(l.description.isEmpty ? l.name : l.description),
            "enabled": true,
            "path": .string(l.path),
            "pipeline": .array((l.pipelines.isEmpty ? pipelines.map(\.uuid) : l.pipelines).map { .string(uri("pipeline", $0)) }),
            "purpose": .string(purpose(l.purpose)),
            "quota": .null,
            "relative_path": .string(String(l.path.drop { $0 == "/" })),
            "resource_uri": .string(uri("location", l.uuid)),
            "space": .string(uri("space", l.spaceUUID)),
            "used": .number(Double(used)),
            "uuid": .string(l.uuid.uuidString.lowercased()),
        ]
    }

    static func space(_ s: Locations.SpaceInfo) -> JSONValue {
        [
            "access_protocol": "FS",
            "last_verified": .null,
            "path": .string(s.root),
            "resource_uri": .string(uri("space", s.uuid)),
            "size": .null,
            "staging_path": "",
            "used": .number(Double(s.used)),
            "uuid": .string(s.uuid.uuidString.lowercased()),
            "verified": false,
        ]
    }

    static func pipeline(_ p: Pipeline) -> JSONValue {
        [
            "description": .string(p.description),
            "remote_name": .string(p.remoteName),
            "resource_uri": .string(uri("pipeline", p.uuid)),
            "uuid": .string(p.uuid.uuidString.lowercased()),
        ]
    }

    /// The `async/` resource for a job: `result` only once it succeeded, `error` only once
    /// it failed or was cancelled.
    static func async(id: Int64, job: JobRecord, result: JSONValue?) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .number(Double(id)),
            "completed": .bool(job.state.isTerminal),
            "was_error": .bool(job.state == .failed || job.state == .cancelled),
            "created_time": time(job.createdAt),
            "updated_time": time(job.finishedAt ?? job.startedAt ?? job.createdAt),
            "completed_time": job.state.isTerminal ? time(job.finishedAt) : .null,
            "resource_uri": .string(uri("async", "\(id)")),
        ]
        switch job.state {
        case .succeeded: o["result"] = result ?? .null
        case .failed, .cancelled: o["error"] = .string(errorMessage(job))
        default: break
        }
        return .object(o)
    }

    /// The last error's message, or why there is none.
    static func errorMessage(_ job: JobRecord) -> String {
        if job.state == .cancelled { return "cancelled" }
        if case .array(let errors) = job.errors, case .string(let message)? = errors.last?["message"] { return message }
        return "job \(job.state.rawValue)"
    }
}

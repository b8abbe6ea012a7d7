import Foundation
import Hummingbird
import QueueKit
import StorageKit

/// The file index Archivematica keeps of a package in its Storage Service: listed,
/// added to and cleared at `file/<uuid>/contents/`, searched at `file/metadata/`;
/// `reindex/`, which makes a backlogged transfer's index again from its METS; and the `PATCH` that
/// clears a re-ingest.
enum V2FileIndexRoutes {
    /// The index's fields as the pipeline names them, and ours.
    static let fields: [(wire: String, keyPath: WritableKeyPath<PackageFile, String> & Sendable)] = [
        ("relative_path", \.name), ("fileuuid", \.sourceID), ("accessionid", \.accessionID), ("sipuuid", \.sourcePackage), ("origin", \.origin),
    ]

    static func register(_ routes: RouteTable, _ backend: Backend) {
        routes.get("/api/v2/file/{uuid}/contents/", .read) { _, context in
            let uuid = try uuidParameter(context, what: "package")
            let files = try await backend.database { db in try await PackageFiles.list(uuid, on: db, logger: backend.logger) }
            return JSONResponse.json(.ok, [
                "success": true, "package": .string(uuid.uuidString.lowercased()),
                "files": .array(files.map { f in
                    ["source_id": .string(f.sourceID), "name": .string(f.name), "source_package": .string(f.sourcePackage),
                     "checksum": .string(f.checksum), "accessionid": .string(f.accessionID), "origin": .string(f.origin)]
                }),
            ])
        }

        routes.on(.put, "/api/v2/file/{uuid}/contents/", .scope(.submit)) { request, context in
            let uuid = try uuidParameter(context, what: "package")
            guard case .array(let items) = try await backend.body.json(request, allowEmpty: false) else {
                throw APIError(.badRequest, "JSON request must contain a list of objects.", body: ["success": false, "error": "JSON request must contain a list of objects."])
            }
            let files = try items.map { item in
                var file = PackageFile(package: uuid, name: "", sourceID: "", sourcePackage: "", accessionID: "", origin: "")
                for (wire, keyPath) in fields {
                    guard let value = try item.string(wire) else {
                        let message = "File object was missing key: \(wire)"
                        throw APIError(.badRequest, message, body: ["success": false, "error": .string(message)])
                    }
                    file[keyPath: keyPath] = value
                }
                return file
            }
            try await backend.database { db in try await PackageFiles.add(files, to: uuid, on: db, logger: backend.logger) }
            guard !files.isEmpty else { return Response(status: .ok) }
            return JSONResponse.json(.created, ["success": true, "message": .string("\(files.count) files created in package \(uuid.uuidString.lowercased())")])
        }

        routes.on(.delete, "/api/v2/file/{uuid}/contents/", .scope(.submit)) { _, context in
            let uuid = try uuidParameter(context, what: "package")
            try await backend.database { db in try await PackageFiles.remove(from: uuid, on: db, logger: backend.logger) }
            return Response(status: .noContent)
        }

        // A lookup that finds nothing is 404, as the Storage Service answers (and
        // Archivematica reads any 4xx as "not found").
        routes.get("/api/v2/file/metadata/", .read) { request, _ in
            let q = try Query(request)
            let query = PackageFile.Query(name: q["relative_path"], sourceID: q["fileuuid"], accessionID: q["accessionid"], sourcePackage: q["sipuuid"])
            guard !query.isEmpty else {
                throw APIError(.badRequest, "No supported query properties found!", body: ["success": false, "error": "No supported query properties found!"])
            }
            let files = try await backend.database { db in try await PackageFiles.find(query, on: db, logger: backend.logger) }
            guard !files.isEmpty else { throw APIError(.notFound, "no file matches") }
            return JSONResponse.json(.ok, .array(files.map { f in
                ["accessionid": .string(f.accessionID), "file_extension": .string(Self.fileExtension(f.name)),
                 "filename": .string((f.name as NSString).lastPathComponent), "relative_path": .string(f.name),
                 "fileuuid": .string(f.sourceID), "origin": .string(f.origin), "sipuuid": .string(f.sourcePackage)]
            }))
        }

        // The end of a re-ingest: Archivematica's store of the new version (`create_file`
        // with `update=True`), held until the AIP is updated, as it waits for its answer.
        routes.on(.put, "/api/v2/file/{uuid}/", .scope(.submit)) { request, context in
            let uuid = try uuidParameter(context, what: "package")
            let body = try await backend.body.json(request, allowEmpty: false)
            guard let reingest = try body.string("reingest"), let origin = try body.string("origin_location"),
                  let path = try body.string("origin_path"), let current = try body.string("current_location") else {
                throw APIError.storageService(.badRequest, "PUT updates a package only at the end of its re-ingest: give 'reingest', 'origin_location', 'origin_path' and 'current_location'")
            }
            let named = try body.string("origin_pipeline")
            guard let pipeline = V2FileRoutes.uuid(inReference: reingest) ?? named.flatMap(V2FileRoutes.uuid(inReference:)) else {
                throw APIError.storageService(.badRequest, "'reingest' is not a pipeline: '\(reingest)'")
            }
            let premis = try V2FileRoutes.description(body).premis
            let id = try await backend.database { db in
                let update = UpdateRequest(package: uuid, pipeline: pipeline, origin: try await V2FileRoutes.location(origin, db, backend),
                                           originPath: path.hasSuffix("/") ? String(path.dropLast()) : path,
                                           destination: try await V2FileRoutes.location(current, db, backend), premis: premis)
                return try await update.submit(queue: backend.queue, actor: "\(context.user) (api)", submitter: context.user, on: db)
            }
            let job = try await backend.finished(id)
            guard job.state == .succeeded else {
                throw APIError.storageService(.internalServerError, "updating AIP \(uuid.uuidString.lowercased()) with its re-ingested version failed: \(V2.errorMessage(job)) (job \(id.uuidString.lowercased()))")
            }
            return JSONResponse.json(.accepted, try await backend.database { db in try await V2FileRoutes.package(uuid, db, backend) })
        }

        // What Archivematica sends when a SIP fails, to clear a re-ingest: the mark in
        // `misc_attributes` goes, so that the AIP may be re-ingested again.
        routes.on(.patch, "/api/v2/file/{uuid}/", .scope(.submit)) { request, context in
            let uuid = try uuidParameter(context, what: "package")
            let body = try await backend.body.json(request, allowEmpty: false)
            guard case .object(let fields) = body, fields.keys.allSatisfy({ $0 == "reingest" }), fields["reingest"] == .null else {
                throw APIError.storageService(.badRequest, "PATCH takes only {\"reingest\": null}, which ends a re-ingest")
            }
            let document = try await backend.database { db in
                try await Packages.clearReingest(uuid, on: db, logger: backend.logger)
                return try await V2FileRoutes.package(uuid, db, backend)
            }
            return JSONResponse.json(.accepted, document)
        }

        // Answered in the Storage Service's shape, refusals included.
        routes.post("/api/v2/file/{uuid}/reindex/", .submit) { _, context in
            let uuid = try uuidParameter(context, what: "package")
            let count: Int
            do {
                let package = try await backend.database { db in try await TransferReindex.check(uuid, on: db, logger: backend.logger) }
                try backend.locations.check(package)
                // Read with no connection held, and only a few at once: a METS may be
                // gigabytes, and a submit key may send many.
                let ticket = try backend.archiveReads.enter()
                defer { ticket.release() }
                let files = try await TransferReindex.index(package)
                count = try await backend.database { db in try await TransferReindex.record(files, for: package, on: db, logger: backend.logger) }
            } catch let error as StorageError where error.code != .forbidden {
                throw APIError.storageService(APIError.from(error).status, error.message)
            }
            return JSONResponse.json(.ok, ["error": false, "message": .string("Files indexed: \(count)")])
        }
    }

    /// Python's `os.path.splitext(name)[1]`: the last dot of the last component, with the
    /// dot; none for a leading dot alone.
    static func fileExtension(_ name: String) -> String {
        let last = (name as NSString).lastPathComponent
        guard let dot = last.lastIndex(of: "."), last[..<dot].contains(where: { $0 != "." }) else { return "" }
        return String(last[dot...])
    }
}

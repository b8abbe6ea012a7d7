import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import QueueKit
import StorageKit

/// `GET /api/v2/file/<uuid>/download/`: the AIP as it is stored, a single file as itself
/// and a directory as a tar stream, both streamed with Content-Length.
enum V2DownloadRoutes {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        let handler: @Sendable (Request, APIContext) async throws -> Response = { request, context in
            let uuid = try uuidParameter(context, what: "package")
            let package = try await backend.database { db in try await Packages.get(uuid, on: db, logger: backend.logger) }
            guard package.status == .stored else {
                throw APIError(.conflict, "AIP \(uuid.uuidString.lowercased()) is \(package.status.rawValue): only a stored AIP can be downloaded")
            }
            let path = package.fullPath
            let response: Response
            switch FileSystem.kind(at: path) {
            case .file?:
                let size = try FileSystem.size(of: path)
                response = Response(status: .ok, headers: headers(package.name, "application/octet-stream", size),
                                    body: ResponseBody(contentLength: Int(size)) { writer in
                                        try await FileStream.copy(path, size: size, chunk: 1 << 20) { try await writer.write($0) }
                                        try await writer.finish(nil)
                                    })
            case .directory?:
                let name = package.name
                let tar = try await NIOThreadPool.singleton.runIfActive { try TarStream(directory: path, name: name) }
                response = Response(status: .ok, headers: headers(package.name + ".tar", "application/x-tar", tar.length),
                                    body: ResponseBody(contentLength: Int(tar.length)) { writer in
                                        try await tar.write { try await writer.write($0) }
                                        try await writer.finish(nil)
                                    })
            default:
                throw APIError(.notFound, "AIP \(uuid.uuidString.lowercased()) is missing from storage: nothing at \(path) (run a fixity check)")
            }
            return request.method == .head ? response.createHeadResponse() : response
        }
        routes.get("/api/v2/file/{uuid}/download/", handler)
        routes.on(.head, "/api/v2/file/{uuid}/download/", handler)
    }

    static func headers(_ filename: String, _ type: String, _ length: Int64) -> HTTPFields {
        let quoted = filename.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return [.contentType: type, .contentDisposition: "attachment; filename=\"\(quoted)\"", .contentLength: "\(length)"]
    }
}

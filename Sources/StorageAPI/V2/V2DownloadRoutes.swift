import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import QueueKit
import StorageKit
import Synchronization

/// `GET /api/v2/file/<uuid>/download/`: the AIP as it is stored, a single file as itself
/// and a directory as a tar stream, both streamed with Content-Length; and
/// `extract_file/`, one file of it.
enum V2DownloadRoutes {
    static func register(_ routes: RouteTable, _ backend: Backend) {
        let handler: @Sendable (Request, APIContext) async throws -> Response = { request, context in
            let uuid = try uuidParameter(context, what: "package")
            let package = try await backend.database { db in try await Packages.get(uuid, on: db, logger: backend.logger) }
            guard package.status == .stored else {
                throw APIError(.conflict, "AIP \(uuid.uuidString.lowercased()) is \(package.status.rawValue): only a stored AIP can be downloaded")
            }
            try backend.locations.check(package)
            let path = package.fullPath
            let response: Response
            switch FileSystem.kind(at: path) {
            case .file?:
                return try file(path, name: package.name, request)
            case .directory?:
                let name = package.name
                let tar = try await NIOThreadPool.singleton.runIfActive { try TarStream(directory: path, name: name) }
                response = Response(status: .ok, headers: headers(package.name + ".tar", "application/x-tar", tar.length),
                                    body: ResponseBody(contentLength: Int(tar.length)) { writer in
                                        try await tar.write { try await writer.write($0) }
                                        try await writer.finish(nil)
                                    })
            case .symlink?:
                throw FileSystem.damaged(path, "is a symlink")
            case .other?:
                throw FileSystem.damaged(path, "is not a regular file or directory")
            case nil:
                throw APIError(.notFound, "AIP \(uuid.uuidString.lowercased()) is missing from storage: nothing at \(path) (run a fixity check)")
            }
            return request.method == .head ? response.createHeadResponse() : response
        }
        routes.get("/api/v2/file/{uuid}/download/", .read, handler)
        routes.on(.head, "/api/v2/file/{uuid}/download/", .scope(.read), handler)
        // A LOCKSS chunk: a package that is not in chunks is served whole, as the
        // Storage Service does.
        let chunk: @Sendable (Request, APIContext) async throws -> Response = { request, context in
            let number = try context.parameters.require("chunk")
            guard !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber) else {
                throw APIError(.badRequest, "'\(number)' is not a chunk number")
            }
            return try await handler(request, context)
        }
        routes.get("/api/v2/file/{uuid}/download/{chunk}/", .read, chunk)
        routes.on(.head, "/api/v2/file/{uuid}/download/{chunk}/", .scope(.read), chunk)

        // One file of a stored AIP; HEAD as well, as AtoM checks for a file so.
        let extract: @Sendable (Request, APIContext) async throws -> Response = { request, context in
            let uuid = try uuidParameter(context, what: "package")
            guard let relative = try Query(request)["relative_path_to_file"] else {
                throw APIError(.badRequest, "All of these fields must be provided: relative_path_to_file")
            }
            let package = try await backend.database { db in try await Packages.get(uuid, on: db, logger: backend.logger) }
            try backend.locations.check(package)
            let place = try PackageMember.locate(relative, in: package)
            if case .file(let path) = place { return try file(path, name: (path as NSString).lastPathComponent, request) }
            // On Dispatch's threads, not NIO's blocking pool, and stopped with the request.
            let ticket = try backend.archiveReads.enter()
            let control = TransferControl()
            let member = try await BlockingIO.run(control) { try PackageMember.open(place, in: package, control: control) }
            return stream(member, control: control, ticket: ticket, request)
        }
        // The METS pointer file of a compressed AIP, made from its row now.
        routes.get("/api/v2/file/{uuid}/pointer_file/", .read) { _, context in
            let uuid = try uuidParameter(context, what: "package")
            let xml = try await backend.database { db in try await Packages.pointerFile(uuid, on: db, logger: backend.logger) }
            let bytes = ByteBuffer(string: xml)
            return Response(status: .ok, headers: headers("pointer.\(uuid.uuidString.lowercased()).xml", "application/xml", Int64(bytes.readableBytes)),
                            body: ResponseBody(byteBuffer: bytes))
        }
        routes.get("/api/v2/file/{uuid}/extract_file/", .read, extract)
        routes.on(.head, "/api/v2/file/{uuid}/extract_file/", .scope(.read), extract)
    }

    /// A regular file, streamed with its length. Opened and checked now, so that what is
    /// served is what was checked, whatever is renamed into its place while it streams.
    static func file(_ path: String, name: String, _ request: Request) throws -> Response {
        let fd = try FileSystem.openRegularFile(path)
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            close(fd)
            throw IOFailure(operation: "stat", path: path, errno: errno)
        }
        let size = Int64(status.st_size)
        let file = OpenFile(fd)
        let response = Response(status: .ok, headers: headers(name, "application/octet-stream", size),
                                body: ResponseBody(contentLength: Int(size)) { writer in
                                    defer { file.close() }
                                    try await FileStream.copy(file.fd, path: path, size: size, chunk: 1 << 20) { try await writer.write($0) }
                                    try await writer.finish(nil)
                                })
        if request.method == .head { file.close() }
        return request.method == .head ? response.createHeadResponse() : response
    }

    /// A file read out of a compressed AIP as it is sent, a buffer at a time, with its
    /// length when the archive's header gives it (chunked otherwise). The slot (`ticket`)
    /// is held until the body is written or the response dropped (a HEAD, a client gone).
    static func stream(_ member: MemberReader, control: TransferControl, ticket: ArchiveReads.Ticket, _ request: Request) -> Response {
        guard request.method != .head else {
            ticket.release()
            return Response(status: .ok, headers: headers(member.name, "application/octet-stream", member.size)).createHeadResponse()
        }
        return Response(status: .ok, headers: headers(member.name, "application/octet-stream", member.size),
                        body: ResponseBody(contentLength: member.size.map { Int($0) }) { writer in
                            defer { ticket.release() }
                            while true {
                                let chunk = try await BlockingIO.run(control) { () throws -> ByteBuffer in
                                    var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
                                    _ = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 1 << 20) { try member.read(into: $0) }
                                    return buffer
                                }
                                guard chunk.readableBytes > 0 else { break }
                                try await writer.write(chunk)
                            }
                            try await writer.finish(nil)
                        })
    }

    static func headers(_ filename: String, _ type: String, _ length: Int64?) -> HTTPFields {
        let quoted = filename.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var fields: HTTPFields = [.contentType: type, .contentDisposition: "attachment; filename=\"\(quoted)\""]
        if let length { fields[.contentLength] = "\(length)" }
        return fields
    }
}

/// A descriptor a response body owns: closed when the body has been written, or when the
/// response is dropped unwritten (a HEAD, a client gone before the body).
final class OpenFile: Sendable {
    let fd: Int32
    private let open = Mutex(true)

    init(_ fd: Int32) {
        self.fd = fd
    }

    func close() {
        guard open.withLock({ let was = $0; $0 = false; return was }) else { return }
        _ = Glibc.close(fd)
    }

    deinit { close() }
}

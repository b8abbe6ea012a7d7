import Foundation
import NIOCore
import NIOPosix
import StorageKit

/// A directory as a tar stream (POSIX ustar; a pax header where a name or size does not
/// fit), produced while it is read: a fixed-size chunk at a time, each written before the
/// next is read, so memory stays flat whatever the AIP's size. Its length is known before
/// the first byte, for Content-Length.
struct TarStream: Sendable {
    struct Member: Sendable {
        var name: String
        var source: String
        var isDirectory: Bool
        var size: Int64
        var modified: Int
    }

    static let block = 512
    let members: [Member]

    /// The tree at `directory`, its members named under `name/`.
    init(directory: String, name: String) throws {
        var members = [Member(name: name + "/", source: directory, isDirectory: true, size: 0, modified: Self.modified(directory))]
        for entry in try FileSystem.walk(directory) {
            let source = directory + "/" + entry.path
            switch entry.kind {
            case .directory:
                members.append(Member(name: "\(name)/\(entry.path)/", source: source, isDirectory: true, size: 0, modified: Self.modified(source)))
            case .file:
                members.append(Member(name: "\(name)/\(entry.path)", source: source, isDirectory: false, size: entry.size, modified: Self.modified(source)))
            case .symlink:
                throw FileSystem.damaged(source, "is a symlink")
            case .other:
                throw FileSystem.damaged(source, "is not a regular file or directory")
            }
        }
        self.members = members
    }

    /// Bytes in all: headers, contents padded to whole blocks, and two zero blocks. Each
    /// header is made here and again when written, rather than held for the whole stream.
    var length: Int64 {
        members.reduce(Int64(2 * Self.block)) { $0 + Int64(Self.header($1).count) + Self.padded($1.size) }
    }

    /// Writes the stream in chunks of `chunk` bytes. Each file is opened (checked, see
    /// `FileSystem.openRegularFile`) before its header is written, so nothing of a file
    /// reached through a swapped-in symlink is sent, not even its name. A file that changed
    /// size since the walk, or could not be opened, ends the stream with an error (the
    /// client sees a short transfer).
    func write(_ emit: (ByteBuffer) async throws -> Void, chunk: Int = 1 << 20) async throws {
        for member in members {
            guard !member.isDirectory else {
                try await emit(ByteBuffer(bytes: Self.header(member)))
                continue
            }
            let fd = try FileSystem.openRegularFile(member.source)
            defer { close(fd) }
            try await emit(ByteBuffer(bytes: Self.header(member)))
            try await FileStream.copy(fd, path: member.source, size: member.size, chunk: chunk, emit)
            let pad = Int(Self.padded(member.size) - member.size)
            if pad > 0 { try await emit(ByteBuffer(repeating: 0, count: pad)) }
        }
        try await emit(ByteBuffer(repeating: 0, count: 2 * Self.block))
    }

    static func padded(_ size: Int64) -> Int64 { (size + Int64(block) - 1) / Int64(block) * Int64(block) }

    private static func modified(_ path: String) -> Int {
        var st = stat()
        return lstat(path, &st) == 0 ? Int(st.st_mtim.tv_sec) : 0
    }

    /// The member's header block, after a pax header when ustar cannot hold its name or size.
    static func header(_ m: Member) -> [UInt8] {
        var pax: [(String, String)] = []
        let name = Array(m.name.utf8)
        var nameField = name, prefixField: [UInt8] = []
        if name.count > 100 {
            // ustar splits a long name at a '/' into prefix (155) and name (100).
            if let cut = name.indices.reversed().first(where: { name[$0] == UInt8(ascii: "/") && $0 <= 155 && name.count - $0 - 1 <= 100 && $0 < name.count - 1 }) {
                prefixField = Array(name[..<cut])
                nameField = Array(name[(cut + 1)...])
            } else {
                pax.append(("path", m.name))
                nameField = Array(name.prefix(100))
            }
        }
        let maxOctalSize: Int64 = 0o77777777777
        if m.size > maxOctalSize { pax.append(("size", "\(m.size)")) }
        var out: [UInt8] = []
        if !pax.isEmpty {
            let records = pax.map(record).joined()
            out += ustar(name: Array("PaxHeaders/\(m.name.suffix(80))".utf8.prefix(100)), prefix: [], mode: 0o644, size: Int64(records.count),
                         modified: m.modified, type: UInt8(ascii: "x"))
            out += records
            out += [UInt8](repeating: 0, count: Int(padded(Int64(records.count))) - records.count)
        }
        out += ustar(name: nameField, prefix: prefixField, mode: m.isDirectory ? 0o755 : 0o644, size: m.isDirectory ? 0 : min(m.size, maxOctalSize),
                     modified: m.modified, type: m.isDirectory ? UInt8(ascii: "5") : UInt8(ascii: "0"))
        return out
    }

    /// `"<length> <key>=<value>\n"`, the length counting itself.
    private static func record(_ pair: (String, String)) -> [UInt8] {
        let body = " \(pair.0)=\(pair.1)\n"
        var length = body.utf8.count + 1
        while String(length).count + body.utf8.count != length { length = String(length).count + body.utf8.count }
        return Array("\(length)\(body)".utf8)
    }

    private static func ustar(name: [UInt8], prefix: [UInt8], mode: Int, size: Int64, modified: Int, type: UInt8) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: block)
        func put(_ bytes: [UInt8], at offset: Int) { for (i, b) in bytes.enumerated() { h[offset + i] = b } }
        func octal(_ value: Int64, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(Int64(mode), width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(Int64(modified), width: 12), at: 136)
        put([UInt8](repeating: UInt8(ascii: " "), count: 8), at: 148)
        h[156] = type
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(prefix, at: 345)
        let sum = h.reduce(0) { $0 + Int($1) }
        put(Array(String(format: "%06o", sum).utf8) + [0, UInt8(ascii: " ")], at: 148)
        return h
    }
}

/// Reading a file in chunks on NIO's blocking-I/O threads, each chunk handed on before
/// the next is read.
enum FileStream {
    /// `size` bytes of the file open at `fd` (the caller opens and closes it).
    static func copy(_ fd: Int32, path: String, size: Int64, chunk: Int, _ emit: (ByteBuffer) async throws -> Void) async throws {
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        var left = size
        while left > 0 {
            let want = Int(min(Int64(chunk), left))
            let buffer = try await NIOThreadPool.singleton.runIfActive { () throws -> ByteBuffer in
                var buffer = ByteBufferAllocator().buffer(capacity: want)
                var result = 0, error: Int32 = 0
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { raw in
                    result = read(fd, raw.baseAddress, want)
                    error = errno
                    return max(result, 0)
                }
                guard result > 0 else {
                    throw IOFailure(operation: result == 0 ? "read (the file shrank)" : "read", path: path, errno: result == 0 ? EIO : error)
                }
                return buffer
            }
            left -= Int64(buffer.readableBytes)
            try await emit(buffer)
        }
    }
}

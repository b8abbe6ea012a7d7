import CFileIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing whole files through one fixed buffer, so memory stays flat
/// whatever the size.
enum FileIO {
    static let chunkSize = ChunkBuffers.size

    /// Opened the one checked way (`FileSystem.openRegularFile`), for a sequential read.
    static func openForReading(_ path: String) throws -> Int32 {
        let fd = try FileSystem.openRegularFile(path)
        _ = cfileio_advise_sequential(fd)
        return fd
    }

    /// Reads up to `count` bytes at `offset` (fewer only at the end of the file).
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, count: Int, at offset: Int64?, path: String) throws(IOFailure) -> Int {
        var got = 0
        while got < count {
            let base = buffer.baseAddress! + got
            let n = offset.map { pread(fd, base, count - got, off_t($0) + off_t(got)) } ?? Glibc.read(fd, base, count - got)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystem.fail("read", path)
            }
            if n == 0 { break }
            got += n
        }
        return got
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(IOFailure) {
        var written = 0
        while written < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystem.fail("write", path)
            }
            written += n
        }
    }

    /// The digests of a file's bytes, read once.
    static func hash(_ path: String, algorithms: Set<DigestAlgorithm>, control: TransferControl) throws -> Digests {
        let fd = try openForReading(path)
        defer { close(fd) }
        return try ChunkBuffers.with { buffer in
            var hasher = MultiHasher(algorithms)
            while true {
                try control.check()
                let n = try read(fd, into: buffer, count: chunkSize, at: nil, path: path)
                if n == 0 { break }
                hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                control.add(n)
                FaultInjection.throttle()
            }
            return hasher.finalize()
        }
    }
}

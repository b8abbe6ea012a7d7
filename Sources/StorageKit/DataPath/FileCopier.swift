import CFileIO
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Copies one file, reading each source byte once and hashing it on the way, while a
/// second thread re-reads what has been written and hashes that: the two digests say
/// whether the destination holds exactly the source's bytes. The destination is created
/// exclusively (never overwrites) and its writeback is started at once; the caller makes
/// it durable (`FileSystem.syncFilesystem`) before renaming it into place.
enum FileCopier {
    struct Result: Sendable {
        var source: Digests
        var destination: Digests
        var size: Int64
    }

    /// Files smaller than this are verified after the copy rather than alongside it.
    static let pipelineThreshold: Int64 = 8 << 20

    static func copy(from source: String, to destination: String, algorithms: Set<DigestAlgorithm>,
                     control: TransferControl) throws -> Result {
        let input = try FileIO.openForReading(source)
        defer { close(input) }
        var status = stat()
        guard fstat(input, &status) == 0 else { throw FileSystem.fail("stat", source) }
        // Made inside the directory it was meant for (checked first: a directory on the
        // way swapped for a symlink would put the copy somewhere else), never through a link.
        var output: Int32 = -1
        try FileSystem.inParent(of: destination) { dir, name in
            output = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, FileModes.copy(of: status.st_mode))
            guard output >= 0 else { throw FileSystem.fail("create", destination) }
        }
        var outputOpen = true
        defer { if outputOpen { close(output) } }
        let size = (try? FileSystem.size(of: source)) ?? 0
        let verifier = size >= pipelineThreshold ? Verifier(path: destination, algorithms: algorithms, control: control) : nil
        if let verifier { verifier.start() }

        var hasher = MultiHasher(algorithms)
        var copied: Int64 = 0
        do {
            try ChunkBuffers.with { buffer in
                while true {
                    try control.check()
                    let n = try FileIO.read(input, into: buffer, count: FileIO.chunkSize, at: nil, path: source)
                    if n == 0 { break }
                    let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                    hasher.update(bytes)
                    try FileIO.writeAll(output, bytes, path: destination)
                    copied += Int64(n)
                    control.add(n)
                    FaultInjection.throttle()
                    verifier?.written(upTo: copied)
                }
            }
        } catch {
            verifier?.abandon()
            throw error
        }
        _ = cfileio_start_writeback(output)
        close(output)
        outputOpen = false
        let destinationDigests: Digests
        if let verifier {
            destinationDigests = try verifier.finish(total: copied)
        } else {
            destinationDigests = try FileIO.hash(destination, algorithms: algorithms, control: control)
        }
        return Result(source: hasher.finalize(), destination: destinationDigests, size: copied)
    }

    /// Reads the destination behind the writer on a thread of its own.
    private final class Verifier: Sendable {
        private struct State {
            var written: Int64 = 0
            var total: Int64?
            var abandoned = false
            var outcome: Swift.Result<Digests, any Error>?
        }

        private let path: String
        private let algorithms: Set<DigestAlgorithm>
        private let control: TransferControl
        private let state = Mutex(State())
        private let progress = DispatchSemaphore(value: 0)
        private let finished = DispatchSemaphore(value: 0)

        init(path: String, algorithms: Set<DigestAlgorithm>, control: TransferControl) {
            self.path = path
            self.algorithms = algorithms
            self.control = control
        }

        func start() {
            DispatchQueue.global().async {
                let outcome = Swift.Result { try self.readBehind() }
                self.state.withLock { $0.outcome = outcome }
                self.finished.signal()
            }
        }

        func written(upTo offset: Int64) {
            state.withLock { $0.written = offset }
            progress.signal()
        }

        func abandon() {
            state.withLock { $0.abandoned = true }
            progress.signal()
            finished.wait()
        }

        func finish(total: Int64) throws -> Digests {
            state.withLock { $0.total = total; $0.written = total }
            progress.signal()
            finished.wait()
            return try state.withLock { $0.outcome! }.get()
        }

        private func readBehind() throws -> Digests {
            let fd = try FileIO.openForReading(path)
            defer { close(fd) }
            return try ChunkBuffers.with { try readBehind(fd, into: $0) }
        }

        private func readBehind(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> Digests {
            var hasher = MultiHasher(algorithms)
            var offset: Int64 = 0
            while true {
                let (written, total, abandoned) = state.withLock { ($0.written, $0.total, $0.abandoned) }
                if abandoned || control.isCancelled { throw CancellationError() }
                if let total, offset >= total { break }
                guard offset < written else {
                    _ = progress.wait(timeout: .now() + .milliseconds(50))
                    continue
                }
                let want = Int(min(Int64(FileIO.chunkSize), written - offset))
                let n = try FileIO.read(fd, into: buffer, count: want, at: offset, path: path)
                guard n > 0 else { break }
                hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                offset += Int64(n)
                control.add(n)
            }
            return hasher.finalize()
        }
    }
}

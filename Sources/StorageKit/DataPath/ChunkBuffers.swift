import Synchronization

/// The fixed-size buffers every copy and hash reads through, reused rather than allocated
/// per file: allocating and freeing a 4 MiB buffer for each of a bag's thousand files left
/// the allocator holding tens of megabytes (glibc raises its mmap threshold after the first
/// free). A worker holds at most a few (two files of a bag at once, each with a reader
/// behind the writer) per running copy; up to `kept` idle ones are kept for the next.
enum ChunkBuffers {
    static let size = 4 << 20
    private static let kept = 8

    private struct Free: ~Copyable {
        var addresses: [UInt] = []
    }

    private static let free = Mutex(Free())

    static func with<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        let buffer = take()
        defer { give(buffer) }
        return try body(buffer)
    }

    private static func take() -> UnsafeMutableRawBufferPointer {
        if let address = free.withLock({ $0.addresses.popLast() }), let pointer = UnsafeMutableRawPointer(bitPattern: address) {
            return UnsafeMutableRawBufferPointer(start: pointer, count: size)
        }
        return UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
    }

    private static func give(_ buffer: UnsafeMutableRawBufferPointer) {
        let address = UInt(bitPattern: buffer.baseAddress)
        let keep = free.withLock { f -> Bool in
            guard f.addresses.count < kept else { return false }
            f.addresses.append(address)
            return true
        }
        if !keep { buffer.deallocate() }
    }
}

import Foundation

/// An `InputStream` over a read function, for `XMLParser(stream:)`, that looks at every
/// byte before libxml2 does and stops what would make it work without end: a DOCTYPE (the
/// entities behind a billion laughs, or one large entity referenced many times), an element
/// with more than 1,024 attributes (libxml2 checks them for duplicates in square time) or
/// more than 1 MiB of markup. An Archivematica METS has none of them. The error, or the
/// read's own (a cancel), is kept to be thrown once the parser stops.
final class METSStream: InputStream {
    static let markupLimit = 1 << 20, attributeLimit = 1024

    private let readSome: (UnsafeMutableRawBufferPointer) throws -> Int
    private(set) var error: (any Error)?
    /// Within `<…>`: its length so far, its `=` (one per attribute), how much of
    /// `<!DOCTYPE` it has begun with (-1 once it has not).
    private var inMarkup = false
    private var markupLength = 0, equals = 0, doctypeMatched = 0
    private static let doctype = Array("<!DOCTYPE".utf8)

    init(_ read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        readSome = read
        super.init(data: Data())
    }

    override func open() {}
    override func close() {}
    override var hasBytesAvailable: Bool { error == nil }
    // What XMLParser asks for after a read of -1; the base class has no value to give.
    override var streamError: (any Error)? { error.map { NSError(domain: "ss.METSStream", code: 1, userInfo: [NSLocalizedDescriptionKey: "\($0)"]) } }
    override var streamStatus: Stream.Status { error == nil ? .open : .error }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength length: Int) -> Int {
        guard error == nil else { return -1 }
        do {
            let n = try readSome(UnsafeMutableRawBufferPointer(start: buffer, count: length))
            try scan(UnsafeBufferPointer(start: buffer, count: n))
            return n
        } catch {
            self.error = error
            return -1
        }
    }

    private func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let base = bytes.baseAddress else { return }
        var at = 0
        while at < bytes.count {
            if !inMarkup {
                // Text runs to the next `<`, found by memchr rather than byte by byte.
                guard let found = memchr(base + at, Int32(UInt8(ascii: "<")), bytes.count - at) else { return }
                at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                (inMarkup, markupLength, equals, doctypeMatched) = (true, 0, 0, 0)
            }
            let byte = bytes[at]
            at += 1
            markupLength += 1
            if doctypeMatched >= 0 {
                doctypeMatched = byte == Self.doctype[doctypeMatched] ? doctypeMatched + 1 : -1
                if doctypeMatched == Self.doctype.count { throw refusal("it has a DOCTYPE, which no Archivematica METS has") }
            }
            switch byte {
            case UInt8(ascii: ">"): inMarkup = false
            case UInt8(ascii: "="):
                equals += 1
                if equals > Self.attributeLimit { throw refusal("an element has more than \(Self.attributeLimit) attributes") }
            default: break
            }
            if markupLength > Self.markupLimit { throw refusal("an element's markup runs past \(Self.markupLimit >> 20) MiB") }
        }
    }

    private func refusal(_ problem: String) -> StorageError { StorageError(.invalidMETS, problem) }
}

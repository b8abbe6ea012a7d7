import Foundation

/// JSON for scripts: a document for one object, JSON Lines for lists.
enum JSONOutput {
    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func document<T: Encodable>(_ value: T) throws {
        Terminal.out(String(decoding: try encoder(pretty: true).encode(value), as: UTF8.self))
    }

    static func lines<T: Encodable>(_ values: [T]) throws {
        let encoder = encoder(pretty: false)
        for value in values { Terminal.out(String(decoding: try encoder.encode(value), as: UTF8.self)) }
    }
}

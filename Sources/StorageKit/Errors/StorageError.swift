import Foundation

/// A refusal by StorageKit's rules, with a named code and what it was about (the path,
/// the location, the scope, the errno or SQLSTATE behind it). The CLI maps codes to exit
/// statuses in `ExitCodes`, the HTTP API to statuses in `APIError`; nothing else looks at
/// the message, which is written for the person who has to act on it.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// A small struct over a private enum, so that codes can be added without breaking
    /// the `switch`es of callers (they match the codes they know and fall through).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String {
            case forbidden, outsideRoots, refusedDirectory, invalidPath, pathEscape, sourceMissing, invalidValue, idempotencyConflict, notPending, damaged,
                 unsupported, notReingestable, noProcessingLocation, notIndexable, invalidMETS
        }
        private let base: Base

        /// The caller's API key lacks the scope the request needs, or the rule of four
        /// eyes forbids it (a key reviewing its own deletion request).
        public static let forbidden = Code(base: .forbidden)
        /// A location directory outside every configured `location_roots`.
        public static let outsideRoots = Code(base: .outsideRoots)
        /// A location at a system directory (`/etc`, `/proc`, …) or ss's own: never allowed.
        public static let refusedDirectory = Code(base: .refusedDirectory)
        /// A path inside a location that names no package (`bag/.`, `a/..`).
        public static let invalidPath = Code(base: .invalidPath)
        /// A path that would leave its location: `..`, absolute, a symlink leading out, or a
        /// directory swapped for a symlink since it was checked.
        public static let pathEscape = Code(base: .pathEscape)
        /// Nothing at a path inside a location (or no directory at the location's own).
        public static let sourceMissing = Code(base: .sourceMissing)
        /// A value the database cannot hold (a NUL byte in text, a number out of range).
        public static let invalidValue = Code(base: .invalidValue)
        /// An idempotency key used before for another request.
        public static let idempotencyConflict = Code(base: .idempotencyConflict)
        /// A deletion request already decided.
        public static let notPending = Code(base: .notPending)
        /// What is stored is not what ss keeps (a symlink or a FIFO in an AIP).
        public static let damaged = Code(base: .damaged)
        /// What ss cannot do yet (a file from inside a compressed AIP), as the Storage
        /// Service answers what it cannot extract.
        public static let unsupported = Code(base: .unsupported)
        /// A package of a type that is not re-ingested (a DIP, a transfer).
        public static let notReingestable = Code(base: .notReingestable)
        /// A pipeline with no currently-processing location (or more than one) to receive
        /// what a re-ingest sends it.
        public static let noProcessingLocation = Code(base: .noProcessingLocation)
        /// A package with no transfer METS to index its files from: not a transfer, or not
        /// in the backlog (`reindex/`).
        public static let notIndexable = Code(base: .notIndexable)
        /// A transfer's METS that cannot be read as Archivematica writes it (not XML, no
        /// OBJID, a structMap naming a file the fileSec lacks).
        public static let invalidMETS = Code(base: .invalidMETS)

        public var description: String { base.rawValue }

        /// The code a job's error carries (`outside_roots`), as the other job codes are written.
        public var jobCode: String {
            base.rawValue.reduce(into: "") { out, c in out += c.isUppercase ? "_" + c.lowercased() : String(c) }
        }
    }

    /// What the error is about; each field is set where it is known.
    public struct Context: Sendable, Equatable {
        public var path: String?
        public var location: String?
        public var scope: String?
        public var field: String?
        public var errno: Int32?
        public var sqlState: String?

        public init(path: String? = nil, location: String? = nil, scope: String? = nil, field: String? = nil,
                    errno: Int32? = nil, sqlState: String? = nil) {
            self.path = path
            self.location = location
            self.scope = scope
            self.field = field
            self.errno = errno
            self.sqlState = sqlState
        }
    }

    public let code: Code
    public let message: String
    public let context: Context

    public init(_ code: Code, _ message: String, _ context: Context = Context()) {
        self.code = code
        self.message = message
        self.context = context
    }

    public var description: String { message }
}

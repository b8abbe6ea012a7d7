/// One way a bag differs from what it should be, sorted by kind so that a fixity report
/// can list missing, changed and untracked files apart (as the v2 API's does).
public struct BagProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Listed in a manifest, not there.
        case missing
        /// There, with another digest than its manifest says.
        case changed
        /// In the payload, listed in no manifest.
        case untracked
        /// Anything else: a malformed manifest, a symlink, a wrong Payload-Oxum.
        case invalid
    }

    public var kind: Kind
    /// Inside the bag; empty when the problem is the bag's as a whole.
    public var path: String
    public var message: String
    public var expected: String?
    public var actual: String?
    public var algorithm: String?

    public init(kind: Kind, path: String, message: String, expected: String? = nil, actual: String? = nil, algorithm: String? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.expected = expected
        self.actual = actual
        self.algorithm = algorithm
    }

    static func invalid(_ path: String, _ message: String) -> BagProblem {
        BagProblem(kind: .invalid, path: path, message: message)
    }

    public var description: String { message }
}

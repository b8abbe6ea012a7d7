/// An error with a code that callers map to behaviour (the CLI maps it to an exit status
/// in one place), and a message meant for the person who has to act on it.
public struct QueueError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Bad arguments: a malformed value, an impossible request.
        case invalidInput
        /// A job, batch or other object that does not exist.
        case notFound
        /// The operation is not possible in the object's current state.
        case conflict
        /// The database cannot be reached.
        case unavailable
        /// The database schema is older than this program.
        case schemaBehind
        /// A wait ran out of time.
        case timedOut
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

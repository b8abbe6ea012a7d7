import Foundation

/// The kinds a worker runs, by name. A worker claims only the kinds it has.
public struct JobHandlers: Sendable {
    typealias Run = @Sendable (String, JobContext) async throws -> JobOutcome
    private var runs: [String: Run] = [:]

    public init() {}

    /// The handlers every worker has (`system.noop`).
    public static var builtIn: JobHandlers {
        var handlers = JobHandlers()
        handlers.register(NoopHandler())
        return handlers
    }

    public mutating func register<H: JobHandler>(_ handler: H) {
        let decoder = JSONDecoder()
        runs[H.kind] = { args, context in
            let arguments: H.Arguments
            do {
                arguments = try decoder.decode(H.Arguments.self, from: Data(args.utf8))
            } catch {
                return .failed(.permanent("invalid_arguments", "arguments do not fit \(H.kind): \(error)"))
            }
            return try await handler.run(arguments, context: context)
        }
    }

    public var kinds: [String] { runs.keys.sorted() }

    func run(kind: String) -> Run? { runs[kind] }
}

import Hummingbird
import Logging
import StorageKit
import Synchronization

/// Each request's context: Hummingbird's, plus who its API key names and what it may do.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `APIKeyAuthenticator`; empty on the open paths.
    public var user = ""
    /// The key's scopes; none on the open paths.
    public var scopes = Scopes([])
    /// A dashboard page's session: its CSRF token, and a POST's form fields (once the
    /// token in them was checked).
    var csrf = ""
    var form: [String: String] = [:]
    /// What the request log says of the request, filled in as it is learned: the log wraps
    /// the authenticator, and sees the context only as it was before.
    let audit = RequestAudit()
    /// The caller's address, which the Storage Service takes for a pipeline registered
    /// without a `remote_name`.
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Whether the key may act on what `owner` submitted (its own jobs), or on anything.
    func owns(_ owner: String?) -> Bool { scopes.allow(.admin) || owner == user }
}

/// The user a request proved it is and the scope that let it through, for the log line.
final class RequestAudit: Sendable {
    private let state = Mutex<(user: String?, scope: String?)>((nil, nil))

    func record(user: String?, scope: String?) { state.withLock { $0 = (user, scope) } }
    var user: String? { state.withLock { $0.user } }
    var scope: String? { state.withLock { $0.scope } }
}

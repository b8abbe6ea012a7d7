import Hummingbird
import Logging

/// Each request's context: Hummingbird's, plus the user its API key names.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `APIKeyAuthenticator`; empty on the open paths.
    public var user = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

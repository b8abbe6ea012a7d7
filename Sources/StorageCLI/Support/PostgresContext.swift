import PostgresNIO
import QueueKit
import StorageKit

/// What a command body gets: an open connection and the queue on it.
public struct PostgresContext: Sendable {
    public let connection: PostgresConnection
    public let settings: DatabaseSettings
    public let queue: JobQueue
}

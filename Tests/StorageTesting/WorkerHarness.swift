import Foundation
import Logging
import PostgresNIO
import QueueKit
import ServiceLifecycle

/// Runs in-process workers on a test schema for the duration of `body`, then shuts them
/// down gracefully (as SIGTERM would) and waits for them to return.
public func withWorkers<R: Sendable>(
    _ db: TestDatabase, count: Int = 1, handlers: JobHandlers = .builtIn,
    configure: (inout WorkerConfiguration) -> Void = { _ in },
    _ body: @Sendable (ConnectionPool) async throws -> R
) async throws -> R {
    let pool = db.settings.pool(maximumConnections: 8 * count, logger: db.logger)
    defer { Task { await pool.close() } }
    var services: [any Service] = []
    for i in 0..<count {
        var config = WorkerConfiguration()
        config.name = "test-worker-\(i)"
        config.pollInterval = .milliseconds(200)
        configure(&config)
        services.append(try QueueWorker(db: pool, schema: db.schema, handlers: handlers, configuration: config, logger: db.logger))
    }
    let group = ServiceGroup(configuration: .init(services: services, logger: db.logger))
    let running = Task { try await group.run() }
    do {
        let result = try await body(pool)
        await group.triggerGracefulShutdown()
        try await running.value
        return result
    } catch {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        throw error
    }
}

import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Claims and runs jobs until shut down: a `Service` for a `ServiceGroup`.
///
/// Idle, it waits on LISTEN (with a polling fallback); busy, it claims as many jobs as it
/// has free slots in one statement. Each job runs in its own task; a heartbeat extends
/// the leases of all of them in one statement; the completer writes their endings in
/// batches. On graceful shutdown it stops claiming, lets running jobs finish within the
/// grace period, then cancels the rest and releases them back to `queued`.
public struct QueueWorker: Service {
    let db: ConnectionPool
    let schema: QueueSchema
    let handlers: JobHandlers
    /// The kinds this worker claims, computed once: the claim runs thousands of times a second.
    let kinds: [String]
    let configuration: WorkerConfiguration
    let logger: Logger
    let backoff = Backoff()

    public init(
        db: ConnectionPool, schema: QueueSchema, handlers: JobHandlers,
        configuration: WorkerConfiguration, logger: Logger
    ) throws(QueueError) {
        self.db = db
        self.schema = schema
        self.handlers = handlers
        self.kinds = handlers.kinds
        self.configuration = try configuration.validated()
        self.logger = logger
    }

    public func run() async throws {
        // The claim runs on a connection of its own, which plans in index order whatever
        // the statistics say (`JobsSQL.inIndexOrderSettings`); one claim runs at a time.
        let claims = db.starting(with: JobsSQL.inIndexOrderSettings, maximumConnections: 1)
        // Endings and heartbeats too, so that they lock their rows in id order (the order
        // of their CTE and of the primary key), never in a bitmap's page order.
        let endings = db.starting(with: JobsSQL.inIndexOrderSettings, maximumConnections: 2)
        let running = RunningJobs()
        let wake = WakeSignal()
        let stopping = Mutex(false)
        let completer = Completer(db: endings, schema: schema, logger: logger, delay: configuration.completionDelay) { wake.signal() }
        let completerTask = Task { await completer.run() }
        logger.info("worker \(configuration.name) started: queues \(configuration.queues.isEmpty ? "*" : configuration.queues.joined(separator: ",")), concurrency \(configuration.concurrency), kinds \(kinds.joined(separator: ","))")

        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.listen(wake: wake, running: running) }
                group.addTask { await self.heartbeat(running: running, completer: completer, on: endings) }
                await claimLoop(on: claims, running: running, wake: wake, completer: completer) {
                    stopping.withLock { $0 } || Task.isCancelled
                }
                await drain(running: running, wake: wake, completer: completer)
                group.cancelAll()
            }
        } onGracefulShutdown: {
            stopping.withLock { $0 = true }
            wake.signal()
        }
        completer.stop()
        await completerTask.value
        await claims.close()
        await endings.close()
        logger.info("worker \(configuration.name) stopped")
    }

    // MARK: Claiming

    private func claimLoop(
        on claims: ConnectionPool, running: RunningJobs, wake: WakeSignal, completer: Completer, shouldStop: () -> Bool
    ) async {
        var failures = 0
        while !shouldStop() {
            // A slot is free once its job's ending is committed, not when its handler returns.
            let free = configuration.concurrency - running.count - completer.unwritten
            if free > 0 {
                let limit = min(free, configuration.maxClaimBatch)
                do {
                    let sent = ContinuousClock.now
                    let jobs = try await claim(limit: limit, on: claims)
                    if failures > 0 { logger.info("database reachable again; claiming") }
                    failures = 0
                    for job in jobs { start(job, claimedAt: sent, running: running, wake: wake, completer: completer) }
                    if jobs.count == limit { continue }
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                    continue  // two claimers raced for one AIP; the index refused the second
                } catch {
                    failures += 1
                    if failures == 1 || failures % 30 == 0 {
                        logger.warning("cannot claim jobs (attempt \(failures)); retrying with back-off: \(String(reflecting: error))")
                    }
                    try? await Task.sleep(for: .milliseconds(min(5000, 100 << min(failures, 6))))
                    continue
                }
            }
            _ = await wake.wait(timeout: configuration.pollInterval)
        }
    }

    private func claim(limit: Int, on claims: ConnectionPool) async throws -> [ClaimedJob] {
        let rows = try await claims.all(JobsSQL.Claim(
            queues: configuration.queues, kinds: kinds, limit: Int32(limit),
            leaseSeconds: configuration.leaseSeconds, worker: configuration.name), logger: logger)
        return rows.map { id, kind, args, queue, attempt, maxAttempts, package, cancelRequested in
            ClaimedJob(id: id, kind: kind, argsJSON: args, queue: queue, attempt: Int(attempt),
                       maxAttempts: Int(maxAttempts), packageUUID: package, cancelRequested: cancelRequested)
        }
    }

    // MARK: Running

    private func start(_ job: ClaimedJob, claimedAt: ContinuousClock.Instant, running: RunningJobs, wake: WakeSignal, completer: Completer) {
        var jobLogger = logger
        jobLogger[metadataKey: "job"] = .stringConvertible(job.id)
        let context = JobContext(job: job, logger: jobLogger, db: db, schema: schema, backoff: backoff)
        running.add(job, context: context, claimedAt: claimedAt)
        WorkerMetrics.running(running.count)
        if job.cancelRequested { running.stop(job.id, reason: .cancelRequested) }
        let task = Task {
            // Cancelled before its handler's first instruction, not when `attach` gets to it.
            if job.cancelRequested { withUnsafeCurrentTask { $0?.cancel() } }
            let started = ContinuousClock.now
            jobLogger.info("job started: \(job.kind) attempt \(job.attempt)/\(job.maxAttempts)")
            let outcome: Result<JobOutcome, any Error>
            do {
                guard let run = handlers.run(kind: job.kind) else {
                    throw JobFailure.permanent("unknown_kind", "this worker has no handler for \(job.kind)")
                }
                outcome = .success(try await run(job.argsJSON, context))
            } catch {
                outcome = .failure(error)
            }
            let resolution = AttemptResolution.resolve(
                job: job, outcome: outcome, stopReason: running.stopReason(job.id), backoff: backoff)
            let took = ContinuousClock.now - started, ms = took / .milliseconds(1)
            WorkerMetrics.ended(job.kind, WorkerMetrics.outcome(resolution), after: took)
            switch resolution {
            case .record(let completion):
                completer.finish(completion)
                jobLogger.info("job ended: \(job.kind) \(completion.state.rawValue) in \(String(format: "%.1f", ms)) ms")
            case .release:
                completer.release(job.id, attempt: job.attempt)
                jobLogger.info("job ended: \(job.kind) released to the queue after \(String(format: "%.1f", ms)) ms")
            case .committed(let state):
                jobLogger.info("job ended: \(job.kind) \(state.rawValue) (committed with its changes) in \(String(format: "%.1f", ms)) ms")
            case .discard:
                jobLogger.warning("job ended: \(job.kind) after \(String(format: "%.1f", ms)) ms, but its lease was lost; its ending is not recorded")
            }
            // Only now, with its ending handed to the completer, does it leave `running`:
            // the claimer never sees a slot free while the ending is unwritten.
            running.remove(job.id)
            WorkerMetrics.running(running.count)
            wake.signal()
        }
        running.attach(task, to: job.id)
    }

    /// Waits for running jobs up to the grace period, then stops and releases the rest.
    private func drain(running: RunningJobs, wake: WakeSignal, completer: Completer) async {
        guard !running.isEmpty else { return }
        logger.info("shutting down: waiting up to \(configuration.shutdownGrace) for \(running.count) running jobs")
        let deadline = ContinuousClock.now + configuration.shutdownGrace
        while !running.isEmpty, ContinuousClock.now < deadline, !Task.isCancelled {
            _ = await wake.wait(timeout: min(.milliseconds(100), deadline - .now))
        }
        guard !running.isEmpty else { return }
        logger.info("grace period over: stopping \(running.count) jobs and releasing them to the queue")
        running.stopAll(reason: .shutdown)
        let hardDeadline = ContinuousClock.now + .seconds(5)
        while !running.isEmpty, ContinuousClock.now < hardDeadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        // Handlers that ignore cancellation end with the process; release their rows now.
        let stuck = running.jobs()
        if !stuck.isEmpty {
            logger.warning("\(stuck.count) jobs did not stop; releasing them as the process exits")
            for job in stuck { completer.release(job.id, attempt: job.attempt) }
        }
    }

    // MARK: Background loops

    /// LISTEN for `ready` (wake the claimer) and `cancel` (stop a running job); the
    /// claimer is woken after each reconnect too, in case something was missed.
    private func listen(wake: WakeSignal, running: RunningJobs) async {
        await Notifier(channel: schema.workerChannel, on: db, logger: logger).run { event in
            switch event {
            case .listening: wake.signal()
            case .notification(let payload): handle(payload, wake: wake, running: running)
            }
        }
    }

    private func handle(_ payload: String, wake: WakeSignal, running: RunningJobs) {
        if payload.hasPrefix("cancel "), let id = UUID(uuidString: String(payload.dropFirst(7))) {
            running.stop(id, reason: .cancelRequested)
        } else if payload.hasPrefix("ready ") {
            let queue = payload.dropFirst(6)
            if configuration.queues.isEmpty || configuration.queues.contains(where: { $0 == queue }) { wake.signal() }
        }
    }

    /// Extends every running job's lease and writes its progress in one statement. Stops
    /// jobs whose row is no longer ours, and, by the worker's own clock, each job whose
    /// lease has gone most of its length (0.8) without a heartbeat getting through: another
    /// worker may be about to rescue it. A heartbeat gets no longer than what is left of
    /// that time, and the loop wakes no later than it runs out, so a host cut off from the
    /// database (where a statement is not refused but never answered) stops its jobs before
    /// their leases run out, not when the statement timeout ends; a job claimed after the
    /// host is back is not stopped for the ones before.
    private func heartbeat(running: RunningJobs, completer: Completer, on db: ConnectionPool) async {
        let fence = Duration.milliseconds(Int(configuration.leaseSeconds * 1000)) * 0.8
        // When the leases of endings waiting to be written were last set.
        var lastSuccess = ContinuousClock.now
        while !Task.isCancelled {
            let due = (running.snapshot().filter { !$0.stopped }.map(\.extended).min() ?? .now) + fence
            try? await Task.sleep(for: max(.milliseconds(10), min(configuration.heartbeatInterval, due - .now)))
            WorkerMetrics.running(running.count)  // set at each start and end too, but two ends at once may race
            // Endings waiting to be written keep their leases too.
            let jobs = running.snapshot() + completer.unwrittenJobs().map {
                RunningJobs.Beat(id: $0.id, attempt: $0.attempt, done: -1, total: -1, extended: lastSuccess)
            }
            guard !jobs.isEmpty else {
                lastSuccess = .now
                WorkerMetrics.heartbeat()
                continue
            }
            let sent = ContinuousClock.now
            let live = jobs.filter { !$0.stopped }.map(\.extended).filter { sent - $0 < fence }
            let left = live.min().map { max(fence - (sent - $0), .milliseconds(100)) } ?? fence
            do {
                let statement = JobsSQL.Heartbeat(
                    ids: jobs.map(\.id), attempts: jobs.map { Int32($0.attempt) }, done: jobs.map(\.done),
                    total: jobs.map(\.total), leaseSeconds: configuration.leaseSeconds)
                let alive = try await Deadline.run(left) { [db, logger] in try await db.all(statement, logger: logger) }
                lastSuccess = sent
                running.extended(jobs.map(\.id), at: sent)
                WorkerMetrics.heartbeat()
                let answer = Dictionary(alive, uniquingKeysWith: { a, _ in a })
                for job in jobs {
                    switch answer[job.id] {
                    case .none: running.stop(job.id, reason: .leaseLost)
                    case .some(true): running.stop(job.id, reason: .cancelRequested)
                    case .some(false): break
                    }
                }
            } catch {
                logger.warning("heartbeat failed: \(String(reflecting: error))")
                let now = ContinuousClock.now
                let expiring = running.snapshot().filter { !$0.stopped && now - $0.extended >= fence }
                if !expiring.isEmpty {
                    logger.error("no heartbeat for most of the lease; stopping \(expiring.count) jobs so they never run twice at once")
                    for job in expiring { running.stop(job.id, reason: .leaseLost) }
                }
            }
        }
    }
}

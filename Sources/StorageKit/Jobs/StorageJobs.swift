import QueueKit

/// The job kinds an ss worker runs: the built-in ones, the AIP operations (replication
/// and audits among them), and the copy of files into a pipeline's shared directory.
public enum StorageJobs {
    /// `policy` is where locations may be; every handler re-checks it. `auditBudget`
    /// limits what this worker's audits read (nil: no limit).
    public static func handlers(policy: LocationPolicy = LocationPolicy(roots: []), auditBudget: ReadBudget? = nil) -> JobHandlers {
        var handlers = JobHandlers.builtIn
        handlers.register(StoreHandler(policy: policy))
        handlers.register(MoveHandler(policy: policy))
        handlers.register(DeleteHandler(policy: policy))
        handlers.register(FixityHandler(policy: policy))
        handlers.register(CopyFilesHandler(policy: policy))
        handlers.register(ReingestHandler(policy: policy))
        handlers.register(UpdateHandler(policy: policy))
        handlers.register(ReplicateHandler(policy: policy))
        handlers.register(AuditHandler(policy: policy, budget: auditBudget))
        return handlers
    }

    public static var handlers: JobHandlers { handlers() }
}

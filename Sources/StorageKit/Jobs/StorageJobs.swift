import QueueKit

/// The job kinds an ss worker runs: the built-in ones and the four AIP operations.
public enum StorageJobs {
    public static var handlers: JobHandlers {
        var handlers = JobHandlers.builtIn
        handlers.register(StoreHandler())
        handlers.register(MoveHandler())
        handlers.register(DeleteHandler())
        handlers.register(FixityHandler())
        return handlers
    }
}

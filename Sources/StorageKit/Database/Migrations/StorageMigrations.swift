import QueueKit

/// StorageKit's migrations (spaces, locations, packages), versioned apart from the
/// queue's. The domain tables arrive with the AIP operations.
public enum StorageMigrations {
    public static let component = "storage"
    public static let all: [Migration] = []
}

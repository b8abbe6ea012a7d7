import QueueKit

/// StorageKit's migrations (spaces, locations, packages), versioned apart from the queue's.
public enum StorageMigrations {
    public static let component = "storage"
    public static let all: [Migration] = [m0001Spaces, m0002CleanupJob, m0003API, m0004CancelSettles, m0005Scopes, m0006ListOrder, m0007Purposes, m0008LocationPipelines, m0009PackageDescriptions, m0010PackageFiles, m0011RecoveryRequests, m0012Replication, m0013Audits, m0014DashboardSessions, m0015PackageNames]
}

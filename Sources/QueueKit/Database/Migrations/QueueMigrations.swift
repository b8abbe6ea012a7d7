/// QueueKit's own migrations, in order. Add a file `M000N_Name.swift` and list it here.
public enum QueueMigrations {
    public static let component = "queue"
    public static let all: [Migration] = [m0001Jobs, m0002Batches, m0003ClaimOrder, m0004Submitters, m0005ListOrder, m0006PruneIndex, m0007ListIndexes, m0008UnfinishedJobs, m0009OneListIndex, m0010KeysByIDAlone]
}

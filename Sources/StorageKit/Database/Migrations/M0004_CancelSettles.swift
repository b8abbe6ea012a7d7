import QueueKit

extension StorageMigrations {
    /// A store or move cancelled while it waits (queued, or retryable after a failed
    /// attempt that left the AIP `pending` or `moving`) puts its AIP back: a cancelled
    /// store is `failed`, a cancelled move `stored` where it is. No worker runs such a job
    /// again, so without this the AIP would stay in its transient status for good (what
    /// the Storage Service calls "stuck in MOVING"). A trigger, so that every way of
    /// cancelling (`job cancel`, `batch cancel`, the API, SQL) does it in the same
    /// transaction. A waiting delete is left `deleting` on purpose: its AIP may be half
    /// removed, and a new delete finishes it.
    static let m0004CancelSettles = Migration(component: component, version: 4, name: "a cancelled job settles its AIP", sql: #"""
        CREATE FUNCTION packages_settle_cancelled_job() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE packages SET status = CASE NEW.kind WHEN 'aip.store' THEN 'failed' ELSE 'stored' END, updated_at = now()
          WHERE uuid = NEW.package_uuid
            AND status = CASE NEW.kind WHEN 'aip.store' THEN 'pending' ELSE 'moving' END
            AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.package_uuid = NEW.package_uuid AND j.id <> NEW.id
                              AND j.state IN ('queued','scheduled','running','retryable'));
          RETURN NULL;
        END $$;
        CREATE TRIGGER jobs_cancelled_settle_package AFTER UPDATE OF state ON jobs FOR EACH ROW
          WHEN (NEW.state = 'cancelled' AND OLD.state IN ('queued','scheduled','retryable')
                AND NEW.package_uuid IS NOT NULL AND NEW.kind IN ('aip.store','aip.move'))
          EXECUTE FUNCTION packages_settle_cancelled_job();
        """#)
}

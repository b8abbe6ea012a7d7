import Foundation
import PostgresNIO

/// Every statement of audits: what an audit records of an AIP, the scheduler's picks,
/// and the bytes read per day.
enum AuditsSQL {
    /// The one lock the schedulers of all hosts take turns on
    /// (`pg_try_advisory_xact_lock`); any constant would do, this one spells "ss audit".
    static let schedulerLock: Int64 = 0x7373_2061_7564_6974

    static var trySchedulerLock: PostgresQuery { "SELECT pg_try_advisory_xact_lock(\(schedulerLock))" }

    /// Up to `limit` AIPs last audited at `cutoff` or before and not given an audit by a
    /// scheduler since `retried` (one that failed without a verdict is tried again a day
    /// later, not at every pass), oldest first: an index walk of `packages_audit_due`
    /// that stops after `limit` rows.
    static func due(cutoff: Date, retried: Date, limit: Int) -> PostgresQuery {
        """
        SELECT p.uuid FROM packages p
        WHERE p.status IN ('stored','damaged') AND p.audited_at <= \(cutoff) AND (p.audit_tried_at IS NULL OR p.audit_tried_at < \(retried))
        ORDER BY p.audited_at, p.uuid LIMIT \(limit)
        """
    }

    static func tried(_ packages: [UUID], at now: Date) -> PostgresQuery {
        "UPDATE packages SET audit_tried_at = \(now) WHERE uuid = ANY(\(packages))"
    }

    /// The bytes a pass over every AIP an audit checks reads: each package once per copy
    /// (pending ones not counted).
    static let totalBytes: PostgresQuery = """
        SELECT ((SELECT coalesce(sum(p.size), 0) FROM packages p WHERE p.status IN ('stored','damaged'))
              + (SELECT coalesce(sum(p.size), 0) FROM package_copies c JOIN packages p ON p.uuid = c.package_uuid
                 WHERE c.state <> 'pending' AND p.status IN ('stored','damaged')))::bigint
        """

    /// Every AIP an audit can check (`aip audit --all`), or those with a copy in
    /// `location` (its primary or a replica), oldest audit first.
    static func auditable(location: UUID?) -> PostgresQuery {
        """
        SELECT p.uuid FROM packages p
        WHERE p.status IN ('stored','damaged') AND (\(location)::uuid IS NULL OR p.location_uuid = \(location)
          OR EXISTS (SELECT 1 FROM package_copies c WHERE c.package_uuid = p.uuid AND c.location_uuid = \(location)))
        ORDER BY p.audited_at, p.uuid
        """
    }

    /// What the audit found of the primary, and whether any copy verified (`stored`) or
    /// none (`damaged`); an AIP that has moved on to another status keeps it.
    /// `audited_at` moves only when every copy verified: an AIP with a copy still bad
    /// stays first in the scheduler's order.
    static func audited(_ package: UUID, primary: PackageCopy.State, anyGood: Bool, allGood: Bool) -> PostgresQuery {
        let status = anyGood ? PackageStatus.stored.rawValue : PackageStatus.damaged.rawValue
        return """
        UPDATE packages SET primary_state = \(primary.rawValue), audited_at = CASE WHEN \(allGood) THEN now() ELSE audited_at END, updated_at = now(),
          status = CASE WHEN status IN ('stored','damaged') THEN \(status) ELSE status END
        WHERE uuid = \(package)
        """
    }

    static func recordReads(bytes: Int64, copies: Int) -> PostgresQuery {
        """
        INSERT INTO audit_reads (day, bytes, copies) VALUES ((now() AT TIME ZONE 'UTC')::date, \(bytes), \(copies))
        ON CONFLICT (day) DO UPDATE SET bytes = audit_reads.bytes + EXCLUDED.bytes, copies = audit_reads.copies + EXCLUDED.copies
        """
    }

    /// The oldest audit, the AIPs and copies (the primary counted) audited before
    /// `cutoff`, the damaged AIPs, and all AIPs an audit checks.
    static func standing(cutoff: Date) -> PostgresQuery {
        """
        SELECT min(p.audited_at), count(*) FILTER (WHERE p.audited_at < \(cutoff)),
               coalesce(sum(1 + (SELECT count(*) FROM package_copies c WHERE c.package_uuid = p.uuid AND c.state <> 'pending'))
                        FILTER (WHERE p.audited_at < \(cutoff)), 0)::bigint,
               count(*) FILTER (WHERE p.status = 'damaged'), count(*)
        FROM packages p WHERE p.status IN ('stored','damaged')
        """
    }

    static func reads(days: Int) -> PostgresQuery {
        "SELECT day::text, bytes, copies FROM audit_reads ORDER BY day DESC LIMIT \(days)"
    }
}

import PostgresNIO

/// The statements behind `/metrics` for AIPs, locations and copies.
enum FiguresSQL {
    static let aips: PostgresQuery = """
        SELECT p.status, l.name, count(*)::bigint FROM packages p JOIN locations l ON l.uuid = p.location_uuid GROUP BY 1, 2
        """

    /// Every location, with the bytes of the AIPs (not deleted) and the replicas it holds
    /// (made: a pending copy's bytes are not there yet).
    static let locations: PostgresQuery = """
        SELECT l.name, l.path,
               coalesce((SELECT sum(p.size) FROM packages p WHERE p.location_uuid = l.uuid AND p.status NOT IN ('deleted','failed')), 0)::bigint
             + coalesce((SELECT sum(p.size) FROM package_copies c JOIN packages p ON p.uuid = c.package_uuid
                         WHERE c.location_uuid = l.uuid AND c.state IN ('ok','repairing')), 0)::bigint
        FROM locations l
        """

    static let copies: PostgresQuery = """
        SELECT c.state, l.name, count(*)::bigint FROM package_copies c JOIN locations l ON l.uuid = c.location_uuid GROUP BY 1, 2
        """

    /// Fixity checks and audits that found a difference (events are append-only: a
    /// counter), counted on the partial index `package_events_failures`.
    static let fixityFailures: PostgresQuery = """
        SELECT count(*)::bigint FROM package_events WHERE type IN ('fixity','audit') AND outcome = 'failed'
        """

    static let auditBytes: PostgresQuery = "SELECT coalesce(sum(bytes), 0)::bigint FROM audit_reads"
}

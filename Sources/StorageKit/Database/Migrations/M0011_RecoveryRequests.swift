import QueueKit

extension StorageMigrations {
    /// Requests to recover an AIP from a copy in a recovery location (`recover_aip/`),
    /// reviewed as requests to delete one are. A table of their own rather than a kind of
    /// deletion request: a binary from before it, still running against the migrated
    /// database, must never list or approve a recovery as a deletion. Ids come from the
    /// deletion requests' sequence, so an id names one request of either kind.
    static let m0011RecoveryRequests = Migration(component: component, version: 11, name: "recovery requests", sql: #"""
        CREATE TABLE recovery_requests (
          id              bigint PRIMARY KEY DEFAULT nextval('deletion_requests_id_seq'),
          package_uuid    uuid NOT NULL REFERENCES packages,
          reason          text NOT NULL CHECK (reason <> ''),
          pipeline_uuid   uuid,
          user_id         bigint,
          user_email      text NOT NULL DEFAULT '',
          requested_by    text NOT NULL,
          requested_at    timestamptz NOT NULL DEFAULT now(),
          status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
          decided_by      text,
          decided_at      timestamptz,
          decision_reason text NOT NULL DEFAULT '',
          job_id          uuid
        );
        CREATE UNIQUE INDEX recovery_requests_one_pending ON recovery_requests (package_uuid) WHERE status = 'pending';
        """#)
}

import QueueKit

extension StorageMigrations {
    /// Replication: the replicator locations each location copies its AIPs to, and the
    /// copies an AIP has beyond its primary (the package's own row), each with its state
    /// and its last verification.
    static let m0012Replication = Migration(component: component, version: 12, name: "replication", sql: #"""
        CREATE TABLE location_replicas (
          location_uuid uuid NOT NULL REFERENCES locations,
          replica_uuid  uuid NOT NULL REFERENCES locations,
          PRIMARY KEY (location_uuid, replica_uuid),
          CHECK (location_uuid <> replica_uuid)
        );
        CREATE TABLE package_copies (
          package_uuid  uuid NOT NULL REFERENCES packages,
          location_uuid uuid NOT NULL REFERENCES locations,
          path          text NOT NULL,
          state         text NOT NULL CHECK (state IN ('pending','ok','missing','corrupt','repairing')),
          sha256        text,
          verified_at   timestamptz,
          updated_at    timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (package_uuid, location_uuid)
        );
        CREATE INDEX package_copies_location ON package_copies (location_uuid);
        """#)
}

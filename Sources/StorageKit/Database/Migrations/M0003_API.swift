import QueueKit

extension StorageMigrations {
    /// What the HTTP API needs beyond the queue: API keys (hashed), the pipelines that
    /// Archivematica clients name, deletion requests awaiting review, and the integer ids
    /// that the v2 `async/` resource gives its jobs.
    static let m0003API = Migration(component: component, version: 3, name: "api keys, pipelines, deletion requests, async ids", sql: #"""
        CREATE TABLE api_keys (
          username     text PRIMARY KEY CHECK (username ~ '^[^:[:space:]]{1,150}$'),
          key_sha256   bytea NOT NULL,
          created_at   timestamptz NOT NULL DEFAULT now(),
          created_by   text NOT NULL DEFAULT '',
          last_used_at timestamptz
        );

        CREATE TABLE pipelines (
          uuid        uuid PRIMARY KEY,
          description text NOT NULL DEFAULT '',
          remote_name text NOT NULL DEFAULT '',
          created_at  timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE deletion_requests (
          id              bigserial PRIMARY KEY,
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
        CREATE UNIQUE INDEX deletion_requests_one_pending ON deletion_requests (package_uuid) WHERE status = 'pending';

        CREATE TABLE async_tasks (
          id         bigserial PRIMARY KEY,
          job_id     uuid NOT NULL UNIQUE,
          created_at timestamptz NOT NULL DEFAULT now()
        );
        """#)
}

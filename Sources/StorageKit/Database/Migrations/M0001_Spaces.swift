import QueueKit

extension StorageMigrations {
    /// Spaces, locations, packages and their events; the default filesystem space.
    static let m0001Spaces = Migration(component: component, version: 1, name: "spaces, locations, packages, events", sql: #"""
        CREATE TABLE spaces (
          uuid       uuid PRIMARY KEY,
          name       text NOT NULL UNIQUE,
          kind       text NOT NULL CHECK (kind IN ('filesystem')),
          root       text NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now()
        );
        INSERT INTO spaces (uuid, name, kind, root)
          VALUES ('00000000-0000-7000-8000-000000000001', 'default', 'filesystem', '/');

        CREATE TABLE locations (
          uuid        uuid PRIMARY KEY,
          name        text NOT NULL UNIQUE CHECK (name <> '' AND name !~ '^[0-9a-fA-F-]{36}$'),
          space_uuid  uuid NOT NULL REFERENCES spaces,
          purpose     text NOT NULL CHECK (purpose IN ('aip-storage','transfer-source','replicator','backlog')),
          path        text NOT NULL UNIQUE CHECK (path LIKE '/%'),
          description text NOT NULL DEFAULT '',
          created_at  timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE packages (
          uuid          uuid PRIMARY KEY,
          name          text NOT NULL,
          status        text NOT NULL CHECK (status IN ('pending','stored','moving','deleting','deleted','failed')),
          location_uuid uuid NOT NULL REFERENCES locations,
          path          text NOT NULL,
          size          bigint,
          sha256        text,
          stored_at     timestamptz,
          cleanup_path  text,
          created_at    timestamptz NOT NULL DEFAULT now(),
          updated_at    timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX packages_location ON packages (location_uuid, status);

        CREATE TABLE package_events (
          id           bigserial PRIMARY KEY,
          package_uuid uuid NOT NULL REFERENCES packages,
          type         text NOT NULL,
          at           timestamptz NOT NULL DEFAULT now(),
          outcome      text NOT NULL,
          detail       text NOT NULL DEFAULT '',
          actor        text NOT NULL DEFAULT '',
          job_id       uuid
        );
        CREATE INDEX package_events_package ON package_events (package_uuid, id);

        -- The history is append-only.
        CREATE FUNCTION package_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'package_events is append-only'; END $$;
        CREATE TRIGGER package_events_append_only BEFORE UPDATE OR DELETE ON package_events
          FOR EACH ROW EXECUTE FUNCTION package_events_append_only();
        """#)
}

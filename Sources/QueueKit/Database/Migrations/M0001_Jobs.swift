extension QueueMigrations {
    /// The jobs table, its claim index, and the trigger that wakes idle workers.
    static let m0001Jobs = Migration(component: component, version: 1, name: "jobs", sql: #"""
        CREATE FUNCTION rfc3339(t timestamptz) RETURNS text LANGUAGE sql STABLE AS
          $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

        CREATE TABLE jobs (
          id                  uuid PRIMARY KEY,
          kind                text NOT NULL,
          queue               text NOT NULL DEFAULT 'default',
          priority            integer NOT NULL DEFAULT 0,
          state               text NOT NULL CHECK (state IN
                                ('queued','scheduled','running','retryable','succeeded','failed','cancelled')),
          args                jsonb NOT NULL DEFAULT '{}',
          result              jsonb,
          errors              jsonb NOT NULL DEFAULT '[]',
          attempt             integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
          max_attempts        integer NOT NULL DEFAULT 25 CHECK (max_attempts >= 1),
          run_at              timestamptz NOT NULL DEFAULT now(),
          created_at          timestamptz NOT NULL DEFAULT now(),
          started_at          timestamptz,
          finished_at         timestamptz,
          lease_expires_at    timestamptz,
          worker              text,
          progress_done       bigint,
          progress_total      bigint,
          idempotency_key     text,
          batch_id            uuid,
          package_uuid        uuid,
          cancel_requested_at timestamptz,
          CONSTRAINT finished_iff_terminal CHECK
            ((finished_at IS NOT NULL) = (state IN ('succeeded','failed','cancelled'))),
          CONSTRAINT lease_iff_running CHECK
            ((lease_expires_at IS NOT NULL) = (state = 'running'))
        ) WITH (fillfactor = 80);

        -- The claim walks this index in claim order and stops after LIMIT rows.
        CREATE INDEX jobs_claimable ON jobs (priority DESC, run_at, created_at)
          WHERE state IN ('queued','scheduled','retryable');
        -- The rescuer's scan of expired leases.
        CREATE INDEX jobs_running_lease ON jobs (lease_expires_at) WHERE state = 'running';
        -- One running job per AIP, enforced by the database itself.
        CREATE UNIQUE INDEX jobs_one_running_per_package ON jobs (package_uuid)
          WHERE state = 'running' AND package_uuid IS NOT NULL;
        CREATE INDEX jobs_package ON jobs (package_uuid) WHERE package_uuid IS NOT NULL;
        CREATE UNIQUE INDEX jobs_idempotency_key ON jobs (idempotency_key)
          WHERE idempotency_key IS NOT NULL;
        CREATE INDEX jobs_batch ON jobs (batch_id) WHERE batch_id IS NOT NULL;
        CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
        CREATE INDEX jobs_created ON jobs (created_at);

        -- One NOTIFY per inserting statement and queue (not per row): idle workers wake at once.
        CREATE FUNCTION jobs_notify_ready() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify(TG_TABLE_SCHEMA || '_worker', 'ready ' || q)
            FROM (SELECT DISTINCT queue AS q FROM new_jobs WHERE state = 'queued') s;
          RETURN NULL;
        END $$;
        CREATE TRIGGER jobs_notify_ready AFTER INSERT ON jobs
          REFERENCING NEW TABLE AS new_jobs FOR EACH STATEMENT EXECUTE FUNCTION jobs_notify_ready();

        ALTER TABLE jobs SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 0);
        """#)
}

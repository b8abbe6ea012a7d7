import PostgresNIO

/// Every statement on `schema_migrations`. Schema names are validated identifiers
/// (`QueueSchema`), the only text spliced in; everything else is a bind.
enum MigrationsSQL {
    static func lock(_ s: QueueSchema) -> PostgresQuery {
        "SELECT pg_advisory_xact_lock(hashtext(\(s.name + ".migrate")))"
    }

    static func createSchema(_ s: QueueSchema) -> PostgresQuery {
        PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(s.name)")
    }

    static func createTable(_ s: QueueSchema) -> PostgresQuery {
        PostgresQuery(unsafeSQL: """
            CREATE TABLE IF NOT EXISTS \(s.name).schema_migrations (
              component  text NOT NULL,
              version    integer NOT NULL,
              name       text NOT NULL,
              applied_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (component, version))
            """)
    }

    static func setSearchPath(_ s: QueueSchema) -> PostgresQuery {
        PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(s.name)")
    }

    static func record(_ s: QueueSchema, _ m: Migration) -> PostgresQuery {
        var q = PostgresQuery(unsafeSQL: "INSERT INTO \(s.name).schema_migrations (component, version, name) VALUES ($1, $2, $3)")
        q.binds.append(m.component)
        q.binds.append(Int32(m.version))
        q.binds.append(m.name)
        return q
    }

    static func tableExists(_ s: QueueSchema) -> PostgresQuery {
        "SELECT to_regclass(\(s.name + ".schema_migrations")) IS NOT NULL"
    }

    static func applied(_ s: QueueSchema) -> PostgresQuery {
        PostgresQuery(unsafeSQL: "SELECT component, version FROM \(s.name).schema_migrations")
    }
}

import Foundation
import Logging
import NIOSSL
import PostgresNIO
import QueueKit

/// Connecting to ss's database, with the one message every command gives when it is
/// out of reach: which server (password masked) and how to start one.
public enum Database {
    /// Every component's migrations, in the order they apply.
    public static let migrations: [Migration] = QueueMigrations.all + StorageMigrations.all

    public static func migrator(_ settings: DatabaseSettings) -> Migrator {
        Migrator(schema: settings.schema, migrations: migrations)
    }

    /// One connection, for one-shot commands. Throws `unavailable` within a few seconds
    /// when nobody answers.
    public static func connect(_ settings: DatabaseSettings, logger: Logger) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: settings.connectionConfiguration, id: 1, logger: logger)
        } catch {
            throw unavailable(settings, error)
        }
    }

    /// Runs `body` on a fresh connection whose schema is current, and closes it.
    public static func withConnection<R: Sendable>(
        _ settings: DatabaseSettings, logger: Logger, checkSchema: Bool = true,
        _ body: (PostgresConnection) async throws -> R
    ) async throws -> R {
        let connection = try await connect(settings, logger: logger)
        do {
            if checkSchema { try await migrator(settings).requireCurrent(on: connection, logger: logger) }
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw translate(error, settings)
        }
    }

    /// How this connection is protected, as the server sees it: `TLSv1.3 (cipher)`, or nil
    /// when nothing is encrypted.
    public static func encryption(on connection: PostgresConnection, logger: Logger) async throws -> String? {
        for try await (version, cipher) in try await connection.query(ConnectionSQL.encryption, logger: logger).decode((String?, String?).self) {
            if let version { return "\(version) (\(cipher ?? "-"))" }
        }
        return nil
    }

    /// Turns a lost or refused connection into the `unavailable` message, and a value the
    /// server refused into `invalidValue`.
    public static func translate(_ error: any Error, _ settings: DatabaseSettings) -> any Error {
        if let psql = error as? PSQLError {
            switch psql.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .unexpectedBackendMessage:
                return unavailable(settings, error)
            default:
                // Data exceptions (a NUL byte in text, a number out of range) and broken
                // constraints are the request's fault, not an outage.
                if let state = psql.serverInfo?[.sqlState], state.hasPrefix("22") || state.hasPrefix("23") {
                    let message = psql.serverInfo?[.message] ?? state
                    return StorageError(.invalidValue, "the database refused a value: \(message)", .init(sqlState: state))
                }
                if let message = psql.serverInfo?[.message] {
                    return QueueError(.unavailable, "the database at \(settings.display) answered: \(message)")
                }
            }
        }
        return error
    }

    static func unavailable(_ settings: DatabaseSettings, _ error: any Error) -> QueueError {
        if let tls = tlsFailure(error, settings) {
            return QueueError(.unavailable, "no TLS connection to the database at \(settings.display): \(tls)")
        }
        let how = settings.source.hasPrefix("embedded")
            ? "start the embedded database with `ss-cli db start`, or set --database-url / SS_DATABASE_URL"
            : "check that PostgreSQL runs there (from \(settings.source)), or unset it to use the embedded database (`ss-cli db start`)"
        return QueueError(.unavailable, "cannot reach the database at \(settings.display) (\(reason(error))); \(how)")
    }

    /// What went wrong with TLS, if that is what failed: the server has none, or its
    /// certificate is not the one `sslmode` and `sslrootcert` accept.
    private static func tlsFailure(_ error: any Error, _ settings: DatabaseSettings) -> String? {
        guard let psql = error as? PSQLError else { return nil }
        if psql.code == .sslUnsupported {
            return "the server does not offer TLS, and sslmode=\(settings.tls.mode.rawValue) requires it"
        }
        guard let underlying = psql.underlying, underlying is NIOSSLError || underlying is NIOSSLExtraError || underlying is BoringSSLError else {
            return nil
        }
        let ca = settings.tls.rootCertificate ?? "sslrootcert"
        let text = String(describing: underlying)
        if underlying is NIOSSLExtraError, text.lowercased().contains("hostname") {
            return "the server's certificate does not name the host the URL does (sslmode=verify-full); "
                + "check that the certificate names the host, or connect by a name it carries"
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the server's certificate was not accepted; check that \(ca) is the CA that signed the server's certificate (\(text))"
        }
        return "\(text); check that \(ca) is the CA that signed the server's certificate"
    }

    private static func reason(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if let underlying = psql.underlying { return String(describing: underlying) }
            return "\(psql.code)"
        }
        return String(describing: error)
    }
}

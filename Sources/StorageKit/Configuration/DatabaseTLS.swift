import Foundation
import NIOSSL
import PostgresNIO
import QueueKit

/// TLS to PostgreSQL as libpq's `sslmode`, `sslrootcert`, `sslcert` and `sslkey` ask for it,
/// done by PostgresNIO and swift-nio-ssl. The TLS context is made once, when the URL is read,
/// so that an unreadable certificate is an error of the command line and not of every
/// connection a pool opens.
public struct DatabaseTLS: Sendable {
    /// libpq's modes. `allow` (plain first, TLS if refused) is taken as `prefer`, which
    /// PostgresNIO has and which never encrypts less.
    public enum Mode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public let mode: Mode
    /// The CA the server's certificate must chain to (`system`: the host's own trust
    /// store): for `verify-*`, and for `require` when one is given or in `~/.postgresql`.
    public let rootCertificate: String?
    public let certificate: String?
    public let key: String?
    let context: NIOSSLContext?

    /// Over a Unix socket nothing is encrypted (libpq ignores `sslmode` there too).
    static let socket = DatabaseTLS(mode: .disable, rootCertificate: nil, certificate: nil, key: nil, context: nil)

    private init(mode: Mode, rootCertificate: String?, certificate: String?, key: String?, context: NIOSSLContext?) {
        self.mode = mode
        self.rootCertificate = rootCertificate
        self.certificate = certificate
        self.key = key
        self.context = context
    }

    /// From the URL's parameters. A TCP connection without `sslmode` is `prefer`, as libpq's
    /// default, so a server that offers TLS gets it. `home` holds `.postgresql/root.crt`, the
    /// CA file of `verify-*` when `sslrootcert` is not given.
    init(query: [String: String], home: String) throws(QueueError) {
        let name = query["sslmode"] ?? Mode.prefer.rawValue
        guard let mode = Mode(rawValue: name) else {
            throw QueueError(.invalidInput, "sslmode=\(name) is not one of \(Mode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.mode = mode
        certificate = query["sslcert"]
        key = query["sslkey"]
        let given = query["sslrootcert"], standard = home + "/.postgresql/root.crt"
        if given == "system", mode != .verifyFull {
            // Any certificate a public CA signed, for any name, would pass.
            throw QueueError(.invalidInput, "sslrootcert=system needs sslmode=verify-full, not \(name)")
        }
        switch mode {
        case .verifyCA, .verifyFull:
            let root = given ?? standard
            guard root == "system" || FileManager.default.isReadableFile(atPath: root) else {
                throw QueueError(.notFound, "sslmode=\(name) needs the CA that signed the server's certificate, and \(root) cannot be read; name it with sslrootcert=FILE (or sslrootcert=system)")
            }
            rootCertificate = root
        case .require:
            // As libpq: `require` with a CA (given, or in ~/.postgresql) checks the chain.
            if let given, !FileManager.default.isReadableFile(atPath: given) {
                throw QueueError(.notFound, "sslrootcert=\(given) cannot be read")
            }
            rootCertificate = given ?? (FileManager.default.isReadableFile(atPath: standard) ? standard : nil)
        case .disable, .allow, .prefer:
            rootCertificate = nil
        }
        context = mode == .disable ? nil : try Self.context(mode: mode, root: rootCertificate, certificate: certificate, key: key)
    }

    private static func context(mode: Mode, root: String?, certificate: String?, key: String?) throws(QueueError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .verifyFull: tls.certificateVerification = .fullVerification
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        // libpq's `require` checks the chain only when it has a CA; without one it
        // encrypts without checking whom it talks to.
        case .require: tls.certificateVerification = root == nil ? .none : .noHostnameVerification
        case .disable, .allow, .prefer: tls.certificateVerification = .none
        }
        if let root, root != "system" { tls.trustRoots = .file(root) }
        switch (certificate, key) {
        case (nil, nil): break
        case (let certificate?, let key?):
            try PrivateFile.check(key, what: "sslkey", groupMayReadIfRootOwns: true)
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            } catch {
                throw QueueError(.invalidInput, "sslcert=\(certificate) and sslkey=\(key) cannot be read as a PEM certificate and key: \(error)")
            }
        default:
            throw QueueError(.invalidInput, "a client certificate needs both sslcert=FILE and sslkey=FILE")
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw QueueError(.invalidInput, "cannot use sslrootcert=\(root ?? "-") for TLS to the database: \(error)")
        }
    }

    /// What PostgresNIO is given.
    var configuration: PostgresConnection.Configuration.TLS {
        guard let context else { return .disable }
        switch mode {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(context)
        case .require, .verifyCA, .verifyFull: return .require(context)
        }
    }

    /// The URL parameters that say this (none for the default), for `display`.
    var parameters: [String] {
        var out: [String] = []
        if mode != .prefer { out.append("sslmode=\(mode.rawValue)") }
        if let rootCertificate { out.append("sslrootcert=\(rootCertificate)") }
        if let certificate { out.append("sslcert=\(certificate)") }
        if let key { out.append("sslkey=\(key)") }
        return out
    }

    /// In words, for `config show`.
    public var summary: String {
        switch mode {
        case .disable: return "none (sslmode=disable)"
        case .allow, .prefer: return "TLS when the server offers it, the certificate not checked (sslmode=\(mode.rawValue))"
        case .require:
            return rootCertificate.map { "TLS required, the certificate checked against \($0), not the host name (sslmode=require with a CA)" }
                ?? "TLS required, the certificate not checked (sslmode=require)"
        case .verifyCA: return "TLS required, the certificate checked against \(rootCertificate ?? "-") (sslmode=verify-ca)"
        case .verifyFull: return "TLS required, the certificate and host name checked against \(rootCertificate ?? "-") (sslmode=verify-full)"
        }
    }
}

extension DatabaseTLS: Equatable {
    public static func == (a: DatabaseTLS, b: DatabaseTLS) -> Bool {
        a.mode == b.mode && a.rootCertificate == b.rootCertificate && a.certificate == b.certificate && a.key == b.key
    }
}

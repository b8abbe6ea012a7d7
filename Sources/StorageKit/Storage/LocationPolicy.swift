import Foundation

/// Where locations may be: inside one of the configured `location_roots`, and never at
/// or around a directory of the system or of ss itself. Checked when a location is added
/// and again by the worker before it touches one, so that a row changed by hand cannot
/// widen what ss reads, writes or removes.
public struct LocationPolicy: Sendable, Equatable {
    /// Real paths (symlinks resolved) of the allowed roots; empty when none are configured.
    public let roots: [String]
    /// ss's own directories (its database cluster and the socket and log beside it),
    /// refused like the system's.
    public let ownDirectories: [String]
    /// ss's home: no location may be it or hold it (the cluster and the configuration are
    /// there), but a directory of its own inside may be one (the demo keeps its AIPs so).
    public let homes: [String]

    public init(roots: [String], ownDirectories: [String] = [], homes: [String] = []) {
        let resolved = { (paths: [String]) in paths.map { FileSystem.realPath($0) ?? $0 }.map(Self.trimmed) }
        self.roots = resolved(roots)
        self.ownDirectories = resolved(ownDirectories)
        self.homes = resolved(homes)
    }

    /// From `SS_LOCATION_ROOTS` (colon-separated) or `location_roots` in the configuration
    /// file; ss's home and its embedded cluster's directories are always refused.
    public init(_ environment: Environment) {
        let roots = (environment["SS_LOCATION_ROOTS"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        let home = environment.home
        self.init(roots: roots, ownDirectories: [home + "/pg", home + "/run"], homes: [home])
    }

    /// Directories no location may be at, inside, or above, roots or not: what a worker
    /// must never read from or write to (`/etc/shadow`, `/proc/<pid>/environ`, binaries,
    /// PostgreSQL's files). `/lib*` stands for every `/lib…` directory.
    public static let systemDirectories = ["/proc", "/sys", "/dev", "/etc", "/boot", "/root", "/usr", "/bin", "/sbin", "/lib*",
                                           "/var/lib/postgresql", "/run", "/var/run"]

    /// Throws unless `path` may be a location. `requireRoots` is the API's rule: with no
    /// roots configured it may add none (an operator on the host may).
    public func check(_ path: String, requireRoots: Bool) throws(StorageError) {
        let real = Self.trimmed(FileSystem.realPath(path) ?? path)
        let context = StorageError.Context(path: real)
        guard real != "/" else {
            throw StorageError(.refusedDirectory, "a location cannot be at /: give a directory of its own", context)
        }
        if let refused = refusedDirectory(containing: real) {
            throw StorageError(.refusedDirectory, "\(real) is \(refused == real ? "" : "at or around ")\(refused), which no location may hold (system and ss's own directories are refused always)", context)
        }
        if roots.isEmpty {
            guard !requireRoots else {
                throw StorageError(.outsideRoots, "no location roots are configured, so the API adds no locations: set location_roots in the configuration file (or SS_LOCATION_ROOTS, colon-separated), or add it with `ss-cli location add` on the host", context)
            }
            return
        }
        guard roots.contains(where: { real == $0 || real.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            throw StorageError(.outsideRoots, "\(real) is outside the location roots (\(roots.joined(separator: ", "))): locations must be inside one of them", context)
        }
    }

    /// A location's recorded directory, as the worker checks it before touching it.
    public func check(_ location: Location) throws(StorageError) {
        try checkRecorded(location.path, name: location.name)
    }

    /// The location a package is in, by its recorded directory.
    public func check(_ package: Package) throws(StorageError) {
        try checkRecorded(package.locationPath, name: package.locationName)
    }

    private func checkRecorded(_ path: String, name: String) throws(StorageError) {
        do {
            try check(path, requireRoots: false)
        } catch {
            throw StorageError(error.code, "location '\(name)': \(error.message); the worker will not touch it", .init(path: path, location: name))
        }
    }

    /// Directories of their own below `/dev/shm` (a tmpfs, another filesystem on every
    /// Linux host) are allowed; `/dev/shm` itself holds other programs' shared memory,
    /// PostgreSQL's among them, and stays refused.
    static let allowedBelow = ["/dev/shm/"]

    /// The refused directory that `path` is, is inside, or contains; nil when none.
    func refusedDirectory(containing path: String) -> String? {
        if let home = homes.first(where: { path == $0 || $0.hasPrefix(path + "/") }) { return home }
        if Self.allowedBelow.contains(where: { path.hasPrefix($0) && path.count > $0.count }) {
            return ownDirectories.first { path == $0 || path.hasPrefix($0 + "/") || $0.hasPrefix(path + "/") }
        }
        let components = path.slashSeparated
        for refused in Self.systemDirectories + ownDirectories {
            if refused.hasSuffix("*") {
                let prefix = refused.dropFirst().dropLast()
                if let first = components.first, first.hasPrefix(prefix) { return "/" + first }
                continue
            }
            if path == refused || path.hasPrefix(refused + "/") || refused.hasPrefix(path + "/") { return refused }
        }
        return nil
    }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}

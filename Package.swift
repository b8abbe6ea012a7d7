// swift-tools-version:6.1
import Foundation
import PackageDescription

let package = Package(
    name: "ss",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "QueueKit", targets: ["QueueKit"]),
        .library(name: "StorageKit", targets: ["StorageKit"]),
        .executable(name: "ss-cli", targets: ["ss-cli"]),
        .executable(name: "ss-worker", targets: ["ss-worker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Already in the graph through postgres-nio: SHA-256 and the other BagIt digests.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Already in the graph through postgres-nio: TLS to PostgreSQL (`sslmode`).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The configuration file is TOML; TOMLKit wraps toml++ rather than a parser of our own.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // `ss-cli serve`. Its default traits pull in swift-configuration, which we do not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already in the graph through Hummingbird: header names beyond the predefined ones.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Already in the graph through Hummingbird: the HTTP parts a channel handler of
        // `ss-cli serve` sees (RequestDeadline).
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        // Already in the graph through HummingbirdTesting: the calls back to a pipeline (re-ingest).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already in the graph through Hummingbird and postgres-nio: the metrics the worker
        // and the data path record, whatever backend a process bootstraps.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // The Prometheus text format of `/metrics` (serve and `ss-worker --metrics-listen`).
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The dashboard's HTML (`ss-cli serve`'s /ui/), from logic-less templates.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The generic durable job queue on PostgreSQL; knows nothing of AIPs.
        .target(
            name: "QueueKit",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // Linux calls Glibc hides without _GNU_SOURCE (syncfs, sync_file_range).
        .target(name: "CFileIO"),
        // libarchive, from Debian: the compressed AIPs (.7z, .tar.*, .zip) read as bags.
        .systemLibrary(name: "CArchive", providers: [.apt(["libarchive-dev"])]),
        // The domain: configuration, the embedded database, spaces, locations, packages,
        // BagIt, the crash-safe data path and the AIP job kinds.
        .target(
            name: "StorageKit",
            dependencies: [
                "QueueKit",
                "CFileIO",
                "CArchive",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // The optional HTTP API: Archivematica Storage Service v2 for AIPs, and an all-async v3.
        .target(
            name: "StorageAPI",
            dependencies: [
                "QueueKit",
                "StorageKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Dashboard/Templates"],
            plugins: ["EmbedAssets"]
        ),
        // Puts openapi.yaml and the dashboard's templates in StorageAPI at build time
        // (`OpenAPIDocument.text`, `DashboardAssets.files`).
        .plugin(name: "EmbedAssets", capability: .buildTool()),
        // Every command of ss-cli and ss-worker.
        .target(
            name: "StorageCLI",
            dependencies: [
                "QueueKit",
                "StorageKit",
                "StorageAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .executableTarget(name: "ss-cli", dependencies: ["StorageCLI"]),
        .executableTarget(name: "ss-worker", dependencies: ["StorageCLI"]),
        // Test support: a migrated schema per test on a real PostgreSQL.
        .target(
            name: "StorageTesting",
            dependencies: [
                "QueueKit",
                "StorageKit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/StorageTesting"
        ),
        .testTarget(name: "QueueKitTests", dependencies: ["QueueKit", "StorageKit", "StorageTesting", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]),
        .testTarget(name: "StorageCLITests", dependencies: ["StorageCLI", "StorageKit", "QueueKit", "StorageTesting"]),
        .testTarget(name: "StorageAPITests", dependencies: ["StorageAPI", "StorageCLI", "StorageKit", "QueueKit", "StorageTesting", .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "StorageKitTests", dependencies: ["StorageKit", "QueueKit", "StorageTesting", .product(name: "PostgresNIO", package: "postgres-nio")]),
    ]
)

// libFuzzer targets (scripts/fuzz), in the graph only when SS_FUZZ is set: they need the
// fuzzer runtime, which an ordinary build does not link.
if ProcessInfo.processInfo.environment["SS_FUZZ"] != nil {
    package.targets += [
        .target(name: "FuzzSupport", path: "Fuzz/Support"),
        .executableTarget(name: "fuzz-bagit", dependencies: ["FuzzSupport", "StorageKit"], path: "Fuzz/BagIt"),
        .executableTarget(name: "fuzz-batch", dependencies: ["FuzzSupport", "StorageCLI", "StorageKit"], path: "Fuzz/Batch"),
    ]
}

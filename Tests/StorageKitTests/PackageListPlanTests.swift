import Foundation
import PostgresNIO
@testable import StorageKit
import StorageTesting
import Testing

/// `aip list` and the v2 API's pages read their page of a big packages table, not the
/// table: a walk of `packages_created` (backward, forward) with no sort of every AIP.
@Suite struct PackageListPlanTests {
    @Test func aPageOfAIPsReadsOnlyItsRows() async throws {
        let db = try await TestDatabase.make()
        let locations = try await TestLocations.make(db)
        defer { locations.remove() }
        try await db.execute("""
            INSERT INTO packages (uuid, name, status, location_uuid, path, size, sha256, stored_at, created_at)
            SELECT gen_random_uuid(), 'aip-' || i, 'stored', (SELECT uuid FROM locations WHERE name = 'vault'), 'p/' || i, 1,
                   repeat('0', 64), now(), now() - make_interval(secs => i % 5000)
            FROM generate_series(1, 100000) i
            """)
        try await db.execute("ANALYZE packages")
        for (name, query) in [("aip list", PackagesSQL.list(location: nil, status: nil, limit: 20)),
                              ("v2 page", PackagesSQL.page(PackageQuery(limit: 20, offset: 40)))] {
            let text = try await db.scalars(PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds), as: String.self)
                .joined(separator: "\n")
            #expect(text.contains("packages_created") && !text.contains("Sort"), "\(name): \(text)")
        }
    }

    /// The dashboard's search by the beginning of a name is a range of
    /// `packages_name_prefix`, read no further than its page, in any case; `%` and `_`
    /// are letters like any other.
    @Test func aSearchByNameReadsARangeOfItsIndex() async throws {
        let db = try await TestDatabase.make()
        let locations = try await TestLocations.make(db)
        defer { locations.remove() }
        try await db.execute("""
            INSERT INTO packages (uuid, name, status, location_uuid, path, size, sha256, stored_at)
            SELECT gen_random_uuid(), CASE WHEN i = 1 THEN 'Odd%Name' WHEN i = 2 THEN 'oddXname' ELSE 'aip-' || i END, 'stored',
                   (SELECT uuid FROM locations WHERE name = 'vault'), 'p/' || i, 1, repeat('0', 64), now()
            FROM generate_series(1, 100000) i
            """)
        try await db.execute("ANALYZE packages")
        let query = PackagesSQL.search(name: "AIP-99", limit: 50)
        let plan = try await db.scalars(PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds), as: String.self)
            .joined(separator: "\n")
        #expect(plan.contains("packages_name_prefix") && !plan.contains("Sort") && !plan.contains("Seq Scan"), "\(plan)")

        let names = { (text: String) in
            try await db.withConnection { c in try await Packages.search(name: text, limit: 50, on: c, logger: db.logger).map(\.name) }
        }
        let found = try await names("AIP-99")
        #expect(found.count == 50 && found.first == "aip-99" && found.allSatisfy { $0.hasPrefix("aip-99") }, "\(found)")
        #expect(try await names("odd%") == ["Odd%Name"], "% stands for itself")
        #expect(try await names("odd_").isEmpty, "_ stands for itself")
        let wild = try await names("%"), slash = try await names("\\")
        #expect(wild.isEmpty && slash.isEmpty)
    }
}

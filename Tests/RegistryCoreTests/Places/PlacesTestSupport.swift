import Foundation
import Postgres
import RegistryCore
import TestSupport

/// Shared helpers of the places and reference data tests.
enum PlacesFixture {
    /// `sql/reference/` of the checkout.
    static let referenceDirectory = ProjectDirectory.sql.appendingPathComponent("reference")

    /// Valid unified social credit codes (GB 32100-2015 check characters computed with uscc_check_character).
    static let regionAuthorityUSCC = "11150000MB0000001F"
    static let hohhotAuthorityUSCC = "11150100MB0000002P"
    static let regionBigDataCentreUSCC = "12150000MB0000003J"
    static let secondHohhotAuthorityUSCC = "11150100MB0000004X"
    static let xinchengInstitutionUSCC = "11150102MB0000005X"

    /// A fresh migrated database with the reference data seeded (again, if the template already had it).
    static func seededDatabase() async throws -> TestDatabase {
        let database = try await TestDatabase.make()
        _ = try await seed(database)
        return database
    }

    /// Runs `ReferenceData.seed` in one audited transaction.
    static func seed(_ database: TestDatabase) async throws -> ReferenceSeedSummary {
        try await database.client.withTransaction(auditedAs: AuditContext(action: ReferenceData.auditAction)) { connection in
            try ReferenceData.seed(from: referenceDirectory, on: connection)
        }
    }

    /// Number of rows in the audit trail.
    static func auditRowCount(_ database: TestDatabase) async throws -> Int {
        try await database.client.withConnection { connection in
            try connection.query("select count(*) as n from audit_log").first!.decode("n", as: Int.self)
        }
    }

    /// Runs `body` in a transaction that is always rolled back.
    static func rolledBack<Result: Sendable>(
        _ database: TestDatabase,
        _ body: @escaping @Sendable (Connection) throws -> Result
    ) async throws -> Result {
        try await database.client.withConnection { connection in
            try connection.query("begin")
            defer { _ = try? connection.query("rollback") }
            return try body(connection)
        }
    }
}

import Foundation
import Postgres

/// A10.3: the reviewer who decides the own catalogs of a public data authority with no authority above it (the region):
/// one reviewer account of that authority, designated with its basis. No other account of the authority may decide
/// them; every other authority's own catalogs go to the authority above (`sql/0102_no_self_review.sql`).
public struct DesignatedCatalogReviewer: Sendable, Hashable, Codable, RowColumns {
    public var divisionCode: String
    public var reviewerAccount: UUID
    /// Why this account (a decision of the authority's leadership, a duty assignment …).
    public var basis: String
    public var designatedAt: Date?

    public init(divisionCode: String, reviewerAccount: UUID, basis: String, designatedAt: Date? = nil) {
        self.divisionCode = divisionCode
        self.reviewerAccount = reviewerAccount
        self.basis = basis
        self.designatedAt = designatedAt
    }

    init(row: Row) throws {
        divisionCode = try row.decode("division_code")
        reviewerAccount = try row.decode("reviewer_account")
        basis = try row.decode("basis")
        designatedAt = try row.decode("designated_at")
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["division_code", "reviewer_account", "basis", "designated_at"]
}

extension CatalogWorkflow {
    /// A10.3: the designated reviewer of a division's authority's own catalogs, if one is designated. Every account reads it.
    public func designatedReviewer(of divisionCode: String, by actor: Principal) async throws -> DesignatedCatalogReviewer? {
        let divisionCode = try CatalogStore.wellFormedDivision(divisionCode)
        return try await database.read { connection in
            try connection.query(
                "select \(DesignatedCatalogReviewer.columns) from designated_catalog_reviewer where division_code = \(divisionCode)::char(6)"
            )
            .first.map(DesignatedCatalogReviewer.init(row:))
        }
    }

    /// A10.3: designates (or replaces) the reviewer of a division's authority's own catalogs — the admin's act, audited.
    /// The database decides which division and which account may be designated.
    public func designateReviewer(_ designation: DesignatedCatalogReviewer, by actor: Principal) async throws -> DesignatedCatalogReviewer {
        try actor.require(.admin)
        let divisionCode = try CatalogStore.wellFormedDivision(designation.divisionCode)
        return try await database.write(actor.audit("catalog.designate_reviewer")) { connection in
            let row = try connection.queryOne(
                """
                insert into designated_catalog_reviewer (division_code, reviewer_account, basis)
                values (\(divisionCode)::char(6), \(designation.reviewerAccount), \(designation.basis))
                on conflict (division_code) do update set reviewer_account = excluded.reviewer_account, basis = excluded.basis
                returning \(DesignatedCatalogReviewer.columns)
                """
            )
            return try DesignatedCatalogReviewer(row: row)
        }
    }
}

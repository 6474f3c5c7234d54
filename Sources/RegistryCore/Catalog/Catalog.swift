import Foundation
import Postgres

/// A10.1: whose catalog it is — an institution's own (部门目录) or a level's (本级目录) kept by its authority.
public enum CatalogKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// 部门目录: an institution's catalog, holding its items; reviewed by the authority of the same division.
    case institutional
    /// 本级目录: a division's catalog compiled by its public data authority from the approved institutional catalogs of
    /// the division; reviewed by the authority of the division above (the region's by the region's authority).
    case level

    /// The Chinese label.
    public var label: String {
        switch self {
        case .institutional: "部门目录"
        case .level: "本级目录"
        }
    }
}

extension CatalogKind: PostgresEnum {}

/// A10.1: a catalog (公共数据资源目录) — one per institution, one level catalog per division's authority.
public struct Catalog: Sendable, Hashable, Codable, RowColumns {
    public var id: UUID
    public var kind: CatalogKind
    /// Unified social credit code of the institution that keeps it (the authority, for a level catalog).
    public var institution: String
    /// The division of that institution.
    public var divisionCode: String
    public var name: String
    public var createdAt: Date

    public init(id: UUID, kind: CatalogKind, institution: String, divisionCode: String, name: String, createdAt: Date) {
        self.id = id
        self.kind = kind
        self.institution = institution
        self.divisionCode = divisionCode
        self.name = name
        self.createdAt = createdAt
    }

    init(row: Row) throws {
        self.init(
            id: try row.decode("id"),
            kind: try row.decode("kind"),
            institution: try row.decode("institution_uscc"),
            divisionCode: try row.decode("division_code"),
            name: try row.decode("name"),
            createdAt: try row.decode("created_at")
        )
    }

    /// The columns ``init(row:)`` reads: the statements that read this type select them by name.
    static let columnNames = ["id", "kind", "institution_uscc", "division_code", "name", "created_at"]
}
